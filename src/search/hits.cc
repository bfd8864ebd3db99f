#include "search/hits.h"

#include "article/article_json.h"
#include "article/date.h"
#include "util/error.h"

namespace dateline::search {

article::Article stored_article(const Xapian::Document& doc, const std::string& db_path) {
  try {
    return article::from_stored_json(doc.get_data());
  } catch (const Error& e) {
    throw Error(db_path + ": document " + std::to_string(doc.get_docid()) + ": " + e.what() +
                " (the index is damaged: re-index the article to replace it)");
  }
}

Hit make_hit(const Xapian::MSetIterator& it, const Highlighter& hl, bool snippets,
             const std::string& db_path) {
  Hit h;
  Xapian::Document doc = it.get_document();
  article::Article a = stored_article(doc, db_path);
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
