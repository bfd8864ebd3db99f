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

std::string order_key(const std::optional<std::int64_t>& published, std::string_view id) {
  std::uint64_t u = 0;
  if (published) u = static_cast<std::uint64_t>(*published) ^ (std::uint64_t{1} << 63);
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i, u >>= 8) key[static_cast<std::size_t>(i)] = static_cast<char>(u & 0xff);
  // Each id byte complemented, then 0xff: ranking reads the slot in
  // reverse (newest first), which puts ids of one date in ascending order
  // ("a" before "ab" before "b").
  for (const char c : id) key.push_back(static_cast<char>(~static_cast<unsigned char>(c)));
  key.push_back('\xff');
  return key;
}

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
