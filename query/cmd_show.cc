// dateline-query show: one article with its entities.

#include <memory>
#include <optional>
#include <string>

#include "cli/options.h"
#include "cli/printer.h"
#include "query/commands.h"
#include "search/searcher.h"

namespace dateline::query {

void add_show_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string id;
    cli::OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "Print one article with its entities");
  add_shard_flags(*cmd);
  cmd->add_option("id", args->id, "Article id")->required();
  args->output.add(*cmd);
  cmd->callback([&common, &exit_code, args] {
    search::Searcher s(cli::db_path(common), shard_options());
    auto a = s.get(args->id);
    if (!a) {
      exit_code = cli::no_article("dateline-query", args->output.json, args->id);
      return;
    }
    std::optional<search::StoryInfo> story = s.article_story(args->id);
    cli::make_printer(args->output.json)->article(*a, story ? &*story : nullptr);
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
