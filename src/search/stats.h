#pragma once

#include <string>

#include <xapian.h>

#include "search/types.h"

namespace dateline::search {

/// What the index at path (opened as db) holds: articles, undated ones,
/// the first and last publication dates, its size on disk and schema
/// version.
[[nodiscard]] IndexStatsInfo index_stats(const Xapian::Database& db, const std::string& path);

}  // namespace dateline::search
