#pragma once

// Filter resolution: what a typed filter value ("iran", "reagan", "who")
// means in one index, and the archive-wide aliases that make two names one
// value to filters, facets and suggestions alike.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"
#include "search/facets.h"
#include "search/query_parser.h"
#include "search/types.h"

namespace dateline::search {

/// Words of a folded entity key: runs of bytes that are not ASCII
/// punctuation or spaces ("al-busaidi" -> "al", "busaidi").
[[nodiscard]] std::vector<std::string_view> key_words(std::string_view key);

/// The words that name an organization whose folded key is key: stops and
/// apostrophes inside words dropped, other punctuation a space, a leading
/// "the" and trailing legal forms ("inc", "co", "plc", "spa", "group",
/// "and") left out, one word kept at least ("the texaco co." -> "texaco",
/// "e.f. hutton & co inc" -> "ef hutton"). Organizations with one base are
/// one value.
[[nodiscard]] std::string organization_base(std::string_view key);

/// One field's aliases (see KeyAliases), both ways.
struct AliasTable {
  KeyAliases to_value;                                                 ///< alias -> value
  std::unordered_map<std::string, std::vector<std::string>> of_value;  ///< value -> aliases
  void add(const std::string& alias, const std::string& value) {
    to_value[alias] = value;
    of_value[value].push_back(alias);
  }
  /// Points every alias at the value its chain of aliases ends in ("eec"
  /// -> "ec executive commission" -> "european community executive
  /// commission"; a loop ends in its smallest key) and lists the aliases
  /// of each value again, so that filters and both facet counts, which
  /// look an alias up once, agree.
  void settle();
};

/// The aliases of every field flagged with an alias rule in schema::kFields
/// (kSurnameAliases, kLegalFormAliases, kQualifierAliases), by slot. The
/// extractor joins a surname to a full name within one article only, and a
/// company or place is written with and without its legal form or
/// qualifier; these tables join them across the archive. A person key
/// that the archive shows to be a firm ("smith barney") maps to "": it is
/// no value of the field. Built from the
/// index on first use; clear() when the index changed. Not thread safe
/// (one per Searcher).
class Aliases {
 public:
  /// The aliases of slot's values in db, or nullptr when it has none.
  const AliasTable* of(const Xapian::Database& db, Xapian::valueno slot);
  /// Every table's alias -> value map, by slot.
  [[nodiscard]] std::map<Xapian::valueno, KeyAliases> by_slot(const Xapian::Database& db);
  void clear();

 private:
  void build(const Xapian::Database& db);
  bool built_ = false;
  std::map<Xapian::valueno, AliasTable> tables_;
};

/// The display form of an entity key as the first article holding term
/// stores it in slot ("ronald reagan" -> "Ronald Reagan"), or key itself.
[[nodiscard]] std::string display_name(const Xapian::Database& db, const std::string& term,
                                       Xapian::valueno slot, const std::string& key);

/// Resolves one filter value of field f against db (a QueryParser
/// Resolver): the id term for id:; the folded value for boolean fields;
/// country codes through countries for kCode fields; for other entity
/// fields, a value as the index holds it, else an organization's acronym,
/// else every name holding all the words, else (organizations) the company
/// a ticker word stands for, each with its aliases. Labels
/// list at most 25 names and "and N more".
[[nodiscard]] Resolved resolve_filter(const Xapian::Database& db, const CountryNames& countries,
                                      Aliases& aliases, const schema::Field& f, std::string_view value);

/// Merges the counts of aliases into the values they stand for (display
/// form -> count), in field f.
void merge_alias_counts(const Xapian::Database& db, Aliases& aliases, const schema::Field& f,
                        std::map<std::string, std::uint64_t>& counts);

}  // namespace dateline::search
