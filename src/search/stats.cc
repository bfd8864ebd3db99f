#include "search/stats.h"

#include <filesystem>

#include "article/date.h"
#include "schema/schema.h"
#include "search/facets.h"
#include "util/files.h"

namespace dateline::search {
namespace fs = std::filesystem;
namespace sc = schema;

IndexStatsInfo index_stats(const Xapian::Database& db, const std::string& path,
                           const std::vector<ShardSpec>& shards) {
  IndexStatsInfo s;
  s.path = path;
  s.articles = db.get_doccount();
  s.undated = db.get_termfreq(sc::kTermUndated);
  if (s.articles > s.undated) {
    std::string lo = db.get_value_lower_bound(sc::kSlotPublished);
    std::string hi = db.get_value_upper_bound(sc::kSlotPublished);
    // The slot's bounds come from the index: a damaged value gives no date
    // rather than an out-of-range conversion.
    if (auto t = published_seconds(lo)) s.first_date = article::format_iso(*t);
    if (auto t = published_seconds(hi)) s.last_date = article::format_iso(*t);
  }
  s.shards = shards.size();
  for (const ShardSpec& shard : shards) s.remote_shards += shard.kind == ShardSpec::Kind::kRemote;
  // A shard directory (DIR/XAPIANDB and DIR/shards/) holds its shards; a
  // stub file elsewhere names them.
  s.size_bytes = util::bytes_under(path);
  std::error_code ec;
  if (!shards.empty() && fs::is_regular_file(path, ec)) {
    for (const ShardSpec& shard : shards) {
      if (shard.kind == ShardSpec::Kind::kRemote) {
        s.size_known = false;
      } else {
        s.size_bytes += util::bytes_under(shard.path);
      }
    }
  } else {
    for (const ShardSpec& shard : shards) s.size_known &= shard.kind == ShardSpec::Kind::kLocal;
  }
  if (!s.size_known) s.size_bytes = 0;
  std::string v = db.get_metadata(sc::kSchemaKey);
  s.schema_version = v.empty() ? 0 : std::stoi(v);
  return s;
}

}  // namespace dateline::search
