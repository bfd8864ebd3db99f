#include "cli/options.h"

#include "cli/common.h"

namespace dateline::cli {

void OutputOptions::add(CLI::App& cmd) { cmd.add_flag("--json", json, "Print JSON"); }

void FilterOptions::add(CLI::App& cmd) {
  cmd.add_option("--from", from, "Earliest date (2026, 2026-02 or 2026-02-07)");
  cmd.add_option("--to", to, "Latest date, inclusive");
  // Each flag takes one value, taken as it is (commas included); repeat a
  // flag for several values, all of which must match. "Either" is written
  // in the query: person:reagan,baker.
  cmd.add_option("--person", person, "Filter by person (one value; repeat the flag: all must match)");
  cmd.add_option("--org", org, "Filter by organization (repeatable)");
  cmd.add_option("--actor", actor, "Filter by person or organization (repeatable)");
  cmd.add_option("--place", place, "Filter by place (repeatable)");
  cmd.add_option("--country", country, "Filter by country: name, code or demonym (repeatable)");
  cmd.add_option("--dateline", dateline, "Filter by the place a story was filed from (repeatable)");
  cmd.add_option("--focus", focus,
                 "Filter by a country the article is about: name, code or demonym (repeatable)");
  cmd.add_option("--source", source, "Filter by source (repeatable)");
  cmd.add_option("--lang", lang, "Filter by language tag (repeatable)");
}

void FilterOptions::apply(search::SearchRequest& req) const {
  req.from = from;
  req.to = to;
  auto add = [&](const char* field, const std::vector<std::string>& values) {
    for (const std::string& v : values) req.filters.emplace_back(field, v);
  };
  add("person", person);
  add("org", org);
  add("actor", actor);
  add("place", place);
  add("country", country);
  add("dateline", dateline);
  add("focus", focus);
  add("source", source);
  add("lang", lang);
}

void FacetOptions::add(CLI::App& cmd) {
  cmd.add_option("--facets", facets,
                 "Facets to count, comma separated: person,org,place,country,dateline,focus,source,lang "
                 "(default " +
                     std::string(search::kDefaultFacets) + "; 'none' for none)");
  cmd.add_option("--facet-cap", facet_cap, "Count facets over at most N matches (default 0: all, exact)")
      ->check(whole_number("--facet-cap", 0, kMaxFacetCap));
  cmd.add_option("--facet-columns", facet_columns,
                 "Count facets from in-memory columns: auto, always or never (default auto: "
                 "only once a long-running searcher has counted the archive's size in matches)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd.add_option("--timeline", timeline, "Date histogram: day, month, year or auto")
      ->check(CLI::IsMember(
          std::vector<std::string>(search::kTimelineUnits.begin(), search::kTimelineUnits.end())));
}

void FacetOptions::apply(search::SearchRequest& req) const {
  req.facets = search::parse_facet_list(facets);
  req.facet_cap = facet_cap;
  req.timeline = timeline;
}

search::Searcher::FacetColumnsMode FacetOptions::columns_mode() const {
  if (facet_columns == "always") return search::Searcher::FacetColumnsMode::kAlways;
  if (facet_columns == "never") return search::Searcher::FacetColumnsMode::kNever;
  return search::Searcher::FacetColumnsMode::kAuto;
}

}  // namespace dateline::cli
