#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace dateline::query {

/// Each add_* registers one subcommand of dateline-query on app; its
/// callback stores the exit status in exit_code.
void add_search_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_stats_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_show_command(CLI::App& app, cli::Common& common, int& exit_code);

}  // namespace dateline::query
