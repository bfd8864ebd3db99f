#pragma once

// Private to the extractor: which place each place mention names.

#include <vector>

#include "article/article.h"
#include "entities/focus.h"
#include "entities/gazetteer.h"
#include "entities/mentions.h"

namespace dateline::entities {

/// Resolves work.places, in order, into out.places and out.countries, in
/// the order of preference Extractor's contract gives: countries and
/// demonyms first (they are the article's context), then regions and
/// cities preferring that context, then "Georgia" as the US state only with
/// US context. Appends distinct places only; a demonym adds its country but
/// no place. With country_mentions, also appends one CountryMention per
/// mention that resolved to a country (repeats included), in order.
void resolve_places(const Gazetteer& gaz, const ArticleWork& work, article::Entities& out,
                    std::vector<CountryMention>* country_mentions = nullptr);

}  // namespace dateline::entities
