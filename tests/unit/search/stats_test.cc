#include "search/stats.h"

#include <gtest/gtest.h>

#include "search/search_test_db.h"

namespace dateline::search {
namespace {

TEST(StatsTest, CountsAndDateRange) {
  test_support::MemoryIndex ix;
  ix.add("a", "One", "x", {}, {}, {}, 1770370200);  // 2026-02-06T09:30:00Z
  ix.add("b", "Two", "x", {}, {}, {}, 1761998400);  // 2025-11-01T12:00:00Z
  ix.add("c", "Three", "x", {}, {}, {}, std::nullopt);
  IndexStatsInfo s = index_stats(ix.db(), "/nonexistent/path");
  EXPECT_EQ(s.articles, 3u);
  EXPECT_EQ(s.undated, 1u);
  EXPECT_EQ(s.first_date, "2025-11-01T12:00:00Z");
  EXPECT_EQ(s.last_date, "2026-02-06T09:30:00Z");
  EXPECT_EQ(s.schema_version, schema::kSchemaVersion);
  EXPECT_EQ(s.path, "/nonexistent/path");
  EXPECT_EQ(s.size_bytes, 0u) << "nothing on disk at that path";
}

TEST(StatsTest, OnlyUndated) {
  test_support::MemoryIndex ix;
  ix.add("c", "Three", "x", {}, {}, {}, std::nullopt);
  IndexStatsInfo s = index_stats(ix.db(), "");
  EXPECT_EQ(s.articles, 1u);
  EXPECT_EQ(s.undated, 1u);
  EXPECT_EQ(s.first_date, "");
  EXPECT_EQ(s.last_date, "");
}

}  // namespace
}  // namespace dateline::search
