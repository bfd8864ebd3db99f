#pragma once

// Training and evaluation of the NER tagger, used by `dateline-index ner-*`
// and the tests. Built into the dateline_entities_train library, which
// dateline-query does not link.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "entities/ner.h"

namespace dateline::entities {

/// One sentence of a CoNLL-2003 file.
struct ConllSentence {
  std::vector<std::string> tokens;
  std::vector<EntitySpan> entities;  ///< from the IOB/IOB2 tags
  std::size_t document = 0;          ///< counts -DOCSTART- lines before it
};

/// Reads a CoNLL-2003 file: `token POS chunk NER` per line (only the first
/// and last columns are used), a blank line between sentences,
/// `-DOCSTART-` lines skipped. Accepts IOB2 and IOB1 tags. Throws
/// dateline::InputError (path, line) for a malformed line or tag, or
/// dateline::Error if the file cannot be opened.
[[nodiscard]] std::vector<ConllSentence> read_conll(const std::string& path);

/// Settings of train_ner.
struct NerTrainOptions {
  std::string train_path;                    ///< CoNLL file to learn from
  std::string dev_path;                      ///< CoNLL file that picks the epoch; may be empty
  std::string clusters_path;                 ///< Brown clusters (write_clusters format)
  std::vector<std::string> gazetteer_paths;  ///< one entry per line
  int epochs = 15;                           ///< the best epoch on dev (or the last) is kept
  /// Cross-validation: with k > 1, the training documents are cut into k
  /// blocks in file order; k models, each trained without one block and
  /// scored on it after every epoch, pick the epoch of each weight set (the
  /// best mean F1), and dev only reports. 0 or 1: dev picks the epoch.
  int folds = 0;
  /// Every n-th training sentence with an entity is also learned upper-cased
  /// (headlines); 0 turns this off.
  int upper_copy_every = 3;
  /// The names of the training entities become four more gazetteer lists
  /// (one per type). While training, a sentence sees lists built from the
  /// other folds only (documents split round-robin), so the model learns
  /// how far to trust a list that does not already know the answer. 0 or 1
  /// leaves these lists out.
  int gazetteer_folds = 10;
  /// Also learn a second weight set, with the document features of
  /// NerModel::tag_document (else tag_document uses tag's weights).
  bool document_features = true;
  /// 2: tag_document makes a second pass in which each sentence sees what
  /// the first said about its words anywhere in the article (earlier and
  /// later), and the document weights learn from both passes; 1: one pass.
  int document_passes = 1;
  /// Features of the words seen fewer times in training are left out.
  int min_feature_count = 2;
  std::uint32_t seed = 1;  ///< order of the sentences in each epoch
  float prune = 0.02f;     ///< smaller averaged weights are dropped
  /// Progress lines for people; may be empty.
  std::function<void(const std::string&)> log;
};

/// What train_ner did.
struct NerTrainReport {
  int best_epoch = 0;           ///< of the tag_document weights (tag's without them)
  double dev_f1 = 0;            ///< of the best epoch; 0 without dev data
  int sentence_best_epoch = 0;  ///< of the tag() weights, if both were made
  double sentence_dev_f1 = 0;
  std::size_t features = 0;  ///< distinct features seen in training
  double seconds = 0;
  /// With folds: F1 on each held-out block after each epoch,
  /// [fold][epoch - 1], of the tag_document weights (document_fold_f1) and
  /// of the tag() weights (sentence_fold_f1); empty without folds.
  std::vector<std::vector<double>> document_fold_f1, sentence_fold_f1;
  /// Dev F1 after each epoch of the final model's weights (empty without dev).
  std::vector<double> document_dev_curve, sentence_dev_curve;
};

/// Trains an averaged perceptron (greedy left-to-right BILOU decoding) and
/// writes the model to out_path: weights for lone sentences and, with
/// document_features, a second set for tag_document. Deterministic: the same inputs and options
/// write the same bytes. Throws dateline::Error / InputError for unreadable
/// inputs or an unwritable output.
NerTrainReport train_ner(const NerTrainOptions& options, const std::string& out_path);

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
  /// Only when evaluate_ner was given the names seen in training: the same
  /// scores for the entities whose text is among them (seen) and for the
  /// others (unseen), keyed "overall", "PER", "LOC", "ORG", "MISC". A
  /// predicted entity counts where its own text falls, so precision is
  /// that of the predictions of unseen (or seen) text.
  std::map<std::string, NerScore> seen, unseen;
  std::size_t tokens = 0;
  double seconds = 0;  ///< CPU time of the calling thread spent tagging
};

/// Tags every sentence with model and scores the result as conlleval does:
/// an entity counts only when its span and type both match. With
/// by_document, the sentences of each document (ConllSentence::document)
/// go to NerModel::tag_document together; otherwise each goes to
/// NerModel::tag alone. Single threaded, so tokens / seconds is one core's
/// speed. With known (see entity_texts), also scores seen and unseen names
/// apart.
[[nodiscard]] NerEvaluation evaluate_ner(const NerModel& model, const std::vector<ConllSentence>& sentences,
                                         bool by_document = true,
                                         const std::unordered_set<std::string>* known = nullptr);

/// The texts of the entities of sentences, whatever their type: their
/// tokens joined by single spaces. Names absent from the training file's
/// set are "unseen" (the usual definition: surface form not among the
/// training entities).
[[nodiscard]] std::unordered_set<std::string> entity_texts(const std::vector<ConllSentence>& sentences);

}  // namespace dateline::entities
