#pragma once

// Private to the NER tagger and its training: labels and features
// (ner_features.cc), word lists, clusters, the feature table and byte
// readers (ner_resources.cc; writing them is ner_model_write.cc's, in the
// training library). The model file itself is ner_model_file.h. Not part
// of the API.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entities/ner.h"
#include "util/strings.h"

namespace dateline::entities::ner_internal {

// Labels are BILOU per type: O, then B/I/L/U for PER, ORG, LOC, MISC.
inline constexpr int kNumTypes = 4;
inline constexpr int kNumLabels = 1 + 4 * kNumTypes;
inline constexpr int kStart = kNumLabels;  // history before the sentence
inline constexpr std::string_view kTypeNames[kNumTypes] = {"PER", "ORG", "LOC", "MISC"};
enum Position { kB = 0, kI = 1, kL = 2, kU = 3 };

inline int label_of(int type, Position p) { return 1 + 4 * type + p; }
inline int type_of(int label) { return (label - 1) / 4; }
inline Position position_of(int label) { return static_cast<Position>((label - 1) % 4); }
/// Returns the type index of name, or -1.
int type_index(std::string_view name);

/// True if label may follow prev (kStart at the sentence start); at the
/// last token (last == true) it must also close any open entity.
bool valid_transition(int prev, int label, bool last);

/// BILOU labels for spans over n tokens.
std::vector<int> encode_bilou(const std::vector<EntitySpan>& spans, std::size_t n);
/// Spans of a BILOU sequence (assumed valid, as the tagger makes them).
std::vector<EntitySpan> decode_bilou(const std::vector<int>& labels);

/// The fields of line: the runs of characters not in blanks. Views point
/// into line.
inline std::vector<std::string_view> split_fields(std::string_view line, std::string_view blanks) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    std::size_t b = line.find_first_not_of(blanks);
    if (b == std::string_view::npos) break;
    line.remove_prefix(b);
    std::size_t e = line.find_first_of(blanks);
    out.push_back(line.substr(0, e));
    line.remove_prefix(e == std::string_view::npos ? line.size() : e);
  }
  return out;
}

// --- hashing --------------------------------------------------------------

using util::mix64;
inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;
inline std::uint64_t fnv_step(std::uint64_t h, unsigned char c) { return (h ^ c) * kFnvPrime; }
inline std::uint64_t hash_bytes(std::string_view s) {
  std::uint64_t h = kFnvOffset;
  for (char c : s) h = fnv_step(h, static_cast<unsigned char>(c));
  return h;
}
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
inline std::uint64_t hash_lower(std::string_view s) {
  std::uint64_t h = kFnvOffset;
  for (char c : s) h = fnv_step(h, static_cast<unsigned char>(ascii_lower(c)));
  return h;
}
/// Hash of s with its first byte upper-cased and the rest lower-cased.
inline std::uint64_t hash_title(std::string_view s) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = ascii_lower(s[i]);
    if (i == 0 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    h = fnv_step(h, static_cast<unsigned char>(c));
  }
  return h;
}
/// A feature: template id and value hash. Never 0 (0 marks empty slots).
inline std::uint64_t feature_key(std::uint32_t templ, std::uint64_t value) {
  std::uint64_t k = mix64(value + 0x9e3779b97f4a7c15ULL * (templ + 1));
  return k == 0 ? 1 : k;
}

/// Open-addressing map from feature key to row number. Lookups are thread
/// safe once building is over.
class FeatureTable {
 public:
  FeatureTable() { rehash(1024); }
  /// Returns the row of key, or -1.
  [[nodiscard]] std::int64_t find(std::uint64_t key) const {
    std::size_t i = key & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == key) return s.row;
      if (s.key == 0) return -1;
      i = (i + 1) & mask_;
    }
  }
  void prefetch(std::uint64_t key) const { __builtin_prefetch(&slots_[key & mask_]); }
  /// Returns the row of key, adding it as row size() if absent.
  std::uint32_t insert(std::uint64_t key);
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Keys in row order.
  [[nodiscard]] std::vector<std::uint64_t> keys_by_row() const;
  void reserve(std::size_t n);

 private:
  // Key and row side by side: one cache line per probe.
  struct Slot {
    std::uint64_t key;
    std::uint32_t row;
  };
  void rehash(std::size_t capacity);
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// --- model file bytes -------------------------------------------------------

/// Appends little-endian numbers and length-prefixed strings.
class ByteWriter {
 public:
  void u8(std::uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void i16(std::int16_t v) { raw(&v, sizeof v); }
  void f32(float v) { raw(&v, sizeof v); }
  void str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    buf_.append(s);
  }
  void raw(const void* p, std::size_t n) { buf_.append(static_cast<const char*>(p), n); }
  [[nodiscard]] const std::string& bytes() const { return buf_; }

 private:
  std::string buf_;
};

/// Reads what ByteWriter wrote; throws dateline::Error naming the file when
/// the data runs out or a length is absurd.
class ByteReader {
 public:
  ByteReader(std::string_view data, const std::string& path)
      : p_(data.data()), end_(data.data() + data.size()), path_(path) {}
  std::uint8_t u8() {
    std::uint8_t v;
    raw(&v, sizeof v);
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v;
    raw(&v, sizeof v);
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v;
    raw(&v, sizeof v);
    return v;
  }
  std::int16_t i16() {
    std::int16_t v;
    raw(&v, sizeof v);
    return v;
  }
  float f32() {
    float v;
    raw(&v, sizeof v);
    return v;
  }
  std::string_view str();
  void raw(void* out, std::size_t n);
  /// Throws unless at least n bytes remain (for checking counts up front).
  void need(std::uint64_t n) const;
  [[nodiscard]] bool at_end() const { return p_ == end_; }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const char* p_;
  const char* end_;
  const std::string& path_;
};

// --- resources: gazetteers and clusters -----------------------------------

inline constexpr int kMaxGazetteerLists = 16;
inline constexpr std::size_t kMaxGazetteerTokens = 6;
/// Only the first this many bits of a cluster path are ever used.
inline constexpr std::size_t kMaxClusterBits = 20;

/// Word lists and Brown clusters the features consult. Immutable after
/// loading, so thread safe.
class Resources {
 public:
  /// Reads data/ner/gaz-*.txt style lists (names become list names) and a
  /// cluster file. Throws dateline::Error / InputError. Training library
  /// only (ner_model_write.cc).
  void load_files(const std::vector<std::string>& gazetteer_paths, const std::string& clusters_path);
  /// Adds a list given by entry keys (see entry_key). Throws
  /// dateline::Error past kMaxGazetteerLists lists.
  void add_list(std::string name, std::vector<std::uint64_t> keys);
  /// The key of a gazetteer entry: its tokens, case-folded. Entries longer
  /// than kMaxGazetteerTokens never match.
  [[nodiscard]] static std::uint64_t entry_key(const std::vector<std::string_view>& tokens);
  /// Appends the stored form to out. Training library only.
  void write(ByteWriter& out) const;
  /// Reads what write() wrote; throws dateline::Error naming the file.
  void read(ByteReader& in);

  [[nodiscard]] std::size_t list_count() const { return list_names_.size(); }
  /// Starts loading what gazetteer_mask(h) will read.
  void prefetch_gazetteer(std::uint64_t h) const { gaz_index_.prefetch(mix64(h) | 1); }
  /// Bit mask of the lists holding the entry whose case-folded token hash
  /// is h (see entry_key and gazetteer_step), 0 if none.
  [[nodiscard]] std::uint32_t gazetteer_mask(std::uint64_t h) const;
  /// Index of the cluster of a word (exact hash, or lower-case hash when
  /// fold is set), or -1.
  [[nodiscard]] std::int64_t cluster_of(std::uint64_t h, bool fold) const;
  /// How often the word with exact hash h occurs in the cluster corpus
  /// (0 if it is not among the clustered words).
  [[nodiscard]] std::uint64_t word_count(std::uint64_t h) const {
    std::int64_t c = cluster_of(h, false);
    return c < 0 ? 0 : words_[c].count;
  }
  /// Hashes of the bit-string prefixes (lengths 4, 6, 10, 20) of a cluster.
  [[nodiscard]] const std::array<std::uint64_t, 4>& cluster_prefixes(std::size_t c) const {
    return prefixes_[c];
  }
  [[nodiscard]] std::size_t cluster_count() const { return words_.size(); }

 private:
  void build();

  // Stored form.
  // Lists are kept as entry keys only: the model file need not carry the
  // names themselves.
  std::vector<std::string> list_names_;
  std::vector<std::vector<std::uint64_t>> lists_;
  // A clustered word, kept as hashes: the model file need not hold the
  // words themselves.
  struct ClusterWord {
    std::uint64_t exact;   // hash_bytes of the word
    std::uint64_t folded;  // hash_lower of the word
    std::uint64_t count;   // occurrences in the cluster corpus
    std::string bits;      // path prefix, at most 20 bits
  };
  std::vector<ClusterWord> words_;
  // Derived lookup tables.
  FeatureTable gaz_index_;
  std::vector<std::uint32_t> gaz_masks_;
  FeatureTable cluster_index_;
  std::vector<std::uint32_t> cluster_rows_;  // table row -> cluster
  std::vector<std::array<std::uint64_t, 4>> prefixes_;
};

/// Continues a case-folded gazetteer hash with one more token.
inline std::uint64_t gazetteer_step(std::uint64_t h, std::string_view token, bool first) {
  if (!first) h = fnv_step(h, 0x1f);
  for (char c : token) h = fnv_step(h, static_cast<unsigned char>(ascii_lower(c)));
  return h;
}

// --- features ---------------------------------------------------------------

/// What the prediction-dependent features need of each token.
struct TokenInfo {
  std::uint64_t lower;  // hash of the lower-cased, digit-folded word
  std::uint64_t shape;  // hash of the compressed shape
  bool capitalised;     // starts with an ASCII capital letter
};

/// What the features need of one word. It depends on the word and on
/// whether the sentence is in capitals, nothing else, so a tagger may
/// compute it once per word and keep it.
struct WordHashes {
  std::uint64_t word;         // hash of the exact bytes
  std::uint64_t lower;        // lower-cased, digits folded to '0'
  std::uint64_t shape;        // shape, runs cut at 4
  std::uint64_t short_shape;  // shape, runs cut at 1
  std::int64_t cluster;       // Brown cluster, or -1
  int case_bucket;            // kNoCaseBucket unless the word starts with a letter
};
inline constexpr int kNoCaseBucket = -1000;

/// True if the sentence has letters and none of them is lower case (a
/// headline in capitals).
bool is_caps_mode(const std::vector<std::string_view>& tokens);

/// The hashes of word w.
WordHashes describe_word(const Resources& res, std::string_view w, bool caps_mode);

/// What the prediction-dependent features need of word w (hashes h).
TokenInfo token_info(const WordHashes& h, std::string_view w);

/// The pseudo-word before (left) or after a sentence.
WordHashes outside_word(bool left);

/// A word contributes features to the tokens up to kWindow away from it.
inline constexpr int kWindow = 2;

/// Appends the keys that word w (hashes h) gives the token at distance d
/// from it (d = token - word, -kWindow..kWindow; d = 1: w is the token's left
/// neighbour). They depend on the word alone: a tagger may sum their weights
/// once per word. For the outside pseudo-words w is empty and d != 0.
void word_keys(const Resources& res, const WordHashes& h, std::string_view w, int d, bool caps_mode,
               std::vector<std::uint64_t>& keys);

/// Gazetteer matches of a sentence: gaz[i * kMaxGazetteerLists + l] is
/// 0, or 1 + the BILOU position of token i in a match of list l. hashes is
/// the caller's scratch space (overwritten), kept so that tagging does not
/// allocate per sentence.
void gazetteer_tags(const Resources& res, const std::vector<std::string_view>& tokens,
                    std::vector<std::uint8_t>& gaz, std::vector<std::uint64_t>& hashes);

/// Appends the keys of token i that are not any one word's: the bias, word
/// pairs, gazetteer matches and position. Reads lower, short_shape and
/// case_bucket of th[i-1 .. i+1].
void token_keys(const Resources& res, const std::vector<WordHashes>& th, const std::vector<std::uint8_t>& gaz,
                std::size_t i, bool caps_mode, std::vector<std::uint64_t>& keys);

/// Number of features that depend on earlier predictions.
inline constexpr int kNumDynamic = 5;

/// Computes the features of a sentence that do not depend on predictions:
/// keys[offsets[i] .. offsets[i+1]) are token i's. Thread safe.
void static_features(const Resources& res, const std::vector<std::string_view>& tokens,
                     std::vector<std::uint64_t>& keys, std::vector<std::uint32_t>& offsets,
                     std::vector<TokenInfo>& info);

/// The features of token info given the two previous labels: the
/// kNumLabelFeatures that depend on the labels alone come first.
void dynamic_features(const TokenInfo& info, int prev1, int prev2, std::uint64_t out[kNumDynamic]);
inline constexpr int kNumLabelFeatures = 3;

/// At most this many document features per token.
inline constexpr int kMaxDocumentFeatures = kNumTypes + 2;

/// The hash describe_word gives a word as WordHashes::lower (lower-cased,
/// digits folded to '0').
std::uint64_t folded_hash(std::string_view w);

/// What the tagger has said about each capitalised word in the same
/// document: earlier in it while the first pass goes (Ratinov & Roth's
/// "extended prediction history": a name tagged ORG once is likely ORG
/// again), and, in a second pass, anywhere in it (their two-stage
/// prediction aggregation: "Rotor" in the headline learns from "Rotor
/// Volgograd" further down). One per document; not thread safe.
class DocumentHistory {
 public:
  /// Writes the document features of a token to out; returns how many.
  /// With own >= 0 (slot_of a label), one occurrence labelled so is left
  /// out of the counts: the token's own first-pass label, in a second pass.
  int features(const TokenInfo& info, std::uint64_t out[kMaxDocumentFeatures], int own = -1) const;
  /// Remembers the labels given to a sentence's capitalised words.
  void record(const std::vector<TokenInfo>& info, const std::vector<int>& labels);
  void clear() { counts_.clear(); }
  /// A hash of the document features of the capitalised tokens of a
  /// sentence (own as in features(), per token, or null): two passes that
  /// give a sentence the same fingerprint give it the same features.
  [[nodiscard]] std::uint64_t fingerprint(const std::vector<std::string_view>& tokens,
                                          const std::vector<int>* own_labels) const;
  /// The count slot of a label: 0 for O, 1 + its type.
  static int slot_of(int label) { return label == 0 ? 0 : 1 + type_of(label); }

 private:
  struct Counts {
    std::uint64_t key;
    std::uint16_t n[kNumTypes + 1];  // O, then per type
  };
  // Few distinct words per article: a sorted vector beats a hash map.
  std::vector<Counts> counts_;
};

// --- model file -------------------------------------------------------------

/// Weights as stored: one row of kNumLabels per feature key.
struct Weights {
  std::vector<std::uint64_t> keys;
  std::vector<float> rows;  // keys.size() * kNumLabels
};

}  // namespace dateline::entities::ner_internal
