#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline::entities {

class Gazetteer;

/// Words [begin, end) of a mention that make up the name.
struct WordRange {
  std::size_t begin;
  std::size_t end;
  bool empty() const { return begin >= end; }
};

/// True if word (any case, a trailing '.' ignored) is a title, honorific or
/// job word that may stand before a person's name ("President", "Mr.",
/// "Admiral", "Foreign", "Minister", "Sheikh", "Spokesperson").
[[nodiscard]] bool is_title_word(std::string_view word);

/// True for lower-case particles inside personal names ("bin", "da", "van",
/// "al", "de").
[[nodiscard]] bool is_name_particle(std::string_view word);

/// True if word (any case) ends organization names ("Company", "Authority",
/// "Inc.", "Federation").
[[nodiscard]] bool is_organization_word(std::string_view word);

/// True if word (any case, a trailing '.' ignored) is a company's legal
/// form or a word written like one after its name ("Inc", "Corp.", "PLC",
/// "SpA", "Group", "Holdings"): a name of such words only is a fragment.
[[nodiscard]] bool is_legal_form(std::string_view word);

/// True if word (any case) is an abbreviation of financial tables ("Shr",
/// "Oper", "Qtr", "Avg", "Mln"): a name holding one is no name.
[[nodiscard]] bool is_table_abbreviation(std::string_view word);

/// True if word is a title word (see is_title_word()) that names a person's
/// role ("Minister", "Governor", "Dr"), not one that also qualifies
/// organizations ("National", "State", "Deputy").
[[nodiscard]] bool is_role_title(std::string_view word);

/// True if word (any case) is a title followed by a portfolio ("Minister",
/// "Secretary", "Commissioner" in "Minister of Agriculture").
[[nodiscard]] bool is_portfolio_title(std::string_view word);

/// True if word is a title that only people carry ("Admiral", "Mr.",
/// "President", "Sheikh"), unlike "General" in "General Motors".
[[nodiscard]] bool is_person_title(std::string_view word);

/// The words of a person mention that form the name: leading titles and
/// honorifics ("Foreign Minister"), a leading possessor ("Iran" "'s"),
/// lower-case words ("son-in-law", "of") and, if gazetteer is given,
/// demonyms and country names ("Omani") are dropped, as are trailing
/// possessives and punctuation. Weak titles ("King", "Sir", "Lady") go only
/// when two words remain ("Sir Keir Starmer" -> "Keir Starmer", "Lady Gaga"
/// stays). Words are CoNLL tokens ("'s" separate). Never drops the last
/// capitalised word; returns an empty range when nothing name-like remains.
[[nodiscard]] WordRange person_name_range(const std::vector<std::string_view>& words,
                                          const Gazetteer* gazetteer = nullptr);

/// Canonical display form of a person mention given as text: the name
/// words of person_name_range() joined by single spaces, diacritics kept.
/// "President Donald Trump's" -> "Donald Trump"; "" if no name remains.
[[nodiscard]] std::string canonical_person(std::string_view mention);

/// True if a name tagged as a person ends in a word that makes it an
/// institution ("Reagan Administration", "Bush White House", "Major
/// Government"): such names are organizations.
[[nodiscard]] bool institutional_name(std::string_view name);

/// The words of an organization mention that form its name: a leading
/// "the", a leading "US"/"U.S." before a longer name ("US Central Command"),
/// trailing possessives and punctuation are dropped; a fragment of legal
/// forms only ("Co Inc", "Ltd") is empty.
[[nodiscard]] WordRange organization_name_range(const std::vector<std::string_view>& words);

/// Canonical display form of an organization mention given as text:
/// "the Pentagon's" -> "Pentagon".
[[nodiscard]] std::string canonical_organization(std::string_view mention);

/// Splits a mention into CoNLL-like words on white space, with a trailing
/// "'s"/"’s" split off as its own word.
[[nodiscard]] std::vector<std::string_view> split_words(std::string_view mention);

/// Joins words with single spaces.
[[nodiscard]] std::string join_words(const std::vector<std::string_view>& words, WordRange range);

/// Collects the canonical person and organization names of one article in
/// order of appearance and merges mentions of the same entity:
/// - a one-word person ("Trump", "Araghchi") joins a full name of the
///   article whose last word it is (else whose any word it is), the nearest
///   earlier one if several, else the first later one;
/// - "Donald J. Trump" and "Donald Trump" are one person (initials ignored);
/// - a "person" whose words begin an organization of the article ("Smith
///   Barney" beside "Smith Barney, Harris Upham and Co") is that firm;
/// - an organization acronym declared with add_acronym ("CENTCOM" for
///   "Central Command") or equal to the initials of a longer organization
///   of the article ("IMF") joins it.
/// Names are compared by analysis::fold(). One instance per article; not
/// thread safe.
class NameMerger {
 public:
  /// Adds a canonical person name (see canonical_person()); empty ignored.
  void add_person(std::string_view name);
  /// Adds a canonical organization name; empty ignored.
  void add_organization(std::string_view name);
  /// Records that acronym names the organization long_form.
  void add_acronym(std::string_view long_form, std::string_view acronym);

  /// True if the one-word name would join a full person name added so far.
  [[nodiscard]] bool joins_person(std::string_view word) const;

  /// Distinct persons, display forms, in order of first mention.
  [[nodiscard]] std::vector<std::string> persons() const;
  /// Distinct organizations, display forms, in order of first mention.
  [[nodiscard]] std::vector<std::string> organizations() const;

 private:
  struct Mention {
    std::string display;
    std::string key;                     ///< fold(display)
    std::vector<std::string> word_keys;  ///< folded words, initials removed
  };
  std::vector<Mention> persons_;
  std::vector<Mention> organizations_;
  std::unordered_map<std::string, std::string> acronyms_;  ///< folded -> folded long form
};

}  // namespace dateline::entities
