#include "ingest/warc_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <zlib.h>

#include "article/date.h"
#include "ingest/encoding.h"
#include "ingest/html_page.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
// Bounds on a record header: one line (long URIs fit), and all of it.
constexpr std::size_t kMaxHeaderLine = 64 * 1024;
constexpr std::size_t kMaxHeader = 1024 * 1024;

// The input stream with a byte offset, lookahead and push-back: what a
// WARC record needs to be checked against its Content-Length, and to be
// read again from its block when that length was wrong.
class Input {
 public:
  explicit Input(std::istream& in) : in_(in) {}

  std::uint64_t offset() const { return offset_; }

  // Up to n bytes ahead, not consumed.
  std::string_view peek(std::size_t n) {
    fill(n);
    return std::string_view(buf_).substr(pos_, n);
  }

  // Reads a line without its "\n" or "\r\n"; keeps at most max bytes of it
  // (the rest is read past). False at the end of the input.
  bool line(std::string& out, std::size_t max) {
    out.clear();
    bool any = false;
    while (true) {
      fill(1);
      if (pos_ == buf_.size()) break;
      any = true;
      std::size_t nl = buf_.find('\n', pos_);
      std::size_t end = nl == std::string::npos ? buf_.size() : nl;
      if (out.size() < max) out.append(buf_, pos_, std::min(end - pos_, max - out.size()));
      std::size_t used = (nl == std::string::npos ? end : nl + 1) - pos_;
      pos_ += used;
      offset_ += used;
      if (nl != std::string::npos) break;
    }
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return any;
  }

  // Reads n bytes, appended to out, or read past when out is null. Returns
  // how many there were (fewer at the end of the input).
  std::uint64_t read(std::uint64_t n, std::string* out) {
    std::uint64_t got = 0;
    while (got < n) {
      fill(1);
      if (pos_ == buf_.size()) break;
      std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n - got, buf_.size() - pos_));
      if (out != nullptr) out->append(buf_, pos_, take);
      pos_ += take;
      offset_ += take;
      got += take;
    }
    return got;
  }

  // Puts back bytes just read, to be read again.
  void unread(std::string_view bytes) {
    buf_.replace(0, pos_, bytes);
    pos_ = 0;
    offset_ -= bytes.size();
  }

 private:
  void fill(std::size_t n) {
    while (buf_.size() - pos_ < n && !eof_) {
      buf_.erase(0, pos_);
      pos_ = 0;
      std::size_t had = buf_.size();
      buf_.resize(had + kChunk);
      in_.read(buf_.data() + had, static_cast<std::streamsize>(kChunk));
      std::size_t got = static_cast<std::size_t>(in_.gcount());
      buf_.resize(had + got);
      if (got == 0) eof_ = true;
    }
  }

  std::istream& in_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::uint64_t offset_ = 0;
  bool eof_ = false;
};

bool is_record_start(std::string_view s) { return s.substr(0, 7) == "WARC/1."; }

// Reads on to the next line that starts "WARC/1."; false at the end.
bool resync(Input& input) {
  std::string skipped;
  while (!input.peek(1).empty()) {
    if (is_record_start(input.peek(7))) return true;
    input.line(skipped, 0);
  }
  return false;
}

// The record ends where its Content-Length says when the block is followed
// by its blank line ("\r\n\r\n"), or by fewer line breaks (a lax writer)
// and then the next record, more blank lines or the end of the file.
// Consumes the line breaks when it does.
bool record_ends_here(Input& input) {
  // The blank line itself: whatever follows it is the next record's
  // problem (reported there), this record's length was right.
  if (input.peek(4) == "\r\n\r\n") {
    input.read(4, nullptr);
    return true;
  }
  std::string_view ahead = input.peek(4 + 5);
  std::size_t breaks = 0;
  while (breaks < 4 && breaks < ahead.size() && (ahead[breaks] == '\r' || ahead[breaks] == '\n')) ++breaks;
  std::string_view next = ahead.substr(breaks);
  bool ends = next.empty() || next[0] == '\r' || next[0] == '\n' || next.substr(0, 5) == "WARC/";
  if (ends) input.read(breaks, nullptr);
  return ends;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

// Adds "Name: value" to headers, the name lower-cased; false when the line
// has no colon.
bool add_header(std::string_view line, Headers& headers) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  headers.emplace_back(util::ascii_lower(util::trim(line.substr(0, colon))),
                       std::string(util::trim(line.substr(colon + 1))));
  return true;
}

std::string header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::uint64_t> parse_length(std::string_view text) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// Undoes Transfer-Encoding: chunked. A body that does not start with a
// chunk size was stored already decoded (some crawlers do) and is kept as
// it is; a body cut short keeps the chunks it has.
std::string dechunk(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) break;
    std::string_view size_line = util::trim(body.substr(pos, nl - pos));
    size_line = size_line.substr(0, size_line.find(';'));
    std::size_t size = 0;
    auto [end, ec] = std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
    if (ec != std::errc() || end != size_line.data() + size_line.size() || size_line.empty()) {
      if (pos == 0) return std::string(body);
      break;
    }
    if (size == 0) break;
    pos = nl + 1;
    out.append(body.substr(pos, size));
    if (size >= body.size() - pos) break;
    pos += size;
    if (body.substr(pos, 2) == "\r\n")
      pos += 2;
    else if (body.substr(pos, 1) == "\n")
      pos += 1;
  }
  return out;
}

// Undoes Content-Encoding gzip or deflate (zlib-wrapped, or the raw
// deflate some servers send), keeping at most kMaxWarcRecord bytes. A body
// cut short keeps what it has; nullopt when nothing inflates.
std::optional<std::string> inflate_body(std::string_view body) {
  std::vector<char> chunk(kChunk);
  // 15 + 32: a gzip or zlib wrapper, told apart by zlib; -15: raw deflate.
  for (int window : {15 + 32, -15}) {
    z_stream zs{};
    if (inflateInit2(&zs, window) != Z_OK) return std::nullopt;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    zs.avail_in = static_cast<uInt>(body.size());
    std::string out;
    int rc = Z_OK;
    while (rc == Z_OK && out.size() < kMaxWarcRecord) {
      zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
      zs.avail_out = static_cast<uInt>(chunk.size());
      rc = inflate(&zs, Z_NO_FLUSH);
      out.append(chunk.data(), chunk.size() - zs.avail_out);
    }
    inflateEnd(&zs);
    if (rc == Z_DATA_ERROR && out.empty()) continue;
    if (rc == Z_MEM_ERROR || out.empty()) return std::nullopt;
    if (out.size() > kMaxWarcRecord) out.resize(kMaxWarcRecord);
    return out;
  }
  return std::nullopt;
}

// Counts of skipped records by kind, in the order first seen.
class Skips {
 public:
  void add(std::string kind) {
    auto it = std::find_if(counts_.begin(), counts_.end(), [&](const auto& c) { return c.first == kind; });
    if (it == counts_.end())
      counts_.emplace_back(std::move(kind), 1);
    else
      ++it->second;
    ++total_;
  }
  std::size_t total() const { return total_; }
  std::string summary() const {
    std::string s = "skipped " + std::to_string(total_) + (total_ == 1 ? " record" : " records") +
                    " holding no HTML page: ";
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      if (i > 0) s += ", ";
      s += std::to_string(counts_[i].second) + " " + counts_[i].first;
    }
    return s;
  }

 private:
  std::vector<std::pair<std::string, std::size_t>> counts_;
  std::size_t total_ = 0;
};

class WarcReader {
 public:
  WarcReader(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn)
      : input_(in), path_(path), sink_(sink), fn_(fn) {}

  void run() {
    std::string line;
    while (true) {
      // Blank lines between records are tolerated.
      while (!input_.peek(1).empty() && (input_.peek(1)[0] == '\r' || input_.peek(1)[0] == '\n')) {
        input_.read(1, nullptr);
      }
      if (input_.peek(1).empty()) break;
      std::uint64_t start = input_.offset();
      input_.line(line, kMaxHeaderLine);
      if (line.rfind("filedesc://", 0) == 0 && start == 0) {
        report(start, "an ARC file (the format before WARC), not read; convert it to WARC first");
        return;
      }
      if (line.rfind("WARC/", 0) != 0) {
        report(start, "expected a WARC record header ('WARC/1.1'); skipped to the next record");
        if (!resync(input_)) break;
        continue;
      }
      if (!read_record(start)) break;
    }
    if (skips_.total() > 0) sink_.warn(InputError(path_, 0, skips_.summary()));
  }

 private:
  void report(std::uint64_t offset, const std::string& message, const std::string& field = {}) {
    sink_.report(InputError(path_, static_cast<std::size_t>(offset), message, field, LocationUnit::kOffset));
  }

  // Reads the record whose version line started at `start`; false when the
  // file ends inside it.
  bool read_record(std::uint64_t start) {
    Headers headers;
    std::string line;
    std::size_t header_bytes = 0;
    bool ended = false;
    while (input_.line(line, kMaxHeaderLine)) {
      if (line.empty()) {
        ended = true;
        break;
      }
      header_bytes += line.size();
      if (header_bytes > kMaxHeader) {
        report(start, "WARC record header over 1 MB; skipped to the next record");
        return resync(input_);
      }
      (void)add_header(line, headers);
    }
    if (!ended) {
      report(start, "file cut short inside a WARC record header");
      return false;
    }
    std::optional<std::uint64_t> length = parse_length(header(headers, "content-length"));
    if (!length) {
      report(start, "WARC record without a valid Content-Length; skipped to the next record",
             "Content-Length");
      return resync(input_);
    }
    std::string type = util::ascii_lower(header(headers, "warc-type"));
    if (type.empty()) type = "untyped";
    bool keep = *length <= kMaxWarcRecord;
    std::string block;
    std::uint64_t got = input_.read(*length, keep ? &block : nullptr);
    std::string wrong_length = "Content-Length " + std::to_string(*length) +
                               " does not end the record (no 'WARC/' header after the block); skipped to "
                               "the next record";
    if (got < *length) {
      // Too long a length can swallow the records after it, up to the end.
      if (keep && (is_record_start(block) || block.find("\nWARC/1.") != std::string::npos)) {
        report(start, wrong_length, "Content-Length");
        input_.unread(block);
        return resync(input_);
      }
      report(start, "file cut short: the record's Content-Length is " + std::to_string(*length) + " but " +
                        std::to_string(got) + " bytes follow");
      return false;
    }
    if (!record_ends_here(input_)) {
      report(start, wrong_length, "Content-Length");
      if (keep) input_.unread(block);
      return resync(input_);
    }
    if (type != "response") {
      skips_.add(type);
    } else if (!keep) {
      skips_.add("response over " + std::to_string(kMaxWarcRecord >> 20) + " MB");
    } else {
      read_response(start, headers, block);
    }
    return true;
  }

  void read_response(std::uint64_t start, const Headers& warc, const std::string& block) {
    std::string uri = header(warc, "warc-target-uri");
    // WARC 1.0 examples wrap the URI in angle brackets.
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
    if (!util::starts_with_icase(uri, "http://") && !util::starts_with_icase(uri, "https://")) {
      skips_.add("non-HTTP response");
      return;
    }
    // The HTTP status line and headers.
    std::size_t pos = 0;
    auto next_line = [&](std::string_view& l) {
      if (pos >= block.size()) return false;
      std::size_t nl = block.find('\n', pos);
      std::size_t end = nl == std::string::npos ? block.size() : nl;
      l = std::string_view(block).substr(pos, end - pos);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      pos = nl == std::string::npos ? block.size() : nl + 1;
      return true;
    };
    std::string_view status_line;
    if (!next_line(status_line) || status_line.rfind("HTTP/", 0) != 0) {
      report(start, "response record holds no HTTP response (no 'HTTP/' status line)");
      return;
    }
    std::size_t sp = status_line.find(' ');
    std::string_view code = sp == std::string_view::npos ? std::string_view() : status_line.substr(sp + 1, 3);
    if (code != "200") {
      skips_.add("non-200 response");
      return;
    }
    Headers http;
    std::string_view l;
    while (next_line(l) && !l.empty()) (void)add_header(l, http);
    std::string_view body = std::string_view(block).substr(pos);
    std::string content_type = header(http, "content-type");
    std::string media = util::ascii_lower(util::trim(content_type.substr(0, content_type.find(';'))));
    bool html = media == "text/html" || media == "application/xhtml+xml";
    if (media.empty()) {
      // No Content-Type: an HTML page says so in its first bytes.
      std::string headbytes = util::ascii_lower(util::trim(body.substr(0, 256)));
      html = headbytes.rfind("<!doctype html", 0) == 0 || headbytes.rfind("<html", 0) == 0;
    }
    if (!html) {
      skips_.add("non-HTML response");
      return;
    }
    std::string payload =
        util::ascii_lower(header(http, "transfer-encoding")).find("chunked") != std::string::npos
            ? dechunk(body)
            : std::string(body);
    std::string encoding = util::ascii_lower(header(http, "content-encoding"));
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      std::optional<std::string> plain = inflate_body(payload);
      if (!plain) {
        report(start, "the HTTP body is not the " + encoding + " data its Content-Encoding says");
        return;
      }
      payload = std::move(*plain);
    } else if (!encoding.empty() && encoding != "identity") {
      skips_.add("response in Content-Encoding " + encoding);
      return;
    }
    PageHints hints;
    hints.url = uri;
    hints.fetched = article::parse_date(header(warc, "warc-date"));
    hints.charset = charset_from_content_type(content_type);
    Record rec;
    rec.path = path_;
    rec.line = static_cast<std::size_t>(start);
    rec.unit = LocationUnit::kOffset;
    try {
      Page page = page_from_html(payload, hints);
      if (page.replaced > 0) {
        sink_.warn(InputError(path_, rec.line,
                              std::to_string(page.replaced) + " invalid UTF-8 sequences replaced", {},
                              LocationUnit::kOffset));
      }
      rec.article = std::move(page.article);
    } catch (const InputError& e) {
      report(start, e.message(), e.field());
      return;
    }
    fn_(std::move(rec));
  }

  Input input_;
  const std::string& path_;
  ErrorSink& sink_;
  const RecordFn& fn_;
  Skips skips_;
};

}  // namespace

void read_warc(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  WarcReader(in, path, sink, fn).run();
}

}  // namespace dateline::ingest
