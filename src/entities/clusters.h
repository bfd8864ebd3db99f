#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline::entities {

// Brown word clusters (Brown et al. 1992, "Class-based n-gram models of
// natural language"), learned from unlabeled news text and used as features
// by the NER tagger. The learner is Liang's bounded variant (Liang 2005,
// "Semi-supervised learning for natural language", ch. 3): words enter in
// order of frequency, at most `window` + 1 clusters are active at a time,
// and each step merges the pair that loses the least average mutual
// information. The merge history forms a binary tree; a word's cluster is
// its root-to-leaf path as a bit string, and prefixes of that string give
// clusters of any granularity.

/// Splits raw English text into tokens the way CoNLL-2003 does: words,
/// numbers and punctuation as separate tokens, "'s" and "n't" split off,
/// abbreviations ("U.S.", "Mr.", "Corp.") kept whole. Thread safe. Views
/// point into text.
[[nodiscard]] std::vector<std::string_view> conll_tokenize(std::string_view text);

/// Token sequences for the cluster learner, with the words interned.
/// Not thread safe.
class ClusterCorpus {
 public:
  /// Appends one sequence (an article or a paragraph). Bigrams never cross
  /// sequence boundaries.
  void add_sequence(const std::vector<std::string_view>& tokens);

  /// Number of tokens added so far.
  [[nodiscard]] std::size_t token_count() const noexcept { return tokens_; }

 private:
  friend class BrownLearner;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::vector<std::uint32_t>> sequences_;
  std::size_t tokens_ = 0;
};

/// Settings of the Brown learner.
struct BrownOptions {
  std::size_t window = 500;     ///< active clusters (Liang's C)
  std::uint64_t min_count = 3;  ///< rarer words are left out
  /// Called now and then with (words added, vocabulary size); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// One word of the cluster file.
struct WordCluster {
  std::string word;
  std::string bits;  ///< path from the root, '0' = left, '1' = right
  std::uint64_t count = 0;
};

/// Learns Brown clusters from corpus. Deterministic: the same corpus and
/// options give the same result. Returns one entry per word with at least
/// min_count occurrences, most frequent first. Throws dateline::Error if
/// fewer than two words qualify.
[[nodiscard]] std::vector<WordCluster> learn_brown_clusters(const ClusterCorpus& corpus,
                                                            const BrownOptions& options);

/// Writes clusters in the format of Liang's wcluster "paths" file:
/// `bits<TAB>word<TAB>count` per line, paths cut after max_bits bits (0:
/// whole paths; the first words to enter the window get paths thousands of
/// bits long). Throws dateline::Error on I/O failure.
void write_clusters(const std::string& path, const std::vector<WordCluster>& clusters,
                    std::size_t max_bits = 0);

/// Reads a file written by write_clusters. Throws dateline::InputError
/// (path and line) for a malformed line, dateline::Error if the file cannot
/// be opened.
[[nodiscard]] std::vector<WordCluster> read_clusters(const std::string& path);

}  // namespace dateline::entities
