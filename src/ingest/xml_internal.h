#pragma once
// Shared by the XML readers (feed_reader, newsml_reader, nitf_reader): one
// way to parse hostile XML with libxml2, tree helpers that never recurse,
// and the conventions for handing items to the caller. Private to ingest/.

#include <libxml/tree.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article/article.h"
#include "ingest/reader.h"

namespace dateline::ingest::xml {

/// Where and why libxml2 stopped reading a document well-formed.
struct ParseError {
  std::size_t line = 0;
  std::string message;
};

/// A parsed document and what happened on the way.
struct Document {
  struct Free {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
  };
  std::unique_ptr<xmlDoc, Free> doc;  ///< null when nothing could be parsed
  std::optional<ParseError> error;    ///< the first fatal error, if any
  std::size_t replaced = 0;           ///< invalid UTF-8 sequences replaced by U+FFFD
  std::string undeclared_entity;      ///< the first entity left out for want of a declaration

  const xmlNode* root() const { return doc ? xmlDocGetRootElement(doc.get()) : nullptr; }
};

/// Parses bytes (any charset: an undeclared non-UTF-8 file is detected and
/// converted, declared UTF-8 with invalid bytes keeps its text with U+FFFD)
/// in recovery mode, so a truncated file keeps what came before the cut. No
/// network, no external DTD or entity is loaded, no entity is substituted,
/// libxml2's depth limit (256) stays on. When wrap is given, the bytes
/// (their XML declaration left out) are parsed inside <wrap>...</wrap>, for
/// files holding several top-level elements. Never throws for bad input.
[[nodiscard]] Document parse(std::string_view bytes, const char* wrap = nullptr);

/// The element's name without its namespace prefix.
[[nodiscard]] std::string_view local_name(const xmlNode* n);
/// True for an element whose local name is name.
[[nodiscard]] bool is(const xmlNode* n, std::string_view name);
/// The first element child with this local name, or null.
[[nodiscard]] const xmlNode* child(const xmlNode* n, std::string_view name);
/// Every element child with this local name, in order.
[[nodiscard]] std::vector<const xmlNode*> children(const xmlNode* n, std::string_view name);
/// Every element child, in order.
[[nodiscard]] std::vector<const xmlNode*> elements(const xmlNode* n);
/// Every descendant element with this local name, in document order (not
/// looking inside a match).
[[nodiscard]] std::vector<const xmlNode*> descendants(const xmlNode* n, std::string_view name);
/// The first descendant with this local name, or null.
[[nodiscard]] const xmlNode* descendant(const xmlNode* n, std::string_view name);
/// The value of an attribute matched by local name (any namespace), "" when absent.
[[nodiscard]] std::string attr(const xmlNode* n, std::string_view name);
/// The xml:lang in effect at n, "" when none.
[[nodiscard]] std::string lang(const xmlNode* n);
/// The 1-based line where n starts.
[[nodiscard]] std::size_t line(const xmlNode* n);

/// The text of n and its descendants as it stands (no white space change);
/// for HTML carried as text (RSS description) and for plain text.
[[nodiscard]] std::string raw_text(const xmlNode* n);
/// The text of n and its descendants on one line: white space runs become
/// one space, ends trimmed (titles, names).
[[nodiscard]] std::string text(const xmlNode* n);
/// The text of an XML body (XHTML, NITF body.content): block elements (p,
/// hl2, li, div, block, ...) end paragraphs, joined by a blank line; br is
/// a space; white space inside a paragraph collapses; head, script, style
/// and media are left out.
[[nodiscard]] std::string paragraphs(const xmlNode* n);
/// Plain text split into paragraphs at blank lines, each collapsed, joined
/// by a blank line.
[[nodiscard]] std::string text_paragraphs(std::string_view s);
/// White space runs collapsed to one space, ends trimmed.
[[nodiscard]] std::string collapse_space(std::string_view s);

/// (key, JSON text) pairs for Article::extra; empty values are left out and
/// a key already present keeps its first value (the NewsML envelope's
/// over the NITF it carries).
class Extras {
 public:
  explicit Extras(article::Article& a) : a_(a) {}
  void add_string(const std::string& key, const std::string& value);
  /// A JSON array of the distinct, non-empty values, in first-seen order.
  void add_strings(const std::string& key, const std::vector<std::string>& values);
  /// A JSON value (already encoded) as it is.
  void add_json(const std::string& key, std::string json);
  /// The date as ISO 8601 UTC when it parses, else as written.
  void add_date(const std::string& key, const std::string& value);

 private:
  void add(const std::string& key, std::string json);
  article::Article& a_;
};

/// Encodes a JSON object of the non-empty (key, value) string pairs.
[[nodiscard]] std::string json_object(const std::vector<std::pair<std::string, std::string>>& fields);

/// The author's name from an RSS author ("jo@example.com (Jo Bloggs)" ->
/// "Jo Bloggs"), an address in angle brackets ("Jo <jo@x>" -> "Jo") or a
/// byline ("By JO BLOGGS," -> "JO BLOGGS").
[[nodiscard]] std::string person_name(std::string_view s);

/// Turns item elements into articles with the conventions every XML reader
/// shares: item N (1-based, LocationUnit::kItem) is extract(items[N-1]);
/// when the document broke, the item the error falls in is reported once
/// and skipped, those before it (and any the parser recovered after it)
/// are kept; an article without title and body is reported; ids fall back
/// to the URL, then to article::content_id; replaced invalid bytes are
/// warned about once per article they appear in. extract returns false to
/// skip an item silently (a NewsML-G2 packageItem). A parse error outside
/// every item (or with no items) is reported once with its line. Returns
/// the number of articles handed to fn.
using ExtractFn = std::function<bool(const xmlNode* item, std::size_t n, article::Article& a)>;
std::size_t emit_items(const Document& doc, const std::vector<const xmlNode*>& items, const std::string& path,
                       ErrorSink& sink, const RecordFn& fn, const ExtractFn& extract);

/// code in upper case when it is two ASCII letters (an ISO 3166-1 alpha-2
/// country code), else "".
[[nodiscard]] std::string iso_country(std::string_view code);

/// Reads the whole stream (bounded by what it holds).
[[nodiscard]] std::string slurp(std::istream& in);

/// Reports a document that has no root element (nothing parsed) as "not
/// XML", with the parser's first error and its line where there is one.
void report_not_xml(const Document& doc, const std::string& path, ErrorSink& sink);

/// Fills a from a NITF document or fragment (the root <nitf>, or the
/// <nitf> a NewsML item carries): fields a already has are kept, so the
/// NewsML envelope wins over the NITF it wraps. Defined in nitf_reader.cc.
void fill_from_nitf(const xmlNode* nitf, article::Article& a);

}  // namespace dateline::ingest::xml
