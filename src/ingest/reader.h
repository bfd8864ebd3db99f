#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "article/article.h"
#include "util/error.h"

namespace dateline::ingest {

/// One article read from an input, with where it came from.
struct Record {
  article::Article article;
  std::string path;  ///< file name as given, "-" for standard input
  std::size_t line;  ///< 1-based line (or item, or byte offset) where the record starts
  LocationUnit unit = LocationUnit::kLine;
};

/// Receives bad input. Readers report a bad record here and carry on with
/// the next one (like leveldb's log::Reader::Reporter).
class ErrorSink {
 public:
  virtual ~ErrorSink() = default;
  /// Called once per skipped record or unreadable file. May throw to stop
  /// reading (the indexer's --strict mode does).
  virtual void report(const InputError& error) = 0;
  /// Called for a problem that does not stop the record from being read
  /// (invalid bytes replaced in a declared UTF-8 file). The default ignores
  /// it; the indexer prints it.
  virtual void warn(const InputError& /*error*/) {}
  /// Called once per file a directory walk does not read, with what the
  /// file seems to hold ("PNG image", "PDF document"); the walk goes on.
  /// The default ignores it; the indexer counts them by type.
  virtual void skipped_file(const std::string& /*path*/, const std::string& /*type*/) {}
};

using RecordFn = std::function<void(Record&&)>;

/// Input formats dateline reads. kAuto sniffs each file's content (see
/// sniff.h); the others force one reader.
enum class Format {
  kAuto,
  kText,    ///< the plain-text layout (read_text)
  kJsonl,   ///< JSON Lines (read_jsonl)
  kJson,    ///< a JSON document: one article object, an array of them, or ninjs
  kHtml,    ///< an HTML article page
  kFeed,    ///< RSS 2.0, RSS 1.0 (RDF) or Atom
  kNewsml,  ///< NewsML-G2 or NewsML 1.2
  kNitf,    ///< NITF 3.x
  kWarc,    ///< a WARC web archive (its HTML responses)
};

/// The name of a format as --format takes it ("text", "jsonl", "json",
/// "html", "feed", "newsml", "nitf", "warc"; "auto").
[[nodiscard]] const char* format_name(Format format);
/// The format a --format name means; false when the name is unknown.
[[nodiscard]] bool format_from_name(std::string_view name, Format& format);

/// A reader of one format: reads every article in `in`, which holds the
/// decompressed bytes of the file at `path`.
using ReaderFn = void (*)(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);
/// The reader for a format (not kAuto).
[[nodiscard]] ReaderFn reader_for(Format format);

/// Reads the plain-text layout: an optional header block ("ID:", "Date:",
/// "Source:", "URL:", "Author:", "Language:" lines, then a blank line), the
/// headline line, the standfirst line, then the body. One article per
/// input. Bad input goes to sink: an empty file, a NUL byte anywhere
/// (binary), a bad header line, a date that does not parse or
/// falls outside years 1 to 9999, no title and no body.
/// Text that is not UTF-8 is converted from the charset ICU detects, with
/// a warning to sink.
void read_text(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

/// Reads JSON Lines, one article object per line (see article_from_json_line
/// for fields). A bad line is reported to sink with its line number and
/// skipped. A NUL byte in the first 8 KB makes the input a binary file,
/// reported once (line 0) and skipped whole; a NUL later is reported on its
/// line.
void read_jsonl(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

/// Reads one input stream (a file's raw bytes): undoes gzip, bzip2, xz or
/// zstd compression, found by their magic bytes; with kAuto, sniffs the
/// format from the content (see sniff.h); then hands it to the format's
/// reader. A file that is no article format is reported to sink once.
void read_stream(std::istream& in, const std::string& path, Format format, ErrorSink& sink,
                 const RecordFn& fn);

/// Reads a file, a directory (recursively, in name order, skipping hidden
/// entries) or "-" (standard input), through read_stream. In a directory
/// walk with kAuto, a file that is no article format (an image, a PDF, a
/// stray binary) goes to sink.skipped_file() and the walk goes on; named
/// directly, it is reported as bad input. Returns the number of files read.
std::size_t read_path(const std::string& path, Format format, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
