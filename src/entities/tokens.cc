#include "entities/tokens.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "analysis/analyzer.h"

namespace dateline::entities {
namespace {

using analysis::Segment;
using analysis::SegmentKind;

// Abbreviations written with a full stop that CoNLL keeps in one token.
// US states as wire copy abbreviates them ("Boston, Mass."), except those
// that are also words ("Ill.", "Miss.", "Ind.", "La.").
constexpr std::string_view kAbbreviations[] = {
    "Mr",   "Mrs",  "Ms",  "Dr",   "Prof", "Gen",  "Lt",     "Col",  "Maj",  "Capt", "Cmdr", "Sgt",
    "Adm",  "Gov",  "Sen", "Rep",  "Rev",  "St",   "Jr",     "Sr",   "Inc",  "Corp", "Co",   "Ltd",
    "Bros", "Mt",   "Ft",  "No",   "vs",   "Jan",  "Feb",    "Mar",  "Apr",  "Jun",  "Jul",  "Aug",
    "Sep",  "Sept", "Oct", "Nov",  "Dec",  "Dept", "Messrs", "Gens", "Ala",  "Ariz", "Ark",  "Calif",
    "Colo", "Conn", "Fla", "Kan",  "Kans", "Mass", "Mich",   "Minn", "Mont", "Neb",  "Nev",  "Okla",
    "Ore",  "Tenn", "Tex", "Wash", "Wis",  "Wyo",  "Penn"};

// Capitalised words that open a sentence and never continue a name: after
// an abbreviation's full stop ("... Texaco Inc. The company said") they
// start a new sentence, where any other capitalised word ("Getty Oil Co.
// Chairman", "Cambridge, Mass. Attorney") may continue the same one.
constexpr std::string_view kSentenceOpeners[] = {
    "The",   "A",     "An",      "This", "That", "These", "Those", "It",   "Its",   "He",
    "She",   "They",  "We",      "I",    "His",  "Her",   "Their", "In",   "On",    "At",
    "But",   "And",   "However", "If",   "When", "While", "As",    "For",  "After", "Before",
    "Under", "There", "Earlier", "Also", "Last", "Such",  "Both",  "Some", "Most",  "Analysts"};

constexpr std::string_view kElisions[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu"};

std::uint32_t decode(std::string_view s, std::size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> std::uint32_t {
    return i + k < s.size() ? (static_cast<unsigned char>(s[i + k]) & 0x3F) : 0;
  };
  if (b < 0x80) return b;
  if (b < 0xE0) return ((b & 0x1Fu) << 6) | cont(1);
  if (b < 0xF0) return ((b & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
  return ((b & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

// Upper case letters of Latin-1, Latin Extended-A, Greek and Cyrillic, which
// cover the names of news text, without calling ICU per token.
bool is_upper_cp(std::uint32_t c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c == 0x178 || c == 0x179 || c == 0x17B || c == 0x17D) return true;
  if (c >= 0x386 && c <= 0x3AB) return c != 0x387;
  if (c >= 0x400 && c <= 0x42F) return true;
  return false;
}

bool is_abbreviation(std::string_view w) {
  if (w.size() == 1 && w[0] >= 'A' && w[0] <= 'Z') return true;  // initials
  if (w.find('.') != std::string_view::npos) return true;        // "U.S", "D.C"
  return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), w) != std::end(kAbbreviations);
}

bool is_hyphen(std::string_view s) {
  return s == "-" || s == "\xE2\x80\x90";  // U+2010 HYPHEN
}

// ASCII replacements the CoNLL-trained tagger knows.
std::string_view normalise_punct(std::string_view s) {
  if (s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "\xE2\x80\x9E") return "\"";
  if (s == "\xE2\x80\x98" || s == "\xE2\x80\x99") return "'";
  return s;
}

TextToken make_token(std::string_view text, std::size_t b, std::size_t e, TokenKind kind) {
  TextToken t{text.substr(b, e - b), b, e, kind, false, false};
  if (kind == TokenKind::kWord) {
    t.capitalised = is_upper_cp(decode(text, b));
    bool caps = false;
    bool lower = false;
    for (std::size_t i = b; i < e; ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') caps = true;
      if (c >= 'a' && c <= 'z') lower = true;
    }
    t.upper = caps && !lower;
  }
  return t;
}

bool sentence_end_punct(std::string_view s) {
  return s == "." || s == "!" || s == "?" || s == "\xE2\x80\xA6";  // "…"
}

bool closing_punct(std::string_view s) { return s == "\"" || s == "'" || s == ")" || s == "]"; }

bool opening_punct(std::string_view s) { return s == "\"" || s == "'" || s == "(" || s == "[" || s == "-"; }

// A word token ending in an abbreviation's full stop ("Inc.", "U.S.").
bool abbreviation_with_stop(const TextToken& t) {
  return t.kind == TokenKind::kWord && t.text.size() > 1 && t.text.back() == '.';
}

bool has_blank_line(std::string_view gap) {
  std::size_t first = gap.find('\n');
  return first != std::string_view::npos && gap.find('\n', first + 1) != std::string_view::npos;
}

}  // namespace

bool starts_with_capital(std::string_view word) { return !word.empty() && is_upper_cp(decode(word, 0)); }

TokenizedText tokenize_sentences(std::string_view text, bool split_elisions, std::size_t end) {
  TokenizedText out;
  std::vector<Segment> segs = analysis::segment(text);
  if (end < text.size()) {
    std::erase_if(segs, [&](const Segment& s) { return s.begin >= end; });
    if (!segs.empty() && segs.back().end > end) {
      segs.back().end = end;
      segs.back().text = text.substr(segs.back().begin, end - segs.back().begin);
    }
    text = text.substr(0, end);
  }
  out.tokens.reserve(segs.size() + segs.size() / 8);
  auto adjacent = [&](std::size_t i) { return i + 1 < segs.size() && segs[i].end == segs[i + 1].begin; };
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    if (s.kind == SegmentKind::kPunct) {
      out.tokens.push_back({normalise_punct(s.text), s.begin, s.end, TokenKind::kPunct, false, false});
      continue;
    }
    if (s.kind == SegmentKind::kIdeographic) {
      out.tokens.push_back({s.text, s.begin, s.end, TokenKind::kIdeographic, false, false});
      continue;
    }
    TokenKind kind = s.kind == SegmentKind::kNumber ? TokenKind::kNumber : TokenKind::kWord;
    std::size_t b = s.begin;
    std::size_t e = s.end;
    std::size_t last = i;  // last segment of this token
    for (;;) {
      // "U.S" + "." -> "U.S.", "Mr" + "." -> "Mr.".
      if (adjacent(last) && segs[last + 1].text == "." && segs[last].kind == SegmentKind::kWord &&
          is_abbreviation(segs[last].text)) {
        ++last;
        e = segs[last].end;
      }
      // "son" "-" "in" "-" "law" -> "son-in-law" (CoNLL keeps compounds).
      if (adjacent(last) && is_hyphen(segs[last + 1].text) && adjacent(last + 1) &&
          segs[last + 2].kind != SegmentKind::kPunct && segs[last + 2].kind != SegmentKind::kIdeographic) {
        last += 2;
        e = segs[last].end;
        if (kind == TokenKind::kNumber) kind = TokenKind::kWord;
        continue;
      }
      break;
    }
    i = last;
    std::string_view w = text.substr(b, e - b);
    if (kind == TokenKind::kWord && split_elisions) {
      std::size_t len = 0;
      for (std::size_t k = 1; k <= 2 && k < w.size(); ++k) {
        if ((len = analysis::apostrophe_length(w, k)) == 0) continue;
        std::string_view head = w.substr(0, k);
        bool elided = false;
        for (std::string_view el : kElisions) {
          if (head.size() != el.size()) continue;
          bool same = true;
          for (std::size_t j = 0; j < el.size(); ++j) {
            if ((head[j] | 0x20) != el[j]) same = false;
          }
          elided = elided || same;
        }
        if (elided && k + len < w.size()) {
          out.tokens.push_back(make_token(text, b, b + k + len, TokenKind::kWord));
          b += k + len;
          w = text.substr(b, e - b);
        }
        break;
      }
    }
    // Possessive "'s" / "’s" becomes its own token, as in CoNLL.
    if (kind == TokenKind::kWord && w.size() > 2) {
      std::size_t len = 0;
      std::size_t at = std::string_view::npos;
      if (w.size() > 2 && (w.back() == 's' || w.back() == 'S')) {
        if (w[w.size() - 2] == '\'') {
          at = w.size() - 2;
        } else if (w.size() > 4 && w.compare(w.size() - 4, 3, "\xE2\x80\x99") == 0) {
          at = w.size() - 4;
        }
      }
      if (at != std::string_view::npos && at > 0 && (len = analysis::apostrophe_length(w, at)) != 0) {
        out.tokens.push_back(make_token(text, b, b + at, kind));
        out.tokens.push_back({std::string_view("'s"), b + at, e, TokenKind::kPunct, false, false});
        continue;
      }
    }
    out.tokens.push_back(make_token(text, b, e, kind));
  }

  // Sentences.
  const std::vector<TextToken>& t = out.tokens;
  std::size_t start = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    std::size_t next = k + 1;
    bool end = false;
    if (t[k].kind == TokenKind::kPunct && sentence_end_punct(t[k].text)) {
      while (next < t.size() && t[next].kind == TokenKind::kPunct && closing_punct(t[next].text) &&
             t[next].begin == t[next - 1].end) {
        ++next;
      }
      end = next >= t.size() || t[next].capitalised || t[next].kind == TokenKind::kNumber ||
            t[next].kind == TokenKind::kIdeographic ||
            (t[next].kind == TokenKind::kPunct && opening_punct(t[next].text));
    }
    // "Texaco Inc. The company": the abbreviation's stop ends the sentence
    // too, as CoNLL writes one stop for both.
    if (!end && next < t.size() && abbreviation_with_stop(t[k]) && t[next].kind == TokenKind::kWord &&
        std::find(std::begin(kSentenceOpeners), std::end(kSentenceOpeners), t[next].text) !=
            std::end(kSentenceOpeners)) {
      end = true;
    }
    if (!end && next < t.size() &&
        has_blank_line(text.substr(t[next - 1].end, t[next].begin - t[next - 1].end))) {
      end = true;
    }
    if (!end && next - start >= kMaxSentenceTokens) end = true;
    if (end || next >= t.size()) {
      out.sentences.push_back({start, std::min(next, t.size())});
      start = next;
      k = next - 1;
    }
  }
  return out;
}

}  // namespace dateline::entities
