#include "entities/place_resolver.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entities/canonical.h"
#include "entities/gazetteer_scan.h"

namespace dateline::entities {
namespace {

// Last words of names of buildings and streets that stand for an
// institution: "Wall Street", "White House", "Elysee Palace", "City Hall".
constexpr std::string_view kInstitutionHeads[] = {"street", "house", "palace", "hall"};

// Capitalised words that continue a place into the name of a firm or an
// institution: "Bethlehem Steel", "Texas Instruments", "Paris Club",
// "London Interbank". (is_organization_word() covers Inc, Corp, Bank...)
constexpr std::string_view kNameContinuations[] = {
    "steel",      "oil",         "gas",      "petroleum", "energy",    "power",     "electric",
    "edison",     "light",       "lighting", "telephone", "airlines",  "air",       "airways",
    "industries", "instruments", "savings",  "holding",   "holdings",  "trust",     "federal",
    "national",   "stock",       "board",    "fund",      "insurance", "financial", "securities",
    "chemical",   "mines",       "mining",   "resources", "utilities", "motors",    "club",
    "interbank",  "mercantile",  "futures",  "commodity", "times",     "post",      "journal",
    "herald",     "tribune",     "heavy",    "sweet",     "cement",    "paper",     "gold",
    "copper",     "nickel"};

// The legal forms that end a firm's name.
constexpr std::string_view kFirmSuffixes[] = {"corp", "co", "inc", "ltd", "plc",  "company", "corporation",
                                              "ag",   "sa", "nv",  "spa", "gmbh", "bv",      "llc"};

bool in_table(const auto& table, std::string_view w) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

std::string_view last_word(std::string_view key) {
  std::size_t space = key.rfind(' ');
  return space == std::string_view::npos ? key : key.substr(space + 1);
}

// "Steel", not "STEEL" (a headline in capitals) or "steel".
bool title_case(std::string_view w) {
  return w.size() >= 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'a' && w[1] <= 'z';
}

// Two or three capital letters: a ticker ("TX"), a postal code or an
// abbreviation, unless the gazetteer gives it to a country ("US", "UAE").
bool bare_abbreviation(const PlaceMention& m) {
  std::string_view d = m.display;
  if (d.size() < 2 || d.size() > 3 || names_country(m.info)) return false;
  return std::all_of(d.begin(), d.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// A grade of Moody's scale ("Caa", "Baa1"): Aaa, Aa, A, Baa, Ba, B, Caa,
// Ca, C, with an optional 1 to 3.
bool credit_rating(std::string_view d) {
  if (!d.empty() && d.back() >= '1' && d.back() <= '3') d.remove_suffix(1);
  constexpr std::string_view kGrades[] = {"Aaa", "Aa", "Baa", "Ba", "Caa", "Ca"};
  return in_table(kGrades, d);
}

enum class NotPlace { kNo, kName, kGrade };

// Whether mention m is part of the name of a thing (or a rating) rather
// than a place.
NotPlace name_of_a_thing(const PlaceMention& m) {
  const std::string next = Gazetteer::key(m.next_word);
  // "Kuwait crude" still says the story is about Kuwait.
  const bool country = names_country(m.info) || m.demonym || m.country >= 0;
  if (!country && (is_grade_word(next) || is_grade_word(last_word(m.key)))) return NotPlace::kGrade;
  if (in_table(kInstitutionHeads, last_word(m.key)) || bare_abbreviation(m) || credit_rating(m.display)) {
    return NotPlace::kName;
  }
  if (country) return NotPlace::kNo;  // "Kuwait Petroleum" too
  if (title_case(m.next_word) && (in_table(kNameContinuations, next) || is_organization_word(next))) {
    return NotPlace::kName;
  }
  // The tagger's span took the firm's word in: "Pacific Lighting", "San
  // Miguel Corp" (but "Brooklyn Center" is a town).
  const std::string_view last = last_word(m.key);
  if (last.size() < m.key.size() && (in_table(kNameContinuations, last) || in_table(kFirmSuffixes, last))) {
    return NotPlace::kName;
  }
  return NotPlace::kNo;
}

// Place resolution over all mentions of an article (see Extractor's
// contract for the order of preference).
class Resolver {
 public:
  Resolver(const Gazetteer& gaz, const ArticleWork& work) : gaz_(gaz), work_(work) {}

  void resolve(article::Entities& out, std::vector<CountryMention>* country_mentions) {
    std::vector<Choice> choice(work_.places.size());
    drop_names_of_things(choice);
    resolve_countries(choice);
    find_local_countries(choice);
    resolve_regions_and_cities(choice);
    resolve_us_states(choice);
    emit(choice, out, country_mentions);
  }

 private:
  // kAbbreviation: a US state as written after a city without its dot
  // ("Belvidere, Ill"); index is the state's region.
  enum class Kind { kPending, kCountry, kRegion, kCity, kUnresolved, kDropped, kAbbreviation };
  struct Choice {
    Kind kind = Kind::kPending;
    std::uint32_t index = 0;
    bool deferred = false;
    bool country_only = false;  // a demonym: the country, but no place
  };

  // Pass 0: places that are part of a name ("Bethlehem Steel", "Wall
  // Street", "TX"). A crude grade is one throughout the article: "Brent"
  // alone in a story about "Brent crude" is the grade too, unless it names
  // a country or region.
  void drop_names_of_things(std::vector<Choice>& choice) const {
    const std::vector<PlaceMention>& ms = work_.places;
    std::unordered_set<std::string_view> grades(work_.grade_names.begin(), work_.grade_names.end());
    for (std::size_t i = 0; i < ms.size(); ++i) {
      NotPlace n = name_of_a_thing(ms[i]);
      if (n == NotPlace::kNo) continue;
      choice[i].kind = Kind::kDropped;
      if (n == NotPlace::kGrade) grades.insert(ms[i].key);
    }
    if (grades.empty()) return;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const NameInfo* info = ms[i].info;
      const bool region_or_country =
          info != nullptr && !info->places.empty() && info->places.front().kind != PlaceKind::kCity;
      if (grades.count(ms[i].key) && !region_or_country) choice[i].kind = Kind::kDropped;
    }
  }

  // The countries the article is set in: those of a region it names
  // ("Venice, Fla.", "Texas"), as opposed to countries it only mentions.
  // "Washington" and "New York" are as often the cities: no evidence.
  void find_local_countries(const std::vector<Choice>& choice) {
    // Run after pass 1: mentions_ holds the countries the article names.
    const std::vector<PlaceMention>& ms = work_.places;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const NameInfo* info = ms[i].info;
      if (choice[i].kind == Kind::kDropped || info == nullptr || info->nonplace || info->places.empty() ||
          info->places.front().kind != PlaceKind::kRegion) {
        continue;
      }
      const bool big_city = std::any_of(info->places.begin(), info->places.end(), [&](const PlaceRef& p) {
        return p.kind == PlaceKind::kCity && gaz_.cities()[p.index].population >= 100000;
      });
      if (big_city) continue;
      // "Maryland" is also a county of Liberia: a name of regions in
      // several countries is the one in a country the article names.
      std::vector<std::string_view> countries;
      for (const PlaceRef& p : info->places) {
        if (p.kind != PlaceKind::kRegion) continue;
        const std::string& c = gaz_.regions()[p.index].country;
        if (std::find(countries.begin(), countries.end(), c) == countries.end()) countries.push_back(c);
      }
      if (countries.size() > 1) {
        std::erase_if(countries, [&](std::string_view c) { return mentions_[std::string(c)] == 0; });
      }
      if (countries.size() == 1) local_.insert(std::string(countries.front()));
    }
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (choice[i].kind != Kind::kDropped && state_abbreviation(ms[i]) >= 0) local_.insert("US");
    }
  }

  // The US state that m abbreviates without its dot ("Ill", "Pa"), or -1.
  std::int32_t state_abbreviation(const PlaceMention& m) const {
    if (m.display.size() < 2 || m.display.size() > 5 || !title_case(m.display) ||
        m.key.find(' ') != std::string::npos) {
      return -1;
    }
    if (m.info != nullptr && !m.info->places.empty() && m.info->places.front().kind != PlaceKind::kCity) {
      return -1;
    }
    const NameInfo* dotted = gaz_.find(m.key + ".");
    if (dotted == nullptr || dotted->places.empty() || dotted->places.front().kind != PlaceKind::kRegion) {
      return -1;
    }
    const std::uint32_t region = dotted->places.front().index;
    return gaz_.regions()[region].country == "US" ? static_cast<std::int32_t>(region) : -1;
  }

  // Pass 1: countries and demonyms; they are the article's context.
  void resolve_countries(std::vector<Choice>& choice) {
    const std::vector<PlaceMention>& ms = work_.places;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const PlaceMention& m = ms[i];
      Choice& c = choice[i];
      if (c.kind == Kind::kDropped) continue;
      if (std::int32_t state = state_abbreviation(m); state >= 0) {
        c = {Kind::kAbbreviation, static_cast<std::uint32_t>(state), false, false};
        continue;
      }
      if (m.country >= 0) {
        c = country_choice(static_cast<std::uint32_t>(m.country));
      } else if (m.info == nullptr || m.info->nonplace) {
        c.kind = Kind::kUnresolved;
      } else if (is_country_name(m.info)) {
        c = country_choice(m.info->places.front().index);
        if (us_state_alternative(*m.info) >= 0) c.deferred = true;
      } else if (m.info->constituent >= 0) {  // "Scotland": the place, of GB
        c = {Kind::kRegion, m.info->places.front().index, false, false};
        ++mentions_[gaz_.countries()[static_cast<std::size_t>(m.info->constituent)].code];
      } else if (m.info->demonym >= 0) {
        c = country_choice(static_cast<std::uint32_t>(m.info->demonym));
      } else if (std::int32_t f = foreign_country(m.info, work_.lang); f >= 0) {
        c = country_choice(static_cast<std::uint32_t>(f));
      } else {
        c.kind = Kind::kPending;
      }
      if (m.demonym && c.kind == Kind::kCountry) c.country_only = true;
      if (m.weak && c.kind == Kind::kUnresolved) c.kind = Kind::kDropped;
      if (c.kind == Kind::kCountry && !c.deferred) count_country(c.index);
    }
  }

  // A country in context, and the territories it held ("Soviet Union":
  // Kiev and Tbilisi are in context).
  void count_country(std::uint32_t index) {
    ++mentions_[gaz_.countries()[index].code];
    for (const FormerTerritory& t : gaz_.former_territories()) {
      if (t.state == index) ++mentions_[t.country];
    }
  }

  // Pass 2: regions and cities, preferring the context's countries.
  void resolve_regions_and_cities(std::vector<Choice>& choice) {
    const std::vector<PlaceMention>& ms = work_.places;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (choice[i].kind != Kind::kPending) continue;
      choice[i] = region_or_city(ms[i]);
      if (ms[i].weak && !well_resolved(choice[i])) choice[i].kind = Kind::kDropped;
      const std::string* country = nullptr;
      bool capital = false;
      if (choice[i].kind == Kind::kRegion) {
        country = &gaz_.regions()[choice[i].index].country;
      } else if (choice[i].kind == Kind::kCity) {
        country = &gaz_.cities()[choice[i].index].country;
        capital = gaz_.cities()[choice[i].index].capital;
      }
      if (country != nullptr) {
        ++mentions_[*country];
        if (!capital) ++local_signals_[*country];
      }
    }
  }

  // Pass 3: "Georgia": the US state only with US context. A state's
  // abbreviation ("Ill") only so too: alone it is a word or a ticker.
  void resolve_us_states(std::vector<Choice>& choice) {
    const std::vector<PlaceMention>& ms = work_.places;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (choice[i].kind == Kind::kAbbreviation) {
        // The places resolved, not local_: the abbreviation is no evidence
        // for itself.
        choice[i].kind = mentions_["US"] > 0 ? Kind::kRegion : Kind::kDropped;
        continue;
      }
      if (!choice[i].deferred) continue;
      choice[i].deferred = false;
      std::int32_t region = us_state_alternative(*ms[i].info);
      const std::string& country = gaz_.countries()[choice[i].index].code;
      if (ms[i].state_context || (local_signals_["US"] > 0 && mentions_[country] == 0)) {
        choice[i] = {Kind::kRegion, static_cast<std::uint32_t>(region), false, false};
      }
    }
  }

  static Choice country_choice(std::uint32_t index) { return {Kind::kCountry, index, false, false}; }

  // The US state of the same name as a country ("Georgia"), or -1.
  std::int32_t us_state_alternative(const NameInfo& info) const {
    for (const PlaceRef& p : info.places) {
      if (p.kind == PlaceKind::kRegion && gaz_.regions()[p.index].country == "US") {
        return static_cast<std::int32_t>(p.index);
      }
    }
    return -1;
  }

  // A place the English tagger found in foreign text is kept only if it is
  // in a country the article names, a capital or a city of 500,000+.
  bool well_resolved(const Choice& c) const {
    if (c.kind == Kind::kRegion) return in_context(gaz_.regions()[c.index].country);
    if (c.kind != Kind::kCity) return false;
    const City& city = gaz_.cities()[c.index];
    return city.capital || city.population >= 500000 || in_context(city.country);
  }

  // A country the article names so far, or one whose region it names
  // anywhere ("Venice, Florida": Florida comes after Venice).
  bool in_context(const std::string& country) const {
    auto it = mentions_.find(country);
    return (it != mentions_.end() && it->second > 0) || local_.count(country) > 0;
  }

  Choice region_or_city(const PlaceMention& m) const {
    const City* best_city = nullptr;
    std::uint32_t city_index = 0;
    const City* known_city = nullptr;  // the one with most names
    std::uint32_t known_index = 0;
    double best_score = -1e9;
    std::int32_t region = -1;
    bool region_in_context = false;
    for (const PlaceRef& p : m.info->places) {
      if (p.kind == PlaceKind::kRegion) {
        bool ctx = in_context(gaz_.regions()[p.index].country);
        if (region < 0 || (ctx && !region_in_context)) {
          region = static_cast<std::int32_t>(p.index);
          region_in_context = ctx;
        }
      } else if (p.kind == PlaceKind::kCity) {
        const City& c = gaz_.cities()[p.index];
        double score = std::log(static_cast<double>(c.population) + 1.0) +
                       (in_context(c.country) ? 4.0 : 0.0) + (c.capital ? 1.5 : 0.0);
        if (score > best_score) {
          best_score = score;
          best_city = &c;
          city_index = p.index;
        }
        if (known_city == nullptr || c.names > known_city->names) {
          known_city = &c;
          known_index = p.index;
        }
      }
    }
    if (best_city != nullptr && best_city != known_city && widely_known_over(*known_city, *best_city)) {
      best_city = known_city;
      city_index = known_index;
    }
    Choice city{Kind::kCity, city_index, false, false};
    if (region >= 0) {
      Choice reg{Kind::kRegion, static_cast<std::uint32_t>(region), false, false};
      const Region& r = gaz_.regions()[static_cast<std::size_t>(region)];
      if (m.state_context || best_city == nullptr) return reg;
      if (best_city->country == r.country && (best_city->capital || best_city->population >= 1000000)) {
        return city;
      }
      if (!region_in_context && in_context(best_city->country) && best_city->population >= 100000) {
        return city;
      }
      return reg;
    }
    if (best_city == nullptr) return {Kind::kUnresolved, 0, false, false};
    // A village sharing the name of an unknown place is no evidence.
    if (best_city->population < 5000 && !best_city->capital && !in_context(best_city->country)) {
      return {Kind::kUnresolved, 0, false, false};
    }
    return city;
  }

  // A city known around the world ("Venice", 64 names in GeoNames) over a
  // namesake that the countries the article mentions favour (Venice,
  // Florida: 11 names), unless the article names a region of the
  // namesake's country ("Venice, Fla."). Newswire qualifies small towns.
  bool widely_known_over(const City& known, const City& other) const {
    return known.names >= kWidelyKnownNames && 2 * known.names >= 5 * other.names &&
           !local_.count(other.country);
  }
  static constexpr std::uint32_t kWidelyKnownNames = 30;

  // The country of a region or city when the article was published: the
  // Soviet Union for Moscow in 1987 (see Gazetteer::former_country).
  std::string country_then(const PlaceRef& place, const std::string& today) const {
    if (!work_.published) return today;
    std::int32_t f = gaz_.former_country(place, *work_.published);
    return f < 0 ? today : gaz_.countries()[static_cast<std::size_t>(f)].code;
  }

  void emit(const std::vector<Choice>& choice, article::Entities& out,
            std::vector<CountryMention>* country_mentions) const {
    std::unordered_set<std::string> seen_places;
    std::unordered_set<std::string> seen_countries;
    auto add_country = [&](const std::string& code) {
      if (seen_countries.insert(code).second) out.countries.push_back(code);
    };
    for (std::size_t i = 0; i < choice.size(); ++i) {
      article::Place p;
      switch (choice[i].kind) {
        case Kind::kCountry: {
          const Country& c = gaz_.countries()[choice[i].index];
          p = {c.name, "country", c.code};
          break;
        }
        case Kind::kRegion: {
          const Region& r = gaz_.regions()[choice[i].index];
          p = {r.name, "region", country_then({PlaceKind::kRegion, choice[i].index}, r.country)};
          break;
        }
        case Kind::kCity: {
          const City& c = gaz_.cities()[choice[i].index];
          p = {c.name, "city", country_then({PlaceKind::kCity, choice[i].index}, c.country)};
          break;
        }
        case Kind::kDropped: continue;
        default: p = {work_.places[i].display, "unresolved", ""}; break;
      }
      if (p.name.empty()) continue;
      if (country_mentions != nullptr && !p.country.empty()) {
        country_mentions->push_back({p.country, work_.places[i].part, work_.places[i].sentence});
      }
      if (choice[i].country_only) {
        add_country(p.country);
        continue;
      }
      std::string id =
          p.kind + '\t' + p.country + '\t' + (p.kind == "unresolved" ? work_.places[i].key : p.name);
      if (!seen_places.insert(id).second) continue;
      if (!p.country.empty()) add_country(p.country);
      out.places.push_back(std::move(p));
    }
  }

  const Gazetteer& gaz_;
  const ArticleWork& work_;
  std::unordered_map<std::string, int> mentions_;       // country -> resolved mentions
  std::unordered_map<std::string, int> local_signals_;  // country -> regions, non-capital cities
  std::unordered_set<std::string> local_;               // countries of the regions the article names
};

}  // namespace

void resolve_places(const Gazetteer& gaz, const ArticleWork& work, article::Entities& out,
                    std::vector<CountryMention>* country_mentions) {
  Resolver(gaz, work).resolve(out, country_mentions);
}

}  // namespace dateline::entities
