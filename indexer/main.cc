// dateline-index: reads news articles and writes them into a dateline index.

#include <CLI/CLI.hpp>

#include "cli/common.h"
#include "indexer/cmd_ner.h"
#include "indexer/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"dateline-index: index news articles (plain text or JSON Lines) for dateline"};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  // --db may come after the subcommand too: flag order never matters.
  app.fallthrough();
  dateline::cli::Common common;
  dateline::cli::add_common(app, common);
  int exit_code = dateline::cli::kExitOk;
  dateline::indexer::add_index_command(app, common, exit_code);
  dateline::indexer::add_delete_command(app, common, exit_code);
  add_ner_commands(app);
  dateline::cli::one_value_per_flag(app);
  return dateline::cli::run(app, "dateline-index", argc, argv, exit_code);
}
