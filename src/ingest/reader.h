#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>

#include "article/article.h"
#include "util/error.h"

namespace dateline::ingest {

/// One article read from an input, with where it came from.
struct Record {
  article::Article article;
  std::string path;  ///< file name as given, "-" for standard input
  std::size_t line;  ///< 1-based line where the record starts
};

/// Receives bad input. Readers report a bad record here and carry on with
/// the next one (like leveldb's log::Reader::Reporter).
class ErrorSink {
 public:
  virtual ~ErrorSink() = default;
  /// Called once per skipped record or unreadable file. May throw to stop
  /// reading (the indexer's --strict mode does).
  virtual void report(const InputError& error) = 0;
};

using RecordFn = std::function<void(Record&&)>;

/// Input formats dateline reads.
enum class Format { kAuto, kText, kJsonl };

/// Reads the plain-text layout: an optional header block ("ID:", "Date:",
/// "Source:", "URL:", "Author:", "Language:" lines, then a blank line), the
/// headline line, the standfirst line, then the body. One article per
/// input. Bad input goes to sink: an empty file, a NUL byte anywhere
/// (binary), invalid UTF-8, a bad header line, a date that does not parse or
/// falls outside years 1 to 9999, no title and no body.
void read_text(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

/// Reads JSON Lines, one article object per line (see article_from_json_line
/// for fields). A bad line is reported to sink with its line number and
/// skipped. A NUL byte in the first 8 KB makes the input a binary file,
/// reported once (line 0) and skipped whole; a NUL later is reported on its
/// line.
void read_jsonl(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

/// Reads a file, a directory (recursively, in name order, skipping hidden
/// entries and files of unknown type) or "-" (standard input). With kAuto,
/// ".jsonl", ".ndjson" and ".json" files are JSON Lines and ".txt" files (or
/// any file named directly on the command line) plain text; standard input
/// is sniffed ('{' first means JSON Lines). Binary and empty files are
/// reported to sink. Returns the number of files read.
std::size_t read_path(const std::string& path, Format format, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
