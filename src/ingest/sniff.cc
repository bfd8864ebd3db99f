#include "ingest/sniff.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "util/strings.h"

namespace dateline::ingest {
namespace {

bool space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

std::string_view skip_space(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && space(s[i])) ++i;
  return s.substr(i);
}

std::string extension_of(std::string_view filename) {
  std::size_t slash = filename.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? filename : filename.substr(slash + 1);
  std::size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return util::ascii_lower(base.substr(dot));
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && util::ascii_lower(s.substr(0, prefix.size())) == prefix;
}

// The name of the first element of an XML or HTML document, after the XML
// declaration, processing instructions, comments and a doctype; "!doctype
// html" when the doctype says HTML. Empty when none is found in s.
std::string first_element(std::string_view s) {
  for (int guard = 0; guard < 1000; ++guard) {
    s = skip_space(s);
    if (s.empty() || s[0] != '<') return {};
    if (s.substr(0, 4) == "<!--") {
      std::size_t end = s.find("-->");
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 3);
    } else if (s.substr(0, 2) == "<?") {
      std::size_t end = s.find("?>");
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 2);
    } else if (starts_with_ci(s, "<!doctype")) {
      std::string_view rest = skip_space(s.substr(9));
      if (starts_with_ci(rest, "html")) return "!doctype html";
      std::size_t end = s.find('>');
      if (end == std::string_view::npos) return {};
      // An internal subset ends with "]>".
      std::size_t bracket = s.find('[');
      if (bracket != std::string_view::npos && bracket < end) {
        end = s.find("]>");
        if (end == std::string_view::npos) return {};
        ++end;
      }
      s.remove_prefix(end + 1);
    } else {
      std::size_t i = 1;
      while (i < s.size() && !space(s[i]) && s[i] != '>' && s[i] != '/') ++i;
      return std::string(s.substr(1, i - 1));
    }
  }
  return {};
}

std::string local_name(const std::string& qname) {
  std::size_t colon = qname.find(':');
  return util::ascii_lower(colon == std::string::npos ? qname : qname.substr(colon + 1));
}

bool text_extension(const std::string& ext) { return ext.empty() || ext == ".txt" || ext == ".text"; }

Sniffed binary_type(std::string_view h) {
  struct Magic {
    std::string_view bytes;
    const char* type;
  };
  static constexpr Magic kMagic[] = {
      {"%PDF", "PDF document"},
      {"\x89PNG", "PNG image"},
      {"GIF8", "GIF image"},
      {"\xFF\xD8\xFF", "JPEG image"},
      {"PK\x03\x04", "ZIP archive"},
      {"\x7F"
       "ELF",
       "executable (ELF)"},
      {"RIFF", "RIFF media file"},
      {"7z\xBC\xAF", "7-Zip archive"},
      {"Rar!", "RAR archive"},
      {"\xD0\xCF\x11\xE0", "Microsoft Office document"},
      {"SQLite format 3", "SQLite database"},
  };
  for (const Magic& m : kMagic) {
    if (h.substr(0, m.bytes.size()) == m.bytes) return {Format::kAuto, m.type};
  }
  if (h.size() > 262 && h.substr(257, 5) == "ustar") return {Format::kAuto, "tar archive"};
  return {};
}

}  // namespace

Format format_for_extension(std::string_view filename) {
  std::string ext = extension_of(filename);
  if (ext == ".txt" || ext == ".text") return Format::kText;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonl;
  if (ext == ".json") return Format::kJson;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".rss" || ext == ".atom" || ext == ".rdf") return Format::kFeed;
  if (ext == ".nitf") return Format::kNitf;
  if (ext == ".newsml") return Format::kNewsml;
  if (ext == ".warc") return Format::kWarc;
  return Format::kAuto;
}

Sniffed sniff(std::string_view head, std::string_view filename) {
  head = head.substr(0, kSniffHead);
  std::string ext = extension_of(filename);
  if (Sniffed b = binary_type(head); !b.type.empty()) return b;
  std::string_view h = head;
  if (h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
  h = skip_space(h);
  if (h.empty()) return {Format::kAuto, "empty file"};
  // A WARC file's records may carry binary payloads.
  if (h.substr(0, 5) == "WARC/") return {Format::kWarc, {}};
  if (h.substr(0, 11) == "filedesc://") return {Format::kAuto, "ARC web archive (only WARC is read)"};
  if (head.find('\0') != std::string_view::npos) return {Format::kAuto, "binary file"};

  if (h[0] == '<') {
    std::string root = first_element(h);
    if (root == "!doctype html") return {Format::kHtml, {}};
    std::string name = local_name(root);
    if (name == "rss" || name == "feed") return {Format::kFeed, {}};
    if (name == "rdf" && h.find("purl.org/rss/1.0") != std::string_view::npos) return {Format::kFeed, {}};
    if (name == "newsmessage" || name == "newsitem" || name == "packageitem" || name == "newsml")
      return {Format::kNewsml, {}};
    // Parts of a NewsML-G2 item on their own (IPTC's examples have them,
    // often without a namespace declaration): known when G2's vocabulary
    // shows up in them.
    if (name == "contentmeta" || name == "contentset") {
      for (std::string_view marker :
           {"iptc.org/std/nar", "<inlineXML", "<inlineData", "<headline", "<located", "<subject",
            "<contentCreated", "<dateline", "<remoteContent"}) {
        if (h.find(marker) != std::string_view::npos) return {Format::kNewsml, {}};
      }
    }
    if (name == "nitf") return {Format::kNitf, {}};
    if (name == "html" || name == "head" || name == "body" || name == "meta" || name == "title" ||
        name == "article" || name == "div" || name == "p" || name == "link" || name == "script")
      return {Format::kHtml, {}};
    if (root.empty()) {
      // Markup we cannot place (a cut-off prologue): HTML if it says so.
      std::string lower = util::ascii_lower(h.substr(0, 4096));
      if (lower.find("<html") != std::string::npos || lower.find("<body") != std::string::npos)
        return {Format::kHtml, {}};
      return {Format::kAuto, "markup of an unknown kind"};
    }
    return {Format::kAuto, "XML (root element <" + util::printable(root.substr(0, 40)) + ">)"};
  }

  if (h[0] == '[') return {Format::kJson, {}};
  if (h[0] == '{') {
    // JSON Lines when the first line is a whole JSON value, else one JSON
    // document (pretty-printed, perhaps ninjs).
    std::size_t nl = h.find('\n');
    if (nl == std::string_view::npos) return {ext == ".json" ? Format::kJson : Format::kJsonl, {}};
    std::string_view first = h.substr(0, nl);
    if (nlohmann::json::accept(first)) return {Format::kJsonl, {}};
    return {Format::kJson, {}};
  }

  if (text_extension(ext)) return {Format::kText, {}};
  return {Format::kAuto, "text file (" + util::printable(ext) + ")"};
}

}  // namespace dateline::ingest
