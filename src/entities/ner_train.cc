// Training and evaluation of the NER tagger (see ner.cc for the model).

#include "entities/ner_train.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <tuple>

#include "entities/ner_internal.h"
#include "entities/ner_model_file.h"
#include "util/cpu_time.h"
#include "util/error.h"

namespace dateline::entities {

using namespace ner_internal;

// --- CoNLL files ----------------------------------------------------------------

std::vector<ConllSentence> read_conll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open CoNLL file");
  std::vector<ConllSentence> out;
  ConllSentence cur;
  std::size_t document = 0;
  int open_type = -1;  // type of the entity the previous token was in
  auto finish = [&] {
    if (!cur.tokens.empty()) out.push_back(std::move(cur));
    cur = ConllSentence();
    cur.document = document;
    open_type = -1;
  };
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string_view> cols = split_fields(line, " \t");
    if (cols.empty()) {
      finish();
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      finish();
      cur.document = ++document;
      continue;
    }
    if (cols.size() < 2) {
      throw InputError(path, line_no, "expected 'token ... NER-tag'");
    }
    std::string_view tag = cols.back();
    const std::size_t i = cur.tokens.size();
    cur.tokens.emplace_back(cols[0]);
    if (tag == "O") {
      open_type = -1;
      continue;
    }
    int type = -1;
    if (tag.size() > 2 && (tag[0] == 'B' || tag[0] == 'I') && tag[1] == '-') {
      type = type_index(tag.substr(2));
    }
    if (type < 0) {
      throw InputError(
          path, line_no,
          "unknown NER tag '" + std::string(tag) + "' (expected O or B-/I- with PER, ORG, LOC, MISC)");
    }
    // IOB1 starts an entity with I- unless it continues one of its type.
    if (tag[0] == 'I' && open_type == type) {
      cur.entities.back().end = i + 1;
    } else {
      cur.entities.push_back({i, i + 1, std::string(kTypeNames[type])});
    }
    open_type = type;
  }
  finish();
  return out;
}

// --- scoring --------------------------------------------------------------------

double NerScore::precision() const { return predicted == 0 ? 0.0 : static_cast<double>(correct) / predicted; }
double NerScore::recall() const { return gold == 0 ? 0.0 : static_cast<double>(correct) / gold; }
double NerScore::f1() const {
  double p = precision(), r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

namespace {

std::string entity_text(const ConllSentence& s, const EntitySpan& e) {
  std::string text;
  for (std::size_t i = e.begin; i < e.end; ++i) {
    if (i > e.begin) text += ' ';
    text += s.tokens[i];
  }
  return text;
}

}  // namespace

std::unordered_set<std::string> entity_texts(const std::vector<ConllSentence>& sentences) {
  std::unordered_set<std::string> out;
  for (const ConllSentence& s : sentences) {
    for (const EntitySpan& e : s.entities) out.insert(entity_text(s, e));
  }
  return out;
}

NerEvaluation evaluate_ner(const NerModel& model, const std::vector<ConllSentence>& sentences,
                           bool by_document, const std::unordered_set<std::string>* known) {
  NerEvaluation ev;
  for (std::string_view t : kTypeNames) ev.by_type[std::string(t)];
  if (known) {
    for (const char* k : {"overall", "PER", "LOC", "ORG", "MISC"}) {
      ev.seen[k];
      ev.unseen[k];
    }
  }
  // The seen or unseen scores an entity of sentence s counts in.
  auto novelty = [&](const ConllSentence& s, const EntitySpan& e) {
    return known->count(entity_text(s, e)) ? &ev.seen : &ev.unseen;
  };
  double spent = 0;
  std::vector<std::vector<std::string_view>> doc;
  for (std::size_t first = 0; first < sentences.size();) {
    std::size_t end = first + 1;
    if (by_document) {
      while (end < sentences.size() && sentences[end].document == sentences[first].document) {
        ++end;
      }
    }
    doc.resize(end - first);
    for (std::size_t i = first; i < end; ++i) {
      doc[i - first].assign(sentences[i].tokens.begin(), sentences[i].tokens.end());
    }
    double t0 = util::thread_cpu_seconds();
    std::vector<std::vector<EntitySpan>> got;
    if (by_document) {
      got = model.tag_document(doc);
    } else {
      got.push_back(model.tag(doc[0]));
    }
    spent += util::thread_cpu_seconds() - t0;
    for (std::size_t i = first; i < end; ++i) {
      const ConllSentence& s = sentences[i];
      ev.tokens += s.tokens.size();
      using Key = std::tuple<std::size_t, std::size_t, std::string>;
      std::set<Key> gold;
      for (const EntitySpan& e : s.entities) {
        gold.emplace(e.begin, e.end, e.type);
        ++ev.by_type[e.type].gold;
        ++ev.overall.gold;
        if (known) {
          auto* scores = novelty(s, e);
          ++(*scores)[e.type].gold;
          ++(*scores)["overall"].gold;
        }
      }
      for (const EntitySpan& e : got[i - first]) {
        const bool correct = gold.count({e.begin, e.end, e.type}) > 0;
        ++ev.by_type[e.type].predicted;
        ++ev.overall.predicted;
        ev.by_type[e.type].correct += correct;
        ev.overall.correct += correct;
        if (known) {
          auto* scores = novelty(s, e);
          for (const std::string& k : {e.type, std::string("overall")}) {
            ++(*scores)[k].predicted;
            (*scores)[k].correct += correct;
          }
        }
      }
    }
    first = end;
  }
  ev.seconds = spent;
  return ev;
}

// --- training -------------------------------------------------------------------

namespace {

// One training sentence with its static features already mapped to rows.
struct Example {
  std::size_t doc = 0;
  std::vector<int> gold;
  std::vector<std::uint32_t> rows;
  std::vector<std::uint32_t> offsets;
  std::vector<TokenInfo> info;
};

class Trainer {
 public:
  void add(const Resources& res, const std::vector<std::string>& tokens,
           const std::vector<EntitySpan>& entities, std::size_t doc) {
    std::vector<std::string_view> views(tokens.begin(), tokens.end());
    Example ex;
    ex.doc = doc;
    ex.gold = encode_bilou(entities, tokens.size());
    std::vector<std::uint64_t> keys;
    static_features(res, views, keys, ex.offsets, ex.info);
    // Provisional ids until finish() knows which features are frequent.
    ex.rows.reserve(keys.size());
    for (std::uint64_t k : keys) {
      std::uint32_t id = seen_.insert(k);
      if (id == seen_count_.size()) seen_count_.push_back(0);
      ++seen_count_[id];
      ex.rows.push_back(id);
    }
    examples_.push_back(std::move(ex));
  }

  // Static features seen fewer than min_count times are dropped: they
  // mostly memorise single training sentences.
  void finish(std::uint32_t min_count) {
    std::vector<std::uint64_t> keys = seen_.keys_by_row();
    std::vector<std::uint32_t> final_row(keys.size(), kNone);
    for (std::size_t id = 0; id < keys.size(); ++id) {
      if (seen_count_[id] >= min_count) final_row[id] = row(keys[id]);
    }
    for (Example& ex : examples_) {
      for (std::uint32_t& r : ex.rows) r = final_row[r];
    }
    seen_ = FeatureTable();
    seen_count_.clear();
    seen_count_.shrink_to_fit();
    // Documents in order of first appearance, sentences in file order.
    std::vector<std::pair<std::size_t, std::size_t>> by_doc;
    for (std::size_t e = 0; e < examples_.size(); ++e) {
      by_doc.emplace_back(examples_[e].doc, e);
    }
    std::stable_sort(by_doc.begin(), by_doc.end());
    docs_.clear();
    for (std::size_t k = 0; k < by_doc.size(); ++k) {
      if (k == 0 || by_doc[k].first != by_doc[k - 1].first) docs_.emplace_back();
      docs_.back().push_back(by_doc[k].second);
    }
  }

  std::size_t size() const { return examples_.size(); }
  std::size_t features() const { return table_.size(); }

  // One pass over the documents in a fixed pseudo-random order; the
  // sentences of a document in their order, so document features see what
  // the model said earlier in it.
  void epoch(std::mt19937& rng, bool document_features, int passes) {
    std::vector<std::size_t> order(docs_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Our own Fisher-Yates: std::shuffle's output differs between libraries.
    for (std::size_t i = order.size(); i > 1; --i) {
      std::size_t j = rng() % i;
      std::swap(order[i - 1], order[j]);
    }
    DocumentHistory history;
    for (std::size_t d : order) {
      history.clear();
      first_pass_.resize(docs_[d].size());
      for (std::size_t k = 0; k < docs_[d].size(); ++k) {
        learn(examples_[docs_[d][k]], document_features ? &history : nullptr, nullptr);
        first_pass_[k] = guesses_;
      }
      // The second pass, as tag_document makes it: the history holds what
      // the first pass said about the whole document.
      if (!document_features || passes < 2) continue;
      for (std::size_t k = 0; k < docs_[d].size(); ++k) {
        learn(examples_[docs_[d][k]], &history, &first_pass_[k]);
      }
    }
  }

  // Forgets all learning (the examples stay).
  void reset() {
    std::fill(weights_.begin(), weights_.end(), 0.0);
    std::fill(totals_.begin(), totals_.end(), 0.0);
    clock_ = 0;
  }

  Weights averaged() const {
    Weights w;
    w.keys = table_.keys_by_row();
    w.rows.resize(weights_.size());
    const double c = static_cast<double>(clock_);
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      w.rows[i] = static_cast<float>(weights_[i] - totals_[i] / c);
    }
    return w;
  }

 private:
  std::uint32_t row(std::uint64_t key) {
    std::uint32_t r = table_.insert(key);
    if (static_cast<std::size_t>(r + 1) * kNumLabels > weights_.size()) {
      weights_.resize(static_cast<std::size_t>(r + 1) * kNumLabels, 0.0);
      totals_.resize(weights_.size(), 0.0);
    }
    return r;
  }

  void update(std::uint32_t r, int label, double delta) {
    std::size_t i = static_cast<std::size_t>(r) * kNumLabels + label;
    weights_[i] += delta;
    totals_[i] += static_cast<double>(clock_) * delta;
  }

  // One sentence, greedily, updating the weights where the best label is
  // wrong. With first_pass, history is the whole document's (see
  // NerModel::tag_document) and is not added to.
  void learn(const Example& ex, DocumentHistory* history, const std::vector<int>* first_pass) {
    int prev1 = kStart, prev2 = kStart;
    const std::size_t n = ex.gold.size();
    guesses_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t dyn_keys[kNumDynamic + kMaxDocumentFeatures];
      dynamic_features(ex.info[i], prev1, prev2, dyn_keys);
      int nd = kNumDynamic;
      if (history) {
        const int own = first_pass ? DocumentHistory::slot_of((*first_pass)[i]) : -1;
        nd += history->features(ex.info[i], dyn_keys + kNumDynamic, own);
      }
      std::uint32_t dyn[kNumDynamic + kMaxDocumentFeatures];
      for (int k = 0; k < nd; ++k) dyn[k] = row(dyn_keys[k]);
      double scores[kNumLabels] = {};
      auto add = [&](std::uint32_t r) {
        const double* w = &weights_[static_cast<std::size_t>(r) * kNumLabels];
        for (int l = 0; l < kNumLabels; ++l) scores[l] += w[l];
      };
      for (std::uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
        if (ex.rows[k] != kNone) add(ex.rows[k]);
      }
      for (int k = 0; k < nd; ++k) add(dyn[k]);
      const bool last = i + 1 == n;
      const int gold = ex.gold[i];
      // The best wrong label; ties with the right one count as mistakes.
      int guess = -1;
      for (int l = 0; l < kNumLabels; ++l) {
        if (l == gold || !valid_transition(prev1, l, last)) continue;
        if (guess < 0 || scores[l] > scores[guess]) guess = l;
      }
      ++clock_;
      if (guess >= 0 && scores[guess] >= scores[gold]) {
        for (std::uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
          if (ex.rows[k] == kNone) continue;
          update(ex.rows[k], gold, 1.0);
          update(ex.rows[k], guess, -1.0);
        }
        for (int k = 0; k < nd; ++k) {
          update(dyn[k], gold, 1.0);
          update(dyn[k], guess, -1.0);
        }
      }
      // Learn from the true history (as Collins' perceptron taggers do);
      // learning from our own guesses scored a point lower on dev.
      prev2 = prev1;
      prev1 = gold;
      guesses_[i] = guess >= 0 && scores[guess] > scores[gold] ? guess : gold;
    }
    // The document remembers what the model said, as it will at run time.
    if (history && !first_pass) history->record(ex.info, guesses_);
  }

  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::vector<std::vector<std::size_t>> docs_;
  std::vector<int> guesses_;
  std::vector<std::vector<int>> first_pass_;  // guesses_ of each sentence of a document
  FeatureTable seen_;
  std::vector<std::uint32_t> seen_count_;
  FeatureTable table_;
  std::vector<Example> examples_;
  std::vector<double> weights_;
  std::vector<double> totals_;
  std::uint64_t clock_ = 0;
};

std::string upper(const std::string& s) {
  std::string u = s;
  for (char& c : u) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return u;
}

}  // namespace

namespace {

// What training one model gave: its resources and, per weight set
// ([kSentenceSet], [kDocumentSet]), the F1 on the evaluation file after
// each epoch, the epoch kept and its weights.
struct TrainedSets {
  Resources res;
  std::vector<double> f1[2];
  int kept[2] = {0, 0};
  double kept_f1[2] = {0, 0};
  Weights weights[2];
  std::size_t features = 0;
};

// Trains on train. Each weight set keeps the weights of epoch keep[set] if
// it is > 0, else those of its best epoch on eval (the last without eval).
// eval may be empty; tmp is a scratch model path.
TrainedSets train_sets(const NerTrainOptions& options, const Resources& base,
                       const std::vector<ConllSentence>& train, const std::vector<ConllSentence>& eval,
                       const int keep[2], const std::string& tmp, const std::string& what) {
  auto log = [&](const std::string& s) {
    if (options.log) options.log(s);
  };
  // Entity names of the training data as lists, per fold of documents.
  const int folds = std::max(options.gazetteer_folds, 1);
  const bool entity_lists = options.gazetteer_folds > 1;
  std::vector<std::vector<std::vector<std::uint64_t>>> fold_keys(
      folds, std::vector<std::vector<std::uint64_t>>(kNumTypes));
  for (const ConllSentence& s : train) {
    for (const EntitySpan& e : s.entities) {
      std::vector<std::string_view> t(s.tokens.begin() + e.begin, s.tokens.begin() + e.end);
      fold_keys[s.document % folds][type_index(e.type)].push_back(Resources::entry_key(t));
    }
  }
  auto with_lists = [&](int leave_out) {
    Resources r = base;
    for (int t = 0; t < kNumTypes; ++t) {
      std::vector<std::uint64_t> keys;
      for (int f = 0; f < folds; ++f) {
        if (f == leave_out) continue;
        keys.insert(keys.end(), fold_keys[f][t].begin(), fold_keys[f][t].end());
      }
      r.add_list("train-" + std::string(kTypeNames[t]), std::move(keys));
    }
    return r;
  };
  std::vector<Resources> fold_res;
  if (entity_lists) {
    for (int f = 0; f < folds; ++f) fold_res.push_back(with_lists(f));
  }
  TrainedSets out;
  out.res = entity_lists ? with_lists(-1) : base;

  Trainer trainer;
  std::size_t with_entities = 0, copies = 0, documents = 0;
  for (const ConllSentence& s : train) documents = std::max(documents, s.document + 1);
  for (const ConllSentence& s : train) {
    const Resources& r = entity_lists ? fold_res[s.document % folds] : out.res;
    trainer.add(r, s.tokens, s.entities, s.document);
    if (options.upper_copy_every <= 0 || s.entities.empty()) continue;
    bool has_lower = false;
    for (const std::string& t : s.tokens) {
      for (char c : t) has_lower |= c >= 'a' && c <= 'z';
    }
    if (!has_lower) continue;
    if (with_entities++ % options.upper_copy_every != 0) continue;
    std::vector<std::string> up;
    up.reserve(s.tokens.size());
    for (const std::string& t : s.tokens) up.push_back(upper(t));
    // A headline copy is a document of its own.
    trainer.add(r, up, s.entities, documents + copies);
    ++copies;
  }
  fold_res.clear();
  trainer.finish(static_cast<std::uint32_t>(std::max(options.min_feature_count, 1)));
  log(what + ": training on " + std::to_string(train.size()) + " sentences + " + std::to_string(copies) +
      " upper-cased copies; " + std::to_string(trainer.features()) + " static features");
  out.features = trainer.features();

  // Two weight sets: one for lone sentences (tag), then one that also
  // learns the document features (tag_document). Each is scored on eval
  // the way it will be used.
  for (int set = 0; set < (options.document_features ? 2 : 1); ++set) {
    const bool documents_set = set == kDocumentSet;
    trainer.reset();
    std::mt19937 rng(options.seed);
    double best = -1;
    for (int e = 1; e <= options.epochs; ++e) {
      trainer.epoch(rng, documents_set, options.document_passes);
      const bool wanted = keep[set] > 0 ? e == keep[set] : (!eval.empty() || e == options.epochs);
      if (eval.empty() && !wanted) continue;
      Weights w = trainer.averaged();
      double f1 = 0;
      if (!eval.empty()) {
        std::vector<const Weights*> sets{documents_set ? &out.weights[kSentenceSet] : &w};
        if (documents_set) sets.push_back(&w);
        write_model(tmp, out.res, sets, options.prune, options.document_passes);
        f1 = evaluate_ner(*NerModel::load(tmp), eval, documents_set).overall.f1();
        out.f1[set].push_back(f1);
      }
      char line[160];
      std::snprintf(line, sizeof line, "%s: %s epoch %d: F1 %.4f", what.c_str(),
                    documents_set ? "document" : "sentence", e, f1);
      log(line);
      if (keep[set] > 0 ? e == keep[set] : f1 > best) {
        best = f1;
        out.weights[set] = std::move(w);
        out.kept[set] = e;
        out.kept_f1[set] = f1;
      }
      // Past the epoch to keep, further epochs only score; stop early
      // without an evaluation file to watch.
      if (keep[set] > 0 && e >= keep[set] && eval.empty()) break;
    }
  }
  std::remove(tmp.c_str());
  return out;
}

// The epoch (1-based) with the best mean over folds.
int best_mean_epoch(const std::vector<std::vector<double>>& by_fold) {
  int best = 0;
  double best_mean = -1;
  for (std::size_t e = 0; !by_fold.empty() && e < by_fold[0].size(); ++e) {
    double sum = 0;
    for (const auto& f : by_fold) sum += f[e];
    if (sum / by_fold.size() > best_mean) {
      best_mean = sum / by_fold.size();
      best = static_cast<int>(e) + 1;
    }
  }
  return best;
}

}  // namespace

NerTrainReport train_ner(const NerTrainOptions& options, const std::string& out_path) {
  auto t0 = std::chrono::steady_clock::now();
  auto log = [&](const std::string& s) {
    if (options.log) options.log(s);
  };
  Resources base;
  base.load_files(options.gazetteer_paths, options.clusters_path);
  std::vector<ConllSentence> train = read_conll(options.train_path);
  std::vector<ConllSentence> dev;
  if (!options.dev_path.empty()) dev = read_conll(options.dev_path);
  const std::string tmp = out_path + ".tmp";
  NerTrainReport report;

  // Cross-validation over blocks of whole documents in file order: the
  // CoNLL documents run by date, so a block is news the other blocks did
  // not report, as unseen text would be.
  int keep[2] = {0, 0};
  if (options.folds > 1) {
    std::size_t documents = 0;
    for (const ConllSentence& s : train) documents = std::max(documents, s.document + 1);
    const auto k = static_cast<std::size_t>(options.folds);
    for (std::size_t f = 0; f < k; ++f) {
      const std::size_t from = documents * f / k, to = documents * (f + 1) / k;
      std::vector<ConllSentence> rest, held_out;
      for (const ConllSentence& s : train) {
        (s.document >= from && s.document < to ? held_out : rest).push_back(s);
      }
      const int none[2] = {0, 0};
      TrainedSets t = train_sets(options, base, rest, held_out, none, tmp,
                                 "fold " + std::to_string(f + 1) + "/" + std::to_string(k));
      report.sentence_fold_f1.push_back(std::move(t.f1[kSentenceSet]));
      report.document_fold_f1.push_back(std::move(t.f1[kDocumentSet]));
    }
    keep[kSentenceSet] = best_mean_epoch(report.sentence_fold_f1);
    keep[kDocumentSet] = best_mean_epoch(report.document_fold_f1);
    log("folds pick epoch " + std::to_string(keep[kSentenceSet]) + " (sentence weights) and " +
        std::to_string(keep[kDocumentSet]) + " (document weights)");
  }
  TrainedSets final_sets = train_sets(options, base, train, dev, keep, tmp, "all");
  report.sentence_dev_curve = final_sets.f1[kSentenceSet];
  report.document_dev_curve = final_sets.f1[kDocumentSet];
  const int main_set = options.document_features ? kDocumentSet : kSentenceSet;
  report.best_epoch = final_sets.kept[main_set];
  report.dev_f1 = final_sets.kept_f1[main_set];
  if (options.document_features) {
    report.sentence_best_epoch = final_sets.kept[kSentenceSet];
    report.sentence_dev_f1 = final_sets.kept_f1[kSentenceSet];
  }
  std::vector<const Weights*> sets{&final_sets.weights[kSentenceSet]};
  if (options.document_features) sets.push_back(&final_sets.weights[kDocumentSet]);
  write_model(out_path, final_sets.res, sets, options.prune, options.document_passes);
  report.features = final_sets.features;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace dateline::entities
