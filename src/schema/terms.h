#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

// How folded words (analysis::tokenize) become index terms. Both the
// indexer and the query parser call these, so the two sides agree.

/// The English stem of a folded Latin-script word ("talks" -> "talk"), or
/// an empty string for other words (numbers, other scripts), which are
/// matched unstemmed. Thread safe.
[[nodiscard]] std::string stem_term(const std::string& term);

/// The unique id term of an article id (the id row's prefix + id; ids too long for a
/// Xapian term are cut and suffixed with a hash of the whole id).
[[nodiscard]] std::string id_term(const std::string& id);

/// The story term of a story id (an article id): FieldId::kStory's prefix +
/// id, cut and hashed like id_term() when too long.
[[nodiscard]] std::string story_term(const std::string& story_id);

/// The value of kSlotOrder: 8 bytes big-endian of the publication time
/// (seconds, offset by 2^63 so earlier sorts lower; all zero when undated,
/// lowest), then the id's bytes complemented and 0xff. As a string it
/// sorts by date, then by id descending, so read in reverse (as ranking
/// does: newest first) ties come newest first, then by id ascending.
[[nodiscard]] std::string order_key(const std::optional<std::int64_t>& published, std::string_view id);

/// Adjacent character pairs of a UTF-8 word (one pair for two characters,
/// none for one): with FieldId::kHanBigram's prefix, the terms that let a
/// Chinese query word match when ICU's dictionary cut the article's text
/// into different words ("北京" inside "北京市").
[[nodiscard]] std::vector<std::string> han_bigrams(std::string_view word);

}  // namespace dateline::schema
