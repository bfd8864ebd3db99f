#include "net/request_head.h"

#include <algorithm>

namespace dateline::net {
namespace {

// RFC 9110 5.6.2: tchar.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

// A target byte: visible ASCII or anything above (UTF-8 sent raw is
// decoded later, as before); no space, no control byte.
bool is_target_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

// A field value byte: tab, visible ASCII, obs-text; no other control byte.
bool is_value_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return c == '\t' || (u >= 0x20 && u != 0x7f);
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The line [begin, '\n') without its '\r'.
std::string_view line_at(std::string_view buffer, std::size_t begin, std::size_t newline) {
  std::string_view line = buffer.substr(begin, newline - begin);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HeadResult error(int status, std::string message) {
  return HeadResult{HeadStatus::kError, status, std::move(message)};
}

}  // namespace

const std::string* RequestHead::find(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::size_t RequestHead::count(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(headers.begin(), headers.end(), [name](const auto& h) { return h.first == name; }));
}

HeadResult parse_head(std::string_view buffer, const HeadLimits& limits, RequestHead& head) {
  std::size_t start = 0;
  // Empty lines before a request are allowed (a client's stray CRLF after
  // a body); a flood of them is a head like any other and meets the limit.
  while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) {
    if (buffer[start] == '\r' && start + 1 < buffer.size() && buffer[start + 1] != '\n') {
      return error(400, "malformed request line");
    }
    ++start;
  }
  if (start > limits.max_header_bytes) return error(431, "request header fields too large");

  std::size_t eol = buffer.find('\n', start);
  std::size_t line_bytes = (eol == std::string_view::npos ? buffer.size() : eol) - start;
  if (line_bytes > limits.max_request_line_bytes) {
    return error(
        414, "request line too long (at most " + std::to_string(limits.max_request_line_bytes) + " bytes)");
  }
  if (eol == std::string_view::npos) return {};

  std::string_view line = line_at(buffer, start, eol);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return error(400, "malformed request line");
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return error(400, "malformed request line: bad method");
  if (target.empty() || !std::all_of(target.begin(), target.end(), is_target_byte)) {
    return error(400, "malformed request line: bad target");
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
      version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return error(400, "malformed request line: bad version");
  }
  if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
    return error(505, "HTTP version not supported (HTTP/1.0 and HTTP/1.1 only)");
  }

  // The head ends at the first empty line.
  std::size_t pos = eol + 1;
  std::vector<std::pair<std::string, std::string>> headers;
  for (;;) {
    std::size_t next = buffer.find('\n', pos);
    if (next == std::string_view::npos) {
      if (buffer.size() - start > limits.max_header_bytes)
        return error(431, "request header fields too large");
      return {};
    }
    if (next + 1 - start > limits.max_header_bytes) return error(431, "request header fields too large");
    std::string_view field = line_at(buffer, pos, next);
    pos = next + 1;
    if (field.empty()) break;
    if (field.front() == ' ' || field.front() == '\t') return error(400, "obsolete header line folding");
    std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) return error(400, "malformed header line");
    std::string_view name = field.substr(0, colon);
    std::string_view value = trim_ows(field.substr(colon + 1));
    if (!is_token(name)) return error(400, "malformed header name");
    if (!std::all_of(value.begin(), value.end(), is_value_byte))
      return error(400, "control byte in a header");
    if (headers.size() == limits.max_header_count) {
      return error(431, "too many header fields (at most " + std::to_string(limits.max_header_count) + ")");
    }
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    headers.emplace_back(std::move(lower), std::string(value));
  }
  head.method = std::string(method);
  head.target = std::string(target);
  head.minor_version = version[7] - '0';
  head.headers = std::move(headers);
  head.bytes = pos;
  return HeadResult{HeadStatus::kComplete, 0, {}};
}

}  // namespace dateline::net
