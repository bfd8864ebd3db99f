#include "ingest/decompress.h"

#include <archive.h>
#include <archive_entry.h>

#include <streambuf>
#include <vector>

#include "util/strings.h"

namespace dateline::ingest {

std::string compression_of(std::string_view h) {
  if (h.size() >= 2 && h[0] == '\x1f' && h[1] == '\x8b') return "gzip";
  if (h.substr(0, 3) == "BZh") return "bzip2";
  if (h.substr(0, 6) == std::string_view("\xFD" "7zXZ\0", 6)) return "xz";
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

// A streambuf whose bytes come from libarchive's "raw" format: every
// compression filter libarchive knows, undone in turn, no archive format.
class Decompressor::Buffer : public std::streambuf {
 public:
  explicit Buffer(std::istream& in) : in_(in), raw_(64 * 1024), out_(64 * 1024) {
    a_ = archive_read_new();
    archive_read_support_filter_all(a_);
    archive_read_support_format_raw(a_);
    if (archive_read_open(a_, this, nullptr, &Buffer::read_raw, nullptr) != ARCHIVE_OK) {
      fail();
      return;
    }
    archive_entry* entry = nullptr;
    if (archive_read_next_header(a_, &entry) != ARCHIVE_OK) {
      fail();
      return;
    }
    // libarchive falls back to reading the bytes as they are when no filter
    // recognises them (a broken header): that is an error here.
    if (archive_filter_count(a_) < 2) {
      failed_ = true;
      message_ = "no valid compressed stream at the start";
      offset_ = 0;
    }
  }
  ~Buffer() override { archive_read_free(a_); }

  bool failed() const { return failed_; }
  const std::string& message() const { return message_; }
  std::size_t offset() const { return offset_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (done_ || failed_) return traits_type::eof();
    la_ssize_t n = archive_read_data(a_, out_.data(), out_.size());
    if (n < 0) {
      fail();
      return traits_type::eof();
    }
    if (n == 0) {
      done_ = true;
      return traits_type::eof();
    }
    setg(out_.data(), out_.data(), out_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  static la_ssize_t read_raw(archive* /*a*/, void* self, const void** buffer) {
    auto* b = static_cast<Buffer*>(self);
    b->in_.read(b->raw_.data(), static_cast<std::streamsize>(b->raw_.size()));
    *buffer = b->raw_.data();
    return static_cast<la_ssize_t>(b->in_.gcount());
  }
  void fail() {
    failed_ = true;
    const char* m = archive_error_string(a_);
    message_ = m ? m : "unreadable compressed data";
    la_int64_t consumed = archive_filter_bytes(a_, -1);
    offset_ = consumed > 0 ? static_cast<std::size_t>(consumed) : 0;
  }

  std::istream& in_;
  std::vector<char> raw_;
  std::vector<char> out_;
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
  return InputError(path, buffer_->offset(), "compressed data is cut short or corrupt (" + buffer_->message() + ")",
                    {}, LocationUnit::kOffset);
}

}  // namespace dateline::ingest
