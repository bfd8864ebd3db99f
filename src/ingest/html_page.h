#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "article/article.h"
#include "ingest/reader.h"

namespace dateline::ingest {

/// What is known about a page from outside it (a WARC record, an HTTP
/// response): used where the page itself says nothing.
struct PageHints {
  std::string url;                      ///< where it was fetched from
  std::optional<std::int64_t> fetched;  ///< when (seconds since 1970), a last-resort date
  std::string charset;                  ///< from an HTTP Content-Type header
};

/// An article page read from HTML, with what was repaired on the way.
struct Page {
  article::Article article;
  std::size_t replaced = 0;  ///< invalid bytes replaced (declared UTF-8 that is not)
};

/// Reads one HTML article page (raw bytes, any charset): metadata from
/// JSON-LD, OpenGraph and <meta> tags, then <title>; the main text without
/// the page furniture (JSON-LD articleBody when it holds more). The id is
/// the canonical URL, else og:url or the JSON-LD url, else hints.url, else
/// article::content_id(). Throws InputError (no path) when the page holds
/// no article text, or nests elements too deeply to parse safely.
[[nodiscard]] Page page_from_html(std::string_view bytes, const PageHints& hints = {});

/// The reader for Format::kHtml: one article per file.
void read_html(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn);

}  // namespace dateline::ingest
