#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::article {

/// A place mention resolved as far as the gazetteer allows.
struct Place {
  std::string name;     ///< display name ("São Paulo", "Texas", "Iran")
  std::string kind;     ///< "country", "region", "city" or "unresolved"
  std::string country;  ///< ISO 3166-1 alpha-2, empty when unresolved

  bool operator==(const Place&) const = default;
};

/// Where a story says it was filed: the opening "CAMBRIDGE, Mass., March 3 -"
/// of a wire story, or an input's own dateline field.
struct Dateline {
  std::string text;  ///< the dateline as written ("CAMBRIDGE, Mass., March 3 -")
  Place place;       ///< the place it names, resolved as far as the gazetteer allows

  bool operator==(const Dateline&) const = default;
};

/// Entities found in one article, display forms, each listed once.
struct Entities {
  std::vector<std::string> persons;
  std::vector<std::string> organizations;
  std::vector<Place> places;
  std::vector<std::string> countries;  ///< ISO 3166-1 alpha-2, upper case: every country mentioned
  std::optional<Dateline> dateline;    ///< empty when the article has none
  /// The countries the article is about (ISO codes, upper case, most
  /// central first): a subset of countries.
  std::vector<std::string> focus_countries;

  bool empty() const {
    return persons.empty() && organizations.empty() && places.empty() && countries.empty() && !dateline &&
           focus_countries.empty();
  }
};

/// One news article, the unit dateline indexes. A plain value type: no I/O.
struct Article {
  std::string id;  ///< stable id; see assign_id()
  std::string title;
  std::string standfirst;  ///< summary line under the headline; may be empty
  std::string body;
  std::string source;
  std::string url;
  std::string language;  ///< BCP 47 tag as given ("en", "fr"); may be empty
  /// True when the input declared no language and `language` is what the
  /// indexer's detector found (a lower-case primary subtag).
  bool language_detected = false;
  std::vector<std::string> authors;
  /// Publication time, seconds since 1970-01-01 UTC; empty when undated.
  std::optional<std::int64_t> published;
  /// Fields of the input record that dateline does not interpret, as
  /// (key, JSON text of the value) pairs, kept in the stored article.
  std::vector<std::pair<std::string, std::string>> extra;
  Entities entities;
};

/// Sets a.id when empty: the URL if any, else "h" + a hash of source, title
/// and published date. Deterministic, so re-indexing replaces the article.
void assign_id(Article& a);

/// "c" + a hash of source, title, published date and the whole body: the
/// fallback id of readers whose format has no id of its own and whose
/// titles repeat across articles (pages, feed items), so two different
/// articles never replace each other while a re-read of the same one does.
[[nodiscard]] std::string content_id(const Article& a);

/// Returns an error message when the article cannot be indexed (neither
/// title nor body), or an empty string when it is fine.
[[nodiscard]] std::string validate(const Article& a);

}  // namespace dateline::article
