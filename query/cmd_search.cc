#include <cstdio>
#include <iostream>
#include <sstream>

#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  bool any = false;
  bool json = false;
  std::string sort = "relevance";
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string from;
  std::string to;
  std::vector<std::string> person, org, actor, place, country, source, lang;
};

void print_text(const search::SearchResult& r) {
  bool bold = cli::stdout_is_tty();
  std::size_t rank = r.offset;
  for (const search::Hit& h : r.hits) {
    ++rank;
    std::string title = h.title.empty() ? "(no title)" : h.title;
    if (bold) title = "\x1b[1m" + title + "\x1b[0m";
    std::printf("%zu. %s\n", rank, title.c_str());
    std::printf("   %s | %s | %s | score %.3f\n", h.id.c_str(),
                h.date.empty() ? "undated" : h.date.substr(0, 10).c_str(),
                h.source.empty() ? "-" : h.source.c_str(), h.score);
    if (!h.url.empty()) std::printf("   %s\n", h.url.c_str());
    std::string snip = search::snippet_terminal(h.snippet, bold);
    if (!snip.empty()) std::printf("   %s\n", snip.c_str());
    std::printf("\n");
  }
  for (const std::string& n : r.notes) std::printf("note: %s\n", n.c_str());
  for (const auto& f : r.filters) {
    if (f.matched.empty() || f.field == "date") continue;
    std::string m;
    for (std::size_t i = 0; i < f.matched.size(); ++i) m += (i ? ", " : "") + f.matched[i];
    std::printf("%s:%s matched %s\n", f.field.c_str(), f.value.c_str(), m.c_str());
  }
  std::printf("%s%zu result%s, showing %zu-%zu (%.1f ms)\n", r.total_exact ? "" : "about ", r.total,
              r.total == 1 ? "" : "s", r.hits.empty() ? 0 : r.offset + 1, r.offset + r.hits.size(),
              r.took_ms);
}

}  // namespace

void add_search_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto a = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Ranked search with filters (see README: Query syntax)");
  cmd->add_option("query", a->words, "Query words, phrases, operators and field:value filters");
  cmd->add_flag("--any", a->any, "Match any word (OR) instead of all (AND)");
  cmd->add_flag("--json", a->json, "Print one JSON object");
  cmd->add_option("--sort", a->sort, "relevance, newest, oldest or recent")
      ->check(CLI::IsMember({"relevance", "newest", "oldest", "recent"}));
  cmd->add_option("--limit", a->limit, "Hits to show (default 10)")->check(CLI::Range(0, 10000));
  cmd->add_option("--offset", a->offset, "Hits to skip")->check(CLI::Range(0, 1000000));
  cmd->add_option("--from", a->from, "Earliest date (2026, 2026-02 or 2026-02-07)");
  cmd->add_option("--to", a->to, "Latest date, inclusive");
  cmd->add_option("--person", a->person, "Filter by person; commas mean either");
  cmd->add_option("--org", a->org, "Filter by organization");
  cmd->add_option("--actor", a->actor, "Filter by person or organization");
  cmd->add_option("--place", a->place, "Filter by place");
  cmd->add_option("--country", a->country, "Filter by country (name, code or demonym)");
  cmd->add_option("--source", a->source, "Filter by source");
  cmd->add_option("--lang", a->lang, "Filter by language tag");
  cmd->callback([&common, &exit_code, a] {
    search::SearchRequest req;
    for (std::size_t i = 0; i < a->words.size(); ++i) {
      if (i) req.query += ' ';
      // The shell ate the quotes of a multi-word argument: keep it a phrase.
      const std::string& w = a->words[i];
      bool needs_quotes = w.find(' ') != std::string::npos && w.find('"') == std::string::npos &&
                          w.find(':') == std::string::npos && w.find('(') == std::string::npos;
      req.query += needs_quotes ? "\"" + w + "\"" : w;
    }
    req.any = a->any;
    req.sort = search::parse_sort(a->sort);
    req.limit = a->limit;
    req.offset = a->offset;
    req.from = a->from;
    req.to = a->to;
    auto add = [&](const char* field, const std::vector<std::string>& values) {
      for (const std::string& v : values) req.filters.emplace_back(field, v);
    };
    add("person", a->person);
    add("org", a->org);
    add("actor", a->actor);
    add("place", a->place);
    add("country", a->country);
    add("source", a->source);
    add("lang", a->lang);
    search::Searcher s(cli::db_path(common));
    search::SearchResult r = s.search(req);
    if (a->json) {
      std::cout << json::dump(json::search_result(r)) << "\n";
    } else {
      print_text(r);
    }
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
