#pragma once

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

/// Picks the window of about max_words words of text that holds the most
/// distinct query words (the start of the text when none matches) and
/// splits it into parts, matched words marked. "…" marks cut ends.
[[nodiscard]] std::vector<SnippetPart> make_snippet(std::string_view text, const Highlighter& h,
                                                    std::size_t max_words = 32);

/// The snippet with matches wrapped in <mark>…</mark> and everything else
/// HTML-escaped.
[[nodiscard]] std::string snippet_html(const std::vector<SnippetPart>& parts);

/// The snippet with matches in bold (ANSI escape codes) when bold is true,
/// else plain.
[[nodiscard]] std::string snippet_terminal(const std::vector<SnippetPart>& parts, bool bold);

/// Escapes &, <, >, " and ' for HTML text and attributes.
[[nodiscard]] std::string html_escape(std::string_view s);

}  // namespace dateline::search
