#pragma once

// Private to the extractor: the mentions an article's parts yield, and what
// each part reader works with.

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entities/focus.h"
#include "entities/gazetteer.h"
#include "entities/part_text.h"
#include "entities/source_rules.h"

namespace dateline::entities {

/// A name that may be a place, before resolution (place_resolver.h).
struct PlaceMention {
  std::string key;
  std::string display;
  const NameInfo* info = nullptr;
  std::int32_t country = -1;  ///< already known: demonym or foreign name
  bool state_context = false;
  bool demonym = false;   ///< "Iranian": names a country, is not a place
  bool weak = false;      ///< the English tagger on foreign text: keep only if
                          ///< it resolves well
  std::string next_word;  ///< the token after the mention in its sentence, as
                          ///< written ("Steel" after "Bethlehem"); may be empty
  /// Where it is: its part and the sentence's index there (focus.h).
  MentionPart part = MentionPart::kBody;
  std::size_t sentence = 0;
};

/// A name the tagger took for a person.
struct PersonMention {
  std::string display;
  std::string word_key;  ///< single-word mentions: the folded word
  const NameInfo* info = nullptr;
  /// Where it is: its part and the sentence's index there (focus.h).
  MentionPart part = MentionPart::kBody;
  std::size_t sentence = 0;
};

/// What the parts of one article yield, in order of mention.
struct ArticleWork {
  std::string lang;  ///< primary language, "" for English
  bool english = true;
  std::optional<std::int64_t> published;  ///< places then were in the states of then
  /// The part being read.
  MentionPart part = MentionPart::kTitle;
  std::vector<PersonMention> persons;
  std::vector<std::string> organizations;
  std::vector<std::pair<std::string, std::string>> acronyms;  ///< (long form, acronym)
  std::vector<PlaceMention> places;
  /// Names written before a crude oil grade word, whoever tagged them
  /// ("brent" and "sea brent" in "North Sea Brent crude"): the grade, not
  /// the place, wherever the article names them (gazetteer_scan.h).
  std::vector<std::string> grade_names;
};

/// What a part's readers (span taking, the gazetteer scan) work with.
struct PartContext {
  const Gazetteer& gaz;
  const SourceRules& rules;
  PartText& text;
  ArticleWork& work;
  /// One past the last token of the person taken last in this part (0:
  /// none yet): "Analyst George Adler of Smith Barney" names a firm after a
  /// person.
  std::size_t person_end = 0;
};

/// True if table (an array of string_view) holds w.
template <typename Table>
bool contains(const Table& table, std::string_view w) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

/// True if info names a country ("Iran", "U.S.").
[[nodiscard]] bool is_country_name(const NameInfo* info);

/// A country name or a constituent country's ("Scotland"): it names a
/// country, and is a place of its own.
[[nodiscard]] bool names_country(const NameInfo* info);

/// The country info names in language lang ("Allemagne" in "fr"), or -1.
[[nodiscard]] std::int32_t foreign_country(const NameInfo* info, std::string_view lang);

/// The country info names in the article's language (names, constituent
/// countries and demonyms in English), or -1; -1 for nullptr.
[[nodiscard]] std::int32_t country_of(const ArticleWork& work, const NameInfo* info);

/// Adds tokens [b, e) of sentence s as a place mention of info (nullptr: a
/// place the gazetteer does not know) or, with country >= 0, of that
/// country.
void add_place(PartContext& c, const Sentence& s, std::size_t b, std::size_t e, const NameInfo* info,
               std::int32_t country = -1);

}  // namespace dateline::entities
