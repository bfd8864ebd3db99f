#pragma once

#include <cstddef>
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
  [[nodiscard]] virtual std::vector<EntitySpan> tag(const std::vector<std::string_view>& tokens) const = 0;

  /// Tags the sentences of one article, in order; result[i] holds the spans
  /// of sentences[i]. Unlike tag(), later sentences also see how the model
  /// tagged the same capitalised words earlier in the article ("Rotor" after
  /// "Rotor Volgograd" was tagged ORG), which is more accurate on whole
  /// articles. Thread safe like tag(). The default implementation calls
  /// tag() on each sentence.
  [[nodiscard]] virtual std::vector<std::vector<EntitySpan>> tag_document(
      const std::vector<std::vector<std::string_view>>& sentences) const;
};

/// The model used when none is named: ner-en.model in default_data_dir()
/// (data_dir.h).
[[nodiscard]] std::string default_ner_model_path();

}  // namespace dateline::entities
