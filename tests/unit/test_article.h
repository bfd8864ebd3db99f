#pragma once

// A test article for the unit tests that index a few articles
// (index/, search/, http/).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "article/article.h"

namespace dateline::test_support {

/// An article with these fields and source "Test Wire"; no URL, language
/// or entities (a test sets what it needs).
inline article::Article make_article(const std::string& id, const std::string& title, const std::string& body,
                                     std::optional<std::int64_t> published = std::nullopt) {
  article::Article a;
  a.id = id;
  a.title = title;
  a.body = body;
  a.published = published;
  a.source = "Test Wire";
  return a;
}

/// Seconds since the epoch of a UTC day, for an article's date.
inline std::int64_t utc_day(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_seconds(sys_days(year_month_day(year(y), month(m), std::chrono::day(d))))
      .time_since_epoch()
      .count();
}

}  // namespace dateline::test_support
