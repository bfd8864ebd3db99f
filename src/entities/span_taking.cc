#include "entities/span_taking.h"

#include <string>
#include <string_view>
#include <vector>

#include "entities/canonical.h"
#include "entities/gazetteer_scan.h"

namespace dateline::entities {
namespace {

// Articles and other words that start no personal name in the languages
// the English tagger is run on.
constexpr std::string_view kForeignStopWords[] = {
    "le",  "la",  "les", "l'",  "un",  "une",  "el", "los", "las", "una", "der", "die",
    "das", "den", "dem", "des", "ein", "eine", "il", "lo",  "gli", "i",   "o",   "os",
    "as",  "het", "een", "et",  "y",   "und",  "e",  "en",  "au",  "aux", "du"};

// Words that name many places or none: alone they are no place.
constexpr std::string_view kGenericPlaceWords[] = {
    "north",     "south",     "east",      "west",       "central",    "northern",   "southern",
    "eastern",   "western",   "upper",     "lower",      "new",        "old",        "great",
    "greater",   "city",      "bay",       "long",       "port",       "lake",       "river",
    "island",    "islands",   "mount",     "saint",      "san",        "santa",      "st",
    "fort",      "cape",      "coast",     "valley",     "county",     "province",   "state",
    "region",    "district",  "capital",   "north-east", "north-west", "south-east", "south-west",
    "northeast", "northwest", "southeast", "southwest",  "midwest",    "interior",   "centre",
    "center"};

// Words before a place name: "in Sukkur".
constexpr std::string_view kLocativePrepositions[] = {"in",     "at",         "near",   "outside", "across",
                                                      "around", "throughout", "within", "towards", "toward"};

// Ships are named after people: "USS Abraham Lincoln" is no person.
constexpr std::string_view kShipPrefixes[] = {"USS", "HMS", "INS", "HMAS", "HMCS", "RFS"};

std::vector<std::string_view> words_of(const PartText& text, std::size_t b, std::size_t e) {
  std::vector<std::string_view> words;
  for (std::size_t i = b; i < e; ++i) words.push_back(text.tokens()[i].text);
  return words;
}

// --- persons --------------------------------------------------------------------

// Foreign text: only names of two or more capitalised words (particles
// allowed), none starting with an article.
bool foreign_name(PartText& text, std::size_t pb, std::size_t pe) {
  if (pe - pb < 2) return false;
  for (std::size_t i = pb; i < pe; ++i) {
    const TextToken& t = text.tokens()[i];
    if (contains(kForeignStopWords, text.key(i)) || !(t.capitalised || is_name_particle(t.text))) {
      return false;
    }
  }
  return true;
}

// Words before "at"/"with"/"of" that make the name after them a firm
// ("an analyst at Smith Barney", "a unit of Dean Witter Reynolds").
constexpr std::string_view kFirmContext[] = {"analyst",    "analysts",    "economist", "economists",
                                             "strategist", "strategists", "unit",      "subsidiary",
                                             "division",   "affiliate",   "brokerage", "broker"};

// Words after "&"/"and" that end the names of partnerships ("Alex. Brown
// and Sons").
constexpr std::string_view kPartners[] = {"sons", "partners", "associates", "brothers", "bros"};

// Where the firm named by the "person" [pb, pe) ends, if its context makes
// it one: legal forms after it, possibly after "&"/"and" ("James Capel and
// Co", "E.F. Hutton Group Inc"), "and Sons", a second name after "/" and
// its legal form ("Royal Dutch/Shell Group"), or a firm context before it;
// 0 if none.
std::size_t firm_end(PartContext& c, const Sentence& s, std::size_t pb, std::size_t pe) {
  const std::vector<TextToken>& t = c.text.tokens();
  std::size_t k = pe;
  auto capital = [&](std::size_t i) {
    return t[i].kind == TokenKind::kWord && (t[i].capitalised || t[i].upper);
  };
  auto legal_form = [&](std::size_t i) { return capital(i) && is_legal_form(t[i].text); };
  if (k + 1 < s.end && (t[k].text == "&" || t[k].text == "and") && capital(k + 1) &&
      contains(kPartners, c.text.key(k + 1))) {
    k += 2;
    while (k < s.end && legal_form(k)) ++k;
    return k;
  }
  if (k + 1 < s.end && (t[k].text == "&" || t[k].text == "and") && legal_form(k + 1)) ++k;
  if (k + 2 < s.end && t[k].text == "/" && capital(k + 1)) {
    std::size_t j = k + 1;
    while (j < s.end && j < k + 4 && capital(j) && !legal_form(j)) ++j;
    if (j < s.end && legal_form(j)) k = j;
  }
  std::size_t end = k;
  while (end < s.end && legal_form(end)) ++end;
  if (end > k) return end;
  if (pb >= s.begin + 2) {
    const std::string& prep = c.text.key(pb - 1);
    const bool at = prep == "at" || prep == "with" || prep == "of" || prep == "from";
    // "an analyst at Smith Barney", "William Arndt from Dean Witter".
    if (at && (contains(kFirmContext, c.text.key(pb - 2)) || c.person_end == pb - 1)) return pe;
  }
  // "the E. F. Hutton investment banking firm".
  for (std::size_t i = pe; i < s.end && i < pe + 3 && t[i].kind == TokenKind::kWord && !capital(i); ++i) {
    if (c.text.key(i) == "firm" || c.text.key(i) == "brokerage") return pe;
  }
  return 0;
}

// The display form of the name [pb, pe) without punctuation inside it
// ("Fed Chairman (Paul) Volcker" -> "Paul Volcker").
std::string person_display(const PartText& text, std::size_t pb, std::size_t pe) {
  const std::vector<TextToken>& t = text.tokens();
  std::string out;
  std::size_t run = pb;
  for (std::size_t i = pb; i <= pe; ++i) {
    if (i < pe && !(t[i].kind == TokenKind::kPunct && t[i].text != "'s" && t[i].text != "-")) continue;
    if (run < i) {
      if (!out.empty()) out.push_back(' ');
      out += text.display(run, i);
    }
    run = i + 1;
  }
  return out;
}

void take_organization(PartContext& c, const Sentence& s, std::size_t b, std::size_t e, bool long_form);

void take_person(PartContext& c, const Sentence& s, std::size_t b, std::size_t e) {
  // German capitalises every noun: the English tagger's persons are noise.
  if (c.work.lang == "de") return;
  const std::vector<TextToken>& t = c.text.tokens();
  if (b > s.begin && contains(kShipPrefixes, t[b - 1].text)) {
    c.text.cover(b, e);
    return;
  }
  WordRange r = person_name_range(words_of(c.text, b, e), &c.gaz);
  if (r.empty()) return;
  const std::size_t pb = b + r.begin;
  const std::size_t pe = b + r.end;
  if (!c.work.english && !foreign_name(c.text, pb, pe)) return;
  if (pe - pb == 1 && t[pb].upper) return;  // "REUTER", "OPER": no one-word name is in capitals
  if (const std::size_t end = firm_end(c, s, pb, pe); end != 0) {
    take_organization(c, s, pb, end, false);
    return;
  }
  PersonMention p;
  p.display = person_display(c.text, pb, pe);
  if (p.display.empty()) return;
  if (pe - pb == 1) {
    p.word_key = c.text.key(pb);
    p.info = c.gaz.find(p.word_key);
  }
  c.work.persons.push_back(std::move(p));
  c.text.cover(pb, pe);
  c.person_end = pe;
}

// --- organizations --------------------------------------------------------------

// Where an organization's name in [b, e) ends: at "(" (an acronym follows,
// "Central Command (CENTCOM)"), at the source's ticker ("<TSBA.T>") or at
// a number ("Gold Lance Corp of 12.1 mln dlrs"); else e.
std::size_t organization_cut(const PartContext& c, std::size_t b, std::size_t e) {
  const std::string_view ticker = c.rules.ticker_open;
  for (std::size_t i = b; i < e; ++i) {
    if (c.text.punct_at(i, e, "(") || (!ticker.empty() && c.text.punct_at(i, e, ticker)) ||
        c.text.tokens()[i].kind == TokenKind::kNumber) {
      return i;
    }
  }
  return e;
}

// The tagger's organization [ob, oe) that is a place: "in Sukkur", "Strait
// of Hormuz", the country "Iran" or "U.S.". Adds and covers it; returns
// false if it is none.
bool take_organization_as_place(PartContext& c, const Sentence& s, std::size_t ob, std::size_t oe,
                                bool long_form) {
  const NameInfo* info = c.gaz.find(c.text.span_key(ob, oe));
  if (info == nullptr) return false;
  const bool in_place = !long_form && !info->places.empty() && ob > s.begin &&
                        contains(kLocativePrepositions, c.text.key(ob - 1));
  const bool country = (names_country(info) || info->demonym >= 0) && oe - ob <= 4;
  if (!in_place && !info->nonplace && !country) return false;
  const bool as_country = !in_place && !info->nonplace;
  add_place(c, s, ob, oe, info, as_country && !names_country(info) ? info->demonym : -1);
  c.text.cover(ob, oe);
  return true;
}

// "(ACRONYM)" at token a, after the organization name: it is one of the
// organization's names too.
void take_acronym_after(PartContext& c, const Sentence& s, const std::string& name, std::size_t a) {
  const std::vector<TextToken>& t = c.text.tokens();
  if (c.text.punct_at(a, s.end, "(") && a + 2 < s.end && c.text.punct_at(a + 2, s.end, ")") &&
      t[a + 1].kind == TokenKind::kWord && t[a + 1].upper && t[a + 1].text.size() >= 2) {
    c.work.acronyms.emplace_back(name, std::string(t[a + 1].text));
    c.work.organizations.push_back(std::string(t[a + 1].text));
    c.text.cover(a + 1, a + 2);
  }
}

void take_organization(PartContext& c, const Sentence& s, std::size_t b, std::size_t e, bool long_form) {
  const std::vector<TextToken>& t = c.text.tokens();
  const std::size_t cut = organization_cut(c, b, e);
  WordRange r = organization_name_range(words_of(c.text, b, cut));
  if (r.empty()) return;
  const std::size_t ob = b + r.begin;
  std::size_t oe = b + r.end;
  if (take_organization_as_place(c, s, ob, oe, long_form)) return;
  if (oe - ob == 1 && (is_organization_word(t[ob].text) || contains(kGenericPlaceWords, c.text.key(ob)))) {
    return;  // "Inc", "Co", "City", "the Bank's": no name
  }
  // "Moody's": the tagger kept the "'s" in the name.
  if (oe + 1 == cut && cut == e && t[oe].text == "'s") ++oe;
  // "Gold Lance Corp of": a dangling small word at the end.
  while (oe - ob > 1 && !t[oe - 1].capitalised && !t[oe - 1].upper && t[oe - 1].kind == TokenKind::kWord) {
    --oe;
  }
  // "and Co of the debentures" -> "Co": legal forms alone are no name.
  bool forms_only = true;
  for (std::size_t i = ob; i < oe && forms_only; ++i) forms_only = is_legal_form(t[i].text);
  if (forms_only) return;
  std::string name = c.text.display(ob, oe);
  // "Getty Oil Co.": the stop of an abbreviation ending the name is no
  // part of it ("U.S." keeps its stops).
  if (name.back() == '.' && t[oe - 1].text.find('.') == t[oe - 1].text.size() - 1) name.pop_back();
  c.work.organizations.push_back(name);
  c.text.cover(ob, oe);
  take_acronym_after(c, s, name, cut);
}

// --- places ---------------------------------------------------------------------

// A region, or a city of 15,000+ or a capital: worth a one-word match.
bool significant(const Gazetteer& gaz, const NameInfo& n) {
  for (const PlaceRef& p : n.places) {
    if (p.kind != PlaceKind::kCity) return true;
    const City& city = gaz.cities()[p.index];
    if (city.capital || city.population >= 15000) return true;
  }
  return false;
}

// The place named by key with "ae", "oe", "ue" read as umlauts (which
// fold to "a", "o", "u"): "Duesseldorf", "Goeteborg". nullptr if none.
const NameInfo* find_without_umlaut_digraphs(const Gazetteer& gaz, const std::string& key) {
  bool changed = false;
  std::string out;
  out.reserve(key.size());
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && i + 1 < key.size() && key[i + 1] == 'e' &&
        (key[i] == 'a' || key[i] == 'o' || key[i] == 'u') && key[i - 1] != ' ') {
      out.push_back(key[i]);
      ++i;
      changed = true;
      continue;
    }
    out.push_back(key[i]);
  }
  if (!changed) return nullptr;
  const NameInfo* info = gaz.find(out);
  return info != nullptr && !info->places.empty() ? info : nullptr;
}

// Trims punctuation off [lb, le) and a leading "the" unless the gazetteer
// knows the name with it ("The Hague", whose entry it returns; else
// nullptr).
const NameInfo* trim_place(PartContext& c, std::size_t& lb, std::size_t& le) {
  const std::vector<TextToken>& t = c.text.tokens();
  while (le > lb && t[le - 1].kind == TokenKind::kPunct) --le;
  while (lb < le && t[lb].kind == TokenKind::kPunct) ++lb;
  if (lb >= le || c.text.key(lb) != "the") return nullptr;
  const NameInfo* info = c.gaz.find(c.text.span_key(lb, le));
  if (info != nullptr && !info->places.empty()) return info;
  ++lb;
  return nullptr;
}

// "Washington state", "Boston, Mass.", "US-Iran": adds the gazetteer names
// inside [lb, le) if they account for all its capitalised words; else the
// span is one place the gazetteer does not know ("North Kivu"), if short.
void take_place_parts(PartContext& c, const Sentence& s, std::size_t lb, std::size_t le) {
  const std::vector<TextToken>& t = c.text.tokens();
  const std::size_t first_place = c.work.places.size();
  bool complete = true;
  bool found = false;
  for (std::size_t i = lb; i < le; ++i) {
    if (t[i].kind != TokenKind::kWord || !(t[i].capitalised || t[i].upper)) continue;
    std::size_t end = 0;
    const NameInfo* best = c.text.longest_match(
        c.gaz, i, le,
        [&](const NameInfo* n, bool single) {
          if (names_country(n) || n->demonym >= 0) return true;
          if (n->places.empty() && !n->nonplace) return false;
          return !single || (!contains(kGenericPlaceWords, c.text.key(i)) && significant(c.gaz, *n));
        },
        end);
    if (best != nullptr) {
      add_place(c, s, i, end, best);
      found = true;
      i = end - 1;
    } else if (hyphen_parts(c, i)) {
      found = true;
    } else {
      complete = false;
    }
  }
  if (!complete || !found) {
    c.work.places.resize(first_place);
    if (le - lb <= 5) add_place(c, s, lb, le, nullptr);
  }
}

void take_place(PartContext& c, const Sentence& s, std::size_t b, std::size_t e) {
  const std::vector<TextToken>& t = c.text.tokens();
  std::size_t lb = b;
  std::size_t le = e;
  const NameInfo* info = trim_place(c, lb, le);
  if (lb >= le || !(t[lb].capitalised || t[lb].upper)) return;
  if (le - lb == 1 && (contains(kGenericPlaceWords, c.text.key(lb)) ||  // "the South"
                       is_organization_word(t[lb].text))) {             // "Co"
    c.text.cover(lb, le);
    return;
  }
  if (info == nullptr) info = c.gaz.find(c.text.span_key(lb, le));
  if (info == nullptr || info->places.empty()) {
    if (const NameInfo* alt = find_without_umlaut_digraphs(c.gaz, c.text.span_key(lb, le))) {
      info = alt;
    }
  }
  if (!c.work.english) {
    if (info != nullptr && !info->places.empty()) {
      add_place(c, s, lb, le, info);
      c.work.places.back().weak = true;
    }
    return;  // the gazetteer scan finds the countries
  }
  if (info != nullptr && (!info->places.empty() || info->demonym >= 0 || info->nonplace ||
                          foreign_country(info, c.work.lang) >= 0)) {
    add_place(c, s, lb, le, info);
  } else {
    take_place_parts(c, s, lb, le);
  }
  c.text.cover(lb, le);
}

// True if the span [b, e) is no name at all: a ticker ("<PZL>", an alias
// of the company before it), the source's sign-off ("Reuter") or a table
// row ("Oper shr").
bool no_name(PartContext& c, const Sentence& s, std::size_t b, std::size_t e) {
  const std::vector<TextToken>& t = c.text.tokens();
  if (!c.rules.ticker_open.empty() && b > s.begin && c.text.punct_at(b - 1, s.end, c.rules.ticker_open)) {
    return true;
  }
  if (e - b == 1 && !c.rules.signoff.empty() && c.text.key(b) == Gazetteer::key(c.rules.signoff)) return true;
  for (std::size_t i = b; i < e; ++i) {
    if (t[i].kind == TokenKind::kWord && is_table_abbreviation(t[i].text)) return true;
  }
  return false;
}

}  // namespace

void take_span(PartContext& c, const Sentence& s, const TypedSpan& span) {
  if (no_name(c, s, span.begin, span.end)) {
    c.text.cover(span.begin, span.end);
    return;
  }
  const bool long_form = span.type == EntityType::kOrganization && c.text.is_long_form(span.begin);
  if (!c.work.english && span.type != EntityType::kPerson && span.type != EntityType::kLocation &&
      !long_form) {
    return;
  }
  switch (span.type) {
    case EntityType::kPerson: take_person(c, s, span.begin, span.end); break;
    case EntityType::kOrganization: take_organization(c, s, span.begin, span.end, long_form); break;
    case EntityType::kLocation: take_place(c, s, span.begin, span.end); break;
    case EntityType::kMisc: break;
  }
}

}  // namespace dateline::entities
