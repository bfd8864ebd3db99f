#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline::http {

/// Query parameters, decoded. A name may repeat; equal names keep the
/// order of the request (std::multimap keeps insertion order).
using Params = std::multimap<std::string, std::string>;

/// One HTTP request as the handler sees it: no socket, already decoded.
struct HttpRequest {
  std::string method;  ///< "GET", "HEAD", "POST", ...
  std::string path;    ///< percent-decoded, without the query string
  Params params;       ///< percent-decoded, '+' read as a space
  /// Bytes of the query string as received (before decoding), for the
  /// 414 limit.
  std::size_t query_bytes = 0;
};

/// One HTTP response. The transport adds Content-Length and drops the body
/// of a HEAD response.
struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  /// Extra headers, in order.
  std::vector<std::pair<std::string, std::string>> headers;

  /// The value of the first header called name (ASCII case-insensitive),
  /// or "" if there is none.
  [[nodiscard]] std::string header(std::string_view name) const;
};

/// Percent-decodes s. With plus_is_space, '+' becomes a space (query
/// strings); paths keep it. A '%' not followed by two hex digits is kept
/// as it is. Never throws; the result may be invalid UTF-8.
[[nodiscard]] std::string url_decode(std::string_view s, bool plus_is_space);

/// Percent-encodes every byte of s except ASCII letters, digits and
/// "-._~" (for building URLs in tests and logs).
[[nodiscard]] std::string url_encode(std::string_view s);

/// Splits a request target ("/search?q=oil+price&person=X") into a decoded
/// path and parameters. "a&&b=" gives a="" and b=""; a name without '='
/// has the value "". Never throws.
[[nodiscard]] HttpRequest parse_target(std::string method, std::string_view target);

}  // namespace dateline::http
