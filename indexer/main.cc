// dateline-index: reads news articles and writes them into a dateline index.

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "indexer/cmd_ner.h"
#include "indexer/commands.h"
#include "util/error.h"

int main(int argc, char** argv) try {
  CLI::App app{"dateline-index: index news articles (plain text or JSON Lines) for dateline"};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  dateline::cli::Common common;
  dateline::cli::add_common(app, common);
  int exit_code = dateline::cli::kExitOk;
  dateline::indexer::add_index_command(app, common, exit_code);
  dateline::indexer::add_delete_command(app, common, exit_code);
  add_ner_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : dateline::cli::kExitUsage;
  }
  return exit_code;
} catch (const dateline::InputError& e) {
  std::cerr << "dateline-index: " << e.what() << "\n";
  return dateline::cli::kExitUsage;
} catch (const std::exception& e) {
  std::cerr << "dateline-index: " << e.what() << "\n";
  return dateline::cli::kExitIndex;
}
