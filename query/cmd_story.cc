// dateline-query story: the versions of one story (near-duplicate copies
// of one text) by date.

#include <memory>
#include <string>

#include "cli/options.h"
#include "cli/printer.h"
#include "query/commands.h"
#include "search/searcher.h"

namespace dateline::query {

void add_story_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string id;
    std::size_t limit = 1000;
    cli::OutputOptions output;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("story", "List the versions of a story by date");
  cmd->add_option("id", args->id, "The id of any version, or the story id")->required();
  cmd->add_option("--limit", args->limit, "Versions to list (default 1000; the size counts them all)")
      ->check(cli::whole_number("--limit", 1, 1000000));
  args->output.add(*cmd);
  cmd->callback([&common, &exit_code, args] {
    search::Searcher s(cli::db_path(common));
    auto story = s.story(args->id, args->limit);
    if (!story) {
      exit_code = cli::no_article("dateline-query", args->output.json, args->id);
      return;
    }
    cli::make_printer(args->output.json)->story(*story);
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
