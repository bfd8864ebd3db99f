#pragma once

#include <gumbo.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::ingest::html {

/// What a page says about itself, each field from the first source that
/// has it: JSON-LD (an Article-like object), then OpenGraph and other
/// <meta> tags, then <title> and <html lang>.
struct PageMeta {
  std::string title;
  std::string site;         ///< publisher or site name
  std::string url;          ///< canonical link, else og:url or JSON-LD url
  std::string description;  ///< the standfirst
  std::string language;
  std::vector<std::string> authors;
  std::optional<std::int64_t> published;  ///< datePublished, else dateModified
  std::string body;                       ///< JSON-LD articleBody, when given
  /// Fields kept as they are: (key, JSON text), e.g. section, keywords.
  std::vector<std::pair<std::string, std::string>> extra;
};

/// Reads the metadata of a parsed page. Malformed JSON-LD is ignored.
[[nodiscard]] PageMeta read_meta(const GumboNode* document);

}  // namespace dateline::ingest::html
