#pragma once

#include <CLI/CLI.hpp>

#include "cli/common.h"

namespace dateline::indexer {

/// Each add_* registers a subcommand (or, for index, the default action)
/// on app. The returned callback state lives as long as app.
void add_index_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_delete_command(CLI::App& app, cli::Common& common, int& exit_code);
void add_compact_command(CLI::App& app, cli::Common& common, int& exit_code);

}  // namespace dateline::indexer
