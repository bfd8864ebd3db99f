// dateline-query export: every matching article with its entities, as
// JSON Lines or CSV, for other tools.

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/printer.h"
#include "countries/country_names.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {

void add_export_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::vector<std::string> words;
    std::string format = "jsonl";
    cli::FilterOptions filters;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("export", "Write every matching article with its entities (JSON Lines or CSV)");
  add_shard_flags(*cmd);
  cmd->add_option("query", a->words, "Query (default: every article)");
  cmd->add_option("--format", a->format, "jsonl (articles with body) or csv (one row per article)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  a->filters.add(*cmd);
  cmd->callback([&common, &exit_code, a] {
    search::SearchRequest req;
    for (std::size_t i = 0; i < a->words.size(); ++i) req.query += (i ? " " : "") + a->words[i];
    a->filters.apply(req);
    search::Searcher s(cli::db_path(common), shard_options());
    countries::add_country_names(s);
    auto printer =
        cli::make_printer(a->format == "csv" ? cli::Format::kCsv : cli::Format::kJson, std::cout, std::cerr);
    printer->begin_articles();
    s.for_each_match(req, [&](const article::Article& art) {
      std::optional<search::StoryInfo> story = s.article_story(art.id);
      printer->article_record(art, story ? &*story : nullptr);
    });
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
