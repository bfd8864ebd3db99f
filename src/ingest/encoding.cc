#include "ingest/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <memory>
#include <vector>

#include "util/strings.h"

namespace dateline::ingest {
namespace {

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

bool is_utf8_name(std::string_view charset) {
  std::string c = util::ascii_lower(charset);
  return c == "utf-8" || c == "utf8";
}

// Value of attribute `name` (quoted with ' or ") inside a tag's text.
std::string attribute(std::string_view tag, std::string_view name) {
  std::size_t at = 0;
  std::string lower = util::ascii_lower(tag);
  while ((at = lower.find(name, at)) != std::string::npos) {
    std::size_t p = at + name.size();
    while (p < lower.size() && lower[p] == ' ') ++p;
    if (p < lower.size() && lower[p] == '=') {
      ++p;
      while (p < lower.size() && lower[p] == ' ') ++p;
      if (p < lower.size() && (lower[p] == '"' || lower[p] == '\'')) {
        char q = lower[p];
        std::size_t end = lower.find(q, p + 1);
        if (end != std::string::npos) return std::string(tag.substr(p + 1, end - p - 1));
      }
    }
    at = p;
  }
  return {};
}

// Replaces each invalid UTF-8 sequence by U+FFFD; returns how many.
std::size_t repair_utf8(std::string& text) {
  if (util::valid_utf8(text)) return 0;
  std::string out;
  out.reserve(text.size());
  std::size_t replaced = 0;
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  while (i < n) {
    unsigned char c = s[i];
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len > 0 && i + len <= n && util::valid_utf8(text.substr(i, len))) {
      out.append(text, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++replaced;
      ++i;
      // The continuation bytes of the broken sequence go with it.
      while (i < n && (s[i] & 0xC0) == 0x80) ++i;
    }
  }
  text = std::move(out);
  return replaced;
}

// Converts with ICU; false when the charset is unknown.
bool convert(std::string_view bytes, const std::string& charset, Utf8Text& out) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status)) return false;
  std::unique_ptr<UConverter, ConverterCloser> to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) return false;
  std::string result(bytes.size() * 3 + 16, '\0');
  char* target = result.data();
  const char* source = bytes.data();
  std::vector<UChar> pivot(1024);
  UChar* pivot_source = pivot.data();
  UChar* pivot_target = pivot.data();
  ucnv_convertEx(to.get(), from.get(), &target, result.data() + result.size(), &source,
                 bytes.data() + bytes.size(), pivot.data(), &pivot_source, &pivot_target,
                 pivot.data() + pivot.size(), true, true, &status);
  if (U_FAILURE(status)) return false;
  result.resize(static_cast<std::size_t>(target - result.data()));
  out.text = std::move(result);
  out.charset = charset;  // as named (ucnv_getName gives ICU's internal names)
  // ICU substitutes unmappable bytes with U+FFFD (or SUB); count them.
  std::size_t p = 0;
  while ((p = out.text.find("\xEF\xBF\xBD", p)) != std::string::npos) {
    ++out.replaced;
    p += 3;
  }
  return true;
}

std::string detect(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&status));
  if (U_FAILURE(status)) return "windows-1252";
  // Enough of the text for a reliable guess without reading all of a big file.
  std::string_view sample = bytes.substr(0, 256 * 1024);
  ucsdet_enableInputFilter(det.get(), true);  // ignore <markup>
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return "windows-1252";
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr) return "windows-1252";
  std::string n = name;
  // Not valid UTF-8 (checked before), so a UTF-8 guess is wrong; ISO-8859-1
  // guesses are read as its superset windows-1252, as browsers do.
  if (is_utf8_name(n) || util::ascii_lower(n) == "iso-8859-1") return "windows-1252";
  return n;
}

}  // namespace

std::string charset_from_bom(std::string_view b) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
  if (b.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4)) return "UTF-32LE";
  if (b.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) return "UTF-32BE";
  if (b.substr(0, 2) == "\xFF\xFE") return "UTF-16LE";
  if (b.substr(0, 2) == "\xFE\xFF") return "UTF-16BE";
  return {};
}

std::string xml_declared_charset(std::string_view bytes) {
  std::size_t start = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (start < bytes.size() &&
         (bytes[start] == ' ' || bytes[start] == '\n' || bytes[start] == '\r' || bytes[start] == '\t'))
    ++start;
  if (bytes.substr(start, 5) != "<?xml") return {};
  std::size_t end = bytes.find("?>", start);
  if (end == std::string_view::npos || end - start > 512) return {};
  return attribute(bytes.substr(start, end - start), "encoding");
}

std::string charset_from_content_type(std::string_view content_type) {
  std::string lower = util::ascii_lower(content_type);
  std::size_t at = lower.find("charset");
  if (at == std::string::npos) return {};
  std::size_t p = at + 7;
  while (p < lower.size() && lower[p] == ' ') ++p;
  if (p >= lower.size() || lower[p] != '=') return {};
  ++p;
  while (p < lower.size() && (lower[p] == ' ' || lower[p] == '"' || lower[p] == '\'')) ++p;
  std::size_t end = p;
  while (end < lower.size() && lower[end] != ';' && lower[end] != '"' && lower[end] != '\'' &&
         lower[end] != ' ')
    ++end;
  return std::string(content_type.substr(p, end - p));
}

bool known_charset(std::string_view charset) {
  if (charset.empty()) return false;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> c(ucnv_open(std::string(charset).c_str(), &status));
  return U_SUCCESS(status);
}

Utf8Text to_utf8(std::string_view bytes, std::string_view declared) {
  Utf8Text out;
  std::string bom = charset_from_bom(bytes);
  if (bom == "UTF-8") {
    bytes.remove_prefix(3);
    declared = "UTF-8";
  } else if (!bom.empty()) {
    declared = bom;
  }
  std::string charset(util::trim(declared));
  // Declared Latin-1 is, in practice, windows-1252 (HTML's rule); declared
  // ASCII says nothing about the bytes above 127, so those are detected.
  std::string lower = util::ascii_lower(charset);
  if (lower == "iso-8859-1" || lower == "latin1" || lower == "iso8859-1" || lower == "latin-1")
    charset = "windows-1252";
  if (lower == "us-ascii" || lower == "ascii") charset.clear();
  if (!charset.empty() && is_utf8_name(charset)) {
    out.text.assign(bytes);
    out.charset = "UTF-8";
    out.replaced = repair_utf8(out.text);
    return out;
  }
  if (!charset.empty() && known_charset(charset) && convert(bytes, charset, out)) return out;
  if (util::valid_utf8(bytes)) {
    out.text.assign(bytes);
    out.charset = "UTF-8";
    out.detected = charset.empty();
    return out;
  }
  out = {};
  out.detected = true;
  if (!convert(bytes, detect(bytes), out)) {
    out.text.assign(bytes);
    out.charset = "UTF-8";
    out.replaced = repair_utf8(out.text);
  }
  out.detected = true;
  return out;
}

}  // namespace dateline::ingest
