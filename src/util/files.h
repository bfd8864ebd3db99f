#pragma once

#include <cstdint>
#include <filesystem>

namespace dateline::util {

/// The bytes of the regular files under path (path itself when it is a
/// file); 0 when nothing is there. Entries that vanish or cannot be read
/// while it walks are skipped, never thrown.
[[nodiscard]] std::uint64_t bytes_under(const std::filesystem::path& path);

}  // namespace dateline::util
