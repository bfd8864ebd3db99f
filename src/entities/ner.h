#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::entities {

/// A named-entity mention found by the tagger: tokens [begin, end) of the
/// sentence it was given.
struct EntitySpan {
  std::size_t begin;
  std::size_t end;
  std::string type;  ///< "PER", "ORG", "LOC" or "MISC"
};

/// A trained English named-entity recognizer (see ner.cc for the model).
class NerModel {
 public:
  virtual ~NerModel() = default;

  /// Loads a model written by `dateline-index ner-train`. Throws
  /// dateline::Error naming the path if it is missing or malformed.
  static std::unique_ptr<NerModel> load(const std::string& path);

  /// Tags one sentence of CoNLL-style tokens (words and punctuation as
  /// separate tokens, "'s" split off). Thread safe: may be called from many
  /// threads at once on one model.
  [[nodiscard]] virtual std::vector<EntitySpan> tag(
      const std::vector<std::string_view>& tokens) const = 0;
};

/// The model used when none is named: $DATELINE_DATA/ner-en.model if that
/// variable is set, else <compile-time data dir>/ner-en.model.
[[nodiscard]] std::string default_ner_model_path();

// --- training and evaluation (used by `dateline-index ner-*`) --------------

/// One sentence of a CoNLL-2003 file.
struct ConllSentence {
  std::vector<std::string> tokens;
  std::vector<EntitySpan> entities;  ///< from the IOB/IOB2 tags
};

/// Reads a CoNLL-2003 file: `token POS chunk NER` per line (only the first
/// and last columns are used), a blank line between sentences,
/// `-DOCSTART-` lines skipped. Accepts IOB2 and IOB1 tags. Throws
/// dateline::InputError (path, line) for a malformed line or tag, or
/// dateline::Error if the file cannot be opened.
[[nodiscard]] std::vector<ConllSentence> read_conll(const std::string& path);

/// Settings of train_ner.
struct NerTrainOptions {
  std::string train_path;    ///< CoNLL file to learn from
  std::string dev_path;      ///< CoNLL file that picks the epoch; may be empty
  std::string clusters_path;  ///< Brown clusters (write_clusters format)
  std::vector<std::string> gazetteer_paths;  ///< one entry per line
  int epochs = 20;  ///< the best epoch on dev (or the last) is kept
  /// Every n-th training sentence with an entity is also learned upper-cased
  /// (headlines); 0 turns this off.
  int upper_copy_every = 3;
  std::uint32_t seed = 1;  ///< order of the sentences in each epoch
  float prune = 0.02f;     ///< smaller averaged weights are dropped
  /// Progress lines for people; may be empty.
  std::function<void(const std::string&)> log;
};

/// What train_ner did.
struct NerTrainReport {
  int best_epoch = 0;
  double dev_f1 = 0;  ///< of the best epoch; 0 without dev data
  std::size_t features = 0;  ///< distinct features seen in training
  double seconds = 0;
};

/// Trains an averaged perceptron (greedy left-to-right BILOU decoding) and
/// writes the model to out_path. Deterministic: the same inputs and options
/// write the same bytes. Throws dateline::Error / InputError for unreadable
/// inputs or an unwritable output.
NerTrainReport train_ner(const NerTrainOptions& options,
                         const std::string& out_path);

/// Precision, recall and F1 of one entity type, or of all of them.
struct NerScore {
  std::size_t gold = 0, predicted = 0, correct = 0;
  [[nodiscard]] double precision() const;
  [[nodiscard]] double recall() const;
  [[nodiscard]] double f1() const;
};

/// Scores from evaluate_ner.
struct NerEvaluation {
  NerScore overall;
  std::map<std::string, NerScore> by_type;  ///< PER, LOC, ORG, MISC
  std::size_t tokens = 0;
  double seconds = 0;  ///< time spent in NerModel::tag
};

/// Tags every sentence with model and scores the result as conlleval does:
/// an entity counts only when its span and type both match. Single
/// threaded, so tokens / seconds is one core's speed.
[[nodiscard]] NerEvaluation evaluate_ner(
    const NerModel& model, const std::vector<ConllSentence>& sentences);

}  // namespace dateline::entities
