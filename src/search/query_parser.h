#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"
#include "search/types.h"

namespace dateline::search {

/// What a filter value ("iran", "IR", "trump") resolved to.
struct Resolved {
  std::vector<std::string> terms;   ///< boolean terms, any of which matches
  std::vector<std::string> labels;  ///< human names of what matched, for notes
};

/// Turns one filter value (taken as it is) of an entity or boolean field
/// into index terms. Implementations must be
/// thread safe if the parser is shared between threads.
using Resolver = std::function<Resolved(const schema::Field& field, std::string_view value)>;

/// The default resolution: the folded value as the only term (upper-cased
/// for country codes).
[[nodiscard]] Resolved resolve_exact(const schema::Field& field, std::string_view value);

/// How deep a query may nest: parentheses inside parentheses, and NOT, '-'
/// and '+' in a row, count one level each. The parser recurses once per
/// level, and Xapian recurses over the query it builds (matching,
/// describing, freeing it), so input must not choose the depth.
inline constexpr int kMaxQueryDepth = 100;

/// How many terms a query may hold: words (each word of a phrase, and each
/// word analysis cuts a typed word into) and field values, so that the work
/// of one query is bounded.
inline constexpr std::size_t kMaxQueryTerms = 1000;

/// The result of parsing a user query.
struct ParsedQuery {
  Xapian::Query query;                       ///< MatchAll if the text is empty
  bool has_text = false;                     ///< false: only filters (or nothing)
  std::vector<std::string> highlight;        ///< folded words to highlight in snippets
  std::vector<std::string> highlight_stems;  ///< stems; words with these stems are highlighted
  std::vector<std::string> plain_words;      ///< positive bare words, for spelling
  std::vector<AppliedFilter> filters;
  std::vector<std::string> notes;  ///< e.g. "country:xyz matched nothing"
};

/// Parses dateline's query syntax (see README "Query syntax"): words
/// (ANDed, or ORed with default_or), "quoted phrases", AND, OR, NOT, a
/// leading '-' (exclude) or '+', parentheses, trailing '*' wildcards,
/// title:, date: (2026, 2026-02, 2026-02-07, A..B, A.., ..B) and the entity
/// and boolean fields of schema::kFields. A field's value is bare or
/// "quoted" (\" for a quote inside); values joined by commas mean either
/// (place:"Washington, D.C.",London). Words and phrases go through analysis::tokenize, exactly as
/// the indexer saw them.
class QueryParser {
 public:
  struct Options {
    bool default_or = false;
    Resolver resolver;  ///< empty: resolve_exact
  };

  QueryParser() = default;
  explicit QueryParser(Options options) : options_(std::move(options)) {}

  /// Throws QuerySyntaxError (unbalanced parentheses or quotes, an
  /// operator without an operand, nesting deeper than kMaxQueryDepth, more
  /// than kMaxQueryTerms terms) or InputError (a bad date value, field
  /// "date"). The query built nests at most a few levels per level of the
  /// text, and its operators with many operands (a OR b OR c ...) are flat.
  [[nodiscard]] ParsedQuery parse(std::string_view text) const;

  /// Builds the filter query for field = value, one value taken as it is
  /// (commas, quotes and colons are part of it), recording it in
  /// out.filters/notes. Returns MatchNothing when nothing matched. Throws
  /// InputError for a bad date or a date range that ends before it begins.
  [[nodiscard]] Xapian::Query filter(const schema::Field& field, std::string_view value,
                                     ParsedQuery& out) const;
  /// The same for several values, any of which matches (an inline list).
  [[nodiscard]] Xapian::Query filter(const schema::Field& field, const std::vector<std::string>& values,
                                     ParsedQuery& out) const;

 private:
  Options options_;
};

}  // namespace dateline::search
