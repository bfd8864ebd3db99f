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

/// Gives s the country names of the gazetteer (for country: filters and
/// facet labels), when the gazetteer can be loaded; silently skips it
/// otherwise (then only two-letter codes work).
void configure_searcher(search::Searcher& s);

}  // namespace dateline::query
