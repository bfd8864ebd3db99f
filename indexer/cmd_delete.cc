#include <iostream>
#include <string>
#include <vector>

#include "index/indexer.h"
#include "indexer/commands.h"
#include "util/strings.h"

namespace dateline::indexer {

void add_delete_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto ids = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("delete", "Remove articles from the index by id");
  cmd->add_option("ids", *ids, "Article ids")->required();
  cmd->callback([&common, &exit_code, ids] {
    std::string db = cli::db_path(common);
    std::vector<std::string> missing = index::delete_articles(db, *ids);
    for (const std::string& id : missing) {
      std::cerr << "dateline-index: " << util::printable(db) << ": no article with id '"
                << util::printable(id) << "'\n";
    }
    std::cerr << "deleted " << ids->size() - missing.size() << " of " << ids->size() << " articles\n";
    if (!missing.empty()) exit_code = cli::kExitBadInput;
  });
}

}  // namespace dateline::indexer
