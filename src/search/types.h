#pragma once

// The request and result types of a search: what the query tool, the HTTP
// handlers and the JSON printer see. No Xapian here (searcher.h, which
// includes this, holds the Searcher behind a pointer).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search/snippet.h"

namespace dateline::search {

enum class SortOrder { kRelevance, kNewest, kOldest, kRecent };

/// One filter that was applied, for reports ("country:iran" -> IR).
struct AppliedFilter {
  std::string field;
  std::string value;
  std::vector<std::string> matched;  ///< labels of what the value matched
};

/// One facet value with its count over all matching articles.
struct FacetValue {
  std::string value;  ///< what a filter takes to select it ("IR", "Donald Trump")
  std::string label;  ///< what people read ("Iran", "Donald Trump")
  std::uint64_t count = 0;
};

/// One bar of a timeline.
struct TimelineBucket {
  std::string date;  ///< "2026-02-06", "2026-02" or "2026"
  std::uint64_t count = 0;
};

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
  /// Facets to count: any of person, org, place, country, focus, source,
  /// lang.
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
  /// One hit per story (Xapian collapse on the story id): the best-ranked
  /// version, with the story's other versions; total counts stories.
  bool collapse_story = false;
  /// Facets and the timeline count each story once instead of each article
  /// (see SearchResult::facets_by_story).
  bool facet_by_story = false;
};

/// Facet names a request may ask for.
inline const std::vector<std::string> kFacetNames = {"person",   "org",   "place",  "country",
                                                     "dateline", "focus", "source", "lang"};

/// The most other versions a collapsed hit lists (StoryInfo::size tells
/// how many there are).
inline constexpr std::size_t kMaxListedVersions = 20;

/// One version (article) of a story.
struct StoryVersion {
  std::string id;
  std::string date;  ///< ISO 8601 UTC, empty if undated
  std::string source;
  std::string title;
};

/// The story (cluster of near-duplicate copies) an article belongs to.
struct StoryInfo {
  std::string id;          ///< the id of the story's first article
  std::uint64_t size = 0;  ///< articles in the story, this one included
  /// Other versions, oldest first, undated last; filled only for collapsed
  /// hits and the story command, and capped (size tells the total).
  std::vector<StoryVersion> versions;
};

struct Hit {
  std::string id;
  std::string title;
  std::string date;  ///< ISO 8601 UTC, empty if undated
  std::string source;
  std::string url;
  double score = 0;
  std::vector<SnippetPart> snippet;
  unsigned docid = 0;
  bool has_story = false;  ///< false for an article without a story id
  StoryInfo story;
};

/// How the shards of an archive answered a search.
struct ShardsInfo {
  std::size_t total = 0;            ///< shards in the archive (0 or 1: one database)
  std::vector<std::string> failed;  ///< names of the shards that did not answer
};

struct SearchResult {
  std::string query;
  /// Matching articles, or matching stories when collapsed_by_story.
  std::size_t total = 0;
  bool total_exact = true;
  bool collapsed_by_story = false;
  /// Facet and timeline counts are of stories: a story counts for a facet
  /// value if any of its matching versions has it, and on the timeline once,
  /// on the earliest day among its matching versions.
  bool facets_by_story = false;
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
  std::string timeline_unit;    ///< the unit used ("auto" resolved)
  std::string corrected_query;  ///< empty unless a word was corrected
  /// How facets and the timeline were counted when asked for: "local" (our
  /// match spies) or "stock" (Xapian's built-in ones, over remote shards).
  std::string counting;
  ShardsInfo shards;
};

/// A search-box completion.
struct Suggestion {
  std::string text;         ///< display form ("Ronald Reagan")
  std::string kind;         ///< "person", "org", "place", "country", "dateline" or "word"
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
  bool size_known = true;  ///< false when a shard is remote: its files are not here
  std::size_t shards = 0;  ///< the databases a stub lists (0 or 1: a single database)
  std::size_t remote_shards = 0;
  int schema_version = 0;
  std::string path;
};

}  // namespace dateline::search
