// The English named-entity tagger: an averaged perceptron over hashed
// features, decoded greedily left to right with BILOU labels (Ratinov & Roth
// 2009, "Design challenges and misconceptions in named entity recognition").
// Features: the word and its lower-cased form, shapes, affixes, a window of
// two words each side, the two previous predictions, gazetteer matches,
// Brown cluster prefixes and how often the word is written in lower case in
// unlabeled news. Sentences in capitals (headlines) add lower-case identity
// features. The model holds two weight sets: one for lone sentences (tag)
// and one that also sees what was said earlier in the article
// (tag_document). Gazetteers (as hashes) and clusters are stored in the
// model file, so one file is the whole model.

#include "entities/ner.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>

#include "entities/data_dir.h"
#include "entities/ner_internal.h"
#include "entities/ner_model_file.h"
#include "util/error.h"

namespace dateline::entities {
namespace ner_internal {

static_assert(std::endian::native == std::endian::little,
              "the model file is little-endian");

int type_index(std::string_view name) {
  for (int t = 0; t < kNumTypes; ++t) {
    if (kTypeNames[t] == name) return t;
  }
  return -1;
}

bool valid_transition(int prev, int label, bool last) {
  bool open = prev != kStart && prev != 0 &&
              (position_of(prev) == kB || position_of(prev) == kI);
  if (open) {
    if (label == 0 || type_of(label) != type_of(prev)) return false;
    Position p = position_of(label);
    return p == kL || (p == kI && !last);
  }
  if (label == 0) return true;
  Position p = position_of(label);
  return p == kU || (p == kB && !last);
}

std::vector<int> encode_bilou(const std::vector<EntitySpan>& spans,
                              std::size_t n) {
  std::vector<int> labels(n, 0);
  for (const EntitySpan& s : spans) {
    int t = type_index(s.type);
    if (t < 0 || s.begin >= s.end || s.end > n) continue;
    if (s.end - s.begin == 1) {
      labels[s.begin] = label_of(t, kU);
      continue;
    }
    labels[s.begin] = label_of(t, kB);
    for (std::size_t i = s.begin + 1; i + 1 < s.end; ++i) {
      labels[i] = label_of(t, kI);
    }
    labels[s.end - 1] = label_of(t, kL);
  }
  return labels;
}

std::vector<EntitySpan> decode_bilou(const std::vector<int>& labels) {
  std::vector<EntitySpan> spans;
  std::size_t start = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    int l = labels[i];
    if (l == 0) continue;
    switch (position_of(l)) {
      case kU:
        spans.push_back({i, i + 1, std::string(kTypeNames[type_of(l)])});
        break;
      case kB:
        start = i;
        break;
      case kL:
        spans.push_back({start, i + 1, std::string(kTypeNames[type_of(l)])});
        break;
      case kI:
        break;
    }
  }
  return spans;
}

// --- FeatureTable -------------------------------------------------------------

void FeatureTable::rehash(std::size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{0, 0});
  mask_ = capacity - 1;
  for (const Slot& s : old) {
    if (s.key == 0) continue;
    std::size_t i = s.key & mask_;
    while (slots_[i].key != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void FeatureTable::reserve(std::size_t n) {
  std::size_t cap = slots_.size();
  while (cap < 2 * n) cap *= 2;
  if (cap != slots_.size()) rehash(cap);
}

std::uint32_t FeatureTable::insert(std::uint64_t key) {
  if (2 * (size_ + 1) > slots_.size()) rehash(slots_.size() * 2);
  std::size_t i = key & mask_;
  while (true) {
    Slot& s = slots_[i];
    if (s.key == key) return s.row;
    if (s.key == 0) {
      s.key = key;
      s.row = static_cast<std::uint32_t>(size_++);
      return s.row;
    }
    i = (i + 1) & mask_;
  }
}

std::vector<std::uint64_t> FeatureTable::keys_by_row() const {
  std::vector<std::uint64_t> keys(size_);
  for (const Slot& s : slots_) {
    if (s.key != 0) keys[s.row] = s.key;
  }
  return keys;
}

// --- ByteReader ---------------------------------------------------------------

void ByteReader::fail(const std::string& what) const {
  throw Error(path_ + ": malformed NER model: " + what);
}

void ByteReader::need(std::uint64_t n) const {
  if (n > static_cast<std::uint64_t>(end_ - p_)) fail("truncated");
}

void ByteReader::raw(void* out, std::size_t n) {
  need(n);
  std::memcpy(out, p_, n);
  p_ += n;
}

std::string_view ByteReader::str() {
  std::uint32_t n = u32();
  need(n);
  std::string_view s(p_, n);
  p_ += n;
  return s;
}

// --- Resources ----------------------------------------------------------------

namespace {

// Tags that keep exact-case and folded cluster keys apart in one table.
constexpr std::uint64_t kExactTag = 0x5bd1e9955bd1e995ULL;
constexpr std::uint64_t kFoldTag = 0x27d4eb2f165667c5ULL;
constexpr std::size_t kPrefixLengths[4] = {4, 6, 10, 20};

}  // namespace

std::uint64_t Resources::entry_key(const std::vector<std::string_view>& tokens) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    h = gazetteer_step(h, tokens[i], i == 0);
  }
  return h;
}

void Resources::add_list(std::string name, std::vector<std::uint64_t> keys) {
  if (lists_.size() >= kMaxGazetteerLists) {
    throw Error("at most " + std::to_string(kMaxGazetteerLists) +
                " gazetteer lists are supported");
  }
  list_names_.push_back(std::move(name));
  lists_.push_back(std::move(keys));
  build();
}

void Resources::read(ByteReader& in) {
  std::uint32_t lists = in.u32();
  if (lists > kMaxGazetteerLists) in.fail("too many gazetteer lists");
  list_names_.assign(lists, {});
  lists_.assign(lists, {});
  for (std::uint32_t l = 0; l < lists; ++l) {
    list_names_[l] = in.str();
    std::uint32_t n = in.u32();
    in.need(std::uint64_t{n} * 8);
    lists_[l].resize(n);
    for (std::uint64_t& k : lists_[l]) k = in.u64();
  }
  std::uint32_t n = in.u32();
  in.need(std::uint64_t{n} * 28);
  words_.assign(n, {});
  for (ClusterWord& w : words_) {
    w.exact = in.u64();
    w.folded = in.u64();
    w.count = in.u64();
    w.bits = in.str();
    if (w.bits.empty() || w.bits.size() > kMaxClusterBits ||
        w.bits.find_first_not_of("01") != std::string::npos) {
      in.fail("bad cluster path");
    }
  }
  build();
}

void Resources::build() {
  gaz_index_ = FeatureTable();
  gaz_masks_.clear();
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    for (std::uint64_t h : lists_[l]) {
      std::uint32_t row = gaz_index_.insert(mix64(h) | 1);
      if (row == gaz_masks_.size()) gaz_masks_.push_back(0);
      gaz_masks_[row] |= 1u << l;
    }
  }
  cluster_index_ = FeatureTable();
  cluster_index_.reserve(words_.size() * 2);
  cluster_rows_.clear();
  prefixes_.assign(words_.size(), {});
  // Table rows are insertion numbers. For folded lookups the most frequent
  // spelling wins ("Iran" over "IRAN"): words_ is most frequent first and a
  // key inserted again keeps its first row.
  auto index = [&](std::uint64_t key, std::size_t c) {
    if (cluster_index_.insert(key) == cluster_rows_.size()) {
      cluster_rows_.push_back(static_cast<std::uint32_t>(c));
    }
  };
  for (std::size_t c = 0; c < words_.size(); ++c) {
    const ClusterWord& w = words_[c];
    index(mix64(w.exact ^ kExactTag) | 1, c);
    index(mix64(w.folded ^ kFoldTag) | 1, c);
    for (int k = 0; k < 4; ++k) {
      std::string_view p(w.bits);
      p = p.substr(0, std::min(p.size(), kPrefixLengths[k]));
      prefixes_[c][k] = hash_bytes(p);
    }
  }
}

std::uint32_t Resources::gazetteer_mask(std::uint64_t h) const {
  std::int64_t row = gaz_index_.find(mix64(h) | 1);
  return row < 0 ? 0 : gaz_masks_[row];
}

std::int64_t Resources::cluster_of(std::uint64_t h, bool fold) const {
  std::int64_t row =
      cluster_index_.find(mix64(h ^ (fold ? kFoldTag : kExactTag)) | 1);
  return row < 0 ? -1 : static_cast<std::int64_t>(cluster_rows_[row]);
}

// --- features -----------------------------------------------------------------

namespace {

// Feature templates. DO NOT renumber: the ids are hashed into every key of
// a model file (bump kFeatureVersion instead).
enum Template : std::uint32_t {
  kBias = 0,
  kWord,
  kLower,
  kShape,
  kShortShape,
  kPrefix1,  // .. kPrefix4
  kSuffix1 = kPrefix1 + 4,  // .. kSuffix4
  kLowerM2 = kSuffix1 + 4,
  kLowerM1,
  kLowerP1,
  kLowerP2,
  kWordM1,
  kWordP1,
  kShortShapeM1,
  kShortShapeP1,
  kShapeBigramL,
  kShapeBigramR,
  kBigramL,
  kBigramR,
  kCluster,        // + prefix index 0..3
  kClusterM1 = kCluster + 4,
  kClusterP1 = kClusterM1 + 4,
  kClusterM2 = kClusterP1 + 4,
  kClusterP2 = kClusterM2 + 4,
  kGazetteer = kClusterP2 + 4,
  kGazetteerM1,
  kGazetteerP1,
  kFirstShape,
  kCapsMode,
  kCapsLower,
  kCaseRatio,
  kCaseRatioContext,
  kDocMajority,
  kDocSeen,
  kPrev1,
  kPrev2,
  kPrev12,
  kPrev1Lower,
  kPrev1Shape,
};

constexpr std::uint64_t kOutsideM = 0x1111111111111111ULL;  // before the sentence
constexpr std::uint64_t kOutsideP = 0x2222222222222222ULL;  // after it

inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

char shape_char(char c) {
  if (is_upper(c)) return 'X';
  if (is_lower(c) || static_cast<unsigned char>(c) >= 0x80) return 'x';
  if (is_digit(c)) return 'd';
  return c;
}

}  // namespace

bool is_caps_mode(const std::vector<std::string_view>& tokens) {
  bool any_letter = false, any_lower = false;
  for (std::string_view t : tokens) {
    for (char c : t) {
      any_lower |= is_lower(c);
      any_letter |= is_upper(c) || is_lower(c);
    }
  }
  return any_letter && !any_lower;
}

WordHashes describe_word(const Resources& res, std::string_view w,
                         bool caps_mode) {
  WordHashes h;
  h.word = hash_bytes(w);
  std::uint64_t lower = kFnvOffset, shape = kFnvOffset, short_shape = kFnvOffset;
  char last = 0;
  int run = 0;
  for (char c : w) {
    char lc = is_digit(c) ? '0' : ascii_lower(c);
    lower = fnv_step(lower, static_cast<unsigned char>(lc));
    char s = shape_char(c);
    if (s == last) {
      ++run;
    } else {
      run = 1;
      last = s;
      short_shape = fnv_step(short_shape, static_cast<unsigned char>(s));
    }
    if (run <= 4) shape = fnv_step(shape, static_cast<unsigned char>(s));
  }
  h.lower = lower;
  h.shape = shape;
  h.short_shape = short_shape;
  // A headline in capitals: its exact spelling says nothing, so the folded
  // cluster lookup carries the weight.
  h.cluster = caps_mode ? -1 : res.cluster_of(h.word, false);
  if (h.cluster < 0) h.cluster = res.cluster_of(hash_lower(w), true);
  // Is the word usually written in lower case? Unlabeled news knows that
  // "Heat" at a sentence start or "ROTOR" in a headline is (or is not) an
  // ordinary word. Bucket: log2 of the lower-case / title-case count ratio.
  h.case_bucket = kNoCaseBucket;
  if (!w.empty() && (is_upper(w[0]) || is_lower(w[0]))) {
    std::uint64_t cl = res.word_count(hash_lower(w));
    std::uint64_t ct = res.word_count(hash_title(w));
    h.case_bucket =
        cl + ct == 0 ? 99
                     : std::clamp(static_cast<int>(std::bit_width(cl + 1)) -
                                      static_cast<int>(std::bit_width(ct + 1)),
                                  -6, 6);
  }
  return h;
}

TokenInfo token_info(const WordHashes& h, std::string_view w) {
  return {h.lower, h.short_shape, !w.empty() && is_upper(w[0])};
}

WordHashes outside_word(bool left) {
  const std::uint64_t v = left ? kOutsideM : kOutsideP;
  return {v, v, v, v, -1, kNoCaseBucket};
}

void word_keys(const Resources& res, const WordHashes& h, std::string_view w,
               int d, bool caps_mode, std::vector<std::uint64_t>& keys) {
  auto add = [&](std::uint32_t templ, std::uint64_t value) {
    keys.push_back(feature_key(templ, value));
  };
  auto clusters = [&](std::uint32_t templ, int first, int step) {
    if (h.cluster < 0) return;
    const auto& p = res.cluster_prefixes(static_cast<std::size_t>(h.cluster));
    for (int k = first; k < 4; k += step) add(templ + k, p[k]);
  };
  switch (d) {
    case 0: {
      add(kWord, h.word);
      add(kLower, h.lower);
      add(kShape, h.shape);
      add(kShortShape, h.short_shape);
      // Affixes of the lower-cased word, up to 4 bytes.
      std::uint64_t pre = kFnvOffset;
      for (std::size_t k = 0; k < 4 && k < w.size(); ++k) {
        pre = fnv_step(pre, static_cast<unsigned char>(ascii_lower(w[k])));
        add(kPrefix1 + k, pre);
      }
      for (std::size_t k = 1; k <= 4 && k <= w.size(); ++k) {
        add(kSuffix1 + k - 1, hash_lower(w.substr(w.size() - k)));
      }
      clusters(kCluster, 0, 1);
      if (h.case_bucket != kNoCaseBucket) {
        add(kCaseRatio, static_cast<std::uint64_t>(h.case_bucket + 16));
      }
      if (caps_mode) add(kCapsLower, h.lower);
      break;
    }
    case 1:  // the word before the token
      add(kLowerM1, h.lower);
      add(kWordM1, h.word);
      add(kShortShapeM1, h.short_shape);
      clusters(kClusterM1, 0, 1);
      break;
    case 2:
      add(kLowerM2, h.lower);
      clusters(kClusterM2, 1, 2);
      break;
    case -1:  // the word after the token
      add(kLowerP1, h.lower);
      add(kWordP1, h.word);
      add(kShortShapeP1, h.short_shape);
      clusters(kClusterP1, 0, 1);
      break;
    case -2:
      add(kLowerP2, h.lower);
      clusters(kClusterP2, 1, 2);
      break;
    default:
      break;
  }
}

void gazetteer_tags(const Resources& res,
                    const std::vector<std::string_view>& tokens,
                    std::vector<std::uint8_t>& gaz) {
  // Per list, longest match first, left to right. An entry must start at a
  // token with a capital letter.
  const std::size_t n = tokens.size();
  const std::size_t lists = res.list_count();
  gaz.assign(n * kMaxGazetteerLists, 0);
  if (lists == 0) return;
  // The hashes of every candidate entry first, so that the table's memory
  // loads overlap.
  thread_local std::vector<std::uint64_t> hashes;
  hashes.assign(n * kMaxGazetteerTokens, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (tokens[i].empty() || !is_upper(tokens[i][0])) continue;
    std::uint64_t h = kFnvOffset;
    for (std::size_t len = 1; len <= kMaxGazetteerTokens && i + len <= n; ++len) {
      h = gazetteer_step(h, tokens[i + len - 1], len == 1);
      hashes[i * kMaxGazetteerTokens + len - 1] = h;
      res.prefetch_gazetteer(h);
    }
  }
  std::size_t next_free[kMaxGazetteerLists] = {};
  for (std::size_t i = 0; i < n; ++i) {
    if (tokens[i].empty() || !is_upper(tokens[i][0])) continue;
    std::uint32_t masks[kMaxGazetteerTokens] = {};
    std::uint32_t any = 0;
    for (std::size_t len = 1; len <= kMaxGazetteerTokens && i + len <= n; ++len) {
      masks[len - 1] = res.gazetteer_mask(hashes[i * kMaxGazetteerTokens + len - 1]);
      any |= masks[len - 1];
    }
    if (any == 0) continue;
    for (std::size_t l = 0; l < lists; ++l) {
      if (i < next_free[l] || !(any & (1u << l))) continue;
      std::size_t len = kMaxGazetteerTokens;
      while (len > 0 && !(masks[len - 1] & (1u << l))) --len;
      if (len == 0) continue;
      if (len == 1) {
        gaz[i * kMaxGazetteerLists + l] = 1 + kU;
      } else {
        gaz[i * kMaxGazetteerLists + l] = 1 + kB;
        for (std::size_t k = i + 1; k + 1 < i + len; ++k) {
          gaz[k * kMaxGazetteerLists + l] = 1 + kI;
        }
        gaz[(i + len - 1) * kMaxGazetteerLists + l] = 1 + kL;
      }
      next_free[l] = i + len;
    }
  }
}

void token_keys(const Resources& res, const std::vector<WordHashes>& th,
                const std::vector<std::uint8_t>& gaz, std::size_t i,
                bool caps_mode, std::vector<std::uint64_t>& keys) {
  auto add = [&](std::uint32_t templ, std::uint64_t value) {
    keys.push_back(feature_key(templ, value));
  };
  auto pair = [](std::uint64_t a, std::uint64_t b) { return mix64(a) ^ b; };
  const std::size_t n = th.size();
  const WordHashes& h = th[i];
  const std::uint64_t lower_m1 = i > 0 ? th[i - 1].lower : kOutsideM;
  const std::uint64_t lower_p1 = i + 1 < n ? th[i + 1].lower : kOutsideP;
  const std::uint64_t shape_m1 = i > 0 ? th[i - 1].short_shape : kOutsideM;
  const std::uint64_t shape_p1 = i + 1 < n ? th[i + 1].short_shape : kOutsideP;
  add(kBias, 0);
  add(kShapeBigramL, pair(shape_m1, h.short_shape));
  add(kShapeBigramR, pair(h.short_shape, shape_p1));
  add(kBigramL, pair(lower_m1, h.lower));
  add(kBigramR, pair(h.lower, lower_p1));
  const std::size_t lists = res.list_count();
  for (std::size_t l = 0; l < lists; ++l) {
    if (std::uint8_t g = gaz[i * kMaxGazetteerLists + l]) {
      add(kGazetteer, l * 8 + g);
    }
    if (i > 0) {
      if (std::uint8_t g = gaz[(i - 1) * kMaxGazetteerLists + l]) {
        add(kGazetteerM1, l * 8 + g);
      }
    }
    if (i + 1 < n) {
      if (std::uint8_t g = gaz[(i + 1) * kMaxGazetteerLists + l]) {
        add(kGazetteerP1, l * 8 + g);
      }
    }
  }
  if (i == 0) add(kFirstShape, h.short_shape);
  if (h.case_bucket != kNoCaseBucket) {
    add(kCaseRatioContext,
        static_cast<std::uint64_t>((h.case_bucket + 16) * 4 + (i == 0) + 2 * caps_mode));
  }
  if (caps_mode) add(kCapsMode, 0);
}

void static_features(const Resources& res,
                     const std::vector<std::string_view>& tokens,
                     std::vector<std::uint64_t>& keys,
                     std::vector<std::uint32_t>& offsets,
                     std::vector<TokenInfo>& info) {
  const std::size_t n = tokens.size();
  keys.clear();
  offsets.assign(n + 1, 0);
  info.resize(n);
  const bool caps_mode = is_caps_mode(tokens);
  // Scratch space reused across calls on one thread: tag() must not
  // allocate per token.
  thread_local std::vector<WordHashes> th;
  thread_local std::vector<std::uint8_t> gaz;
  th.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    th[i] = describe_word(res, tokens[i], caps_mode);
    info[i] = token_info(th[i], tokens[i]);
  }
  gazetteer_tags(res, tokens, gaz);
  keys.reserve(n * 52);
  const WordHashes left = outside_word(true), right = outside_word(false);
  for (std::size_t i = 0; i < n; ++i) {
    for (int d = -kWindow; d <= kWindow; ++d) {
      const auto j = static_cast<std::ptrdiff_t>(i) - d;
      if (j < 0) {
        word_keys(res, left, {}, d, caps_mode, keys);
      } else if (j >= static_cast<std::ptrdiff_t>(n)) {
        word_keys(res, right, {}, d, caps_mode, keys);
      } else {
        word_keys(res, th[j], tokens[j], d, caps_mode, keys);
      }
    }
    token_keys(res, th, gaz, i, caps_mode, keys);
    offsets[i + 1] = static_cast<std::uint32_t>(keys.size());
  }
}

void dynamic_features(const TokenInfo& info, int prev1, int prev2,
                      std::uint64_t out[kNumDynamic]) {
  out[0] = feature_key(kPrev1, prev1);
  out[1] = feature_key(kPrev2, prev2);
  out[2] = feature_key(kPrev12, prev1 * 64 + prev2);
  out[3] = feature_key(kPrev1Lower, mix64(info.lower) ^ prev1);
  out[4] = feature_key(kPrev1Shape, mix64(info.shape) ^ prev1);
}

int DocumentHistory::features(const TokenInfo& info,
                              std::uint64_t out[kMaxDocumentFeatures]) const {
  if (!info.capitalised) return 0;
  auto it = std::lower_bound(
      counts_.begin(), counts_.end(), info.lower,
      [](const Counts& c, std::uint64_t k) { return c.key < k; });
  if (it == counts_.end() || it->key != info.lower) return 0;
  int n = 0;
  int majority = 0;
  for (int t = 0; t <= kNumTypes; ++t) {
    if (it->n[t] > it->n[majority]) majority = t;
    if (t > 0 && it->n[t] > 0) out[n++] = feature_key(kDocSeen, t);
  }
  out[n++] = feature_key(kDocMajority, majority);
  return n;
}

void DocumentHistory::record(const std::vector<TokenInfo>& info,
                             const std::vector<int>& labels) {
  for (std::size_t i = 0; i < info.size() && i < labels.size(); ++i) {
    if (!info[i].capitalised) continue;
    auto it = std::lower_bound(
        counts_.begin(), counts_.end(), info[i].lower,
        [](const Counts& c, std::uint64_t k) { return c.key < k; });
    if (it == counts_.end() || it->key != info[i].lower) {
      it = counts_.insert(it, Counts{info[i].lower, {}});
    }
    int slot = labels[i] == 0 ? 0 : 1 + type_of(labels[i]);
    if (it->n[slot] < 0xffff) ++it->n[slot];
  }
}

}  // namespace ner_internal

// --- the tagger ---------------------------------------------------------------

namespace {

using namespace ner_internal;

// One set of weights: a hash table of features and their rows.
class WeightSet {
 public:
  void read(ByteReader& in);
  [[nodiscard]] bool empty() const { return slots_.empty(); }

  // Row of key, or kEmpty.
  std::uint32_t find(std::uint64_t key) const {
    std::size_t i = key & mask_;
    const auto check = static_cast<std::uint32_t>(key >> 32);
    while (true) {
      const Slot& s = slots_[i];
      if (s.row == kEmpty || s.check == check) return s.row;
      i = (i + 1) & mask_;
    }
  }
  void prefetch_slot(std::uint64_t key) const {
    __builtin_prefetch(&slots_[key & mask_]);
  }
  void prefetch_row(std::uint32_t row) const {
    if (row == kEmpty) return;
    const std::int16_t* w = &rows_[static_cast<std::size_t>(row) * kNumLabels];
    __builtin_prefetch(w);
    __builtin_prefetch(w + kNumLabels - 1);
  }
  void add_row(std::uint32_t row, std::int32_t scores[kNumLabels]) const {
    if (row == kEmpty) return;
    const std::int16_t* w = &rows_[static_cast<std::size_t>(row) * kNumLabels];
    for (int l = 0; l < kNumLabels; ++l) scores[l] += w[l];
  }

  static constexpr std::uint32_t kEmpty = 0xffffffffu;

 private:
  // 8-byte slots: the low bits of a key pick the slot, its high 32 bits are
  // kept to confirm the match (about 2^-50 chance of a false hit).
  struct Slot {
    std::uint32_t check;
    std::uint32_t row;  // kEmpty when unused
  };

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::int16_t> rows_;  // quantised weights, kNumLabels per row
};

void WeightSet::read(ByteReader& in) {
  std::uint64_t n = in.u64();
  if (n >= WeightSet::kEmpty) in.fail("too many features");
  in.need(n * 9);
  float scale = in.f32();
  if (!std::isfinite(scale) || scale <= 0) in.fail("bad weight scale");
  std::size_t capacity = 1024;
  while (capacity < 2 * n) capacity *= 2;
  slots_.assign(capacity, Slot{0, kEmpty});
  mask_ = capacity - 1;
  rows_.assign(n * kNumLabels, 0);
  for (std::uint64_t r = 0; r < n; ++r) {
    std::uint64_t key = in.u64();
    std::size_t i = key & mask_;
    const auto check = static_cast<std::uint32_t>(key >> 32);
    while (slots_[i].row != kEmpty) {
      if (slots_[i].check == check) in.fail("duplicate feature");
      i = (i + 1) & mask_;
    }
    slots_[i] = {check, static_cast<std::uint32_t>(r)};
    std::uint8_t nnz = in.u8();
    for (std::uint8_t k = 0; k < nnz; ++k) {
      std::uint8_t l = in.u8();
      std::int16_t q = in.i16();
      if (l >= kNumLabels) in.fail("bad label");
      rows_[r * kNumLabels + l] = q;
    }
  }
}

// A plain token, a lower-case word (letters a-z only) or ASCII
// punctuation, that follows O is tagged O without scoring it. Names almost
// never start that way: in eng.train 18 of 101,327 such words after O
// begin one ("de", "van", "serie") and 1 of 18,369 punctuation tokens,
// while they are about 80% of the tokens the indexer tags. The tokens
// after a name ("of" in "Bank of England") are scored as before.
bool plain_token(std::string_view w) {
  if (w.empty()) return false;
  bool lower = true;
  bool punct = true;
  for (char c : w) {
    lower = lower && c >= 'a' && c <= 'z';
    punct = punct && std::ispunct(static_cast<unsigned char>(c));
  }
  return lower || punct;
}

// What one word adds to the scores of the tokens up to kWindow away from
// it, under one weight set: the sum of the weights of its word_keys. Words
// repeat (Zipf), so a per-thread cache of these saves most of the hashing
// and weight lookups; the sums are integers, so the scores are exactly
// those of summing every feature for every token.
struct WordScores {
  std::uint64_t key = 0;  // 0: empty slot
  WordHashes hashes{};
  std::int32_t scores[2 * kWindow + 1][kNumLabels]{};  // by d + kWindow
};

// Direct-mapped: a new word takes its slot over. 32,768 slots (13 MB per
// tagging thread) hold the common words of news. Keys include the model's
// id, so models never see each other's entries.
class WordCache {
 public:
  static constexpr std::size_t kSlots = std::size_t{1} << 15;
  /// Starts loading the slot of key.
  void prefetch(std::uint64_t key) const {
    if (slots_.empty()) return;
    const char* p = reinterpret_cast<const char*>(&slots_[key & (kSlots - 1)]);
    for (std::size_t off = 0; off < sizeof(WordScores); off += 64) __builtin_prefetch(p + off);
  }
  /// The slot of key; hit tells whether it holds key already.
  WordScores& slot(std::uint64_t key, bool& hit) {
    if (slots_.empty()) slots_.resize(kSlots);
    WordScores& s = slots_[key & (kSlots - 1)];
    hit = s.key == key;
    return s;
  }

 private:
  std::vector<WordScores> slots_;
};

class PerceptronNer final : public NerModel {
 public:
  PerceptronNer() : id_(next_id_.fetch_add(1)) {}
  void read(const std::string& path);
  std::vector<EntitySpan> tag(
      const std::vector<std::string_view>& tokens) const override {
    return tag_sentence(kSentenceSet, tokens, nullptr);
  }
  std::vector<std::vector<EntitySpan>> tag_document(
      const std::vector<std::vector<std::string_view>>& sentences) const override {
    std::vector<std::vector<EntitySpan>> out;
    out.reserve(sentences.size());
    if (sets_[kDocumentSet].empty()) {
      for (const auto& s : sentences) out.push_back(tag(s));
      return out;
    }
    DocumentHistory history;
    for (const auto& s : sentences) {
      out.push_back(tag_sentence(kDocumentSet, s, &history));
    }
    return out;
  }

 private:
  static constexpr int kSentenceSet = 0;  // for tag()
  static constexpr int kDocumentSet = 1;  // for tag_document(); may be empty

  std::vector<EntitySpan> tag_sentence(int set,
                                       const std::vector<std::string_view>& tokens,
                                       DocumentHistory* history) const;
  // Sums the weights of word_keys(w, d) into ws.scores for every d.
  void score_word(int set, std::string_view w, bool caps_mode,
                  WordScores& ws) const;

  static inline std::atomic<std::uint64_t> next_id_{1};
  const std::uint64_t id_;  // keeps models apart in the thread caches
  Resources res_;
  WeightSet sets_[2];
  // What the features of the two previous labels alone add, per set:
  // [prev1 * (kNumLabels + 1) + prev2], kStart included.
  std::vector<std::array<std::int32_t, kNumLabels>> label_scores_[2];
  // What the pseudo-words before and after a sentence add, per set.
  WordScores outside_[2][2];  // [set][0 left, 1 right]
};

void PerceptronNer::read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(path + ": cannot open NER model");
  std::string data((std::istreambuf_iterator<char>(f)),
                   std::istreambuf_iterator<char>());
  ByteReader in(data, path);
  char magic[8];
  if (data.size() < 2 * sizeof magic + 8) in.fail("too short");
  in.raw(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof magic) != 0) {
    in.fail("not a dateline NER model (bad magic)");
  }
  // A checksum of everything before it, then the trailer.
  if (std::memcmp(data.data() + data.size() - sizeof kTrailer, kTrailer,
                  sizeof kTrailer) != 0) {
    in.fail("bad trailer (truncated?)");
  }
  const std::size_t body = data.size() - sizeof kTrailer - 8;
  std::uint64_t checksum;
  std::memcpy(&checksum, data.data() + body, sizeof checksum);
  if (checksum != hash_bytes(std::string_view(data).substr(0, body))) {
    in.fail("checksum mismatch (corrupt file)");
  }
  std::uint32_t version = in.u32();
  if (version != kFormatVersion) {
    in.fail("format version " + std::to_string(version) + ", expected " +
            std::to_string(kFormatVersion));
  }
  std::uint32_t features = in.u32();
  if (features != kFeatureVersion) {
    in.fail("feature version " + std::to_string(features) + ", expected " +
            std::to_string(kFeatureVersion) + "; retrain with ner-train");
  }
  if (in.u32() != kNumLabels) in.fail("wrong number of labels");
  res_.read(in);
  std::uint32_t sets = in.u32();
  if (sets < 1 || sets > 2) in.fail("expected one or two weight sets");
  sets_[kSentenceSet].read(in);
  if (sets == 2) sets_[kDocumentSet].read(in);
  in.u64();  // the checksum, verified above
  char trailer[8];
  in.raw(trailer, sizeof trailer);
  if (std::memcmp(trailer, kTrailer, sizeof trailer) != 0 || !in.at_end()) {
    in.fail("bad trailer");
  }
  for (int set = 0; set < 2; ++set) {
    if (sets_[set].empty()) continue;
    for (int side = 0; side < 2; ++side) {
      score_word(set, {}, false, outside_[set][side]);
      outside_[set][side].hashes = outside_word(side == 0);
    }
    auto& table = label_scores_[set];
    table.assign((kNumLabels + 1) * (kNumLabels + 1), {});
    for (int prev1 = 0; prev1 <= kNumLabels; ++prev1) {
      for (int prev2 = 0; prev2 <= kNumLabels; ++prev2) {
        std::uint64_t dyn[kNumDynamic];
        dynamic_features(TokenInfo{}, prev1, prev2, dyn);
        for (int k = 0; k < kNumLabelFeatures; ++k) {
          sets_[set].add_row(sets_[set].find(dyn[k]),
                             table[prev1 * (kNumLabels + 1) + prev2].data());
        }
      }
    }
  }
}

void PerceptronNer::score_word(int set, std::string_view w, bool caps_mode,
                               WordScores& ws) const {
  const WeightSet& weights = sets_[set];
  const bool outside = w.empty();
  thread_local std::vector<std::uint64_t> keys;
  thread_local std::vector<std::uint32_t> rows;
  if (!outside) ws.hashes = describe_word(res_, w, caps_mode);
  std::memset(ws.scores, 0, sizeof ws.scores);
  for (int d = -kWindow; d <= kWindow; ++d) {
    // The left pseudo-word only precedes tokens (d > 0), the right one
    // only follows them.
    if (outside && d == 0) continue;
    keys.clear();
    if (outside) {
      word_keys(res_, outside_word(d > 0), {}, d, caps_mode, keys);
    } else {
      word_keys(res_, ws.hashes, w, d, caps_mode, keys);
    }
    for (std::uint64_t key : keys) weights.prefetch_slot(key);
    rows.resize(keys.size());
    for (std::size_t k = 0; k < keys.size(); ++k) rows[k] = weights.find(keys[k]);
    for (std::uint32_t r : rows) weights.add_row(r, ws.scores[d + kWindow]);
  }
}

std::vector<EntitySpan> PerceptronNer::tag_sentence(
    int set, const std::vector<std::string_view>& tokens,
    DocumentHistory* history) const {
  if (tokens.empty()) return {};
  const WeightSet& weights = sets_[set];
  const std::size_t n = tokens.size();
  const auto sn = static_cast<std::ptrdiff_t>(n);
  const bool caps_mode = is_caps_mode(tokens);
  thread_local WordCache cache;
  thread_local std::vector<WordHashes> th;
  thread_local std::vector<std::array<std::int32_t, kNumLabels>> acc;
  thread_local std::vector<std::uint8_t> gaz;
  thread_local std::vector<std::uint64_t> keys;
  thread_local std::vector<std::uint32_t> first;
  thread_local std::vector<TokenInfo> info;
  thread_local std::vector<std::uint32_t> rows;
  thread_local std::vector<int> labels;
  thread_local std::vector<char> plain;
  thread_local std::vector<std::uint64_t> late_keys;
  thread_local std::vector<std::uint32_t> late_rows;
  thread_local std::vector<char> have_word;
  thread_local std::vector<std::uint64_t> word_keys_of;

  // Which tokens are scored: every token that is not plain (those after O
  // are O, see plain_token()). Plain tokens after a name are scored when
  // decoding reaches them.
  plain.resize(n);
  for (std::size_t i = 0; i < n; ++i) plain[i] = plain_token(tokens[i]);

  // The features of single words, from the cache: each word adds its
  // scores to the tokens up to kWindow away. Only words near a scored
  // token are needed; the others are looked up if decoding needs them.
  th.resize(n);
  info.assign(n, TokenInfo{});  // a plain token is not capitalised
  acc.assign(n, {});
  have_word.assign(n, 0);
  const std::uint64_t variant = mix64(id_ * 4 + static_cast<std::uint64_t>(set) * 2 +
                                      (caps_mode ? 1 : 0));
  auto spread = [&](const WordScores& ws, std::ptrdiff_t j) {
    for (int d = -kWindow; d <= kWindow; ++d) {
      const std::ptrdiff_t i = j + d;
      if (i < 0 || i >= sn) continue;
      const std::int32_t* s = ws.scores[d + kWindow];
      for (int l = 0; l < kNumLabels; ++l) acc[i][l] += s[l];
    }
  };
  auto word_key = [&](std::size_t j) { return mix64(hash_bytes(tokens[j]) ^ variant) | 1; };
  auto use_word = [&](std::size_t j, std::uint64_t key) {
    bool hit = false;
    WordScores& ws = cache.slot(key, hit);
    if (!hit) {
      ws.key = key;
      score_word(set, tokens[j], caps_mode, ws);
    }
    th[j] = ws.hashes;
    info[j] = token_info(ws.hashes, tokens[j]);
    spread(ws, static_cast<std::ptrdiff_t>(j));
    have_word[j] = 1;
  };
  // The cache is larger than the CPU's caches: fetch the needed slots
  // first, so the loads overlap.
  word_keys_of.assign(n, 0);
  std::size_t last_scored = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < n + kWindow; ++i) {
    if (i < n && !plain[i]) last_scored = i;
    // Word j = i - kWindow is needed if a scored token lies within kWindow
    // of it: before it (last_scored, up to i) or after it (up to i).
    if (i < kWindow) continue;
    const std::size_t j = i - kWindow;
    if (last_scored != std::numeric_limits<std::size_t>::max() &&
        last_scored + kWindow >= j) {
      word_keys_of[j] = word_key(j);
      cache.prefetch(word_keys_of[j]);
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (word_keys_of[j] != 0) use_word(j, word_keys_of[j]);
  }
  for (std::ptrdiff_t j = -kWindow; j < 0; ++j) spread(outside_[set][0], j);
  for (std::ptrdiff_t j = sn; j < sn + kWindow; ++j) spread(outside_[set][1], j);

  // The rest: word pairs, gazetteer matches, position; then what earlier
  // sentences said (document features), which is known up front too.
  gazetteer_tags(res_, tokens, gaz);
  keys.clear();
  first.resize(n + 1);
  // Per token, in keys: its own features, its document features, then those
  // of the word with the label O before it (most tokens follow O, so they
  // are fetched up front too).
  constexpr int kWordLabel = kNumDynamic - kNumLabelFeatures;
  auto gather = [&](std::size_t i, std::vector<std::uint64_t>& out) {
    token_keys(res_, th, gaz, i, caps_mode, out);
    if (history) {
      std::uint64_t doc[kMaxDocumentFeatures];
      int nd = history->features(info[i], doc);
      out.insert(out.end(), doc, doc + nd);
    }
    std::uint64_t dyn[kNumDynamic];
    dynamic_features(info[i], 0, 0, dyn);
    out.insert(out.end(), dyn + kNumLabelFeatures, dyn + kNumDynamic);
  };
  for (std::size_t i = 0; i < n; ++i) {
    first[i] = static_cast<std::uint32_t>(keys.size());
    if (!plain[i]) gather(i, keys);
  }
  first[n] = static_cast<std::uint32_t>(keys.size());
  // The weights do not fit in cache. These features are known before
  // decoding, so fetch their slots and then their rows in bulk, letting the
  // memory loads overlap instead of waiting for each in turn.
  for (std::uint64_t key : keys) weights.prefetch_slot(key);
  rows.resize(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    rows[k] = weights.find(keys[k]);
    weights.prefetch_row(rows[k]);
  }

  labels.resize(n);
  int prev1 = kStart, prev2 = kStart;
  for (std::size_t i = 0; i < n; ++i) {
    if (plain[i] && prev1 == 0) {
      labels[i] = 0;
      prev2 = prev1;
      prev1 = 0;
      continue;
    }
    const std::uint32_t* own = rows.data() + first[i];
    std::size_t count = first[i + 1] - first[i];
    if (plain[i]) {  // a plain token after a name: score it now
      const std::size_t from = i >= kWindow ? i - kWindow : 0;
      for (std::size_t j = from; j < n && j <= i + kWindow; ++j) {
        if (!have_word[j]) use_word(j, word_key(j));
      }
      late_keys.clear();
      gather(i, late_keys);
      late_rows.resize(late_keys.size());
      for (std::size_t k = 0; k < late_keys.size(); ++k) late_rows[k] = weights.find(late_keys[k]);
      own = late_rows.data();
      count = late_rows.size();
    }
    // Integer scores: the sum of quantised weights, exact in any order.
    std::int32_t scores[kNumLabels];
    std::memcpy(scores, acc[i].data(), sizeof scores);
    // Everything but the features of the word with the label O before it.
    const std::size_t fixed = count - kWordLabel;
    for (std::size_t k = 0; k < fixed; ++k) weights.add_row(own[k], scores);
    const std::int32_t* pair = label_scores_[set][prev1 * (kNumLabels + 1) + prev2].data();
    for (int l = 0; l < kNumLabels; ++l) scores[l] += pair[l];
    if (prev1 == 0) {
      for (int k = 0; k < kWordLabel; ++k) weights.add_row(own[fixed + k], scores);
    } else {
      std::uint64_t dyn[kNumDynamic];
      dynamic_features(info[i], prev1, prev2, dyn);
      for (int k = kNumLabelFeatures; k < kNumDynamic; ++k) {
        weights.add_row(weights.find(dyn[k]), scores);
      }
    }
    const bool last = i + 1 == n;
    int best = -1;
    for (int l = 0; l < kNumLabels; ++l) {
      if (!valid_transition(prev1, l, last)) continue;
      if (best < 0 || scores[l] > scores[best]) best = l;
    }
    labels[i] = best;
    prev2 = prev1;
    prev1 = best;
  }
  if (history) history->record(info, labels);
  return decode_bilou(labels);
}

}  // namespace

std::unique_ptr<NerModel> NerModel::load(const std::string& path) {
  auto model = std::make_unique<PerceptronNer>();
  model->read(path);
  return model;
}

std::vector<std::vector<EntitySpan>> NerModel::tag_document(
    const std::vector<std::vector<std::string_view>>& sentences) const {
  std::vector<std::vector<EntitySpan>> out;
  out.reserve(sentences.size());
  for (const auto& s : sentences) out.push_back(tag(s));
  return out;
}

std::string default_ner_model_path() { return default_data_dir() + "/ner-en.model"; }

}  // namespace dateline::entities
