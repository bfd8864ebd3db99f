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
/// "country"}]) and "countries".
[[nodiscard]] std::string to_stored_json(const Article& a);

/// Inverse of to_stored_json(). Throws dateline::Error on malformed data.
[[nodiscard]] Article from_stored_json(std::string_view data);

}  // namespace dateline::article
