#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dateline {

/// Base class of every error dateline throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the number in a location counts: a line of a line-based format
/// ("path:12"), an item of a feed or a record of a file holding several
/// ("path:item 3"), or a byte offset into a file or its decompressed
/// stream ("path:offset 4096").
enum class LocationUnit { kLine, kItem, kOffset };

/// "path", "path:12", "path:item 3" or "path:offset 4096" (no number when n
/// is 0 for lines and items).
[[nodiscard]] std::string location(const std::string& path, std::size_t n,
                                   LocationUnit unit = LocationUnit::kLine);

/// Bad input data: a file, a record or a request parameter that cannot be
/// used. what() is compiler style, "path:line: message" (the line part is
/// left out when line is 0, the path part when path is empty; see
/// location() for items and offsets).
class InputError : public Error {
 public:
  InputError(std::string path, std::size_t line, std::string message, std::string field = {},
             LocationUnit unit = LocationUnit::kLine);

  const std::string& path() const noexcept { return path_; }
  std::size_t line() const noexcept { return line_; }
  LocationUnit unit() const noexcept { return unit_; }
  /// The offending field or request parameter; may be empty.
  const std::string& field() const noexcept { return field_; }
  /// The message without the location prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string path_;
  std::size_t line_;
  LocationUnit unit_;
  std::string message_;
  std::string field_;
};

/// A failure of the index itself (wraps a Xapian error), with the database
/// path and, when known, the article id that was being written.
class IndexError : public Error {
 public:
  IndexError(const std::string& db_path, const std::string& article_id, const std::string& what);
};

/// A query the user typed that cannot be parsed. Exit status 2 in the tools,
/// HTTP 400 in the server.
class QuerySyntaxError : public Error {
 public:
  using Error::Error;
};

}  // namespace dateline
