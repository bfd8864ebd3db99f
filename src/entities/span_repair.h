#pragma once

// Private to the extractor: fixing what a greedy tagger gets wrong about
// names, before the spans are taken (span_taking.h).

#include <vector>

#include "entities/entity_type.h"
#include "entities/gazetteer.h"
#include "entities/part_text.h"

namespace dateline::entities {

/// Repairs the tagger's spans of sentence s (indices count from the
/// sentence) and returns them sorted, non-overlapping and inside s:
/// - "Long Name (LN)": the words whose initials spell the acronym are one
///   organization, whatever the tagger made of them (their first tokens are
///   recorded with text.add_long_form());
/// - an organization naming a geographic feature ("Red Sea") is a place;
/// - an organization that is a title and a name ("Admiral Brad Cooper",
///   "Health Minister Dr Jean-Pierre Mukendi-Ilunga") is the person;
/// - a person ending in an organization word is an organization;
/// - split names are joined ("Nana Akosua" + "Boateng-Frimpong"), name
///   particles continue them ("da Cunha", "al-Harthy"), a surname alone
///   after a title's span takes its first name from it;
/// - a portfolio after a title ("Minister of Agriculture") is no
///   organization.
/// Spans that overlap an earlier one, are empty or run past s are dropped.
[[nodiscard]] std::vector<TypedSpan> repair_spans(PartText& text, const Gazetteer& gaz, const Sentence& s,
                                                  std::vector<TypedSpan> spans);

}  // namespace dateline::entities
