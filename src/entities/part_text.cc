#include "entities/part_text.h"

#include <algorithm>

namespace dateline::entities {

PartText::PartText(std::string_view text, std::size_t end, bool split_elisions)
    : text_(text.substr(0, end)),
      tt_(tokenize_sentences(text, split_elisions, end)),
      keys_(tt_.tokens.size()),
      have_key_(tt_.tokens.size(), false),
      covered_(tt_.tokens.size(), false) {}

const std::string& PartText::key(std::size_t i) {
  if (!have_key_[i]) {
    const TextToken& t = tt_.tokens[i];
    keys_[i] = Gazetteer::key(text_.substr(t.begin, t.end - t.begin));
    have_key_[i] = true;
  }
  return keys_[i];
}

std::string PartText::span_key(std::size_t b, std::size_t e) {
  std::string k;
  for (std::size_t i = b; i < e; ++i) {
    if (i > b && tt_.tokens[i].begin != tt_.tokens[i - 1].end) k.push_back(' ');
    k += key(i);
  }
  return k;
}

std::string PartText::display(std::size_t b, std::size_t e) const {
  const std::size_t from = tt_.tokens[b].begin;
  const std::size_t to = tt_.tokens[e - 1].end;
  std::string out;
  out.reserve(to - from);
  bool space = false;
  for (std::size_t i = from; i < to; ++i) {
    char c = text_[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool PartText::punct_at(std::size_t i, std::size_t end, std::string_view p) const {
  return i < end && tt_.tokens[i].kind == TokenKind::kPunct && tt_.tokens[i].text == p;
}

void PartText::cover(std::size_t b, std::size_t e) {
  for (std::size_t i = b; i < e; ++i) covered_[i] = true;
}

bool PartText::is_long_form(std::size_t i) const {
  return std::find(long_forms_.begin(), long_forms_.end(), i) != long_forms_.end();
}

}  // namespace dateline::entities
