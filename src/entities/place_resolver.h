#pragma once

// Private to the extractor: which place each place mention names.

#include "article/article.h"
#include "entities/gazetteer.h"
#include "entities/mentions.h"

namespace dateline::entities {

/// Resolves work.places, in order, into out.places and out.countries, in
/// the order of preference Extractor's contract gives: countries and
/// demonyms first (they are the article's context), then regions and
/// cities preferring that context, then "Georgia" as the US state only with
/// US context. Appends distinct places only; a demonym adds its country but
/// no place.
void resolve_places(const Gazetteer& gaz, const ArticleWork& work, article::Entities& out);

}  // namespace dateline::entities
