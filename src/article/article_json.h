#pragma once

#include <string>
#include <string_view>

#include "article/article.h"

namespace dateline::article {

/// The stored form of an article (the Xapian document data): a JSON object
/// with "id", "title", "standfirst", "body", "date" (ISO 8601 UTC or null),
/// "source", "url", "authors", "language" (with "language_detected": true
/// when the indexer detected it), the extra input fields under
/// "extra", and "persons", "organizations", "places" ([{"name", "kind",
/// "country"}]), "countries" and "focus_countries".
[[nodiscard]] std::string to_stored_json(const Article& a);

/// Inverse of to_stored_json(). Absent or null fields take their defaults.
/// Throws dateline::Error (and nothing else) on malformed data: not a JSON
/// object, a field of another type than to_stored_json() writes (the
/// message names it: "'places[0].name' is a number, not a string"), a
/// date that does not parse, or nesting deeper than 100 levels.
[[nodiscard]] Article from_stored_json(std::string_view data);

}  // namespace dateline::article
