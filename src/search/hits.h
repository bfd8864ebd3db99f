#pragma once

#include <string>

#include <xapian.h>

#include "article/article.h"

#include "search/snippet.h"
#include "search/types.h"

namespace dateline::search {

/// The hit for the match it points at: the stored article's id, title,
/// date, source and url, its weight, and (when snippets) a snippet of its
/// body (else standfirst, else title) with hl's words marked.
/// db_path names the index in the error a damaged stored article gives.
[[nodiscard]] Hit make_hit(const Xapian::MSetIterator& it, const Highlighter& hl, bool snippets,
                           const std::string& db_path);

/// The article stored in doc, a document of the index at db_path. Stored
/// data that does not decode (only a damaged index has it) is an Error
/// naming the index and the document.
[[nodiscard]] article::Article stored_article(const Xapian::Document& doc, const std::string& db_path);

}  // namespace dateline::search
