// dateline-query: searches a dateline index.

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "query/commands.h"
#include "util/error.h"

int main(int argc, char** argv) try {
  CLI::App app{"dateline-query: search a dateline news index"};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  app.require_subcommand(1);
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
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dateline::cli::kExitUsage;
  }
  return exit_code;
} catch (const dateline::QuerySyntaxError& e) {
  std::cerr << "dateline-query: query syntax error: " << e.what() << "\n";
  return dateline::cli::kExitUsage;
} catch (const dateline::InputError& e) {
  std::cerr << "dateline-query: " << e.what() << "\n";
  return dateline::cli::kExitUsage;
} catch (const std::exception& e) {
  std::cerr << "dateline-query: " << e.what() << "\n";
  return dateline::cli::kExitIndex;
}
