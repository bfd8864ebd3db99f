#include "search/facets.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/date.h"

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

// Issue 13: a date slot value is range-checked before it becomes an
// integer: infinities, values beyond int64 and dates outside years 1..9999
// (only a damaged index has them) are no date, not UB; so would NaN be, but
// Xapian stores none.
TEST(PublishedSecondsTest, OnlyDatesOfYears1To9999) {
  const double inf = std::numeric_limits<double>::infinity();
  const struct {
    double secs;
    std::optional<std::int64_t> want;
  } cases[] = {
      {0, 0},
      {1770370200, 1770370200},
      {-1, -1},
      {static_cast<double>(article::kMinSeconds), article::kMinSeconds},
      {static_cast<double>(article::kMaxSeconds), article::kMaxSeconds},
      {1770370200.75, 1770370200},
      {static_cast<double>(article::kMinSeconds) - 1, std::nullopt},
      {static_cast<double>(article::kMaxSeconds) + 1, std::nullopt},
      {9.3e18, std::nullopt},
      {-9.3e18, std::nullopt},
      {1e300, std::nullopt},
      {-1e300, std::nullopt},
      {inf, std::nullopt},
      {-inf, std::nullopt},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(published_seconds(Xapian::sortable_serialise(c.secs)), c.want) << c.secs;
  }
  EXPECT_EQ(published_seconds(""), std::nullopt);
  // sortable_serialise() stores NaN as a number near 0: a real date, 1970.
  EXPECT_EQ(published_seconds(Xapian::sortable_serialise(std::nan(""))), std::optional<std::int64_t>(0));
  // Bytes no writer produced decode to something; whatever it is, it is
  // range-checked.
  for (const std::string& raw :
       {std::string(9, '\xff'), std::string(1, '\x00'), std::string("zz"), std::string(20, '\x80')}) {
    const std::optional<std::int64_t> t = published_seconds(raw);
    if (t) {
      EXPECT_GE(*t, article::kMinSeconds);
      EXPECT_LE(*t, article::kMaxSeconds);
    }
  }
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
      {{{kYear1, 1}, {kYear9999, 1}},
       "day",
       "year",
       9999,
       "a timeline by day from 0001-01-01 to 9999-12-31 would have 3652059 buckets, more than "
       "10000; counted by year instead"},
      {{{kYear1, 1}, {kYear9999, 1}},
       "month",
       "year",
       9999,
       "a timeline by month from 0001-01-01 to 9999-12-31 would have 119988 buckets, more than "
       "10000; counted by year instead"},
      {{{kYear1, 1}, {kYear9999, 1}}, "year", "year", 9999, ""},
      {{{kYear1, 1}, {kYear9999, 1}}, "auto", "year", 9999, ""},
      {{{kYear1000, 1}, {kYear9999, 1}},
       "day",
       "year",
       9000,
       "a timeline by day from 1000-01-01 to 9999-12-31 would have 3287182 buckets, more than "
       "10000; counted by year instead"},
      // 10,000 days fit; 10,001 days are counted by month.
      {{{kJan2026, 1}, {kJan2026 + 9999, 1}}, "day", "day", 10000, ""},
      {{{kJan2026, 1}, {kJan2026 + 10000, 1}},
       "day",
       "month",
       329,
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
  EXPECT_NE(note.find("counted by year instead; only the years with matches are listed"), std::string::npos)
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
