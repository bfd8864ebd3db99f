#include "search/stats.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

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

// A stub file's size is its own and its local shards' files; a remote
// shard's files are elsewhere, so the size is unknown rather than short.
TEST(StatsTest, SizeOfAStubsShards) {
  namespace fs = std::filesystem;
  test_support::MemoryIndex ix;
  ix.add("a", "One", "x", {}, {}, {}, std::nullopt);
  fs::path dir = fs::temp_directory_path() / ("dateline-stats-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "s1");
  std::ofstream(dir / "s1" / "data") << std::string(1000, 'x');
  std::ofstream(dir / "stub") << "auto s1\n";
  const std::uintmax_t stub_bytes = fs::file_size(dir / "stub");
  ShardSpec local;
  local.path = (dir / "s1").string();
  IndexStatsInfo s = index_stats(ix.db(), (dir / "stub").string(), {local});
  EXPECT_TRUE(s.size_known);
  EXPECT_EQ(s.size_bytes, 1000u + stub_bytes);
  EXPECT_EQ(s.shards, 1u);
  EXPECT_EQ(s.remote_shards, 0u);

  ShardSpec remote;
  remote.kind = ShardSpec::Kind::kRemote;
  remote.host = "127.0.0.1";
  remote.port = 1;
  s = index_stats(ix.db(), (dir / "stub").string(), {local, remote});
  EXPECT_FALSE(s.size_known);
  EXPECT_EQ(s.shards, 2u);
  EXPECT_EQ(s.remote_shards, 1u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dateline::search
