#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::article {

/// Parses a publication date. Accepts ISO 8601 ("2026-02-06",
/// "2026-02-06T09:30:00Z", "2026-02-06T09:30:00.5+02:00", "2026-02-06 09:30"),
/// RFC 2822 ("Fri, 06 Feb 2026 09:30:00 +0000", zone names GMT/UT/EST...)
/// and the Reuters-21578 form ("26-FEB-1987 15:01:01.79"). Returns seconds
/// since the epoch, UTC, or nullopt when the text is not a valid date.
[[nodiscard]] std::optional<std::int64_t> parse_date(std::string_view text);

/// Days since 1970-01-01 for a proleptic Gregorian date.
[[nodiscard]] std::int64_t days_from_civil(int y, unsigned m, unsigned d);

struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};
/// Inverse of days_from_civil().
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

/// "YYYY-MM-DDTHH:MM:SSZ".
[[nodiscard]] std::string format_iso(std::int64_t seconds);
/// "YYYY-MM-DD".
[[nodiscard]] std::string format_day(std::int64_t seconds);

/// A half-open interval [begin, end) of seconds, for date filters.
struct DateRange {
  std::optional<std::int64_t> begin;
  std::optional<std::int64_t> end;
};

/// Parses the date-filter forms "2026", "2026-02", "2026-02-07",
/// "A..B", "A..", "..B" (A and B any of the former, inclusive: "..2026-02"
/// runs to the end of February). Throws InputError (field "date") otherwise.
[[nodiscard]] DateRange parse_date_range(std::string_view text);

/// Start and end (exclusive) of the period "2026", "2026-02" or
/// "2026-02-07" (or any parse_date() text, as a single day). nullopt if
/// the text is none of these.
[[nodiscard]] std::optional<DateRange> parse_period(std::string_view text);

}  // namespace dateline::article
