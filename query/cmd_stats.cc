// dateline-query stats: what the index holds.

#include <memory>

#include "cli/options.h"
#include "cli/printer.h"
#include "query/commands.h"
#include "search/searcher.h"

namespace dateline::query {

void add_stats_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto output = std::make_shared<cli::OutputOptions>();
  CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds");
  add_shard_flags(*cmd);
  output->add(*cmd);
  cmd->callback([&common, &exit_code, output] {
    search::Searcher s(cli::db_path(common), shard_options());
    cli::make_printer(output->json)->stats(s.stats());
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
