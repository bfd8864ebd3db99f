#pragma once

// Parsing an HTTP/1.1 request line and headers from bytes as they arrive.
// No sockets here: the server (server.cc) feeds its buffer, and the unit
// tests feed strings.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::net {

/// Byte limits for one request head.
struct HeadLimits {
  std::size_t max_request_line_bytes = 8192;  ///< longer: 414
  std::size_t max_header_bytes = 32768;       ///< whole head; more: 431
  std::size_t max_header_count = 100;         ///< more: 431
};

/// A parsed request line and headers.
struct RequestHead {
  std::string method;     ///< a token, case kept ("GET")
  std::string target;     ///< as received ("/search?q=oil")
  int minor_version = 1;  ///< HTTP/1.0 or HTTP/1.1
  /// Headers in order; names lower-cased, values without surrounding
  /// spaces or tabs.
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t bytes = 0;  ///< of the buffer, up to and including the blank line

  /// The value of the first header called name (lower case), or nullptr.
  [[nodiscard]] const std::string* find(std::string_view name) const;
  /// How many headers are called name (lower case).
  [[nodiscard]] std::size_t count(std::string_view name) const;
};

enum class HeadStatus {
  kIncomplete,  ///< need more bytes (and none of the limits is exceeded yet)
  kComplete,    ///< head filled in
  kError,       ///< answer error_status with message, then close
};

struct HeadResult {
  HeadStatus status = HeadStatus::kIncomplete;
  int error_status = 0;  ///< 400, 414, 431 or 505 when status is kError
  std::string message;   ///< for the client, when status is kError
};

/// Parses the head at the start of buffer into head. Accepts CRLF or bare
/// LF line ends and skips empty lines before the request line (RFC 9112
/// 2.2). Refuses: a request line longer than max_request_line_bytes (414),
/// a head longer than max_header_bytes or with more than max_header_count
/// headers (431), a version other than HTTP/1.0 and HTTP/1.1 (505), and
/// anything malformed (400): a method that is not a token, a target with a
/// space or a control byte, a header name that is not a token or has space
/// before its colon, obsolete line folding, a NUL or a control byte in a
/// value. Never throws (but std::bad_alloc).
[[nodiscard]] HeadResult parse_head(std::string_view buffer, const HeadLimits& limits, RequestHead& head);

}  // namespace dateline::net
