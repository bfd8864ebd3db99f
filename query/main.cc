// dateline-query: searches a dateline index.

#include "cli/common.h"
#include "query/commands.h"

int main(int argc, char** argv) {
  using namespace dateline::query;
  return dateline::cli::run_main(
      {"dateline-query",
       "dateline-query: search a dateline news index",
       /*require_command=*/true,
       {add_search_command, add_stats_command, add_show_command, add_story_command, add_suggest_command,
        add_related_command, add_export_command, add_serve_command, add_batch_command}},
      argc, argv);
}
