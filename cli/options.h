#pragma once

// Option groups the subcommands share, each adding its flags to a command
// (after pisa's tools/app.hpp mix-ins): a flag is declared once, with one
// help text and one check, wherever it appears.

#include <cstddef>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "search/request_options.h"
#include "search/searcher.h"

namespace dateline::cli {

/// The largest --facet-cap: a bound the user can see, not the data's.
inline constexpr std::size_t kMaxFacetCap = 1000000000;

/// --json: print JSON instead of text (search, show, stats, suggest,
/// related, batch).
struct OutputOptions {
  bool json = false;
  /// Adds --json to cmd, stored here (which must outlive cmd).
  void add(CLI::App& cmd);
};

/// The filter flags: --from, --to, --person, --org, --actor, --place,
/// --country, --dateline, --focus, --source and --lang (search, export).
struct FilterOptions {
  std::string from;
  std::string to;
  std::vector<std::string> person, org, actor, place, country, dateline, focus, source, lang;
  /// Adds the flags to cmd, stored here (which must outlive cmd).
  void add(CLI::App& cmd);
  /// Copies the flags into req's filters (in the order above) and dates.
  void apply(search::SearchRequest& req) const;
};

/// The counting flags: --facets, --facet-cap, --facet-columns and
/// --timeline (search, batch).
struct FacetOptions {
  std::string facets{search::kDefaultFacets};
  std::size_t facet_cap = 0;
  std::string facet_columns = "auto";
  std::string timeline;
  /// Adds the flags to cmd, stored here (which must outlive cmd).
  void add(CLI::App& cmd);
  /// Sets req's facets (see search::parse_facet_list, which throws
  /// InputError for an unknown facet), facet cap and timeline.
  void apply(search::SearchRequest& req) const;
  /// The mode --facet-columns names.
  [[nodiscard]] search::Searcher::FacetColumnsMode columns_mode() const;
};

}  // namespace dateline::cli
