#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "article/article.h"
#include "search/types.h"

namespace dateline::json {

/// A story: {"id", "size"}, with versions also "versions": [{"id",
/// "source", "date"}] (each with "title" too when titles).
[[nodiscard]] nlohmann::json story(const search::StoryInfo& s, bool versions, bool titles);

/// The search response object documented in the README:
/// {"query", "total", "total_exact", "offset", "limit", "took_ms",
///  "hits": [{"id", "title", "date", "source", "url", "score", "snippet",
///  "story": {"id", "size"} (absent for an article without a story id; with
///  "versions", the other versions, when collapsed)}], "collapse": "story"
///  (only when collapsed: "total" then counts stories),
///  "filters", "notes", "facets": {"person": [{"value", "label", "count"}]},
///  "facets_exact", "facets_by": "story" (only when counted by story),
///  "timeline": [{"date", "count"}] and "timeline_unit" (only
///  when a timeline was asked for), "corrected_query" (null or a string),
///  "counting" ("local" or "stock", when facets or a timeline were counted)
///  and "shards": {"total", "failed": [names]} (archives of several shards)}. Snippets are HTML: <mark>
///  around matches,
/// everything else escaped.
[[nodiscard]] nlohmann::json search_result(const search::SearchResult& r);

/// Search-box completions: [{"text", "kind", "count"}].
[[nodiscard]] nlohmann::json suggestions(const std::vector<search::Suggestion>& s);

/// One stored article with its entities, for `show`, `export` and GET
/// /articles/{id}: the object article::to_stored_json() writes, except that
/// a place of unknown country has "country": null, and "story": {"id",
/// "size"} when s is given. Throws nlohmann::json::parse_error if a value
/// of a.extra is not JSON.
[[nodiscard]] nlohmann::json article(const article::Article& a, const search::StoryInfo* s = nullptr);

/// {"articles", "undated", "first_date", "last_date", "size_bytes" (null
///  when a shard is remote), "schema_version", "shards": {"total",
///  "remote"} (null for a single database, as for search results), "path"}.
[[nodiscard]] nlohmann::json stats(const search::IndexStatsInfo& s);

/// {"error": {"code", "message", "param"}}; param null when empty.
[[nodiscard]] nlohmann::json error(int code, const std::string& message, const std::string& param = {});

/// Serialises compactly (or indented by 2 when pretty); invalid UTF-8 is
/// replaced, never thrown. Every control character in a string is escaped
/// (\u001b, \u007f, \u0085, ...), C0, DEL and C1 alike, so the text is
/// safe to write to a terminal; other characters are written as UTF-8.
[[nodiscard]] std::string dump(const nlohmann::json& j, bool pretty = false);

}  // namespace dateline::json
