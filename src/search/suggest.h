#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/filters.h"
#include "search/types.h"

namespace dateline::search {

/// Counts the articles a request finds, as a search runs it. Throws
/// InputError or QuerySyntaxError for text the query syntax reads
/// otherwise.
using RequestCounter = std::function<std::uint64_t(const SearchRequest&)>;

/// Completions of prefix for a search box, at most limit, most found
/// first: names of the suggestible entity fields of schema::kFields whose
/// words begin with the typed words (the last may be a word's beginning),
/// countries by name, and title words when one word is typed. Surnames
/// count towards the full names they stand for. Each suggestion's count is
/// what searching for it finds (count() of it as a filter of its kind, or
/// as a query for a word); the index's counts only pick which to search.
[[nodiscard]] std::vector<Suggestion> suggest(const Xapian::Database& db, const CountryNames& countries,
                                              Aliases& aliases, const RequestCounter& count,
                                              std::string_view prefix, std::size_t limit);

}  // namespace dateline::search
