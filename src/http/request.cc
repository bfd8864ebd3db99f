#include "http/request.h"

#include "util/strings.h"

namespace dateline::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  std::string want = util::ascii_lower(name);
  for (const auto& [k, v] : headers) {
    if (util::ascii_lower(k) == want) return v;
  }
  return {};
}

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
                 u == '.' || u == '_' || u == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

HttpRequest parse_target(std::string method, std::string_view target) {
  HttpRequest req;
  req.method = std::move(method);
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  // A fragment never reaches a server, but a hand-made target may hold one.
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (std::size_t h = query.find('#'); h != std::string_view::npos) query = query.substr(0, h);
  req.path = url_decode(path, false);
  req.query_bytes = query.size();
  std::size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      std::string name = url_decode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? std::string() : url_decode(pair.substr(eq + 1), true);
      req.params.emplace(std::move(name), std::move(value));
    }
    start = end + 1;
  }
  return req;
}

}  // namespace dateline::http
