#include "util/strings.h"

#include <cstdio>

namespace dateline::util {

std::string_view trim(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return ascii_lower(s.substr(0, prefix.size())) == ascii_lower(prefix);
}

namespace {

// The length of the well-formed UTF-8 sequence at p (no overlongs, no
// surrogates), its code point in *cp; 0 if there is none.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end, std::uint32_t* cp) {
  unsigned char c = *p;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  std::size_t len;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    *cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    *cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    *cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < len) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (p[i] & 0x3F);
  }
  if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
      (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) || (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

}  // namespace

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    std::uint32_t cp;
    std::size_t len = utf8_sequence(p, end, &cp);
    if (len == 0) return false;
    p += len;
  }
  return true;
}

std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s.size();
  std::size_t cut = max_bytes;
  // Back off over continuation bytes to the start of the cut sequence.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

std::string printable(std::string_view s, LineBreaks lb) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    std::uint32_t cp;
    std::size_t len = utf8_sequence(p, end, &cp);
    if (len == 0) {
      out += kReplacement;  // one per stray byte
      ++p;
      continue;
    }
    if (cp == '\n' || cp == '\t' || cp == '\r') {
      if (lb == LineBreaks::kFlatten) {
        out += ' ';
      } else if (cp != '\r') {
        out += static_cast<char>(cp);
      } else if (p + 1 == end || p[1] != '\n') {
        out += kReplacement;  // a lone CR would let text overwrite its line
      }
    } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      out += kReplacement;
    } else {
      out.append(reinterpret_cast<const char*>(p), len);
    }
    p += len;
  }
  return out;
}

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace dateline::util
