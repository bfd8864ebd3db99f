#include "ingest/html_dom.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "util/strings.h"

namespace dateline::ingest::html {

const char* attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

void append_collapsed(std::string& out, std::string_view text, bool& space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = true;
    } else if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      space = true;
      ++i;
    } else {
      if (space && !out.empty() && out.back() != ' ') out += ' ';
      space = false;
      out += c;
    }
  }
}

std::string text_of(const GumboNode* root) {
  std::string out;
  bool space = false;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      append_collapsed(out, n->v.text.text, space);
    } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
      GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT) continue;
      if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_LI)
        space = true;
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
    }
  }
  return std::string(util::trim(out));
}

namespace {

// Elements whose end tag may be left out (the parser closes them), and
// void elements, which have none: they do not count towards the depth.
bool closes_itself(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",     "base",   "br",    "col",   "embed",  "hr",       "img",     "input", "link",   "meta",
      "param",    "source", "track", "wbr",   "p",      "li",       "dt",      "dd",    "option", "optgroup",
      "tr",       "td",     "th",    "thead", "tbody",  "tfoot",    "rb",      "rt",    "rp",     "rtc",
      "colgroup", "html",   "head",  "body",  "keygen", "basefont", "bgsound", "frame", "image"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

}  // namespace

std::size_t nesting_depth(std::string_view html) {
  std::size_t depth = 0, deepest = 0;
  std::size_t i = 0;
  std::string name;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    bool end = i < html.size() && html[i] == '/';
    if (end) ++i;
    if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;
    name.clear();
    while (i < html.size() && (std::isalnum(static_cast<unsigned char>(html[i])) || html[i] == '-')) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[i])));
      ++i;
    }
    if (closes_itself(name)) continue;
    // Raw text elements: their content is not markup.
    if (!end && (name == "script" || name == "style" || name == "textarea" || name == "title" ||
                 name == "xmp" || name == "plaintext")) {
      std::string close = "</" + name;
      std::size_t at = i;
      while (true) {
        at = html.find("</", at);
        if (at == std::string_view::npos || util::starts_with_icase(html.substr(at), close)) break;
        at += 2;
      }
      if (at == std::string_view::npos) break;
      i = at;
      continue;
    }
    if (end) {
      if (depth > 0) --depth;
      continue;
    }
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

}  // namespace dateline::ingest::html
