#include "index/compact.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>

#include <xapian.h>

#include "index/layout.h"
#include "index/shards.h"
#include "index/stub_file.h"
#include "util/error.h"
#include "util/files.h"

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

// Writes src compacted to dest (same docids), removing dest on failure.
void compact_to(const std::string& src, const fs::path& dest) {
  try {
    Xapian::Database db(src);
    db.compact(dest.string(), Xapian::DBCOMPACT_NO_RENUMBER);
  } catch (const Xapian::Error& e) {
    std::error_code ec;
    fs::remove_all(dest, ec);
    throw Error(src + ": cannot compact: " + write_failure(e, dest.string()));
  }
}

// Puts fresh in shard's place and the old shard at fresh's path: one
// rename where the filesystem can exchange two names, so a reader opening
// the shard always finds one; else two, with the old one put back if the
// second fails.
void swap_in(const fs::path& shard, const fs::path& fresh) {
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, shard.c_str(), RENAME_EXCHANGE) == 0) return;
  if (errno != EINVAL && errno != ENOSYS) {
    throw Error(shard.string() + ": cannot swap in the compacted copy: " + std::strerror(errno));
  }
  const fs::path aside = compaction_copy(shard.string(), /*fresh=*/false);
  std::error_code ec;
  fs::rename(shard, aside, ec);
  if (ec) throw Error(shard.string() + ": cannot swap in the compacted copy: " + ec.message());
  fs::rename(fresh, shard, ec);
  if (ec) {
    std::error_code back;
    fs::rename(aside, shard, back);
    throw Error(shard.string() + ": cannot swap in the compacted copy: " + ec.message());
  }
  fs::rename(aside, fresh, ec);  // the caller removes what is at fresh
}

std::vector<CompactedDatabase> compact_shards(const fs::path& dir, const std::vector<std::string>& asked) {
  ShardLock lock(dir.string());
  const std::vector<std::string> listed = stub_periods(dir.string());
  for (const std::string& p : asked) {
    if (std::find(listed.begin(), listed.end(), p) == listed.end()) {
      throw InputError(dir.string(), 0, "no shard for period '" + p + "'", "period");
    }
  }
  remove_compaction_copies(dir.string());
  std::error_code ec;
  std::vector<CompactedDatabase> out;
  for (const std::string& period : listed) {
    if (!asked.empty() && std::find(asked.begin(), asked.end(), period) == asked.end()) continue;
    const fs::path shard = shard_path(dir.string(), period);
    const fs::path fresh = compaction_copy(shard.string(), /*fresh=*/true);
    CompactedDatabase c{shard.string(), util::bytes_under(shard), 0};
    compact_to(shard.string(), fresh);
    swap_in(shard, fresh);
    fs::remove_all(fresh, ec);
    sync_dir(shard.parent_path());
    c.bytes_after = util::bytes_under(shard);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::vector<CompactedDatabase> compact_index(const std::string& db_path,
                                             const std::vector<std::string>& periods) {
  const fs::path dir = index_dir(db_path);
  if (sharded_mode(dir.string()) != ShardBy::kNone) return compact_shards(dir, periods);
  std::error_code ec;
  const bool plain = fs::exists(dir / kGlassVersion, ec);
  if (!plain && stub_target(dir).empty()) throw Error(dir.string() + ": no dateline index here");
  if (!periods.empty())
    throw InputError(dir.string(), 0, "not a sharded index; --period applies to shards", "period");
  // The writer's lock, held until the new generation is current.
  Xapian::WritableDatabase lock = open_writable(dir.string());
  remove_leftovers(dir);
  CompactedDatabase c{dir.string(), util::bytes_under(dir), 0};
  const std::string name = next_generation(dir);
  compact_to(dir.string(), dir / name);
  make_current(dir, name, plain);
  lock.close();
  remove_leftovers(dir);
  c.bytes_after = util::bytes_under(dir);
  return {c};
}

}  // namespace dateline::index
