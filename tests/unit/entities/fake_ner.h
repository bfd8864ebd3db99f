#pragma once

// A stand-in tagger for the entity tests: tags the given phrases wherever
// they occur, so tests do not depend on the trained model.

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entities/ner.h"

namespace dateline::entities::test_support {

/// Tags each phrase (space-separated tokens) with its type, longest first.
class FakeNer : public NerModel {
 public:
  explicit FakeNer(std::vector<std::pair<std::string, std::string>> phrases) {
    for (auto& [text, type] : phrases) {
      std::vector<std::string> words;
      std::size_t start = 0;
      while (start < text.size()) {
        std::size_t sp = text.find(' ', start);
        if (sp == std::string::npos) sp = text.size();
        words.push_back(text.substr(start, sp - start));
        start = sp + 1;
      }
      phrases_.emplace_back(std::move(words), type);
    }
  }
  std::vector<EntitySpan> tag(const std::vector<std::string_view>& tokens) const override {
    std::vector<EntitySpan> out;
    for (std::size_t i = 0; i < tokens.size();) {
      std::size_t best = 0;
      std::string type;
      for (const auto& [words, t] : phrases_) {
        if (words.size() <= best || i + words.size() > tokens.size()) continue;
        if (std::equal(words.begin(), words.end(), tokens.begin() + static_cast<std::ptrdiff_t>(i))) {
          best = words.size();
          type = t;
        }
      }
      if (best > 0) {
        out.push_back({i, i + best, type});
        i += best;
      } else {
        ++i;
      }
    }
    return out;
  }

 private:
  std::vector<std::pair<std::vector<std::string>, std::string>> phrases_;
};

}  // namespace dateline::entities::test_support
