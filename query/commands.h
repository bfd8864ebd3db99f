#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "search/shards.h"

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

/// Adds --shard-timeout MS and --allow-partial (for archives with remote
/// shards) to cmd. One subcommand runs per process, so they share one set.
void add_shard_flags(CLI::App& cmd);
/// What those flags gave, for opening a search::Searcher.
[[nodiscard]] search::ShardOptions shard_options();

}  // namespace dateline::query
