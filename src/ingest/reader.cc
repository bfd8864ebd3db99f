#include "ingest/reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "article/date.h"
#include "ingest/decompress.h"
#include "ingest/encoding.h"
#include "ingest/jsonl_fields.h"
#include "ingest/sniff.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace fs = std::filesystem;
namespace {

// How much of a JSON Lines file is looked at for binary content before its
// lines are read (a NUL later is reported on its own line).
constexpr std::size_t kSniffBytes = 8192;

bool looks_binary(std::string_view text) { return text.find('\0') != std::string_view::npos; }

// Lines of head (bytes already read from in), then of the rest of in.
class LineSource {
 public:
  LineSource(std::istream& in, std::string head) : in_(in), head_(std::move(head)) {}

  bool next(std::string& line) {
    if (pos_ < head_.size()) {
      std::size_t nl = head_.find('\n', pos_);
      if (nl != std::string::npos) {
        line.assign(head_, pos_, nl - pos_);
        pos_ = nl + 1;
        return true;
      }
      // The head ends inside a line: finish it from the stream.
      line.assign(head_, pos_);
      pos_ = head_.size();
      std::string rest;
      if (std::getline(in_, rest)) line += rest;
      return true;
    }
    return static_cast<bool>(std::getline(in_, line));
  }

 private:
  std::istream& in_;
  std::string head_;
  std::size_t pos_ = 0;
};

// The 1-based line of the first invalid UTF-8 sequence, or 0.
std::size_t first_bad_utf8_line(std::string_view text) {
  std::size_t line = 1;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (!util::valid_utf8(text.substr(start, end - start))) return line;
    start = end + 1;
    ++line;
  }
  return 0;
}

bool header_key(std::string_view line, std::string& key, std::string& value) {
  static constexpr std::string_view kKeys[] = {"id",     "date",     "source",    "url",
                                               "author", "language", "published", "lang"};
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 12) return false;
  std::string k = util::ascii_lower(util::trim(line.substr(0, colon)));
  if (std::find(std::begin(kKeys), std::end(kKeys), k) == std::end(kKeys)) return false;
  key = k;
  value = std::string(util::trim(line.substr(colon + 1)));
  return true;
}

}  // namespace

void read_text(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (util::trim(text).empty()) {
    sink.report(InputError(path, 0, "empty file"));
    return;
  }
  // Anywhere in the file: a NUL after the first few KB is binary all the same.
  if (looks_binary(text)) {
    sink.report(InputError(path, 0, "binary file, not a text article"));
    return;
  }
  // Archives older than UTF-8 are common: text that is not UTF-8 is read in
  // the charset ICU detects (Latin-1 as windows-1252), with a warning
  // naming the first line that was not UTF-8 and what it was read as.
  if (std::size_t bad = first_bad_utf8_line(text)) {
    Utf8Text utf8 = to_utf8(text);
    sink.warn(InputError(path, bad, "not UTF-8; read as " + utf8.charset));
    text = std::move(utf8.text);
  }
  // A UTF-8 byte order mark is not part of the headline.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

  std::vector<std::string> lines = util::split(text, '\n');
  for (std::string& l : lines) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
  }
  Record rec;
  rec.path = path;
  rec.line = 1;
  article::Article& a = rec.article;
  std::size_t i = 0;

  // Header block: key lines up to the first blank line.
  std::string key;
  std::string value;
  std::size_t date_line = 0;
  std::string date_text;
  if (!lines.empty() && header_key(lines[0], key, value)) {
    for (; i < lines.size() && !util::trim(lines[i]).empty(); ++i) {
      if (!header_key(lines[i], key, value)) {
        sink.report(InputError(path, i + 1,
                               "header line is not 'Key: value' (ID, Date, Source, "
                               "URL, Author, Language); end the header with a blank line"));
        return;
      }
      if (key == "id")
        a.id = value;
      else if (key == "date" || key == "published") {
        date_text = value;
        date_line = i + 1;
      } else if (key == "source")
        a.source = value;
      else if (key == "url")
        a.url = value;
      else if (key == "author") {
        for (const std::string& name : util::split(value, ';')) {
          std::string_view t = util::trim(name);
          if (!t.empty()) a.authors.emplace_back(t);
        }
      } else if (key == "language" || key == "lang")
        a.language = value;
    }
  }
  auto next_nonblank = [&]() -> std::size_t {
    while (i < lines.size() && util::trim(lines[i]).empty()) ++i;
    return i;
  };
  if (next_nonblank() < lines.size()) {
    rec.line = i + 1;
    a.title = std::string(util::trim(lines[i++]));
  }
  if (next_nonblank() < lines.size()) a.standfirst = std::string(util::trim(lines[i++]));
  std::string body;
  for (; i < lines.size(); ++i) {
    std::string_view t = util::trim(lines[i]);
    if (t.empty()) continue;
    if (!body.empty()) body += "\n\n";
    body += t;
  }
  a.body = std::move(body);
  if (!date_text.empty()) {
    try {
      a.published = article::parse_date_field(date_text, "Date", "date");
    } catch (const InputError& e) {
      sink.report(InputError(path, date_line, e.message(), e.field()));
      return;
    }
  }
  if (std::string err = article::validate(a); !err.empty()) {
    sink.report(InputError(path, rec.line, err));
    return;
  }
  fn(std::move(rec));
}

void read_jsonl(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  // A binary file (an executable, an archive) named .jsonl is one problem,
  // not one per line.
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (looks_binary(head)) {
    sink.report(InputError(path, 0, "binary file, not JSON Lines"));
    return;
  }
  LineSource lines(in, std::move(head));
  std::string line;
  std::size_t lineno = 0;
  std::size_t records = 0;
  bool any_text = false;
  while (lines.next(line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (util::trim(line).empty()) continue;
    any_text = true;
    if (line.find('\0') != std::string::npos) {
      sink.report(InputError(path, lineno, "binary data (NUL byte), not JSON"));
      continue;
    }
    if (!util::valid_utf8(line)) {
      sink.report(InputError(path, lineno, "invalid UTF-8"));
      continue;
    }
    Record rec;
    rec.path = path;
    rec.line = lineno;
    try {
      rec.article = article_from_json_line(line);
    } catch (const InputError& e) {
      sink.report(InputError(path, lineno, e.message(), e.field()));
      continue;
    }
    ++records;
    fn(std::move(rec));
  }
  if (!any_text) sink.report(InputError(path, 0, "empty file"));
  (void)records;
}

namespace {

// A stream whose first bytes were already read into head: replays head,
// then reads on from the underlying stream.
class ReplayBuffer : public std::streambuf {
 public:
  ReplayBuffer(std::string head, std::istream& rest) : head_(std::move(head)), rest_(rest) {
    setg(head_.data(), head_.data(), head_.data() + head_.size());
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    rest_.read(buf_, sizeof buf_);
    std::streamsize n = rest_.gcount();
    if (n <= 0) return traits_type::eof();
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string head_;
  std::istream& rest_;
  char buf_[64 * 1024];
};

std::string read_head(std::istream& in, std::size_t n) {
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

// Reads one stream; with a directory walk (walk true) a file that is no
// article format is only noted, not reported as bad input. Returns false
// for such a file.
bool read_one(std::istream& raw, const std::string& path, Format format, bool walk, ErrorSink& sink,
              const RecordFn& fn, int compressions = 0) {
  std::string head = read_head(raw, kSniffHead);
  std::string compression = compression_of(head);
  std::string name = path == "-" ? std::string() : path;
  if (!compression.empty()) {
    // A file compressed twice is read; more is a trap (or a corrupt file).
    if (compressions == 2) {
      sink.report(InputError(path, 0, compression + " data inside compressed data inside compressed data"));
      return true;
    }
    ReplayBuffer replay(std::move(head), raw);
    std::istream compressed(&replay);
    Decompressor d(compressed);
    bool read = read_one(d.stream(), path, format, walk, sink, fn, compressions + 1);
    if (auto e = d.error(path)) sink.report(*e);
    return read;
  }
  if (format == Format::kAuto) {
    std::string plain_name = without_compression_suffix(name);
    Sniffed s = sniff(head, plain_name);
    format = s.format;
    // Empty or binary under an article format's name: that format's reader
    // reports what is wrong with it.
    if (format == Format::kAuto) format = format_for_extension(plain_name);
    if (format == Format::kAuto) {
      if (walk) {
        sink.skipped_file(path, s.type);
        return false;
      }
      if (s.type.rfind("text file", 0) == 0) {
        format = Format::kText;  // named on the command line: read as asked
      } else {
        sink.report(InputError(path, 0, s.type + ", not an article format (see --format)"));
        return true;
      }
    }
  }
  ReplayBuffer replay(std::move(head), raw);
  std::istream in(&replay);
  reader_for(format)(in, path, sink, fn);
  return true;
}

}  // namespace

void read_stream(std::istream& in, const std::string& path, Format format, ErrorSink& sink,
                 const RecordFn& fn) {
  (void)read_one(in, path, format, false, sink, fn);
}

std::size_t read_path(const std::string& path, Format format, ErrorSink& sink, const RecordFn& fn) {
  if (path == "-") {
    (void)read_one(std::cin, "-", format, false, sink, fn);
    return 1;
  }
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    sink.report(InputError(path, 0, "no such file or directory"));
    return 0;
  }
  std::vector<fs::path> files;
  bool walk = fs::is_directory(st);
  if (walk) {
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.emplace_back(path);
  }
  std::size_t n = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      sink.report(InputError(f.string(), 0, "cannot open file"));
      continue;
    }
    if (read_one(in, f.string(), format, walk, sink, fn)) ++n;
  }
  return n;
}

}  // namespace dateline::ingest
