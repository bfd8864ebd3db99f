#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "query/commands.h"

namespace dateline::query {
namespace {

// Loaded once per process and shared by every searcher (it is immutable).
std::shared_ptr<const entities::Gazetteer> gazetteer() {
  static std::once_flag once;
  static std::shared_ptr<const entities::Gazetteer> gaz;
  std::call_once(once, [] {
    try {
      gaz = entities::Gazetteer::load(entities::default_data_dir() + "/gazetteer");
    } catch (const std::exception&) {
      gaz.reset();  // without it only two-letter country codes work
    }
  });
  return gaz;
}

}  // namespace

void configure_searcher(search::Searcher& s) {
  auto gaz = gazetteer();
  if (!gaz) return;
  search::CountryNames names;
  // "iran", "IR", "Islamic Republic of Iran", "iranian" and foreign names
  // ("Allemagne") all mean the same country; "scotland" means GB. A state
  // that no longer exists is its own value, by name or by its four-letter
  // ISO 3166-3 code ("Soviet Union", "SUHH"), never today's successor.
  // Each code means exactly itself, so a facet value filters to its count.
  names.codes = [gaz](std::string_view value) {
    std::vector<std::string> codes;
    if (value.size() == 2 || value.size() == 4) {
      std::string code;
      for (char c : value) {
        code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      }
      if (gaz->country(code) != nullptr) return std::vector<std::string>{code};
    }
    const entities::NameInfo* info = gaz->find(entities::Gazetteer::key(value));
    if (info == nullptr) return codes;
    auto add = [&](const std::string& c) {
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
    };
    for (const entities::PlaceRef& p : info->places) {
      if (p.kind == entities::PlaceKind::kCountry) add(gaz->countries()[p.index].code);
    }
    if (codes.empty() && info->constituent >= 0) add(gaz->countries()[info->constituent].code);
    if (codes.empty() && info->demonym >= 0) add(gaz->countries()[info->demonym].code);
    if (codes.empty()) {
      for (const auto& [lang, idx] : info->foreign) add(gaz->countries()[idx].code);
    }
    return codes;
  };
  names.label = [gaz](std::string_view code) {
    const entities::Country* c = gaz->country(code);
    return c == nullptr ? std::string() : c->name;
  };
  s.set_country_names(std::move(names));
}

}  // namespace dateline::query
