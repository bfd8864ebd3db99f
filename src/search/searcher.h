#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "article/article.h"
#include "search/options.h"
#include "search/shards.h"
#include "search/types.h"

namespace dateline::search {

/// Read-only access to an index. One Searcher per thread: Xapian database
/// handles are not thread safe.
class Searcher {
 public:
  /// Opens the index read-only: a database, a directory of shards with its
  /// XAPIANDB stub, or a stub file. Throws dateline::Error naming the path if
  /// it does not exist, is not a Xapian database, or has another schema.
  /// When the stub names remote shards (search/shards.h), each is opened
  /// with shards' time-out; one that does not answer throws
  /// ShardUnavailableError naming it, unless shards.allow_partial, which
  /// leaves it out (and search() says so). Facets and timelines are then
  /// counted with Xapian's built-in spies, the only ones xapian-tcpsrv runs.
  explicit Searcher(std::string db_path, ShardOptions shards = {});
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

  /// The story id names (an article's id or a story id; see find_story in
  /// search/stories.h) with its versions by date, at most limit of them
  /// (size tells how many there are), or nullopt if there is none.
  [[nodiscard]] std::optional<StoryInfo> story(const std::string& id, std::size_t limit = 1000);

  /// The story (id and size, no versions) of the article with this id, or
  /// nullopt if there is no such article or it has no story id.
  [[nodiscard]] std::optional<StoryInfo> article_story(const std::string& id);

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

  /// Whether later calls may answer from the shards that answer when some
  /// remote shard does not (per request in serve). A shard failing during
  /// a call is then left out and the call run again; without it the call
  /// throws ShardUnavailableError. Either way the next call tries the
  /// shards left out again, so a server that comes back is used again.
  void set_allow_partial(bool allow);

  /// True if any shard is remote (counting is then "stock").
  [[nodiscard]] bool remote() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline::search
