#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

// How folded words (analysis::tokenize) become index terms. Both the
// indexer and the query parser call these, so the two sides agree.

/// Han bigram terms: every pair of adjacent characters of a Han word, so a
/// Chinese query word still matches when ICU's dictionary cut the article's
/// text into different words ("北京" inside "北京市").
inline constexpr const char* kPrefixHanBigram = "XH:";

/// The English stem of a folded Latin-script word ("talks" -> "talk"), or
/// an empty string for other words (numbers, other scripts), which are
/// matched unstemmed. Thread safe.
[[nodiscard]] std::string stem_term(const std::string& term);

/// The unique id term of an article id ("Q" + id; ids too long for a
/// Xapian term are cut and suffixed with a hash of the whole id).
[[nodiscard]] std::string id_term(const std::string& id);

/// Adjacent character pairs of a UTF-8 word (one pair for two characters,
/// none for one).
[[nodiscard]] std::vector<std::string> han_bigrams(std::string_view word);

}  // namespace dateline::schema
