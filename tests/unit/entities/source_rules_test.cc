#include "entities/source_rules.h"

#include <gtest/gtest.h>

#include <string>

namespace dateline::entities {
namespace {

TEST(SourceRulesTest, ReutersBodyEndDropsSignOffs) {
  struct Case {
    std::string body;
    std::string kept;
  };
  const Case cases[] = {
      {"Prices rose.\n Reuter\n", "Prices rose."},
      {"Prices rose.\n REUTER\n Reuter\n", "Prices rose."},  // twice
      {"Prices rose.  \r\n\t", "Prices rose."},              // white space only
      {"Prices rose.", "Prices rose."},
      {"Reuter", ""},
      {"", ""},
      {"Talks with Reuters", "Talks with Reuters"},  // not the sign-off
      {"Said Reuter said", "Said Reuter said"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.body.substr(0, reuters_body_end(c.body)), c.kept) << c.body;
  }
}

TEST(SourceRulesTest, ReutersHasItsRules) {
  const SourceRules& r = source_rules("Reuters");
  ASSERT_NE(r.body_end, nullptr);
  EXPECT_EQ(r.body_end("A.\n Reuter\n"), 2u);
  EXPECT_EQ(r.ticker_open, "<");
}

TEST(SourceRulesTest, OtherSourcesHaveNone) {
  for (const char* source : {"", "Dateline Wire", "reuters", "Reuters Canada"}) {
    const SourceRules& r = source_rules(source);
    EXPECT_EQ(r.body_end, nullptr) << source;
    EXPECT_TRUE(r.ticker_open.empty()) << source;
  }
}

}  // namespace
}  // namespace dateline::entities
