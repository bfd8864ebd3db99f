#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::analysis {

// Text analysis shared by the indexer and the query side, so both see the
// same words. Everything is UTF-8 in and out. All functions are thread safe.

/// The kind of a segment, from ICU's word-break rule status.
enum class SegmentKind {
  kWord,         ///< letters (any script, also Thai, Hangul, kana)
  kNumber,       ///< digits, "1,000", "3.5"
  kIdeographic,  ///< a Han word found by ICU's dictionary (Chinese, Japanese kanji)
  kPunct,        ///< anything else that is not white space
};

/// A word as it occurs in the text (not folded), with byte offsets into the
/// original string. Produced by segment().
struct Segment {
  std::string_view text;  ///< view into the input
  std::size_t begin;      ///< byte offset of the first byte
  std::size_t end;        ///< byte offset one past the last byte
  SegmentKind kind;
};

/// A searchable word: the folded form of a word of the text.
struct Token {
  std::string term;   ///< folded: NFKC, case folded, Latin/Greek/Cyrillic accents removed
  std::size_t begin;  ///< byte offsets into the original text
  std::size_t end;
  SegmentKind kind;
};

/// Splits text into segments with ICU's word break iterator (Unicode UAX #29
/// plus ICU's dictionaries, so Chinese, Japanese and Thai, written without
/// spaces, come out as words). White space is dropped; punctuation is kept
/// as kPunct segments, one per character. Invalid UTF-8 bytes are treated
/// as U+FFFD and never crash.
[[nodiscard]] std::vector<Segment> segment(std::string_view text);

/// The folded form used for every term: Unicode NFKC with case folding,
/// then accents removed from Latin, Greek and Cyrillic letters ("São" ->
/// "sao", "Ärzte" -> "arzte"); marks of other scripts (Thai vowels,
/// Devanagari) are kept because they are part of the letter.
[[nodiscard]] std::string fold(std::string_view text);

/// fold() computed with ICU's normalizers for every character. fold()
/// gives the same result faster for ASCII and Latin letters (U+0080 to
/// U+024F, the letters of most European languages), whose folds it keeps
/// in a table made with this; for tests and measurements.
[[nodiscard]] std::string fold_with_icu(std::string_view text);

/// The byte length of the apostrophe at s[i] (1 for "'", 3 for U+2019),
/// or 0 if there is none.
[[nodiscard]] std::size_t apostrophe_length(std::string_view s, std::size_t i);

/// The searchable words of text, folded, in order. Possessive "'s" is
/// dropped ("Iran's" -> "iran"), French/Italian elisions split ("l'Iran"
/// -> "iran"), curly apostrophes made straight. Punctuation is dropped.
[[nodiscard]] std::vector<Token> tokenize(std::string_view text);

}  // namespace dateline::analysis
