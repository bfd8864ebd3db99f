#include "entities/mentions.h"

namespace dateline::entities {
namespace {

// "Washington state", "the state of Georgia".
bool state_context(PartText& text, const Sentence& s, std::size_t b, std::size_t e) {
  if (e < s.end && text.key(e) == "state") return true;
  return b >= s.begin + 2 && text.key(b - 1) == "of" && text.key(b - 2) == "state";
}

}  // namespace

bool is_country_name(const NameInfo* info) {
  return info != nullptr && !info->places.empty() && info->places.front().kind == PlaceKind::kCountry;
}

bool names_country(const NameInfo* info) {
  return is_country_name(info) || (info != nullptr && info->constituent >= 0);
}

std::int32_t foreign_country(const NameInfo* info, std::string_view lang) {
  if (info == nullptr || lang.empty()) return -1;
  for (const auto& [l, c] : info->foreign) {
    if (l == lang) return static_cast<std::int32_t>(c);
  }
  return -1;
}

std::int32_t country_of(const ArticleWork& work, const NameInfo* info) {
  if (info == nullptr) return -1;
  if (!work.english) return foreign_country(info, work.lang);
  if (is_country_name(info)) return static_cast<std::int32_t>(info->places.front().index);
  if (info->constituent >= 0) return info->constituent;
  return info->demonym;
}

void add_place(PartContext& c, const Sentence& s, std::size_t b, std::size_t e, const NameInfo* info,
               std::int32_t country) {
  PlaceMention m;
  m.key = c.text.span_key(b, e);
  m.display = c.text.display(b, e);
  m.info = info;
  m.country = country;
  m.state_context = state_context(c.text, s, b, e);
  if (e < s.end) m.next_word = std::string(c.text.tokens()[e].text);
  m.demonym = info != nullptr && c.work.english && !is_country_name(info) && info->demonym >= 0 &&
              info->places.empty();
  c.work.places.push_back(std::move(m));
}

}  // namespace dateline::entities
