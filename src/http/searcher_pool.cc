#include "http/searcher_pool.h"

#include <utility>

namespace dateline::http {

SearcherPool::SearcherPool(Factory factory, std::chrono::milliseconds reopen_interval, Clock clock)
    : factory_(std::move(factory)), interval_(reopen_interval), clock_(std::move(clock)) {}

SearcherPool::~SearcherPool() = default;

search::Searcher& SearcherPool::get() {
  Entry* e = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    e = &entries_[std::this_thread::get_id()];
  }
  // Only this thread touches its entry, and unordered_map never moves its
  // nodes, so the rest runs without the lock: opening and reopening can
  // take milliseconds and must not hold up the other threads.
  auto now = clock_();
  std::uint64_t changes = changes_.load();
  if (!e->searcher) {
    auto opened = std::make_unique<search::Searcher>(factory_());
    std::lock_guard<std::mutex> lock(mu_);  // size() reads the pointer
    e->searcher = std::move(opened);
    e->checked = now;
    e->generation = changes;
  } else if (e->generation != changes) {
    // Another handle saw a change: catch up, without counting it again.
    e->searcher->reopen();
    e->checked = now;
    e->generation = changes;
  } else if (now - e->checked >= interval_) {
    e->checked = now;
    if (e->searcher->reopen()) e->generation = ++changes_;
  }
  return *e->searcher;
}

std::size_t SearcherPool::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t n = 0;
  for (const auto& [id, e] : entries_) n += e.searcher != nullptr;
  return n;
}

}  // namespace dateline::http
