#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "json/printer.h"
#include "query/commands.h"
#include "search/options.h"
#include "search/searcher.h"
#include "util/error.h"
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
  FilterArgs filters;
  std::string facets = "person,org,country";
  std::size_t facet_size = 10;
  std::size_t facet_cap = 0;
  std::string facet_columns = "auto";
  std::string timeline;
  std::string half_life = "30d";
};

// Everything print_text writes that comes from the index or the query
// goes through util::printable: an article must not be able to send the
// terminal commands (set its title, clear the screen).
using util::printable;

void print_facets(const search::SearchResult& r) {
  for (const auto& [name, values] : r.facets) {
    if (values.empty()) continue;
    std::printf("%-8s", name.c_str());
    std::size_t i = 0;
    for (const auto& v : values) {
      std::string shown = v.label;
      if (name == "country" && v.label != v.value) shown += " (" + v.value + ")";
      std::printf("%s%s %llu", i++ ? ", " : " ", printable(shown).c_str(),
                  static_cast<unsigned long long>(v.count));
    }
    std::printf("\n");
  }
  if (!r.facets.empty() && !r.facets_exact) std::printf("(facet counts are estimates)\n");
}

// Runs of this many empty buckets or more print as one line: a day
// timeline over decades is mostly empty days (up to 10,000 of them, past
// which the timeline is by month or year). JSON keeps every bucket.
constexpr std::size_t kEmptyRunLine = 3;

void print_timeline(const search::SearchResult& r) {
  if (r.timeline.empty()) return;
  std::uint64_t max = 0;
  for (const auto& b : r.timeline) max = std::max(max, b.count);
  std::printf("\ntimeline (%s)\n", r.timeline_unit.c_str());
  const auto& buckets = r.timeline;
  for (std::size_t i = 0; i < buckets.size();) {
    std::size_t run = 0;
    while (i + run < buckets.size() && buckets[i + run].count == 0) ++run;
    if (run >= kEmptyRunLine) {
      // "…" is one column but three bytes: pad it by hand to the date's width.
      std::printf("\u2026%9s %6s (%zu empty %ss)\n", "", "", run, r.timeline_unit.c_str());
      i += run;
      continue;
    }
    const auto& b = buckets[i++];
    int width = max == 0 ? 0 : static_cast<int>((b.count * 40 + max - 1) / max);
    std::string bar;
    for (int k = 0; k < width; ++k) bar += "\u2588";
    std::printf("%-10s %6llu %s\n", b.date.c_str(), static_cast<unsigned long long>(b.count), bar.c_str());
  }
}

void print_text(const search::SearchResult& r) {
  bool bold = cli::stdout_is_tty();
  std::size_t rank = r.offset;
  for (const search::Hit& h : r.hits) {
    ++rank;
    std::string title = h.title.empty() ? "(no title)" : printable(h.title);
    if (bold) title = "\x1b[1m" + title + "\x1b[0m";
    std::printf("%zu. %s\n", rank, title.c_str());
    std::printf("   %s | %s | %s | score %.3f\n", printable(h.id).c_str(),
                h.date.empty() ? "undated" : h.date.substr(0, 10).c_str(),
                h.source.empty() ? "-" : printable(h.source).c_str(), h.score);
    if (!h.url.empty()) std::printf("   %s\n", printable(h.url).c_str());
    std::string snip = search::snippet_terminal(h.snippet, bold);
    if (!snip.empty()) std::printf("   %s\n", snip.c_str());
    std::printf("\n");
  }
  if (!r.corrected_query.empty()) std::printf("did you mean: %s\n", printable(r.corrected_query).c_str());
  for (const std::string& n : r.notes) std::printf("note: %s\n", printable(n).c_str());
  for (const auto& f : r.filters) {
    if (f.matched.empty() || f.field == "date") continue;
    std::string m;
    for (std::size_t i = 0; i < f.matched.size(); ++i) m += (i ? ", " : "") + f.matched[i];
    std::printf("%s:%s matched %s\n", f.field.c_str(), printable(f.value).c_str(), printable(m).c_str());
  }
  std::printf("%s%zu result%s, showing %zu-%zu (%.1f ms)\n", r.total_exact ? "" : "about ", r.total,
              r.total == 1 ? "" : "s", r.hits.empty() ? 0 : r.offset + 1, r.offset + r.hits.size(),
              r.took_ms);
  if (!r.facets.empty()) std::printf("\n");
  print_facets(r);
  print_timeline(r);
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
  cmd->add_option("--limit", a->limit, "Hits to show (default 10)")
      ->check(cli::whole_number("--limit", 0, 10000));
  cmd->add_option("--offset", a->offset, "Hits to skip")->check(cli::whole_number("--offset", 0, 1000000));
  cmd->add_option("--facets", a->facets,
                  "Facets to count, comma separated: person,org,place,country,source,lang "
                  "(default person,org,country; 'none' for none)");
  cmd->add_option("--facet-size", a->facet_size, "Values per facet (default 10)")
      ->check(cli::whole_number("--facet-size", 1, 1000000));
  cmd->add_option("--facet-columns", a->facet_columns,
                  "Count facets from in-memory columns: auto, always or never (default auto: "
                  "only once a long-running searcher has counted the archive's size in matches)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--facet-cap", a->facet_cap,
                  "Count facets over at most N matches (default 0: all, exact)")
      ->check(cli::whole_number("--facet-cap", 0, kMaxFacetCap));
  cmd->add_option("--timeline", a->timeline, "Date histogram: day, month, year or auto")
      ->check(CLI::IsMember({"day", "month", "year", "auto"}));
  cmd->add_option("--half-life", a->half_life, "Recency half-life for --sort recent (default 30d)");
  add_filter_options(*cmd, a->filters);
  cmd->callback([&common, &exit_code, a] {
    search::SearchRequest req;
    for (std::size_t i = 0; i < a->words.size(); ++i) {
      if (i) req.query += ' ';
      req.query += a->words[i];
    }
    req.any = a->any;
    req.sort = search::parse_sort(a->sort);
    req.limit = a->limit;
    req.offset = a->offset;
    apply_filters(a->filters, req);
    if (a->facets != "none") {
      for (const std::string& f : util::split(a->facets, ',')) {
        std::string_view t = util::trim(f);
        if (!t.empty()) req.facets.emplace_back(t);
      }
    }
    req.facet_size = a->facet_size;
    req.facet_cap = a->facet_cap;
    req.timeline = a->timeline;
    req.half_life_days = search::parse_half_life(a->half_life);
    search::Searcher s(cli::db_path(common));
    configure_searcher(s);
    s.set_facet_columns(facet_columns_mode(a->facet_columns));
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
