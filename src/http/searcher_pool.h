#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "search/searcher.h"

namespace dateline::http {

/// Gives each thread its own Searcher (a Xapian database handle is not
/// thread safe) and keeps it fresh: a handle not checked for reopen_interval
/// is reopened before use, so articles committed by dateline-index while the
/// server runs show up within about that time. Once one handle has seen a
/// change, every other handle reopens at its next use, so answers do not
/// flip between old and new as requests land on different threads.
///
/// Thread safe. Entries live as long as the pool, one per thread that
/// ever called get(): meant for a fixed set of worker threads.
class SearcherPool {
 public:
  /// Opens a Searcher; called once per thread, on that thread's first get().
  using Factory = std::function<search::Searcher()>;
  /// The time the interval is measured in; tests pass their own.
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit SearcherPool(
      Factory factory, std::chrono::milliseconds reopen_interval = std::chrono::milliseconds(1000),
      Clock clock = [] { return std::chrono::steady_clock::now(); });
  ~SearcherPool();

  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  /// The calling thread's Searcher, opened on first use and reopened when
  /// the interval has passed since the last check or another thread's
  /// handle saw a change. The reference stays
  /// valid for the pool's lifetime and must only be used on this thread.
  /// Throws dateline::Error if the index cannot be opened or reopened
  /// (the next call tries again).
  [[nodiscard]] search::Searcher& get();

  /// Number of threads that hold a Searcher.
  [[nodiscard]] std::size_t size() const;

 private:
  struct Entry {
    std::unique_ptr<search::Searcher> searcher;
    std::chrono::steady_clock::time_point checked;
    std::uint64_t generation = 0;  ///< of changes_ when last (re)opened
  };

  Factory factory_;
  std::chrono::milliseconds interval_;
  Clock clock_;
  /// Bumped whenever a reopen found a change.
  std::atomic<std::uint64_t> changes_{0};
  mutable std::mutex mu_;
  std::unordered_map<std::thread::id, Entry> entries_;
};

}  // namespace dateline::http
