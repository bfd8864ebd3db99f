#include "schema/terms.h"

#include <xapian.h>

#include "schema/schema.h"
#include "util/strings.h"

namespace dateline::schema {
namespace {

bool latin_word(std::string_view term) {
  bool letter = false;
  for (char c : term) {
    if (c >= 'a' && c <= 'z') {
      letter = true;
    } else if (!(c >= '0' && c <= '9') && c != '\'') {
      return false;
    }
  }
  return letter;
}

std::size_t utf8_len(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

std::string stem_term(const std::string& term) {
  if (!latin_word(term)) return {};
  // Xapian::Stem objects share state internally; one per thread is safe.
  thread_local Xapian::Stem stemmer("english");
  return stemmer(term);
}

namespace {
// Xapian's glass backend refuses terms longer than 245 bytes.
std::string exact_term(const std::string& pfx, const std::string& id) {
  std::string t = pfx + id;
  if (t.size() > 240) t = pfx + id.substr(0, 200) + "#" + util::hex64(util::fnv1a64(id));
  return t;
}
}  // namespace

std::string id_term(const std::string& id) { return exact_term(prefix(FieldId::kId), id); }

std::string story_term(const std::string& story_id) { return exact_term(prefix(FieldId::kStory), story_id); }

std::vector<std::string> han_bigrams(std::string_view word) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < word.size(); i += utf8_len(static_cast<unsigned char>(word[i]))) {
    starts.push_back(i);
  }
  starts.push_back(word.size());
  std::vector<std::string> out;
  for (std::size_t k = 0; k + 2 < starts.size(); ++k) {
    out.emplace_back(word.substr(starts[k], starts[k + 2] - starts[k]));
  }
  return out;
}

}  // namespace dateline::schema
