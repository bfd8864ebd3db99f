#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "entities/extractor.h"
#include "index/indexer.h"
#include "indexer/commands.h"
#include "ingest/reader.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::indexer {
namespace {

struct IndexArgs {
  std::vector<std::string> paths;
  std::size_t batch = 1000;
  unsigned threads = 0;
  unsigned shards = 0;
  bool no_stories = false;
  std::size_t story_window = 200000;
  std::string shard_by;  // empty: keep the index's layout
  bool no_entities = false;
  bool strict = false;
  bool quiet = false;
  std::string format = "auto";
  std::string data_dir;
};

// Prints each bad record as "path:line: message" and counts it; in strict
// mode the first one stops the run.
class CountingSink : public ingest::ErrorSink {
 public:
  explicit CountingSink(bool strict) : strict_(strict) {}
  void report(const InputError& e) override {
    ++count_;
    std::cerr << util::printable(e.what()) << "\n";  // it quotes the input
    if (strict_) throw StrictStop();
  }
  void warn(const InputError& e) override {
    ++warnings_;
    std::cerr << util::printable(location(e.path(), e.line(), e.unit()))
              << ": warning: " << util::printable(e.message()) << "\n";
  }
  void skipped_file(const std::string& /*path*/, const std::string& type) override { ++skipped_types_[type]; }
  std::size_t count() const { return count_; }
  std::size_t warnings() const { return warnings_; }
  /// Files a directory walk did not read, by what they seem to hold.
  const std::map<std::string, std::size_t>& skipped_types() const { return skipped_types_; }
  struct StrictStop {};

 private:
  bool strict_;
  std::size_t count_ = 0;
  std::size_t warnings_ = 0;
  std::map<std::string, std::size_t> skipped_types_;
};

int run_index(const IndexArgs& args, const cli::Common& common) {
  ingest::Format format = ingest::Format::kAuto;
  if (!ingest::format_from_name(args.format, format)) throw Error("unknown --format " + args.format);

  index::IndexerOptions opts;
  opts.db_path = cli::db_path(common);
  opts.batch_size = args.batch;
  opts.threads = args.threads;
  opts.shards = args.shards;
  opts.stories = !args.no_stories;
  opts.story_window = args.story_window;
  if (!args.shard_by.empty()) opts.shard_by = index::parse_shard_by(args.shard_by);
  std::shared_ptr<const entities::Extractor> extractor;
  if (!args.no_entities) {
    entities::ExtractorOptions eo;
    eo.data_dir = args.data_dir;
    try {
      extractor = entities::Extractor::load(eo);
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + " (run with --no-entities to index text only)");
    }
    opts.annotator = [extractor](const article::Article& a) { return extractor->extract(a); };
  }

  auto t0 = std::chrono::steady_clock::now();
  index::Indexer indexer(opts);
  CountingSink sink(args.strict);

  // A progress line on a terminal during long runs.
  std::atomic<bool> done{false};
  std::thread progress;
  if (!args.quiet && cli::stderr_is_tty()) {
    progress = std::thread([&] {
      while (!done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        if (done.load()) break;
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::size_t n = indexer.written();
        std::fprintf(stderr, "\r\x1b[Kindexed %zu articles (%.0f/s)", n, s > 0 ? n / s : 0.0);
        std::fflush(stderr);
      }
    });
  }
  bool stopped = false;
  try {
    for (const std::string& path : args.paths) {
      ingest::read_path(path, format, sink, [&](ingest::Record&& rec) { indexer.add(std::move(rec)); });
    }
  } catch (const CountingSink::StrictStop&) {
    stopped = true;
  } catch (...) {
    done = true;
    if (progress.joinable()) progress.join();
    throw;
  }
  index::IndexStats st = indexer.finish();
  done = true;
  if (progress.joinable()) {
    progress.join();
    std::fprintf(stderr, "\r\x1b[K");
  }
  st.skipped = sink.count();
  // Nothing is passed over without a word: one line per kind of file skipped.
  for (const auto& [type, count] : sink.skipped_types()) {
    std::fprintf(stderr, "skipped %zu %s (%s)\n", count, count == 1 ? "file" : "files",
                 util::printable(type).c_str());
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::size_t n = st.added + st.replaced;
  if (!args.quiet) {
    std::fprintf(
        stderr,
        "indexed %zu articles (%zu new, %zu replaced), %zu skipped, %zu failed in %.2f s "
        "(%.0f articles/s) into %s%s\n",
        n, st.added, st.replaced, st.skipped, st.failed, secs, secs > 0 ? n / secs : 0.0,
        util::printable(opts.db_path).c_str(),
        opts.stories ? ("; " + std::to_string(st.joined_story) + " joined an earlier story").c_str() : "");
    std::fprintf(stderr,
                 "worker CPU: %.2f s entity extraction, %.2f s building documents; "
                 "writer CPU: %.2f s; merging shards: %.2f s\n",
                 st.annotate_cpu_seconds, st.build_cpu_seconds, st.write_cpu_seconds, st.merge_seconds);
    if (stopped) std::fprintf(stderr, "stopped at the first problem (--strict)\n");
  }
  return (st.skipped > 0 || st.failed > 0) ? cli::kExitBadInput : cli::kExitOk;
}

}  // namespace

void add_index_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto args = std::make_shared<IndexArgs>();
  app.add_option("paths", args->paths,
                 "Files or directories to index (recursively); '-' reads standard input");
  app.add_option("--batch", args->batch, "Articles per commit")
      ->check(cli::whole_number("--batch", 1, 10000000));
  app.add_option("--threads", args->threads, "Analysis and entity threads (default: number of cores)")
      ->check(cli::whole_number("--threads", 0, 1024));
  app.add_option("--shards", args->shards,
                 "Writers for a first build of an empty index, merged at the end "
                 "(default: one per core, at most 4; 1 writes directly)")
      ->check(cli::whole_number("--shards", 0, 64));
  app.add_flag("--no-stories", args->no_stories,
               "Do not cluster near-duplicate articles into stories (every article is its own story)");
  app.add_option("--story-window", args->story_window,
                 "Articles of this run a new article is compared with for stories (the most recent)")
      ->check(cli::whole_number("--story-window", 1, 100000000));
  app.add_option("--shard-by", args->shard_by,
                 "One database per year or month under --db (undated articles in their own), listed in a "
                 "stub Xapian and dateline-query open as one index; none: a single index (the default for "
                 "a new index; left out, an existing index keeps its layout)")
      ->check(CLI::IsMember({"none", "year", "month"}));
  app.add_flag("--no-entities", args->no_entities, "Index text only, no entity extraction");
  app.add_flag("--strict", args->strict, "Stop at the first bad input");
  app.add_flag("-q,--quiet", args->quiet, "No progress or summary lines");
  app.add_option("--format", args->format,
                 "Input format; auto (the default) sniffs each file's content: text, jsonl, json, html, "
                 "feed (RSS, Atom), newsml (NewsML-G2, NewsML 1.2), nitf, warc")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "json", "html", "feed", "newsml", "nitf", "warc"}));
  app.add_option("--data", args->data_dir,
                 "Directory of the NER model and gazetteer (default: $DATELINE_DATA)");
  app.callback([&app, &common, &exit_code, args] {
    if (!app.get_subcommands().empty()) return;
    if (args->paths.empty()) {
      throw CLI::CallForHelp();
    }
    // A lone word that is no file ("dateline-index delte x") is more likely
    // a mistyped command than a path: say both.
    const std::string& first = args->paths.front();
    std::error_code ec;
    if (first.find_first_of("/.") == std::string::npos && first != "-" &&
        !std::filesystem::exists(first, ec)) {
      throw InputError("", 0, first + ": no such file, and " + cli::unknown_command_message(app, first),
                       "command");
    }
    exit_code = run_index(*args, common);
  });
}

}  // namespace dateline::indexer
