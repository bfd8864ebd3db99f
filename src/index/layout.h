#pragma once

// How a single (unsharded) index lies in its directory, and opening it for
// writing. Shared by the indexer, delete and compact.

#include <filesystem>
#include <string>

#include <xapian.h>

namespace dateline::index {

// Index layout. An index directory holds either a plain Xapian database
// (its version file, kGlassVersion, says so), or a stub file (kStub) naming
// the database of the current generation, a directory "gen-N" beside it.
// Xapian opens either, preferring the plain database when both are there.
// A first build written as shards is compacted into a new generation and
// made current in one atomic step: the stub is written beside the empty
// plain index and then the plain index's version file is removed, or, when
// the index already is a stub, a new stub is renamed over the old one. A
// run killed on either side of that step leaves the old index or the new
// one, and the files of the other, which the next run removes
// (remove_leftovers) once it holds the index's lock.
inline constexpr const char* kGlassVersion = "iamglass";
inline constexpr const char* kGenerationPrefix = "gen-";

/// The index directory without a trailing slash, so "db/" names its
/// scratch space "db.shards-PID" beside it, not inside it.
[[nodiscard]] std::filesystem::path index_dir(const std::string& db_path);

/// N for a directory named "gen-N" (N > 0), else 0.
[[nodiscard]] int generation_number(const std::string& name);

/// The generation db's stub names, or "" when there is no stub.
[[nodiscard]] std::string stub_target(const std::filesystem::path& db);

/// The name of a generation directory not yet in db: one past the highest.
[[nodiscard]] std::string next_generation(const std::filesystem::path& db);

/// Points the index's stub at generation name, atomically (replace_stub()).
void write_stub(const std::filesystem::path& db, const std::string& name);

/// The commit point of a new generation name, written complete inside db:
/// the new stub for an index that already is a stub, else (plain: db holds
/// a plain database) the stub and then the removal of the plain database's
/// version file (Xapian prefers it to a stub). Should either step fail (a
/// full disk), the new generation and stub go, and the index stays the old
/// one; the error is rethrown. Call with the index's lock held.
void make_current(const std::filesystem::path& db, const std::string& name, bool plain);

/// Removes what a killed run left inside the index (see "Index layout"):
/// while the plain database is current, any stub and generation; while a
/// stub is, other generations and the replaced plain database's files.
/// Call with the index's lock held.
void remove_leftovers(const std::filesystem::path& db);

/// Why a write to the index at db_path failed, for a person: the system's
/// reason first ("No space left on device", "Read-only file system"), from
/// Xapian or else from the filesystem, then Xapian's own description, which
/// names the file or block.
[[nodiscard]] std::string write_failure(const Xapian::Error& e, const std::string& db_path);

/// Opens (creating) the database at path for writing, checking its schema
/// version. Throws dateline::Error naming path when another run holds it
/// or it cannot be opened.
[[nodiscard]] Xapian::WritableDatabase open_writable(const std::string& path);

}  // namespace dateline::index
