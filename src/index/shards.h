#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dateline::index {

// Time-sharded index layout. A sharded index directory DIR holds one Xapian
// database per period under DIR/shards/ ("2024", "2024-03", and "undated"
// for articles without a date) and a Xapian stub file DIR/XAPIANDB listing
// them ("auto shards/2024"), so Xapian::Database(DIR) opens them all as one
// database. The stub's first line, a comment, names the mode
// ("# dateline shard-by: year"); each shard also records it in its metadata
// (kShardByKey). The stub is only ever replaced whole (written beside,
// synced, renamed), so a reader sees the old list or the new one.

/// How articles are spread over databases. DO NOT change the names: they
/// are stored in the stub and in each shard's metadata.
enum class ShardBy { kNone, kYear, kMonth };

/// Metadata key holding a shard's mode ("year" or "month").
inline constexpr const char* kShardByKey = "dateline.shard_by";

/// "none", "year" or "month".
[[nodiscard]] const char* shard_by_name(ShardBy mode);

/// Parses "none", "year" or "month"; nullopt for anything else.
[[nodiscard]] std::optional<ShardBy> parse_shard_by(const std::string& name);

/// The shard an article belongs to: "YYYY" or "YYYY-MM" of its UTC date,
/// "undated" without one. mode must not be kNone.
[[nodiscard]] std::string shard_period(ShardBy mode, const std::optional<std::int64_t>& published);

/// True when name could be a period of mode (a shard directory's name).
[[nodiscard]] bool is_shard_period(ShardBy mode, const std::string& name);

/// The mode of the sharded index at dir, from its stub; kNone when dir
/// holds no sharded index (a single index, nothing, or no directory).
[[nodiscard]] ShardBy sharded_mode(const std::string& dir);

/// The periods dir's stub lists, in stub order.
[[nodiscard]] std::vector<std::string> stub_periods(const std::string& dir);

/// The directory of one shard: DIR/shards/PERIOD.
[[nodiscard]] std::string shard_path(const std::string& dir, const std::string& period);

/// Replaces dir's stub with one listing periods (sorted, "undated" last)
/// under mode: written beside, fsynced, renamed over the old one, and the
/// directory synced. Throws dateline::Error naming the file on failure.
void write_shard_stub(const std::string& dir, ShardBy mode, const std::vector<std::string>& periods);

/// Where `dateline-index compact` writes a shard's compacted copy (fresh:
/// DIR/shards/.PERIOD.new) or sets the old shard aside (.PERIOD.old),
/// beside the shard; never a period's name, so no run takes it for one.
[[nodiscard]] std::string compaction_copy(const std::string& shard, bool fresh);

/// Removes the copies compaction_copy() names that a killed
/// `dateline-index compact` left beside the shards. Call with the
/// ShardLock held.
void remove_compaction_copies(const std::string& dir);

/// Holds an exclusive lock on a sharded index directory (flock on
/// DIR/dateline.lock) for its lifetime, so two runs never write one
/// directory's shards at once. Each shard also has Xapian's own lock.
class ShardLock {
 public:
  /// Creates dir if needed and takes the lock without waiting. Throws
  /// dateline::Error if another run holds it or the file cannot be opened.
  explicit ShardLock(const std::string& dir);
  ~ShardLock();
  ShardLock(const ShardLock&) = delete;
  ShardLock& operator=(const ShardLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace dateline::index
