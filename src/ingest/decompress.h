#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace dateline::ingest {

/// The compression the first bytes of a file announce: "gzip", "bzip2",
/// "xz", "zstd", or "" for none.
[[nodiscard]] std::string compression_of(std::string_view head);

/// The file name without a compression suffix (".gz", ".bz2", ".xz",
/// ".zst"): "feed.rss.gz" -> "feed.rss".
[[nodiscard]] std::string without_compression_suffix(std::string_view name);

/// Decompresses a stream as it is read (gzip, several members too, with
/// zlib; bzip2, xz and zstd with libarchive's filters), never holding more
/// than a buffer of it. stream() ends early if the data is cut short or
/// corrupt; error() then says where, as an offset into the compressed
/// input.
class Decompressor {
 public:
  explicit Decompressor(std::istream& compressed);
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  /// The decompressed bytes.
  std::istream& stream();
  /// Set once stream() has ended on bad data (not at a clean end): the
  /// message names the compression and the offset in the compressed file.
  [[nodiscard]] std::optional<InputError> error(const std::string& path) const;

 private:
  class Buffer;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::istream> stream_;
};

}  // namespace dateline::ingest
