#include "search/facets.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dateline::search {
namespace {

// Day numbers (days since 1970-01-01).
constexpr std::int64_t kYear1 = -719162;     // 0001-01-01
constexpr std::int64_t kYear1000 = -354285;  // 1000-01-01
constexpr std::int64_t kYear9999 = 2932896;  // 9999-12-31
constexpr std::int64_t kJan2026 = 20454;     // 2026-01-01

using Days = std::map<std::int64_t, std::uint64_t>;

std::uint64_t total(const std::vector<TimelineBucket>& t) {
  std::uint64_t n = 0;
  for (const TimelineBucket& b : t) n += b.count;
  return n;
}

TEST(TimelineTest, UnitsWithinTheCapKeepEveryBucket) {
  Days days = {{kJan2026, 2}, {kJan2026 + 40, 1}};
  std::string unit, note;
  std::vector<TimelineBucket> t = make_timeline(days, "day", &unit, &note);
  EXPECT_EQ(unit, "day");
  EXPECT_EQ(note, "");
  ASSERT_EQ(t.size(), 41u);
  EXPECT_EQ(t.front().date, "2026-01-01");
  EXPECT_EQ(t.back().date, "2026-02-10");
  EXPECT_EQ(total(t), 3u);
  t = make_timeline(days, "auto", &unit, &note);
  EXPECT_EQ(unit, "day");
  t = make_timeline(days, "month", &unit, &note);
  EXPECT_EQ(unit, "month");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].date, "2026-01");
  EXPECT_EQ(t[1].date, "2026-02");
}

// Issue 13: two articles dated 0001-01-01 and 9999-12-31 made timeline=day
// build 3,652,059 buckets (117 MB of JSON, 2.25 GB of memory).
TEST(TimelineTest, TooManyBucketsFallBackToACoarserUnitAndSaySo) {
  struct Case {
    Days days;
    std::string asked;
    std::string unit;
    std::size_t buckets;
    std::string note;  // "" when none
  } cases[] = {
      {{{kYear1, 1}, {kYear9999, 1}}, "day", "year", 9999,
       "a timeline by day from 0001-01-01 to 9999-12-31 would have 3652059 buckets, more than "
       "10000; counted by year instead"},
      {{{kYear1, 1}, {kYear9999, 1}}, "month", "year", 9999,
       "a timeline by month from 0001-01-01 to 9999-12-31 would have 119988 buckets, more than "
       "10000; counted by year instead"},
      {{{kYear1, 1}, {kYear9999, 1}}, "year", "year", 9999, ""},
      {{{kYear1, 1}, {kYear9999, 1}}, "auto", "year", 9999, ""},
      {{{kYear1000, 1}, {kYear9999, 1}}, "day", "year", 9000,
       "a timeline by day from 1000-01-01 to 9999-12-31 would have 3287182 buckets, more than "
       "10000; counted by year instead"},
      // 10,000 days fit; 10,001 days are counted by month.
      {{{kJan2026, 1}, {kJan2026 + 9999, 1}}, "day", "day", 10000, ""},
      {{{kJan2026, 1}, {kJan2026 + 10000, 1}}, "day", "month", 329,
       "a timeline by day from 2026-01-01 to 2053-05-19 would have 10001 buckets, more than "
       "10000; counted by month instead"},
  };
  for (const Case& c : cases) {
    std::string unit, note;
    std::vector<TimelineBucket> t = make_timeline(c.days, c.asked, &unit, &note);
    std::string what = c.asked + " " + std::to_string(c.days.begin()->first);
    EXPECT_EQ(unit, c.unit) << what;
    EXPECT_EQ(t.size(), c.buckets) << what;
    EXPECT_LE(t.size(), kMaxTimelineBuckets) << what;
    EXPECT_EQ(note, c.note) << what;
    EXPECT_EQ(total(t), 2u) << what;
  }
}

TEST(TimelineTest, YearsBeyondTheCapListOnlyTheYearsWithMatches) {
  // A cap of 100 buckets over 0001..9999: even years are too many.
  Days days = {{kYear1, 1}, {kJan2026, 3}, {kJan2026 + 1, 1}, {kYear9999, 2}};
  std::string unit, note;
  std::vector<TimelineBucket> t = make_timeline(days, "day", &unit, &note, 100);
  EXPECT_EQ(unit, "year");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].date, "0001");
  EXPECT_EQ(t[1].date, "2026");
  EXPECT_EQ(t[1].count, 4u);
  EXPECT_EQ(t[2].date, "9999");
  EXPECT_NE(note.find("counted by year instead; only the years with matches are listed"),
            std::string::npos)
      << note;
}

TEST(TimelineTest, NoDaysNoBuckets) {
  std::string unit, note = "stale";
  EXPECT_TRUE(make_timeline({}, "auto", &unit, &note).empty());
  EXPECT_EQ(unit, "month");
  EXPECT_EQ(note, "");
}

}  // namespace
}  // namespace dateline::search
