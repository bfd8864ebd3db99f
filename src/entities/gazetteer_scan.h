#pragma once

// Private to the extractor: country names and demonyms found by gazetteer
// lookup, where the tagger found nothing.

#include <cstddef>

#include "entities/mentions.h"

namespace dateline::entities {

/// How a sentence is read (part_reader.cc decides).
enum class Mode {
  kNormal,     ///< English: tagger plus gazetteer countries
  kTitleCase,  ///< English headline In Title Case: as normal, but country
               ///< names that are also English words ("Turkey") need the tagger
  kCaps,       ///< ALL-CAPS wire headline: gazetteer countries only
  kTable,      ///< mostly numbers (market tables): gazetteer countries only
  kForeign,    ///< not English: gazetteer countries in the article's language,
               ///< and for Latin-script languages the tagger's multi-word
               ///< persons and well-resolved places
};

/// Adds the country names and demonyms of sentence s that no mention
/// covers (capitalised words; in kCaps mode, words in capitals), in the
/// article's language, as place mentions. Longer gazetteer names are
/// skipped whole ("New Jersey" is not Jersey). In kTitleCase mode, a
/// country name that is also an English word ("Turkey") is not taken.
/// English sentences are scanned for grade names too (scan_grade_names()).
void scan_countries(PartContext& c, const Sentence& s, Mode mode);

/// True if key (a folded word) follows the name of a crude oil grade:
/// "crude", "blend", "intermediate", "sour" ("Brent crude", "West Texas
/// Intermediate").
[[nodiscard]] bool is_grade_word(std::string_view key);

/// Adds to c.work.grade_names the keys of the capitalised words
/// before each grade word of sentence s, and of their runs of up to four
/// ("texas" and "west texas" before "Intermediate").
void scan_grade_names(PartContext& c, const Sentence& s);

/// Chinese and Japanese: adds the country names inside runs of ideographic
/// tokens of s, leftmost longest.
void scan_ideographic(PartContext& c, const Sentence& s);

/// "Iranian-American", "US-Iran", "Oman-facilitated": adds the countries
/// named by the capitalised parts of hyphenated token i. Returns true if it
/// added any.
bool hyphen_parts(PartContext& c, std::size_t i);

}  // namespace dateline::entities
