#include "index/layout.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <sys/statvfs.h>

#include "index/stub_file.h"
#include "schema/schema.h"
#include "util/error.h"

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

// The usual reasons a write under path fails, as the filesystem holding it
// is now: read-only ("Read-only file system") or full ("No space left on
// device"); nullptr when it is neither. For Xapian errors that carry no
// system error of their own (a lock file it could not open, a rollback
// after a failed write).
const char* filesystem_trouble(const std::string& path) {
  std::error_code ec;
  fs::path p = index_dir(path);
  while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
  if (p.empty()) p = ".";
  struct statvfs st {};
  if (::statvfs(p.c_str(), &st) != 0) return nullptr;
  if ((st.f_flag & ST_RDONLY) != 0) return std::strerror(EROFS);
  if (st.f_bavail == 0) return std::strerror(ENOSPC);
  return nullptr;
}

}  // namespace

fs::path index_dir(const std::string& db_path) {
  fs::path p = fs::path(db_path).lexically_normal();
  if (p.filename().empty() && p.has_parent_path()) p = p.parent_path();
  return p;
}

int generation_number(const std::string& name) {
  const std::string_view prefix = kGenerationPrefix;
  if (name.size() <= prefix.size() || name.size() > prefix.size() + 9 ||
      name.compare(0, prefix.size(), prefix) != 0) {
    return 0;
  }
  int n = 0;
  for (std::size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

std::string next_generation(const fs::path& db) {
  int n = 1;
  for (const auto& entry : fs::directory_iterator(db)) {
    n = std::max(n, generation_number(entry.path().filename().string()) + 1);
  }
  return kGenerationPrefix + std::to_string(n);
}

std::string stub_target(const fs::path& db) {
  std::ifstream in(db / kStub);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("glass ", 0) == 0) return line.substr(6);
  }
  return {};
}

void write_stub(const fs::path& db, const std::string& name) {
  replace_stub(db,
               "# The current generation of this dateline index (dateline-index writes it).\n"
               "glass " +
                   name + "\n",
               "the index stub");
}

void make_current(const fs::path& db, const std::string& name, bool plain) {
  try {
    write_stub(db, name);
    if (plain) {
      fs::remove(db / kGlassVersion);
      sync_dir(db);
    }
  } catch (...) {
    std::error_code ec;
    fs::remove(db / kStubTmp, ec);
    if (plain) fs::remove(db / kStub, ec);
    fs::remove_all(db / name, ec);
    throw;
  }
}

void remove_leftovers(const fs::path& db) {
  std::error_code ec;
  if (!fs::is_directory(db, ec)) return;
  const bool plain = fs::exists(db / kGlassVersion, ec);
  const std::string current = plain ? std::string() : stub_target(db);
  if (!plain && current.empty()) return;  // neither: not ours to judge
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(db, ec)) {
    const std::string name = entry.path().filename().string();
    bool leftover = false;
    if (name == kStubTmp) {
      leftover = true;
    } else if (generation_number(name) > 0) {
      leftover = name != current;
    } else if (name == kStub) {
      leftover = plain;
    } else if (!plain) {
      leftover = name == "flintlock" || name.ends_with(".glass");
    }
    if (leftover) doomed.push_back(entry.path());
  }
  for (const fs::path& p : doomed) fs::remove_all(p, ec);
}

std::string write_failure(const Xapian::Error& e, const std::string& db_path) {
  const char* why = e.get_error_string();
  if (why == nullptr || *why == '\0') why = filesystem_trouble(db_path);
  if (why == nullptr) return e.get_description();
  return std::string(why) + " (" + e.get_description() + ")";
}

Xapian::WritableDatabase open_writable(const std::string& path) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    schema::check_version(db, path);
    if (db.get_metadata(schema::kSchemaKey).empty()) {
      db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    }
    return db;
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian raises this also when it cannot open the lock file (a
    // read-only filesystem, no permission): only "already locked" means
    // another writer.
    if (e.get_msg().ends_with("already locked")) {
      throw Error(path + ": the index is locked by another dateline-index run");
    }
    throw Error(path + ": cannot open the index for writing: " + write_failure(e, path));
  } catch (const Xapian::Error& e) {
    throw Error(path + ": cannot open the index for writing: " + write_failure(e, path));
  }
}

}  // namespace dateline::index
