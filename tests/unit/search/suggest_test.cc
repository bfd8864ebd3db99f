#include "search/suggest.h"

#include <gtest/gtest.h>

#include "search/search_test_db.h"
#include "util/error.h"

namespace dateline::search {
namespace {

class SuggestTest : public testing::Test {
 protected:
  void SetUp() override {
    ix_.add("a1", "Reactor talks", "x", {"Ronald Reagan"}, {"Reading Group"});
    ix_.add("a2", "Reactor news", "x", {"Ronald Reagan"});
    ix_.add("a3", "Other", "x", {"Reagan"});
  }
  // Counts a suggestion as the number of articles holding its text in a
  // title (words) or as a filter value; records what was asked.
  std::vector<Suggestion> run(std::string_view prefix, std::size_t limit = 10) {
    RequestCounter count = [this](const SearchRequest& req) -> std::uint64_t {
      asked_.push_back(req.query.empty() ? req.filters.at(0).first + "=" + req.filters.at(0).second
                                         : req.query);
      if (req.query == "bad") throw InputError("", 0, "bad", "q");
      return req.query.empty() ? 2 : 1;
    };
    return suggest(ix_.db(), countries_, aliases_, count, prefix, limit);
  }
  test_support::MemoryIndex ix_;
  CountryNames countries_;
  Aliases aliases_;
  std::vector<std::string> asked_;
};

TEST_F(SuggestTest, NamesAndTitleWordsByWhatTheirSearchFinds) {
  std::vector<Suggestion> s = run("rea");
  ASSERT_EQ(s.size(), 3u);
  // The surname alone counts towards the full name: one person, shown in
  // its display form.
  EXPECT_EQ(s[0].text, "Ronald Reagan");
  EXPECT_EQ(s[0].kind, "person");
  EXPECT_EQ(s[1].text, "Reading Group");
  EXPECT_EQ(s[1].kind, "org");
  EXPECT_EQ(s[2].text, "reactor");
  EXPECT_EQ(s[2].kind, "word");
  EXPECT_EQ(s[2].count, 1u);
  EXPECT_NE(std::find(asked_.begin(), asked_.end(), "person=Ronald Reagan"), asked_.end());
}

TEST_F(SuggestTest, EveryTypedWordButTheLastIsWhole) {
  std::vector<Suggestion> s = run("ronald rea");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].text, "Ronald Reagan");
  EXPECT_TRUE(run("ron rea").empty());
}

TEST_F(SuggestTest, LimitsAndEmptyInput) {
  EXPECT_EQ(run("rea", 1).size(), 1u);
  EXPECT_TRUE(run("rea", 0).empty());
  EXPECT_TRUE(run("   ").empty());
  EXPECT_TRUE(run("zzz").empty());
}

TEST_F(SuggestTest, CountriesThroughNames) {
  ix_.add("a4", "Other", "x", {}, {}, {{"Paris", "FR"}});
  countries_.codes = [](std::string_view v) {
    return v == "fra" ? std::vector<std::string>{"FR"} : std::vector<std::string>{};
  };
  countries_.label = [](std::string_view) { return std::string("France"); };
  std::vector<Suggestion> s = run("fra");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].text, "France");
  EXPECT_EQ(s[0].kind, "country");
}

}  // namespace
}  // namespace dateline::search
