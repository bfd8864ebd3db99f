#pragma once

#include <xapian.h>

#include "article/article.h"

namespace dateline::index {

/// Turns an article (entities already filled in) into the Xapian document
/// described in schema/schema.h: free-text terms with positions, stems,
/// boolean filter terms, value slots and the stored JSON. An article that
/// declares no language is indexed and stored with the one
/// analysis::detect_language() reliably finds (language_detected set), or
/// with none; a declared language is kept as given. Thread safe:
/// worker threads build documents while one thread writes them.
[[nodiscard]] Xapian::Document build_document(const article::Article& a);

}  // namespace dateline::index
