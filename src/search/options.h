#pragma once

// Search options as the query tool's flags and the HTTP API's parameters
// spell them: both parse them here, so they accept the same values.

#include <string>
#include <string_view>

#include "search/types.h"

namespace dateline::search {

/// Parses "relevance", "newest", "oldest" or "recent"; throws InputError
/// (field "sort") otherwise.
[[nodiscard]] SortOrder parse_sort(std::string_view s);
[[nodiscard]] const char* sort_name(SortOrder s);

/// "30d", "12h", "2w", "3m", "1y" or a bare number of days, as in
/// `dateline-query search --half-life` and the API's half_life. Throws
/// InputError (field "half_life") unless it is a finite positive duration.
[[nodiscard]] double parse_half_life(const std::string& s);

/// The value of --collapse / collapse= and --facet-by / facet_by=: true
/// for "story", false for "none", "article" or ""; throws InputError (field
/// param) otherwise.
[[nodiscard]] bool parse_by_story(std::string_view s, const std::string& param);

}  // namespace dateline::search
