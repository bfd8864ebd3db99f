#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::article {

/// The instants dateline accepts as dates: 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59Z, the years ISO 8601 writes with four digits, so every
/// accepted date prints as "YYYY-..." and parses back. Every input path
/// (parse_date() and the readers' integer dates) refuses the rest.
inline constexpr std::int64_t kMinSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr std::int64_t kMaxSeconds = 253402300799;  // 9999-12-31T23:59:59Z

/// True when seconds lies in [kMinSeconds, kMaxSeconds].
[[nodiscard]] constexpr bool in_date_range(std::int64_t seconds) {
  return seconds >= kMinSeconds && seconds <= kMaxSeconds;
}

/// Parses a publication date. Accepts ISO 8601 ("2026-02-06",
/// "2026-02-06T09:30:00Z", "2026-02-06T09:30:00.5+02:00", "2026-02-06 09:30",
/// and the basic form of NITF and NewsML 1.2, "20260206T093000+0100"),
/// RFC 2822 ("Fri, 06 Feb 2026 09:30:00 +0000", zone names GMT/UT/EST...
/// and CET/CEST/BST/EET..., two-digit years as RFC 2822's obsolete syntax
/// reads them, month names in English or abbreviated in Portuguese,
/// Spanish, Italian, French or German) and the Reuters-21578 form
/// ("26-FEB-1987 15:01:01.79"). A date without a zone is taken as UTC. Returns seconds
/// since the epoch, UTC, or nullopt when the text is not a valid date or,
/// once its zone offset is applied, falls outside [kMinSeconds, kMaxSeconds]
/// ("0001-01-01T00:00:00+01:00" does).
[[nodiscard]] std::optional<std::int64_t> parse_date(std::string_view text);

/// parse_date() for a date field of an input record: returns the seconds,
/// or throws InputError (no path or line; field set) whose message names the
/// field as label ("'Date'") and says whether the text is no date or a date
/// outside years 1 to 9999.
[[nodiscard]] std::int64_t parse_date_field(std::string_view text, const std::string& label,
                                            const std::string& field);

/// Days since 1970-01-01 for a proleptic Gregorian date. Exact for months
/// 1..12 and days 1..31 (any int year); other values give an unspecified
/// day, never undefined behaviour.
[[nodiscard]] std::int64_t days_from_civil(int y, unsigned m, unsigned d);

struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};
/// Inverse of days_from_civil() for the days of years 1 to 9999; days
/// before or after are clamped to 0001-01-01 or 9999-12-31, so any value is
/// safe and the year always has four digits.
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);

/// "YYYY-MM-DDTHH:MM:SSZ". Seconds outside [kMinSeconds, kMaxSeconds] (no
/// input path accepts them) are clamped to that range, so any value is safe
/// and the text always parses back with parse_date().
[[nodiscard]] std::string format_iso(std::int64_t seconds);
/// "YYYY-MM-DD", clamped like format_iso().
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
