// dateline-query suggest: completions for a search box.

#include <memory>
#include <string>

#include "cli/options.h"
#include "cli/printer.h"
#include "countries/country_names.h"
#include "query/commands.h"
#include "search/searcher.h"

namespace dateline::query {

void add_suggest_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string prefix;
    std::size_t limit = 10;
    cli::OutputOptions output;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("suggest", "Completions for a search box, most frequent first");
  add_shard_flags(*cmd);
  cmd->add_option("prefix", a->prefix, "What the user typed so far")->required();
  cmd->add_option("--limit", a->limit, "Completions to show (default 10)")
      ->check(cli::whole_number("--limit", 1, 100));
  a->output.add(*cmd);
  cmd->callback([&common, &exit_code, a] {
    search::Searcher s(cli::db_path(common), shard_options());
    countries::add_country_names(s);
    cli::make_printer(a->output.json)->suggestions(s.suggest(a->prefix, a->limit));
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
