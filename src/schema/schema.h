#pragma once

// The dateline index schema: every term prefix and value slot lives here.
//
// Here is the schema of a dateline index (a Xapian database):
//
// Each article is one document. Its data is the stored article as a JSON
// object (see json/article_json.h): every field the input gave, plus the
// entities the indexer found, with display names.
//
// Free-text terms, with positions for phrase search, are the folded words
// of analysis::tokenize():
//   (no prefix)  words of the headline, standfirst and body; the headline's
//                words get a higher within-document frequency so they count
//                more in BM25
//   S            words of the headline only (title:)
// and, without positions, the English stems of Latin-script words, which
// plain query words match ("talks" finds "talk"):
//   Z            stems of all words          ZS   stems of headline words
//
// Boolean terms (filters; no positions, wdf 0):
//   Q            the article id, exactly as given (unique per document)
//   A            an author, folded
//   L            the language tag, folded ("en", "fr")
//   XSOURCE:     the source, folded ("dateline wire")
//   D / M / Y    the publication day, month and year, "D20260206",
//                "M202602", "Y2026" (as in Xapian Omega); absent if undated
//   XUNDATED:    the single term "XUNDATED:1" on every undated article
//   XPERSON:     a person's matching key, folded ("donald trump")
//   XORG:        an organization's matching key
//   XPLACE:      a place's matching key ("sao paulo")
//   XCOUNTRY:    an ISO 3166-1 alpha-2 code, upper case ("IR"); every place
//                in a country also adds its country
//
// Value slots:
//   kSlotPublished  sortable_serialise(seconds since epoch, UTC)
//   kSlotSource     the source as given (display form)
//   kSlotLanguage   the language tag as given
//   kSlotPersons, kSlotOrgs, kSlotPlaces, kSlotCountries
//                   the entity display names of the article, packed with
//                   pack_values(), which facet counting reads
//
// Metadata: "dateline.schema" holds kSchemaVersion as decimal text. An
// index with another version is refused; re-index it.

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline::schema {

// DO NOT change prefixes or slot numbers: they are stored in every index.
// Bump kSchemaVersion and re-index instead.
inline constexpr int kSchemaVersion = 1;
inline constexpr const char* kSchemaKey = "dateline.schema";

inline constexpr const char* kPrefixId = "Q";
inline constexpr const char* kPrefixTitle = "S";
inline constexpr const char* kPrefixStem = "Z";
inline constexpr const char* kPrefixTitleStem = "ZS";
inline constexpr const char* kPrefixAuthor = "A";
inline constexpr const char* kPrefixLanguage = "L";
inline constexpr const char* kPrefixSource = "XSOURCE:";
inline constexpr const char* kPrefixDay = "D";
inline constexpr const char* kPrefixMonth = "M";
inline constexpr const char* kPrefixYear = "Y";
inline constexpr const char* kTermUndated = "XUNDATED:1";
inline constexpr const char* kPrefixPerson = "XPERSON:";
inline constexpr const char* kPrefixOrg = "XORG:";
inline constexpr const char* kPrefixPlace = "XPLACE:";
inline constexpr const char* kPrefixCountry = "XCOUNTRY:";

// DO NOT CHANGE THESE ENUM VALUES: they are embedded in the on-disk data.
enum Slot : Xapian::valueno {
  kSlotPublished = 0,
  kSlotSource = 1,
  kSlotLanguage = 2,
  kSlotPersons = 3,
  kSlotOrgs = 4,
  kSlotPlaces = 5,
  kSlotCountries = 6,
};

/// How a field is searched.
enum class FieldKind {
  kFreeText,  ///< words, phrases, stemmed (title:)
  kBoolean,   ///< exact filter term, value folded (source:, lang:)
  kEntity,    ///< entity filter; values resolve to canonical keys (person:)
  kDate,      ///< date range over kSlotPublished (date:)
};

/// One searchable field: the name users type and how it maps to the index.
struct Field {
  const char* name;    ///< as typed in queries, "title", "person"
  const char* prefix;  ///< term prefix; "" for date
  FieldKind kind;
  Xapian::valueno slot;  ///< packed-value slot for facets; Xapian::BAD_VALUENO if none
};

/// The field table, in the order facets are listed. The query parser,
/// the indexer and facet counting all read it.
inline const Field kFields[] = {
    {"title", kPrefixTitle, FieldKind::kFreeText, Xapian::BAD_VALUENO},
    {"person", kPrefixPerson, FieldKind::kEntity, kSlotPersons},
    {"org", kPrefixOrg, FieldKind::kEntity, kSlotOrgs},
    {"place", kPrefixPlace, FieldKind::kEntity, kSlotPlaces},
    {"country", kPrefixCountry, FieldKind::kEntity, kSlotCountries},
    // A person or an organization: resolves over both prefixes.
    {"actor", "", FieldKind::kEntity, Xapian::BAD_VALUENO},
    {"source", kPrefixSource, FieldKind::kBoolean, kSlotSource},
    {"lang", kPrefixLanguage, FieldKind::kBoolean, kSlotLanguage},
    {"author", kPrefixAuthor, FieldKind::kBoolean, Xapian::BAD_VALUENO},
    {"id", kPrefixId, FieldKind::kBoolean, Xapian::BAD_VALUENO},
    {"date", "", FieldKind::kDate, kSlotPublished},
};

/// The field called name, or nullptr.
[[nodiscard]] const Field* find_field(std::string_view name);

/// Packs display values into one value-slot string (separator 0x1f, a
/// character that never occurs in folded text). Empty strings are skipped.
[[nodiscard]] std::string pack_values(const std::vector<std::string>& values);

/// Calls fn(std::string_view) for each value packed by pack_values().
template <typename Fn>
void for_each_packed(std::string_view packed, Fn&& fn) {
  std::size_t start = 0;
  while (start < packed.size()) {
    std::size_t end = packed.find('\x1f', start);
    if (end == std::string_view::npos) end = packed.size();
    if (end > start) fn(packed.substr(start, end - start));
    start = end + 1;
  }
}

/// Throws dateline::Error unless db carries kSchemaVersion (an empty
/// database is fine).
void check_version(const Xapian::Database& db, const std::string& path);

}  // namespace dateline::schema
