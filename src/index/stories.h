#pragma once

// Stories: clusters of near-duplicate articles (copies of one wire story,
// with new headlines, trimmed endings, added paragraphs), found at index
// time.
//
// An article's signature is a MinHash of the set of its body's word
// shingles (kShingleWords folded words in a row; numbers are words, so two
// earnings tables or market reports that differ by their figures differ).
// The headline is not used: copies get new ones. The signature's values,
// cut into kStoryBands bands of kStoryRows, give the band keys of
// locality-sensitive hashing: two articles that share a band key are
// candidates, and a candidate is a copy only if the similarity estimated
// from the signatures passes the threshold of same_story().
//
// The index keeps every article's signature (slot kSlotSignature) and band
// keys (XLSH: terms), so a later run finds candidates among the articles
// indexed before it, whichever shard holds them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline::index {

/// Words per shingle.
inline constexpr std::size_t kShingleWords = 4;
/// MinHash values per signature; kStoryBands * kStoryRows of them make the
/// band keys.
inline constexpr std::size_t kStoryHashes = 60;
inline constexpr std::size_t kStoryBands = 20;
inline constexpr std::size_t kStoryRows = 3;
static_assert(kStoryBands * kStoryRows <= kStoryHashes);
/// Bodies with fewer distinct shingles are their own story: a short brief
/// is mostly its template ("Shr 12 cts vs 10 cts"), and too few shingles
/// make the estimate noisy.
inline constexpr std::uint32_t kMinStoryShingles = 20;

/// The MinHash signature of a body.
struct StorySignature {
  std::uint32_t shingles = 0;  ///< distinct shingles of the body
  std::array<std::uint32_t, kStoryHashes> mins{};

  /// True when the body is long enough to be clustered (kMinStoryShingles).
  [[nodiscard]] bool clusterable() const { return shingles >= kMinStoryShingles; }
};

/// The signature of a body's text. Words are runs of ASCII letters and
/// digits or non-ASCII bytes, ASCII letters lower-cased. Thread safe.
[[nodiscard]] StorySignature story_signature(std::string_view body);

/// The signature as the bytes of slot kSlotSignature, and back; parse
/// returns nothing for bytes that are not a signature.
[[nodiscard]] std::string serialise_signature(const StorySignature& s);
[[nodiscard]] std::optional<StorySignature> parse_signature(std::string_view bytes);

/// The 64-bit key of band b of a signature (b < kStoryBands).
[[nodiscard]] std::uint64_t band_key(const StorySignature& s, std::size_t band);

/// The XLSH: terms of a clusterable signature (none otherwise): the band
/// index and the band key's low 40 bits, in hex.
[[nodiscard]] std::vector<std::string> band_terms(const StorySignature& s);

/// The estimated similarity of two signatures: the Jaccard index of their
/// shingle sets (the share of equal MinHash values), and the containment
/// |A∩B| / min(|A|,|B|) that it implies through the shingle counts, which
/// stays high when one copy is trimmed or has an added paragraph.
struct StorySimilarity {
  double jaccard = 0;
  double containment = 0;
};
[[nodiscard]] StorySimilarity story_similarity(const StorySignature& a, const StorySignature& b);

/// True when b is a copy of a (or the other way): both clusterable, and
/// the estimated similarity passes the verified threshold.
[[nodiscard]] bool same_story(const StorySignature& a, const StorySignature& b);

/// Adds an article's story to its document: the story term and slot
/// kSlotStory, and for a clusterable signature its band terms and slot
/// kSlotSignature.
void add_story(Xapian::Document& doc, const std::string& story_id, const StorySignature& s);

/// Assigns each article, in input order, a story id: the id of the first
/// article of its cluster, its own id when no earlier article is a copy.
/// Candidates come from the articles of this run, a window of the most
/// recent `window` of them (copies of a wire story arrive within days, and
/// memory stays bounded however large the archive grows: about 1.5 KB an
/// article, the signature and one band-table entry per band), and from the index as it was before the run,
/// through its band terms. Of the candidates that pass same_story(), the most similar gives its story. Not
/// thread safe: one thread (the indexer's dispatcher) calls assign().
class StoryClusterer {
 public:
  /// prior_path: the index before this run (a database or a stub of
  /// several), or "" for none. Throws Xapian::Error if it cannot be opened.
  StoryClusterer(std::size_t window, const std::string& prior_path);
  ~StoryClusterer();
  StoryClusterer(const StoryClusterer&) = delete;
  StoryClusterer& operator=(const StoryClusterer&) = delete;

  /// The story id of article id with signature s. Errors reading the prior
  /// index leave it out of the candidates (this run's articles still count).
  [[nodiscard]] std::string assign(const std::string& id, const StorySignature& s);

  /// Articles that joined an earlier article's story.
  [[nodiscard]] std::size_t joined() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline::index
