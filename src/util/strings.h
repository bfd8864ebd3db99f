#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::util {

/// Returns s without leading and trailing ASCII whitespace.
[[nodiscard]] std::string_view trim(std::string_view s);

/// Splits s at every occurrence of sep; empty pieces are kept.
[[nodiscard]] std::vector<std::string> split(std::string_view s, char sep);

/// ASCII-only lower-casing; bytes >= 0x80 are left alone.
[[nodiscard]] std::string ascii_lower(std::string_view s);

[[nodiscard]] bool starts_with_icase(std::string_view s, std::string_view prefix);

/// True if s is well-formed UTF-8 (no overlongs, no surrogates).
[[nodiscard]] bool valid_utf8(std::string_view s);

/// The length of the longest prefix of s of at most max_bytes bytes that
/// does not end inside a UTF-8 sequence (s itself is assumed well formed).
[[nodiscard]] std::size_t utf8_prefix_length(std::string_view s, std::size_t max_bytes);

/// What printable() does with line breaks and tabs.
enum class LineBreaks {
  kFlatten,  ///< '\n', '\r' and '\t' become a space each: a one-line field (a title, an id)
  kKeep,     ///< '\n' and '\t' are kept, "\r\n" becomes "\n": text of several lines (a body)
};

/// s made safe to write to a terminal: every control character, which a
/// terminal could take as a command (ESC starts the sequences that set the
/// window title or clear the screen), becomes U+FFFD (the replacement
/// character): C0 (U+0000 to U+001F), DEL and C1 (U+0080 to U+009F), and so
/// does each byte that is not part of well-formed UTF-8. Line breaks and
/// tabs are treated as lb says (a lone '\r' is always replaced). Everything
/// else is copied unchanged. Every text a command writes to a terminal that
/// holds input (titles, ids, file names, queries, messages quoting them)
/// goes through this; JSON output is escaped by its printer instead.
[[nodiscard]] std::string printable(std::string_view s, LineBreaks lb = LineBreaks::kFlatten);

/// 64-bit FNV-1a hash; stable across runs and machines.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view s);

/// Hash for unordered containers keyed by std::string, so that a lookup
/// by std::string_view does not build a string (use with std::equal_to<>).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// splitmix64's finaliser: every input bit affects every output bit. A
/// cheap, stable mixer for hashes built from other hashes.
[[nodiscard]] inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/// Lower-case hex of v, 16 digits.
[[nodiscard]] std::string hex64(std::uint64_t v);

}  // namespace dateline::util
