#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "search/searcher.h"

namespace dateline::query {

/// Each add_* registers one subcommand of dateline-query on app; its
/// callback stores the exit status in exit_code.
void add_search_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_stats_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_show_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_suggest_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_related_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_serve_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_batch_command(CLI::App& app, cli::Common& common, int& exit_code);

/// The largest --facet-cap: a bound the user can see, not the data's.
inline constexpr std::size_t kMaxFacetCap = 1000000000;

/// The filter flags search and export share.
struct FilterArgs {
  std::string from;
  std::string to;
  std::vector<std::string> person, org, actor, place, country, source, lang;
};
/// Adds --from, --to, --person, --org, --actor, --place, --country,
/// --source and --lang to cmd, stored in f (which must outlive cmd).
void add_filter_options(CLI::App& cmd, FilterArgs& f);
/// Copies the flags into req's filters and dates.
void apply_filters(const FilterArgs& f, search::SearchRequest& req);

void add_export_command(CLI::App& app, cli::Common& common, int& exit_code);

/// Gives s the country names of the gazetteer (for country: filters and
/// facet labels), when the gazetteer can be loaded; silently skips it
/// otherwise (then only two-letter codes work).
void configure_searcher(search::Searcher& s);

/// The mode named by --facet-columns: "auto", "always" or "never".
search::Searcher::FacetColumnsMode facet_columns_mode(const std::string& name);

}  // namespace dateline::query
