#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "article/article.h"
#include "search/facets.h"
#include "search/query_parser.h"
#include "search/snippet.h"

namespace dateline::search {

enum class SortOrder { kRelevance, kNewest, kOldest, kRecent };

/// Parses "relevance", "newest", "oldest" or "recent"; throws InputError
/// (field "sort") otherwise.
[[nodiscard]] SortOrder parse_sort(std::string_view s);
[[nodiscard]] const char* sort_name(SortOrder s);

/// Everything a search needs; the query tool and the HTTP server fill it.
struct SearchRequest {
  std::string query;
  bool any = false;  ///< words ORed instead of ANDed
  /// Filters from flags or URL parameters: (field name, value), value may
  /// hold commas (either). Same field twice means both.
  std::vector<std::pair<std::string, std::string>> filters;
  std::string from;  ///< date or period, inclusive; empty = open
  std::string to;
  SortOrder sort = SortOrder::kRelevance;
  double half_life_days = 30;  ///< for SortOrder::kRecent
  std::size_t limit = 10;
  std::size_t offset = 0;
  bool snippets = true;
  /// Facets to count: any of person, org, place, country, source, lang.
  std::vector<std::string> facets;
  std::size_t facet_size = 10;
  /// Count facets and the timeline over the first this many matches (in
  /// index order; 0: count all, exact). When the cap is below the number
  /// of matches, facets_exact is false and facets_counted tells how many.
  std::size_t facet_cap = 0;
  /// "", "day", "month", "year" or "auto".
  std::string timeline;
  /// Suggest a spelling correction when a word is not in the index.
  bool spelling = true;
  /// Count every match so "total" is exact. When false and there are no
  /// facets or timeline, the matcher may stop early (total an estimate).
  bool exact_total = true;
};

/// Facet names a request may ask for.
inline const std::vector<std::string> kFacetNames = {"person", "org", "place", "country", "source", "lang"};

struct Hit {
  std::string id;
  std::string title;
  std::string date;  ///< ISO 8601 UTC, empty if undated
  std::string source;
  std::string url;
  double score = 0;
  std::vector<SnippetPart> snippet;
  unsigned docid = 0;
};

struct SearchResult {
  std::string query;
  std::size_t total = 0;
  bool total_exact = true;
  std::size_t offset = 0;
  std::size_t limit = 0;
  double took_ms = 0;
  std::vector<Hit> hits;
  std::vector<AppliedFilter> filters;
  std::vector<std::string> notes;
  /// (facet name, top values), in the order requested.
  std::vector<std::pair<std::string, std::vector<FacetValue>>> facets;
  bool facets_exact = true;
  /// The matches the facets and timeline were counted over: total, or
  /// fewer when facet_cap stopped the counting.
  std::size_t facets_counted = 0;
  std::vector<TimelineBucket> timeline;
  std::string timeline_unit;  ///< the unit used ("auto" resolved)
  std::string corrected_query;  ///< empty unless a word was corrected
};

/// A search-box completion.
struct Suggestion {
  std::string text;   ///< display form ("Ronald Reagan")
  std::string kind;   ///< "person", "org", "place", "country" or "word"
  std::uint64_t count = 0;  ///< articles
};

/// Country names for filters and labels, supplied by the tools from the
/// gazetteer (search does not depend on entities).
struct CountryNames {
  /// ISO codes a typed value means ("iran", "IR", "Iranian" -> {"IR"});
  /// empty when unknown.
  std::function<std::vector<std::string>(std::string_view)> codes;
  /// The display name of a code ("IR" -> "Iran"); empty when unknown.
  std::function<std::string(std::string_view)> label;
};

/// Index statistics, for `dateline-query stats`.
struct IndexStatsInfo {
  std::uint64_t articles = 0;
  std::uint64_t undated = 0;
  std::string first_date;  ///< ISO 8601, empty when no dated article
  std::string last_date;
  std::uint64_t size_bytes = 0;
  int schema_version = 0;
  std::string path;
};

/// Read-only access to an index. One Searcher per thread: Xapian database
/// handles are not thread safe.
class Searcher {
 public:
  /// Opens the index read-only. Throws dateline::Error naming the path if
  /// it does not exist, is not a Xapian database, or has another schema.
  explicit Searcher(std::string db_path);
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;

  /// Sets how country values resolve and are labelled. Without it only
  /// two-letter codes work.
  void set_country_names(CountryNames names);

  /// Completions for a search box from persons, organizations, places,
  /// countries and title words, most frequent first.
  [[nodiscard]] std::vector<Suggestion> suggest(std::string_view prefix, std::size_t limit = 10);

  /// The articles most like the article id (excluding it), best first.
  /// nullopt if the id is unknown.
  [[nodiscard]] std::optional<SearchResult> related(const std::string& id, std::size_t limit = 10);

  /// Runs a search. Throws QuerySyntaxError or InputError for bad input
  /// (the caller maps them to exit status 2 or HTTP 400).
  [[nodiscard]] SearchResult search(const SearchRequest& request);

  /// Calls fn with every article matching request (its query, filters and
  /// dates; sort, offset, limit and facets are ignored), oldest first,
  /// undated last, ties in indexing order.
  /// Returns the number of articles. Throws like search().
  std::size_t for_each_match(const SearchRequest& request,
                             const std::function<void(const article::Article&)>& fn);

  /// The stored article with this id, or nullopt.
  [[nodiscard]] std::optional<article::Article> get(const std::string& id);

  [[nodiscard]] IndexStatsInfo stats();

  /// When to count facets and timelines from in-memory facet columns
  /// (FacetColumns) rather than by reading value slots per match.
  enum class FacetColumnsMode {
    /// Once the matches counted since the index was (re)opened add up to
    /// the archive's size, i.e. once reading the columns has paid for
    /// itself: long-running searchers (serve, batch) get them, a one-off
    /// search never pays for them.
    kAuto,
    kAlways,  ///< from the first facet request
    kNever,
  };
  void set_facet_columns(FacetColumnsMode mode);
  /// Reads the facet columns now (unless the mode is kNever), e.g. when a
  /// server starts. Searchers of the same index revision in one process
  /// share them. Throws dateline::Error.
  void load_facet_columns();
  /// Bytes held by the facet columns (0 if not loaded).
  [[nodiscard]] std::size_t facet_columns_bytes() const;

  /// Picks up changes committed since the index was opened. Returns true
  /// if anything changed (the facet columns are then dropped).
  bool reopen();

  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline::search
