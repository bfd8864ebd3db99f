#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "search/shards.h"
#include "search/types.h"

namespace dateline::search {

/// What the index at path (opened as db) holds: articles, undated ones,
/// the first and last publication dates, its size on disk and schema
/// version. When path is a stub, shards are what it lists: the size is
/// the stub's and its local shards' files, unknown if a shard is remote.
[[nodiscard]] IndexStatsInfo index_stats(const Xapian::Database& db, const std::string& path,
                                         const std::vector<ShardSpec>& shards = {});

}  // namespace dateline::search
