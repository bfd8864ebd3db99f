#include "search/snippet.h"

#include "analysis/analyzer.h"
#include "schema/terms.h"
#include "util/strings.h"

namespace dateline::search {

std::vector<SnippetPart> make_snippet(std::string_view text, const Highlighter& h, std::size_t max_words) {
  std::vector<SnippetPart> parts;
  // Tokens of a whole 50 MB body took seconds and gigabytes per hit: only
  // the start of a long text is read.
  const bool cut_short = text.size() > kSnippetScanBytes;
  if (cut_short) text = text.substr(0, util::utf8_prefix_length(text, kSnippetScanBytes));
  std::vector<analysis::Token> tokens = analysis::tokenize(text);
  if (cut_short && !tokens.empty()) {
    // The last word may be cut in two: leave it out, and end there.
    if (tokens.size() > 1 && tokens.back().end == text.size()) tokens.pop_back();
    text = text.substr(0, tokens.back().end);
  }
  if (tokens.empty()) {
    // Cut at a character boundary, never inside a UTF-8 sequence.
    std::size_t cut = std::min<std::size_t>(200, text.size());
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    if (!text.empty()) parts.push_back({std::string(text.substr(0, cut)), false});
    return parts;
  }
  std::vector<int> match(tokens.size(), -1);  // index of the matched query word
  std::vector<std::string> matched_terms;
  // English stems share their first three letters with the word (at least
  // for the words they could match), so only such words are stemmed:
  // stemming every word of every snippet was the costliest part.
  auto may_stem_to_query = [&](const std::string& term) {
    for (const std::string& st : h.stems) {
      std::size_t n = std::min<std::size_t>(3, st.size());
      if (term.size() >= n && term.compare(0, n, st, 0, n) == 0) return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& term = tokens[i].term;
    bool hit = h.words.count(term) > 0;
    if (!hit && !h.stems.empty() && may_stem_to_query(term)) {
      std::string stem = schema::stem_term(term);
      hit = !stem.empty() && h.stems.count(stem) > 0;
    }
    if (!hit) continue;
    std::string key = schema::stem_term(term);
    if (key.empty()) key = term;
    std::size_t k = 0;
    while (k < matched_terms.size() && matched_terms[k] != key) ++k;
    if (k == matched_terms.size()) matched_terms.push_back(key);
    match[i] = static_cast<int>(k);
  }
  // Slide a window of max_words tokens; score = distinct words * 100 + hits.
  std::size_t n = tokens.size();
  std::size_t w = std::min(max_words, n);
  std::size_t best_start = 0;
  long best_score = -1;
  std::vector<int> counts(matched_terms.size(), 0);
  long distinct = 0;
  long hits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (match[i] >= 0) {
      if (counts[match[i]]++ == 0) ++distinct;
      ++hits;
    }
    if (i >= w) {
      int m = match[i - w];
      if (m >= 0) {
        if (--counts[m] == 0) --distinct;
        --hits;
      }
    }
    if (i + 1 >= w) {
      long score = distinct * 100 + hits;
      if (score > best_score) {
        best_score = score;
        best_start = i + 1 - w;
      }
    }
  }
  // Start a few words before the first match so it has some context,
  // keeping the end of the window so no match is lost.
  std::size_t end_tok = best_start + w;  // exclusive
  if (best_score > 0) {
    std::size_t first = best_start;
    while (first < end_tok && match[first] < 0) ++first;
    std::size_t lead = std::min<std::size_t>(4, first);
    best_start = first - lead;
    end_tok = std::max(end_tok, std::min(n, best_start + w));
  }
  std::size_t from = best_start == 0 ? 0 : tokens[best_start].begin;
  std::size_t to = end_tok >= n ? text.size() : tokens[end_tok - 1].end;
  if (best_start > 0) parts.push_back({"… ", false});
  std::size_t cursor = from;
  for (std::size_t i = best_start; i < end_tok; ++i) {
    if (match[i] < 0) continue;
    if (tokens[i].begin > cursor) {
      parts.push_back({std::string(text.substr(cursor, tokens[i].begin - cursor)), false});
    }
    parts.push_back({std::string(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin)), true});
    cursor = tokens[i].end;
  }
  if (to > cursor) parts.push_back({std::string(text.substr(cursor, to - cursor)), false});
  if (end_tok < n || cut_short) parts.push_back({" …", false});
  // Line breaks and paragraph gaps read badly inside a snippet: one space.
  for (SnippetPart& p : parts) {
    std::string squeezed;
    squeezed.reserve(p.text.size());
    for (char c : p.text) {
      bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
      if (space && !squeezed.empty() && squeezed.back() == ' ') continue;
      squeezed += space ? ' ' : c;
    }
    p.text = std::move(squeezed);
  }
  return parts;
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string snippet_html(const std::vector<SnippetPart>& parts) {
  std::string out;
  for (const SnippetPart& p : parts) {
    if (p.match) {
      out += "<mark>" + html_escape(p.text) + "</mark>";
    } else {
      out += html_escape(p.text);
    }
  }
  return out;
}

std::string snippet_terminal(const std::vector<SnippetPart>& parts, bool bold) {
  std::string out;
  for (const SnippetPart& p : parts) {
    if (p.match && bold) {
      out += "\x1b[1m" + util::printable(p.text) + "\x1b[0m";
    } else {
      out += util::printable(p.text);
    }
  }
  return out;
}

}  // namespace dateline::search
