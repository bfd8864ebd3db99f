#pragma once

#include <string_view>

#include "article/article.h"

namespace dateline::ingest {

/// Builds an article from one JSON Lines record. Understood keys: "id"
/// (string or number); "title" or "headline"; "body", "text" or "content";
/// "standfirst", "summary" or "description"; "date" or "published" (ISO
/// 8601, RFC 2822 or YYYY-MM-DD; null or absent means undated); "source";
/// "url"; "author" (string) or "authors" (string or array); "language" or
/// "lang". Other keys are kept in Article::extra. Throws InputError (no
/// path or line; field set) for malformed JSON, a non-object, a field of
/// the wrong type, an unparseable date, or no title and no body.
[[nodiscard]] article::Article article_from_json_line(std::string_view line);

}  // namespace dateline::ingest
