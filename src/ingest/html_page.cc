#include "ingest/html_page.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <memory>

#include "article/date.h"
#include "ingest/encoding.h"
#include "ingest/html_dom.h"
#include "ingest/html_extract.h"
#include "ingest/html_meta.h"
#include "ingest/html_text.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

// Deeper pages are refused before parsing: Gumbo's tree building takes
// time quadratic in the depth (40,000 nested <div> take half a minute) and
// its clean-up recurses once per level. Real article pages nest well under
// a hundred levels.

// Paragraphs shorter than this that repeat are labels.
constexpr std::size_t kLabelBytes = 100;

// The declared charset of an HTML page: <meta charset> or http-equiv.
std::string meta_charset(std::string_view bytes) {
  std::string head = util::ascii_lower(bytes.substr(0, 4096));
  std::size_t at = head.find("charset");
  if (at == std::string::npos) return {};
  std::size_t p = at + 7;
  while (p < head.size() && head[p] == ' ') ++p;
  if (p >= head.size() || head[p] != '=') return {};
  ++p;
  while (p < head.size() && (head[p] == ' ' || head[p] == '"' || head[p] == '\'')) ++p;
  std::size_t end = p;
  while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
                               head[end] == '_' || head[end] == ':' || head[end] == '.'))
    ++end;
  return std::string(bytes.substr(p, end - p));
}

struct GumboDeleter {
  void operator()(GumboOutput* out) const { gumbo_destroy_output(&kGumboDefaultOptions, out); }
};

// The words of s, lower-cased, for comparing a paragraph with the title.
std::string folded(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)) && !std::ispunct(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The body from the extracted paragraphs, without the headline and bylines
// that sit inside the content and are already metadata.
std::string join_body(const std::vector<std::string>& paras, const article::Article& a) {
  std::string title = folded(a.title);
  std::vector<std::string> bylines;
  for (const std::string& name : a.authors) {
    bylines.push_back(folded(name));
    bylines.push_back(folded("By " + name));
  }
  // A short line that comes back again and again ("Advertisement", the
  // title of a slideshow above each slide) is a label, not text.
  std::map<std::string, int> seen;
  for (const std::string& p : paras)
    if (p.size() < kLabelBytes) ++seen[p];
  std::string body;
  for (const std::string& p : paras) {
    std::string f = folded(p);
    if (f.empty() || (!title.empty() && f == title)) continue;
    if (p.size() < kLabelBytes && seen[p] >= 3) continue;
    if (std::find(bylines.begin(), bylines.end(), f) != bylines.end()) continue;
    if (!body.empty()) body += "\n\n";
    body += p;
  }
  return body;
}

// Words in s (runs between white space).
std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

// Every <p> of the page outside navigation, header, footer, aside and
// forms: the text of a page too small for main_text's scoring (a short
// notice, a one-paragraph brief). Iterative, like the rest.
std::vector<std::string> plain_paragraphs(const GumboNode* root) {
  std::vector<std::string> paras;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    const GumboVector* kids = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) {
      kids = &n->v.document.children;
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      GumboTag tag = n->v.element.tag;
      if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FOOTER ||
          tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FORM || tag == GUMBO_TAG_HEAD)
        continue;
      if (tag == GUMBO_TAG_P) {
        std::string t = html::text_of(n);
        if (!t.empty()) paras.push_back(std::move(t));
        continue;
      }
      kids = &n->v.element.children;
    }
    if (kids == nullptr) continue;
    for (unsigned i = kids->length; i > 0; --i)
      stack.push_back(static_cast<const GumboNode*>(kids->data[i - 1]));
  }
  return paras;
}

}  // namespace

Page page_from_html(std::string_view bytes, const PageHints& hints) {
  std::string declared = meta_charset(bytes);
  if (declared.empty()) declared = hints.charset;
  Utf8Text utf8 = to_utf8(bytes, declared);
  if (std::size_t depth = html::nesting_depth(utf8.text); depth > html::kMaxDepth) {
    throw InputError({}, 0,
                     "elements nest " + std::to_string(depth) + " deep, more than the " +
                         std::to_string(html::kMaxDepth) + " an article page may");
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not kept: HTML in the wild has many
  std::unique_ptr<GumboOutput, GumboDeleter> out(
      gumbo_parse_with_options(&options, utf8.text.data(), utf8.text.size()));

  html::PageMeta meta = html::read_meta(out->document);
  Page page;
  page.replaced = utf8.replaced;
  article::Article& a = page.article;
  a.title = std::move(meta.title);
  a.standfirst = std::move(meta.description);
  a.source = std::move(meta.site);
  a.url = meta.url.empty() ? hints.url : std::move(meta.url);
  a.language = std::move(meta.language);
  a.authors = std::move(meta.authors);
  a.published = meta.published ? meta.published : hints.fetched;
  a.extra = std::move(meta.extra);
  a.body = join_body(html::main_text(out->document), a);
  // JSON-LD's articleBody is the publisher's own text; it wins when the
  // page shows less of it (a teaser with the rest loaded by script). It may
  // hold markup, so it is measured like the page before it is parsed.
  if (!meta.body.empty() && html::nesting_depth(meta.body) <= html::kMaxDepth) {
    std::string ld = html_to_text(meta.body);
    if (word_count(ld) > word_count(a.body)) a.body = std::move(ld);
  }
  if (util::trim(a.body).empty()) a.body = join_body(plain_paragraphs(out->document), a);
  if (util::trim(a.body).empty()) throw InputError({}, 0, "no article text on the page");
  a.id = a.url.empty() ? article::content_id(a) : a.url;
  return page;
}

void read_html(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Record rec;
  rec.path = path;
  rec.line = 0;
  try {
    Page page = page_from_html(bytes);
    if (page.replaced > 0) {
      sink.warn(InputError(path, 0, std::to_string(page.replaced) + " invalid UTF-8 sequences replaced"));
    }
    rec.article = std::move(page.article);
  } catch (const InputError& e) {
    sink.report(InputError(path, 0, e.message(), e.field()));
    return;
  }
  fn(std::move(rec));
}

}  // namespace dateline::ingest
