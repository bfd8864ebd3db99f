// dateline-index: reads news articles and writes them into a dateline index.

#include "cli/common.h"
#include "indexer/cmd_ner.h"
#include "indexer/commands.h"

int main(int argc, char** argv) {
  using namespace dateline;
  return cli::run_main({"dateline-index",
                        "dateline-index: index news articles (plain text or JSON Lines) for dateline",
                        /*require_command=*/false,
                        {indexer::add_index_command, indexer::add_delete_command, indexer::add_compact_command,
                         [](CLI::App& app, cli::Common&, int&) { add_ner_commands(app); }}},
                       argc, argv);
}
