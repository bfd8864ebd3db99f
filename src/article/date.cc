#include "article/date.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "util/error.h"
#include "util/strings.h"

namespace dateline::article {
namespace {

// A tiny cursor over the date text; every reader returns false on mismatch.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  void skip_spaces() {
    while (!done() && (s[i] == ' ' || s[i] == '\t')) ++i;
  }
  // Reads between min and max digits.
  bool digits(int min, int max, int& out) {
    int n = 0;
    int v = 0;
    while (n < max && !done() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    if (n < min) return false;
    out = v;
    return true;
  }
  std::string word() {
    std::string w;
    while (!done() && std::isalpha(static_cast<unsigned char>(s[i]))) w += s[i++];
    return w;
  }
};

int month_from_name(std::string_view name) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  // Feeds in the wild write RFC 822 dates with local month abbreviations
  // (UOL's "Seg, 24 Set 2018"). These are the Portuguese, Spanish, Italian,
  // French and German ones that differ from English; none names another month
  // in any of them.
  struct Local {
    const char* name;
    int month;
  };
  static constexpr Local kLocal[] = {
      {"ene", 1}, {"gen", 1}, {"fev", 2}, {"abr", 4},  {"avr", 4},  {"mai", 5},  {"mag", 5},  {"giu", 6},
      {"lug", 7}, {"ago", 8}, {"set", 9}, {"out", 10}, {"ott", 10}, {"okt", 10}, {"dez", 12}, {"dic", 12}};
  if (name.size() < 3) return 0;
  std::string lower = util::ascii_lower(name.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m]) return m + 1;
  }
  for (const Local& l : kLocal) {
    if (lower == l.name) return l.month;
  }
  return 0;
}

bool valid_ymd(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  if (d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// Reads "[T| ]HH:MM[:SS[.fff]]"; absent time means midnight.
bool read_time(Cursor& c, int& hh, int& mm, int& ss) {
  hh = mm = ss = 0;
  if (!c.digits(2, 2, hh) || !c.eat(':') || !c.digits(2, 2, mm)) return false;
  if (c.eat(':')) {
    if (!c.digits(2, 2, ss)) return false;
    if (c.eat('.') || c.eat(',')) {
      int frac;
      if (!c.digits(1, 9, frac)) return false;
    }
  }
  return hh <= 23 && mm <= 59 && ss <= 60;
}

// Reads "Z", "+HH:MM", "+HHMM", "+HH", or a RFC 2822 zone name; offset in
// seconds east of UTC.
bool read_zone(Cursor& c, int& offset) {
  offset = 0;
  c.skip_spaces();
  if (c.done()) return true;
  if (c.eat('Z') || c.eat('z')) return true;
  char sign = c.peek();
  if (sign == '+' || sign == '-') {
    ++c.i;
    int h = 0;
    int m = 0;
    if (!c.digits(2, 2, h)) return false;
    c.eat(':');
    if (!c.done()) {
      if (!c.digits(2, 2, m)) return false;
    }
    if (h > 23 || m > 59) return false;
    offset = (h * 3600 + m * 60) * (sign == '-' ? -1 : 1);
    return true;
  }
  std::string name = util::ascii_lower(c.word());
  struct Zone {
    const char* name;
    int hours;
  };
  // RFC 822's names, then European ones feeds use (no ambiguous ones such as
  // IST, which is Irish, Israeli or Indian time).
  static constexpr Zone kZones[] = {{"gmt", 0},  {"ut", 0},   {"utc", 0},  {"est", -5}, {"edt", -4},
                                    {"cst", -6}, {"cdt", -5}, {"mst", -7}, {"mdt", -6}, {"pst", -8},
                                    {"pdt", -7}, {"wet", 0},  {"west", 1}, {"bst", 1},  {"cet", 1},
                                    {"cest", 2}, {"met", 1},  {"eet", 2},  {"eest", 3}};
  for (const Zone& z : kZones) {
    if (name == z.name) {
      offset = z.hours * 3600;
      return true;
    }
  }
  return false;
}

std::int64_t to_seconds(int y, int mo, int d, int hh, int mi, int ss, int offset) {
  return days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - offset;
}

std::optional<std::int64_t> parse_iso(std::string_view text) {
  Cursor c{text};
  int y;
  int m;
  int d;
  if (!c.digits(4, 4, y) || !c.eat('-') || !c.digits(2, 2, m) || !c.eat('-') || !c.digits(2, 2, d) ||
      !valid_ymd(y, m, d)) {
    return std::nullopt;
  }
  int hh = 0;
  int mi = 0;
  int ss = 0;
  int offset = 0;
  if (!c.done()) {
    if (!(c.eat('T') || c.eat('t') || c.eat(' '))) return std::nullopt;
    if (!read_time(c, hh, mi, ss) || !read_zone(c, offset)) return std::nullopt;
    c.skip_spaces();
    if (!c.done()) return std::nullopt;
  }
  return to_seconds(y, m, d, hh, mi, ss, offset);
}

// "Fri, 06 Feb 2026 09:30:00 +0000" (day name and seconds optional).
std::optional<std::int64_t> parse_rfc2822(std::string_view text) {
  Cursor c{text};
  if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
    c.word();
    if (!c.eat(',')) return std::nullopt;
  }
  c.skip_spaces();
  int d;
  if (!c.digits(1, 2, d)) return std::nullopt;
  c.skip_spaces();
  int m = month_from_name(c.word());
  c.skip_spaces();
  int y;
  std::size_t year_at = c.i;
  if (m == 0 || !c.digits(2, 4, y)) return std::nullopt;
  // RFC 2822 section 4.3 (obsolete syntax, still in old feeds): a two-digit
  // year below 50 is 20xx, else 19xx; a three-digit year adds 1900.
  std::size_t year_digits = c.i - year_at;
  if (year_digits == 2) y += y < 50 ? 2000 : 1900;
  if (year_digits == 3) y += 1900;
  if (!valid_ymd(y, m, d)) return std::nullopt;
  c.skip_spaces();
  int hh = 0;
  int mi = 0;
  int ss = 0;
  int offset = 0;
  if (!c.done()) {
    if (!read_time(c, hh, mi, ss) || !read_zone(c, offset)) return std::nullopt;
    c.skip_spaces();
    // A trailing comment, "+0000 (UTC)", is allowed by RFC 2822.
    if (c.peek() == '(' && c.s.back() == ')') c.i = c.s.size();
    if (!c.done()) return std::nullopt;
  }
  return to_seconds(y, m, d, hh, mi, ss, offset);
}

// ISO 8601 basic format, as NITF and NewsML 1.2 write it:
// "20150312T120000Z", "20140829T134951+0000", "20200907T144527", "20150312".
std::optional<std::int64_t> parse_iso_basic(std::string_view text) {
  Cursor c{text};
  int ymd;
  if (!c.digits(8, 8, ymd)) return std::nullopt;
  int y = ymd / 10000;
  int m = ymd / 100 % 100;
  int d = ymd % 100;
  if (!valid_ymd(y, m, d)) return std::nullopt;
  int hh = 0;
  int mi = 0;
  int ss = 0;
  int offset = 0;
  if (!c.done()) {
    if (!(c.eat('T') || c.eat('t'))) return std::nullopt;
    if (!c.digits(2, 2, hh) || !c.digits(2, 2, mi)) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(c.peek()))) {
      if (!c.digits(2, 2, ss)) return std::nullopt;
      if (c.eat('.') || c.eat(',')) {
        int frac;
        if (!c.digits(1, 9, frac)) return std::nullopt;
      }
    }
    if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
    if (!read_zone(c, offset)) return std::nullopt;
    c.skip_spaces();
    if (!c.done()) return std::nullopt;
  }
  return to_seconds(y, m, d, hh, mi, ss, offset);
}

// "26-FEB-1987 15:01:01.79", as in Reuters-21578.
std::optional<std::int64_t> parse_reuters(std::string_view text) {
  Cursor c{text};
  int d;
  if (!c.digits(1, 2, d) || !c.eat('-')) return std::nullopt;
  int m = month_from_name(c.word());
  int y;
  if (m == 0 || !c.eat('-') || !c.digits(4, 4, y) || !valid_ymd(y, m, d)) {
    return std::nullopt;
  }
  int hh = 0;
  int mi = 0;
  int ss = 0;
  c.skip_spaces();
  if (!c.done() && (!read_time(c, hh, mi, ss) || !c.done())) return std::nullopt;
  return to_seconds(y, m, d, hh, mi, ss, 0);
}

// Any of the forms, before the range check.
std::optional<std::int64_t> parse_any(std::string_view text) {
  text = util::trim(text);
  if (text.empty()) return std::nullopt;
  if (auto t = parse_iso(text)) return t;
  if (auto t = parse_iso_basic(text)) return t;
  if (auto t = parse_rfc2822(text)) return t;
  if (auto t = parse_reuters(text)) return t;
  return std::nullopt;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// 0001-01-01 and 9999-12-31 as days since 1970-01-01.
constexpr std::int64_t kMinDays = kMinSeconds / 86400;
constexpr std::int64_t kMaxDays = (kMaxSeconds + 1) / 86400 - 1;
static_assert(kMinSeconds % 86400 == 0 && (kMaxSeconds + 1) % 86400 == 0);

}  // namespace

std::int64_t days_from_civil(int year, unsigned m, unsigned d) {
  // Shift the year to start in March so the leap day is the year's last
  // (in 64 bits: INT_MIN - 1 would overflow an int).
  const std::int64_t y = static_cast<std::int64_t>(year) - (m <= 2);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  // Clamping first keeps the arithmetic below far from overflow and the
  // year within an int.
  z = std::clamp(z, kMinDays, kMaxDays);
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

std::string format_iso(std::int64_t seconds) {
  seconds = std::clamp(seconds, kMinSeconds, kMaxSeconds);
  std::int64_t days = floor_div(seconds, 86400);
  std::int64_t rest = seconds - days * 86400;
  CivilDate c = civil_from_days(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return buf;
}

std::string format_day(std::int64_t seconds) {
  seconds = std::clamp(seconds, kMinSeconds, kMaxSeconds);
  CivilDate c = civil_from_days(floor_div(seconds, 86400));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
  return buf;
}

std::optional<std::int64_t> parse_date(std::string_view text) {
  std::optional<std::int64_t> t = parse_any(text);
  if (t && !in_date_range(*t)) return std::nullopt;
  return t;
}

std::int64_t parse_date_field(std::string_view text, const std::string& label, const std::string& field) {
  std::optional<std::int64_t> t = parse_any(text);
  if (!t) {
    throw InputError(
        "", 0, "'" + label + "' is not an ISO 8601 or RFC 2822 date: \"" + std::string(text) + "\"", field);
  }
  if (!in_date_range(*t)) {
    throw InputError("", 0,
                     "'" + label + "' is out of range (years 1 to 9999, UTC): \"" + std::string(text) + "\"",
                     field);
  }
  return *t;
}

std::optional<DateRange> parse_period(std::string_view text) {
  text = util::trim(text);
  auto single_day = [&]() -> std::optional<DateRange> {
    auto t = parse_date(text);
    if (!t) return std::nullopt;
    std::int64_t day = floor_div(*t, 86400) * 86400;
    return DateRange{day, day + 86400};
  };
  Cursor c{text};
  int y;
  if (!c.digits(4, 4, y) || y < 1) return single_day();
  if (c.done()) {
    return DateRange{days_from_civil(y, 1, 1) * 86400, days_from_civil(y + 1, 1, 1) * 86400};
  }
  int m;
  if (!c.eat('-') || !c.digits(2, 2, m) || m < 1 || m > 12) {
    return single_day();
  }
  if (c.done()) {
    int ny = m == 12 ? y + 1 : y;
    int nm = m == 12 ? 1 : m + 1;
    return DateRange{days_from_civil(y, m, 1) * 86400, days_from_civil(ny, nm, 1) * 86400};
  }
  return single_day();
}

DateRange parse_date_range(std::string_view text) {
  text = util::trim(text);
  auto bad = [&]() {
    return InputError("", 0,
                      "not a date or date range: \"" + std::string(text) +
                          "\" (use 2026, 2026-02, 2026-02-07, A..B, A.. or ..B)",
                      "date");
  };
  std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    auto p = parse_period(text);
    if (!p) throw bad();
    return *p;
  }
  std::string_view lo = util::trim(text.substr(0, dots));
  std::string_view hi = util::trim(text.substr(dots + 2));
  if (lo.empty() && hi.empty()) throw bad();
  DateRange r;
  if (!lo.empty()) {
    auto p = parse_period(lo);
    if (!p) throw bad();
    r.begin = p->begin;
  }
  if (!hi.empty()) {
    auto p = parse_period(hi);
    if (!p) throw bad();
    r.end = p->end;
  }
  return r;
}

}  // namespace dateline::article
