#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "article/article.h"

namespace dateline::ingest {

/// The deepest nesting of arrays and objects a JSON Lines record may have
/// (the record itself is level 1). Deeper input is refused before parsing,
/// so no recursion over a value, anywhere later, is driven by the input.
inline constexpr std::size_t kMaxJsonDepth = 64;

/// Builds an article from one JSON Lines record. Understood keys: "id"
/// (string or whole number, kept as its decimal text); "title" or
/// "headline"; "body", "text" or "content"; "standfirst", "summary" or
/// "description"; "date" or "published" (ISO 8601, RFC 2822, YYYY-MM-DD or
/// whole seconds since 1970, in years 1 to 9999; null or absent means
/// undated); "source"; "url"; "author" (string) or "authors" (string or
/// array); "language" or "lang". Other keys are kept in Article::extra.
/// Throws InputError (no path or line; field set where one is at fault) for
/// malformed JSON (a number too large for a double included), nesting
/// deeper than kMaxJsonDepth, a non-object, a field of the wrong type, an
/// unparseable or out-of-range date, or no title and no body; never any
/// other exception for bad input.
[[nodiscard]] article::Article article_from_json_line(std::string_view line);

/// Builds an article from a JSON value already parsed, with the keys, checks
/// and errors of article_from_json_line. The caller checks the nesting
/// before parsing (json_nested_deeper_than), as article_from_json_line does.
[[nodiscard]] article::Article article_from_json_object(const nlohmann::json& value);

/// True when arrays and objects in text nest deeper than max_depth levels;
/// brackets inside strings do not count. A cheap pass before parsing, so
/// that no deeper value ever reaches nlohmann's recursive dump().
[[nodiscard]] bool json_nested_deeper_than(std::string_view text, std::size_t max_depth);

}  // namespace dateline::ingest
