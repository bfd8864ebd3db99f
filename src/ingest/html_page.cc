#include "ingest/html_page.h"

#include <gumbo.h>

#include <iterator>

#include "article/date.h"
#include "ingest/encoding.h"
#include "ingest/html_text.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

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

}  // namespace

// A first reading: the <title> and the text of the page. The extraction of
// metadata and of the main text is built on this.
Page page_from_html(std::string_view bytes, const PageHints& hints) {
  std::string declared = meta_charset(bytes);
  if (declared.empty()) declared = hints.charset;
  Utf8Text utf8 = to_utf8(bytes, declared);
  Page page;
  page.replaced = utf8.replaced;
  article::Article& a = page.article;
  std::string text = html_to_text(utf8.text);
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, utf8.text.data(), utf8.text.size());
  // <title> is in <head>, which html_to_text leaves out.
  std::vector<const GumboNode*> stack{out->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_TITLE && n->v.element.children.length > 0) {
      const auto* t = static_cast<const GumboNode*>(n->v.element.children.data[0]);
      if (t->type == GUMBO_NODE_TEXT) a.title = std::string(util::trim(t->v.text.text));
      break;
    }
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(kids.data[i - 1]));
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  a.body = std::move(text);
  a.url = hints.url;
  a.published = hints.fetched;
  if (std::string err = article::validate(a); !err.empty()) throw InputError({}, 0, err);
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
