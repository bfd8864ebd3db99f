#include "search/stats.h"

#include <filesystem>

#include "article/date.h"
#include "schema/schema.h"
#include "search/facets.h"

namespace dateline::search {
namespace fs = std::filesystem;
namespace sc = schema;

IndexStatsInfo index_stats(const Xapian::Database& db, const std::string& path) {
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
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) s.size_bytes += e.file_size(ec);
  }
  std::string v = db.get_metadata(sc::kSchemaKey);
  s.schema_version = v.empty() ? 0 : std::stoi(v);
  return s;
}

}  // namespace dateline::search
