#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline::ingest::html {

/// The value of an element's attribute, or nullptr when it has none (or the
/// node is not an element).
[[nodiscard]] const char* attr(const GumboNode* n, const char* name);

/// The text under a node, white space collapsed to single spaces and
/// trimmed; script and style left out. Iterative, so depth does not matter.
[[nodiscard]] std::string text_of(const GumboNode* n);

/// Appends text to out with white space (ASCII and no-break space)
/// collapsed; `space` carries a pending space between calls.
void append_collapsed(std::string& out, std::string_view text, bool& space);

/// How deeply the elements of html nest, measured on the bytes without
/// parsing: start tags minus end tags of the elements whose end tag is
/// required (tags in comments count too, elements the parser adds itself
/// do not). Close to an upper bound on the depth of the tree, so a page can
/// be refused before Gumbo spends quadratic time (and its recursive
/// clean-up spends stack) on it.
[[nodiscard]] std::size_t nesting_depth(std::string_view html);

/// The deepest nesting (by nesting_depth) a page or fragment is parsed at.
/// News pages nest a few dozen levels; Gumbo's time grows with the square
/// of the depth (31 s for 40,000 levels).
inline constexpr std::size_t kMaxDepth = 5000;

}  // namespace dateline::ingest::html
