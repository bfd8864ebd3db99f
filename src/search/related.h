#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <xapian.h>

#include "search/types.h"

namespace dateline::search {

/// The articles of db most like the article id (excluding it), best
/// first: those sharing the article's most telling words (Xapian's expand
/// set over the article alone, unprefixed words of three bytes or more, no
/// numbers). nullopt if the id is unknown; no hits when it has no such
/// words. db_path names the index in errors.
[[nodiscard]] std::optional<SearchResult> related(const Xapian::Database& db, const std::string& db_path,
                                                  const std::string& id, std::size_t limit);

}  // namespace dateline::search
