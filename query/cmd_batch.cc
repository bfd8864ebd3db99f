// dateline-query batch: runs a file of queries in one process and reports
// per-query latency, for benchmarks (bench/run) and capacity planning.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/options.h"
#include "countries/country_names.h"
#include "json/printer.h"
#include "query/commands.h"
#include "search/searcher.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::query {
namespace {

struct BatchArgs {
  std::string file;
  std::size_t limit = 10;
  cli::FacetOptions facets;
  bool bare = false;
  cli::OutputOptions output;
  bool per_query = false;
  bool answers = false;
  bool no_snippets = false;
};

// Nearest-rank percentile of sorted values (p in 0..100); 0 when empty.
// bench/xapian/search_loop.cc and bench/sqlite/fts_loop.c use the same rule.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// Peak resident set size of this process in KiB (Linux reports KiB).
long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// The parts of an answer that do not depend on how the archive is laid out
// (one index, shards, remote shards): total, top hits' ids in order and
// their scores (rounded), facet counts and timeline. Snippets and timings
// may differ by design, and "counting"/"shards" say how, not what.
nlohmann::json answer_of(const search::SearchResult& r) {
  nlohmann::json full = json::search_result(r);
  nlohmann::json ids = nlohmann::json::array();
  nlohmann::json scores = nlohmann::json::array();
  for (const auto& h : full["hits"]) {
    ids.push_back(h["id"]);
    // Rounded: shards may sum a score's parts in another order.
    scores.push_back(std::round(h["score"].get<double>() * 1e6) / 1e6);
  }
  nlohmann::json out = {{"total", full["total"]}, {"ids", std::move(ids)}, {"scores", std::move(scores)}};
  for (const char* key : {"facets", "timeline"}) {
    if (full.contains(key)) out[key] = full[key];
  }
  return out;
}

// Exit statuses follow the README's table: a query file that cannot be
// read or a bad flag is a usage error (2), as is any query in the file that
// `search` would refuse (a syntax error, a bad date: the other queries still
// run and are reported); an index that cannot be opened is 3.
int run_batch(const BatchArgs& a, const cli::Common& common) {
  std::error_code ec;
  // A directory opens as a stream and reads as empty: say so instead.
  if (std::filesystem::is_directory(a.file, ec)) {
    throw InputError(a.file, 0, "is a directory, not a query file", "file");
  }
  std::ifstream in(a.file);
  if (!in) throw InputError(a.file, 0, "cannot open the query file", "file");

  search::SearchRequest base;
  base.limit = a.limit;
  base.snippets = !a.no_snippets;
  if (a.bare) {
    // Top-N ids only, like the peer engines' loops in bench/.
    base.timeline = a.facets.timeline;
    base.facet_cap = a.facets.facet_cap;
    base.snippets = false;
    base.spelling = false;
    base.exact_total = false;
  } else {
    a.facets.apply(base);
  }

  search::Searcher s(cli::db_path(common), shard_options());
  countries::add_country_names(s);
  s.set_facet_columns(a.facets.columns_mode());

  struct One {
    std::string query;
    double ms = 0;
    std::size_t total = 0;
    std::string error;
    nlohmann::json answer;
  };
  std::vector<One> runs;
  std::string line;
  auto all0 = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    // Only the first tab-separated column is the query: bench/ query files
    // carry the peers' forms of it in later columns.
    std::string_view q = util::trim(std::string_view(line).substr(0, line.find('\t')));
    if (q.empty() || q.front() == '#') continue;
    One one;
    one.query = std::string(q);
    search::SearchRequest req = base;
    req.query = one.query;
    auto t0 = std::chrono::steady_clock::now();
    try {
      search::SearchResult r = s.search(req);
      one.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      one.total = r.total;
      // Outside the timing: what a layout must answer identically (bench/shards).
      if (a.answers) one.answer = answer_of(r);
    } catch (const QuerySyntaxError& e) {
      one.error = e.what();
    } catch (const InputError& e) {
      one.error = e.what();
    }
    if (!one.error.empty()) {
      one.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    runs.push_back(std::move(one));
  }
  double all_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - all0).count();

  std::vector<double> ms;
  std::size_t errors = 0, with_hits = 0;
  double sum = 0;
  for (const One& r : runs) {
    if (!r.error.empty()) {
      ++errors;
      continue;
    }
    if (r.total > 0) ++with_hits;
    ms.push_back(r.ms);
    sum += r.ms;
  }
  std::sort(ms.begin(), ms.end());
  double mean = ms.empty() ? 0 : sum / static_cast<double>(ms.size());
  double max = ms.empty() ? 0 : ms.back();

  if (a.output.json) {
    nlohmann::json j = {
        {"engine", "dateline"},
        {"queries", runs.size()},
        {"errors", errors},
        {"with_hits", with_hits},
        {"total_ms", all_ms},
        {"latency_ms",
         {{"p50", percentile(ms, 50)},
          {"p95", percentile(ms, 95)},
          {"p99", percentile(ms, 99)},
          {"mean", mean},
          {"max", max}}},
        {"peak_rss_kib", peak_rss_kib()},
        {"facet_columns_bytes", s.facet_columns_bytes()},
    };
    if (a.per_query) {
      nlohmann::json each = nlohmann::json::array();
      for (const One& r : runs) {
        nlohmann::json o = {{"query", r.query}, {"ms", r.ms}, {"total", r.total}};
        if (!r.error.empty()) o["error"] = r.error;
        if (a.answers && r.error.empty()) o["answer"] = r.answer;
        each.push_back(std::move(o));
      }
      j["per_query"] = std::move(each);
    }
    std::cout << json::dump(j) << "\n";
  } else {
    if (a.per_query) {
      for (const One& r : runs) {
        std::printf("%9.3f ms %8zu  %s%s%s\n", r.ms, r.total, util::printable(r.query).c_str(),
                    r.error.empty() ? "" : "  ERROR: ", util::printable(r.error).c_str());
      }
    }
    std::printf("%zu queries (%zu errors, %zu with hits) in %.1f ms\n", runs.size(), errors, with_hits,
                all_ms);
    std::printf("latency ms: p50 %.3f  p95 %.3f  p99 %.3f  mean %.3f  max %.3f\n", percentile(ms, 50),
                percentile(ms, 95), percentile(ms, 99), mean, max);
    std::printf("peak RSS: %ld KiB\n", peak_rss_kib());
  }
  for (const One& r : runs) {
    if (!r.error.empty()) {
      std::cerr << "dateline-query: " << util::printable(r.query) << ": " << util::printable(r.error) << "\n";
    }
  }
  return errors > 0 ? cli::kExitUsage : cli::kExitOk;
}

}  // namespace

void add_batch_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto a = std::make_shared<BatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "batch", "Run a file of queries (one per line, '#' comments) and report latency percentiles");
  add_shard_flags(*cmd);
  cmd->add_option("file", a->file, "Query file")->required();
  cmd->add_option("--limit", a->limit, "Hits per query (default 10)")
      ->check(cli::whole_number("--limit", 0, 10000));
  a->facets.add(*cmd);
  cmd->add_flag("--bare", a->bare, "Top hits only: no snippets, spelling or facets");
  cmd->add_flag("--no-snippets", a->no_snippets, "Hits without snippets");
  CLI::Option* per_query =
      cmd->add_flag("--per-query", a->per_query, "Also list each query's latency and match count");
  cmd->add_flag(
         "--answers", a->answers,
         "With --per-query --json, also give each query's total, hit ids and scores, facets and timeline "
         "(to compare layouts)")
      ->needs(per_query);
  a->output.add(*cmd);
  cmd->callback([&common, &exit_code, a] { exit_code = run_batch(*a, common); });
}

}  // namespace dateline::query
