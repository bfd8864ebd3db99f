#include "entities/canonical.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "analysis/analyzer.h"
#include "entities/gazetteer.h"
#include "entities/tokens.h"

namespace dateline::entities {
namespace {

// Titles, honorifics and job words seen before names in news text, lower
// case. A word here never starts a person's name in practice.
constexpr std::string_view kTitles[] = {"acting",
                                        "adm",
                                        "admiral",
                                        "adviser",
                                        "advisor",
                                        "agent",
                                        "ambassador",
                                        "analyst",
                                        "anchor",
                                        "archbishop",
                                        "assistant",
                                        "associate",
                                        "attorney",
                                        "attorney-general",
                                        "ayatollah",
                                        "bishop",
                                        "boss",
                                        "brig",
                                        "brigadier",
                                        "capt",
                                        "captain",
                                        "cardinal",
                                        "ceo",
                                        "cfo",
                                        "chair",
                                        "chairman",
                                        "chairperson",
                                        "chairwoman",
                                        "chancellor",
                                        "chief",
                                        "cmdr",
                                        "co-founder",
                                        "coach",
                                        "col",
                                        "colonel",
                                        "commander",
                                        "commander-in-chief",
                                        "commissioner",
                                        "congressman",
                                        "congresswoman",
                                        "constable",
                                        "coo",
                                        "correspondent",
                                        "councillor",
                                        "councilman",
                                        "councilwoman",
                                        "counsel",
                                        "counsellor",
                                        "counselor",
                                        "cpl",
                                        "defence",
                                        "defense",
                                        "department",
                                        "deputy",
                                        "detective",
                                        "diplomat",
                                        "director",
                                        "director-general",
                                        "dr",
                                        "economist",
                                        "economy",
                                        "editor",
                                        "education",
                                        "energy",
                                        "envoy",
                                        "executive",
                                        "exchequer",
                                        "democrat",
                                        "republican",
                                        "ex",
                                        "finance",
                                        "foreign",
                                        "former",
                                        "founder",
                                        "gen",
                                        "general",
                                        "gov",
                                        "governor",
                                        "health",
                                        "imam",
                                        "inspector",
                                        "interior",
                                        "journalist",
                                        "judge",
                                        "justice",
                                        "lawmaker",
                                        "lawyer",
                                        "leader",
                                        "lt",
                                        "lieutenant",
                                        "maj",
                                        "manager",
                                        "mayor",
                                        "miss",
                                        "minister",
                                        "ministry",
                                        "mp",
                                        "mr",
                                        "mrs",
                                        "ms",
                                        "mx",
                                        "officer",
                                        "president",
                                        "president-elect",
                                        "premier",
                                        "press",
                                        "prime",
                                        "prof",
                                        "professor",
                                        "prosecutor",
                                        "rabbi",
                                        "rep",
                                        "representative",
                                        "reporter",
                                        "rev",
                                        "reverend",
                                        "secretary",
                                        "secretary-general",
                                        "security",
                                        "sen",
                                        "senator",
                                        "senior",
                                        "sergeant",
                                        "sgt",
                                        "sheik",
                                        "sheikh",
                                        "shaikh",
                                        "special",
                                        "speaker",
                                        "spokesman",
                                        "spokesperson",
                                        "spokeswoman",
                                        "state",
                                        "superintendent",
                                        "supreme",
                                        "trade",
                                        "treasury",
                                        "undersecretary",
                                        "vice",
                                        "vice-president",
                                        "cabinet",
                                        "interim",
                                        "national",
                                        "foreign-minister",
                                        "defence-minister",
                                        "coordinator",
                                        "administrator",
                                        "head",
                                        "official",
                                        "researcher",
                                        "scientist",
                                        "engineer",
                                        "expert",
                                        "activist",
                                        "farmer",
                                        "lecturer",
                                        "historian",
                                        "commentator",
                                        "strategist",
                                        "broker",
                                        "trader",
                                        "dealer",
                                        "spokespeople",
                                        "ministers",
                                        "officials",
                                        "chairmen",
                                        "executives"};

// Titles that are also names or part of a canonical royal name: dropped
// only when at least two words follow ("Sir Keir Starmer", not "Lady Gaga").
constexpr std::string_view kWeakTitles[] = {"crown",    "dame",  "field", "first", "grand", "house",
                                            "king",     "lady",  "lord",  "major", "pope",  "prince",
                                            "princess", "queen", "sir",   "white"};

// Lower-case name particles that belong to the name ("bin Salman").
constexpr std::string_view kParticles[] = {"al",   "el",  "de",  "da",  "di",  "du",    "dos", "das",
                                           "do",   "van", "von", "der", "den", "ter",   "bin", "ibn",
                                           "bint", "ben", "la",  "le",  "del", "della", "y",   "zu"};

// Titles only people carry: an ORG span starting with one is a person.
constexpr std::string_view kPersonTitles[] = {
    "adm",     "admiral",   "ambassador",   "archbishop", "ayatollah", "bishop",      "capt",
    "captain", "cardinal",  "chancellor",   "col",        "colonel",   "congressman", "congresswoman",
    "dame",    "dr",        "envoy",        "gov",        "governor",  "imam",        "judge",
    "king",    "lady",      "lieutenant",   "lord",       "lt",        "mayor",       "miss",
    "mr",      "mrs",       "ms",           "pope",       "president", "prince",      "princess",
    "prof",    "professor", "queen",        "rabbi",      "rep",       "rev",         "reverend",
    "sen",     "senator",   "sergeant",     "sgt",        "sheik",     "sheikh",      "shaikh",
    "sir",     "spokesman", "spokesperson", "spokeswoman"};

// Last words of organization names: a "person" ending so is none.
constexpr std::string_view kOrganizationWords[] = {
    "agency",     "airlines",  "airways",    "association",  "authority",    "bank",        "board",
    "bureau",     "center",    "centre",     "co",           "co.",          "college",     "commission",
    "committee",  "community", "company",    "corp",         "corp.",        "corporation", "council",
    "department", "energy",    "federation", "fund",         "global",       "group",       "holdings",
    "inc",        "inc.",      "industries", "institute",    "limited",      "ltd",         "ltd.",
    "ministry",   "motors",    "office",     "organisation", "organization", "partners",    "party",
    "plc",        "service",   "services",   "society",      "systems",      "union",       "university",
    "ag",         "gmbh",      "sa",         "nv",           "llc"};

// Legal forms and words written like them after a company's name.
constexpr std::string_view kLegalForms[] = {
    "inc",     "incorporated", "corp", "corporation", "co", "cos",   "company", "ltd",     "ltda",
    "limited", "plc",          "llc",  "llp",         "lp", "ag",    "sa",      "nv",      "bv",
    "spa",     "srl",          "sarl", "gmbh",        "ab", "asa",   "oyj",     "kk",      "bhd",
    "sdn",     "pty",          "pte",  "cie",         "se", "group", "holding", "holdings"};

// Abbreviations of earnings and trade tables ("Oper shr loss 12 cts").
constexpr std::string_view kTableAbbreviations[] = {"shr",  "shrs", "oper", "qtr", "qtly", "avg", "revs",
                                                    "mths", "dlrs", "cts",  "mln", "bln",  "pct", "div"};

// Words skipped when computing an organization's initials.
constexpr std::string_view kInitialsSkip[] = {"of", "the", "and", "for", "&", "on", "in", "de"};

std::string ascii_lower_no_dot(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  std::string out(w);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

template <typename Table>
bool contains(const Table& table, std::string_view w) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

bool is_possessive(std::string_view w) {
  return w == "'s" || w == "'S" || w == "\xE2\x80\x99s" || w == "'" || w == "\xE2\x80\x99";
}

bool is_punct_word(std::string_view w) {
  for (char c : w) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
      return false;
    }
  }
  return true;
}

bool starts_upper(std::string_view w) { return starts_with_capital(w); }

// "son-in-law", "of", "envoy": lower case and not a name particle.
bool is_lower_word(std::string_view w) {
  if (w.empty()) return false;
  auto u = static_cast<unsigned char>(w[0]);
  if (!(u >= 'a' && u <= 'z')) return false;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') return false;  // "al-Busaidi", "bin-Salman"
  }
  return !contains(kParticles, w);
}

bool has_digit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ascii(std::string_view w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_initial(std::string_view w) {
  return (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z') ||
         (w.size() == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.');
}

bool is_acronym(std::string_view w) {
  if (w.size() < 2 || w.size() > 8) return false;
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || c == '&' || (c >= '0' && c <= '9'); });
}

std::vector<std::string> word_keys(std::string_view display) {
  std::vector<std::string> out;
  for (std::string_view w : split_words(display)) {
    if (is_initial(w)) continue;
    out.push_back(analysis::fold(w));
  }
  return out;
}

std::string join_keys(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) {
    if (!out.empty()) out.push_back(' ');
    out += k;
  }
  return out;
}

std::size_t non_ascii_bytes(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
}

}  // namespace

bool is_title_word(std::string_view word) {
  std::string w = ascii_lower_no_dot(word);
  return contains(kTitles, w);
}

bool is_name_particle(std::string_view word) { return contains(kParticles, word); }

bool is_legal_form(std::string_view word) {
  std::string w = ascii_lower_no_dot(word);
  std::erase(w, '.');  // "L.P.", "S.A."
  return contains(kLegalForms, w);
}

bool is_table_abbreviation(std::string_view word) {
  return contains(kTableAbbreviations, ascii_lower_no_dot(word));
}

bool is_role_title(std::string_view word) {
  // Title words that also qualify organizations ("National", "State").
  static constexpr std::string_view kQualifiers[] = {
      "national",  "state",     "department", "ministry", "security", "trade",   "treasury",
      "finance",   "interior",  "foreign",    "defence",  "defense",  "economy", "health",
      "energy",    "education", "supreme",    "special",  "senior",   "former",  "acting",
      "interim",   "cabinet",   "press",      "general",  "deputy",   "vice",    "prime",
      "associate", "assistant", "executive",  "chief",    "head",     "ex"};
  std::string w = ascii_lower_no_dot(word);
  return contains(kTitles, w) && !contains(kQualifiers, w);
}

bool is_organization_word(std::string_view word) {
  std::string w(word);
  for (char& c : w) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return contains(kOrganizationWords, w);
}

bool is_portfolio_title(std::string_view word) {
  static constexpr std::string_view kPortfolioTitles[] = {"minister", "ministers", "secretary",
                                                          "commissioner", "undersecretary"};
  return contains(kPortfolioTitles, ascii_lower_no_dot(word));
}

bool is_person_title(std::string_view word) { return contains(kPersonTitles, ascii_lower_no_dot(word)); }

std::vector<std::string_view> split_words(std::string_view mention) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < mention.size()) {
    while (i < mention.size() && space(mention[i])) ++i;
    std::size_t b = i;
    while (i < mention.size() && !space(mention[i])) ++i;
    if (b == i) break;
    std::string_view w = mention.substr(b, i - b);
    std::vector<std::string_view> tail;
    while (!w.empty() && (w.front() == '(' || w.front() == '"')) {
      out.push_back(w.substr(0, 1));
      w.remove_prefix(1);
    }
    while (w.size() > 1 && std::string_view(",;:!?)\"").find(w.back()) != std::string_view::npos) {
      tail.push_back(w.substr(w.size() - 1));
      w.remove_suffix(1);
    }
    std::string_view poss;
    if (w.size() > 2 && (w.ends_with("'s") || w.ends_with("'S"))) {
      poss = w.substr(w.size() - 2);
    } else if (w.size() > 4 && w.ends_with("\xE2\x80\x99s")) {
      poss = w.substr(w.size() - 4);
    } else if (w.size() > 1 && w.ends_with("'")) {  // "Thomas'"
      poss = w.substr(w.size() - 1);
    } else if (w.size() > 3 && w.ends_with("\xE2\x80\x99")) {
      poss = w.substr(w.size() - 3);
    }
    if (!poss.empty()) w.remove_suffix(poss.size());
    if (!w.empty()) out.push_back(w);
    if (!poss.empty()) out.push_back(poss);
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) out.push_back(*it);
  }
  return out;
}

std::string join_words(const std::vector<std::string_view>& words, WordRange range) {
  std::string out;
  for (std::size_t i = range.begin; i < range.end && i < words.size(); ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(words[i]);
  }
  return out;
}

WordRange person_name_range(const std::vector<std::string_view>& words, const Gazetteer* gazetteer) {
  std::size_t b = 0;
  std::size_t e = words.size();
  auto is_weekday = [](std::string_view w) {
    static constexpr std::string_view kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                 "friday", "saturday", "sunday"};
    std::string lw = ascii_lower_no_dot(w);
    for (std::string_view d : kDays) {
      if (lw == d) return true;
    }
    return false;
  };
  auto is_party_member = [](std::string_view w) {
    const std::string lw = ascii_lower_no_dot(w);
    return lw == "democrat" || lw == "republican" || lw == "democrats" || lw == "republicans";
  };
  auto trim_tail = [&] {
    // "Reagan Friday": a weekday after a name is the date of the story;
    // "Illinois Democrat": a party member is no name.
    while (e > b + 1 && (is_weekday(words[e - 1]) || is_party_member(words[e - 1]))) --e;
    while (e > b &&
           (is_possessive(words[e - 1]) || is_punct_word(words[e - 1]) || is_lower_word(words[e - 1]))) {
      --e;
    }
  };
  trim_tail();
  // "Civil Protection Coordinator Rodrigo Anaya-Salcedo": the name follows
  // the last title word when two capitalised words follow it.
  for (std::size_t k = e; k-- > b + 1;) {
    if (!is_title_word(words[k - 1])) continue;
    std::size_t names = 0;
    for (std::size_t i = k; i < e; ++i) names += starts_upper(words[i]) ? 1 : 0;
    if (names >= 2) b = k;
    break;
  }
  while (b + 1 < e) {
    std::string_view w = words[b];
    std::size_t after = e - b - 1;  // words after w
    if (is_punct_word(w) || is_lower_word(w) || is_name_particle(w)) {
      ++b;
      continue;
    }
    if (is_possessive(words[b + 1])) {  // "Iran 's Abbas Araghchi"
      if (after >= 2) {
        b += 2;
        continue;
      }
      break;
    }
    if (is_title_word(w)) {
      ++b;
      continue;
    }
    std::string lw = ascii_lower_no_dot(w);
    if (contains(kWeakTitles, lw) && after >= 2) {
      ++b;
      continue;
    }
    // "Pentagon spokesman John Kirby", "Omani Foreign Minister ...": a word
    // qualifying a title that follows.
    if (after >= 3 && (is_title_word(words[b + 1]) || is_lower_word(words[b + 1]))) {
      ++b;
      continue;
    }
    // "Omani Badr Albusaidi": a demonym before a full name.
    if (gazetteer != nullptr && after >= 2 && is_ascii(w)) {
      const NameInfo* info = gazetteer->find(Gazetteer::key(w));
      if (info != nullptr && info->demonym >= 0) {
        ++b;
        continue;
      }
    }
    break;
  }
  trim_tail();
  bool upper = false;
  for (std::size_t i = b; i < e; ++i) {
    if (has_digit(words[i])) return {0, 0};
    if (starts_upper(words[i])) upper = true;
  }
  if (!upper) return {0, 0};
  return {b, e};
}

bool institutional_name(std::string_view name) {
  static constexpr std::string_view kInstitutions[] = {
      "administration", "administratian", "administrtation", "adminstration", "government", "cabinet",
      "house",          "ministry",       "presidency",      "campaign",      "foundation", "doctrine"};
  std::vector<std::string_view> words = split_words(name);
  if (words.size() < 2) return false;
  std::string last = ascii_lower_no_dot(words.back());
  for (std::string_view w : kInstitutions) {
    if (last == w) return true;
  }
  return false;
}

std::string canonical_person(std::string_view mention) {
  std::vector<std::string_view> words = split_words(mention);
  return join_words(words, person_name_range(words));
}

WordRange organization_name_range(const std::vector<std::string_view>& words) {
  std::size_t b = 0;
  std::size_t e = words.size();
  while (e > b && (is_possessive(words[e - 1]) || is_punct_word(words[e - 1]))) --e;
  while (b < e && is_punct_word(words[b])) ++b;
  if (b < e && ascii_lower_no_dot(words[b]) == "the" && e - b > 1) ++b;
  // "Merrill Lynch Capital Markets The": the next sentence's first word.
  while (e - b > 1 && words[e - 1] == "The") --e;
  if (b < e && (words[b] == "US" || words[b] == "U.S.") && e - b >= 3) ++b;
  bool upper = false;
  bool forms_only = true;  // "Co Inc", "Ltd": a fragment of a name
  for (std::size_t i = b; i < e; ++i) {
    if (starts_upper(words[i]) || (words[i][0] >= '0' && words[i][0] <= '9')) upper = true;
    if (!is_legal_form(words[i]) && !is_punct_word(words[i]) && ascii_lower_no_dot(words[i]) != "and") {
      forms_only = false;
    }
  }
  if (!upper || forms_only) return {0, 0};
  return {b, e};
}

std::string canonical_organization(std::string_view mention) {
  std::vector<std::string_view> words = split_words(mention);
  return join_words(words, organization_name_range(words));
}

void NameMerger::add_person(std::string_view name) {
  if (name.empty()) return;
  Mention m{std::string(name), analysis::fold(name), word_keys(name)};
  if (m.word_keys.empty()) return;
  persons_.push_back(std::move(m));
}

void NameMerger::add_organization(std::string_view name) {
  if (name.empty()) return;
  organizations_.push_back({std::string(name), analysis::fold(name), {}});
}

void NameMerger::add_acronym(std::string_view long_form, std::string_view acronym) {
  if (long_form.empty() || acronym.empty()) return;
  acronyms_.emplace(analysis::fold(acronym), analysis::fold(long_form));
}

bool NameMerger::joins_person(std::string_view word) const {
  std::string k = analysis::fold(word);
  for (const Mention& m : persons_) {
    if (m.word_keys.size() < 2) continue;
    if (std::find(m.word_keys.begin(), m.word_keys.end(), k) != m.word_keys.end()) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> NameMerger::persons() const {
  struct Person {
    std::string display;
    std::vector<std::string> words;
    std::size_t first;  // first mention index
    std::size_t first_full;
  };
  // The folded words of the organizations: a "person" whose words run
  // inside one is that firm ("Smith Barney" of "Smith Barney, Harris
  // Upham and Co", "Pierce Fenner" of "Merrill Lynch, Pierce Fenner and
  // Smith Inc").
  auto folded_words = [](std::string_view name) {
    std::vector<std::string> words;
    for (std::string_view w : split_words(name)) {
      if (!is_punct_word(w)) words.push_back(analysis::fold(w));
    }
    return words;
  };
  // One word names a firm only inside a company's name ("Smith" of "...
  // and Smith Inc", not "Reagan" of "Reagan Administration").
  std::vector<std::vector<std::string>> firms;
  std::vector<bool> company;
  for (const Mention& o : organizations_) {
    firms.push_back(folded_words(o.display));
    company.push_back(!firms.back().empty() && is_legal_form(firms.back().back()));
  }
  auto names_firm = [&](const Mention& m) {
    const std::vector<std::string> words = folded_words(m.display);
    for (std::size_t i = 0; i < firms.size(); ++i) {
      if ((words.size() >= 2 || company[i]) &&
          std::search(firms[i].begin(), firms[i].end(), words.begin(), words.end()) != firms[i].end()) {
        return true;
      }
    }
    return false;
  };
  std::vector<bool> firm(persons_.size());
  std::unordered_map<std::string, bool> firm_words;  // "hutton" of "E.F. Hutton" is the firm too
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    firm[i] = names_firm(persons_[i]);
    if (firm[i] && persons_[i].word_keys.size() >= 2) {
      for (const std::string& w : persons_[i].word_keys) firm_words.emplace(w, true);
    }
  }
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    if (persons_[i].word_keys.size() == 1 && firm_words.count(persons_[i].word_keys.front())) firm[i] = true;
  }

  std::vector<Person> people;
  std::unordered_map<std::string, std::size_t> by_name;  // joined word keys
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    const Mention& m = persons_[i];
    if (m.word_keys.size() < 2 || firm[i]) continue;
    std::string k = join_keys(m.word_keys);
    auto it = by_name.find(k);
    if (it == by_name.end()) {
      by_name.emplace(k, people.size());
      people.push_back({m.display, m.word_keys, i, i});
    } else if (non_ascii_bytes(m.display) > non_ascii_bytes(people[it->second].display)) {
      // Prefer the spelling that keeps its diacritics.
      people[it->second].display = m.display;
    }
  }
  const std::size_t full_count = people.size();
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    const Mention& m = persons_[i];
    if (m.word_keys.size() >= 2 || firm[i]) continue;
    const std::string& w = m.word_keys.front();
    auto pick = [&](auto&& matches) -> std::size_t {
      std::size_t best = people.size();
      std::size_t later = people.size();
      for (std::size_t p = 0; p < full_count; ++p) {
        if (!matches(people[p])) continue;
        if (people[p].first_full < i) {
          if (best == people.size() || people[p].first_full > people[best].first_full) best = p;
        } else if (later == people.size() || people[p].first_full < people[later].first_full) {
          later = p;
        }
      }
      return best != people.size() ? best : later;
    };
    std::size_t target = pick([&](const Person& p) { return p.words.back() == w; });
    if (target == people.size()) {
      target = pick(
          [&](const Person& p) { return std::find(p.words.begin(), p.words.end(), w) != p.words.end(); });
    }
    if (target != people.size()) {
      people[target].first = std::min(people[target].first, i);
      continue;
    }
    auto it = by_name.find(w);
    if (it == by_name.end()) {
      by_name.emplace(w, people.size());
      people.push_back({m.display, m.word_keys, i, std::numeric_limits<std::size_t>::max()});
    }
  }
  std::stable_sort(people.begin(), people.end(),
                   [](const Person& a, const Person& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(people.size());
  for (Person& p : people) out.push_back(std::move(p.display));
  return out;
}

std::vector<std::string> NameMerger::organizations() const {
  // Initials of the multi-word organizations, for undeclared acronyms.
  std::unordered_map<std::string, std::string> initials;  // folded -> key
  std::unordered_map<std::string, std::string> display;   // key -> display
  for (const Mention& m : organizations_) {
    display.emplace(m.key, m.display);
    std::vector<std::string_view> words = split_words(m.display);
    if (words.size() < 2) continue;
    std::string ini;
    for (std::string_view w : words) {
      if (contains(kInitialsSkip, ascii_lower_no_dot(w))) continue;
      if (!starts_upper(w)) continue;
      ini.push_back(static_cast<char>(w[0] >= 'A' && w[0] <= 'Z' ? w[0] - 'A' + 'a' : w[0]));
    }
    if (ini.size() >= 2) initials.emplace(ini, m.key);
  }
  std::vector<std::string> order;
  std::unordered_map<std::string, bool> seen;
  for (const Mention& m : organizations_) {
    std::string target = m.key;
    if (auto it = acronyms_.find(m.key); it != acronyms_.end() && display.count(it->second)) {
      target = it->second;
    } else if (is_acronym(m.display)) {
      if (auto ini = initials.find(m.key); ini != initials.end()) target = ini->second;
    }
    if (seen.emplace(target, true).second) order.push_back(target);
  }
  std::vector<std::string> out;
  out.reserve(order.size());
  for (const std::string& k : order) out.push_back(display[k]);
  return out;
}

}  // namespace dateline::entities
