#pragma once

#include <string>
#include <string_view>

#include "ingest/reader.h"

namespace dateline::ingest {

/// What a file holds, judged from its first bytes (already decompressed).
struct Sniffed {
  /// The reader to use; kAuto when no reader applies (see `type`).
  Format format = Format::kAuto;
  /// For a file no reader takes, what it seems to be, for the walk's
  /// summary: "empty file", "PNG image", "PDF document", "binary data",
  /// "XML (root element <kml>)", ...
  std::string type;
};

/// The bytes sniff() looks at (more is ignored).
inline constexpr std::size_t kSniffHead = 64 * 1024;

/// Sniffs the format from the content first: an XML root element (rss,
/// rdf:RDF, feed, NewsML-G2 items and messages, NewsML, nitf, html), an HTML
/// doctype or tag, a WARC record header, JSON Lines (a first line that is a
/// whole JSON object) against a JSON document, known binary signatures.
/// Plain text is text only when it looks like prose, not markup. The file
/// name (its extension) only breaks ties between text formats.
[[nodiscard]] Sniffed sniff(std::string_view head, std::string_view filename);

/// The format a file name's extension claims (".jsonl" -> kJsonl, ".rss" ->
/// kFeed, ...), or kAuto. Used only when the content matches no format: the
/// claimed format's reader then says what is wrong with the file.
[[nodiscard]] Format format_for_extension(std::string_view filename);

}  // namespace dateline::ingest
