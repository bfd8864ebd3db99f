#pragma once

// The countries an article is about ("focus countries", after CLIFF's), as
// opposed to every country it mentions.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::entities {

/// The part of an article a mention is in.
enum class MentionPart { kTitle, kStandfirst, kBody };

/// One mention of a country, or of a place or people of it ("Tokyo",
/// "Iranians"), where it occurs.
struct CountryMention {
  std::string country;  ///< ISO code, as in Entities::countries
  MentionPart part = MentionPart::kBody;
  std::size_t sentence = 0;  ///< the sentence's index within its part, from 0
};

/// How many of the body's first sentences are its lead.
inline constexpr std::size_t kLeadSentences = 1;

/// The countries an article is about, most central first. A country is
/// about the article if
///   1. the story was filed from it (dateline_country, "" if none);
///   2. it, a place in it or its people are named in the headline, the
///      standfirst or the lead (the body's first kLeadSentences sentences);
///   3. the story comes back to it: it is named in at least two sentences,
///      and its mentions are at least a quarter of all country mentions
///      of the article.
/// A country named once in passing further down ("the bonds will be listed
/// in Luxembourg") is not. Order: the dateline's country, then by how many
/// of headline and lead name it, then by mentions, then by first mention.
/// Returns distinct codes; each is dateline_country or one of mentions'.
[[nodiscard]] std::vector<std::string> focus_countries(const std::vector<CountryMention>& mentions,
                                                       std::string_view dateline_country);

}  // namespace dateline::entities
