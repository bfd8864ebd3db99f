#pragma once

// Private to the extractor: reading one part of an article.

#include <cstddef>
#include <string_view>

#include "entities/gazetteer.h"
#include "entities/mentions.h"
#include "entities/ner.h"
#include "entities/source_rules.h"

namespace dateline::entities {

/// Reads text up to byte end (one part: title, standfirst or body) into
/// work: tags the sentences that may name something as one document with
/// ner (ALL-CAPS headlines, number tables and non-Latin foreign text skip
/// the tagger), repairs and takes the spans (span_repair.h,
/// span_taking.h), then scans for the country names and demonyms the
/// tagger missed (gazetteer_scan.h). Each mention records work.part and
/// its sentence's index. text must outlive the call.
void read_part(const NerModel& ner, const Gazetteer& gaz, const SourceRules& rules, std::string_view text,
               std::size_t end, ArticleWork& work);

}  // namespace dateline::entities
