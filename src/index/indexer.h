#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "article/article.h"
#include "index/shards.h"
#include "ingest/reader.h"

namespace dateline::index {

/// Fills in an article's entities; called on worker threads, so it must be
/// thread safe. An empty function means "no entities".
using Annotator = std::function<article::Entities(const article::Article&)>;

struct IndexerOptions {
  std::string db_path;
  /// Articles per Xapian commit. Smaller batches keep memory low and were
  /// faster on Reuters-21578 than Xapian's default of 10,000.
  std::size_t batch_size = 1000;
  /// Worker threads for analysis and entity extraction; 0 = all cores.
  unsigned threads = 0;
  /// Writers for a first build. Xapian has one writer per database, and
  /// it is the bottleneck (about 80% of indexing CPU), so when the index is
  /// empty the indexer can write this many shards at once, routed by id,
  /// and merge them with Xapian's compactor at finish(). 0 = one per core
  /// (at most 4); 1 = write the index directly. An index that already holds
  /// articles is always written directly.
  unsigned shards = 0;
  /// Cluster near-duplicate articles into stories (see index/stories.h).
  bool stories = true;
  /// Articles of this run that a new article is compared with (the most
  /// recent ones in input order); earlier articles are found through the
  /// index. Copies of a wire story arrive within days, and this bounds the
  /// clusterer's memory as the archive grows: about 1.5 KB an article
  /// (Reuters-21578 peaked 33 MB higher with stories), so 300 MB at most.
  std::size_t story_window = 200000;
  /// Time sharding (see index/shards.h): kYear or kMonth keeps one
  /// database per period under db_path, written in parallel, one writer
  /// per open shard; kNone a single index. Unset keeps the layout db_path
  /// already has (a single index when it is new). A mode that contradicts
  /// db_path's (a single index asked for year shards, a year-sharded one
  /// for months or none) is refused. `shards` does not apply to a
  /// time-sharded index.
  std::optional<ShardBy> shard_by;
  Annotator annotator;
};

/// Counts of one indexing run.
struct IndexStats {
  std::size_t added = 0;     ///< new articles
  std::size_t replaced = 0;  ///< articles whose id was already indexed
  std::size_t skipped = 0;   ///< bad input records (reported to the sink)
  std::size_t failed = 0;    ///< records that could not be written
  /// Articles that joined the story of an earlier article (near-duplicates).
  std::size_t joined_story = 0;
  double seconds = 0;
  /// CPU seconds the worker threads spent annotating articles (entity
  /// extraction) and building Xapian documents (analysis, terms).
  double annotate_cpu_seconds = 0;
  double build_cpu_seconds = 0;
  /// CPU seconds of the writer threads (Xapian), and the wall time of
  /// merging shards at the end (0 when writing directly).
  double write_cpu_seconds = 0;
  double merge_seconds = 0;
};

/// Writes articles into a Xapian database: worker threads annotate and
/// build documents, one writer replaces them by id in input order and
/// commits every batch_size articles and at finish(). On an empty index
/// several shard writers may run at once (see IndexerOptions::shards); the
/// index then appears whole at finish(). Indexing the same
/// article id again replaces it. Not thread safe itself: one thread calls
/// add() and finish().
class Indexer {
 public:
  /// Opens or creates the database. Throws dateline::Error (path named)
  /// if it cannot be opened, is locked by another writer, or has another
  /// schema version.
  explicit Indexer(IndexerOptions options);
  ~Indexer();

  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

  /// Queues one record. Blocks while the queue is full. Throws
  /// dateline::Error naming the index and the reason ("No space left on
  /// device") once a writer has failed in a way that stops indexing; the
  /// index then holds what its last commit held (the failed batch is
  /// cancelled, a sharded first build leaves the empty index and no shards).
  void add(ingest::Record&& record);

  /// Waits for every queued record, commits, stops the threads and returns
  /// the counts (skipped is left for the caller to fill in). Throws
  /// dateline::Error (as add() does) if a write, the final commit or the
  /// merge of shards fails; the index is then left as at its last commit.
  IndexStats finish();

  /// Articles written so far (for progress lines); thread safe.
  [[nodiscard]] std::size_t written() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Deletes articles by id and commits, from whichever shard holds each one
/// when db_path is time-sharded. Returns the ids that were not found.
/// Throws dateline::Error if the database (or a shard) cannot be opened.
std::vector<std::string> delete_articles(const std::string& db_path, const std::vector<std::string>& ids);

}  // namespace dateline::index
