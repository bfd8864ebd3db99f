#pragma once

// Private to the extractor: one part of an article as its readers share it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "entities/gazetteer.h"
#include "entities/tokens.h"

namespace dateline::entities {

/// One part of an article (title, standfirst or body) being read: its
/// tokens and sentences, each token's gazetteer key (computed when first
/// asked for), the tokens a mention already covers and where acronym long
/// forms start. Token indices count from the start of the part. Not thread
/// safe: one per part being read.
class PartText {
 public:
  /// Tokenizes text up to byte end (see tokenize_sentences(), which also
  /// says what split_elisions does). text must outlive this.
  PartText(std::string_view text, std::size_t end, bool split_elisions);

  [[nodiscard]] const std::vector<TextToken>& tokens() const { return tt_.tokens; }
  [[nodiscard]] const std::vector<Sentence>& sentences() const { return tt_.sentences; }
  /// The text read: the part up to byte end.
  [[nodiscard]] std::string_view text() const { return text_; }

  /// Gazetteer::key() of token i.
  const std::string& key(std::size_t i);
  /// The keys of tokens [b, e), with a space where the text has space
  /// between two tokens.
  std::string span_key(std::size_t b, std::size_t e);
  /// Tokens [b, e) as written, each run of white space made one space.
  [[nodiscard]] std::string display(std::size_t b, std::size_t e) const;
  /// True if token i is before end and is the punctuation p.
  [[nodiscard]] bool punct_at(std::size_t i, std::size_t end, std::string_view p) const;

  /// Marks tokens [b, e) as taken by a mention: the gazetteer scan and
  /// longest_match() stop at them.
  void cover(std::size_t b, std::size_t e);
  [[nodiscard]] bool covered(std::size_t i) const { return covered_[i]; }

  /// Remembers that an acronym's long form starts at token i ("East African
  /// Community" before "(EAC)").
  void add_long_form(std::size_t i) { long_forms_.push_back(i); }
  [[nodiscard]] bool is_long_form(std::size_t i) const;

  /// The longest gazetteer name starting at token i, ending before token end
  /// and running into no covered token, that accept(info, single_token)
  /// allows. Stores one past its last token in match_end; returns nullptr
  /// (match_end untouched) if there is none.
  template <typename Accept>
  const NameInfo* longest_match(const Gazetteer& gaz, std::size_t i, std::size_t end, Accept&& accept,
                                std::size_t& match_end) {
    std::string k = key(i);
    const NameInfo* info = gaz.find(k);
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
      info = gaz.find(k);
    }
    return best;
  }

 private:
  std::string_view text_;
  TokenizedText tt_;
  std::vector<std::string> keys_;
  std::vector<bool> have_key_;
  std::vector<bool> covered_;
  std::vector<std::size_t> long_forms_;  // first tokens of acronym long forms
};

}  // namespace dateline::entities
