#pragma once

// The dateline index schema: every term prefix and value slot lives here.
//
// Here is the schema of a dateline index (a Xapian database). Every prefix
// and slot below has one row in kFields, with flags saying who reads and
// writes it.
//
// Each article is one document. Its data is the stored article as a JSON
// object (see article/article_json.h): every field the input gave, plus the
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
//   XH:          character pairs of Han words ("北京市" -> "北京", "京市"),
//                so Chinese typed without spaces matches however ICU cut
//                the text (see terms.h)
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
//   XDATELINE:   the matching key of the place the article was filed from
//                (its dateline, "cambridge"); its country is a XCOUNTRY:
//                term too
//   XFOCUS:      the code of a country the article is about (its focus
//                countries, see entities/focus.h), a subset of XCOUNTRY:
//   XSTORY:      the article's story id, exactly as given: the id of the
//                first article of its cluster of near-duplicates (copies of
//                one wire story); every article has one, its own id when it
//                has no copies. A story's size is this term's frequency.
//   XLSH:        the locality-sensitive hash keys of the article's MinHash
//                signature (one per band), which find the candidates a new
//                article may copy, in this run's index and in earlier ones
//
// Value slots:
//   kSlotPublished  sortable_serialise(seconds since epoch, UTC)
//   kSlotSource     the source as given (display form)
//   kSlotLanguage   the language tag as given
//   kSlotPersons, kSlotOrgs, kSlotPlaces, kSlotCountries, kSlotDateline,
//   kSlotFocus      the entity display names of the article, packed with
//                   pack_values(), which facet counting reads
//   kSlotStory      the story id (as the XSTORY: term), the collapse key
//   kSlotSignature  the MinHash signature of the body's shingles (binary),
//                   which verifies a candidate copy at index time
//   kSlotOrder      order_key(): the date in fixed width, then the id; the
//                   tie-break of ranking by relevance, so exactly tied hits
//                   come in one order whatever the shard layout (an index
//                   written before it existed falls back to kSlotPublished)
//
// Metadata: "dateline.schema" holds kSchemaVersion as decimal text. An
// index with another version is refused; re-index it.

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline::schema {

// DO NOT change prefixes or slot numbers: they are stored in every index.
// Bump kSchemaVersion and re-index instead.
inline constexpr int kSchemaVersion = 3;
inline constexpr const char* kSchemaKey = "dateline.schema";

// DO NOT CHANGE THESE ENUM VALUES: they are embedded in the on-disk data.
enum Slot : Xapian::valueno {
  kSlotPublished = 0,
  kSlotSource = 1,
  kSlotLanguage = 2,
  kSlotPersons = 3,
  kSlotOrgs = 4,
  kSlotPlaces = 5,
  kSlotCountries = 6,
  kSlotDateline = 7,
  kSlotFocus = 8,
  kSlotStory = 9,
  kSlotSignature = 10,
  kSlotOrder = 11,
};

/// How a field is searched.
enum class FieldKind {
  kFreeText,  ///< words, phrases, stemmed (title:)
  kBoolean,   ///< exact filter term, value folded (source:, lang:)
  kEntity,    ///< entity filter; values resolve to canonical keys (person:)
  kDate,      ///< date range over kSlotPublished (date:), or a date term
};

/// Names every row of kFields; a row's position in kFields is its id.
enum class FieldId {
  kTitle,
  kBody,
  kStem,
  kTitleStem,
  kHanBigram,
  kPerson,
  kOrg,
  kPlace,
  kCountry,
  kDateline,
  kFocus,
  kActor,
  kSource,
  kLanguage,
  kAuthor,
  kId,
  kDate,
  kDay,
  kMonth,
  kYear,
  kUndated,
  kStory,
  kStoryBand,
};

/// What a row is and who reads it (or'ed together in Field::flags).
enum FieldFlag : unsigned {
  /// Typed in queries and filters as "name:" (find_field() finds it).
  kTyped = 1u << 0,
  /// Its terms carry positions (phrase search).
  kPositional = 1u << 1,
  /// Counted as a facet over its slot, which holds pack_values() of the
  /// article's display values.
  kFacet = 1u << 2,
  /// Completed by Searcher::suggest().
  kSuggestible = 1u << 3,
  /// Filled by the document builder from the article's values of this
  /// field: a boolean term of each folded value (kCode: as given), and the
  /// packed display values in its slot.
  kArticleValues = 1u << 4,
  /// Values are ISO 3166-1 alpha-2 codes in upper case, resolved and
  /// labelled through country names (country:).
  kCode = 1u << 5,
  /// "actor:" searches it (persons and organizations).
  kInActor = 1u << 6,
  /// Spans the rows flagged kInActor instead of a prefix of its own.
  kActorField = 1u << 7,
  /// A short value may be an acronym of its multi-word names ("who" ->
  /// "world health organization").
  kAcronyms = 1u << 8,
  /// Archive-wide aliases (see search::KeyAliases): a surname alone stands
  /// for the favourite full name ending in it.
  kSurnameAliases = 1u << 9,
  /// Names differing only by legal forms ("Texaco Inc") are one value.
  kLegalFormAliases = 1u << 10,
  /// A bare name stands for its favourite qualified form ("washington" ->
  /// "washington, d.c.").
  kQualifierAliases = 1u << 11,
};

/// One row of the schema: a term prefix and/or a value slot, and what
/// reads and writes it.
struct Field {
  FieldId id;
  const char* name;    ///< as typed in queries ("title", "person"), or a row's name
  const char* prefix;  ///< term prefix; "" for body words, date and actor
  FieldKind kind;
  unsigned flags;        ///< FieldFlag values
  Xapian::valueno slot;  ///< value slot; Xapian::BAD_VALUENO if none

  [[nodiscard]] constexpr bool has(FieldFlag f) const { return (flags & f) != 0; }
};

inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

/// THE table: every prefix and slot of the index, in FieldId order (facets
/// are listed in this order). The document builder, the query parser,
/// filter resolution, facet counting and suggestions loop over it.
inline constexpr Field kFields[] = {
    {FieldId::kTitle, "title", "S", FieldKind::kFreeText, kTyped | kPositional | kSuggestible, kNoSlot},
    {FieldId::kBody, "body", "", FieldKind::kFreeText, kPositional, kNoSlot},
    {FieldId::kStem, "stem", "Z", FieldKind::kFreeText, 0, kNoSlot},
    {FieldId::kTitleStem, "title_stem", "ZS", FieldKind::kFreeText, 0, kNoSlot},
    {FieldId::kHanBigram, "han_bigram", "XH:", FieldKind::kFreeText, 0, kNoSlot},
    {FieldId::kPerson, "person", "XPERSON:", FieldKind::kEntity,
     kTyped | kFacet | kSuggestible | kArticleValues | kInActor | kSurnameAliases, kSlotPersons},
    {FieldId::kOrg, "org", "XORG:", FieldKind::kEntity,
     kTyped | kFacet | kSuggestible | kArticleValues | kInActor | kAcronyms | kLegalFormAliases, kSlotOrgs},
    {FieldId::kPlace, "place", "XPLACE:", FieldKind::kEntity,
     kTyped | kFacet | kSuggestible | kArticleValues | kQualifierAliases, kSlotPlaces},
    {FieldId::kCountry, "country", "XCOUNTRY:", FieldKind::kEntity,
     kTyped | kFacet | kSuggestible | kArticleValues | kCode, kSlotCountries},
    {FieldId::kDateline, "dateline", "XDATELINE:", FieldKind::kEntity,
     kTyped | kFacet | kSuggestible | kArticleValues | kQualifierAliases, kSlotDateline},
    {FieldId::kFocus, "focus", "XFOCUS:", FieldKind::kEntity, kTyped | kFacet | kArticleValues | kCode,
     kSlotFocus},
    {FieldId::kActor, "actor", "", FieldKind::kEntity, kTyped | kActorField, kNoSlot},
    {FieldId::kSource, "source", "XSOURCE:", FieldKind::kBoolean, kTyped | kFacet | kArticleValues,
     kSlotSource},
    {FieldId::kLanguage, "lang", "L", FieldKind::kBoolean, kTyped | kFacet | kArticleValues, kSlotLanguage},
    {FieldId::kAuthor, "author", "A", FieldKind::kBoolean, kTyped | kArticleValues, kNoSlot},
    {FieldId::kId, "id", "Q", FieldKind::kBoolean, kTyped, kNoSlot},
    {FieldId::kDate, "date", "", FieldKind::kDate, kTyped, kSlotPublished},
    {FieldId::kDay, "day", "D", FieldKind::kDate, 0, kNoSlot},
    {FieldId::kMonth, "month", "M", FieldKind::kDate, 0, kNoSlot},
    {FieldId::kYear, "year", "Y", FieldKind::kDate, 0, kNoSlot},
    {FieldId::kUndated, "undated", "XUNDATED:", FieldKind::kDate, 0, kNoSlot},
    {FieldId::kStory, "story", "XSTORY:", FieldKind::kBoolean, kTyped, kSlotStory},
    {FieldId::kStoryBand, "story_band", "XLSH:", FieldKind::kBoolean, 0, kSlotSignature},
};

/// The row of id.
[[nodiscard]] constexpr const Field& field(FieldId id) { return kFields[static_cast<std::size_t>(id)]; }

/// The term prefix of id's row.
[[nodiscard]] constexpr const char* prefix(FieldId id) { return field(id).prefix; }

namespace internal {
constexpr bool rows_in_id_order() {
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    if (static_cast<std::size_t>(kFields[i].id) != i) return false;
  }
  return std::size(kFields) == static_cast<std::size_t>(FieldId::kStoryBand) + 1;
}
}  // namespace internal
static_assert(internal::rows_in_id_order(), "kFields rows must follow FieldId order");

/// The single term on every undated article ("XUNDATED:1").
inline const std::string kTermUndated = std::string(prefix(FieldId::kUndated)) + "1";

/// The row typed in queries as name (flag kTyped), or nullptr.
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
