#pragma once

#include <xapian.h>

#include "search/snippet.h"
#include "search/types.h"

namespace dateline::search {

/// The hit for the match it points at: the stored article's id, title,
/// date, source and url, its weight, and (when snippets) a snippet of its
/// body (else standfirst, else title) with hl's words marked.
[[nodiscard]] Hit make_hit(const Xapian::MSetIterator& it, const Highlighter& hl, bool snippets);

}  // namespace dateline::search
