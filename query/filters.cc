#include "query/commands.h"

namespace dateline::query {

void add_filter_options(CLI::App& cmd, FilterArgs& f) {
  cmd.add_option("--from", f.from, "Earliest date (2026, 2026-02 or 2026-02-07)");
  cmd.add_option("--to", f.to, "Latest date, inclusive");
  // Each flag takes one value, taken as it is (commas included); repeat a
  // flag for several values, all of which must match. "Either" is written
  // in the query: person:reagan,baker.
  cmd.add_option("--person", f.person, "Filter by person (one value; repeat the flag: all must match)");
  cmd.add_option("--org", f.org, "Filter by organization (repeatable)");
  cmd.add_option("--actor", f.actor, "Filter by person or organization (repeatable)");
  cmd.add_option("--place", f.place, "Filter by place (repeatable)");
  cmd.add_option("--country", f.country, "Filter by country: name, code or demonym (repeatable)");
  cmd.add_option("--source", f.source, "Filter by source (repeatable)");
  cmd.add_option("--lang", f.lang, "Filter by language tag (repeatable)");
}

void apply_filters(const FilterArgs& f, search::SearchRequest& req) {
  req.from = f.from;
  req.to = f.to;
  auto add = [&](const char* field, const std::vector<std::string>& values) {
    for (const std::string& v : values) req.filters.emplace_back(field, v);
  };
  add("person", f.person);
  add("org", f.org);
  add("actor", f.actor);
  add("place", f.place);
  add("country", f.country);
  add("source", f.source);
  add("lang", f.lang);
}

search::Searcher::FacetColumnsMode facet_columns_mode(const std::string& name) {
  if (name == "always") return search::Searcher::FacetColumnsMode::kAlways;
  if (name == "never") return search::Searcher::FacetColumnsMode::kNever;
  return search::Searcher::FacetColumnsMode::kAuto;
}

}  // namespace dateline::query
