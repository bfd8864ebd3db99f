#include "entities/dateline.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "util/strings.h"

namespace dateline::entities {
namespace {

// A body's dateline is on its first line, well within this many bytes.
constexpr std::size_t kMaxBodyLine = 200;
// The place part of a body's dateline: short.
constexpr std::size_t kMaxPlaceBytes = 48;
constexpr std::size_t kMaxPlaceWords = 5;
// A field's place part: anything shorter than this is taken.
constexpr std::size_t kMaxFieldPlaceBytes = 80;
// An agency in parentheses: "(Reuters)", "(AP)", "(Agence France-Presse)".
constexpr std::size_t kMaxAgencyBytes = 30;

// AP-style and postal abbreviations of US states and Canadian provinces, as
// written in datelines ("Mass.", "N.Y.", "Calif", "B.C."): key without dots
// or spaces, lower case. Fact data; the region is found in the gazetteer
// by its English name and ISO 3166-2 code.
struct StateAbbreviation {
  std::string_view key;
  std::string_view code;
  std::string_view name;
  bool postal_only;  // a two-letter postal code: only when written in capitals
};
constexpr StateAbbreviation kStates[] = {
    {"ala", "US-AL", "Alabama", false},
    {"al", "US-AL", "Alabama", true},
    {"ak", "US-AK", "Alaska", true},
    {"ariz", "US-AZ", "Arizona", false},
    {"az", "US-AZ", "Arizona", true},
    {"ark", "US-AR", "Arkansas", false},
    {"ar", "US-AR", "Arkansas", true},
    {"calif", "US-CA", "California", false},
    {"cal", "US-CA", "California", false},
    {"ca", "US-CA", "California", true},
    {"colo", "US-CO", "Colorado", false},
    {"co", "US-CO", "Colorado", true},
    {"conn", "US-CT", "Connecticut", false},
    {"ct", "US-CT", "Connecticut", true},
    {"del", "US-DE", "Delaware", false},
    {"dela", "US-DE", "Delaware", false},
    {"de", "US-DE", "Delaware", true},
    {"dc", "US-DC", "District of Columbia", false},
    {"fla", "US-FL", "Florida", false},
    {"fl", "US-FL", "Florida", true},
    {"ga", "US-GA", "Georgia", false},
    {"hi", "US-HI", "Hawaii", true},
    {"ia", "US-IA", "Iowa", false},
    {"id", "US-ID", "Idaho", true},
    {"ill", "US-IL", "Illinois", false},
    {"il", "US-IL", "Illinois", false},
    {"ind", "US-IN", "Indiana", false},
    {"in", "US-IN", "Indiana", true},
    {"kan", "US-KS", "Kansas", false},
    {"kans", "US-KS", "Kansas", false},
    {"ks", "US-KS", "Kansas", true},
    {"ky", "US-KY", "Kentucky", false},
    {"la", "US-LA", "Louisiana", false},
    {"mass", "US-MA", "Massachusetts", false},
    {"ma", "US-MA", "Massachusetts", true},
    {"md", "US-MD", "Maryland", false},
    {"me", "US-ME", "Maine", false},
    {"mich", "US-MI", "Michigan", false},
    {"mi", "US-MI", "Michigan", true},
    {"minn", "US-MN", "Minnesota", false},
    {"mn", "US-MN", "Minnesota", true},
    {"miss", "US-MS", "Mississippi", false},
    {"ms", "US-MS", "Mississippi", true},
    {"mo", "US-MO", "Missouri", false},
    {"mont", "US-MT", "Montana", false},
    {"mt", "US-MT", "Montana", true},
    {"neb", "US-NE", "Nebraska", false},
    {"nebr", "US-NE", "Nebraska", false},
    {"ne", "US-NE", "Nebraska", true},
    {"nev", "US-NV", "Nevada", false},
    {"nv", "US-NV", "Nevada", true},
    {"nh", "US-NH", "New Hampshire", false},
    {"nj", "US-NJ", "New Jersey", false},
    {"nm", "US-NM", "New Mexico", false},
    {"nmex", "US-NM", "New Mexico", false},
    {"ny", "US-NY", "New York", false},
    {"nc", "US-NC", "North Carolina", false},
    {"nd", "US-ND", "North Dakota", false},
    {"ndak", "US-ND", "North Dakota", false},
    {"oh", "US-OH", "Ohio", true},
    {"okla", "US-OK", "Oklahoma", false},
    {"ok", "US-OK", "Oklahoma", true},
    {"ore", "US-OR", "Oregon", false},
    {"oreg", "US-OR", "Oregon", false},
    {"or", "US-OR", "Oregon", true},
    {"pa", "US-PA", "Pennsylvania", false},
    {"penn", "US-PA", "Pennsylvania", false},
    {"ri", "US-RI", "Rhode Island", false},
    {"sc", "US-SC", "South Carolina", false},
    {"sd", "US-SD", "South Dakota", false},
    {"sdak", "US-SD", "South Dakota", false},
    {"tenn", "US-TN", "Tennessee", false},
    {"tn", "US-TN", "Tennessee", true},
    {"tex", "US-TX", "Texas", false},
    {"tx", "US-TX", "Texas", true},
    {"ut", "US-UT", "Utah", true},
    {"vt", "US-VT", "Vermont", false},
    {"va", "US-VA", "Virginia", false},
    {"wash", "US-WA", "Washington", false},
    {"wa", "US-WA", "Washington", true},
    {"wva", "US-WV", "West Virginia", false},
    {"wv", "US-WV", "West Virginia", true},
    {"wis", "US-WI", "Wisconsin", false},
    {"wisc", "US-WI", "Wisconsin", false},
    {"wi", "US-WI", "Wisconsin", true},
    {"wyo", "US-WY", "Wyoming", false},
    {"wy", "US-WY", "Wyoming", true},
    {"alta", "CA-AB", "Alberta", false},
    {"ab", "CA-AB", "Alberta", true},
    {"bc", "CA-BC", "British Columbia", false},
    {"man", "CA-MB", "Manitoba", false},
    {"mb", "CA-MB", "Manitoba", true},
    {"nb", "CA-NB", "New Brunswick", false},
    {"nfld", "CA-NL", "Newfoundland and Labrador", false},
    {"nl", "CA-NL", "Newfoundland and Labrador", true},
    {"ns", "CA-NS", "Nova Scotia", false},
    {"ont", "CA-ON", "Ontario", false},
    {"on", "CA-ON", "Ontario", true},
    {"pei", "CA-PE", "Prince Edward Island", false},
    {"que", "CA-QC", "Quebec", false},
    {"qc", "CA-QC", "Quebec", true},
    {"sask", "CA-SK", "Saskatchewan", false},
    {"sk", "CA-SK", "Saskatchewan", true},
};

// Month and weekday names of the languages the extractor reads, folded.
constexpr std::string_view kDateWords[] = {
    // English
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
    "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    // French
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
    "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    // Spanish
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre",
    "octubre", "noviembre", "diciembre", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado",
    "domingo",
    // German
    "januar", "februar", "marz", "maerz", "juni", "juli", "oktober", "dezember", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    // Italian
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
    "lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "domenica",
    // Portuguese
    "janeiro", "fevereiro", "marco", "maio", "junho", "julho", "setembro", "outubro", "dezembro"};

// Words that may join a date's parts ("12 de marzo", "the 3rd of March").
constexpr std::string_view kDateFillers[] = {"de", "del", "of", "the", "le", "den"};

// News agencies written without parentheses after a date ("March 12,
// Reuter -"), folded.
constexpr std::string_view kAgencyWords[] = {"reuter", "reuters", "ap",    "afp",  "upi", "dpa",  "efe",
                                             "ansa",   "xinhua",  "kyodo", "tass", "pti", "ians", "yonhap"};

// Lower-case words a title-case place may hold ("Rio de Janeiro").
constexpr std::string_view kPlaceParticles[] = {"de", "da", "do", "dos",  "del", "la", "le",  "les",
                                                "el", "of", "on", "upon", "am",  "an", "der", "sur"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The bytes of a dash at s[i] (-, --, ---, U+2012 to U+2015), or 0.
std::size_t dash_at(std::string_view s, std::size_t i) {
  if (s[i] == '-') {
    std::size_t n = 1;
    while (n < 3 && i + n < s.size() && s[i + n] == '-') ++n;
    return n;
  }
  if (i + 2 < s.size() && s[i] == '\xE2' && s[i + 1] == '\x80' && s[i + 2] >= '\x92' && s[i + 2] <= '\x95') {
    return 3;
  }
  return 0;
}

// The bytes of a dash at s[i] that separates the dateline from the story:
// followed by white space or the end ("WILKES-BARRE" holds none).
std::size_t separator_at(std::string_view s, std::size_t i) {
  std::size_t n = dash_at(s, i);
  if (n == 0) return 0;
  if (i + n < s.size() && !is_space(s[i + n])) return 0;
  return n;
}

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t b = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

template <typename Table>
bool in(const Table& table, std::string_view w) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

// "Feb 26", "12 mai", "Sunday 26 October 2025", "3. März", "2014" (after a
// date): month or weekday names, numbers of up to four digits and fillers.
bool is_date(std::string_view seg, bool after_date) {
  std::vector<std::string_view> words = words_of(seg);
  if (words.empty() || words.size() > 6) return false;
  bool named = false;
  for (std::string_view w : words) {
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.remove_suffix(1);
    if (w.empty()) return false;
    std::size_t digits = 0;
    while (digits < w.size() && is_digit(w[digits])) ++digits;
    if (digits > 0) {
      const std::string suffix = util::ascii_lower(w.substr(digits));
      if (digits > 4 || !(suffix.empty() || suffix == "st" || suffix == "nd" || suffix == "rd" ||
                          suffix == "th" || suffix == "er")) {
        return false;
      }
      continue;
    }
    std::string f = analysis::fold(w);
    if (in(kDateWords, f)) {
      named = true;
    } else if (!in(kDateFillers, f)) {
      return false;
    }
  }
  return named || after_date;
}

bool is_agency_word(std::string_view seg) {
  std::vector<std::string_view> words = words_of(seg);
  return words.size() == 1 && in(kAgencyWords, analysis::fold(words[0]));
}

// "(Reuters)", "(AP)", "(dpa)": letters, spaces and a few marks.
bool is_agency(std::string_view inside) {
  inside = util::trim(inside);
  if (inside.size() < 2 || inside.size() > kMaxAgencyBytes) return false;
  if (!is_upper(inside[0]) && !is_lower(inside[0])) return false;
  for (char c : inside) {
    if (!(is_upper(c) || is_lower(c) || c == ' ' || c == '.' || c == '-' || c == '&' || c == '\''))
      return false;
  }
  return true;
}

// The key of an abbreviation: lower case, no dots or spaces ("W. Va." ->
// "wva").
std::string abbreviation_key(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '.' || c == ' ') continue;
    out.push_back(is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

const StateAbbreviation* state_abbreviation(std::string_view q) {
  q = util::trim(q);
  const std::string k = abbreviation_key(q);
  const bool postal = q.size() == 2 && is_upper(q[0]) && is_upper(q[1]);
  for (const StateAbbreviation& s : kStates) {
    if (s.key == k && (!s.postal_only || postal)) return &s;
  }
  return nullptr;
}

// The region with ISO 3166-2 code among the places the gazetteer knows by
// name.
std::optional<PlaceRef> region_named(const Gazetteer& gaz, std::string_view name, std::string_view code) {
  const NameInfo* info = gaz.find(Gazetteer::key(name));
  if (info == nullptr) return std::nullopt;
  for (const PlaceRef& p : info->places) {
    if (p.kind == PlaceKind::kRegion && gaz.regions()[p.index].code == code) return p;
  }
  return std::nullopt;
}

// The country or region a qualifier names ("Mass.", "British Columbia",
// "West Germany", "the Netherlands"), or nothing. Cities never qualify.
std::optional<PlaceRef> qualifier_place(const Gazetteer& gaz, std::string_view q) {
  q = util::trim(q);
  if (q.empty()) return std::nullopt;
  if (const StateAbbreviation* s = state_abbreviation(q)) return region_named(gaz, s->name, s->code);
  std::string key = Gazetteer::key(q);
  const NameInfo* info = gaz.find(key);
  if (info == nullptr && key.rfind("the ", 0) == 0) info = gaz.find(std::string_view(key).substr(4));
  if (info == nullptr || info->nonplace) return std::nullopt;
  for (const PlaceRef& p : info->places) {
    if (p.kind != PlaceKind::kCity) return p;
  }
  return std::nullopt;
}

const std::string& country_code(const Gazetteer& gaz, const PlaceRef& p) {
  switch (p.kind) {
    case PlaceKind::kCountry: return gaz.countries()[p.index].code;
    case PlaceKind::kRegion: return gaz.regions()[p.index].country;
    case PlaceKind::kCity: break;
  }
  return gaz.cities()[p.index].country;
}

// Every word with an initial capital, the rest lower case ("SAO PAULO" ->
// "Sao Paulo"); bytes outside ASCII are kept.
std::string title_case(std::string_view s) {
  std::string out(s);
  bool start = true;
  for (char& c : out) {
    if (is_upper(c) && !start) c = static_cast<char>(c - 'A' + 'a');
    if (is_lower(c) && start) c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ' || c == '-' || c == '\'';
  }
  return out;
}

article::Place place_of(const Gazetteer& gaz, const PlaceRef& p, std::optional<std::int64_t> published) {
  if (p.kind == PlaceKind::kCountry) {
    const Country& c = gaz.countries()[p.index];
    return {c.name, "country", c.code};
  }
  std::string country = country_code(gaz, p);
  if (published) {
    std::int32_t f = gaz.former_country(p, *published);
    if (f >= 0) country = gaz.countries()[static_cast<std::size_t>(f)].code;
  }
  if (p.kind == PlaceKind::kRegion) return {gaz.regions()[p.index].name, "region", country};
  return {gaz.cities()[p.index].name, "city", country};
}

// The place a bare dateline name most likely is: a city of the same name
// in a country it names (LUXEMBOURG, SINGAPORE) or the country; else the
// likeliest city, or the region when the city is small and no capital
// (a dateline names where a reporter sat: a city, not a state, as a rule).
std::optional<PlaceRef> bare_place(const Gazetteer& gaz, const NameInfo& info) {
  if (info.places.empty()) return std::nullopt;
  const PlaceRef first = info.places.front();
  std::optional<PlaceRef> best_city;
  double best_score = -1e9;
  std::optional<PlaceRef> region;
  for (const PlaceRef& p : info.places) {
    if (p.kind == PlaceKind::kRegion && !region) region = p;
    if (p.kind != PlaceKind::kCity) continue;
    const City& c = gaz.cities()[p.index];
    if (first.kind == PlaceKind::kCountry) {
      if (c.country == gaz.countries()[first.index].code) return p;
      continue;
    }
    double score = std::log(static_cast<double>(c.population) + 1.0) + (c.capital ? 1.5 : 0.0);
    if (score > best_score) {
      best_score = score;
      best_city = p;
    }
  }
  if (first.kind == PlaceKind::kCountry) return first;
  if (!best_city) return region;
  const City& c = gaz.cities()[best_city->index];
  if (region && !c.capital && c.population < 100000) return region;
  return best_city;
}

// The place name within the qualifier's country: its largest city of that
// name, else a region or the country itself of that name.
std::optional<PlaceRef> place_in(const Gazetteer& gaz, const NameInfo* info, const std::string& country) {
  if (info == nullptr) return std::nullopt;
  std::optional<PlaceRef> city;
  std::optional<PlaceRef> other;
  for (const PlaceRef& p : info->places) {
    if (country_code(gaz, p) != country) continue;
    if (p.kind != PlaceKind::kCity) {
      if (!other) other = p;
    } else if (!city || gaz.cities()[p.index].population > gaz.cities()[city->index].population) {
      city = p;
    }
  }
  return city ? city : other;
}

// Other spellings of a key that starts with an abbreviation: spelled out
// as GeoNames often spells it ("st. paul" -> "saint paul") and, written
// without its dot, with it ("st louis" -> "st. louis"). Empty when the key
// starts with none.
std::vector<std::string> other_spellings(std::string_view key) {
  static constexpr std::pair<std::string_view, std::string_view> kAbbreviations[] = {
      {"st", "saint"}, {"ste", "sainte"}, {"mt", "mount"}, {"ft", "fort"}, {"pt", "point"}};
  std::size_t space = key.find(' ');
  if (space == std::string_view::npos) return {};
  std::string_view first = key.substr(0, space);
  const bool dotted = !first.empty() && first.back() == '.';
  if (dotted) first.remove_suffix(1);
  const std::string rest(key.substr(space));
  for (const auto& [abbr, full] : kAbbreviations) {
    if (first != abbr) continue;
    std::vector<std::string> out{std::string(full) + rest};
    if (!dotted) out.push_back(std::string(abbr) + "." + rest);
    return out;
  }
  return {};
}

// Parsing state over the first line of a text.
class Parser {
 public:
  Parser(std::string_view line, DatelineOrigin origin, const Gazetteer& gaz)
      : s_(line), field_(origin == DatelineOrigin::kField), gaz_(gaz) {}

  std::optional<ParsedDateline> parse() {
    if (field_) {
      // Damaged field values start with marks ("****BOSTON").
      while (pos_ < s_.size() && !is_upper(s_[pos_]) && !is_lower(s_[pos_]) &&
             static_cast<unsigned char>(s_[pos_]) < 0x80) {
        ++pos_;
      }
      start_ = pos_;
    }
    if (!read_place()) return std::nullopt;
    bool dash = false;
    while (pos_ < s_.size()) {
      if (is_space(s_[pos_])) {
        ++pos_;
        continue;
      }
      if (std::size_t n = separator_at(s_, pos_)) {
        pos_ += n;
        dash = true;
        break;
      }
      if (s_[pos_] == ',') {
        ++pos_;
        if (!read_segment()) break;
        continue;
      }
      if (s_[pos_] == '(') {
        if (!read_agency()) break;
        continue;
      }
      if (!field_) return std::nullopt;
      break;  // a field's own trailing text
    }
    if (!field_ && (stopped_ || !dash || !accept())) return std::nullopt;
    if (field_ && !accept_field(dash)) return std::nullopt;
    // A field's text ends at its dash, or after the last part read: what
    // follows is story text the input ran into it.
    const std::size_t end = dash ? pos_ : last_good_;
    ParsedDateline d;
    d.text = std::string(util::trim(s_.substr(start_, end - start_)));
    d.place = std::string(place_);
    d.qualifier = std::string(qualifier_);
    d.end = end;
    return d;
  }

 private:
  // The place: up to a comma, a parenthesis or a separating dash.
  bool read_place() {
    std::size_t b = pos_;
    while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '(' && separator_at(s_, pos_) == 0) ++pos_;
    place_ = util::trim(s_.substr(b, pos_ - b));
    last_good_ = pos_;
    // "APRIL 7 -": a date with its place left out.
    if (place_.empty() || is_date(place_, false)) return false;
    // "JOHANNESBURG March 13 -": a date with its comma left out. It has a
    // day: "RIO DE JANEIRO" ends in a Portuguese month name.
    std::vector<std::string_view> words = words_of(place_);
    for (std::size_t i = 1; i < words.size(); ++i) {
      const auto at = static_cast<std::size_t>(words[i].data() - place_.data());
      const std::string_view tail = place_.substr(at);
      if (std::any_of(tail.begin(), tail.end(), is_digit) && is_date(tail, false)) {
        place_ = util::trim(place_.substr(0, at));
        has_date_ = true;
        break;
      }
    }
    if (field_) {
      return place_.size() <= kMaxFieldPlaceBytes &&
             std::none_of(place_.begin(), place_.end(), [](char c) { return is_digit(c); });
    }
    if (place_.size() > kMaxPlaceBytes) return false;
    words = words_of(place_);
    if (words.size() > kMaxPlaceWords) return false;
    bool any_upper = false;
    bool any_lower = false;
    bool title = true;
    for (std::string_view w : words) {
      for (char c : w) {
        if (is_digit(c)) return false;
        if (!(is_upper(c) || is_lower(c) || c == '.' || c == '\'' || c == '-' || c == '&' ||
              static_cast<unsigned char>(c) >= 0x80)) {
          return false;
        }
        any_upper |= is_upper(c);
        any_lower |= is_lower(c);
      }
      if (!is_upper(w[0]) && static_cast<unsigned char>(w[0]) < 0x80 && !in(kPlaceParticles, w))
        title = false;
    }
    caps_ = any_upper && !any_lower;
    return caps_ || title;
  }

  // A comma's segment: a qualifier, a date, a year, an agency word. False
  // when the segment is none of these (a field then ends before it).
  bool read_segment() {
    std::size_t b = pos_;
    while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '(' && separator_at(s_, pos_) == 0) ++pos_;
    std::string_view seg = util::trim(s_.substr(b, pos_ - b));
    if (seg.empty() || is_date(seg, has_date_)) {
      has_date_ |= !seg.empty();
      last_good_ = pos_;
      return true;
    }
    if (is_agency_word(seg)) {
      has_agency_ = true;
      last_good_ = pos_;
      return true;
    }
    if (qualifier_.empty() && !has_date_ && !has_agency_) {
      // "Okla. March 11": a qualifier and a date with no comma between.
      std::string_view q = seg;
      std::vector<std::string_view> words = words_of(seg);
      for (std::size_t i = 1; i < words.size(); ++i) {
        std::string_view rest = seg.substr(static_cast<std::size_t>(words[i].data() - seg.data()));
        if (std::any_of(rest.begin(), rest.end(), is_digit) && is_date(rest, false)) {
          q = util::trim(seg.substr(0, static_cast<std::size_t>(words[i].data() - seg.data())));
          has_date_ = true;
          break;
        }
      }
      qualifier_known_ = qualifier_place(gaz_, q).has_value();
      if (field_ ? q.size() <= kMaxPlaceBytes : qualifier_known_) {
        qualifier_ = q;
        last_good_ = pos_;
        return true;
      }
    }
    pos_ = b;
    stopped_ = true;
    return false;
  }

  bool read_agency() {
    std::size_t close = s_.find(')', pos_);
    if (close == std::string_view::npos || !is_agency(s_.substr(pos_ + 1, close - pos_ - 1))) {
      stopped_ = true;
      return false;
    }
    pos_ = close + 1;
    has_agency_ = true;
    last_good_ = pos_;
    return true;
  }

  // A field's dateline is taken as written, except a place the gazetteer
  // does not know with no date or qualifier before its dash: Reuters' field
  // holds table headings there ("WHEAT -", "TOKYO RUBBER (YEN PER KILO)
  // -"), never a dateline, which has a date.
  bool accept_field(bool dash) const {
    if (!dash || has_date_ || !qualifier_.empty()) return true;
    const NameInfo* info = gaz_.find(Gazetteer::key(place_));
    return info != nullptr && !info->nonplace && !info->places.empty();
  }

  // A body's dateline: a place in capitals the gazetteer knows, or any
  // with a date or known qualifier; a title-case place only with a date or
  // agency and a known place or qualifier. Parentheses alone do not make
  // an unknown place a dateline: a table heading has them too ("TOKYO
  // RUBBER (YEN PER KILO) -").
  bool accept() const {
    const NameInfo* info = gaz_.find(Gazetteer::key(place_));
    const bool known = info != nullptr && !info->nonplace && !info->places.empty();
    if (!caps_) return (has_date_ || has_agency_) && (known || qualifier_known_);
    return known || has_date_ || qualifier_known_;
  }

  std::string_view s_;
  bool field_;
  const Gazetteer& gaz_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  std::size_t last_good_ = 0;  // end of the last part read
  std::string_view place_;
  std::string_view qualifier_;
  bool caps_ = false;
  bool qualifier_known_ = false;
  bool has_date_ = false;
  bool has_agency_ = false;
  bool stopped_ = false;  // stopped at text that is no part of a dateline
};

}  // namespace

std::optional<ParsedDateline> parse_dateline(std::string_view text, DatelineOrigin origin,
                                             const Gazetteer& gaz) {
  std::size_t lead = 0;
  while (lead < text.size() && is_space(text[lead])) ++lead;
  std::string_view rest = text.substr(lead);
  std::string_view line = rest.substr(0, rest.find('\n'));
  if (origin == DatelineOrigin::kBody && line.size() > kMaxBodyLine) {
    line = line.substr(0, util::utf8_prefix_length(line, kMaxBodyLine));
  }
  std::optional<ParsedDateline> d = Parser(line, origin, gaz).parse();
  if (!d || d->text.empty()) return std::nullopt;
  std::size_t end = d->end;
  while (end < rest.size() && is_space(rest[end])) ++end;
  // A body's dateline opens a story: text must follow it.
  if (origin == DatelineOrigin::kBody && end == rest.size()) return std::nullopt;
  d->end = lead + end;
  return d;
}

article::Place resolve_dateline(const Gazetteer& gaz, const ParsedDateline& d,
                                std::optional<std::int64_t> published) {
  std::string key = Gazetteer::key(d.place);
  const NameInfo* info = gaz.find(key);
  // "ST. PAUL" is GeoNames' "Saint Paul": the places of every spelling.
  NameInfo merged;
  for (const std::string& spelling : other_spellings(key)) {
    const NameInfo* other = gaz.find(spelling);
    if (other == nullptr || other->nonplace) continue;
    if (info != &merged) {
      if (info != nullptr && !info->nonplace) merged = *info;
      info = &merged;
    }
    for (const PlaceRef& p : other->places) {
      auto same = [&](const PlaceRef& q) { return q.kind == p.kind && q.index == p.index; };
      if (std::none_of(merged.places.begin(), merged.places.end(), same)) merged.places.push_back(p);
    }
  }
  if (std::optional<PlaceRef> q = qualifier_place(gaz, d.qualifier)) {
    if (std::optional<PlaceRef> p = place_in(gaz, info, country_code(gaz, *q)))
      return place_of(gaz, *p, published);
    // A town the gazetteer does not know: its state or country is as far
    // as the dateline resolves.
    return place_of(gaz, *q, published);
  }
  if (info != nullptr && !info->nonplace) {
    if (std::optional<PlaceRef> p = bare_place(gaz, *info)) return place_of(gaz, *p, published);
  }
  return {title_case(d.place), "unresolved", ""};
}

std::optional<article::Dateline> find_dateline(const Gazetteer& gaz, const article::Article& a) {
  std::optional<ParsedDateline> d;
  for (const auto& [k, v] : a.extra) {
    if (k != "dateline") continue;
    nlohmann::json j = nlohmann::json::parse(v, nullptr, false);
    if (j.is_string()) d = parse_dateline(j.get<std::string>(), DatelineOrigin::kField, gaz);
    break;
  }
  if (!d) d = parse_dateline(a.body, DatelineOrigin::kBody, gaz);
  if (!d) return std::nullopt;
  return article::Dateline{std::move(d->text), resolve_dateline(gaz, *d, a.published)};
}

void add_dateline(const Gazetteer& gaz, const article::Article& a, article::Entities& out) {
  out.dateline = find_dateline(gaz, a);
  if (!out.dateline) return;
  const article::Place& p = out.dateline->place;
  // By name: the place facet counts names, and "Hong Kong" the city beside
  // "Hong Kong" the country would be one value listed twice.
  const std::string key = Gazetteer::key(p.name);
  auto same_name = [&](const article::Place& q) { return Gazetteer::key(q.name) == key; };
  if (std::none_of(out.places.begin(), out.places.end(), same_name)) out.places.push_back(p);
  if (!p.country.empty() &&
      std::find(out.countries.begin(), out.countries.end(), p.country) == out.countries.end()) {
    out.countries.push_back(p.country);
  }
}

}  // namespace dateline::entities
