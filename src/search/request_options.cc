#include "search/request_options.h"

#include <algorithm>

#include "search/searcher.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {

bool is_timeline_unit(std::string_view unit) {
  return std::find(kTimelineUnits.begin(), kTimelineUnits.end(), unit) != kTimelineUnits.end();
}

std::vector<std::string> parse_facet_list(std::string_view list) {
  std::vector<std::string> names;
  if (util::trim(list) == "none") return names;
  for (const std::string& item : util::split(list, ',')) {
    std::string name(util::trim(item));
    if (name.empty()) continue;
    if (std::find(kFacetNames.begin(), kFacetNames.end(), name) == kFacetNames.end()) {
      throw InputError(
          "", 0,
          "unknown facet '" + name + "' (use person, org, place, country, dateline, source, lang or none)",
          "facets");
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace dateline::search
