#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

namespace dateline::ingest::html {

/// The paragraphs of a page's main text (UTF-8, white space collapsed),
/// without the page furniture: navigation, headers and footers, asides,
/// related links, comments, share bars, cookie and newsletter boxes,
/// captions. Readability-like: paragraphs score the containers above them
/// by their length and commas, link-heavy and furniture-named containers
/// lose, and the best container and its good siblings are read. Empty
/// when the page holds no article text.
[[nodiscard]] std::vector<std::string> main_text(const GumboNode* document);

}  // namespace dateline::ingest::html
