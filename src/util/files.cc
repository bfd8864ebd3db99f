#include "util/files.h"

namespace dateline::util {
namespace fs = std::filesystem;

std::uint64_t bytes_under(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  std::uint64_t n = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) n += it->file_size(size_ec);
  }
  return n;
}

}  // namespace dateline::util
