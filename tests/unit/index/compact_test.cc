#include "index/compact.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "index/indexer.h"
#include "index/layout.h"
#include "index/shards.h"
#include "index/stub_file.h"
#include "schema/terms.h"
#include "temp_index.h"
#include "test_article.h"
#include "util/error.h"

namespace dateline::index {
namespace {

namespace fs = std::filesystem;
using test_support::make_article;
using test_support::utc_day;

struct TempDir : test_support::TempDir {
  TempDir() : test_support::TempDir("compact-test") {}
};

// Every document of the index at path: id -> (docid, stored data), and the
// frequency of one word, so a test sees documents, docids and terms.
struct Contents {
  std::map<std::string, std::pair<Xapian::docid, std::string>> docs;
  Xapian::doccount harbour = 0;
  bool operator==(const Contents&) const = default;
};

Contents contents(const std::string& path) {
  Xapian::Database db(path);
  Contents c;
  const std::string q = schema::id_term("");
  for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      c.docs[(*t).substr(q.size())] = {*p, db.get_document(*p).get_data()};
    }
  }
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    if ((*t).find("harbour") != std::string::npos) c.harbour += t.get_termfreq();
  }
  return c;
}

// n articles a<first>..., dated in year (or undated when year is 0).
std::vector<article::Article> articles(int first, int n, int year) {
  std::vector<article::Article> out;
  for (int i = first; i < first + n; ++i) {
    std::optional<std::int64_t> when;
    if (year != 0) when = utc_day(year, 1 + static_cast<unsigned>(i % 12), 1 + static_cast<unsigned>(i % 27));
    out.push_back(make_article("a" + std::to_string(i), "Harbour report " + std::to_string(i),
                               "The harbour of town " + std::to_string(i) + " reopened after the storm.",
                               when));
  }
  return out;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CompactTest, AnIndexGrownByRunsBecomesANewGenerationWithTheSameDocuments) {
  TempDir tmp;
  const std::string db = tmp.db();
  for (int run = 0; run < 4; ++run) test_support::index_articles(db, articles(run * 10, 10, 2020));
  const Contents before = contents(db);
  ASSERT_EQ(before.docs.size(), 40u);
  const std::string old_generation = stub_target(db);

  const std::vector<CompactedDatabase> done = compact_index(db, {});
  ASSERT_EQ(done.size(), 1u);
  EXPECT_LE(done[0].bytes_after, done[0].bytes_before);
  EXPECT_GT(done[0].bytes_after, 0u);
  EXPECT_EQ(contents(db), before);  // same ids, docids, data and terms
  const std::string generation = stub_target(db);
  EXPECT_NE(generation, old_generation);
  EXPECT_EQ(entries(db), (std::vector<std::string>{kStub, generation}));  // the old generation is gone

  // Still an index the next run writes to.
  test_support::index_articles(db, articles(40, 1, 2021));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 41u);
  EXPECT_TRUE(delete_articles(db, {"a3"}).empty());
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 40u);
}

TEST(CompactTest, APlainDatabaseBecomesTheFirstGeneration) {
  TempDir tmp;
  const std::string db = tmp.db();
  {
    Xapian::WritableDatabase w = open_writable(db);
    Xapian::Document d;
    d.set_data("plain");
    d.add_boolean_term(schema::id_term("p1"));
    w.add_document(d);
    w.commit();
  }
  ASSERT_TRUE(fs::exists(fs::path(db) / kGlassVersion));
  const Contents before = contents(db);
  compact_index(db, {});
  EXPECT_FALSE(fs::exists(fs::path(db) / kGlassVersion));
  EXPECT_EQ(entries(db), (std::vector<std::string>{kStub, stub_target(db)}));
  EXPECT_EQ(contents(db), before);
}

TEST(CompactTest, EachShardIsSwappedInPlace) {
  TempDir tmp;
  const std::string db = tmp.db();
  IndexerOptions o;
  o.shard_by = ShardBy::kYear;
  for (int run = 0; run < 3; ++run) {
    std::vector<article::Article> batch = articles(run * 30, 10, 1990);
    for (auto& a : articles(run * 30 + 10, 10, 1991)) batch.push_back(std::move(a));
    for (auto& a : articles(run * 30 + 20, 10, 0)) batch.push_back(std::move(a));
    test_support::index_articles(db, std::move(batch), o);
  }
  const Contents before = contents(db);
  ASSERT_EQ(before.docs.size(), 90u);
  const std::vector<std::string> stub_before = stub_periods(db);
  // A copy a killed compaction left beside a shard goes.
  fs::create_directories(fs::path(db) / "shards" / ".1990.new");

  const std::vector<CompactedDatabase> done = compact_index(db, {});
  ASSERT_EQ(done.size(), 3u);
  for (const CompactedDatabase& c : done) EXPECT_LE(c.bytes_after, c.bytes_before) << c.path;
  EXPECT_EQ(contents(db), before);
  EXPECT_EQ(stub_periods(db), stub_before);
  EXPECT_EQ(entries(fs::path(db) / "shards"), (std::vector<std::string>{"1990", "1991", "undated"}));

  // One period; then the shards take the next run's articles.
  const std::vector<CompactedDatabase> one = compact_index(db, {"1991"});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(fs::path(one[0].path).filename(), "1991");
  test_support::index_articles(db, articles(100, 5, 1991), o);
  EXPECT_EQ(Xapian::Database(shard_path(db, "1991")).get_doccount(), 35u);
  EXPECT_TRUE(delete_articles(db, {"a0", "a100"}).empty());
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 93u);
}

TEST(CompactTest, AnIndexingRunRemovesTheCopiesOfAKilledCompaction) {
  TempDir tmp;
  const std::string db = tmp.db();
  IndexerOptions o;
  o.shard_by = ShardBy::kYear;
  test_support::index_articles(db, articles(0, 4, 1990), o);
  fs::create_directories(fs::path(db) / "shards" / ".1990.new" / "junk");
  fs::create_directories(fs::path(db) / "shards" / ".1990.old");
  test_support::index_articles(db, articles(4, 2, 1990), o);
  EXPECT_EQ(entries(fs::path(db) / "shards"), (std::vector<std::string>{"1990"}));
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 6u);
}

TEST(CompactTest, BadTargetsAreErrorsNamingThePath) {
  TempDir tmp;
  const std::string db = tmp.db();
  EXPECT_THROW(compact_index(db, {}), Error);  // nothing there
  EXPECT_FALSE(fs::exists(fs::path(db) / kStub));
  test_support::index_articles(db, articles(0, 3, 2020));
  try {
    (void)compact_index(db, {"2020"});
    FAIL() << "a period on a single index was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(db), std::string::npos) << e.what();
  }
  IndexerOptions o;
  o.shard_by = ShardBy::kYear;
  test_support::index_articles(tmp.db("sharded"), articles(0, 3, 2020), o);
  try {
    (void)compact_index(tmp.db("sharded"), {"1999"});
    FAIL() << "an unknown period was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("1999"), std::string::npos) << e.what();
  }
}

TEST(CompactTest, AnotherRunHoldingTheIndexStopsIt) {
  TempDir tmp;
  const std::string db = tmp.db();
  test_support::index_articles(db, articles(0, 3, 2020));
  Xapian::WritableDatabase writer = open_writable(db);
  EXPECT_THROW(compact_index(db, {}), Error);
  writer.close();
  IndexerOptions o;
  o.shard_by = ShardBy::kYear;
  const std::string sharded = tmp.db("sharded");
  test_support::index_articles(sharded, articles(0, 3, 2020), o);
  ShardLock held(sharded);
  EXPECT_THROW(compact_index(sharded, {}), Error);
}

}  // namespace
}  // namespace dateline::index
