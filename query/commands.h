#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace dateline::query {

/// Each add_* registers one subcommand of dateline-query on app, in its own
/// cmd_<name>.cc; its callback stores the exit status in exit_code.
void add_search_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_stats_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_show_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_story_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_suggest_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_related_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_export_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_serve_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_batch_command(CLI::App& app, cli::Common& common, int& exit_code);

}  // namespace dateline::query
