#include "search/options.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace dateline::search {
namespace {

TEST(OptionsTest, SortNames) {
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest, SortOrder::kRecent}) {
    EXPECT_EQ(parse_sort(sort_name(s)), s) << sort_name(s);
  }
  try {
    (void)parse_sort("random");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "sort");
  }
}

TEST(OptionsTest, HalfLife) {
  struct Case {
    const char* in;
    double days;
  } cases[] = {{"30d", 30}, {"12h", 0.5}, {"2w", 14}, {"1y", 365.25}, {"7", 7}, {"1.5d", 1.5}};
  for (const Case& c : cases) EXPECT_DOUBLE_EQ(parse_half_life(c.in), c.days) << c.in;
  for (const char* bad : {"", "d", "0", "-3d", "abc", "3x", "nan", "inf", "1e999", "1e5d"}) {
    try {
      (void)parse_half_life(bad);
      ADD_FAILURE() << "no error for \"" << bad << '"';
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "half_life") << bad;
    }
  }
}

}  // namespace
}  // namespace dateline::search
