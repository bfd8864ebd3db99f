#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline::analysis {

// Language detection for articles that declare no language, with Compact
// Language Detector 2 (Debian's libcld2). Only language.cc includes CLD2.

/// How much of an article detection reads: enough for a confident answer,
/// and a 100,000-character interview costs no more than a news story.
inline constexpr std::size_t kMaxDetectBytes = 8192;
/// Below this many letter bytes (five or six English words, ten Chinese
/// characters) a guess is not reliable.
inline constexpr int kMinDetectLetters = 32;

/// What the detector makes of a text.
struct DetectedLanguage {
  /// The detector's best guess as a lower-case primary subtag, the form
  /// lang: filters take ("en", "de", "zh", "he"); empty when it has none.
  std::string tag;
  /// True when the guess is clearly ahead of the next language and the text
  /// has enough letters to tell. Only a reliable guess should be stored.
  bool reliable = false;
};

/// Detects the language of an article from its headline, standfirst and
/// body (UTF-8; any of them may be empty), reading at most the first
/// kMaxDetectBytes bytes of them together. A text with fewer than
/// kMinDetectLetters letter bytes, digits and punctuation not counted, is
/// never reliable, whatever the detector says. Invalid UTF-8 gives no
/// guess. Throws only std::bad_alloc; thread safe.
[[nodiscard]] DetectedLanguage detect_language(std::string_view title, std::string_view standfirst,
                                               std::string_view body);

}  // namespace dateline::analysis
