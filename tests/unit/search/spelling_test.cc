#include "search/spelling.h"

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/indexer.h"
#include "search/query_parser.h"
#include "search/searcher.h"
#include "test_article.h"

namespace dateline::search {
namespace {

namespace fs = std::filesystem;

// A small archive with the shapes spelling has to tell apart:
//   "interest" in 120 articles, the typo "intrest" in one of them;
//   "gulf" in 200 articles (10 with "air"), the airline "Gull Air" in 3;
//   "shrs" in 120 articles, "shows" in 60, always with "report";
//   "rate" and "rates" (one stem);
//   "bonn" in 5 articles, "bond" in 60 (a ratio below min_ratio).
std::vector<article::Article> corpus() {
  std::vector<article::Article> out;
  int n = 0;
  auto add = [&](const std::string& title, const std::string& body) {
    ++n;
    out.push_back(test_support::make_article("a" + std::to_string(n), title, body));
  };
  for (int i = 0; i < 120; ++i) {
    add("Interest rates", i == 0 ? "The intrest rate rose." : "The interest rate rose.");
  }
  for (int i = 0; i < 200; ++i) add("Gulf news", i < 10 ? "Gulf air traffic grew." : "Gulf shipping.");
  for (int i = 0; i < 3; ++i) add("Gull air", "The airline Gull Air flies again.");
  for (int i = 0; i < 120; ++i) add("Shrs sold", "Holders sold shrs.");
  for (int i = 0; i < 60; ++i) add("Report", "The report shows growth.");
  for (int i = 0; i < 5; ++i) add("Bonn talks", "Officials met in Bonn.");
  for (int i = 0; i < 60; ++i) add("Bond market", "A bond issue.");
  return out;
}

class SpellingTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("dateline-spelling-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    index::IndexerOptions o;
    o.db_path = db_path();
    o.threads = 2;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (article::Article& a : corpus()) ix.add({std::move(a), "corpus.jsonl", ++line});
    (void)ix.finish();
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  static std::string db_path() { return (*dir_ / "db").string(); }

  void SetUp() override { db_ = Xapian::Database(db_path()); }

  // Hits of a query text, as the searcher counts them (no filters).
  Xapian::doccount count(const std::string& text) {
    ParsedQuery pq = QueryParser().parse(text);
    Xapian::Enquire enquire(db_);
    enquire.set_query(pq.query);
    return enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  }
  std::string correct(const std::string& query) {
    ParsedQuery pq = QueryParser().parse(query);
    HitCounter counter = [&](const std::string& text, Xapian::doccount) { return count(text); };
    return SpellingCorrector(db_).correct_query(query, pq.plain_words, count(query), counter);
  }

  static fs::path* dir_;
  Xapian::Database db_;
};

fs::path* SpellingTest::dir_ = nullptr;

TEST(EditDistanceTest, Cases) {
  struct Case {
    const char* a;
    const char* b;
    int cap;
    int want;
  };
  const Case cases[] = {
      {"intrest", "interest", 2, 1},
      {"teh", "the", 2, 1},
      {"tarrifs", "tariffs", 2, 2},
      {"volker", "volcker", 1, 1},
      {"same", "same", 1, 0},
      {"", "abc", 3, 3},
      {"abc", "", 1, 2},
      {"kitten", "sitting", 2, 3},
      {"kitten", "sitting", 3, 3},
      {"shws", "shows", 1, 1},
      {"abcdef", "badcfe", 3, 3},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(edit_distance(c.a, c.b, c.cap), c.want) << c.a << " / " << c.b << " cap " << c.cap;
  }
}

TEST_F(SpellingTest, RareWordInTheIndexIsCorrected) {
  // "intrest" is in one article: still a typo next to 120 "interest".
  ASSERT_EQ(db_.get_termfreq("intrest"), 1u);
  std::optional<WordCorrection> c = SpellingCorrector(db_).correct_word("intrest");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->word, "interest");
  EXPECT_EQ(c->distance, 1);
  EXPECT_EQ(c->typed_freq, 1u);
  EXPECT_EQ(correct("Intrest rates"), "interest rates");
  EXPECT_EQ(correct("intrest"), "interest");
}

TEST_F(SpellingTest, AbsentWordIsCorrected) {
  EXPECT_EQ(correct("interst rates"), "interest rates");
  EXPECT_EQ(correct("rates intersts"), "rates interest");
}

TEST_F(SpellingTest, WordsLeftAlone) {
  struct Case {
    const char* word;
    const char* why;
  };
  const Case cases[] = {
      {"interest", "the common word itself"},
      {"rates", "\"rate\" is the same stem: the same hits"},
      {"bonn", "\"bond\" is only 12 times as frequent"},
      {"in", "too short"},
      {"intrest2", "holds a digit"},
      {"xyzzy", "nothing near"},
      {"nterest", "the first letter is never corrected"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(SpellingCorrector(db_).correct_word(c.word).has_value()) << c.word << ": " << c.why;
  }
}

TEST_F(SpellingTest, FewHitsDecides) {
  // Alone, "gull" finds 3 articles against 200 for "gulf": corrected.
  EXPECT_EQ(correct("gull"), "gulf");
  // With "air" it finds the airline: 3 hits against 10 for "gulf air".
  EXPECT_EQ(count("gull air"), 3u);
  EXPECT_EQ(count("gulf air"), 10u);
  EXPECT_EQ(correct("gull air"), "");
}

TEST_F(SpellingTest, EquallyNearWordsPickedByTheQuery) {
  // "shws" is one edit from "shrs" (120) and "shows" (60): the other
  // words choose.
  std::vector<WordCorrection> c = SpellingCorrector(db_).candidates("shws");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].word, "shrs");
  EXPECT_EQ(c[1].word, "shows");
  EXPECT_EQ(correct("shws"), "shrs");
  EXPECT_EQ(correct("report shws"), "report shows");
}

TEST_F(SpellingTest, OptionsAreHonoured) {
  SpellingOptions loose;
  loose.min_ratio = 10;
  std::optional<WordCorrection> c = SpellingCorrector(db_, loose).correct_word("bonn");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->word, "bond");
  SpellingOptions short_words;
  short_words.two_edits_from = 100;
  EXPECT_FALSE(SpellingCorrector(db_, short_words).correct_word("intersts").has_value());
  EXPECT_TRUE(SpellingCorrector(db_).correct_word("intersts").has_value());
}

TEST_F(SpellingTest, SearcherSuggestsTheCorrection) {
  Searcher s(db_path());
  SearchRequest req;
  req.query = "intrest rates";
  SearchResult r = s.search(req);
  EXPECT_EQ(r.total, 1u);
  EXPECT_EQ(r.corrected_query, "interest rates");
  req.query = "interest rates";
  EXPECT_EQ(s.search(req).corrected_query, "");
  req.query = "gull air";
  EXPECT_EQ(s.search(req).corrected_query, "");
  req.query = "intrest";
  req.spelling = false;
  EXPECT_EQ(s.search(req).corrected_query, "");
}

}  // namespace
}  // namespace dateline::search
