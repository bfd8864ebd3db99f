#include "ingest/html_text.h"

#include <gumbo.h>

#include <vector>

#include "ingest/html_dom.h"

namespace dateline::ingest {
namespace {

bool skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH: return true;
    default: return false;
  }
}

bool block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_BODY: return true;
    default: return false;
  }
}

// Paragraphs collected from a walk over the tree (iterative: a deeply
// nested page cannot exhaust the stack).
class TextCollector {
 public:
  void walk(const GumboNode* root) {
    struct Item {
      const GumboNode* node;
      bool closing;
    };
    std::vector<Item> stack{{root, false}};
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      const GumboNode* n = it.node;
      if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
        GumboTag tag = n->v.element.tag;
        if (it.closing) {
          if (block(tag)) end_paragraph();
          continue;
        }
        if (skipped(tag)) continue;
        if (block(tag)) end_paragraph();
        stack.push_back({n, true});
        const GumboVector& kids = n->v.element.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), false});
        }
      } else if (n->type == GUMBO_NODE_DOCUMENT) {
        const GumboVector& kids = n->v.document.children;
        for (unsigned i = kids.length; i > 0; --i) {
          stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), false});
        }
      } else if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
                 n->type == GUMBO_NODE_CDATA) {
        add_text(n->v.text.text);
      }
    }
    end_paragraph();
  }

  std::string take() { return std::move(out_); }

 private:
  void add_text(const char* text) {
    for (const char* p = text; *p; ++p) {
      char c = *p;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        pending_space_ = !para_.empty();
      } else if (c == '\xC2' && p[1] == '\xA0') {  // no-break space
        pending_space_ = !para_.empty();
        ++p;
      } else {
        if (pending_space_) para_ += ' ';
        pending_space_ = false;
        para_ += c;
      }
    }
  }
  void end_paragraph() {
    if (!para_.empty()) {
      if (!out_.empty()) out_ += "\n\n";
      out_ += para_;
      para_.clear();
    }
    pending_space_ = false;
  }

  std::string out_;
  std::string para_;
  bool pending_space_ = false;
};

// Text of markup nested too deep to parse: the characters outside tags,
// white space collapsed. Crude, but linear, and no markup survives.
std::string strip_tags(std::string_view html) {
  std::string out;
  bool space = false;
  std::size_t at = 0;
  while (at < html.size()) {
    std::size_t lt = html.find('<', at);
    if (lt == std::string_view::npos) lt = html.size();
    html::append_collapsed(out, html.substr(at, lt - at), space);
    if (lt == html.size()) break;
    std::size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) break;
    space = space || !out.empty();
    at = gt + 1;
  }
  return out;
}

}  // namespace

std::string html_to_text(std::string_view html) {
  if (html::nesting_depth(html) > html::kMaxDepth) return strip_tags(html);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // errors are not kept: the text is what matters
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  TextCollector collector;
  collector.walk(out->document);
  gumbo_destroy_output(&options, out);
  return collector.take();
}

}  // namespace dateline::ingest
