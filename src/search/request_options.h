#pragma once

// Search options as users spell them, shared by the query tool's flags and
// the HTTP API's parameters so the two cannot drift apart: the default
// facet list, the facet list's syntax and the timeline units.

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::search {

/// The facets a search counts when none are asked for (--facets, facets=).
inline constexpr std::string_view kDefaultFacets = "person,org,country";

/// The units a timeline may be asked for in (--timeline, timeline=).
inline constexpr std::array<std::string_view, 4> kTimelineUnits = {"day", "month", "year", "auto"};

/// True if unit is one of kTimelineUnits.
[[nodiscard]] bool is_timeline_unit(std::string_view unit);

/// Parses a facet list as users write it: names separated by commas,
/// spaces around them ignored, empty items skipped, a repeated name kept
/// once, and "none" for none. Returns the names in order; throws
/// InputError (field "facets") naming an unknown facet.
[[nodiscard]] std::vector<std::string> parse_facet_list(std::string_view list);

}  // namespace dateline::search
