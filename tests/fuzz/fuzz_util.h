#pragma once

// Helpers shared by the libFuzzer targets in this folder.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "article/article_json.h"
#include "ingest/reader.h"

namespace dateline::fuzz {

/// The fuzzer's bytes as a string view (no copy).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

/// An ErrorSink that builds each message the way the indexer prints it and
/// carries on, as dateline-index does without --strict.
class CountingSink : public ingest::ErrorSink {
 public:
  void report(const InputError& error) override {
    // what() is the "path:line: message" text the indexer prints.
    bytes_ += std::string_view(error.what()).size();
    ++count_;
  }
  std::size_t count() const { return count_; }

 private:
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
};

/// Stores an article as the indexer does and reads it back as a search
/// does; aborts (a finding) unless the date survives and storing the read
/// article gives the same bytes.
inline void check_stored_round_trip(const article::Article& a) {
  std::string stored = article::to_stored_json(a);
  article::Article back = article::from_stored_json(stored);
  if (back.published != a.published) std::abort();
  if (article::to_stored_json(back) != stored) std::abort();
}

}  // namespace dateline::fuzz
