#include "countries/country_names.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dateline::countries {
namespace {

using Codes = std::vector<std::string>;

// The project's gazetteer (data/gazetteer), as the tools load it.
std::shared_ptr<const entities::Gazetteer> gazetteer() {
  static std::shared_ptr<const entities::Gazetteer> gaz =
      entities::Gazetteer::load(std::string(DATELINE_SOURCE_DIR) + "/data/gazetteer");
  return gaz;
}

TEST(CountryNamesTest, TypedValuesMeanCodes) {
  search::CountryNames names = country_names(gazetteer());
  struct Case {
    const char* typed;
    Codes codes;
  };
  const Case cases[] = {
      {"IR", {"IR"}},        // a code is itself
      {"ir", {"IR"}},        // case ignored
      {"iran", {"IR"}},      // a name
      {"Persia", {"IR"}},    // an alias
      {"iranian", {"IR"}},   // a demonym
      {"scotland", {"GB"}},  // a constituent country: its state
      {"ussr", {"SUHH"}},    // a former state is its own value
      {"Soviet Union", {"SUHH"}},
      {"suhh", {"SUHH"}},  // by its ISO 3166-3 code
      {"ivory coast", {"CI"}},
      {"Allemagne", {"DE"}},  // a foreign name
      {"atlantis", {}},       // unknown: nothing
      {"", {}},
  };
  for (const Case& c : cases) EXPECT_EQ(names.codes(c.typed), c.codes) << c.typed;
}

TEST(CountryNamesTest, RussiaIsNotTheSovietUnion) {
  search::CountryNames names = country_names(gazetteer());
  EXPECT_EQ(names.codes("russia"), Codes{"RU"});
}

TEST(CountryNamesTest, LabelsAreEnglishNames) {
  search::CountryNames names = country_names(gazetteer());
  EXPECT_EQ(names.label("IR"), "Iran");
  EXPECT_EQ(names.label("SUHH"), "Soviet Union");
  EXPECT_EQ(names.label("ZZ"), "");
}

TEST(CountryNamesTest, DefaultGazetteerIsLoadedOnce) {
  auto a = default_gazetteer();
  ASSERT_NE(a, nullptr) << "data/gazetteer must load from the default data directory";
  EXPECT_EQ(a, default_gazetteer());
}

}  // namespace
}  // namespace dateline::countries
