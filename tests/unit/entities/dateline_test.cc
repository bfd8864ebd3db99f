#include "entities/dateline.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "article/article_json.h"
#include "article/date.h"
#include "entities/extractor.h"
#include "fake_ner.h"
#include "util/error.h"

#ifndef DATELINE_SOURCE_DIR
#define DATELINE_SOURCE_DIR "."
#endif

namespace dateline::entities {
namespace {

std::int64_t day(int y, unsigned m, unsigned d) { return article::days_from_civil(y, m, d) * 86400; }

class DatelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    gazetteer_ = Gazetteer::load(std::string(DATELINE_SOURCE_DIR) + "/data/gazetteer");
  }
  static void TearDownTestSuite() { gazetteer_.reset(); }
  static const Gazetteer& gaz() { return *gazetteer_; }

  static std::optional<ParsedDateline> body(std::string_view text) {
    return parse_dateline(text, DatelineOrigin::kBody, gaz());
  }
  static std::optional<ParsedDateline> field(std::string_view text) {
    return parse_dateline(text, DatelineOrigin::kField, gaz());
  }
  // "name/kind/country" of the place a dateline resolves to.
  static std::string resolved(std::string_view text, DatelineOrigin origin = DatelineOrigin::kField,
                              std::optional<std::int64_t> published = day(1987, 3, 3)) {
    std::optional<ParsedDateline> d = parse_dateline(text, origin, gaz());
    if (!d) return "(none)";
    article::Place p = resolve_dateline(gaz(), *d, published);
    return p.name + "/" + p.kind + "/" + p.country;
  }

  static std::unique_ptr<Gazetteer> gazetteer_;
};

std::unique_ptr<Gazetteer> DatelineTest::gazetteer_;

// Real dateline forms at the opening of a body: the dateline's text, place
// and qualifier, and where the story starts.
TEST_F(DatelineTest, BodyOpenings) {
  struct Case {
    const char* body;
    const char* text;
    const char* place;
    const char* qualifier;
    const char* story;
  } cases[] = {
      {"NEW YORK, March 3 - Stocks rose.", "NEW YORK, March 3 -", "NEW YORK", "", "Stocks rose."},
      {"CAMBRIDGE, Mass., March 3 - Researchers said", "CAMBRIDGE, Mass., March 3 -", "CAMBRIDGE", "Mass.",
       "Researchers said"},
      {"WASHINGTON (AP) \xE2\x80\x94 The Senate voted", "WASHINGTON (AP) \xE2\x80\x94", "WASHINGTON", "",
       "The Senate voted"},
      {"LONDON (Reuters) - Oil prices fell", "LONDON (Reuters) -", "LONDON", "", "Oil prices fell"},
      {"PARIS, 12 mai (AFP) - Le gouvernement a", "PARIS, 12 mai (AFP) -", "PARIS", "", "Le gouvernement a"},
      {"BEIJING \xE2\x80\x94 China's exports rose", "BEIJING \xE2\x80\x94", "BEIJING", "",
       "China's exports rose"},
      {"MOSCOW \xE2\x80\x93 Talks resumed", "MOSCOW \xE2\x80\x93", "MOSCOW", "", "Talks resumed"},
      {"SAN FRANCISCO -- Shares of", "SAN FRANCISCO --", "SAN FRANCISCO", "", "Shares of"},
      {"DETROIT, March 3 --- Car sales", "DETROIT, March 3 ---", "DETROIT", "", "Car sales"},
      {"NAIROBI, Sunday 26 October 2025 - Faith Chepkoech Lagat", "NAIROBI, Sunday 26 October 2025 -",
       "NAIROBI", "", "Faith Chepkoech Lagat"},
      {"  ST. LOUIS, Feb 26 - Ralston", "ST. LOUIS, Feb 26 -", "ST. LOUIS", "", "Ralston"},
      {"VANCOUVER, British Columbia, March 3 - Shares", "VANCOUVER, British Columbia, March 3 -", "VANCOUVER",
       "British Columbia", "Shares"},
      {"WASHINGTON, D.C., March 3 - The", "WASHINGTON, D.C., March 3 -", "WASHINGTON", "D.C.", "The"},
      {"BERLIN, 3. März (dpa) - Die Regierung", "BERLIN, 3. März (dpa) -", "BERLIN", "", "Die Regierung"},
      {"MADRID, 12 de marzo (EFE) - El Gobierno", "MADRID, 12 de marzo (EFE) -", "MADRID", "", "El Gobierno"},
      {"STOCKHOLM, Aug 29, 2014 (AFP) - Sweden", "STOCKHOLM, Aug 29, 2014 (AFP) -", "STOCKHOLM", "",
       "Sweden"},
      {"New York, March 3 (Reuters) - Stocks", "New York, March 3 (Reuters) -", "New York", "", "Stocks"},
      {"SANTOS, BRAZIL, MARCH 11 - Coffee", "SANTOS, BRAZIL, MARCH 11 -", "SANTOS", "BRAZIL", "Coffee"},
      {"HOUSTON -\nOil companies said", "HOUSTON -", "HOUSTON", "", "Oil companies said"},
  };
  for (const Case& c : cases) {
    std::optional<ParsedDateline> d = body(c.body);
    ASSERT_TRUE(d) << c.body;
    EXPECT_EQ(d->text, c.text) << c.body;
    EXPECT_EQ(d->place, c.place) << c.body;
    EXPECT_EQ(d->qualifier, c.qualifier) << c.body;
    EXPECT_EQ(std::string_view(c.body).substr(d->end), c.story) << c.body;
  }
}

// Openings that look like datelines but are sentences, table headings or
// dates: a body's dateline is read strictly.
TEST_F(DatelineTest, BodyRejections) {
  for (const char* text : {
           "WASHINGTON state officials said on Monday that the rules would change.",
           "Reuters said on Monday that it would buy the company.",
           "ZURICH SILVER FIXING - APR 07 6.6875 slrs per ounce",
           "LME NICKEL 1ST RING 1222 - APR 7\n LAST BUYER SELLER",
           "U.S. VEGETABLE OILS - April 7\n Cents a lb",
           "TOKYO RUBBER (YEN PER KILO) - APRIL 07 PREV OPEN",
           "LONDON COCOA OPEN POSITION (REVISED) - APR 6 May 27,836",
           "CHICAGO COMMODITY TRENDS- OPENING April 7",
           "LONDON STERLING RATES CLOSING -APRIL 7\n US 1.6185/95",
           "Friday, January 4, 2019 \n\nAn apartment building collapsed on Monday.",
           "OPEC - the group said its output rose.",
           "BEIJING \xE2\x80\x94",
           "Paris, France - The government said",
           "Beijing - The ministry said",
           "NEW YORK, a city of eight million, voted.",
           "Moscow, Russia's capital, said on Monday",
           "The company said its profit rose - a record.",
           "",
       }) {
    EXPECT_FALSE(body(text)) << text;
  }
}

// Input dateline fields are known to be datelines: the place is taken as
// written, and story text run into the field is cut off.
TEST_F(DatelineTest, Fields) {
  struct Case {
    const char* field;
    const char* text;
    const char* place;
    const char* qualifier;
  } cases[] = {
      {"SALVADOR, Feb 26 -", "SALVADOR, Feb 26 -", "SALVADOR", ""},
      {"RIO DE JANEIRO, Feb 26 - Brazil's \"Cruzado\" anti-", "RIO DE JANEIRO, Feb 26 -", "RIO DE JANEIRO",
       ""},
      {"OKLAHOMA CITY, Okla. March 11, Reuter -", "OKLAHOMA CITY, Okla. March 11, Reuter -", "OKLAHOMA CITY",
       "Okla."},
      {"MOSCOW, Monday (Reuters)", "MOSCOW, Monday (Reuters)", "MOSCOW", ""},
      {"Helsinki", "Helsinki", "Helsinki", ""},
      {"STOCKHOLM, Aug 29, 2014 (AFP) -", "STOCKHOLM, Aug 29, 2014 (AFP) -", "STOCKHOLM", ""},
      {"Caracas, feb 26 -", "Caracas, feb 26 -", "Caracas", ""},
      {"CHICAGO, March 4, -", "CHICAGO, March 4, -", "CHICAGO", ""},
      {"JOHANNESBURG March 13 -", "JOHANNESBURG March 13 -", "JOHANNESBURG", ""},
      {"****BOSTON, March 3 -", "BOSTON, March 3 -", "BOSTON", ""},
      {"Grand Cayman, British West Indies, March 25 -", "Grand Cayman, British West Indies, March 25 -",
       "Grand Cayman", "British West Indies"},
  };
  for (const Case& c : cases) {
    std::optional<ParsedDateline> d = field(c.field);
    ASSERT_TRUE(d) << c.field;
    EXPECT_EQ(d->text, c.text) << c.field;
    EXPECT_EQ(d->place, c.place) << c.field;
    EXPECT_EQ(d->qualifier, c.qualifier) << c.field;
  }
  // Reuters' field also holds table headings and bare dates: no place.
  for (const char* text : {"", "   ", "APRIL 7  -", "MAR8  --", "WHEAT -", "FOB RIVER -", "Bids only -",
                           "TOKYO RUBBER (YEN PER KILO) -"}) {
    EXPECT_FALSE(field(text)) << text;
  }
}

// The qualifier first: "Cambridge, Mass." is in the US, "Vancouver,
// British Columbia" in Canada; a bare name by population and capital.
TEST_F(DatelineTest, Resolution) {
  struct Case {
    const char* dateline;
    const char* place;
  } cases[] = {
      {"CAMBRIDGE, Mass., March 3 -", "Cambridge/city/US"},
      {"VANCOUVER, British Columbia, March 3 -", "Vancouver/city/CA"},
      {"VANCOUVER, Wash., March 3 -", "Vancouver/city/US"},
      {"LONDON, Ontario, March 3 -", "London/city/CA"},
      {"PORTLAND, Maine, March 3 -", "Portland/city/US"},
      {"SANTOS, BRAZIL, MARCH 11 -", "Santos/city/BR"},
      {"SADDLE BROOK, N.J., march 11 -", "Saddle Brook/city/US"},
      {"OKLAHOMA CITY, Okla. March 11, Reuter -", "Oklahoma City/city/US"},
      {"WASHINGTON, March 3 -", "Washington, D.C./city/US"},
      {"NEW YORK, March 3 -", "New York City/city/US"},
      {"LONDON, March 3 -", "London/city/GB"},
      {"ROME, March 3 -", "Rome/city/IT"},
      {"PARIS, March 3 -", "Paris/city/FR"},
      {"LUXEMBOURG, March 3 -", "Luxembourg/city/LU"},
      {"BONN, March 3 -", "Bonn/city/DE"},
      {"Caracas, feb 26 -", "Caracas/city/VE"},
      // Abbreviated first words, as GeoNames spells them out.
      {"ST. PAUL, Minn., April 7 -", "Saint Paul/city/US"},
      {"ST LOUIS, March 3 -", "St. Louis/city/US"},
      {"ST. LOUIS, March 3 -", "St. Louis/city/US"},
      // A town the gazetteer does not know resolves to its state.
      {"QZXVILLE, N.J., March 3 -", "New Jersey/region/US"},
      {"QZXVILLE, Calif, March 3 -", "California/region/US"},
      // An unknown place stays unresolved, in title case.
      {"QZXVILLE, March 3 -", "Qzxville/unresolved/"},
  };
  for (const Case& c : cases) EXPECT_EQ(resolved(c.dateline), c.place) << c.dateline;
}

// A place counts for the state that held it when the story was filed.
TEST_F(DatelineTest, FormerStates) {
  EXPECT_EQ(resolved("MOSCOW, March 3 -", DatelineOrigin::kField, day(1987, 3, 3)), "Moscow/city/SUHH");
  EXPECT_EQ(resolved("MOSCOW, March 3 -", DatelineOrigin::kField, day(2020, 3, 3)), "Moscow/city/RU");
}

TEST_F(DatelineTest, StateAbbreviations) {
  for (const char* q : {"Mass.", "Mass", "MASS.", "N.Y.", "N.Y", "Calif.", "Calif", "Ill.", "ILL.", "Pa.",
                        "Penn.", "W. Va.", "W.Va.", "Fla", "D.C.", "PA", "MD"}) {
    std::string dateline = std::string("SPRINGFIELD, ") + q + ", March 3 -";
    std::optional<ParsedDateline> d = body(dateline + " Officials said");
    ASSERT_TRUE(d) << q;
    EXPECT_EQ(d->qualifier, q);
    article::Place p = resolve_dateline(gaz(), *d, day(1987, 3, 3));
    EXPECT_EQ(p.country, "US") << q << ": " << p.name;
  }
  // A two-letter postal code counts only in capitals: "Pa" is AP style,
  // "or" is no state.
  EXPECT_FALSE(body("SPRINGFIELD, or, March 3 - Officials said"));
}

// The extractor fills Entities::dateline, and its place and country join
// the article's places and countries.
TEST_F(DatelineTest, ExtractorAddsTheDateline) {
  auto ner = std::make_shared<test_support::FakeNer>(std::vector<std::pair<std::string, std::string>>{});
  std::shared_ptr<const Gazetteer> shared(gazetteer_.get(), [](const Gazetteer*) {});
  Extractor ex(ner, shared);

  article::Article a;
  a.body = "Grain prices rose sharply on the exchange.";
  a.published = day(1987, 3, 3);
  a.extra = {{"dateline", "\"CHICAGO, March 3 -\""}};
  article::Entities e = ex.extract(a);
  ASSERT_TRUE(e.dateline);
  EXPECT_EQ(e.dateline->text, "CHICAGO, March 3 -");
  EXPECT_EQ(e.dateline->place, (article::Place{"Chicago", "city", "US"}));
  EXPECT_EQ(e.countries, std::vector<std::string>{"US"});
  ASSERT_EQ(e.places.size(), 1u);
  EXPECT_EQ(e.places[0].name, "Chicago");

  // No field: the body's opening.
  a.extra.clear();
  a.body = "CAMBRIDGE, Mass., March 3 - Researchers at a university said.";
  e = ex.extract(a);
  ASSERT_TRUE(e.dateline);
  EXPECT_EQ(e.dateline->text, "CAMBRIDGE, Mass., March 3 -");
  EXPECT_EQ(e.dateline->place.country, "US");

  // A field that is not a string is no dateline; nor is a plain opening.
  a.extra = {{"dateline", "42"}};
  a.body = "Researchers at a university said.";
  EXPECT_FALSE(ex.extract(a).dateline);
}

TEST_F(DatelineTest, StoredJsonRoundTrip) {
  article::Article a;
  a.id = "x";
  a.body = "b";
  a.entities.dateline = article::Dateline{"CAMBRIDGE, Mass., March 3 -", {"Cambridge", "city", "US"}};
  const std::string stored = article::to_stored_json(a);
  EXPECT_NE(
      stored.find("\"dateline\":{\"place\":{\"country\":\"US\",\"kind\":\"city\",\"name\":\"Cambridge\"},"
                  "\"text\":\"CAMBRIDGE, Mass., March 3 -\"}"),
      std::string::npos)
      << stored;
  EXPECT_EQ(article::from_stored_json(stored).entities.dateline, a.entities.dateline);

  // None: absent, as in an index written before datelines.
  a.entities.dateline.reset();
  EXPECT_EQ(article::to_stored_json(a).find("dateline"), std::string::npos);
  EXPECT_FALSE(article::from_stored_json(article::to_stored_json(a)).entities.dateline);
  EXPECT_THROW((void)article::from_stored_json(R"({"id":"x","dateline":"PARIS"})"), Error);
}

}  // namespace
}  // namespace dateline::entities
