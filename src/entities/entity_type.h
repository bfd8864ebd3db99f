#pragma once

// Private to the extractor: what the tagger took a span for.

#include <cstddef>
#include <string_view>

namespace dateline::entities {

/// The kinds of name the tagger finds (CoNLL-2003's four).
enum class EntityType { kPerson, kOrganization, kLocation, kMisc };

/// The type of a tagger label (EntitySpan::type): "PER", "ORG", "LOC";
/// anything else ("MISC") is kMisc.
[[nodiscard]] inline EntityType entity_type(std::string_view label) {
  if (label == "PER") return EntityType::kPerson;
  if (label == "ORG") return EntityType::kOrganization;
  if (label == "LOC") return EntityType::kLocation;
  return EntityType::kMisc;
}

/// Tokens [begin, end) and what the tagger took them for. Whether the
/// indices count from the sentence or the part is said by each user.
struct TypedSpan {
  std::size_t begin;
  std::size_t end;
  EntityType type;
};

}  // namespace dateline::entities
