#include <iostream>

#include "article/date.h"
#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {

void add_show_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::string id;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "Print one article with its entities");
  cmd->add_option("id", args->id, "Article id")->required();
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->callback([&common, &exit_code, args] {
    search::Searcher s(cli::db_path(common));
    auto a = s.get(args->id);
    if (!a) {
      cli::print_error("dateline-query", args->json, cli::kCodeNotFound,
                       "no article with id '" + args->id + "'", "id");
      exit_code = cli::kExitBadInput;
      return;
    }
    if (args->json) {
      std::cout << json::dump(json::article(*a), true) << "\n";
    } else {
      // Through util::printable: the article must not send the terminal
      // commands. The body and standfirst keep their lines.
      using util::printable;
      std::cout << printable(a->title) << "\n";
      std::cout << "id: " << printable(a->id);
      if (a->published) std::cout << "  date: " << article::format_day(*a->published);
      if (!a->source.empty()) std::cout << "  source: " << printable(a->source);
      std::cout << "\n";
      if (!a->url.empty()) std::cout << printable(a->url) << "\n";
      auto list = [](const char* label, const std::vector<std::string>& v) {
        if (v.empty()) return;
        std::cout << label;
        for (std::size_t i = 0; i < v.size(); ++i) std::cout << (i ? ", " : "") << printable(v[i]);
        std::cout << "\n";
      };
      list("persons: ", a->entities.persons);
      list("organizations: ", a->entities.organizations);
      std::vector<std::string> places;
      for (const auto& p : a->entities.places) {
        places.push_back(p.name + (p.country.empty() ? "" : " (" + p.country + ")"));
      }
      list("places: ", places);
      list("countries: ", a->entities.countries);
      std::cout << "\n";
      if (!a->standfirst.empty()) std::cout << printable(a->standfirst, util::LineBreaks::kKeep) << "\n\n";
      std::cout << printable(a->body, util::LineBreaks::kKeep) << "\n";
    }
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
