// The English named-entity tagger: an averaged perceptron over hashed
// features, decoded greedily left to right with BILOU labels (Ratinov & Roth
// 2009, "Design challenges and misconceptions in named entity recognition").
// Features: the word and its lower-cased form, shapes, affixes, a window of
// two words each side, the two previous predictions, gazetteer matches,
// Brown cluster prefixes and how often the word is written in lower case in
// unlabeled news. Sentences in capitals (headlines) add lower-case identity
// features. The model holds two weight sets: one for lone sentences (tag)
// and one that also sees what was said earlier in the article
// (tag_document). A model may ask tag_document for a second pass, in which
// each sentence sees what the first pass said about its words anywhere in
// the article. Gazetteers (as hashes) and clusters are stored in the model
// file, so one file is the whole model.

//
// This file is the tagger: it reads a model (ner_model_file.h) and decodes.
// Features are in ner_features.cc, the lists and clusters in
// ner_resources.cc, training in ner_train.cc (a library of its own).

#include "entities/ner.h"

#include <array>
#include <atomic>
#include <cctype>
#include <cstring>
#include <limits>

#include "entities/data_dir.h"
#include "entities/ner_internal.h"
#include "entities/ner_model_file.h"

namespace dateline::entities {
namespace {

using namespace ner_internal;

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

// Scratch space of one tagging thread, kept from sentence to sentence so
// that tagging does not allocate per token. One per thread (see
// PerceptronNer::tag_sentence); never shared.
struct TaggerScratch {
  WordCache cache;
  std::vector<char> plain;                                // plain_token() of each token
  std::vector<std::uint64_t> word_key;                    // cache key of the words needed up front, else 0
  std::vector<char> have_word;                            // the word's scores are in acc
  std::vector<WordHashes> th;                             // hashes of the words in acc
  std::vector<TokenInfo> info;                            // of the words in acc, else TokenInfo{}
  std::vector<std::array<std::int32_t, kNumLabels>> acc;  // word scores per token
  std::vector<std::uint8_t> gaz;                          // gazetteer_tags()
  std::vector<std::uint64_t> gaz_hashes;                  // gazetteer_tags()' scratch
  std::vector<std::uint64_t> keys;                        // token features known up front
  std::vector<std::uint32_t> first;                       // token i's: keys[first[i], first[i+1])
  std::vector<std::uint32_t> rows;                        // weight rows of keys
  std::vector<std::uint64_t> late_keys;                   // one plain token scored late
  std::vector<std::uint32_t> late_rows;
  std::vector<int> labels;
  std::vector<std::uint64_t> word_keys;  // score_word's
  std::vector<std::uint32_t> word_rows;
};

class PerceptronNer final : public NerModel {
 public:
  PerceptronNer() : id_(next_id_.fetch_add(1)) {}
  void read(const std::string& path);
  std::vector<EntitySpan> tag(const std::vector<std::string_view>& tokens) const override {
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
    std::vector<std::vector<int>> labels(sentences.size());
    std::vector<std::uint64_t> fingerprints(sentences.size());
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      if (document_passes_ > 1) fingerprints[i] = history.fingerprint(sentences[i], nullptr);
      labels[i] = tag_labels(kDocumentSet, sentences[i], &history, nullptr);
    }
    // The second pass: history now holds the whole article. A sentence
    // whose document features are those of the first pass would get the
    // same labels again, so only the others are tagged anew.
    for (std::size_t i = 0; document_passes_ > 1 && i < sentences.size(); ++i) {
      if (history.fingerprint(sentences[i], &labels[i]) == fingerprints[i]) continue;
      std::vector<int> again = tag_labels(kDocumentSet, sentences[i], &history, &labels[i]);
      labels[i] = std::move(again);
    }
    for (const std::vector<int>& l : labels) out.push_back(decode_bilou(l));
    return out;
  }

 private:
  friend class SentenceTagger;

  std::vector<EntitySpan> tag_sentence(int set, const std::vector<std::string_view>& tokens,
                                       DocumentHistory* history) const {
    return decode_bilou(tag_labels(set, tokens, history, nullptr));
  }
  // The labels of a sentence. With first_pass (its labels from the first
  // pass over the article), history is read as the whole article's, each
  // token's own first-pass label left out, and not added to.
  std::vector<int> tag_labels(int set, const std::vector<std::string_view>& tokens, DocumentHistory* history,
                              const std::vector<int>* first_pass) const;
  // Sums the weights of word_keys(w, d) into ws.scores for every d.
  void score_word(int set, std::string_view w, bool caps_mode, WordScores& ws, TaggerScratch& scratch) const;

  static inline std::atomic<std::uint64_t> next_id_{1};
  const std::uint64_t id_;  // keeps models apart in the thread caches
  Resources res_;
  WeightSet sets_[2];
  int document_passes_ = 1;
  // What the features of the two previous labels alone add, per set:
  // [prev1 * (kNumLabels + 1) + prev2], kStart included.
  std::vector<std::array<std::int32_t, kNumLabels>> label_scores_[2];
  // What the pseudo-words before and after a sentence add, per set.
  WordScores outside_[2][2];  // [set][0 left, 1 right]
};

void PerceptronNer::read(const std::string& path) {
  read_model_file(path, res_, sets_, document_passes_);
  TaggerScratch scratch;  // its cache stays unallocated: score_word skips it
  for (int set = 0; set < 2; ++set) {
    if (sets_[set].empty()) continue;
    for (int side = 0; side < 2; ++side) {
      score_word(set, {}, false, outside_[set][side], scratch);
      outside_[set][side].hashes = outside_word(side == 0);
    }
    auto& table = label_scores_[set];
    table.assign((kNumLabels + 1) * (kNumLabels + 1), {});
    for (int prev1 = 0; prev1 <= kNumLabels; ++prev1) {
      for (int prev2 = 0; prev2 <= kNumLabels; ++prev2) {
        std::uint64_t dyn[kNumDynamic];
        dynamic_features(TokenInfo{}, prev1, prev2, dyn);
        for (int k = 0; k < kNumLabelFeatures; ++k) {
          sets_[set].add_row(sets_[set].find(dyn[k]), table[prev1 * (kNumLabels + 1) + prev2].data());
        }
      }
    }
  }
}

void PerceptronNer::score_word(int set, std::string_view w, bool caps_mode, WordScores& ws,
                               TaggerScratch& scratch) const {
  const WeightSet& weights = sets_[set];
  const bool outside = w.empty();
  std::vector<std::uint64_t>& keys = scratch.word_keys;
  std::vector<std::uint32_t>& rows = scratch.word_rows;
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

// Tags one sentence under one weight set, greedily left to right. The
// steps, in order: score the words (from the cache), gather each scored
// token's other features and look their rows up in bulk, then decode.
class SentenceTagger {
 public:
  SentenceTagger(const PerceptronNer& model, int set, const std::vector<std::string_view>& tokens,
                 DocumentHistory* history, const std::vector<int>* first_pass, TaggerScratch& scratch)
      : m_(model),
        weights_(model.sets_[set]),
        set_(set),
        tokens_(tokens),
        n_(tokens.size()),
        caps_mode_(is_caps_mode(tokens)),
        history_(history),
        first_pass_(first_pass),
        x_(scratch),
        variant_(mix64(model.id_ * 4 + static_cast<std::uint64_t>(set) * 2 + (caps_mode_ ? 1 : 0))) {}

  // The labels of the sentence; n_ > 0.
  const std::vector<int>& run() {
    score_words();
    gather_token_features();
    decode();
    if (history_ && !first_pass_) history_->record(x_.info, x_.labels);
    return x_.labels;
  }

 private:
  // The features of a word that every token near it shares, from the cache:
  // each word adds its scores to the tokens up to kWindow away. Only words
  // near a scored token are needed now (which tokens are scored: every one
  // that is not plain, see plain_token()); decoding looks the others up if
  // it needs them.
  void score_words() {
    x_.plain.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) x_.plain[i] = plain_token(tokens_[i]);
    x_.th.resize(n_);
    x_.info.assign(n_, TokenInfo{});  // a plain token is not capitalised
    x_.acc.assign(n_, {});
    x_.have_word.assign(n_, 0);
    // The cache is larger than the CPU's caches: fetch the needed slots
    // first, so the loads overlap.
    x_.word_key.assign(n_, 0);
    std::size_t last_scored = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 0; i < n_ + kWindow; ++i) {
      if (i < n_ && !x_.plain[i]) last_scored = i;
      // Word j = i - kWindow is needed if a scored token lies within kWindow
      // of it: before it (last_scored, up to i) or after it (up to i).
      if (i < kWindow) continue;
      const std::size_t j = i - kWindow;
      if (last_scored != std::numeric_limits<std::size_t>::max() && last_scored + kWindow >= j) {
        x_.word_key[j] = word_key(j);
        x_.cache.prefetch(x_.word_key[j]);
      }
    }
    for (std::size_t j = 0; j < n_; ++j) {
      if (x_.word_key[j] != 0) use_word(j, x_.word_key[j]);
    }
    const auto sn = static_cast<std::ptrdiff_t>(n_);
    for (std::ptrdiff_t j = -kWindow; j < 0; ++j) spread(m_.outside_[set_][0], j);
    for (std::ptrdiff_t j = sn; j < sn + kWindow; ++j) spread(m_.outside_[set_][1], j);
  }

  std::uint64_t word_key(std::size_t j) const { return mix64(hash_bytes(tokens_[j]) ^ variant_) | 1; }

  // Adds word j's scores (cache slot key) to the tokens around it.
  void use_word(std::size_t j, std::uint64_t key) {
    bool hit = false;
    WordScores& ws = x_.cache.slot(key, hit);
    if (!hit) {
      ws.key = key;
      m_.score_word(set_, tokens_[j], caps_mode_, ws, x_);
    }
    x_.th[j] = ws.hashes;
    x_.info[j] = token_info(ws.hashes, tokens_[j]);
    spread(ws, static_cast<std::ptrdiff_t>(j));
    x_.have_word[j] = 1;
  }

  void spread(const WordScores& ws, std::ptrdiff_t j) {
    const auto sn = static_cast<std::ptrdiff_t>(n_);
    for (int d = -kWindow; d <= kWindow; ++d) {
      const std::ptrdiff_t i = j + d;
      if (i < 0 || i >= sn) continue;
      const std::int32_t* s = ws.scores[d + kWindow];
      for (int l = 0; l < kNumLabels; ++l) x_.acc[i][l] += s[l];
    }
  }

  // The rest of each scored token's features: word pairs, gazetteer
  // matches, position, then what earlier sentences said (document
  // features), which is known up front too. The weights do not fit in
  // cache, so their slots and then their rows are fetched in bulk, letting
  // the memory loads overlap instead of waiting for each in turn.
  void gather_token_features() {
    gazetteer_tags(m_.res_, tokens_, x_.gaz, x_.gaz_hashes);
    x_.keys.clear();
    x_.first.resize(n_ + 1);
    for (std::size_t i = 0; i < n_; ++i) {
      x_.first[i] = static_cast<std::uint32_t>(x_.keys.size());
      if (!x_.plain[i]) gather(i, x_.keys);
    }
    x_.first[n_] = static_cast<std::uint32_t>(x_.keys.size());
    for (std::uint64_t key : x_.keys) weights_.prefetch_slot(key);
    x_.rows.resize(x_.keys.size());
    for (std::size_t k = 0; k < x_.keys.size(); ++k) {
      x_.rows[k] = weights_.find(x_.keys[k]);
      weights_.prefetch_row(x_.rows[k]);
    }
  }

  // Per token, in out: its own features, its document features, then those
  // of the word with the label O before it (most tokens follow O, so they
  // are fetched up front too).
  void gather(std::size_t i, std::vector<std::uint64_t>& out) const {
    token_keys(m_.res_, x_.th, x_.gaz, i, caps_mode_, out);
    if (history_) {
      std::uint64_t doc[kMaxDocumentFeatures];
      const int own = first_pass_ ? DocumentHistory::slot_of((*first_pass_)[i]) : -1;
      int nd = history_->features(x_.info[i], doc, own);
      out.insert(out.end(), doc, doc + nd);
    }
    std::uint64_t dyn[kNumDynamic];
    dynamic_features(x_.info[i], 0, 0, dyn);
    out.insert(out.end(), dyn + kNumLabelFeatures, dyn + kNumDynamic);
  }

  void decode() {
    x_.labels.resize(n_);
    int prev1 = kStart, prev2 = kStart;
    for (std::size_t i = 0; i < n_; ++i) {
      int best = 0;  // a plain token after O is O
      if (!x_.plain[i] || prev1 != 0) best = best_label(i, prev1, prev2);
      x_.labels[i] = best;
      prev2 = prev1;
      prev1 = best;
    }
  }

  // The best label of token i that may follow prev1.
  int best_label(std::size_t i, int prev1, int prev2) {
    const std::uint32_t* own = x_.rows.data() + x_.first[i];
    std::size_t count = x_.first[i + 1] - x_.first[i];
    if (x_.plain[i]) {  // a plain token after a name: score it now
      score_late(i);
      own = x_.late_rows.data();
      count = x_.late_rows.size();
    }
    // Integer scores: the sum of quantised weights, exact in any order.
    std::int32_t scores[kNumLabels];
    std::memcpy(scores, x_.acc[i].data(), sizeof scores);
    // Everything but the features of the word with the label O before it.
    constexpr int kWordLabel = kNumDynamic - kNumLabelFeatures;
    const std::size_t fixed = count - kWordLabel;
    for (std::size_t k = 0; k < fixed; ++k) weights_.add_row(own[k], scores);
    const std::int32_t* pair = m_.label_scores_[set_][prev1 * (kNumLabels + 1) + prev2].data();
    for (int l = 0; l < kNumLabels; ++l) scores[l] += pair[l];
    if (prev1 == 0) {
      for (int k = 0; k < kWordLabel; ++k) weights_.add_row(own[fixed + k], scores);
    } else {
      std::uint64_t dyn[kNumDynamic];
      dynamic_features(x_.info[i], prev1, prev2, dyn);
      for (int k = kNumLabelFeatures; k < kNumDynamic; ++k) {
        weights_.add_row(weights_.find(dyn[k]), scores);
      }
    }
    const bool last = i + 1 == n_;
    int best = -1;
    for (int l = 0; l < kNumLabels; ++l) {
      if (!valid_transition(prev1, l, last)) continue;
      if (best < 0 || scores[l] > scores[best]) best = l;
    }
    return best;
  }

  // Plain token i was skipped up front: its words and features now, into
  // late_rows.
  void score_late(std::size_t i) {
    const std::size_t from = i >= kWindow ? i - kWindow : 0;
    for (std::size_t j = from; j < n_ && j <= i + kWindow; ++j) {
      if (!x_.have_word[j]) use_word(j, word_key(j));
    }
    x_.late_keys.clear();
    gather(i, x_.late_keys);
    x_.late_rows.resize(x_.late_keys.size());
    for (std::size_t k = 0; k < x_.late_keys.size(); ++k) {
      x_.late_rows[k] = weights_.find(x_.late_keys[k]);
    }
  }

  const PerceptronNer& m_;
  const WeightSet& weights_;
  const int set_;
  const std::vector<std::string_view>& tokens_;
  const std::size_t n_;
  const bool caps_mode_;
  DocumentHistory* const history_;
  const std::vector<int>* const first_pass_;
  TaggerScratch& x_;
  const std::uint64_t variant_;  // keeps models, sets and caps mode apart in the cache
};

std::vector<int> PerceptronNer::tag_labels(int set, const std::vector<std::string_view>& tokens,
                                           DocumentHistory* history,
                                           const std::vector<int>* first_pass) const {
  if (tokens.empty()) return {};
  thread_local TaggerScratch scratch;
  return SentenceTagger(*this, set, tokens, history, first_pass, scratch).run();
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
