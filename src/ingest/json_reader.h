#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "article/article.h"
#include "ingest/reader.h"

namespace dateline::ingest {

/// The largest JSON document read_json takes whole (bigger ones are refused:
/// JSON Lines streams instead).
inline constexpr std::size_t kMaxJsonDocument = 256 * 1024 * 1024;

/// True when an object looks like IPTC ninjs (1.x or 2.x): a "uri" with one
/// of "version", "standard", "type", "headline(s)", "body_text",
/// "body_html", "body_xhtml", "bodies", "versioncreated", "firstcreated".
[[nodiscard]] bool is_ninjs(const nlohmann::json& value);

/// Builds an article from a ninjs object: the main headline (1.x
/// "headline", 2.x "headlines" with role "main", else the first); the
/// standfirst from "description_text"/"description_html" or 2.x
/// "descriptions"; the body from "body_text", else "body_html" or
/// "body_xhtml" as text, or 2.x "bodies"; authors from "byline"/"by" (split
/// at " and ", " & " and ';', a leading "By " dropped) and from people whose
/// "rel" names an author; published from "firstcreated", else
/// "versioncreated"; "uri" (else "guid") as id; "language". Everything else
/// is kept in extra as JSON text, and the ISO 3166 codes of places
/// (upper case) in extra "countries". Throws InputError (no path) for a
/// field of the wrong type, a bad date or no headline and no body. The
/// caller has kept the nesting within kMaxJsonDepth.
[[nodiscard]] article::Article article_from_ninjs(const nlohmann::json& value);

/// Reads a JSON document: one article object or an array of them, each a
/// ninjs object or an object with the keys of article_from_json_line. Each
/// element of an array is a record of its own (LocationUnit::kItem, 1-based):
/// a bad one is reported as path:item N and skipped, the others kept. An
/// empty file, a binary one, a document over kMaxJsonDocument or text after
/// the document are reported once.
void read_json(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
