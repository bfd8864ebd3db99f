#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dateline::entities {

/// What a token is made of.
enum class TokenKind : unsigned char {
  kWord,  ///< letters, possibly with inner '.', '-' or apostrophes
  kNumber,
  kIdeographic,  ///< Han/kana text, no case
  kPunct,        ///< one punctuation character, or "'s"
};

/// A CoNLL-style token: a word, a number, one punctuation character or the
/// possessive "'s", as the NER tagger was trained on. Hyphenated compounds
/// ("son-in-law", "U.S.-led") and abbreviations ("U.S.", "Mr.", "J.") are
/// one token, as in CoNLL-2003.
struct TextToken {
  /// What the tagger sees: a view into the input text, except that curly
  /// quotes and apostrophes are replaced by static ASCII strings ("’s" ->
  /// "'s", "“" -> "\"").
  std::string_view text;
  std::size_t begin;  ///< byte offsets into the input text
  std::size_t end;
  TokenKind kind;
  bool capitalised;  ///< first letter upper case (ASCII or Latin-1..Greek)
  bool upper;        ///< has ASCII capitals and no ASCII lower-case letters
};

/// Tokens [begin, end) of a TokenizedText forming one sentence.
struct Sentence {
  std::size_t begin;
  std::size_t end;
};

/// The tokens of a text, split into sentences.
struct TokenizedText {
  std::vector<TextToken> tokens;
  std::vector<Sentence> sentences;
};

/// Splits text (UTF-8) into CoNLL-style tokens with analysis::segment() and
/// groups them into sentences: a sentence ends at '.', '!' or '?' followed
/// by a capitalised word, a quote or the end, after an abbreviation's stop
/// ("Inc.", "U.S.") followed by a word that opens sentences ("The", "He";
/// any other capitalised word continues the sentence: "Texaco Inc. Chairman
/// ..."), at a blank line, or after kMaxSentenceTokens tokens. With split_elisions, French/Italian elisions
/// become their own token ("l'Iran" -> "l'", "Iran"); English text keeps
/// them whole ("O'Brien"). The returned views point into text, which must
/// outlive the result. Thread safe.
///
/// With end < text.size(), only the tokens before byte end are returned
/// (a token running past it is cut there), but the whole text is segmented:
/// analysis::segment() remembers its last results by content, so the
/// indexer's later analysis::tokenize() of the same whole text is free.
[[nodiscard]] TokenizedText tokenize_sentences(std::string_view text, bool split_elisions = false,
                                               std::size_t end = std::string_view::npos);

/// True if word starts with an upper-case letter (ASCII, Latin-1, Latin
/// Extended-A, Greek or Cyrillic; "Özil" yes, "émir" no).
[[nodiscard]] bool starts_with_capital(std::string_view word);

/// Sentences longer than this are cut, bounding the tagger's work on tables.
inline constexpr std::size_t kMaxSentenceTokens = 80;

}  // namespace dateline::entities
