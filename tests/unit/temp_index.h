#pragma once

// A fresh directory for a test's index, and the indexing of a few articles
// into it, as the index module's tests (indexer, shards, stories) use them.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <gtest/gtest.h>

#include "article/article.h"
#include "index/indexer.h"

namespace dateline::test_support {

/// <tmp>/dateline-<name>-<pid>-<test>-<n>, created empty and removed
/// afterwards.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    static std::atomic<int> counter{0};
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("dateline-" + name + "-" + std::to_string(::getpid()) + "-" +
             (info != nullptr ? info->name() : "suite") + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// A path inside the directory, for an index (not created).
  std::string db(const std::string& name = "db") const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Indexes articles into db with options o (two threads, batches of two,
/// so that the parallel paths run), as lines 1, 2, ... of "test.jsonl".
inline index::IndexStats index_articles(const std::string& db, std::vector<article::Article> articles,
                                        index::IndexerOptions o = {}) {
  o.db_path = db;
  o.threads = 2;
  o.batch_size = 2;
  index::Indexer ix(o);
  std::size_t line = 0;
  for (article::Article& a : articles) ix.add({std::move(a), "test.jsonl", ++line});
  return ix.finish();
}

}  // namespace dateline::test_support
