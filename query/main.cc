// dateline-query: searches a dateline index.

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "query/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"dateline-query: search a dateline news index"};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  app.require_subcommand(1);
  // --db may come after the subcommand too: flag order never matters.
  app.fallthrough();
  dateline::cli::Common common;
  dateline::cli::add_common(app, common);
  int exit_code = dateline::cli::kExitOk;
  dateline::query::add_search_command(app, common, exit_code);
  dateline::query::add_stats_command(app, common, exit_code);
  dateline::query::add_show_command(app, common, exit_code);
  dateline::query::add_suggest_command(app, common, exit_code);
  dateline::query::add_related_command(app, common, exit_code);
  dateline::query::add_export_command(app, common, exit_code);
  dateline::query::add_serve_command(app, common, exit_code);
  dateline::query::add_batch_command(app, common, exit_code);
  dateline::cli::one_value_per_flag(app);
  return dateline::cli::run(app, "dateline-query", argc, argv, exit_code);
}
