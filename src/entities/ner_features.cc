// The NER tagger's labels (BILOU) and features: what each word, token and
// earlier prediction contributes. Shared by the tagger (ner.cc) and
// training (ner_train.cc); see ner_internal.h.

#include <algorithm>
#include <bit>
#include <iterator>
#include <vector>

#include "entities/ner_internal.h"

namespace dateline::entities::ner_internal {

// --- labels ---------------------------------------------------------------------

int type_index(std::string_view name) {
  for (int t = 0; t < kNumTypes; ++t) {
    if (kTypeNames[t] == name) return t;
  }
  return -1;
}

bool valid_transition(int prev, int label, bool last) {
  bool open = prev != kStart && prev != 0 && (position_of(prev) == kB || position_of(prev) == kI);
  if (open) {
    if (label == 0 || type_of(label) != type_of(prev)) return false;
    Position p = position_of(label);
    return p == kL || (p == kI && !last);
  }
  if (label == 0) return true;
  Position p = position_of(label);
  return p == kU || (p == kB && !last);
}

std::vector<int> encode_bilou(const std::vector<EntitySpan>& spans, std::size_t n) {
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
      case kU: spans.push_back({i, i + 1, std::string(kTypeNames[type_of(l)])}); break;
      case kB: start = i; break;
      case kL: spans.push_back({start, i + 1, std::string(kTypeNames[type_of(l)])}); break;
      case kI: break;
    }
  }
  return spans;
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
  kPrefix1,                 // .. kPrefix4
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
  kCluster,  // + prefix index 0..3
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

std::uint64_t folded_hash(std::string_view w) {
  std::uint64_t lower = kFnvOffset;
  for (char c : w) lower = fnv_step(lower, static_cast<unsigned char>(is_digit(c) ? '0' : ascii_lower(c)));
  return lower;
}

WordHashes describe_word(const Resources& res, std::string_view w, bool caps_mode) {
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
        cl + ct == 0
            ? 99
            : std::clamp(static_cast<int>(std::bit_width(cl + 1)) - static_cast<int>(std::bit_width(ct + 1)),
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

void word_keys(const Resources& res, const WordHashes& h, std::string_view w, int d, bool caps_mode,
               std::vector<std::uint64_t>& keys) {
  auto add = [&](std::uint32_t templ, std::uint64_t value) { keys.push_back(feature_key(templ, value)); };
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
    default: break;
  }
}

void gazetteer_tags(const Resources& res, const std::vector<std::string_view>& tokens,
                    std::vector<std::uint8_t>& gaz, std::vector<std::uint64_t>& hashes) {
  // Per list, longest match first, left to right. An entry must start at a
  // token with a capital letter.
  const std::size_t n = tokens.size();
  const std::size_t lists = res.list_count();
  gaz.assign(n * kMaxGazetteerLists, 0);
  if (lists == 0) return;
  // The hashes of every candidate entry first, so that the table's memory
  // loads overlap.
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

void token_keys(const Resources& res, const std::vector<WordHashes>& th, const std::vector<std::uint8_t>& gaz,
                std::size_t i, bool caps_mode, std::vector<std::uint64_t>& keys) {
  auto add = [&](std::uint32_t templ, std::uint64_t value) { keys.push_back(feature_key(templ, value)); };
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
    add(kCaseRatioContext, static_cast<std::uint64_t>((h.case_bucket + 16) * 4 + (i == 0) + 2 * caps_mode));
  }
  if (caps_mode) add(kCapsMode, 0);
}

void static_features(const Resources& res, const std::vector<std::string_view>& tokens,
                     std::vector<std::uint64_t>& keys, std::vector<std::uint32_t>& offsets,
                     std::vector<TokenInfo>& info) {
  const std::size_t n = tokens.size();
  keys.clear();
  offsets.assign(n + 1, 0);
  info.resize(n);
  const bool caps_mode = is_caps_mode(tokens);
  // Scratch space reused across calls on one thread: training must not
  // allocate per token.
  struct Scratch {
    std::vector<WordHashes> th;
    std::vector<std::uint8_t> gaz;
    std::vector<std::uint64_t> gaz_hashes;
  };
  thread_local Scratch scratch;
  std::vector<WordHashes>& th = scratch.th;
  std::vector<std::uint8_t>& gaz = scratch.gaz;
  th.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    th[i] = describe_word(res, tokens[i], caps_mode);
    info[i] = token_info(th[i], tokens[i]);
  }
  gazetteer_tags(res, tokens, gaz, scratch.gaz_hashes);
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

void dynamic_features(const TokenInfo& info, int prev1, int prev2, std::uint64_t out[kNumDynamic]) {
  out[0] = feature_key(kPrev1, prev1);
  out[1] = feature_key(kPrev2, prev2);
  out[2] = feature_key(kPrev12, prev1 * 64 + prev2);
  out[3] = feature_key(kPrev1Lower, mix64(info.lower) ^ prev1);
  out[4] = feature_key(kPrev1Shape, mix64(info.shape) ^ prev1);
}

int DocumentHistory::features(const TokenInfo& info, std::uint64_t out[kMaxDocumentFeatures], int own) const {
  if (!info.capitalised) return 0;
  auto it = std::lower_bound(counts_.begin(), counts_.end(), info.lower,
                             [](const Counts& c, std::uint64_t k) { return c.key < k; });
  if (it == counts_.end() || it->key != info.lower) return 0;
  std::uint16_t counts[kNumTypes + 1];
  std::copy(std::begin(it->n), std::end(it->n), counts);
  if (own >= 0 && counts[own] > 0) --counts[own];
  // A word seen nowhere else says nothing, as in the first pass.
  if (std::all_of(std::begin(counts), std::end(counts), [](std::uint16_t c) { return c == 0; })) return 0;
  int n = 0;
  int majority = 0;
  for (int t = 0; t <= kNumTypes; ++t) {
    if (counts[t] > counts[majority]) majority = t;
    if (t > 0 && counts[t] > 0) out[n++] = feature_key(kDocSeen, t);
  }
  out[n++] = feature_key(kDocMajority, majority);
  return n;
}

std::uint64_t DocumentHistory::fingerprint(const std::vector<std::string_view>& tokens,
                                           const std::vector<int>* own_labels) const {
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty() || !is_upper(tokens[i][0])) continue;
    TokenInfo info{folded_hash(tokens[i]), 0, true};
    std::uint64_t f[kMaxDocumentFeatures];
    const int n = features(info, f, own_labels ? slot_of((*own_labels)[i]) : -1);
    for (int k = 0; k < n; ++k) h += mix64(f[k] ^ (i * 0x9e3779b97f4a7c15ULL));
  }
  return h;
}

void DocumentHistory::record(const std::vector<TokenInfo>& info, const std::vector<int>& labels) {
  for (std::size_t i = 0; i < info.size() && i < labels.size(); ++i) {
    if (!info[i].capitalised) continue;
    auto it = std::lower_bound(counts_.begin(), counts_.end(), info[i].lower,
                               [](const Counts& c, std::uint64_t k) { return c.key < k; });
    if (it == counts_.end() || it->key != info[i].lower) {
      it = counts_.insert(it, Counts{info[i].lower, {}});
    }
    const int slot = slot_of(labels[i]);
    if (it->n[slot] < 0xffff) ++it->n[slot];
  }
}

}  // namespace dateline::entities::ner_internal
