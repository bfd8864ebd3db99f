#include "entities/gazetteer_scan.h"

#include <algorithm>
#include <string_view>

namespace dateline::entities {
namespace {

// Country names that are ordinary English words when capitalised in a
// title-case headline.
constexpr std::string_view kRiskyInTitles[] = {"turkey", "chad",   "jersey",  "guernsey", "reunion",
                                               "guinea", "jordan", "georgia", "china",    "japan",
                                               "chile",  "man",    "niger",   "mali",     "togo"};

constexpr std::string_view kGradeWords[] = {"crude", "crudes", "blend", "intermediate", "sour"};

// True if byte c continues a UTF-8 character.
bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The longest country name of language lang at the start of run (whole
// UTF-8 characters, at least two), or 0.
std::size_t ideographic_match(const Gazetteer& gaz, std::string_view run, std::string_view lang,
                              std::int32_t& country) {
  for (std::size_t len = std::min(gaz.max_ideographic_bytes(), run.size()); len >= 6; --len) {
    if (len < run.size() && continuation_byte(run[len])) continue;
    country = gaz.ideographic_country(run.substr(0, len), lang);
    if (country >= 0) return len;
  }
  return 0;
}

}  // namespace

bool hyphen_parts(PartContext& c, std::size_t i) {
  const TextToken& t = c.text.tokens()[i];
  if (t.text.find('-') == std::string_view::npos) return false;
  bool found = false;
  std::size_t start = 0;
  std::string_view w = t.text;
  while (start < w.size()) {
    std::size_t dash = w.find('-', start);
    if (dash == std::string_view::npos) dash = w.size();
    std::string_view part = w.substr(start, dash - start);
    if (!part.empty() && starts_with_capital(part)) {
      const NameInfo* info = c.gaz.find(Gazetteer::key(part));
      std::int32_t country = country_of(c.work, info);
      if (country >= 0) {
        PlaceMention m;
        m.key = Gazetteer::key(part);
        m.display = std::string(part);
        m.info = info;
        m.country = c.work.english && names_country(info) ? -1 : country;
        m.state_context = false;
        m.demonym = c.work.english && !names_country(info);
        c.work.places.push_back(std::move(m));
        found = true;
      }
    }
    start = dash + 1;
  }
  return found;
}

void scan_countries(PartContext& c, const Sentence& s, Mode mode) {
  const std::vector<TextToken>& t = c.text.tokens();
  const bool english = c.work.english;
  if (english) scan_grade_names(c, s);
  for (std::size_t i = s.begin; i < s.end; ++i) {
    if (c.text.covered(i) || t[i].kind != TokenKind::kWord) continue;
    if (!(mode == Mode::kCaps ? t[i].upper : t[i].capitalised)) continue;
    std::size_t end = 0;
    const NameInfo* best = c.text.longest_match(
        c.gaz, i, s.end,
        [&](const NameInfo* n, bool single) {
          if (english ? (names_country(n) || n->demonym >= 0) : foreign_country(n, c.work.lang) >= 0) {
            return true;
          }
          // Longer names are consumed so that "New Jersey" is not Jersey
          // and "Latin America" not America.
          return !single && (!n->places.empty() || n->nonplace || n->demonym >= 0);
        },
        end);
    if (best == nullptr) {
      if (!c.text.covered(i)) hyphen_parts(c, i);
      continue;
    }
    std::int32_t country = country_of(c.work, best);
    bool emit = country >= 0;
    if (emit && mode == Mode::kTitleCase && end == i + 1 && contains(kRiskyInTitles, c.text.key(i))) {
      emit = false;
    }
    if (emit) add_place(c, s, i, end, best, english && names_country(best) ? -1 : country);
    i = end - 1;
  }
}

bool is_grade_word(std::string_view key) { return contains(kGradeWords, key); }

void scan_grade_names(PartContext& c, const Sentence& s) {
  const std::vector<TextToken>& t = c.text.tokens();
  for (std::size_t i = s.begin + 1; i < s.end; ++i) {
    if (t[i].kind != TokenKind::kWord || !is_grade_word(c.text.key(i))) continue;
    for (std::size_t b = i; b > s.begin && i - b < 4;) {
      --b;
      if (t[b].kind != TokenKind::kWord || !(t[b].capitalised || t[b].upper)) break;
      std::string k = c.text.span_key(b, i);
      if (!contains(c.work.grade_names, k)) c.work.grade_names.push_back(std::move(k));
    }
  }
}

void scan_ideographic(PartContext& c, const Sentence& s) {
  const std::vector<TextToken>& t = c.text.tokens();
  for (std::size_t i = s.begin; i < s.end;) {
    if (t[i].kind != TokenKind::kIdeographic) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < s.end && t[j + 1].kind == TokenKind::kIdeographic && t[j + 1].begin == t[j].end) {
      ++j;
    }
    std::string_view run = c.text.text().substr(t[i].begin, t[j].end - t[i].begin);
    for (std::size_t p = 0; p < run.size();) {
      std::int32_t country = -1;
      if (std::size_t len = ideographic_match(c.gaz, run.substr(p), c.work.lang, country)) {
        PlaceMention m;
        m.key = std::string(run.substr(p, len));
        m.display = m.key;
        m.country = country;
        c.work.places.push_back(std::move(m));
        p += len;
      } else {
        ++p;
        while (p < run.size() && continuation_byte(run[p])) ++p;
      }
    }
    i = j + 1;
  }
}

}  // namespace dateline::entities
