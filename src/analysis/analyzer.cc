#include "analysis/analyzer.h"

#include <memory>
#include <mutex>

#include "analysis/icu.h"
#include "util/strings.h"

namespace dateline::analysis {
namespace {

// ICU's break iterators are not thread safe and costly to create, so each
// thread clones one prototype once.
icu::BreakIterator* word_breaker() {
  static std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) bi.reset();
    return bi;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> mine(prototype ? prototype->clone() : nullptr);
  return mine.get();
}

bool strips_marks(UChar32 base) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(base, &status);
  return sc == USCRIPT_LATIN || sc == USCRIPT_GREEK || sc == USCRIPT_CYRILLIC || sc == USCRIPT_COMMON ||
         sc == USCRIPT_INHERITED;
}

std::string fold_slow(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString src =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = nfkc_cf->normalize(src, status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString kept;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK && strips_marks(base)) continue;
    if (u_charType(c) != U_NON_SPACING_MARK) base = c;
    kept.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

// French and Italian elided articles and pronouns: l', d', qu', j'...
bool is_elision(std::string_view head) {
  static constexpr std::string_view kElisions[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu"};
  for (std::string_view e : kElisions) {
    if (head.size() != e.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < e.size(); ++i) {
      if ((head[i] | 0x20) != e[i]) same = false;
    }
    if (same) return true;
  }
  return false;
}

}  // namespace

std::size_t apostrophe_length(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  if (s[i] == '\'') return 1;
  // U+2019 RIGHT SINGLE QUOTATION MARK, as typeset text writes apostrophes.
  if (s.compare(i, 3, "\xE2\x80\x99") == 0) return 3;
  return 0;
}

namespace {

// The indexer segments each part of an article twice on one thread: for
// its entities, then for its terms. ICU's word breaking is the costly part
// of both, so each thread remembers its last few results, keyed by the
// text's content (a copy), never by its address.
class SegmentMemo {
 public:
  static constexpr std::size_t kMaxBytes = 64 * 1024;

  bool find(std::string_view text, std::vector<Segment>& out) const {
    for (const Entry& e : entries_) {
      if (e.text.size() != text.size() || e.text != text) continue;
      out = e.segments;
      // Views into this text, not into the copy.
      for (Segment& s : out) s.text = text.substr(s.begin, s.end - s.begin);
      return true;
    }
    return false;
  }
  void remember(std::string_view text, const std::vector<Segment>& segments) {
    if (text.size() > kMaxBytes) return;
    Entry& e = entries_[next_];
    next_ = (next_ + 1) % kEntries;
    e.text.assign(text);
    e.segments = segments;
  }

 private:
  static constexpr std::size_t kEntries = 4;  // title, standfirst, body, spare
  struct Entry {
    std::string text;
    std::vector<Segment> segments;
  };
  Entry entries_[kEntries];
  std::size_t next_ = 0;
};

std::vector<Segment> segment_uncached(std::string_view text);

}  // namespace

std::vector<Segment> segment(std::string_view text) {
  std::vector<Segment> out;
  if (text.empty()) return out;
  thread_local SegmentMemo memo;
  if (memo.find(text, out)) return out;
  out = segment_uncached(text);
  memo.remember(text, out);
  return out;
}

namespace {

std::vector<Segment> segment_uncached(std::string_view text) {
  std::vector<Segment> out;
  icu::BreakIterator* bi = word_breaker();
  if (bi == nullptr) return out;
  // A UText over the UTF-8 bytes: no UTF-16 copy, and the boundaries the
  // iterator returns are byte offsets into text.
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return out;
  bi->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return out;
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    int32_t rule = bi->getRuleStatus();
    SegmentKind kind;
    if (rule >= UBRK_WORD_IDEO && rule < UBRK_WORD_IDEO_LIMIT) {
      kind = SegmentKind::kIdeographic;
    } else if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) {
      kind = SegmentKind::kNumber;
    } else if (rule >= UBRK_WORD_LETTER && rule < UBRK_WORD_KANA_LIMIT) {
      kind = SegmentKind::kWord;
    } else {
      // Not a word: emit each non-space character as punctuation.
      for (int32_t i = start; i < end && i < n;) {
        int32_t b = i;
        UChar32 c;
        U8_NEXT(bytes, i, n, c);
        if (c < 0) c = 0xFFFD;
        if (!u_isUWhiteSpace(c) && !u_iscntrl(c)) {
          out.push_back({text.substr(b, i - b), static_cast<std::size_t>(b), static_cast<std::size_t>(i),
                         SegmentKind::kPunct});
        }
      }
      continue;
    }
    out.push_back({text.substr(start, end - start), static_cast<std::size_t>(start),
                   static_cast<std::size_t>(end), kind});
  }
  // The iterator keeps a pointer to the UText: detach it before closing.
  icu::UnicodeString empty;
  bi->setText(empty);
  utext_close(ut);
  return out;
}

// The folds of U+0080 to U+024F (Latin-1 Supplement, Latin Extended-A and
// -B), one ICU call each, made once. Folding such text character by
// character gives what ICU gives for the whole: none of these characters
// composes with its neighbours, their decompositions start with the base
// letter, and the marks fold_slow() strips follow it (a mark that starts
// a character's fold, U+00A8 "¨" -> " \u0308", follows a space).
class LatinFolds {
 public:
  static constexpr char32_t kFirst = 0x80;
  static constexpr char32_t kEnd = 0x250;
  LatinFolds() {
    for (char32_t cp = kFirst; cp < kEnd; ++cp) {
      const char utf8[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
      folds_[cp - kFirst] = fold_slow(std::string_view(utf8, 2));
    }
  }
  const std::string& of(char32_t cp) const { return folds_[cp - kFirst]; }

 private:
  std::string folds_[kEnd - kFirst];
};

}  // namespace

std::string fold_with_icu(std::string_view text) { return fold_slow(text); }

std::string fold(std::string_view text) {
  // ASCII is lower-cased, Latin letters come from the table, anything
  // else goes through ICU.
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  if (i == text.size()) return util::ascii_lower(text);
  static const LatinFolds latin;
  std::string out = util::ascii_lower(text.substr(0, i));
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const char32_t cp =
          (static_cast<char32_t>(c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
      if (cp >= LatinFolds::kFirst && cp < LatinFolds::kEnd) {
        out += latin.of(cp);
        i += 2;
        continue;
      }
    }
    return fold_slow(text);
  }
  return out;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  for (const Segment& seg : segment(text)) {
    if (seg.kind == SegmentKind::kPunct) continue;
    std::size_t b = seg.begin;
    std::size_t e = seg.end;
    if (seg.kind == SegmentKind::kWord) {
      // Possessive: "Iran's", "Iran’s", "Jones'".
      std::size_t len = 0;
      std::string_view w = text.substr(b, e - b);
      for (std::size_t i = 0; i < w.size(); ++i) {
        if ((len = apostrophe_length(w, i)) == 0) continue;
        std::size_t after = i + len;
        if (after == w.size() || (after + 1 == w.size() && (w[after] == 's' || w[after] == 'S'))) {
          e = b + i;
          break;
        }
        // Elision: "l'Iran", "d'Orsay", "qu'il" (one or two letters first).
        if (is_elision(w.substr(0, i)) && after < w.size()) {
          b += after;
          w = text.substr(b, e - b);
          i = static_cast<std::size_t>(-1);
        }
      }
      if (e <= b) continue;
    }
    std::string term = fold(text.substr(b, e - b));
    // Straighten any curly apostrophe left inside a word ("rock’n’roll").
    for (std::size_t p = term.find("\xE2\x80\x99"); p != std::string::npos;
         p = term.find("\xE2\x80\x99", p)) {
      term.replace(p, 3, "'");
    }
    if (term.empty()) continue;
    out.push_back({std::move(term), b, e, seg.kind});
  }
  return out;
}

}  // namespace dateline::analysis
