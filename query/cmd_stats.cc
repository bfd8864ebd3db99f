#include <cstdio>
#include <iostream>

#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {

void add_stats_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto json_out = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds");
  cmd->add_flag("--json", *json_out, "Print JSON");
  cmd->callback([&common, &exit_code, json_out] {
    search::Searcher s(cli::db_path(common));
    search::IndexStatsInfo st = s.stats();
    if (*json_out) {
      std::cout << json::dump(json::stats(st), true) << "\n";
    } else {
      std::printf("index:          %s\n", util::printable(st.path).c_str());
      std::printf("articles:       %llu\n", static_cast<unsigned long long>(st.articles));
      std::printf("undated:        %llu\n", static_cast<unsigned long long>(st.undated));
      std::printf("first date:     %s\n", st.first_date.empty() ? "-" : st.first_date.c_str());
      std::printf("last date:      %s\n", st.last_date.empty() ? "-" : st.last_date.c_str());
      std::printf("size on disk:   %.1f MB\n", st.size_bytes / 1e6);
      std::printf("schema version: %d\n", st.schema_version);
    }
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
