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

/// Bad input data: a file, a record or a request parameter that cannot be
/// used. what() is compiler style, "path:line: message" (the line part is
/// left out when line is 0, the path part when path is empty).
class InputError : public Error {
 public:
  InputError(std::string path, std::size_t line, std::string message, std::string field = {});

  const std::string& path() const noexcept { return path_; }
  std::size_t line() const noexcept { return line_; }
  /// The offending field or request parameter; may be empty.
  const std::string& field() const noexcept { return field_; }
  /// The message without the location prefix.
  const std::string& message() const noexcept { return message_; }

 private:
  std::string path_;
  std::size_t line_;
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
