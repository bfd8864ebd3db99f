#include "search/hits.h"

#include "article/article_json.h"
#include "article/date.h"

namespace dateline::search {

Hit make_hit(const Xapian::MSetIterator& it, const Highlighter& hl, bool snippets) {
  Hit h;
  Xapian::Document doc = it.get_document();
  article::Article a = article::from_stored_json(doc.get_data());
  h.docid = *it;
  h.id = a.id;
  h.title = a.title;
  if (a.published) h.date = article::format_iso(*a.published);
  h.source = a.source;
  h.url = a.url;
  h.score = it.get_weight();
  if (snippets) {
    // make_snippet reads only the start of the text: no copy of the body.
    const std::string& text = !a.body.empty() ? a.body : !a.standfirst.empty() ? a.standfirst : a.title;
    h.snippet = make_snippet(text, hl);
  }
  return h;
}

}  // namespace dateline::search
