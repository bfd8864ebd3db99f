#pragma once

// The Xapian stub file (DIR/XAPIANDB) that both index layouts write: the
// generation stub of a single index and the shard list of --shard-by.

#include <filesystem>
#include <string>

namespace dateline::index {

inline constexpr const char* kStub = "XAPIANDB";
inline constexpr const char* kStubTmp = "XAPIANDB.tmp";

/// Flushes a directory's entries (a rename or removal in it) to disk.
void sync_dir(const std::filesystem::path& dir);

/// Replaces dir's stub with text: written beside it (kStubTmp), synced,
/// renamed over the old stub and the directory synced, so a reader sees
/// the one stub or the other. Throws Error naming the file and `what` (as
/// in "cannot write the shard list") when it cannot; the old stub stays.
void replace_stub(const std::filesystem::path& dir, const std::string& text, const std::string& what);

}  // namespace dateline::index
