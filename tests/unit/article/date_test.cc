#include "article/date.h"

#include <climits>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "util/error.h"

namespace dateline::article {
namespace {

constexpr std::int64_t kFeb6 = 1770336000;       // 2026-02-06T00:00:00Z
constexpr std::int64_t kFeb6_0930 = 1770370200;  // 2026-02-06T09:30:00Z
constexpr std::int64_t kReuters = 541350061;     // 1987-02-26T15:01:01Z
constexpr std::int64_t kDay = 86400;

TEST(DateTest, ParsesIso8601) {
  struct Case {
    const char* in;
    std::int64_t want;
  } cases[] = {
      {"2026-02-06", kFeb6},
      {"  2026-02-06 \n", kFeb6},
      {"2026-02-06T09:30:00Z", kFeb6_0930},
      {"2026-02-06t09:30:00z", kFeb6_0930},
      {"2026-02-06T09:30:00", kFeb6_0930},
      {"2026-02-06T09:30", kFeb6_0930},
      {"2026-02-06 09:30", kFeb6_0930},
      {"2026-02-06T09:30:00.5Z", kFeb6_0930},
      {"2026-02-06T09:30:00,123456789Z", kFeb6_0930},
      {"2026-02-06T11:30:00+02:00", kFeb6_0930},
      {"2026-02-06T11:30:00.5+02:00", kFeb6_0930},
      {"2026-02-06T11:30:00+0200", kFeb6_0930},
      {"2026-02-06T11:30:00+02", kFeb6_0930},
      {"2026-02-06T04:30:00-05:00", kFeb6_0930},
      {"2026-02-06T09:30:00 GMT", kFeb6_0930},
      {"2024-02-29", 1709164800},
      {"1969-12-31T23:59:59Z", -1},
      {"1970-01-01T00:00:00Z", 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_date(c.in), std::optional<std::int64_t>(c.want)) << c.in;
  }
}

TEST(DateTest, ParsesRfc2822) {
  struct Case {
    const char* in;
    std::int64_t want;
  } cases[] = {
      {"Fri, 06 Feb 2026 09:30:00 +0000", kFeb6_0930},
      {"Fri, 6 Feb 2026 09:30:00 +0000", kFeb6_0930},
      {"06 Feb 2026 09:30:00 +0000", kFeb6_0930},
      {"06 Feb 2026 09:30 +0000", kFeb6_0930},
      {"Fri, 06 Feb 2026 09:30:00 GMT", kFeb6_0930},
      {"Fri, 06 Feb 2026 09:30:00 UT", kFeb6_0930},
      {"Fri, 06 Feb 2026 04:30:00 EST", kFeb6_0930},
      {"Fri, 06 Feb 2026 05:30:00 EDT", kFeb6_0930},
      {"Fri, 06 Feb 2026 01:30:00 PST", kFeb6_0930},
      {"Fri, 06 Feb 2026 11:30:00 +0200", kFeb6_0930},
      {"Fri, 06 Feb 2026 04:30:00 -0500", kFeb6_0930},
      {"Friday, 06 February 2026 09:30:00 GMT", kFeb6_0930},
      {"06 Feb 2026", kFeb6},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_date(c.in), std::optional<std::int64_t>(c.want)) << c.in;
  }
}

// The forms feeds and news agencies write beyond plain RFC 2822 and ISO
// 8601 (issue 14).
TEST(DateTest, ParsesFeedAndAgencyForms) {
  struct Case {
    const char* in;
    std::int64_t want;
  } cases[] = {
      {"Fri, 06 Feb 26 09:30:00 GMT", kFeb6_0930},   // two-digit year, below 50: 20xx
      {"Fri, 06 Feb 126 09:30:00 GMT", kFeb6_0930},  // three digits: + 1900
      {"Fri, 06 Feb 2026 10:30:00 CET", kFeb6_0930},
      {"Fri, 06 Feb 2026 11:30:00 CEST", kFeb6_0930},
      {"Fri, 06 Feb 2026 09:30:00 +0000 (UTC)", kFeb6_0930},
      {"Sex, 06 Fev 2026 06:30:00 -0300", kFeb6_0930},  // Portuguese
      {"20260206T093000Z", kFeb6_0930},                 // ISO 8601 basic (NITF, NewsML 1.2)
      {"20260206T103000+0100", kFeb6_0930},
      {"20260206T0930Z", kFeb6_0930},
      {"20260206T093000", kFeb6_0930},
      {"20260206", kFeb6},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_date(c.in), std::optional<std::int64_t>(c.want)) << c.in;
  }
  EXPECT_EQ(parse_date("Thu, 01 Jul 99 08:15:00 GMT"), std::optional<std::int64_t>(930816900));  // 19xx
  for (const char* bad : {"20261306", "20260206T2500Z", "20260206T093000 junk", "Fri, 06 Feb 6 09:30 GMT",
                          "Fri, 06 Feb 2026 09:30:00 IST"}) {
    EXPECT_EQ(parse_date(bad), std::nullopt) << bad;
  }
}

TEST(DateTest, ParsesReuters) {
  struct Case {
    const char* in;
    std::int64_t want;
  } cases[] = {
      {"26-FEB-1987 15:01:01.79", kReuters}, {" 26-FEB-1987 15:01:01.79", kReuters},
      {"26-feb-1987 15:01:01", kReuters},    {"26-FEB-1987", kReuters - (15 * 3600 + 61)},
      {"6-MAR-1987 00:00:00.00", 541987200},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_date(c.in), std::optional<std::int64_t>(c.want)) << c.in;
  }
}

TEST(DateTest, RejectsGarbageAndInvalidDays) {
  const char* cases[] = {
      "",
      "   ",
      "yesterday",
      "2026",
      "2026-02",
      "2026-2-6",
      "2026/02/06",
      "2026-02-30",
      "2026-02-29",  // 2026 is not a leap year
      "1900-02-29",  // nor is 1900
      "2026-13-01",
      "2026-00-10",
      "2026-04-31",
      "2026-02-06T25:00:00Z",
      "2026-02-06T09:60:00Z",
      "2026-02-06T09:30:00+25:00",
      "2026-02-06T09:30:00 XYZ",
      "2026-02-06T09:30:00Z junk",
      "2026-02-06T",
      "2026-02-06Tfoo",
      "Fri, 30 Feb 2026 09:30:00 GMT",
      "Fri 06 Feb 2026 09:30:00 GMT",  // day name needs its comma
      "06 Foo 2026",
      "32-JAN-1987 10:00:00",
      "26-FEB-1987 15:01:01.79 extra",
      "\xFF\xFE",
  };
  for (const char* c : cases) {
    EXPECT_EQ(parse_date(c), std::nullopt) << '"' << c << '"';
  }
}

TEST(DateTest, FormatIsoAndDayRoundTrip) {
  struct Case {
    std::int64_t t;
    const char* iso;
    const char* day;
  } cases[] = {
      {0, "1970-01-01T00:00:00Z", "1970-01-01"},
      {kFeb6_0930, "2026-02-06T09:30:00Z", "2026-02-06"},
      {kReuters, "1987-02-26T15:01:01Z", "1987-02-26"},
      {-1, "1969-12-31T23:59:59Z", "1969-12-31"},
      {1709164800 + kDay - 1, "2024-02-29T23:59:59Z", "2024-02-29"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_iso(c.t), c.iso) << c.t;
    EXPECT_EQ(format_day(c.t), c.day) << c.t;
    EXPECT_EQ(parse_date(format_iso(c.t)), std::optional<std::int64_t>(c.t)) << c.iso;
    EXPECT_EQ(parse_date(format_day(c.t)), std::optional<std::int64_t>(c.t - ((c.t % kDay) + kDay) % kDay))
        << c.day;
  }
}

TEST(DateTest, CivilDaysRoundTrip) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  // Every day from 1600 to 2400: consecutive and invertible.
  std::int64_t lo = days_from_civil(1600, 1, 1);
  std::int64_t hi = days_from_civil(2400, 12, 31);
  CivilDate prev = civil_from_days(lo - 1);
  for (std::int64_t d = lo; d <= hi; ++d) {
    CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
    ASSERT_TRUE(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31) << d;
    bool next_day = c.year == prev.year && c.month == prev.month && c.day == prev.day + 1;
    bool next_month = c.day == 1 && ((c.year == prev.year && c.month == prev.month + 1) ||
                                     (c.year == prev.year + 1 && c.month == 1 && prev.month == 12));
    ASSERT_TRUE(next_day || next_month) << d;
    prev = c;
  }
}

TEST(DateTest, ParsesDateRanges) {
  constexpr std::int64_t kFeb1 = 1769904000;
  constexpr std::int64_t kMar1 = 1772323200;
  constexpr std::int64_t kJan1_2026 = 1767225600;
  constexpr std::int64_t kJan1_2027 = 1798761600;
  struct Case {
    const char* in;
    std::optional<std::int64_t> begin;
    std::optional<std::int64_t> end;
  } cases[] = {
      {"2026", kJan1_2026, kJan1_2027},
      {"2026-02", kFeb1, kMar1},
      {"2026-12", days_from_civil(2026, 12, 1) * kDay, kJan1_2027},
      {"2026-02-07", kFeb6 + kDay, kFeb6 + 2 * kDay},
      {" 2026-02-07 ", kFeb6 + kDay, kFeb6 + 2 * kDay},
      {"2026-02-06..2026-02-07", kFeb6, kFeb6 + 2 * kDay},
      {"2026-02..2026-02", kFeb1, kMar1},
      {"..2026-02", std::nullopt, kMar1},  // inclusive: to the end of February
      {"..2026", std::nullopt, kJan1_2027},
      {"2026-02..", kFeb1, std::nullopt},
      {"2026-02-06T09:30:00Z..", kFeb6, std::nullopt},
  };
  for (const Case& c : cases) {
    DateRange r = parse_date_range(c.in);
    EXPECT_EQ(r.begin, c.begin) << c.in;
    EXPECT_EQ(r.end, c.end) << c.in;
  }
}

TEST(DateTest, RejectsBadDateRanges) {
  const char* cases[] = {"",       "..",      "garbage", "2026-13",     "2026-02-30", "20260",
                         "2026-2", "x..2026", "2026..x", "2026...2027", "0000"};
  for (const char* c : cases) {
    try {
      (void)parse_date_range(c);
      ADD_FAILURE() << "no error for \"" << c << '"';
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "date") << c;
      EXPECT_NE(e.message().find(c), std::string::npos) << c << ": " << e.what();
    }
  }
}

TEST(DateTest, ParsePeriod) {
  EXPECT_EQ(parse_period("nope"), std::nullopt);
  EXPECT_EQ(parse_period("2026-02-30"), std::nullopt);
  auto iso = parse_period("2026-02-06T09:30:00Z");
  ASSERT_TRUE(iso.has_value());
  EXPECT_EQ(iso->begin, kFeb6);
  EXPECT_EQ(iso->end, kFeb6 + kDay);
}

// date.h: parse_period accepts "any parse_date() text, as a single day",
// but only texts that start with a 4-digit year get past its first check.
TEST(DateTest, ParsePeriodAcceptsRfc2822AndReuters) {
  auto p = parse_period("Fri, 06 Feb 2026 09:30:00 GMT");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->begin, kFeb6);
  EXPECT_EQ(p->end, kFeb6 + kDay);
  auto r = parse_period("26-FEB-1987 15:01:01.79");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->begin, 541296000);
}

// Issue 13: dates are range-checked to years 1..9999 on every path, and the
// formatting and civil-date code is safe for any value it can receive.
TEST(DateTest, RangeIsYears1To9999) {
  EXPECT_EQ(kMinSeconds, days_from_civil(1, 1, 1) * kDay);
  EXPECT_EQ(kMaxSeconds + 1, days_from_civil(10000, 1, 1) * kDay);
  EXPECT_EQ(format_iso(kMinSeconds), "0001-01-01T00:00:00Z");
  EXPECT_EQ(format_iso(kMaxSeconds), "9999-12-31T23:59:59Z");
  EXPECT_TRUE(in_date_range(kMinSeconds));
  EXPECT_TRUE(in_date_range(kMaxSeconds));
  EXPECT_FALSE(in_date_range(kMinSeconds - 1));
  EXPECT_FALSE(in_date_range(kMaxSeconds + 1));
}

TEST(DateTest, AcceptsTheEdgesOfTheRange) {
  struct Case {
    const char* in;
    std::int64_t want;
  } cases[] = {
      {"0001-01-01", kMinSeconds},
      {"0001-01-01T00:00:00Z", kMinSeconds},
      {"0001-01-01T00:00:00-01:00", kMinSeconds + 3600},
      {"9999-12-31T23:59:59Z", kMaxSeconds},
      {"9999-12-31T23:59:59+05:00", kMaxSeconds - 5 * 3600},
      {"Fri, 31 Dec 9999 23:59:59 GMT", kMaxSeconds},
      {"01-JAN-0001 00:00:00", kMinSeconds},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_date(c.in), std::optional<std::int64_t>(c.want)) << c.in;
    EXPECT_EQ(parse_date_field(c.in, "date", "date"), c.want) << c.in;
    EXPECT_EQ(parse_date(format_iso(c.want)), std::optional<std::int64_t>(c.want)) << c.in;
  }
}

TEST(DateTest, RejectsDatesOutsideTheRange) {
  // Each is a well-formed date whose instant, once the zone (or a leap
  // second) is applied, falls in year 0 or 10000.
  const char* cases[] = {
      "0001-01-01T00:00:00+01:00", "0001-01-01T00:59:59+01:00", "Mon, 01 Jan 0001 00:30:00 +0100",
      "9999-12-31T23:00:00-05:00", "9999-12-31T23:59:60Z",      "Fri, 31 Dec 9999 23:00:00 EST",
  };
  for (const char* c : cases) {
    EXPECT_EQ(parse_date(c), std::nullopt) << c;
    try {
      (void)parse_date_field(c, "Date", "date");
      ADD_FAILURE() << "no error for " << c;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "date") << c;
      EXPECT_EQ(e.message(), std::string("'Date' is out of range (years 1 to 9999, UTC): \"") + c + "\"");
    }
  }
  // Years that are not four digits never parse at all.
  for (const char* c : {"0000-01-01", "10000-01-01", "-0001-01-01", "00-JAN-0000"}) {
    EXPECT_EQ(parse_date(c), std::nullopt) << c;
  }
}

TEST(DateTest, ParseDateFieldNamesTheFieldAndTheText) {
  try {
    (void)parse_date_field("yesterday", "published", "published");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(e.path().empty());
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.field(), "published");
    EXPECT_EQ(e.message(), "'published' is not an ISO 8601 or RFC 2822 date: \"yesterday\"");
  }
}

TEST(DateTest, FormattingIsSafeForEveryValue) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  struct Case {
    std::int64_t t;
    const char* iso;
  } cases[] = {
      {kMin, "0001-01-01T00:00:00Z"},
      {kMin + 1, "0001-01-01T00:00:00Z"},
      {-1000000000000000000, "0001-01-01T00:00:00Z"},
      {kMinSeconds - 1, "0001-01-01T00:00:00Z"},
      {kMaxSeconds + 1, "9999-12-31T23:59:59Z"},
      {1000000000000000000, "9999-12-31T23:59:59Z"},
      {kMax - 1, "9999-12-31T23:59:59Z"},
      {kMax, "9999-12-31T23:59:59Z"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(format_iso(c.t), c.iso) << c.t;
    EXPECT_EQ(format_day(c.t), std::string(c.iso).substr(0, 10)) << c.t;
    EXPECT_TRUE(parse_date(format_iso(c.t)).has_value()) << c.t;
  }
}

TEST(DateTest, CivilDateCodeIsSafeForEveryValue) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::int64_t first = days_from_civil(1, 1, 1);
  const std::int64_t last = days_from_civil(9999, 12, 31);
  for (std::int64_t d : {kMin, kMin + 1, first - 1, first}) {
    CivilDate c = civil_from_days(d);
    EXPECT_EQ(c.year, 1) << d;
    EXPECT_EQ(c.month, 1u) << d;
    EXPECT_EQ(c.day, 1u) << d;
  }
  for (std::int64_t d : {last, last + 1, kMax - 1, kMax}) {
    CivilDate c = civil_from_days(d);
    EXPECT_EQ(c.year, 9999) << d;
    EXPECT_EQ(c.month, 12u) << d;
    EXPECT_EQ(c.day, 31u) << d;
  }
  // Round trip at both ends of the range.
  for (std::int64_t d = first; d < first + 800; ++d) {
    CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
  }
  for (std::int64_t d = last - 800; d <= last; ++d) {
    CivilDate c = civil_from_days(d);
    ASSERT_EQ(days_from_civil(c.year, c.month, c.day), d) << d;
  }
  // Extreme years (January and February shift the year down by one) and
  // months or days out of range: no overflow, years still in order.
  EXPECT_LT(days_from_civil(INT_MIN, 1, 1), days_from_civil(INT_MIN + 1, 1, 1));
  EXPECT_LT(days_from_civil(INT_MAX - 1, 12, 31), days_from_civil(INT_MAX, 12, 31));
  (void)days_from_civil(2026, 0, 0);
  (void)days_from_civil(2026, UINT_MAX, UINT_MAX);
}

}  // namespace
}  // namespace dateline::article
