#include "entities/focus.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "entities/extractor.h"

#ifndef DATELINE_SOURCE_DIR
#define DATELINE_SOURCE_DIR "."
#endif

namespace dateline::entities {
namespace {

using Strings = std::vector<std::string>;
constexpr MentionPart kTitle = MentionPart::kTitle;
constexpr MentionPart kStandfirst = MentionPart::kStandfirst;
constexpr MentionPart kBody = MentionPart::kBody;

// ------------------------------------------------------------ the rule

TEST(FocusTest, Rule) {
  struct Case {
    const char* what;
    std::vector<CountryMention> mentions;
    const char* dateline;
    Strings want;
  } cases[] = {
      {"nothing", {}, "", {}},
      {"the dateline's country alone", {}, "US", {"US"}},
      {"headline", {{"JP", kTitle, 0}, {"US", kBody, 3}}, "", {"JP"}},
      {"standfirst is lead", {{"IR", kStandfirst, 0}, {"OM", kBody, 4}}, "", {"IR"}},
      {"lead sentence", {{"ZM", kBody, 0}, {"ZM", kBody, 2}, {"US", kBody, 5}}, "", {"ZM"}},
      {"second sentence is no lead", {{"LU", kBody, 1}, {"FR", kBody, 0}}, "", {"FR"}},
      {"repeated: two sentences, a quarter of the mentions",
       {{"SA", kBody, 0}, {"KW", kBody, 1}, {"US", kBody, 3}, {"US", kBody, 6}},
       "",
       {"SA", "US"}},
      {"twice in one sentence is not repeated",
       {{"SA", kBody, 0}, {"US", kBody, 3}, {"US", kBody, 3}},
       "",
       {"SA"}},
      {"two passing mentions among many are not a quarter",
       {{"JP", kBody, 0},
        {"JP", kBody, 1},
        {"JP", kBody, 2},
        {"JP", kBody, 3},
        {"JP", kBody, 4},
        {"JP", kBody, 5},
        {"JP", kBody, 6},
        {"US", kBody, 7},
        {"US", kBody, 8}},
       "",
       {"JP"}},
      {"dateline first, then headline and lead, then mentions",
       {{"CL", kTitle, 0}, {"CL", kBody, 0}, {"BR", kBody, 0}, {"BR", kBody, 1}, {"BR", kBody, 2}},
       "JP",
       {"JP", "CL", "BR"}},
      {"dateline country also mentioned is listed once",
       {{"GB", kBody, 0}, {"FR", kTitle, 0}},
       "GB",
       {"GB", "FR"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(focus_countries(c.mentions, c.dateline), c.want) << c.what;
  }
}

// ------------------------------------------------- with the real extractor

bool have_model() { return std::filesystem::exists(std::string(DATELINE_SOURCE_DIR) + "/data/ner-en.model"); }

const Extractor* real_extractor() {
  static std::unique_ptr<Extractor> ex = [] {
    ExtractorOptions o;
    o.data_dir = std::string(DATELINE_SOURCE_DIR) + "/data";
    return Extractor::load(o);
  }();
  return ex.get();
}

article::Entities extract(const char* title, const char* body) {
  article::Article a;
  a.title = title;
  a.body = body;
  a.language = "en";
  return real_extractor()->extract(a);
}

bool has(const Strings& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(FocusTest, RealSentences) {
  if (!have_model()) GTEST_SKIP() << "data/ner-en.model not found";
  struct Case {
    const char* what;
    const char* title;
    const char* body;
    Strings focus;    // all of these
    Strings passing;  // none of these, though mentioned
  } cases[] = {
      {"headline country (all caps, as on the wire)",
       "JAPAN EXPECTED TO CUT BASE RATE FOR STATE BODIES",
       "The Finance Ministry is expected to cut the base lending rate for state financial institutions to "
       "5.5 pct from 6.2, ministry sources said. The cut follows the recent pact by major industrial "
       "nations in Paris, they said.",
       {"JP"},
       {"FR"}},
      {"lead country, a city for its country",
       "Currency auction to stay, says Kaunda",
       "Zambia will retain its foreign-exchange auction system despite the suspension of weekly auctions "
       "since January 24, President Kenneth Kaunda told reporters in Lusaka. He said the system would be "
       "reintroduced after talks with the World Bank and the International Monetary Fund.",
       {"ZM"},
       {}},
      {"repeated mention",
       "Steel shipments may be monitored",
       "Ottawa may begin monitoring steel flowing in and out of the country, senior government trade "
       "officials said. They said steel imported from countries such as South Korea is being diverted "
       "to the United States. Canadian steel shipments to the United States have risen to 5.7 pct of the "
       "American market. Some lawmakers in Washington have proposed limiting Canada's share.",
       {"CA", "US"},
       {"KR"}},
      {"passing mention excluded",
       "Electricite de France issues 15 billion yen bond",
       "Electricite de France is issuing a 15 billion yen bond due November 1994, said IBJ Capital Markets "
       "as lead manager. The bonds, which are priced at par, will be listed in Luxembourg. Payment is set "
       "for November 20.",
       {"FR"},
       {"LU"}},
  };
  for (const Case& c : cases) {
    article::Entities e = extract(c.title, c.body);
    for (const std::string& f : c.focus) EXPECT_TRUE(has(e.focus_countries, f)) << c.what << ": " << f;
    for (const std::string& p : c.passing) {
      EXPECT_TRUE(has(e.countries, p)) << c.what << ": " << p << " should be mentioned";
      EXPECT_FALSE(has(e.focus_countries, p)) << c.what << ": " << p << " is passing";
    }
    for (const std::string& f : e.focus_countries) EXPECT_TRUE(has(e.countries, f)) << c.what << ": " << f;
  }
}

}  // namespace
}  // namespace dateline::entities
