#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dateline::search {

/// A piece of a snippet: plain text, or a word that matched the query.
struct SnippetPart {
  std::string text;
  bool match = false;
};

/// The words to highlight: folded words, and stems whose words count too.
struct Highlighter {
  std::unordered_set<std::string> words;
  std::unordered_set<std::string> stems;
};

/// How much of a text make_snippet reads: its first 64 KiB. The work per
/// hit is then bounded whatever the article's size; a match further in
/// gets no highlighted snippet.
inline constexpr std::size_t kSnippetScanBytes = 64 * 1024;

/// Picks the window of about max_words words of the first kSnippetScanBytes
/// of text (cut at a character boundary) that holds the most distinct query
/// words (the start of the text when none matches) and splits it into
/// parts, matched words marked. "…" marks cut ends.
[[nodiscard]] std::vector<SnippetPart> make_snippet(std::string_view text, const Highlighter& h,
                                                    std::size_t max_words = 32);

/// The snippet with matches wrapped in <mark>…</mark> and everything else
/// HTML-escaped.
[[nodiscard]] std::string snippet_html(const std::vector<SnippetPart>& parts);

/// The snippet for a terminal: its text through util::printable (no
/// control characters from the article reach the terminal), matches in
/// bold (ANSI escape codes) when bold is true.
[[nodiscard]] std::string snippet_terminal(const std::vector<SnippetPart>& parts, bool bold);

/// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(std::string_view s);

}  // namespace dateline::search
