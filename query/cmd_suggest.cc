#include <cstdio>
#include <iostream>

#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {

void add_suggest_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string prefix;
    std::size_t limit = 10;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("suggest", "Completions for a search box, most frequent first");
  cmd->add_option("prefix", a->prefix, "What the user typed so far")->required();
  cmd->add_option("--limit", a->limit, "Completions to show (default 10)")
      ->check(cli::whole_number("--limit", 1, 100));
  cmd->add_flag("--json", a->json, "Print JSON");
  cmd->callback([&common, &exit_code, a] {
    search::Searcher s(cli::db_path(common));
    configure_searcher(s);
    auto sugg = s.suggest(a->prefix, a->limit);
    if (a->json) {
      std::cout << json::dump(json::suggestions(sugg)) << "\n";
    } else {
      for (const auto& x : sugg) {
        std::printf("%-40s %-8s %llu\n", util::printable(x.text).c_str(), x.kind.c_str(),
                    static_cast<unsigned long long>(x.count));
      }
    }
    exit_code = cli::kExitOk;
  });
}

void add_related_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string id;
    std::size_t limit = 10;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("related", "The articles most like one article");
  cmd->add_option("id", a->id, "Article id")->required();
  cmd->add_option("--limit", a->limit, "Articles to show (default 10)")
      ->check(cli::whole_number("--limit", 1, 1000));
  cmd->add_flag("--json", a->json, "Print JSON");
  cmd->callback([&common, &exit_code, a] {
    search::Searcher s(cli::db_path(common));
    auto r = s.related(a->id, a->limit);
    if (!r) {
      cli::print_error("dateline-query", a->json, cli::kCodeNotFound,
                       "no article with id '" + a->id + "'", "id");
      exit_code = cli::kExitBadInput;
      return;
    }
    if (a->json) {
      std::cout << json::dump(json::search_result(*r)) << "\n";
    } else {
      std::size_t rank = 0;
      for (const auto& h : r->hits) {
        std::printf("%zu. %s\n   %s | %s | score %.3f\n", ++rank, util::printable(h.title).c_str(),
                    util::printable(h.id).c_str(),
                    h.date.empty() ? "undated" : h.date.substr(0, 10).c_str(), h.score);
      }
    }
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
