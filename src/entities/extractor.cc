#include "entities/extractor.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "entities/canonical.h"
#include "entities/tokens.h"
#include "util/error.h"

namespace dateline::entities {
namespace {

// How a sentence is read.
enum class Mode {
  kNormal,     // English: tagger plus gazetteer countries
  kTitleCase,  // English headline In Title Case: as normal, but country
               // names that are also English words ("Turkey") need the tagger
  kCaps,       // ALL-CAPS wire headline: gazetteer countries only
  kTable,      // mostly numbers (market tables): gazetteer countries only
  kForeign,    // not English: gazetteer countries in the article's language,
               // and for Latin-script languages the tagger's multi-word
               // persons and well-resolved places
};

// Country names that are ordinary English words when capitalised in a
// title-case headline.
constexpr std::string_view kRiskyInTitles[] = {
    "turkey", "chad", "jersey", "guernsey", "reunion", "guinea", "jordan",
    "georgia", "china", "japan", "chile", "man", "niger", "mali", "togo"};

// Articles and other words that start no personal name in the languages
// the English tagger is run on.
constexpr std::string_view kForeignStopWords[] = {
    "le", "la", "les", "l'", "un", "une", "el", "los", "las", "una", "der",
    "die", "das", "den", "dem", "des", "ein", "eine", "il", "lo", "gli", "i", "o",
    "os", "as", "het", "een", "et", "y", "und", "e", "en", "au", "aux", "du"};

// Languages written in Latin script whose names the English tagger finds.
bool latin_language(std::string_view lang) {
  constexpr std::string_view kLatin[] = {"fr", "es", "de", "it", "pt", "nl", "ca", "ro",
                                         "sv", "da", "no", "nb", "fi", "pl", "cs", "id"};
  return std::find(std::begin(kLatin), std::end(kLatin), lang) != std::end(kLatin);
}

// Words that name many places or none: alone they are no place.
constexpr std::string_view kGenericPlaceWords[] = {
    "north", "south", "east", "west", "central", "northern", "southern", "eastern",
    "western", "upper", "lower", "new", "old", "great", "greater", "city", "bay", "long",
    "port", "lake", "river", "island", "islands", "mount", "saint", "san", "santa", "st",
    "fort", "cape", "coast", "valley", "county", "province", "state", "region", "district",
    "capital", "north-east", "north-west", "south-east", "south-west", "northeast",
    "northwest", "southeast", "southwest", "midwest", "interior", "centre", "center"};

// Words before a place name: "in Sukkur".
constexpr std::string_view kLocativePrepositions[] = {
    "in", "at", "near", "outside", "across", "around", "throughout", "within", "towards",
    "toward"};

// Words of geographic features: a name that ends with one ("Red Sea",
// "Great Plains") or starts with one and "of" ("Cape of Good Hope", "Strait
// of Hormuz") is a place, whatever the tagger thought. Bays, lakes and
// capes end company names too ("Echo Bay" for Echo Bay Mines), so only
// "Bay of ..." counts.
constexpr std::string_view kGeoFeatureEnds[] = {
    "Sea", "Ocean", "River", "Strait", "Straits", "Plains", "Peninsula", "Desert", "Basin",
    "Plateau", "Highlands", "Mountains", "Gulf"};
constexpr std::string_view kGeoFeatureStarts[] = {
    "Cape", "Gulf", "Sea", "Lake", "Bay", "Strait", "Straits", "Isle"};

// Ships are named after people: "USS Abraham Lincoln" is no person.
constexpr std::string_view kShipPrefixes[] = {"USS", "HMS", "INS", "HMAS", "HMCS", "RFS"};

template <typename Table>
bool contains(const Table& table, std::string_view w) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

struct PlaceMention {
  std::string key;
  std::string display;
  const NameInfo* info = nullptr;
  std::int32_t country = -1;  // already known: demonym or foreign name
  bool state_context = false;
  bool demonym = false;  // "Iranian": names a country, is not a place
  bool weak = false;     // the English tagger on foreign text: keep only if
                         // it resolves well
};

struct PersonMention {
  std::string display;
  std::string word_key;  // single-word mentions: the folded word
  const NameInfo* info = nullptr;
};

struct ArticleWork {
  std::string lang;  // primary language, "" for English
  bool english = true;
  std::optional<std::int64_t> published;  // places then were in the states of then
  std::vector<PersonMention> persons;
  std::vector<std::string> organizations;
  std::vector<std::pair<std::string, std::string>> acronyms;  // (long form, acronym)
  std::vector<PlaceMention> places;
};

std::string display_text(std::string_view text, std::size_t b, std::size_t e) {
  std::string out;
  out.reserve(e - b);
  bool space = false;
  for (std::size_t i = b; i < e; ++i) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool is_country_name(const NameInfo* info) {
  return info != nullptr && !info->places.empty() &&
         info->places.front().kind == PlaceKind::kCountry;
}

// A country name or a constituent country's ("Scotland"): it names a
// country, and is a place of its own.
bool names_country(const NameInfo* info) {
  return is_country_name(info) || (info != nullptr && info->constituent >= 0);
}

std::int32_t foreign_country(const NameInfo* info, std::string_view lang) {
  if (info == nullptr || lang.empty()) return -1;
  for (const auto& [l, c] : info->foreign) {
    if (l == lang) return static_cast<std::int32_t>(c);
  }
  return -1;
}

constexpr std::size_t kNoSentence = static_cast<std::size_t>(-1);

// One part (title, standfirst or body) of an article being read.
class PartReader {
 public:
  // Reads text up to byte end (the rest is a sign-off).
  PartReader(const NerModel& ner, const Gazetteer& gaz, std::string_view text, std::size_t end,
             ArticleWork& work)
      : ner_(ner), gaz_(gaz), text_(text.substr(0, end)), work_(work),
        tt_(tokenize_sentences(text, !work.english, end)),
        keys_(tt_.tokens.size()), have_key_(tt_.tokens.size(), false),
        covered_(tt_.tokens.size(), false) {}

  void run() {
    // Tag the part's sentences as one document, so later sentences see how
    // the model read the same names earlier (more accurate than one by one).
    std::vector<Mode> modes;
    std::vector<std::vector<std::string_view>> doc;
    std::vector<std::size_t> doc_index(tt_.sentences.size(), kNoSentence);
    for (std::size_t k = 0; k < tt_.sentences.size(); ++k) {
      const Sentence& s = tt_.sentences[k];
      Mode mode = classify(s);
      modes.push_back(mode);
      if ((mode == Mode::kNormal || mode == Mode::kTitleCase ||
           (mode == Mode::kForeign && latin_language(work_.lang))) &&
          may_name_something(s)) {
        std::vector<std::string_view> words;
        for (std::size_t i = s.begin; i < s.end; ++i) words.push_back(tt_.tokens[i].text);
        doc_index[k] = doc.size();
        doc.push_back(std::move(words));
      }
    }
    std::vector<std::vector<EntitySpan>> spans;
    if (!doc.empty()) spans = ner_.tag_document(doc);
    for (std::size_t k = 0; k < tt_.sentences.size(); ++k) {
      const Sentence& s = tt_.sentences[k];
      if (doc_index[k] != kNoSentence) {
        for (const EntitySpan& span : repair(s, spans[doc_index[k]])) {
          take_span(s, s.begin + span.begin, s.begin + span.end, span.type);
        }
      }
      scan(s, modes[k]);
      if (modes[k] == Mode::kForeign && (work_.lang == "zh" || work_.lang == "ja")) {
        scan_ideographic(s);
      }
    }
  }

 private:
  const std::string& key(std::size_t i) {
    if (!have_key_[i]) {
      const TextToken& t = tt_.tokens[i];
      keys_[i] = Gazetteer::key(text_.substr(t.begin, t.end - t.begin));
      have_key_[i] = true;
    }
    return keys_[i];
  }

  std::string span_key(std::size_t b, std::size_t e) {
    std::string k;
    for (std::size_t i = b; i < e; ++i) {
      if (i > b && tt_.tokens[i].begin != tt_.tokens[i - 1].end) k.push_back(' ');
      k += key(i);
    }
    return k;
  }

  // True if the words before a span (sentence indices) are a title as
  // is_title tells, and "of" or "for" ("Minister of Agriculture ...").
  bool follows_title_of(const Sentence& s, const EntitySpan& x,
                        bool (*is_title)(std::string_view)) const {
    if (x.begin < 2) return false;
    std::string_view of = tt_.tokens[s.begin + x.begin - 1].text;
    return (of == "of" || of == "for") && is_title(tt_.tokens[s.begin + x.begin - 2].text);
  }

  // True if a span starts with a title word ("Legislator Lee") or follows
  // one and "of"/"for" ("Minister of Agriculture ...").
  bool after_title(const Sentence& s, const EntitySpan& x) const {
    return is_title_word(tt_.tokens[s.begin + x.begin].text) ||
           follows_title_of(s, x, is_title_word);
  }

  // True if a span (sentence indices) of two or more words names a
  // geographic feature (see kGeoFeatureEnds) and has no organization word
  // ("Suez Canal Authority", "Gulf Cooperation Council" stay).
  bool names_geo_feature(const Sentence& s, const EntitySpan& x) const {
    const std::vector<TextToken>& t = tt_.tokens;
    if (x.end - x.begin < 2) return false;
    for (std::size_t i = x.begin; i < x.end; ++i) {
      if (is_organization_word(t[s.begin + i].text)) return false;
    }
    return contains(kGeoFeatureEnds, t[s.begin + x.end - 1].text) ||
           (contains(kGeoFeatureStarts, t[s.begin + x.begin].text) &&
            t[s.begin + x.begin + 1].text == "of");
  }

  // A capitalised word of letters only, the rest lower case ("Aigerim").
  static bool plain_name_word(std::string_view w) {
    if (w.size() < 2 || w[0] < 'A' || w[0] > 'Z') return false;
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (w[i] < 'a' || w[i] > 'z') return false;
    }
    return true;
  }

  std::string display(std::size_t b, std::size_t e) const {
    return display_text(text_, tt_.tokens[b].begin, tt_.tokens[e - 1].end);
  }

  Mode classify(const Sentence& s) const {
    if (!work_.english) return Mode::kForeign;
    std::size_t alpha = 0, upper = 0, lower_words = 0, long_words = 0, capital_long = 0;
    std::size_t numbers = 0;
    for (std::size_t i = s.begin; i < s.end; ++i) {
      const TextToken& t = tt_.tokens[i];
      if (t.kind == TokenKind::kNumber) ++numbers;
      if (t.kind != TokenKind::kWord) continue;
      bool has_lower = false;
      bool has_alpha = false;
      for (char c : t.text) {
        if (c >= 'a' && c <= 'z') has_lower = true;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) has_alpha = true;
      }
      if (!has_alpha) continue;
      ++alpha;
      if (t.upper) ++upper;
      if (has_lower) ++lower_words;
      if (t.text.size() >= 4) {
        ++long_words;
        if (t.capitalised) ++capital_long;
      }
    }
    if (alpha >= 2 && lower_words == 0) return Mode::kCaps;
    if (numbers >= 4 && numbers * 3 >= alpha) return Mode::kTable;
    if (long_words >= 3 && capital_long * 5 >= long_words * 4) return Mode::kTitleCase;
    return Mode::kNormal;
  }

  // False when no word but a capitalised function word at the start has a
  // capital letter: the tagger would find nothing, so it is not asked.
  bool may_name_something(const Sentence& s) {
    static constexpr std::string_view kOpeners[] = {
        "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "you", "this", "that",
        "these", "those", "there", "his", "her", "their", "our", "in", "on", "at", "but",
        "and", "or", "if", "when", "while", "as", "for", "with", "after", "before", "some",
        "most", "many", "one", "all", "no", "not", "what", "who", "how", "why", "le", "la",
        "les", "el", "los", "las", "il", "der", "die", "das"};
    bool first = true;
    for (std::size_t i = s.begin; i < s.end; ++i) {
      const TextToken& t = tt_.tokens[i];
      if (t.kind == TokenKind::kPunct) continue;
      bool capital = t.capitalised || t.upper || t.kind == TokenKind::kIdeographic;
      if (first) {
        first = false;
        if (capital && !contains(kOpeners, key(i))) return true;
        continue;
      }
      if (capital && t.text != "I") return true;
    }
    return false;
  }

  // Fixes what a greedy tagger gets wrong about names, in sentence token
  // indices: adjacent person spans are one name ("Nana Akosua" +
  // "Boateng-Frimpong"), name particles continue it ("Reinaldo Tavares" +
  // "da Cunha", "al-Harthy"), an "organization" led by a person's title is
  // the person ("Admiral Brad Cooper").
  std::vector<EntitySpan> repair(const Sentence& s, std::vector<EntitySpan> spans) {
    const std::vector<TextToken>& t = tt_.tokens;
    const std::size_t n = s.end - s.begin;
    // "East African Community (EAC)": the words whose initials spell the
    // acronym are the organization, whatever the tagger made of them.
    for (const EntitySpan& lf : acronym_long_forms(s)) {
      std::erase_if(spans, [&](const EntitySpan& x) { return x.begin < lf.end && lf.begin < x.end; });
      spans.push_back(lf);
      long_forms_.push_back(s.begin + lf.begin);
    }
    std::sort(spans.begin(), spans.end(),
              [](const EntitySpan& a, const EntitySpan& b) { return a.begin < b.begin; });
    std::vector<EntitySpan> out;
    std::size_t last_end = 0;
    for (EntitySpan& span : spans) {
      if (span.begin >= span.end || span.end > n || span.begin < last_end) continue;
      if (span.type == "ORG" && names_geo_feature(s, span)) {
        span.type = "LOC";
        // "US Great Plains": the country is a place of its own.
        if (span.end - span.begin >= 3 &&
            is_country_name(gaz_.find(key(s.begin + span.begin)))) {
          out.push_back({span.begin, span.begin + 1, "LOC"});
          ++span.begin;
        }
      }
      if (span.type == "ORG" && span.end - span.begin >= 3) split_person_from_org(s, span);
      if (span.type == "ORG" && span.end - span.begin >= 3 &&
          is_person_title(t[s.begin + span.begin].text)) {
        bool name = true;
        for (std::size_t i = span.begin + 1; i < span.end; ++i) {
          name = name && (t[s.begin + i].capitalised || is_name_particle(t[s.begin + i].text));
        }
        if (name) span.type = "PER";
      }
      if (span.type == "PER" && is_organization_word(t[s.begin + span.end - 1].text)) {
        span.type = "ORG";  // "Disaster Management Authority"
      }
      if (span.type == "PER" && !out.empty() && out.back().type != "PER" &&
          out.back().end == span.begin) {
        // "Governor Tomasz" + "Wierzbicki": the name words after the last
        // title of the span before belong to the person; a span left with
        // titles only is dropped.
        EntitySpan& prev = out.back();
        std::size_t k = prev.end;
        while (k > prev.begin && t[s.begin + k - 1].capitalised &&
               !is_title_word(t[s.begin + k - 1].text)) {
          --k;
        }
        if (k < prev.end && k > prev.begin && is_role_title(t[s.begin + k - 1].text)) {
          span.begin = k;
          out.pop_back();
        } else if (span.end - span.begin == 1 && prev.end - prev.begin >= 2 &&
                   after_title(s, prev) && plain_name_word(t[s.begin + prev.end - 1].text) &&
                   !is_title_word(t[s.begin + prev.end - 1].text) &&
                   !is_organization_word(t[s.begin + prev.end - 1].text)) {
          // "Minister of Agriculture Aigerim" + "Nurpeisova", "Legislator
          // Lee" + "Yu-tai": a surname alone right after a title's span;
          // its first name is the last word of that span.
          span.begin = prev.end - 1;
          --prev.end;
        }
      }
      if (span.type == "PER" && !out.empty() && out.back().type == "PER" &&
          out.back().end == span.begin) {
        out.back().end = span.end;
      } else {
        // "Khalid bin" + "Rashid al-Mutairi": a name and a particle before.
        if (span.type == "PER" && span.begin >= 2 &&
            is_name_particle(t[s.begin + span.begin - 1].text) &&
            t[s.begin + span.begin - 2].capitalised &&
            !is_title_word(t[s.begin + span.begin - 2].text)) {
          if (!out.empty() && out.back().end == span.begin - 1 &&
              out.back().begin == span.begin - 2 && out.back().type != "LOC") {
            out.pop_back();
          }
          if (out.empty() || out.back().end <= span.begin - 2) span.begin -= 2;
        }
        out.push_back(span);
      }
      EntitySpan& cur = out.back();
      if (cur.type == "PER") {
        for (;;) {
          std::size_t e = s.begin + cur.end;
          if (cur.end + 1 < n && is_name_particle(t[e].text) && t[e + 1].capitalised) {
            cur.end += 2;
          } else if (cur.end < n && t[e].kind == TokenKind::kWord && !t[e].capitalised &&
                     t[e].text.find('-') != std::string_view::npos &&
                     t[e].text.size() > 3 && starts_with_capital(t[e].text.substr(t[e].text.find('-') + 1))) {
            cur.end += 1;  // "al-Harthy"
          } else if (cur.end < n && t[e].capitalised && is_double_name(t[e].text)) {
            cur.end += 1;  // "Omar" + "Selim-Haddad"
          } else if (cur.end < n && cur.end - cur.begin >= 2 && is_trailing_surname(s, e)) {
            cur.end += 1;  // "Sohail Anwar" + "Baig"
          } else {
            break;
          }
        }
      }
      last_end = cur.end;
    }
    // "Minister of Agriculture", "Secretary for Trade": the portfolio is a
    // part of a person's title, not an organization; "minister of Ministry
    // of ...", "secretary of Century Resources Inc" name one.
    std::erase_if(out, [&](const EntitySpan& x) {
      if (x.type != "ORG" || !follows_title_of(s, x, is_portfolio_title) ||
          std::find(long_forms_.begin(), long_forms_.end(), s.begin + x.begin) !=
              long_forms_.end()) {
        return false;
      }
      return x.end - x.begin < 2 || (!is_organization_word(t[s.begin + x.begin].text) &&
                                     !is_organization_word(t[s.begin + x.end - 1].text));
    });
    return out;
  }

  // "Health Minister Dr Jean-Pierre Mukendi-Ilunga" or "Petroleum
  // Resources Ibrahim Danjuma-Okafor" tagged as one organization: the name
  // after the last title word, or a double-barrelled name at the end, is a
  // person.
  void split_person_from_org(const Sentence& s, EntitySpan& span) const {
    const std::vector<TextToken>& t = tt_.tokens;
    auto tok = [&](std::size_t i) -> const TextToken& { return t[s.begin + i]; };
    if (is_organization_word(tok(span.end - 1).text)) return;
    std::size_t name_begin = span.end;
    for (std::size_t k = span.begin; k + 2 < span.end; ++k) {
      if (is_role_title(tok(k).text)) name_begin = k + 1;
    }
    if (name_begin == span.end && span.end - span.begin >= 3 &&
        is_double_name(tok(span.end - 1).text) && tok(span.end - 2).capitalised) {
      name_begin = span.end - 2;
    }
    if (name_begin + 2 > span.end) return;
    for (std::size_t i = name_begin; i < span.end; ++i) {
      if (!(tok(i).capitalised || is_name_particle(tok(i).text)) || is_title_word(tok(i).text)) {
        return;
      }
    }
    span.begin = name_begin;
    span.type = "PER";
  }

  // Organizations introduced with their acronym: "(XYZ)" after words whose
  // capitals spell XYZ, small words ("of", "de") skipped. Sentence indices.
  std::vector<EntitySpan> acronym_long_forms(const Sentence& s) {
    static constexpr std::string_view kSkip[] = {
        "of", "the", "and", "for", "on", "in", "at", "&", "de", "du", "des", "del", "della",
        "di", "la", "le", "les", "los", "las", "y", "et", "e", "und", "der", "die", "das",
        "für", "van", "von", "do", "da", "dos"};
    const std::vector<TextToken>& t = tt_.tokens;
    std::vector<EntitySpan> out;
    for (std::size_t p = s.begin + 2; p + 2 < s.end; ++p) {
      if (!punct_at(p, s.end, "(") || !punct_at(p + 2, s.end, ")")) continue;
      const TextToken& a = t[p + 1];
      if (a.kind != TokenKind::kWord || !a.upper || a.text.size() < 2 || a.text.size() > 8) continue;
      std::string letters;
      for (char c : a.text) {
        if (c >= 'A' && c <= 'Z') letters.push_back(static_cast<char>(c - 'A' + 'a'));
      }
      std::size_t i = letters.size();
      std::size_t lb = p;
      std::size_t words = 0;
      for (std::size_t j = p; j-- > s.begin && i > 0;) {
        const TextToken& w = t[j];
        if (w.kind == TokenKind::kWord && w.capitalised) {
          std::string k = key(j);
          if (k.empty() || k[0] != letters[i - 1]) break;
          --i;
          lb = j;
          ++words;
        } else if (words > 0 && (w.kind == TokenKind::kWord || w.text == "&") &&
                   contains(kSkip, key(j))) {
          continue;
        } else {
          break;
        }
      }
      if (i != 0 || words < 2) continue;
      const NameInfo* info = gaz_.find(span_key(lb, p));
      if (info != nullptr && (!info->places.empty() || info->nonplace)) continue;  // "DRC"
      out.push_back({lb - s.begin, p - s.begin, "ORG"});
    }
    return out;
  }

  // A region, or a city of 15,000+ or a capital: worth a one-word match.
  bool significant(const NameInfo& n) const {
    for (const PlaceRef& p : n.places) {
      if (p.kind != PlaceKind::kCity) return true;
      const City& c = gaz_.cities()[p.index];
      if (c.capital || c.population >= 15000) return true;
    }
    return false;
  }

  // The place named by key with "ae", "oe", "ue" read as umlauts (which
  // fold to "a", "o", "u"), or nullptr.
  const NameInfo* find_without_umlaut_digraphs(std::string key) const {
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
    const NameInfo* info = gaz_.find(out);
    return info != nullptr && !info->places.empty() ? info : nullptr;
  }

  // Token i (after a person's name) is one more surname: capitalised, not
  // all capitals, no place, title, weekday or month, and no capitalised word
  // follows ("Sohail Anwar Baig said").
  bool is_trailing_surname(const Sentence& s, std::size_t i) {
    static constexpr std::string_view kCalendar[] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jr", "jr.", "sr", "sr."};
    const TextToken& t = tt_.tokens[i];
    if (t.kind != TokenKind::kWord || !t.capitalised || t.upper || t.text.size() < 2) return false;
    if (i + 1 < s.end && (tt_.tokens[i + 1].capitalised || tt_.tokens[i + 1].upper)) return false;
    if (is_title_word(t.text) || is_organization_word(t.text) || contains(kCalendar, key(i))) {
      return false;
    }
    const NameInfo* info = gaz_.find(key(i));
    return info == nullptr || (info->places.empty() && info->demonym < 0 && !info->nonplace);
  }

  // "Selim-Haddad", "Kamau-Oduya": a double-barrelled surname, not a place.
  bool is_double_name(std::string_view w) const {
    std::size_t dash = w.find('-');
    if (dash == std::string_view::npos || dash + 1 >= w.size() ||
        !starts_with_capital(w.substr(dash + 1))) {
      return false;
    }
    const NameInfo* info = gaz_.find(Gazetteer::key(w));
    if (info != nullptr && (!info->places.empty() || info->demonym >= 0)) return false;
    std::size_t start = 0;
    while (start < w.size()) {  // no part is a country or demonym ("US-Iran")
      std::size_t d = w.find('-', start);
      if (d == std::string_view::npos) d = w.size();
      const NameInfo* part = gaz_.find(Gazetteer::key(w.substr(start, d - start)));
      if (part != nullptr && (names_country(part) || part->demonym >= 0)) return false;
      start = d + 1;
    }
    return true;
  }

  bool state_context(const Sentence& s, std::size_t b, std::size_t e) {
    if (e < s.end && key(e) == "state") return true;
    return b >= s.begin + 2 && key(b - 1) == "of" && key(b - 2) == "state";
  }

  void add_place(const Sentence& s, std::size_t b, std::size_t e, const NameInfo* info,
                 std::int32_t country = -1) {
    PlaceMention m;
    m.key = span_key(b, e);
    m.display = display(b, e);
    m.info = info;
    m.country = country;
    m.state_context = state_context(s, b, e);
    m.demonym = info != nullptr && work_.english && !is_country_name(info) &&
                info->demonym >= 0 && info->places.empty();
    work_.places.push_back(std::move(m));
  }

  void cover(std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) covered_[i] = true;
  }

  bool punct_at(std::size_t i, std::size_t end, std::string_view p) const {
    return i < end && tt_.tokens[i].kind == TokenKind::kPunct && tt_.tokens[i].text == p;
  }

  void take_span(const Sentence& s, std::size_t b, std::size_t e, const std::string& type) {
    const std::vector<TextToken>& t = tt_.tokens;
    std::vector<std::string_view> words;
    for (std::size_t i = b; i < e; ++i) words.push_back(t[i].text);
    const bool long_form = type == "ORG" &&
        std::find(long_forms_.begin(), long_forms_.end(), b) != long_forms_.end();
    if (!work_.english && type != "PER" && type != "LOC" && !long_form) return;
    // German capitalises every noun: the English tagger's persons are noise.
    if (type == "PER" && work_.lang == "de") return;
    if (type == "PER") {
      if (b > s.begin && contains(kShipPrefixes, t[b - 1].text)) {
        cover(b, e);
        return;
      }
      WordRange r = person_name_range(words, &gaz_);
      if (r.empty()) return;
      std::size_t pb = b + r.begin;
      std::size_t pe = b + r.end;
      if (!work_.english) {
        // Foreign text: only names of two or more capitalised words.
        if (pe - pb < 2) return;
        for (std::size_t i = pb; i < pe; ++i) {
          if (contains(kForeignStopWords, key(i)) ||
              !(t[i].capitalised || is_name_particle(t[i].text))) {
            return;
          }
        }
      }
      if (pe - pb == 1 && t[pb].upper) return;  // "REUTER", "OPER": no one-word name is in capitals
      PersonMention p;
      p.display = display(pb, pe);
      if (pe - pb == 1) {
        p.word_key = key(pb);
        p.info = gaz_.find(p.word_key);
      }
      work_.persons.push_back(std::move(p));
      cover(pb, pe);
    } else if (type == "ORG") {
      // "Central Command (CENTCOM)" inside one span.
      // Cut at "(" (an acronym follows), "<" (a Reuters ticker, "<TSBA.T>")
      // or a number ("Gold Lance Corp of 12.1 mln dlrs").
      std::size_t paren = e;
      for (std::size_t i = b; i < e; ++i) {
        if (punct_at(i, e, "(") || punct_at(i, e, "<") || t[i].kind == TokenKind::kNumber) {
          paren = i;
          break;
        }
      }
      std::vector<std::string_view> name_words(words.begin(),
                                               words.begin() + static_cast<std::ptrdiff_t>(paren - b));
      WordRange r = organization_name_range(name_words);
      if (r.empty()) return;
      std::size_t ob = b + r.begin;
      std::size_t oe = b + r.end;
      // "Moody's": the tagger kept the "'s" in the name.
      if (oe + 1 == paren && paren == e && t[oe].text == "'s") ++oe;
      const NameInfo* info = gaz_.find(span_key(ob, oe));
      // "in Sukkur": a place the tagger took for an organization.
      if (!long_form && info != nullptr && !info->places.empty() && ob > s.begin &&
          contains(kLocativePrepositions, key(ob - 1))) {
        add_place(s, ob, oe, info);
        cover(ob, oe);
        return;
      }
      if (info != nullptr && info->nonplace) {  // "Strait of Hormuz"
        add_place(s, ob, oe, info);
        cover(ob, oe);
        return;
      }
      if ((names_country(info) || (info != nullptr && info->demonym >= 0)) && oe - ob <= 4) {
        // The tagger's ORG "Iran" or "U.S." is the country.
        add_place(s, ob, oe, info, names_country(info) ? -1 : info->demonym);
        cover(ob, oe);
        return;
      }
      if (oe - ob == 1 && (is_organization_word(t[ob].text) ||
                           contains(kGenericPlaceWords, key(ob)))) {
        return;  // "Inc", "Co", "City": no name
      }
      // "Gold Lance Corp of": a dangling small word at the end.
      while (oe - ob > 1 && !t[oe - 1].capitalised && !t[oe - 1].upper &&
             t[oe - 1].kind == TokenKind::kWord) {
        --oe;
      }
      std::string name = display(ob, oe);
      work_.organizations.push_back(name);
      cover(ob, oe);
      std::size_t a = paren < e ? paren : e;  // "(" of a following acronym
      if (punct_at(a, s.end, "(") && a + 2 < s.end && punct_at(a + 2, s.end, ")") &&
          t[a + 1].kind == TokenKind::kWord && t[a + 1].upper && t[a + 1].text.size() >= 2) {
        work_.acronyms.emplace_back(name, std::string(t[a + 1].text));
        work_.organizations.push_back(std::string(t[a + 1].text));
        cover(a + 1, a + 2);
      }
    } else if (type == "LOC") {
      std::size_t lb = b;
      std::size_t le = e;
      while (le > lb && t[le - 1].kind == TokenKind::kPunct) --le;
      while (lb < le && t[lb].kind == TokenKind::kPunct) ++lb;
      const NameInfo* info = nullptr;
      if (lb < le && key(lb) == "the") {
        info = gaz_.find(span_key(lb, le));  // "The Hague"
        if (info == nullptr || info->places.empty()) {
          info = nullptr;
          ++lb;
        }
      }
      if (lb >= le || !(t[lb].capitalised || t[lb].upper)) return;
      if (le - lb == 1 && (contains(kGenericPlaceWords, key(lb)) ||  // "the South"
                           is_organization_word(t[lb].text))) {         // "Co"
        cover(lb, le);
        return;
      }
      if (info == nullptr) info = gaz_.find(span_key(lb, le));
      if (info == nullptr || info->places.empty()) {
        // "Duesseldorf", "Goeteborg": umlauts written out.
        if (const NameInfo* alt = find_without_umlaut_digraphs(span_key(lb, le))) info = alt;
      }
      if (!work_.english) {
        if (info != nullptr && !info->places.empty()) {
          add_place(s, lb, le, info);
          work_.places.back().weak = true;
        }
        return;  // the gazetteer scan finds the countries
      }
      if (info != nullptr && (!info->places.empty() || info->demonym >= 0 || info->nonplace ||
                              foreign_country(info, work_.lang) >= 0)) {
        add_place(s, lb, le, info);
        cover(lb, le);
        return;
      }
      // "Washington state", "Boston, Mass.", "US-Iran": the gazetteer names
      // inside the span, if they account for all its capitalised words;
      // else the span is one place the gazetteer does not know ("North
      // Kivu").
      const std::size_t first_place = work_.places.size();
      bool complete = true;
      bool found = false;
      for (std::size_t i = lb; i < le; ++i) {
        if (t[i].kind != TokenKind::kWord || !(t[i].capitalised || t[i].upper)) continue;
        std::size_t end = 0;
        const NameInfo* best = longest_match(s, i, le, [&](const NameInfo* n, bool single) {
          if (names_country(n) || n->demonym >= 0) return true;
          if (n->places.empty() && !n->nonplace) return false;
          return !single || (!contains(kGenericPlaceWords, key(i)) && significant(*n));
        }, end);
        if (best != nullptr) {
          add_place(s, i, end, best);
          found = true;
          i = end - 1;
        } else if (hyphen_parts(s, i)) {
          found = true;
        } else {
          complete = false;
        }
      }
      if (!complete || !found) {
        work_.places.resize(first_place);
        if (le - lb <= 5) add_place(s, lb, le, nullptr);
      }
      cover(lb, le);
    }
  }

  // The longest gazetteer name starting at token i (before end) that
  // accept(info, single_token) allows; stores one past its last token in
  // *match_end.
  template <typename Accept>
  const NameInfo* longest_match(const Sentence& s, std::size_t i, std::size_t end,
                                Accept&& accept, std::size_t& match_end) {
    (void)s;
    std::string k = key(i);
    const NameInfo* info = gaz_.find(k);
    const NameInfo* best = nullptr;
    std::size_t j = i;
    for (;;) {
      if (info != nullptr && accept(info, j == i)) {
        best = info;
        match_end = j + 1;
      }
      if (info == nullptr || !info->prefix || j + 1 >= end || covered_[j + 1]) break;
      if (tt_.tokens[j + 1].begin != tt_.tokens[j].end) k.push_back(' ');
      k += key(j + 1);
      ++j;
      info = gaz_.find(k);
    }
    return best;
  }

  // Country named by the info in this article's language, or -1.
  std::int32_t country_of(const NameInfo* info) const {
    if (info == nullptr) return -1;
    if (!work_.english) return foreign_country(info, work_.lang);
    if (is_country_name(info)) return static_cast<std::int32_t>(info->places.front().index);
    if (info->constituent >= 0) return info->constituent;
    return info->demonym;
  }

  // "Iranian-American", "US-Iran", "Oman-facilitated": countries in the
  // parts of a hyphenated token. Returns true if any was found.
  bool hyphen_parts(const Sentence& s, std::size_t i) {
    const TextToken& t = tt_.tokens[i];
    if (t.text.find('-') == std::string_view::npos) return false;
    bool found = false;
    std::size_t start = 0;
    std::string_view w = t.text;
    while (start < w.size()) {
      std::size_t dash = w.find('-', start);
      if (dash == std::string_view::npos) dash = w.size();
      std::string_view part = w.substr(start, dash - start);
      if (!part.empty() && starts_with_capital(part)) {
        const NameInfo* info = gaz_.find(Gazetteer::key(part));
        std::int32_t c = country_of(info);
        if (c >= 0) {
          PlaceMention m;
          m.key = Gazetteer::key(part);
          m.display = std::string(part);
          m.info = info;
          m.country = work_.english && names_country(info) ? -1 : c;
          m.state_context = false;
          m.demonym = work_.english && !names_country(info);
          work_.places.push_back(std::move(m));
          found = true;
        }
      }
      start = dash + 1;
    }
    (void)s;
    return found;
  }

  // Country names and demonyms outside the tagger's spans.
  void scan(const Sentence& s, Mode mode) {
    const std::vector<TextToken>& t = tt_.tokens;
    const bool english = work_.english;
    for (std::size_t i = s.begin; i < s.end; ++i) {
      if (covered_[i] || t[i].kind != TokenKind::kWord) continue;
      if (!(mode == Mode::kCaps ? t[i].upper : t[i].capitalised)) continue;
      std::size_t end = 0;
      const NameInfo* best = longest_match(s, i, s.end, [&](const NameInfo* n, bool single) {
        if (english ? (names_country(n) || n->demonym >= 0)
                    : foreign_country(n, work_.lang) >= 0) {
          return true;
        }
        // Longer names are consumed so that "New Jersey" is not Jersey
        // and "Latin America" not America.
        return !single && (!n->places.empty() || n->nonplace || n->demonym >= 0);
      }, end);
      if (best == nullptr) {
        if (!covered_[i]) hyphen_parts(s, i);
        continue;
      }
      std::int32_t c = country_of(best);
      bool emit = c >= 0;
      if (emit && mode == Mode::kTitleCase && end == i + 1 && contains(kRiskyInTitles, key(i))) {
        emit = false;
      }
      if (emit) add_place(s, i, end, best, english && names_country(best) ? -1 : c);
      i = end - 1;
    }
  }

  // Chinese/Japanese: country names inside runs of ideographic tokens,
  // leftmost longest.
  void scan_ideographic(const Sentence& s) {
    const std::vector<TextToken>& t = tt_.tokens;
    const std::size_t max_bytes = gaz_.max_ideographic_bytes();
    for (std::size_t i = s.begin; i < s.end;) {
      if (t[i].kind != TokenKind::kIdeographic) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < s.end && t[j + 1].kind == TokenKind::kIdeographic &&
             t[j + 1].begin == t[j].end) {
        ++j;
      }
      std::string_view run = text_.substr(t[i].begin, t[j].end - t[i].begin);
      for (std::size_t p = 0; p < run.size();) {
        std::size_t matched = 0;
        for (std::size_t len = std::min(max_bytes, run.size() - p); len >= 6; --len) {
          // Only whole UTF-8 characters.
          if (p + len < run.size() && (static_cast<unsigned char>(run[p + len]) & 0xC0) == 0x80) {
            continue;
          }
          std::int32_t c = gaz_.ideographic_country(run.substr(p, len), work_.lang);
          if (c >= 0) {
            PlaceMention m;
            m.key = std::string(run.substr(p, len));
            m.display = m.key;
            m.country = c;
            work_.places.push_back(std::move(m));
            matched = len;
            break;
          }
        }
        if (matched > 0) {
          p += matched;
        } else {
          ++p;
          while (p < run.size() && (static_cast<unsigned char>(run[p]) & 0xC0) == 0x80) ++p;
        }
      }
      i = j + 1;
    }
  }

  const NerModel& ner_;
  const Gazetteer& gaz_;
  std::string_view text_;
  ArticleWork& work_;
  TokenizedText tt_;
  std::vector<std::string> keys_;
  std::vector<bool> have_key_;
  std::vector<bool> covered_;
  std::vector<std::size_t> long_forms_;  // first tokens of acronym long forms
};

// Place resolution over all mentions of an article (see Extractor's
// contract for the order of preference).
class Resolver {
 public:
  Resolver(const Gazetteer& gaz, const ArticleWork& work) : gaz_(gaz), work_(work) {}

  void resolve(article::Entities& out) {
    const std::vector<PlaceMention>& ms = work_.places;
    std::vector<Choice> choice(ms.size());
    // Pass 1: countries and demonyms; they are the article's context.
    for (std::size_t i = 0; i < ms.size(); ++i) {
      const PlaceMention& m = ms[i];
      Choice& c = choice[i];
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
      if (c.kind == Kind::kCountry && !c.deferred) {
        ++mentions_[gaz_.countries()[c.index].code];
        // "Soviet Union": Kiev and Tbilisi are in context.
        for (const FormerTerritory& t : gaz_.former_territories()) {
          if (t.state == c.index) ++mentions_[t.country];
        }
      }
    }
    // Pass 2: regions and cities, preferring the context's countries.
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
    // Pass 3: "Georgia": the US state only with US context.
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (!choice[i].deferred) continue;
      choice[i].deferred = false;
      std::int32_t region = us_state_alternative(*ms[i].info);
      const std::string& country = gaz_.countries()[choice[i].index].code;
      if (ms[i].state_context || (local_signals_["US"] > 0 && mentions_[country] == 0)) {
        choice[i] = {Kind::kRegion, static_cast<std::uint32_t>(region), false, false};
      }
    }
    emit(choice, out);
  }

 private:
  enum class Kind { kPending, kCountry, kRegion, kCity, kUnresolved, kDropped };
  struct Choice {
    Kind kind = Kind::kPending;
    std::uint32_t index = 0;
    bool deferred = false;
    bool country_only = false;  // a demonym: the country, but no place
  };

  static Choice country_choice(std::uint32_t index) {
    return {Kind::kCountry, index, false, false};
  }

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

  bool in_context(const std::string& country) const {
    auto it = mentions_.find(country);
    return it != mentions_.end() && it->second > 0;
  }

  Choice region_or_city(const PlaceMention& m) const {
    const City* best_city = nullptr;
    std::uint32_t city_index = 0;
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
      }
    }
    Choice city{Kind::kCity, city_index, false, false};
    if (region >= 0) {
      Choice reg{Kind::kRegion, static_cast<std::uint32_t>(region), false, false};
      const Region& r = gaz_.regions()[static_cast<std::size_t>(region)];
      if (m.state_context || best_city == nullptr) return reg;
      if (best_city->country == r.country &&
          (best_city->capital || best_city->population >= 1000000)) {
        return city;
      }
      if (!region_in_context && in_context(best_city->country) &&
          best_city->population >= 100000) {
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

  // The country of a region or city when the article was published: the
  // Soviet Union for Moscow in 1987 (see Gazetteer::former_country).
  std::string country_then(const PlaceRef& place, const std::string& today) const {
    if (!work_.published) return today;
    std::int32_t f = gaz_.former_country(place, *work_.published);
    return f < 0 ? today : gaz_.countries()[static_cast<std::size_t>(f)].code;
  }

  void emit(const std::vector<Choice>& choice, article::Entities& out) const {
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
        case Kind::kDropped:
          continue;
        default:
          p = {work_.places[i].display, "unresolved", ""};
          break;
      }
      if (p.name.empty()) continue;
      if (choice[i].country_only) {
        add_country(p.country);
        continue;
      }
      std::string id = p.kind + '\t' + p.country + '\t' +
                       (p.kind == "unresolved" ? work_.places[i].key : p.name);
      if (!seen_places.insert(id).second) continue;
      if (!p.country.empty()) add_country(p.country);
      out.places.push_back(std::move(p));
    }
  }

  const Gazetteer& gaz_;
  const ArticleWork& work_;
  std::unordered_map<std::string, int> mentions_;       // country -> resolved mentions
  std::unordered_map<std::string, int> local_signals_;  // country -> regions, non-capital cities
};

std::string_view strip_signoff(std::string_view body) {
  // Reuters bodies end with the wire sign-off, sometimes twice ("REUTER\n Reuter").
  for (;;) {
    while (!body.empty() && (body.back() == ' ' || body.back() == '\n' ||
                             body.back() == '\r' || body.back() == '\t')) {
      body.remove_suffix(1);
    }
    if (!body.ends_with("Reuter") && !body.ends_with("REUTER")) return body;
    body.remove_suffix(6);
  }
}

}  // namespace

std::unique_ptr<Extractor> Extractor::load(const ExtractorOptions& options) {
  std::string dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  std::string model = dir + "/ner-en.model";
  if (!std::filesystem::exists(model)) throw Error(model + ": NER model not found");
  std::string gazetteer = dir + "/gazetteer";
  if (!std::filesystem::is_directory(gazetteer)) {
    throw Error(gazetteer + ": gazetteer directory not found");
  }
  // Both take a fraction of a second before indexing can start: read them
  // at once.
  auto ner = std::async(std::launch::async, [&] { return NerModel::load(model); });
  std::shared_ptr<const Gazetteer> gaz = Gazetteer::load(gazetteer);
  return std::make_unique<Extractor>(ner.get(), std::move(gaz));
}

Extractor::Extractor(std::shared_ptr<const NerModel> ner,
                     std::shared_ptr<const Gazetteer> gazetteer)
    : ner_(std::move(ner)), gazetteer_(std::move(gazetteer)) {
  if (!ner_ || !gazetteer_) throw std::logic_error("Extractor needs a model and a gazetteer");
}

article::Entities Extractor::extract(const article::Article& a) const {
  ArticleWork work;
  work.lang = primary_language(a.language);
  work.english = work.lang.empty() || work.lang == "en";
  if (work.english) work.lang.clear();
  work.published = a.published;
  for (std::string_view part : {std::string_view(a.title), std::string_view(a.standfirst)}) {
    if (!part.empty()) PartReader(*ner_, *gazetteer_, part, part.size(), work).run();
  }
  // The body's sign-off is not read, but the whole body is segmented: the
  // indexer segments it again for its terms, and segment() remembers it.
  if (const std::size_t end = strip_signoff(a.body).size(); end > 0) {
    PartReader(*ner_, *gazetteer_, a.body, end, work).run();
  }

  article::Entities out;
  // A one-word "person" that is a country ("Jordan") and no full name of
  // the article ends with is the place.
  std::unordered_set<std::string> full_name_words;
  for (const PersonMention& p : work.persons) {
    if (!p.word_key.empty()) continue;
    for (std::string_view w : split_words(p.display)) full_name_words.insert(Gazetteer::key(w));
  }
  NameMerger names;
  for (PersonMention& p : work.persons) {
    // The tagger's "person" that is a gazetteer place and no part of a full
    // name of the article ("Jordan", "Stavanger", "Ho Chi Minh City").
    const NameInfo* info = p.info;
    std::string key = p.word_key;
    if (key.empty()) {
      key = Gazetteer::key(p.display);
      info = gazetteer_->find(key);
    }
    if (info != nullptr && (!info->places.empty() || info->demonym >= 0) &&
        (p.word_key.empty() || !full_name_words.count(p.word_key))) {
      PlaceMention m;
      m.key = std::move(key);
      m.display = p.display;
      m.info = info;
      m.demonym = info->places.empty();
      m.weak = !work.english;
      work.places.push_back(std::move(m));
      continue;
    }
    // "Reagan Administration", "Obama White House": an institution named
    // after a person is an organization.
    if (institutional_name(p.display)) {
      work.organizations.push_back(p.display);
      continue;
    }
    names.add_person(p.display);
  }
  // A one-word "place" that is a word of a person's full name ("Nazari").
  std::erase_if(work.places, [&](const PlaceMention& m) {
    return m.country < 0 && !m.demonym && m.key.find(' ') == std::string::npos &&
           full_name_words.count(m.key) && !names_country(m.info);
  });
  for (const std::string& o : work.organizations) {
    // A one-word "organization" that is a person's surname ("Araghchi").
    if (o.find(' ') == std::string::npos && full_name_words.count(Gazetteer::key(o))) continue;
    names.add_organization(o);
  }
  for (const auto& [long_form, acronym] : work.acronyms) names.add_acronym(long_form, acronym);
  out.persons = names.persons();
  out.organizations = names.organizations();
  Resolver(*gazetteer_, work).resolve(out);
  return out;
}

}  // namespace dateline::entities
