#include "entities/gazetteer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "article/date.h"
#include "entities/extractor.h"
#include "entities/ner.h"
#include "fake_ner.h"
#include "util/error.h"

#ifndef DATELINE_SOURCE_DIR
#define DATELINE_SOURCE_DIR "."
#endif

namespace dateline::entities {
namespace {

using test_support::FakeNer;

// Seconds since 1970 at midnight UTC of a day.
std::int64_t day(int y, unsigned m, unsigned d) { return article::days_from_civil(y, m, d) * 86400; }

std::string gazetteer_dir() { return std::string(DATELINE_SOURCE_DIR) + "/data/gazetteer"; }

class GazetteerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto start = std::chrono::steady_clock::now();
    gazetteer_ = Gazetteer::load(gazetteer_dir());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("[ gazetteer ] loaded %zu countries, %zu regions, %zu cities in %.3f s\n",
                gazetteer_->countries().size(), gazetteer_->regions().size(), gazetteer_->cities().size(), s);
  }
  static void TearDownTestSuite() { gazetteer_.reset(); }

  static const Gazetteer& gaz() { return *gazetteer_; }

  // Extracts entities from body text with a fake tagger.
  static article::Entities extract(std::string body,
                                   std::vector<std::pair<std::string, std::string>> spans = {},
                                   std::string title = {}, std::string language = {},
                                   std::optional<std::int64_t> published = {}) {
    auto ner = std::make_shared<FakeNer>(std::move(spans));
    std::shared_ptr<const Gazetteer> shared(gazetteer_.get(), [](const Gazetteer*) {});
    Extractor ex(ner, shared);
    article::Article a;
    a.title = std::move(title);
    a.body = std::move(body);
    a.language = std::move(language);
    a.published = published;
    return ex.extract(a);
  }

  static std::vector<std::string> place_strings(const article::Entities& e) {
    std::vector<std::string> out;
    for (const article::Place& p : e.places) out.push_back(p.name + "/" + p.kind + "/" + p.country);
    return out;
  }

  static inline std::unique_ptr<Gazetteer> gazetteer_;
};

TEST_F(GazetteerTest, KeyFoldsAccentsCaseAndSpaces) {
  EXPECT_EQ(Gazetteer::key("São  Paulo"), "sao paulo");
  EXPECT_EQ(Gazetteer::key("Côte d’Ivoire"), "cote d'ivoire");
  EXPECT_EQ(Gazetteer::key(" ÉTATS-UNIS "), "etats-unis");
}

TEST_F(GazetteerTest, CountryByNameAliasAndCode) {
  struct Case {
    const char* name;
    const char* code;
  } cases[] = {{"iran", "IR"},          {"united states", "US"}, {"u.s.", "US"},
               {"usa", "US"},           {"britain", "GB"},       {"uk", "GB"},
               {"ivory coast", "CI"},   {"cote d'ivoire", "CI"}, {"burma", "MM"},
               {"south korea", "KR"},   {"uae", "AE"},           {"turkey", "TR"},
               {"czech republic", "CZ"}};
  for (const Case& c : cases) {
    const NameInfo* info = gaz().find(c.name);
    ASSERT_NE(info, nullptr) << c.name;
    ASSERT_FALSE(info->places.empty()) << c.name;
    ASSERT_EQ(info->places.front().kind, PlaceKind::kCountry) << c.name;
    EXPECT_EQ(gaz().countries()[info->places.front().index].code, c.code) << c.name;
  }
  ASSERT_NE(gaz().country("QA"), nullptr);
  EXPECT_EQ(gaz().country("QA")->name, "Qatar");
  EXPECT_EQ(gaz().country("IR")->capital, "Tehran");
  EXPECT_EQ(gaz().country("XX"), nullptr);
}

TEST_F(GazetteerTest, Demonyms) {
  struct Case {
    const char* word;
    const char* code;
  } cases[] = {{"iranian", "IR"}, {"iranians", "IR"}, {"american", "US"}, {"americans", "US"},
               {"omani", "OM"},   {"qatari", "QA"},   {"israeli", "IL"},  {"israelis", "IL"},
               {"british", "GB"}, {"danish", "DK"},   {"swiss", "CH"},    {"filipino", "PH"}};
  for (const Case& c : cases) {
    const NameInfo* info = gaz().find(c.word);
    ASSERT_NE(info, nullptr) << c.word;
    ASSERT_GE(info->demonym, 0) << c.word;
    EXPECT_EQ(gaz().countries()[static_cast<std::size_t>(info->demonym)].code, c.code) << c.word;
  }
}

TEST_F(GazetteerTest, RegionsAndCities) {
  const NameInfo* texas = gaz().find("texas");
  ASSERT_NE(texas, nullptr);
  ASSERT_EQ(texas->places.front().kind, PlaceKind::kRegion);
  EXPECT_EQ(gaz().regions()[texas->places.front().index].code, "US-TX");

  const NameInfo* bavaria = gaz().find("bavaria");
  ASSERT_NE(bavaria, nullptr);
  EXPECT_EQ(gaz().regions()[bavaria->places.front().index].code, "DE-BY");

  // Tehran is a province and its capital city: regions sort before cities.
  const NameInfo* tehran = gaz().find("tehran");
  ASSERT_NE(tehran, nullptr);
  ASSERT_EQ(tehran->places.size(), 2u);
  EXPECT_EQ(tehran->places.front().kind, PlaceKind::kRegion);
  const PlaceRef& city = tehran->places.back();
  ASSERT_EQ(city.kind, PlaceKind::kCity);
  EXPECT_EQ(gaz().cities()[city.index].country, "IR");
  EXPECT_TRUE(gaz().cities()[city.index].capital);
  EXPECT_GT(gaz().cities()[city.index].population, 5000000u);

  // Accents fold: "Sao Paulo" finds São Paulo.
  const NameInfo* sp = gaz().find(Gazetteer::key("Sao Paulo"));
  ASSERT_NE(sp, nullptr);
  bool found = false;
  for (const PlaceRef& p : sp->places) {
    if (p.kind == PlaceKind::kCity && gaz().cities()[p.index].name == "São Paulo") found = true;
  }
  EXPECT_TRUE(found);

  // Cities of one name: larger first.
  const NameInfo* paris = gaz().find("paris");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(gaz().cities()[paris->places.front().index].country, "FR");

  const NameInfo* me = gaz().find("middle east");
  ASSERT_NE(me, nullptr);
  EXPECT_TRUE(me->nonplace);
  EXPECT_TRUE(gaz().find("middle")->prefix);
}

TEST_F(GazetteerTest, ForeignNames) {
  struct Case {
    const char* name;
    const char* lang;
    const char* code;
  } cases[] = {{"allemagne", "fr", "DE"},
               {"alemania", "es", "DE"},
               {"deutschland", "de", "DE"},
               {"etats-unis", "fr", "US"},
               {"estados unidos", "es", "US"}};
  for (const Case& c : cases) {
    const NameInfo* info = gaz().find(c.name);
    ASSERT_NE(info, nullptr) << c.name;
    bool found = false;
    for (const auto& [lang, index] : info->foreign) {
      if (lang == c.lang && gaz().countries()[index].code == c.code) found = true;
    }
    EXPECT_TRUE(found) << c.name;
  }
  std::int32_t de = gaz().ideographic_country("德国", "zh");
  ASSERT_GE(de, 0);
  EXPECT_EQ(gaz().countries()[static_cast<std::size_t>(de)].code, "DE");
  EXPECT_EQ(primary_language("fr-CA"), "fr");
  EXPECT_EQ(primary_language("ZH_Hans"), "zh");
}

TEST_F(GazetteerTest, MissingDirectoryThrowsNamingTheFile) {
  try {
    (void)Gazetteer::load("/nonexistent/gazetteer");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/gazetteer/countries.tsv"), std::string::npos)
        << e.what();
  }
}

TEST_F(GazetteerTest, WashingtonIsTheCapitalUnlessTheStateIsMeant) {
  auto dc = extract("Officials in Washington said the talks would resume.", {{"Washington", "LOC"}});
  EXPECT_EQ(place_strings(dc), std::vector<std::string>{"Washington, D.C./city/US"});
  EXPECT_EQ(dc.countries, std::vector<std::string>{"US"});

  auto state = extract("Wildfires spread across Washington state on Monday.", {{"Washington", "LOC"}});
  EXPECT_EQ(place_strings(state), std::vector<std::string>{"Washington/region/US"});

  auto of = extract("Voters in the state of Washington approved it.", {{"Washington", "LOC"}});
  EXPECT_EQ(place_strings(of), std::vector<std::string>{"Washington/region/US"});
}

TEST_F(GazetteerTest, GeorgiaFollowsContext) {
  auto country = extract("Protesters gathered in Tbilisi as Georgia's parliament met.",
                         {{"Tbilisi", "LOC"}, {"Georgia", "LOC"}});
  EXPECT_EQ(place_strings(country), (std::vector<std::string>{"Tbilisi/city/GE", "Georgia/country/GE"}));

  auto plain = extract("Georgia and Armenia signed a border deal.");
  EXPECT_EQ(plain.countries, (std::vector<std::string>{"GE", "AM"}));

  auto state = extract("Storms hit Atlanta, Georgia, and parts of Alabama.",
                       {{"Atlanta", "LOC"}, {"Georgia", "LOC"}, {"Alabama", "LOC"}});
  EXPECT_EQ(place_strings(state),
            (std::vector<std::string>{"Atlanta/city/US", "Georgia/region/US", "Alabama/region/US"}));
  EXPECT_EQ(state.countries, std::vector<std::string>{"US"});

  auto state_of = extract("Turnout in the state of Georgia was high.", {{"Georgia", "LOC"}});
  EXPECT_EQ(place_strings(state_of), std::vector<std::string>{"Georgia/region/US"});
}

TEST_F(GazetteerTest, PlaceNamesInsidePersonNamesAreNotPlaces) {
  auto e = extract("Victoria Beckham met Jordan Peterson and Georgia Harrison in London.",
                   {{"Victoria Beckham", "PER"},
                    {"Jordan Peterson", "PER"},
                    {"Georgia Harrison", "PER"},
                    {"London", "LOC"}});
  EXPECT_EQ(e.persons, (std::vector<std::string>{"Victoria Beckham", "Jordan Peterson", "Georgia Harrison"}));
  EXPECT_EQ(place_strings(e), std::vector<std::string>{"London/city/GB"});
  EXPECT_EQ(e.countries, std::vector<std::string>{"GB"});
}

TEST_F(GazetteerTest, LowerCaseWordsAreNeverPlaces) {
  const char* texts[] = {
      "We ate turkey from china plates with a georgia peach and chile sauce.",
      "Let us know; the jersey was a bargain and the man said so.",
      "He wore a panama hat and ate a french fry in a sudan grass field.",
  };
  for (const char* t : texts) {
    auto e = extract(t);
    EXPECT_TRUE(e.places.empty()) << t;
    EXPECT_TRUE(e.countries.empty()) << t;
  }
}

TEST_F(GazetteerTest, CountriesAndDemonymsWithoutTheTagger) {
  auto e = extract(
      "Iranian officials met Qatari and Omani envoys before flying to the U.S. "
      "Israelis and Americans watched.");
  EXPECT_EQ(e.countries, (std::vector<std::string>{"IR", "QA", "OM", "US", "IL"}));
  // Demonyms name countries but are not places.
  EXPECT_EQ(place_strings(e), std::vector<std::string>{"United States/country/US"});
}

TEST_F(GazetteerTest, LongerNamesWin) {
  auto e = extract("Flights from New Jersey to Papua New Guinea via Latin America.");
  EXPECT_EQ(e.countries, std::vector<std::string>{"PG"});
}

TEST_F(GazetteerTest, CitiesPreferCountriesOfTheArticle) {
  auto fr = extract("Paris hosted the summit, France said.", {{"Paris", "LOC"}, {"France", "LOC"}});
  EXPECT_EQ(place_strings(fr), (std::vector<std::string>{"Paris/city/FR", "France/country/FR"}));
  // Birmingham, Alabama is less than 50 times smaller than Birmingham, UK.
  auto us = extract("Birmingham officials in Alabama and the United States agreed.",
                    {{"Birmingham", "LOC"}, {"Alabama", "LOC"}, {"United States", "LOC"}});
  ASSERT_FALSE(us.places.empty());
  EXPECT_EQ(us.places.front().country, "US");
  auto gb = extract("Birmingham council said.", {{"Birmingham", "LOC"}});
  ASSERT_FALSE(gb.places.empty());
  EXPECT_EQ(gb.places.front().country, "GB");
}

TEST_F(GazetteerTest, UnknownAndMacroPlacesStayUnresolved) {
  auto e = extract("Tension in the Middle East and the Strait of Hormuz worried Xanadoria.",
                   {{"Middle East", "LOC"}, {"Strait of Hormuz", "LOC"}, {"Xanadoria", "LOC"}});
  EXPECT_EQ(place_strings(e),
            (std::vector<std::string>{"Middle East/unresolved/", "Strait of Hormuz/unresolved/",
                                      "Xanadoria/unresolved/"}));
  EXPECT_TRUE(e.countries.empty());
}

TEST_F(GazetteerTest, PersiaAndLooseSpellingsOfCountryNames) {
  struct Case {
    const char* name;
    const char* code;
  } cases[] = {{"Persia", "IR"},        {"côte d ivoire", "CI"}, {"Côte d’Ivoire", "CI"},
               {"cote d'ivoire", "CI"}, {"ivory coast", "CI"},   {"Guinea Bissau", "GW"},
               {"timor leste", "TL"},   {"zaire", "CD"},         {"burma", "MM"}};
  for (const Case& c : cases) {
    const NameInfo* info = gaz().find(Gazetteer::key(c.name));
    ASSERT_NE(info, nullptr) << c.name;
    ASSERT_FALSE(info->places.empty()) << c.name;
    ASSERT_EQ(info->places.front().kind, PlaceKind::kCountry) << c.name;
    EXPECT_EQ(gaz().countries()[info->places.front().index].code, c.code) << c.name;
  }
}

TEST_F(GazetteerTest, ConstituentCountriesNameTheirState) {
  const std::int32_t gb = gaz().country_index("GB");
  ASSERT_GE(gb, 0);
  for (const char* name : {"england", "scotland", "wales", "northern ireland"}) {
    const NameInfo* info = gaz().find(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(info->constituent, gb) << name;
    ASSERT_EQ(info->places.front().kind, PlaceKind::kRegion) << name;
    EXPECT_TRUE(gaz().regions()[info->places.front().index].constituent) << name;
  }
  // Regions, and longer names ending in one, are no constituent country.
  for (const char* name : {"texas", "bavaria", "new south wales", "new england"}) {
    const NameInfo* info = gaz().find(name);
    if (info != nullptr) {
      EXPECT_EQ(info->constituent, -1) << name;
    }
  }
}

TEST_F(GazetteerTest, FormerStatesAreTheirOwnCountries) {
  struct Case {
    const char* name;
    const char* code;
  } cases[] = {{"soviet union", "SUHH"},
               {"ussr", "SUHH"},
               {"u.s.s.r.", "SUHH"},
               {"yugoslavia", "YUCS"},
               {"czechoslovakia", "CSHH"},
               {"east germany", "DDDE"},
               {"german democratic republic", "DDDE"},
               {"south yemen", "YDYE"},
               {"serbia and montenegro", "CSXX"},
               {"netherlands antilles", "ANHH"},
               // West Germany continues as Germany; Russia is not the USSR.
               {"west germany", "DE"},
               {"russia", "RU"},
               {"czech republic", "CZ"}};
  for (const Case& c : cases) {
    const NameInfo* info = gaz().find(c.name);
    ASSERT_NE(info, nullptr) << c.name;
    ASSERT_FALSE(info->places.empty()) << c.name;
    ASSERT_EQ(info->places.front().kind, PlaceKind::kCountry) << c.name;
    EXPECT_EQ(gaz().countries()[info->places.front().index].code, c.code) << c.name;
  }
  struct Demonym {
    const char* word;
    const char* code;
  } demonyms[] = {{"soviet", "SUHH"},       {"soviets", "SUHH"},     {"yugoslav", "YUCS"},
                  {"czechoslovak", "CSHH"}, {"east german", "DDDE"}, {"west german", "DE"},
                  {"russian", "RU"}};
  for (const Demonym& d : demonyms) {
    const NameInfo* info = gaz().find(d.word);
    ASSERT_NE(info, nullptr) << d.word;
    ASSERT_GE(info->demonym, 0) << d.word;
    EXPECT_EQ(gaz().countries()[static_cast<std::size_t>(info->demonym)].code, d.code) << d.word;
  }
  ASSERT_NE(gaz().country("SUHH"), nullptr);
  EXPECT_EQ(gaz().country("SUHH")->name, "Soviet Union");
  EXPECT_TRUE(gaz().country("SUHH")->former);
  EXPECT_EQ(gaz().country("YUCS")->name, "Yugoslavia");
  EXPECT_EQ(gaz().country("CSHH")->name, "Czechoslovakia");
  EXPECT_EQ(gaz().country("DDDE")->name, "East Germany");
  EXPECT_FALSE(gaz().country("RU")->former);
  EXPECT_EQ(gaz().country("SU"), nullptr);  // ISO 3166-3 codes only
}

TEST_F(GazetteerTest, FormerCountryOfAPlaceDependsOnTheDate) {
  auto city = [&](const char* name, const char* country) {
    const NameInfo* info = gaz().find(Gazetteer::key(name));
    EXPECT_NE(info, nullptr) << name;
    if (info == nullptr) return PlaceRef{PlaceKind::kCity, 0};
    for (const PlaceRef& p : info->places) {
      if (p.kind == PlaceKind::kCity && gaz().cities()[p.index].country == country) return p;
    }
    ADD_FAILURE() << name << " is no city of " << country;
    return PlaceRef{PlaceKind::kCity, 0};
  };
  auto former = [&](PlaceRef p, std::int64_t when) {
    std::int32_t i = gaz().former_country(p, when);
    return i < 0 ? std::string("-") : gaz().countries()[static_cast<std::size_t>(i)].code;
  };
  struct Case {
    const char* city;
    const char* country;
    std::int64_t when;
    const char* former;
  } cases[] = {
      {"Moscow", "RU", day(1987, 3, 3), "SUHH"},     {"Moscow", "RU", day(1991, 12, 25), "SUHH"},
      {"Moscow", "RU", day(1991, 12, 26), "-"},      {"Moscow", "RU", day(2020, 1, 1), "-"},
      {"Kyiv", "UA", day(1987, 3, 3), "SUHH"},       {"Leipzig", "DE", day(1989, 11, 9), "DDDE"},
      {"Leipzig", "DE", day(1991, 1, 1), "-"},       {"Berlin", "DE", day(1987, 3, 3), "-"},
      {"Munich", "DE", day(1987, 3, 3), "-"},        {"Prague", "CZ", day(1987, 3, 3), "CSHH"},
      {"Bratislava", "SK", day(1992, 6, 1), "CSHH"}, {"Prague", "CZ", day(1993, 1, 1), "-"},
      {"Belgrade", "RS", day(1987, 3, 3), "YUCS"},   {"Belgrade", "RS", day(1999, 3, 24), "YUCS"},
      {"Belgrade", "RS", day(2004, 1, 1), "CSXX"},   {"Belgrade", "RS", day(2010, 1, 1), "-"},
      {"Zagreb", "HR", day(1990, 1, 1), "YUCS"},     {"Zagreb", "HR", day(1995, 8, 4), "-"},
      {"Willemstad", "CW", day(1987, 3, 3), "ANHH"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(former(city(c.city, c.country), c.when), c.former)
        << c.city << " " << article::format_iso(c.when);
  }
  // A region of a former state, and a named country: always itself.
  const NameInfo* saxony = gaz().find("saxony");
  ASSERT_NE(saxony, nullptr);
  EXPECT_EQ(former(saxony->places.front(), day(1987, 3, 3)), "DDDE");
  const NameInfo* russia = gaz().find("russia");
  ASSERT_NE(russia, nullptr);
  EXPECT_EQ(former(russia->places.front(), day(1987, 3, 3)), "-");
}

TEST_F(GazetteerTest, ConstituentCountriesArePlacesOfTheirState) {
  // Found by the tagger, by the gazetteer scan, in a wire headline in
  // capitals and as the tagger's "organization" (a national team).
  auto tagged = extract("Oil output off Scotland rose.", {{"Scotland", "LOC"}});
  EXPECT_EQ(place_strings(tagged), std::vector<std::string>{"Scotland/region/GB"});
  EXPECT_EQ(tagged.countries, std::vector<std::string>{"GB"});

  auto scanned = extract("Ministers from Wales and Northern Ireland met in England.");
  EXPECT_EQ(place_strings(scanned),
            (std::vector<std::string>{"Wales/region/GB", "Northern Ireland/region/GB", "England/region/GB"}));
  EXPECT_EQ(scanned.countries, std::vector<std::string>{"GB"});

  auto caps = extract("Output fell.", {}, "SCOTLAND OIL OUTPUT FALLS");
  EXPECT_EQ(caps.countries, std::vector<std::string>{"GB"});

  auto team = extract("Scotland beat Wales on Saturday.", {{"Scotland", "ORG"}});
  EXPECT_EQ(team.organizations, std::vector<std::string>{});
  EXPECT_EQ(team.countries, std::vector<std::string>{"GB"});

  // Longer names and institutions are not the constituent country: "New
  // England" is a macro-region, in a headline in capitals too.
  auto new_england =
      extract("Results include BMD of New England Inc.", {}, "NEW ENGLAND POWER TO REDEEM PREFERRED SHARES");
  EXPECT_TRUE(new_england.countries.empty());
  auto nsw = extract("Rain fell across New South Wales.", {{"New South Wales", "LOC"}});
  EXPECT_EQ(place_strings(nsw), std::vector<std::string>{"New South Wales/region/AU"});
  auto boe = extract("The Bank of England held rates.", {{"Bank of England", "ORG"}});
  EXPECT_TRUE(boe.places.empty());
  EXPECT_TRUE(boe.countries.empty());
}

TEST_F(GazetteerTest, PlacesBelongToTheStatesOfTheirDate) {
  // 1987: the Soviet Union, its capital and its people are one country
  // value, SUHH; Russia named as such stays RU.
  auto soviet = extract(
      "The Soviet Union bought wheat, officials in Moscow said. Soviet buyers "
      "also asked about Russian barley.",
      {{"Soviet Union", "LOC"}, {"Moscow", "LOC"}}, {}, {}, day(1987, 3, 3));
  EXPECT_EQ(place_strings(soviet),
            (std::vector<std::string>{"Soviet Union/country/SUHH", "Moscow/city/SUHH"}));
  EXPECT_EQ(soviet.countries, (std::vector<std::string>{"SUHH", "RU"}));

  auto moscow_1987 = extract("Officials in Moscow said.", {{"Moscow", "LOC"}}, {}, {}, day(1987, 3, 3));
  EXPECT_EQ(moscow_1987.countries, std::vector<std::string>{"SUHH"});
  auto moscow_2020 = extract("Officials in Moscow said.", {{"Moscow", "LOC"}}, {}, {}, day(2020, 3, 3));
  EXPECT_EQ(moscow_2020.countries, std::vector<std::string>{"RU"});
  auto undated = extract("Officials in Moscow said.", {{"Moscow", "LOC"}});
  EXPECT_EQ(undated.countries, std::vector<std::string>{"RU"});

  auto germany = extract(
      "Trade fairs in Leipzig and Munich drew East German and West German "
      "firms.",
      {{"Leipzig", "LOC"}, {"Munich", "LOC"}}, {}, {}, day(1987, 3, 3));
  EXPECT_EQ(place_strings(germany), (std::vector<std::string>{"Leipzig/city/DDDE", "Munich/city/DE"}));
  EXPECT_EQ(germany.countries, (std::vector<std::string>{"DDDE", "DE"}));

  auto yugoslavia = extract("Yugoslavia and Czechoslovakia signed a deal in Belgrade.", {{"Belgrade", "LOC"}},
                            {}, {}, day(1987, 3, 3));
  EXPECT_EQ(yugoslavia.countries, (std::vector<std::string>{"YUCS", "CSHH"}));
}

// The first place named key, as "name/country".
std::string first_place(const Gazetteer& g, std::string_view key) {
  const NameInfo* info = g.find(key);
  if (info == nullptr || info->places.empty()) return "";
  const PlaceRef& p = info->places.front();
  switch (p.kind) {
    case PlaceKind::kCountry: return g.countries()[p.index].name + "/" + g.countries()[p.index].code;
    case PlaceKind::kRegion: return g.regions()[p.index].name + "/" + g.regions()[p.index].country;
    case PlaceKind::kCity: return g.cities()[p.index].name + "/" + g.cities()[p.index].country;
  }
  return "";
}

TEST_F(GazetteerTest, ExonymsOfWidelyKnownCities) {
  // GeoNames' alternate names: the English (and other) names of cities
  // known abroad, ahead of small namesakes by population.
  EXPECT_EQ(first_place(gaz(), "geneva"), "Genève/CH");
  EXPECT_EQ(first_place(gaz(), "basle"), "Basel/CH");
  EXPECT_EQ(first_place(gaz(), "leghorn"), "Livorno/IT");
  EXPECT_EQ(first_place(gaz(), "cologne"), "Köln/DE");
  EXPECT_EQ(first_place(gaz(), "canton"), "Guangzhou/CN");
  EXPECT_EQ(first_place(gaz(), "frankfurt"), "Frankfurt am Main/DE");
  EXPECT_EQ(first_place(gaz(), "peking"), "Beijing/CN");
  EXPECT_EQ(first_place(gaz(), "bombay"), "Mumbai/IN");
  EXPECT_EQ(first_place(gaz(), "rangoon"), "Yangon/MM");
  EXPECT_EQ(first_place(gaz(), "genf"), "Genève/CH");
  // An exonym never takes a country's, a big city's or a same-country
  // city's name: Munich's "Monaco", Delhi's "New Delhi", Kansas City's
  // "Greenwood"; nor a comparable city's ("Victoria" is not Hong Kong).
  EXPECT_EQ(first_place(gaz(), "monaco"), "Monaco/MC");
  EXPECT_EQ(first_place(gaz(), "new delhi"), "New Delhi/IN");
  const NameInfo* victoria = gaz().find("victoria");
  ASSERT_NE(victoria, nullptr);
  for (const PlaceRef& p : victoria->places) {
    if (p.kind == PlaceKind::kCity) EXPECT_EQ(gaz().cities()[p.index].name, "Victoria");
  }
  const NameInfo* greenwood = gaz().find("greenwood");
  ASSERT_NE(greenwood, nullptr);
  for (const PlaceRef& p : greenwood->places) {
    EXPECT_EQ(gaz().cities()[p.index].name, "Greenwood");
  }
}

TEST_F(GazetteerTest, NameCountsSayHowWidelyACityIsKnown) {
  const NameInfo* venice = gaz().find("venice");
  ASSERT_NE(venice, nullptr);
  std::uint32_t italy = 0;
  std::uint32_t florida = 0;
  for (const PlaceRef& p : venice->places) {
    const City& c = gaz().cities()[p.index];
    if (c.country == "IT") italy = c.names;
    if (c.country == "US" && c.population > 20000 && c.population < 30000) florida = c.names;
  }
  EXPECT_GE(italy, 50u);
  EXPECT_GT(florida, 0u);
  EXPECT_GE(italy, 3 * florida);
}

TEST_F(GazetteerTest, ExonymsResolveInReutersSentences) {
  // Reuters: "The bonds will be listed on stock exchanges in Basle,
  // Berne, Geneva, Lausanne and Zurich."
  auto swiss = extract(
      "The bonds will be listed on stock exchanges in Basle, Berne, Geneva, Lausanne and Zurich.",
      {{"Basle", "LOC"}, {"Berne", "LOC"}, {"Geneva", "LOC"}, {"Lausanne", "LOC"}, {"Zurich", "LOC"}});
  ASSERT_EQ(swiss.places.size(), 5u);
  for (const article::Place& p : swiss.places) EXPECT_EQ(p.country, "CH") << p.name;
  EXPECT_EQ(swiss.countries, (std::vector<std::string>{"CH"}));

  // reuters-16784: the U.S. is named, but Geneva is the Swiss city.
  auto gatt = extract(
      "U.S. Agriculture Secretary Richard Lyng said Japan must put its farm policies on the negotiating "
      "table during GATT talks in Geneva.",
      {{"Richard Lyng", "PER"}, {"Japan", "LOC"}, {"GATT", "ORG"}, {"Geneva", "LOC"}});
  EXPECT_EQ(place_strings(gatt),
            (std::vector<std::string>{"Japan/country/JP", "Genève/city/CH", "United States/country/US"}));
}

TEST_F(GazetteerTest, WidelyKnownCityOverNamesakeUnlessTheArticleIsSetThere) {
  // reuters-7536: the Venice summit of 1987, in a story naming Washington.
  auto summit = extract(
      "Prime Minister Yasuhiro Nakasone is unlikely to take the package to Washington. Nakasone hopes to "
      "meet "
      "President Reagan in late April or early May to prepare for the Venice economic summit in June.",
      {{"Yasuhiro Nakasone", "PER"},
       {"Washington", "LOC"},
       {"Nakasone", "PER"},
       {"Reagan", "PER"},
       {"Venice", "LOC"}});
  EXPECT_EQ(place_strings(summit), (std::vector<std::string>{"Washington, D.C./city/US", "Venice/city/IT"}));
  // A US state in the story sets it in the US: Venice, California.
  auto california = extract("The company will open a plant in Venice, California, next year.",
                            {{"Venice", "LOC"}, {"California", "LOC"}});
  EXPECT_EQ(place_strings(california), (std::vector<std::string>{"Venice/city/US", "California/region/US"}));
  // "Florida" is a department of Uruguay too: the US one when the article
  // names the US.
  auto florida = extract("U.S. officials said the company will open a plant in Venice, Florida, next year.",
                         {{"Venice", "LOC"}, {"Florida", "LOC"}});
  EXPECT_EQ(place_strings(florida),
            (std::vector<std::string>{"Venice/city/US", "Florida/region/US", "United States/country/US"}));
}

TEST_F(GazetteerTest, PlacesInNamesOfThingsAreNoPlaces) {
  // Reuters: institutions named after their building or street.
  auto house = extract(
      "White House chief of staff Donald Regan also received strong criticism. Stocks fell on Wall Street.",
      {{"White House", "LOC"}, {"Donald Regan", "PER"}, {"Wall Street", "LOC"}});
  EXPECT_TRUE(house.places.empty()) << testing::PrintToString(place_strings(house));
  // A place the tagger ended before the firm's word; a firm's word inside
  // the place span.
  auto steel = extract(
      "Bethlehem Steel Corp has investigated the ramifications of a filing for reorganization. Pacific "
      "Lighting earned 24.2 mln dlrs.",
      {{"Bethlehem", "LOC"}, {"Pacific Lighting", "LOC"}});
  EXPECT_TRUE(steel.places.empty()) << testing::PrintToString(place_strings(steel));
  // A town whose name ends in an organization word is still a town.
  auto center =
      extract("The store is at its Brookdale Shopping Center in Brooklyn Center, Minnesota.",
              {{"Brookdale Shopping Center", "ORG"}, {"Brooklyn Center", "LOC"}, {"Minnesota", "LOC"}});
  EXPECT_EQ(place_strings(center),
            (std::vector<std::string>{"Brooklyn Center/city/US", "Minnesota/region/US"}));
  // reuters-16358: a Moody's rating.
  auto rating = extract("Moody's cut most of the debt of Texaco and its units to Caa.",
                        {{"Moody's", "ORG"}, {"Texaco", "ORG"}, {"Caa", "LOC"}});
  EXPECT_TRUE(rating.places.empty()) << testing::PrintToString(place_strings(rating));
  // Tickers: "Texaco Inc <TX>".
  auto ticker =
      extract("Hugh Liedtke said the company has made several proposals to Texaco Inc TX to settle.",
              {{"Hugh Liedtke", "PER"}, {"Texaco Inc", "ORG"}, {"TX", "LOC"}});
  EXPECT_TRUE(ticker.places.empty()) << testing::PrintToString(place_strings(ticker));
}

TEST_F(GazetteerTest, CrudeGradesAreNoPlacesThroughoutTheArticle) {
  // West Texas Intermediate is a grade; Texas alone is still Texas.
  auto wti = extract("West Texas Intermediate rose 50 cts. Drilling in Texas slowed.",
                     {{"West Texas", "LOC"}, {"Texas", "LOC"}});
  EXPECT_EQ(place_strings(wti), (std::vector<std::string>{"Texas/region/US"}));
  // Reuters: "cargoes of Brent" in a story about Brent crude.
  auto brent = extract(
      "Brent crude for May traded at 18 dlrs. Traders said Japanese buyers are looking to pick up cargoes of "
      "Brent for Japan.",
      {{"Brent", "LOC"}, {"Japan", "LOC"}});
  EXPECT_EQ(place_strings(brent), (std::vector<std::string>{"Japan/country/JP"}));
  // "Brent crude" untagged is enough: reuters-13847's "North Sea Brent cash
  // crude market" and "forward Brent crude".
  auto untagged = extract(
      "Traders said firmness in the North Sea Brent cash market helped. April 15-day forward Brent crude "
      "traded "
      "as high as 19.40 dlrs a barrel.",
      {{"North Sea", "LOC"}, {"Brent", "LOC"}});
  EXPECT_EQ(place_strings(untagged), (std::vector<std::string>{"North Sea/unresolved/"}));
  // A country's crude still makes a story about the country.
  auto kuwait = extract("The value of Kuwait crude fell 14 cts to 18.37 dlrs.", {{"Kuwait", "LOC"}});
  EXPECT_EQ(place_strings(kuwait), (std::vector<std::string>{"Kuwait/country/KW"}));
  // Brent, the London borough, where no crude is in sight.
  auto borough = extract("Voters in Brent elected a new council.", {{"Brent", "LOC"}});
  EXPECT_EQ(place_strings(borough), (std::vector<std::string>{"Brent/city/GB"}));
}

TEST_F(GazetteerTest, StateAbbreviationsWithoutTheirDot) {
  // reuters-1455: "Belvidere, Ill. plant"; the tagger leaves the dot out.
  auto ill =
      extract("The Chrysler cars are being phased out of production at the company's Belvidere, Ill. plant.",
              {{"Chrysler", "ORG"}, {"Belvidere", "LOC"}, {"Ill", "LOC"}});
  EXPECT_EQ(place_strings(ill), (std::vector<std::string>{"Belvidere/city/US", "Illinois/region/US"}));
  // Alone, "Pa" is no state.
  auto pa = extract("Pa said he would come home.", {{"Pa", "LOC"}});
  EXPECT_TRUE(pa.places.empty()) << testing::PrintToString(place_strings(pa));
}

}  // namespace
}  // namespace dateline::entities
