#include "entities/span_repair.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "entities/canonical.h"
#include "entities/mentions.h"

namespace dateline::entities {
namespace {

constexpr auto kPer = EntityType::kPerson;
constexpr auto kOrg = EntityType::kOrganization;
constexpr auto kLoc = EntityType::kLocation;

// Words of geographic features: a name that ends with one ("Red Sea",
// "Great Plains") or starts with one and "of" ("Cape of Good Hope", "Strait
// of Hormuz") is a place, whatever the tagger thought. Bays, lakes and
// capes end company names too ("Echo Bay" for Echo Bay Mines), so only
// "Bay of ..." counts.
constexpr std::string_view kGeoFeatureEnds[] = {"Sea",       "Ocean",     "River",  "Strait", "Straits",
                                                "Plains",    "Peninsula", "Desert", "Basin",  "Plateau",
                                                "Highlands", "Mountains", "Gulf"};
constexpr std::string_view kGeoFeatureStarts[] = {"Cape", "Gulf",   "Sea",     "Lake",
                                                  "Bay",  "Strait", "Straits", "Isle"};

// Small words inside an acronym's long form that its letters skip.
constexpr std::string_view kAcronymSkip[] = {"of",  "the", "and", "for", "on",    "in", "at",  "&",
                                             "de",  "du",  "des", "del", "della", "di", "la",  "le",
                                             "les", "los", "las", "y",   "et",    "e",  "und", "der",
                                             "die", "das", "für", "van", "von",   "do", "da",  "dos"};

// Capitalised words that end no name: days, months, "Jr".
constexpr std::string_view kCalendar[] = {
    "monday",   "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march",    "april",     "may",      "june",   "july",     "august", "september",
    "october",  "november", "december",  "jr",       "jr.",    "sr",       "sr."};

// A capitalised word of letters only, the rest lower case ("Aigerim").
bool plain_name_word(std::string_view w) {
  if (w.size() < 2 || w[0] < 'A' || w[0] > 'Z') return false;
  for (std::size_t i = 1; i < w.size(); ++i) {
    if (w[i] < 'a' || w[i] > 'z') return false;
  }
  return true;
}

// The repairs of one sentence. Span indices count from the sentence;
// tok(i) is the sentence's token i.
class SpanRepair {
 public:
  SpanRepair(PartText& text, const Gazetteer& gaz, const Sentence& s)
      : text_(text), gaz_(gaz), s_(s), n_(s.end - s.begin) {}

  std::vector<TypedSpan> run(std::vector<TypedSpan> spans) {
    add_acronym_long_forms(spans);
    std::vector<TypedSpan> out;
    std::size_t last_end = 0;
    for (TypedSpan& span : spans) {
      if (span.begin >= span.end || span.end > n_ || span.begin < last_end) continue;
      relabel(span, out);
      if (span.type == kPer) join_after_title(span, out);
      append(span, out);
      TypedSpan& cur = out.back();
      if (cur.type == kPer) extend_person(cur);
      last_end = cur.end;
    }
    drop_portfolios(out);
    return out;
  }

 private:
  const TextToken& tok(std::size_t i) const { return text_.tokens()[s_.begin + i]; }

  // "East African Community (EAC)": the words whose initials spell the
  // acronym are the organization, whatever the tagger made of them. Leaves
  // spans sorted by start.
  void add_acronym_long_forms(std::vector<TypedSpan>& spans) {
    for (const TypedSpan& lf : acronym_long_forms()) {
      std::erase_if(spans, [&](const TypedSpan& x) { return x.begin < lf.end && lf.begin < x.end; });
      spans.push_back(lf);
      text_.add_long_form(s_.begin + lf.begin);
    }
    std::sort(spans.begin(), spans.end(),
              [](const TypedSpan& a, const TypedSpan& b) { return a.begin < b.begin; });
  }

  // Organizations introduced with their acronym: "(XYZ)" after words whose
  // capitals spell XYZ, small words ("of", "de") skipped.
  std::vector<TypedSpan> acronym_long_forms() {
    std::vector<TypedSpan> out;
    for (std::size_t p = s_.begin + 2; p + 2 < s_.end; ++p) {
      if (!text_.punct_at(p, s_.end, "(") || !text_.punct_at(p + 2, s_.end, ")")) continue;
      const TextToken& a = text_.tokens()[p + 1];
      if (a.kind != TokenKind::kWord || !a.upper || a.text.size() < 2 || a.text.size() > 8) continue;
      std::size_t lb = p;
      if (!spells_acronym(a.text, p, lb)) continue;
      const NameInfo* info = gaz_.find(text_.span_key(lb, p));
      if (info != nullptr && (!info->places.empty() || info->nonplace)) continue;  // "DRC"
      out.push_back({lb - s_.begin, p - s_.begin, kOrg});
    }
    return out;
  }

  // True if two or more capitalised words right before token p (part
  // index) have the capitals of acronym as initials; stores the first in lb.
  bool spells_acronym(std::string_view acronym, std::size_t p, std::size_t& lb) {
    const std::vector<TextToken>& t = text_.tokens();
    std::string letters;
    for (char c : acronym) {
      if (c >= 'A' && c <= 'Z') letters.push_back(static_cast<char>(c - 'A' + 'a'));
    }
    std::size_t i = letters.size();
    std::size_t words = 0;
    for (std::size_t j = p; j-- > s_.begin && i > 0;) {
      const TextToken& w = t[j];
      if (w.kind == TokenKind::kWord && w.capitalised) {
        std::string k = text_.key(j);
        if (k.empty() || k[0] != letters[i - 1]) break;
        --i;
        lb = j;
        ++words;
      } else if (words > 0 && (w.kind == TokenKind::kWord || w.text == "&") &&
                 contains(kAcronymSkip, text_.key(j))) {
        continue;
      } else {
        break;
      }
    }
    return i == 0 && words >= 2;
  }

  // What the span is, whatever the tagger said: a geographic feature is a
  // place (a leading country one of its own, pushed to out), a title and a
  // name is a person, a "person" ending in an organization word is one.
  void relabel(TypedSpan& span, std::vector<TypedSpan>& out) {
    if (span.type == kOrg && names_geo_feature(span)) {
      span.type = kLoc;
      // "US Great Plains": the country is a place of its own.
      if (span.end - span.begin >= 3 && is_country_name(gaz_.find(text_.key(s_.begin + span.begin)))) {
        out.push_back({span.begin, span.begin + 1, kLoc});
        ++span.begin;
      }
    }
    if (span.type == kOrg && span.end - span.begin >= 3) split_person_from_org(span);
    if (span.type == kOrg && span.end - span.begin >= 3 && is_person_title(tok(span.begin).text)) {
      bool name = true;
      for (std::size_t i = span.begin + 1; i < span.end; ++i) {
        name = name && (tok(i).capitalised || is_name_particle(tok(i).text));
      }
      if (name) span.type = kPer;
    }
    if (span.type == kPer && is_organization_word(tok(span.end - 1).text)) {
      span.type = kOrg;  // "Disaster Management Authority"
    }
  }

  // True if a span of two or more words names a geographic feature (see
  // kGeoFeatureEnds) and has no organization word ("Suez Canal Authority",
  // "Gulf Cooperation Council" stay).
  bool names_geo_feature(const TypedSpan& x) const {
    if (x.end - x.begin < 2) return false;
    for (std::size_t i = x.begin; i < x.end; ++i) {
      if (is_organization_word(tok(i).text)) return false;
    }
    return contains(kGeoFeatureEnds, tok(x.end - 1).text) ||
           (contains(kGeoFeatureStarts, tok(x.begin).text) && tok(x.begin + 1).text == "of");
  }

  // "Health Minister Dr Jean-Pierre Mukendi-Ilunga" or "Petroleum
  // Resources Ibrahim Danjuma-Okafor" tagged as one organization: the name
  // after the last title word, or a double-barrelled name at the end, is a
  // person.
  void split_person_from_org(TypedSpan& span) const {
    if (is_organization_word(tok(span.end - 1).text)) return;
    std::size_t name_begin = span.end;
    for (std::size_t k = span.begin; k + 2 < span.end; ++k) {
      if (is_role_title(tok(k).text)) name_begin = k + 1;
    }
    if (name_begin == span.end && span.end - span.begin >= 3 && is_double_name(tok(span.end - 1).text) &&
        tok(span.end - 2).capitalised) {
      name_begin = span.end - 2;
    }
    if (name_begin + 2 > span.end) return;
    for (std::size_t i = name_begin; i < span.end; ++i) {
      if (!(tok(i).capitalised || is_name_particle(tok(i).text)) || is_title_word(tok(i).text)) {
        return;
      }
    }
    span.begin = name_begin;
    span.type = kPer;
  }

  // A person right after another span: "Governor Tomasz" + "Wierzbicki":
  // the name words after the last title of the span before belong to the
  // person; a span left with titles only is dropped.
  void join_after_title(TypedSpan& span, std::vector<TypedSpan>& out) const {
    if (out.empty() || out.back().type == kPer || out.back().end != span.begin) return;
    TypedSpan& prev = out.back();
    std::size_t k = prev.end;
    while (k > prev.begin && tok(k - 1).capitalised && !is_title_word(tok(k - 1).text)) --k;
    if (k < prev.end && k > prev.begin && is_role_title(tok(k - 1).text)) {
      span.begin = k;
      out.pop_back();
    } else if (span.end - span.begin == 1 && prev.end - prev.begin >= 2 && after_title(prev) &&
               plain_name_word(tok(prev.end - 1).text) && !is_title_word(tok(prev.end - 1).text) &&
               !is_organization_word(tok(prev.end - 1).text)) {
      // "Minister of Agriculture Aigerim" + "Nurpeisova", "Legislator
      // Lee" + "Yu-tai": a surname alone right after a title's span;
      // its first name is the last word of that span.
      span.begin = prev.end - 1;
      --prev.end;
    }
  }

  // True if the words before span x are a title as is_title tells, and
  // "of" or "for" ("Minister of Agriculture ...").
  bool follows_title_of(const TypedSpan& x, bool (*is_title)(std::string_view)) const {
    if (x.begin < 2) return false;
    std::string_view of = tok(x.begin - 1).text;
    return (of == "of" || of == "for") && is_title(tok(x.begin - 2).text);
  }

  // True if span x starts with a title word ("Legislator Lee") or follows
  // one and "of"/"for" ("Minister of Agriculture ...").
  bool after_title(const TypedSpan& x) const {
    return is_title_word(tok(x.begin).text) || follows_title_of(x, is_title_word);
  }

  // Adds span to out: a person right after a person continues it; "Khalid
  // bin" + "Rashid al-Mutairi": a name and a particle before a person are
  // its first words.
  void append(TypedSpan span, std::vector<TypedSpan>& out) const {
    if (span.type == kPer && !out.empty() && out.back().type == kPer && out.back().end == span.begin) {
      out.back().end = span.end;
      return;
    }
    if (span.type == kPer && span.begin >= 2 && is_name_particle(tok(span.begin - 1).text) &&
        tok(span.begin - 2).capitalised && !is_title_word(tok(span.begin - 2).text)) {
      if (!out.empty() && out.back().end == span.begin - 1 && out.back().begin == span.begin - 2 &&
          out.back().type != kLoc) {
        out.pop_back();
      }
      if (out.empty() || out.back().end <= span.begin - 2) span.begin -= 2;
    }
    out.push_back(span);
  }

  // Name words the tagger left after a person: particles and a name ("da
  // Cunha"), "al-Harthy", a double-barrelled name, one more surname.
  void extend_person(TypedSpan& cur) {
    const std::vector<TextToken>& t = text_.tokens();
    for (;;) {
      const std::size_t e = s_.begin + cur.end;
      if (cur.end + 1 < n_ && is_name_particle(t[e].text) && t[e + 1].capitalised) {
        cur.end += 2;
      } else if (cur.end < n_ && t[e].kind == TokenKind::kWord && !t[e].capitalised &&
                 t[e].text.find('-') != std::string_view::npos && t[e].text.size() > 3 &&
                 starts_with_capital(t[e].text.substr(t[e].text.find('-') + 1))) {
        cur.end += 1;  // "al-Harthy"
      } else if (cur.end < n_ && t[e].capitalised && is_double_name(t[e].text)) {
        cur.end += 1;  // "Omar" + "Selim-Haddad"
      } else if (cur.end < n_ && cur.end - cur.begin >= 2 && is_trailing_surname(e)) {
        cur.end += 1;  // "Sohail Anwar" + "Baig"
      } else {
        return;
      }
    }
  }

  // Token i (part index, after a person's name) is one more surname:
  // capitalised, not all capitals, no place, title, weekday or month, and
  // no capitalised word follows ("Sohail Anwar Baig said").
  bool is_trailing_surname(std::size_t i) {
    const std::vector<TextToken>& t = text_.tokens();
    if (t[i].kind != TokenKind::kWord || !t[i].capitalised || t[i].upper || t[i].text.size() < 2) {
      return false;
    }
    if (i + 1 < s_.end && (t[i + 1].capitalised || t[i + 1].upper)) return false;
    if (is_title_word(t[i].text) || is_organization_word(t[i].text) || contains(kCalendar, text_.key(i))) {
      return false;
    }
    const NameInfo* info = gaz_.find(text_.key(i));
    return info == nullptr || (info->places.empty() && info->demonym < 0 && !info->nonplace);
  }

  // "Selim-Haddad", "Kamau-Oduya": a double-barrelled surname, not a place.
  bool is_double_name(std::string_view w) const {
    std::size_t dash = w.find('-');
    if (dash == std::string_view::npos || dash + 1 >= w.size() || !starts_with_capital(w.substr(dash + 1))) {
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

  // "Minister of Agriculture", "Secretary for Trade": the portfolio is a
  // part of a person's title, not an organization; "minister of Ministry
  // of ...", "secretary of Century Resources Inc" name one.
  void drop_portfolios(std::vector<TypedSpan>& out) const {
    std::erase_if(out, [&](const TypedSpan& x) {
      if (x.type != kOrg || !follows_title_of(x, is_portfolio_title) ||
          text_.is_long_form(s_.begin + x.begin)) {
        return false;
      }
      return x.end - x.begin < 2 ||
             (!is_organization_word(tok(x.begin).text) && !is_organization_word(tok(x.end - 1).text));
    });
  }

  PartText& text_;
  const Gazetteer& gaz_;
  const Sentence& s_;
  const std::size_t n_;  // tokens in the sentence
};

}  // namespace

std::vector<TypedSpan> repair_spans(PartText& text, const Gazetteer& gaz, const Sentence& s,
                                    std::vector<TypedSpan> spans) {
  return SpanRepair(text, gaz, s).run(std::move(spans));
}

}  // namespace dateline::entities
