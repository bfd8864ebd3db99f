#include "ingest/decompress.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <streambuf>
#include <utility>
#include <vector>

#include "util/strings.h"

namespace dateline::ingest {

std::string compression_of(std::string_view h) {
  if (h.size() >= 2 && h[0] == '\x1f' && h[1] == '\x8b') return "gzip";
  if (h.substr(0, 3) == "BZh") return "bzip2";
  if (h.substr(0, 6) == std::string_view("\xFD"
                                         "7zXZ\0",
                                         6))
    return "xz";
  if (h.substr(0, 4) == "\x28\xB5\x2F\xFD") return "zstd";
  return {};
}

std::string without_compression_suffix(std::string_view name) {
  std::string lower = util::ascii_lower(name);
  for (std::string_view ext : {".gz", ".bz2", ".xz", ".zst", ".zstd", ".tgz"}) {
    if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) {
      return std::string(name.substr(0, name.size() - ext.size()));
    }
  }
  return std::string(name);
}

// A streambuf of the decompressed bytes. gzip goes through zlib, which
// hands over every byte it has inflated: libarchive's filters fill a 64 KB
// block before returning any of it, so a file cut short would lose up to
// 64 KB of the text before the cut (all of a small file). bzip2, xz and
// zstd go through libarchive's "raw" format: every compression filter
// libarchive knows, undone in turn, no archive format.
class Decompressor::Buffer : public std::streambuf {
 public:
  explicit Buffer(std::istream& in) : in_(in), raw_(64 * 1024), out_(64 * 1024) {
    // The first bytes say which: read them once, hand them to either.
    raw_size_ = fetch(raw_.data(), raw_.size());
    if (compression_of(std::string_view(raw_.data(), raw_size_)) == "gzip") {
      gzip_ = true;
      zs_.next_in = reinterpret_cast<Bytef*>(raw_.data());
      zs_.avail_in = static_cast<uInt>(raw_size_);
      // 15 + 16: a gzip wrapper, the largest window.
      if (inflateInit2(&zs_, 15 + 16) != Z_OK) fail("out of memory", 0);
      return;
    }
    a_ = archive_read_new();
    archive_read_support_filter_all(a_);
    archive_read_support_format_raw(a_);
    if (archive_read_open(a_, this, nullptr, &Buffer::read_raw, nullptr) != ARCHIVE_OK) {
      fail_archive();
      return;
    }
    archive_entry* entry = nullptr;
    if (archive_read_next_header(a_, &entry) != ARCHIVE_OK) {
      fail_archive();
      return;
    }
    // libarchive falls back to reading the bytes as they are when no filter
    // recognises them (a broken header): that is an error here.
    if (archive_filter_count(a_) < 2) fail("no valid compressed stream at the start", 0);
  }
  ~Buffer() override {
    if (gzip_) inflateEnd(&zs_);
    if (a_ != nullptr) archive_read_free(a_);
  }

  bool failed() const { return failed_; }
  const std::string& message() const { return message_; }
  std::size_t offset() const { return offset_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (done_ || failed_) return traits_type::eof();
    std::size_t n = gzip_ ? inflate_some() : archive_some();
    if (n == 0) return traits_type::eof();
    setg(out_.data(), out_.data(), out_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::size_t fetch(char* dst, std::size_t n) {
    in_.read(dst, static_cast<std::streamsize>(n));
    std::size_t got = static_cast<std::size_t>(in_.gcount());
    fetched_ += got;
    return got;
  }

  // Inflates into out_; 0 at the end or on bad data (failed_ then set,
  // after the bytes inflated before it have been handed over).
  std::size_t inflate_some() {
    zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
    zs_.avail_out = static_cast<uInt>(out_.size());
    while (zs_.avail_out == out_.size()) {
      if (zs_.avail_in == 0) {
        std::size_t n = fetch(raw_.data(), raw_.size());
        if (n == 0) {
          if (in_member_) fail("truncated gzip input", fetched_);
          done_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(raw_.data());
        zs_.avail_in = static_cast<uInt>(n);
      }
      if (!in_member_) {
        // Another member follows (as `cat a.gz b.gz` makes); anything else
        // after the last member is ignored, as gzip -d does.
        if (zs_.next_in[0] != 0x1f) {
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        in_member_ = true;
      }
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        fail(zs_.msg != nullptr ? zs_.msg : "corrupt gzip data", fetched_ - zs_.avail_in);
        break;
      }
    }
    return out_.size() - zs_.avail_out;
  }

  std::size_t archive_some() {
    la_ssize_t n = archive_read_data(a_, out_.data(), out_.size());
    if (n < 0) {
      fail_archive();
      return 0;
    }
    if (n == 0) done_ = true;
    return static_cast<std::size_t>(n);
  }

  static la_ssize_t read_raw(archive* /*a*/, void* self, const void** buffer) {
    auto* b = static_cast<Buffer*>(self);
    *buffer = b->raw_.data();
    // The bytes read to tell the compression come first.
    if (b->raw_size_ > 0) return static_cast<la_ssize_t>(std::exchange(b->raw_size_, 0));
    return static_cast<la_ssize_t>(b->fetch(b->raw_.data(), b->raw_.size()));
  }
  void fail(std::string message, std::size_t offset) {
    failed_ = true;
    message_ = std::move(message);
    offset_ = offset;
  }
  void fail_archive() {
    const char* m = archive_error_string(a_);
    la_int64_t consumed = archive_filter_bytes(a_, -1);
    fail(m ? m : "unreadable compressed data", consumed > 0 ? static_cast<std::size_t>(consumed) : 0);
  }

  std::istream& in_;
  std::vector<char> raw_;
  std::size_t raw_size_ = 0;
  std::size_t fetched_ = 0;
  std::vector<char> out_;
  bool gzip_ = false;
  z_stream zs_{};
  bool in_member_ = true;
  archive* a_ = nullptr;
  bool done_ = false;
  bool failed_ = false;
  std::string message_;
  std::size_t offset_ = 0;
};

Decompressor::Decompressor(std::istream& compressed)
    : buffer_(std::make_unique<Buffer>(compressed)), stream_(std::make_unique<std::istream>(buffer_.get())) {}

Decompressor::~Decompressor() = default;

std::istream& Decompressor::stream() { return *stream_; }

std::optional<InputError> Decompressor::error(const std::string& path) const {
  if (!buffer_->failed()) return std::nullopt;
  return InputError(path, buffer_->offset(),
                    "compressed data is cut short or corrupt (" + buffer_->message() + ")", {},
                    LocationUnit::kOffset);
}

}  // namespace dateline::ingest
