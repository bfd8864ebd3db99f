#pragma once

#include <string>
#include <string_view>

namespace dateline::ingest {

/// The readable text of an HTML fragment or page (UTF-8 in and out), parsed
/// with an HTML5 parser: block elements (p, div, li, h1-h6, tr, br, ...)
/// end paragraphs, which are joined by a blank line; white space inside a
/// paragraph collapses to one space; character references are decoded;
/// script, style, noscript, template, head and form controls are left out.
/// Text that holds no markup comes back with only its white space tidied.
[[nodiscard]] std::string html_to_text(std::string_view html);

}  // namespace dateline::ingest
