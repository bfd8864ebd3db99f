#include "schema/schema.h"

#include "util/error.h"

namespace dateline::schema {

const Field* find_field(std::string_view name) {
  for (const Field& f : kFields) {
    if (f.has(kTyped) && name == f.name) return &f;
  }
  return nullptr;
}

std::string pack_values(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (v.empty()) continue;
    if (!out.empty()) out += '\x1f';
    out += v;
  }
  return out;
}

void check_version(const Xapian::Database& db, const std::string& path) {
  std::string v = db.get_metadata(kSchemaKey);
  if (v.empty()) {
    if (db.get_doccount() == 0) return;
    throw Error(path + ": not a dateline index (no schema version); re-index it");
  }
  if (v != std::to_string(kSchemaVersion)) {
    throw Error(path + ": index schema version " + v + ", this dateline reads " +
                std::to_string(kSchemaVersion) + "; re-index it");
  }
}

}  // namespace dateline::schema
