#pragma once

// Datelines: where a story says it was filed ("CAMBRIDGE, Mass., March 3 -",
// "WASHINGTON (AP) —", "PARIS, 12 mai (AFP) -", "BEIJING —"), read from an
// input's dateline field or from the opening of the body, and resolved
// through the gazetteer.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "article/article.h"
#include "entities/gazetteer.h"

namespace dateline::entities {

/// Where a dateline is read from.
enum class DatelineOrigin {
  /// An input's own dateline field: known to be a dateline, so any place
  /// text is taken, and text after its closing dash is ignored.
  kField,
  /// The opening of a body: strict, so that a sentence ("WASHINGTON state
  /// officials said", "Reuters said") or a table heading ("ZURICH SILVER
  /// FIXING - APR 07") is no dateline.
  kBody,
};

/// A dateline as written, split into its parts.
struct ParsedDateline {
  std::string text;       ///< the dateline, through its closing dash if any
  std::string place;      ///< the place part as written ("CAMBRIDGE")
  std::string qualifier;  ///< state, province or country ("Mass."); may be empty
  /// Bytes of the input the dateline and the white space after it take:
  /// the body text starts there.
  std::size_t end = 0;
};

/// Parses the dateline at the start of text (leading white space skipped).
/// From a body, only the first line is read, and a dateline is:
/// a place of at most five words, all in capitals (or in title case when a
/// date or agency follows and the gazetteer knows the place or its
/// qualifier); then optionally ", " and a qualifier the gazetteer or the
/// AP-style table knows ("Mass.", "N.Y.", "British Columbia", "Brazil"),
/// ", " and a date (English, French, Spanish, German, Italian or
/// Portuguese month or weekday names), an agency in parentheses; then a
/// dash (-, --, – or —) followed by more text. A place with none of
/// qualifier, date or agency ("BEIJING —") must be a gazetteer name.
/// Returns nothing when text has no dateline.
[[nodiscard]] std::optional<ParsedDateline> parse_dateline(std::string_view text, DatelineOrigin origin,
                                                           const Gazetteer& gaz);

/// The place a parsed dateline names. With a qualifier, the place is looked
/// for in the qualifier's country first ("Cambridge, Mass." -> Cambridge,
/// US; "Vancouver, British Columbia" -> CA), and a town the gazetteer does
/// not know resolves to the qualifier itself (its state or country). A
/// bare name is a country, else a city by population and capital status,
/// or a region when the city is small (WASHINGTON -> Washington, D.C.).
/// A region or city counts for the state that held it at published (see
/// Gazetteer::former_country). An unknown place is "unresolved", its name
/// in title case.
[[nodiscard]] article::Place resolve_dateline(const Gazetteer& gaz, const ParsedDateline& d,
                                              std::optional<std::int64_t> published);

/// The dateline of a: from its "dateline" extra field (JSON text of a
/// string, as the JSON Lines, NewsML and NITF readers keep it) when that
/// parses, else from the opening of its body; nothing when neither has one.
/// Thread safe.
[[nodiscard]] std::optional<article::Dateline> find_dateline(const Gazetteer& gaz, const article::Article& a);

/// Sets out.dateline to find_dateline(gaz, a) and adds its place to
/// out.places when no place of that name is there yet, and its country to
/// out.countries when it is not there yet, so the country facet counts
/// where a story was filed.
void add_dateline(const Gazetteer& gaz, const article::Article& a, article::Entities& out);

}  // namespace dateline::entities
