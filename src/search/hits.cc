#include "search/hits.h"

#include <optional>
#include <string_view>

#include "article/article_json.h"
#include "article/date.h"
#include "util/error.h"

namespace dateline::search {
namespace {

// The body without the dateline it opens with ("CAMBRIDGE, Mass., March 3
// -"), which says nothing a snippet should start with. A dateline taken
// from an input's own field is not in the body: the body is kept whole.
std::string_view without_dateline(std::string_view body, const std::optional<article::Dateline>& d) {
  if (!d || d->text.empty()) return body;
  std::size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) ++i;
  if (body.compare(i, d->text.size(), d->text) != 0) return body;
  i += d->text.size();
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) ++i;
  return i < body.size() ? body.substr(i) : body;
}

}  // namespace

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
    std::string_view text = !a.body.empty()         ? without_dateline(a.body, a.entities.dateline)
                            : !a.standfirst.empty() ? std::string_view(a.standfirst)
                                                    : std::string_view(a.title);
    h.snippet = make_snippet(text, hl);
  }
  return h;
}

}  // namespace dateline::search
