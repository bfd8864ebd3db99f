#pragma once

// Compaction of an index with Xapian's compactor. An index grown by
// incremental runs (and every shard of --shard-by, which is never merged)
// holds half-full blocks; compaction rewrites it densely, with the same
// documents, docids, terms and metadata, and readers see the old database
// or the new one, never a mix.

#include <cstdint>
#include <string>
#include <vector>

namespace dateline::index {

/// One database compacted: its path and its size on disk around it.
struct CompactedDatabase {
  std::string path;
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
};

/// Compacts the index at db_path:
/// - a single index into a new generation directory, made current by
///   replacing its stub (see index/layout.h), the old one then removed;
/// - a sharded index shard by shard (only the given periods when periods
///   is not empty), each written beside the shard as DIR/shards/.PERIOD.new
///   and swapped with it in one rename (renameat2 RENAME_EXCHANGE; two
///   renames where the filesystem cannot), the old one then removed.
/// Holds the index's lock throughout, as an indexing run does; readers
/// (serve, xapian-tcpsrv) reopen on their next request. A replica made
/// with xapian-replicate takes a full copy after its master is compacted.
/// Throws InputError (field "period") naming the path when a period is not
/// one of its shards or the index is not sharded, and dateline::Error
/// naming the path when there is no index there or the compacted copy
/// cannot be written; a failed database is left as it was.
std::vector<CompactedDatabase> compact_index(const std::string& db_path,
                                             const std::vector<std::string>& periods);

}  // namespace dateline::index
