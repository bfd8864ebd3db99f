// Entity extraction rate on Reuters-21578: ms per article, with the real
// tagger and without it (tokens, gazetteer and resolution alone). Moved out
// of the unit tests (issue 12): a rate is a measurement, not a check.
//
//   ninja -C build extract_rate
//   build/bench/extract/extract_rate [FILE.jsonl...]
//
// Default input: ../shared/data/reuters21578/reuters-00.jsonl (1 of 22
// files). The indexing benchmark needs well under 0.5 ms per article.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "entities/ner.h"
#include "ingest/reader.h"
#include "util/error.h"

namespace {

using namespace dateline;

// A tagger that finds nothing.
class NoNer : public entities::NerModel {
 public:
  std::vector<entities::EntitySpan> tag(const std::vector<std::string_view>&) const override { return {}; }
};

struct CountingSink : ingest::ErrorSink {
  void report(const InputError&) override { ++skipped; }
  std::size_t skipped = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = DATELINE_SOURCE_DIR;
  std::vector<std::string> files(argv + 1, argv + argc);
  if (files.empty()) files.push_back(root + "/../shared/data/reuters21578/reuters-00.jsonl");
  try {
    CountingSink sink;
    std::vector<article::Article> articles;
    for (const std::string& f : files) {
      if (!std::filesystem::exists(f)) {
        std::fprintf(stderr, "extract_rate: %s: not found\n", f.c_str());
        return 2;
      }
      ingest::read_path(f, ingest::Format::kAuto, sink,
                        [&](ingest::Record&& r) { articles.push_back(std::move(r.article)); });
    }
    if (articles.empty()) {
      std::fprintf(stderr, "extract_rate: no articles read (%zu skipped)\n", sink.skipped);
      return 2;
    }
    entities::ExtractorOptions o;
    o.data_dir = root + "/data";
    std::unique_ptr<entities::Extractor> ex = entities::Extractor::load(o);

    std::size_t bytes = 0, with_countries = 0;
    auto start = std::chrono::steady_clock::now();
    for (const article::Article& a : articles) {
      bytes += a.title.size() + a.body.size();
      with_countries += !ex->extract(a).countries.empty();
    }
    double s = seconds_since(start);
    std::printf("%zu articles, %.1f KB avg, %.3f ms/article, %.1f MB/s, %zu with countries\n",
                articles.size(), static_cast<double>(bytes) / articles.size() / 1024,
                s * 1000 / articles.size(), static_cast<double>(bytes) / s / 1e6, with_countries);

    entities::Extractor no_tagger(std::make_shared<NoNer>(),
                                  entities::Gazetteer::load(root + "/data/gazetteer"));
    start = std::chrono::steady_clock::now();
    for (const article::Article& a : articles) (void)no_tagger.extract(a);
    s = seconds_since(start);
    std::printf("without the tagger: %.3f ms/article\n", s * 1000 / articles.size());
  } catch (const Error& e) {
    std::fprintf(stderr, "extract_rate: %s\n", e.what());
    return 3;
  }
  return 0;
}
