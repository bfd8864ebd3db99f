#include <iostream>
#include <string>
#include <vector>

#include "article/date.h"
#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/strings.h"

namespace dateline::query {
namespace {

// RFC 4180: quote a field when it holds a comma, quote or line break. Every
// CSV column is a one-line value (id, title, names), so control characters,
// which CSV cannot escape and a terminal would obey, go through
// util::printable like all text output (JSON Lines escapes them instead).
std::string csv_field(const std::string& raw) {
  const std::string s = util::printable(raw);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "; " : "") + v[i];
  return out;
}

}  // namespace

void add_export_command(CLI::App& app, cli::Common& common, int& exit_code) {
  struct Args {
    std::vector<std::string> words;
    std::string format = "jsonl";
    FilterArgs filters;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write every matching article with its entities (JSON Lines or CSV)");
  cmd->add_option("query", a->words, "Query (default: every article)");
  cmd->add_option("--format", a->format, "jsonl (articles with body) or csv (one row per article)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  add_filter_options(*cmd, a->filters);
  cmd->callback([&common, &exit_code, a] {
    search::SearchRequest req;
    for (std::size_t i = 0; i < a->words.size(); ++i) req.query += (i ? " " : "") + a->words[i];
    apply_filters(a->filters, req);
    search::Searcher s(cli::db_path(common));
    configure_searcher(s);
    bool csv = a->format == "csv";
    if (csv) std::cout << "id,date,source,title,url,persons,organizations,places,countries\r\n";
    s.for_each_match(req, [&](const article::Article& art) {
      if (!csv) {
        std::cout << json::dump(json::article(art)) << "\n";
        return;
      }
      std::vector<std::string> places;
      for (const auto& p : art.entities.places) places.push_back(p.name);
      std::cout << csv_field(art.id) << ','
                << (art.published ? article::format_iso(*art.published) : "") << ','
                << csv_field(art.source) << ',' << csv_field(art.title) << ',' << csv_field(art.url)
                << ',' << csv_field(joined(art.entities.persons)) << ','
                << csv_field(joined(art.entities.organizations)) << ',' << csv_field(joined(places))
                << ',' << csv_field(joined(art.entities.countries)) << "\r\n";
    });
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
