#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/compact.h"
#include "indexer/commands.h"
#include "util/strings.h"

namespace dateline::indexer {
namespace {

std::string mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

void add_compact_command(CLI::App& app, cli::Common& common, int& /*exit_code*/) {
  struct Args {
    std::vector<std::string> periods;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("compact",
                         "Rewrite the index densely with Xapian's compactor (every shard of a sharded index, "
                         "or those of --period); "
                         "readers keep answering and see the compacted index at their next reopen");
  cmd->add_option("--period", a->periods,
                  "Only the shard of this period (YYYY, YYYY-MM or undated); repeatable");
  cmd->add_flag("--json", a->json, "Print the sizes as JSON");
  cmd->callback([&common, a] {
    const std::string db = cli::db_path(common);
    const std::vector<index::CompactedDatabase> done = index::compact_index(db, a->periods);
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    for (const auto& c : done) {
      before += c.bytes_before;
      after += c.bytes_after;
    }
    if (a->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& c : done) {
        list.push_back({{"path", c.path}, {"bytes_before", c.bytes_before}, {"bytes_after", c.bytes_after}});
      }
      std::cout
          << nlohmann::json{{"databases", list}, {"bytes_before", before}, {"bytes_after", after}}.dump()
          << "\n";
      return;
    }
    for (const auto& c : done) {
      std::cout << util::printable(c.path) << ": " << mib(c.bytes_before) << " -> " << mib(c.bytes_after)
                << "\n";
    }
    std::cout << "compacted " << done.size() << (done.size() == 1 ? " database: " : " databases: ")
              << mib(before) << " -> " << mib(after) << "\n";
  });
}

}  // namespace dateline::indexer
