#include "ingest/html_extract.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>
#include <unordered_map>

#include "ingest/html_dom.h"
#include "util/strings.h"

namespace dateline::ingest::html {
namespace {

// Elements that are never article text, whatever their class says.
bool furniture_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_H1:  // the headline is metadata
      return true;
    default: return false;
  }
}

bool block_tag(GumboTag tag) {
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
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
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
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BODY: return true;
    default: return false;
  }
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}

// The class and id of an element, lower-cased, each token wrapped in
// spaces so short words can be matched whole (" ad ", " nav ").
std::string class_and_id(const GumboNode* n) {
  std::string s = " ";
  for (const char* name : {"class", "id"}) {
    if (const char* v = attr(n, name)) {
      for (const char* p = v; *p; ++p) {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(*p)));
        s += (c == ' ' || c == '\t' || c == '\n') ? ' ' : c;
      }
      s += ' ';
    }
  }
  for (char& c : s)
    if (c == '_') c = '-';
  return s;
}

// Furniture whatever else the name says: no article sits inside these.
bool furniture_name(std::string_view s) {
  return contains_any(
      s, {"cookie",   "consent",   "gdpr",         "newsletter",  "subscri",  "signup",     "sign-up",
          "social",   "sharing",   "share-",       "-share",      " share ",  "sharebar",   "comment",
          "disqus",   "promo",     "outbrain",     "taboola",     "paywall",  "modal",      "popup",
          "related",  "recommend", "most-popular", "mostpopular", "trending", "breadcrumb", "byline",
          "dateline", "timestamp", " ad ",         " ads ",       "-ad ",     " ad-",       "advert",
          "sponsor",  "skip-link"});
}

// Names that make an element unlikely to hold the article, unless it also
// has a name that says content (Readability's unlikely candidates).
bool unlikely_name(std::string_view s) {
  return contains_any(
      s, {"banner",     "combx",        "community", "cover-wrap", "extra",   "footer",   "header",
          "legends",    "menu",         "remark",    "replies",    "rss",     "shoutbox", "sidebar",
          "skyscraper", "supplemental", "agegate",   "pagination", "pager",   "masthead", " nav",
          "nav-",       "navigation",   "toolbar",   "author",     "caption", "credit",   "tags"});
}

bool content_name(std::string_view s) {
  return contains_any(s, {"and", "article", "body", "column", "content", "main", "shadow", "story", "text"});
}

int class_weight(std::string_view s) {
  int w = 0;
  if (contains_any(s, {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post",
                       "text", "blog", "story"}))
    w += 25;
  if (contains_any(
          s, {"hidden",   " hid ",  "banner",     "combx",   "comment",    "com-",     "contact",  "foot",
              "footnote", "gdpr",   "masthead",   "media",   "meta",       "outbrain", "promo",    "related",
              "scroll",   "share",  "shoutbox",   "sidebar", "skyscraper", "sponsor",  "shopping", "tags",
              "tool",     "widget", "newsletter", "cookie",  "subscri",    "social",   "caption",  "byline"}))
    w -= 25;
  return w;
}

bool hidden(const GumboNode* n) {
  if (attr(n, "hidden")) return true;
  if (const char* a = attr(n, "aria-hidden"); a && std::string_view(a) == "true") return true;
  if (const char* st = attr(n, "style")) {
    std::string s = util::ascii_lower(st);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (contains_any(s, {"display:none", "visibility:hidden"})) return true;
  }
  if (const char* role = attr(n, "role")) {
    std::string r = util::ascii_lower(role);
    if (r == "navigation" || r == "banner" || r == "contentinfo" || r == "complementary" || r == "menu" ||
        r == "menubar" || r == "dialog" || r == "alert" || r == "alertdialog" || r == "search" ||
        r == "toolbar")
      return true;
  }
  return false;
}

struct Info {
  const GumboNode* node;
  int parent;
  GumboTag tag;
  bool dropped;  // furniture, or inside furniture
  int weight = 0;
  std::size_t text = 0;  // bytes of visible text, white space collapsed
  std::size_t link = 0;  // of which inside links
  std::size_t commas = 0;
  std::size_t paragraphs = 0;
  bool block_child = false;
  double score = 0;
  bool candidate = false;

  double link_density() const {
    return text == 0 ? 0 : static_cast<double>(link) / static_cast<double>(text);
  }
};

std::size_t collapsed_length(std::string_view s, std::size_t& commas) {
  std::size_t n = 0;
  bool space = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      if (!space) ++n;
      space = true;
      continue;
    }
    space = false;
    ++n;
    if (c == ',') ++commas;
    // U+FF0C and U+3001, the commas of CJK text.
    if (c == 0xEF && i + 2 < s.size() && s.substr(i, 3) == "\xEF\xBC\x8C") ++commas;
    if (c == 0xE3 && i + 2 < s.size() && s.substr(i, 3) == "\xE3\x80\x81") ++commas;
  }
  return n;
}

class Extractor {
 public:
  Extractor(const GumboNode* document, bool strict) : strict_(strict) { index(document); }

  std::vector<std::string> run() {
    score();
    int top = choose();
    if (top < 0) return {};
    std::vector<int> picked = with_siblings(top);
    std::vector<std::string> out;
    for (int i : picked) emit(i, out);
    return out;
  }

 private:
  bool furniture(const GumboNode* n, GumboTag tag) const {
    if (furniture_tag(tag) || hidden(n)) return true;
    if (!strict_ || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_A) return false;
    if (const char* prop = attr(n, "itemprop"); prop && std::string_view(prop) == "articleBody") return false;
    std::string names = class_and_id(n);
    if (names.size() <= 1) return false;
    if (furniture_name(names)) return true;
    return unlikely_name(names) && !content_name(names) && tag != GUMBO_TAG_ARTICLE && tag != GUMBO_TAG_MAIN;
  }

  void index(const GumboNode* document) {
    struct Item {
      const GumboNode* node;
      int parent;
      bool in_link;
    };
    std::vector<Item> stack;
    const GumboVector& top = document->v.document.children;
    for (unsigned i = top.length; i > 0; --i)
      stack.push_back({static_cast<const GumboNode*>(top.data[i - 1]), -1, false});
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      const GumboNode* n = it.node;
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        if (it.parent < 0) continue;
        Info& p = nodes_[it.parent];
        std::size_t len = collapsed_length(n->v.text.text, p.commas);
        p.text += len;
        if (it.in_link) p.link += len;
        continue;
      }
      if (n->type != GUMBO_NODE_ELEMENT) continue;
      GumboTag tag = n->v.element.tag;
      int me = static_cast<int>(nodes_.size());
      bool dropped = furniture(n, tag);
      nodes_.push_back({n, it.parent, tag, dropped});
      at_[n] = me;
      if (it.parent >= 0 && block_tag(tag)) nodes_[it.parent].block_child = true;
      if (dropped) continue;
      nodes_[me].weight = strict_ ? class_weight(class_and_id(n)) : 0;
      bool in_link = it.in_link || tag == GUMBO_TAG_A;
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i > 0; --i)
        stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), me, in_link});
    }
    // Pre-order: every child comes after its parent, so one backward pass
    // sums the subtrees.
    for (std::size_t i = nodes_.size(); i-- > 0;) {
      Info& n = nodes_[i];
      if (n.tag == GUMBO_TAG_P && !n.dropped) ++n.paragraphs;
      if (n.parent < 0 || n.dropped) continue;
      Info& p = nodes_[n.parent];
      p.text += n.text;
      p.link += n.link;
      p.commas += n.commas;
      p.paragraphs += n.paragraphs;
    }
  }

  void init_candidate(Info& n) {
    if (n.candidate) return;
    n.candidate = true;
    switch (n.tag) {
      case GUMBO_TAG_DIV: n.score = 5; break;
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_BLOCKQUOTE: n.score = 3; break;
      case GUMBO_TAG_ADDRESS:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_UL:
      case GUMBO_TAG_DL:
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
      case GUMBO_TAG_LI:
      case GUMBO_TAG_FORM: n.score = -3; break;
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
      case GUMBO_TAG_TH: n.score = -5; break;
      default: n.score = 0;
    }
    n.score += n.weight;
    // Pages that mark their text up say where it is.
    if (const char* prop = attr(n.node, "itemprop"); prop && std::string_view(prop) == "articleBody")
      n.score += 25;
  }

  // Paragraphs (and divs that hold only inline content) give points to the
  // containers above them: more for longer text and more commas.
  void score() {
    for (Info& n : nodes_) {
      if (n.dropped) continue;
      bool para = n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_PRE || n.tag == GUMBO_TAG_TD ||
                  (n.tag == GUMBO_TAG_DIV && !n.block_child);
      if (!para || n.text < 25) continue;
      double points = 1 + static_cast<double>(n.commas) + std::min(static_cast<double>(n.text) / 100.0, 3.0);
      int up = n.parent;
      for (int level = 0; up >= 0 && level < 5; ++level, up = nodes_[up].parent) {
        Info& a = nodes_[up];
        if (a.tag == GUMBO_TAG_HTML) break;
        init_candidate(a);
        a.score += points / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
      }
    }
    for (Info& n : nodes_)
      if (n.candidate) n.score *= 1 - n.link_density();
  }

  int choose() {
    std::vector<int> ranked;
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (nodes_[i].candidate) ranked.push_back(static_cast<int>(i));
    if (ranked.empty()) return -1;
    std::sort(ranked.begin(), ranked.end(), [&](int a, int b) { return nodes_[a].score > nodes_[b].score; });
    int top = ranked.front();
    double best = nodes_[top].score;
    // When other strong candidates share an ancestor with the best one, the
    // article is split across them: take the ancestor.
    std::vector<int> alternatives;
    for (std::size_t i = 1; i < ranked.size() && i < 5; ++i)
      if (nodes_[ranked[i]].score >= 0.75 * best) alternatives.push_back(ranked[i]);
    if (alternatives.size() >= 3) {
      for (int up = nodes_[top].parent; up >= 0 && nodes_[up].tag != GUMBO_TAG_BODY; up = nodes_[up].parent) {
        int holds = 0;
        for (int alt : alternatives)
          if (is_ancestor(up, alt)) ++holds;
        if (holds >= 3) {
          top = up;
          break;
        }
      }
    }
    // A parent that scores better than what the climb has seen holds more
    // of the article.
    double last = nodes_[top].score;
    double floor = last / 3;
    for (int up = nodes_[top].parent; up >= 0 && nodes_[up].tag != GUMBO_TAG_BODY; up = nodes_[up].parent) {
      if (!nodes_[up].candidate) continue;
      if (nodes_[up].score < floor) break;
      if (nodes_[up].score > last) {
        top = up;
        break;
      }
      last = nodes_[up].score;
    }
    // A lone child is its parent.
    while (nodes_[top].parent >= 0 && nodes_[nodes_[top].parent].tag != GUMBO_TAG_BODY &&
           element_children(nodes_[top].parent) == 1)
      top = nodes_[top].parent;
    return top;
  }

  bool is_ancestor(int a, int n) const {
    for (int up = nodes_[n].parent; up >= 0; up = nodes_[up].parent)
      if (up == a) return true;
    return false;
  }

  int element_children(int i) const {
    int count = 0;
    const GumboVector& kids = nodes_[i].node->v.element.children;
    for (unsigned k = 0; k < kids.length; ++k) {
      const auto* c = static_cast<const GumboNode*>(kids.data[k]);
      if (c->type == GUMBO_NODE_ELEMENT) ++count;
    }
    return count;
  }

  // The top container and those of its siblings that look like more of the
  // article, in document order.
  std::vector<int> with_siblings(int top) {
    int parent = nodes_[top].parent;
    if (parent < 0) return {top};
    const Info& t = nodes_[top];
    double threshold = std::max(10.0, t.score * 0.2);
    std::string top_class = attr(t.node, "class") ? attr(t.node, "class") : "";
    std::vector<int> out;
    const GumboVector& kids = nodes_[parent].node->v.element.children;
    for (unsigned k = 0; k < kids.length; ++k) {
      auto it = at_.find(static_cast<const GumboNode*>(kids.data[k]));
      if (it == at_.end()) continue;
      int i = it->second;
      const Info& s = nodes_[i];
      if (s.dropped) continue;
      bool take = i == top;
      if (!take && s.candidate) {
        double bonus = 0;
        if (!top_class.empty() && attr(s.node, "class") && top_class == attr(s.node, "class"))
          bonus = t.score * 0.2;
        take = s.score + bonus >= threshold;
      }
      if (!take && s.tag == GUMBO_TAG_P) {
        double ld = s.link_density();
        take = (s.text > 80 && ld < 0.25) || (s.text > 0 && s.text <= 80 && ld == 0 && ends_sentence(s.node));
      }
      if (take) out.push_back(i);
    }
    return out;
  }

  static bool ends_sentence(const GumboNode* n) {
    std::string t = text_of(n);
    return !t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == '?');
  }

  // Blocks inside the content that are lists of links, boxes named like
  // furniture or scraps: Readability's conditional cleaning.
  bool cleaned(const Info& n) const {
    if (!strict_) return false;
    switch (n.tag) {
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_SECTION:
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_FORM:
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL: break;
      default: return false;
    }
    if (n.weight < 0) return true;
    if (n.commas >= 10) return false;
    double ld = n.link_density();
    if (n.tag == GUMBO_TAG_UL || n.tag == GUMBO_TAG_OL) return ld > 0.5;
    if ((n.weight < 25 && ld > 0.2) || ld > 0.5) return true;
    return n.text < 25 && n.paragraphs == 0;
  }

  // Appends the paragraphs under nodes_[root].
  void emit(int root, std::vector<std::string>& out) {
    struct Item {
      const GumboNode* node;
      bool closing;
      bool in_link;
    };
    std::string para;
    std::size_t link = 0;
    bool space = false;
    auto end_paragraph = [&] {
      std::string_view p = util::trim(para);
      // A paragraph that is mostly a link is a pointer elsewhere.
      if (!p.empty() && link * 2 <= p.size()) out.emplace_back(p);
      para.clear();
      link = 0;
      space = false;
    };
    std::vector<Item> stack{{nodes_[root].node, false, false}};
    while (!stack.empty()) {
      Item it = stack.back();
      stack.pop_back();
      const GumboNode* n = it.node;
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
        std::size_t before = para.size();
        append_collapsed(para, n->v.text.text, space);
        if (it.in_link) link += para.size() - before;
        continue;
      }
      if (n->type != GUMBO_NODE_ELEMENT) continue;
      GumboTag tag = n->v.element.tag;
      if (it.closing) {
        if (block_tag(tag)) end_paragraph();
        continue;
      }
      auto found = at_.find(n);
      if (found == at_.end()) continue;
      const Info& info = nodes_[found->second];
      if (info.dropped || (found->second != root && cleaned(info))) continue;
      if (block_tag(tag)) end_paragraph();
      stack.push_back({n, true, it.in_link});
      bool in_link = it.in_link || tag == GUMBO_TAG_A;
      const GumboVector& kids = n->v.element.children;
      for (unsigned i = kids.length; i > 0; --i)
        stack.push_back({static_cast<const GumboNode*>(kids.data[i - 1]), false, in_link});
    }
    end_paragraph();
  }

  bool strict_;
  std::vector<Info> nodes_;
  std::unordered_map<const GumboNode*, int> at_;
};

std::size_t total_length(const std::vector<std::string>& paras) {
  std::size_t n = 0;
  for (const std::string& p : paras) n += p.size();
  return n;
}

}  // namespace

std::vector<std::string> main_text(const GumboNode* document) {
  std::vector<std::string> paras = Extractor(document, /*strict=*/true).run();
  // Too little text: the furniture rules took the article too (a page whose
  // text sits in a box named "sidebar"); read again without them.
  constexpr std::size_t kEnough = 250;
  if (total_length(paras) < kEnough) {
    std::vector<std::string> loose = Extractor(document, /*strict=*/false).run();
    if (total_length(loose) > total_length(paras)) paras = std::move(loose);
  }
  return paras;
}

}  // namespace dateline::ingest::html
