#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace dateline::search {

/// Counts the articles a query text finds (with whatever filters the
/// caller's search has). Need not count past at_least: any count of
/// at_least or more means "at least that many".
using HitCounter = std::function<Xapian::doccount(const std::string& query, Xapian::doccount at_least)>;

/// When a word is worth correcting. The defaults come from a development
/// list of 15 misspelled and 33 correct Reuters queries (issue 11): typos
/// that occur in the archive were 107 to 2,425 times rarer than the word
/// meant, rare real words (names, tickers) 7 to 770 times rarer than a
/// word one edit away; a misspelled query found at most 1 % of what its
/// correction finds. Every ratio from 20 to 100 with a share from 0.02 to
/// 0.05 corrected all 15 typos there, with one false correction below 100
/// ("ladd" to "land", 92 times); the defaults sit mid-range rather than at
/// that knife edge.
struct SpellingOptions {
  /// A correction must be in this many times the articles of the typed
  /// word (counted as a search matches it: by stem).
  double min_ratio = 50;
  /// The typed query may find at most this share of the articles the
  /// corrected query finds ("few hits").
  double max_hit_share = 0.05;
  /// Words of this many bytes or more may be two edits away; shorter ones
  /// one edit.
  std::size_t two_edits_from = 7;
};

/// One word's best correction.
struct WordCorrection {
  std::string word;                 ///< the vocabulary word
  int distance = 0;                 ///< edits from the typed word
  Xapian::doccount freq = 0;        ///< articles the word is in
  Xapian::doccount typed_freq = 0;  ///< articles the typed word's stem is in
};

/// "Did you mean" from the index vocabulary: a typed word is corrected to
/// a much more frequent word within one edit (two for long words), even
/// when the typed word occurs in a few articles itself ("intrest").
/// Holds a reference to db; not thread safe (like the database handle).
class SpellingCorrector {
 public:
  explicit SpellingCorrector(const Xapian::Database& db, SpellingOptions options = {})
      : db_(db), options_(options) {}

  /// The best correction of one folded word: among the unprefixed index
  /// words that share its first letter, are within the allowed edits
  /// (Damerau-Levenshtein), have another stem and are in at least
  /// min_ratio times the articles its stem is in, the nearest, then the
  /// most frequent. nullopt for
  /// none, and for words shorter than three bytes or holding a digit.
  [[nodiscard]] std::optional<WordCorrection> correct_word(const std::string& word) const;

  /// All corrections of word as near as the best, most frequent first, at
  /// most kMaxCandidates.
  [[nodiscard]] std::vector<WordCorrection> candidates(const std::string& word) const;
  static constexpr std::size_t kMaxCandidates = 4;

  /// The query with every correctable word of words (the folded plain
  /// words the parser found in it) replaced where it was typed (of equally
  /// near candidates, the one the query then finds most with), or an
  /// empty string when no word is corrected or the typed query already
  /// finds more than max_hit_share of what the corrected one finds. hits
  /// is what the typed query found; count runs the corrected query.
  [[nodiscard]] std::string correct_query(const std::string& query, const std::vector<std::string>& words,
                                          Xapian::doccount hits, const HitCounter& count) const;

 private:
  Xapian::doccount stem_freq(const std::string& word) const;

  const Xapian::Database& db_;
  SpellingOptions options_;
};

/// Damerau-Levenshtein (optimal string alignment) distance of the bytes of
/// a and b, or cap + 1 when it is more than cap.
[[nodiscard]] int edit_distance(std::string_view a, std::string_view b, int cap);

}  // namespace dateline::search
