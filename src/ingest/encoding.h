#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline::ingest {

/// Text converted to UTF-8, with what was done to get there.
struct Utf8Text {
  std::string text;          ///< valid UTF-8, without a byte order mark
  std::string charset;       ///< the charset the bytes were read as ("UTF-8", "ISO-8859-1", ...)
  bool detected = false;     ///< charset was guessed (nothing usable was declared)
  std::size_t replaced = 0;  ///< invalid sequences replaced by U+FFFD
};

/// The charset a byte order mark at the start of bytes names ("UTF-8",
/// "UTF-16LE", ...), or "".
[[nodiscard]] std::string charset_from_bom(std::string_view bytes);

/// The encoding named in an XML declaration at the start of bytes
/// (`<?xml version="1.0" encoding="ISO-8859-1"?>`), or "".
[[nodiscard]] std::string xml_declared_charset(std::string_view bytes);

/// The charset a value like "text/html; charset=windows-1252" names, or "".
[[nodiscard]] std::string charset_from_content_type(std::string_view content_type);

/// Whether ICU knows a converter for this charset name.
[[nodiscard]] bool known_charset(std::string_view charset);

/// Converts bytes to UTF-8. A byte order mark wins; then `declared` when ICU
/// knows it; else bytes that are valid UTF-8 stay UTF-8, and anything else
/// is detected with ICU's charset detector (windows-1252 when it has no
/// answer). Declared UTF-8 with invalid bytes keeps its text: each invalid
/// sequence becomes U+FFFD and is counted in `replaced`, for the caller to
/// report. Never throws for bad input.
[[nodiscard]] Utf8Text to_utf8(std::string_view bytes, std::string_view declared = {});

}  // namespace dateline::ingest
