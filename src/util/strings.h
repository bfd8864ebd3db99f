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

/// 64-bit FNV-1a hash; stable across runs and machines.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view s);

/// Hash for unordered containers keyed by std::string, so that a lookup
/// by std::string_view does not build a string (use with std::equal_to<>).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// Lower-case hex of v, 16 digits.
[[nodiscard]] std::string hex64(std::uint64_t v);

}  // namespace dateline::util
