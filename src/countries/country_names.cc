#include "countries/country_names.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <string>
#include <vector>

#include "entities/extractor.h"

namespace dateline::countries {

search::CountryNames country_names(std::shared_ptr<const entities::Gazetteer> gaz) {
  search::CountryNames names;
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
  return names;
}

std::shared_ptr<const entities::Gazetteer> default_gazetteer() {
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

void add_country_names(search::Searcher& s) {
  auto gaz = default_gazetteer();
  if (gaz) s.set_country_names(country_names(std::move(gaz)));
}

}  // namespace dateline::countries
