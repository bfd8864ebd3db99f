#include "index/shards.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "index/indexer.h"
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
  TempDir() : test_support::TempDir("shards-test") {}
};

IndexStats index_all(const std::string& db, std::vector<article::Article> articles,
                     std::optional<ShardBy> by) {
  IndexerOptions o;
  o.shard_by = by;
  return test_support::index_articles(db, std::move(articles), std::move(o));
}

// Every document of the database at path, as id -> stored data.
std::map<std::string, std::string> documents(const std::string& path) {
  Xapian::Database db(path);
  std::map<std::string, std::string> out;
  const std::string q = schema::id_term("");
  for (auto t = db.allterms_begin(q); t != db.allterms_end(q); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) {
      out[(*t).substr(q.size())] = db.get_document(*p).get_data();
    }
  }
  return out;
}

// The ids one shard holds.
std::set<std::string> shard_ids(const std::string& dir, const std::string& period) {
  std::set<std::string> ids;
  for (const auto& [id, data] : documents(shard_path(dir, period))) ids.insert(id);
  return ids;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<article::Article> sample() {
  return {make_article("a", "Oil prices rise", "Crude oil rose.", utc_day(2023, 12, 31)),
          make_article("b", "Harbour strike", "Dockers stop work.", utc_day(2024, 3, 1)),
          make_article("c", "Harbour strike ends", "Dockers return.", utc_day(2024, 3, 20)),
          make_article("d", "Grain harvest", "A record harvest.", utc_day(2024, 7, 4)),
          make_article("e", "Undated note", "No date on this one.")};
}

TEST(ShardsTest, PeriodNames) {
  struct Case {
    ShardBy mode;
    std::optional<std::int64_t> published;
    const char* want;
  } cases[] = {
      {ShardBy::kYear, utc_day(2024, 3, 1), "2024"},
      {ShardBy::kMonth, utc_day(2024, 3, 1), "2024-03"},
      {ShardBy::kMonth, utc_day(1987, 12, 31) + 86399, "1987-12"},  // last second of the month, UTC
      {ShardBy::kYear, utc_day(1969, 7, 20), "1969"},               // before the epoch
      {ShardBy::kYear, std::nullopt, "undated"},
      {ShardBy::kMonth, std::nullopt, "undated"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(shard_period(c.mode, c.published), c.want) << c.want;
    EXPECT_TRUE(is_shard_period(c.mode, c.want)) << c.want;
  }
  EXPECT_FALSE(is_shard_period(ShardBy::kYear, "2024-03"));
  EXPECT_FALSE(is_shard_period(ShardBy::kMonth, "2024"));
  EXPECT_FALSE(is_shard_period(ShardBy::kYear, "../x"));
  EXPECT_EQ(parse_shard_by("month"), ShardBy::kMonth);
  EXPECT_EQ(parse_shard_by("week"), std::nullopt);
}

TEST(ShardsTest, ByYearWritesOneDatabasePerYearAndAStub) {
  TempDir tmp;
  IndexStats s = index_all(tmp.db(), sample(), ShardBy::kYear);
  EXPECT_EQ(s.added, 5u);
  EXPECT_EQ(s.replaced, 0u);
  EXPECT_EQ(sharded_mode(tmp.db()), ShardBy::kYear);
  EXPECT_EQ(stub_periods(tmp.db()), (std::vector<std::string>{"2023", "2024", "undated"}));
  EXPECT_EQ(read_file(tmp.db() + "/XAPIANDB"),
            "# dateline shard-by: year\n"
            "# The shards of this dateline index, one database per period (dateline-index writes this "
            "file).\n"
            "auto shards/2023\nauto shards/2024\nauto shards/undated\n");
  EXPECT_EQ(shard_ids(tmp.db(), "2024"), (std::set<std::string>{"b", "c", "d"}));
  EXPECT_EQ(shard_ids(tmp.db(), "undated"), (std::set<std::string>{"e"}));
  EXPECT_EQ(Xapian::Database(shard_path(tmp.db(), "2023")).get_metadata(kShardByKey), "year");
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 5u) << "the stub opens all shards as one";
}

TEST(ShardsTest, ByMonth) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kMonth);
  EXPECT_EQ(stub_periods(tmp.db()), (std::vector<std::string>{"2023-12", "2024-03", "2024-07", "undated"}));
  EXPECT_EQ(shard_ids(tmp.db(), "2024-03"), (std::set<std::string>{"b", "c"}));
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 5u);
}

TEST(ShardsTest, TheUnionHoldsWhatASingleIndexHolds) {
  TempDir tmp;
  std::vector<article::Article> as = sample();
  // A later copy of "b" in the same run replaces it, as in a single index.
  as.push_back(make_article("b", "Harbour strike (corrected)", "Dockers stop work.", utc_day(2024, 3, 1)));
  index_all(tmp.db("single"), as, std::nullopt);
  index_all(tmp.db("year"), as, ShardBy::kYear);
  index_all(tmp.db("month"), as, ShardBy::kMonth);
  const auto single = documents(tmp.db("single"));
  EXPECT_EQ(single.size(), 5u);
  EXPECT_EQ(documents(tmp.db("year")), single);
  EXPECT_EQ(documents(tmp.db("month")), single);
  EXPECT_EQ(Xapian::Database(tmp.db("single")).get_avlength(),
            Xapian::Database(tmp.db("year")).get_avlength())
      << "length statistics are global across shards";
}

TEST(ShardsTest, ASecondRunAddsANewYearAndKeepsTheMode) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kYear);
  // No --shard-by: the index keeps its layout.
  IndexStats s =
      index_all(tmp.db(), {make_article("f", "New year", "Fireworks.", utc_day(2025, 1, 1))}, std::nullopt);
  EXPECT_EQ(s.added, 1u);
  EXPECT_EQ(stub_periods(tmp.db()), (std::vector<std::string>{"2023", "2024", "2025", "undated"}));
  EXPECT_EQ(shard_ids(tmp.db(), "2025"), (std::set<std::string>{"f"}));
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 6u);
}

TEST(ShardsTest, AContradictingModeIsRefused) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kYear);
  for (ShardBy by : {ShardBy::kMonth, ShardBy::kNone}) {
    try {
      index_all(tmp.db(), sample(), by);
      ADD_FAILURE() << shard_by_name(by) << " on a year-sharded index was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("sharded by year"), std::string::npos) << e.what();
    }
  }
  index_all(tmp.db("single"), sample(), std::nullopt);
  try {
    index_all(tmp.db("single"), sample(), ShardBy::kYear);
    ADD_FAILURE() << "--shard-by year on a single index was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("holds a single index"), std::string::npos) << e.what();
  }
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 5u) << "a refused run leaves the index alone";
}

TEST(ShardsTest, ReplacingAnIdWhoseDateChangedMovesIt) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kYear);
  // "a" was dated 2023; its correction is dated 2024: it leaves 2023.
  IndexStats s = index_all(
      tmp.db(), {make_article("a", "Oil prices rise (corrected)", "Crude oil rose.", utc_day(2024, 1, 2))},
      std::nullopt);
  EXPECT_EQ(s.added, 0u);
  EXPECT_EQ(s.replaced, 1u);
  EXPECT_TRUE(shard_ids(tmp.db(), "2023").empty());
  EXPECT_EQ(shard_ids(tmp.db(), "2024"), (std::set<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 5u);

  // Within one run too: dated, then undated, then dated again.
  s = index_all(tmp.db(),
                {make_article("g", "One", "x", utc_day(2022, 5, 5)), make_article("g", "Two", "x"),
                 make_article("g", "Three", "x", utc_day(2021, 5, 5))},
                std::nullopt);
  EXPECT_EQ(s.added, 1u);
  EXPECT_EQ(s.replaced, 2u);
  EXPECT_TRUE(shard_ids(tmp.db(), "2022").empty());
  EXPECT_EQ(shard_ids(tmp.db(), "undated"), (std::set<std::string>{"e"}));
  EXPECT_EQ(shard_ids(tmp.db(), "2021"), (std::set<std::string>{"g"}));
  EXPECT_EQ(documents(tmp.db()).size(), 6u);
}

TEST(ShardsTest, DeleteFindsTheShardHoldingEachId) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kMonth);
  std::vector<std::string> missing = delete_articles(tmp.db(), {"a", "c", "e", "nope"});
  EXPECT_EQ(missing, (std::vector<std::string>{"nope"}));
  EXPECT_EQ(shard_ids(tmp.db(), "2024-03"), (std::set<std::string>{"b"}));
  EXPECT_TRUE(shard_ids(tmp.db(), "undated").empty());
  EXPECT_EQ(documents(tmp.db()).size(), 2u);
}

TEST(ShardsTest, AKilledRunsUnlistedShardIsListedAgain) {
  TempDir tmp;
  index_all(tmp.db(), sample(), ShardBy::kYear);
  // As if a run died after creating the 2024 shard and before listing it.
  write_shard_stub(tmp.db(), ShardBy::kYear, {"2023", "undated"});
  index_all(tmp.db(), {}, std::nullopt);
  EXPECT_EQ(stub_periods(tmp.db()), (std::vector<std::string>{"2023", "2024", "undated"}));
}

TEST(ShardsTest, ASecondWriterIsLockedOut) {
  TempDir tmp;
  IndexerOptions o;
  o.db_path = tmp.db();
  o.shard_by = ShardBy::kYear;
  Indexer first(o);
  EXPECT_THROW(Indexer second(o), Error);
  EXPECT_THROW(delete_articles(tmp.db(), {"a"}), Error);
  first.finish();
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 0u) << "an empty sharded index opens";
}

}  // namespace
}  // namespace dateline::index
