// dateline-query related: the articles most like one article.

#include <memory>
#include <string>

#include "cli/options.h"
#include "cli/printer.h"
#include "query/commands.h"
#include "search/searcher.h"

namespace dateline::query {

void add_related_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string id;
    std::size_t limit = 10;
    cli::OutputOptions output;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("related", "The articles most like one article");
  add_shard_flags(*cmd);
  cmd->add_option("id", a->id, "Article id")->required();
  cmd->add_option("--limit", a->limit, "Articles to show (default 10)")
      ->check(cli::whole_number("--limit", 1, 1000));
  a->output.add(*cmd);
  cmd->callback([&common, &exit_code, a] {
    search::Searcher s(cli::db_path(common), shard_options());
    auto r = s.related(a->id, a->limit);
    if (!r) {
      exit_code = cli::no_article("dateline-query", a->output.json, a->id);
      return;
    }
    cli::make_printer(a->output.json)->related(*r);
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
