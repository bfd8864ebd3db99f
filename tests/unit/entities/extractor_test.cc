#include "entities/extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "analysis/analyzer.h"
#include "entities/canonical.h"
#include "entities/gazetteer.h"
#include "entities/ner.h"
#include "entities/tokens.h"
#include "fake_ner.h"
#include "shared_gazetteer.h"
#include "util/error.h"

#ifndef DATELINE_SOURCE_DIR
#define DATELINE_SOURCE_DIR "."
#endif

namespace dateline::entities {
namespace {

using test_support::FakeNer;
using test_support::shared_gazetteer;

const std::string kRoot = DATELINE_SOURCE_DIR;
const std::string kSeed = kRoot + "/../shared/data/seed/oman-talks.txt";

// Tags every word as a person: proves a sentence never reached the tagger.
class EverythingIsAPerson : public NerModel {
 public:
  std::vector<EntitySpan> tag(const std::vector<std::string_view>& tokens) const override {
    std::vector<EntitySpan> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) out.push_back({i, i + 1, "PER"});
    return out;
  }
};

bool have_model() { return std::filesystem::exists(kRoot + "/data/ner-en.model"); }

// The real extractor, loaded once.
const Extractor* real_extractor() {
  static std::unique_ptr<Extractor> ex = [] {
    ExtractorOptions o;
    o.data_dir = kRoot + "/data";
    return Extractor::load(o);
  }();
  return ex.get();
}

// Line 1 headline, line 2 standfirst, the rest body.
article::Article read_seed() {
  std::ifstream in(kSeed);
  article::Article a;
  std::getline(in, a.title);
  std::getline(in, a.standfirst);
  std::ostringstream body;
  body << in.rdbuf();
  a.body = body.str();
  a.language = "en";
  return a;
}

std::vector<std::string> token_texts(const TokenizedText& t) {
  std::vector<std::string> out;
  for (const TextToken& tok : t.tokens) out.emplace_back(tok.text);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---------------------------------------------------------------- tokens

TEST(TokensTest, ConllStyleTokens) {
  struct Case {
    const char* text;
    std::vector<std::string> tokens;
  } cases[] = {
      {"Iran's talks", {"Iran", "'s", "talks"}},
      {"Iran’s “very good” talks", {"Iran", "'s", "\"", "very", "good", "\"", "talks"}},
      {"the U.S.-led coalition", {"the", "U.S.-led", "coalition"}},
      {"Mr. Smith met the U.S. envoy.", {"Mr.", "Smith", "met", "the", "U.S.", "envoy", "."}},
      {"Trump's son-in-law Jared", {"Trump", "'s", "son-in-law", "Jared"}},
      {"Central Command (CENTCOM)", {"Central", "Command", "(", "CENTCOM", ")"}},
      {"F-16 jets, 3.5 percent", {"F-16", "jets", ",", "3.5", "percent"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(token_texts(tokenize_sentences(c.text)), c.tokens) << c.text;
  }
  // Elisions only split when asked (non-English text).
  EXPECT_EQ(token_texts(tokenize_sentences("l'Allemagne", true)),
            (std::vector<std::string>{"l'", "Allemagne"}));
  EXPECT_EQ(token_texts(tokenize_sentences("O'Brien")), std::vector<std::string>{"O'Brien"});
}

TEST(TokensTest, OffsetsAndFlags) {
  std::string text = "Iran’s SHIP sailed.";
  TokenizedText t = tokenize_sentences(text);
  ASSERT_EQ(t.tokens.size(), 5u);
  EXPECT_EQ(text.substr(t.tokens[1].begin, t.tokens[1].end - t.tokens[1].begin), "’s");
  EXPECT_TRUE(t.tokens[0].capitalised);
  EXPECT_FALSE(t.tokens[0].upper);
  EXPECT_TRUE(t.tokens[2].upper);
  EXPECT_FALSE(t.tokens[3].capitalised);
  EXPECT_TRUE(starts_with_capital("Özil"));
  EXPECT_FALSE(starts_with_capital("émir"));
}

TEST(TokensTest, Sentences) {
  std::string text =
      "Trump met Mr. Smith in the U.S. capital. \"It went well,\" he said! Who took part?\n"
      "Iran's envoy did. talks went on\n\nA new paragraph";
  TokenizedText t = tokenize_sentences(text);
  std::vector<std::string> sentences;
  for (const Sentence& s : t.sentences) {
    sentences.push_back(
        text.substr(t.tokens[s.begin].begin, t.tokens[s.end - 1].end - t.tokens[s.begin].begin));
  }
  EXPECT_EQ(sentences, (std::vector<std::string>{
                           "Trump met Mr. Smith in the U.S. capital.",
                           "\"It went well,\" he said!",
                           "Who took part?",
                           "Iran's envoy did. talks went on",
                           "A new paragraph",
                       }));
}

// Reading up to an end offset gives the tokens and sentences of the prefix,
// though the whole text is segmented (and remembered for the indexer).
TEST(TokensTest, EndOffsetReadsThePrefix) {
  const std::string text = "Iran's envoy met Mr. Smith. Talks went on.\n REUTER\n";
  for (std::size_t end : {text.find(" REUTER"), text.find("Talks") + 3, text.size()}) {
    TokenizedText whole = tokenize_sentences(text, false, end);
    TokenizedText prefix = tokenize_sentences(std::string_view(text).substr(0, end));
    EXPECT_EQ(token_texts(whole), token_texts(prefix)) << end;
    ASSERT_EQ(whole.sentences.size(), prefix.sentences.size()) << end;
    for (std::size_t k = 0; k < whole.sentences.size(); ++k) {
      EXPECT_EQ(whole.sentences[k].begin, prefix.sentences[k].begin);
      EXPECT_EQ(whole.sentences[k].end, prefix.sentences[k].end);
    }
  }
  EXPECT_EQ(token_texts(tokenize_sentences(text, false, text.find("Talks") + 3)).back(), "Tal");
}
// ------------------------------------------------------------- extractor

std::vector<std::pair<std::string, std::string>> seed_spans() {
  // What a tagger typically returns on the seed, titles included.
  return {{"Donald Trump", "PER"},
          {"Trump", "PER"},
          {"Abbas Araghchi", "PER"},
          {"Araghchi", "PER"},
          {"Steve Witkoff", "PER"},
          {"Jared Kushner", "PER"},
          {"Foreign Minister Badr Albusaidi", "PER"},
          {"Admiral Brad Cooper", "PER"},
          {"Deputy Spokesperson Tommy Pigott", "PER"},
          {"Abraham Lincoln", "PER"},
          {"CNN", "ORG"},
          {"US Central Command", "ORG"},
          {"CENTCOM", "ORG"},
          {"State Department", "ORG"},
          {"Air Force One", "MISC"},
          {"US", "LOC"},
          {"United States", "LOC"},
          {"Iran", "LOC"},
          {"Oman", "LOC"},
          {"Tehran", "LOC"},
          {"Washington", "LOC"},
          {"Israel", "LOC"},
          {"Qatar", "LOC"},
          {"Gulf", "LOC"},
          {"Middle East", "LOC"},
          {"Strait of Hormuz", "LOC"},
          {"al Udeid Air Base", "LOC"}};
}

const std::vector<std::string> kSeedPersons = {"Donald Trump",  "Abbas Araghchi", "Steve Witkoff",
                                               "Jared Kushner", "Badr Albusaidi", "Brad Cooper",
                                               "Tommy Pigott"};
const std::vector<std::string> kSeedCountries = {"US", "IR", "OM", "IL", "QA"};

// Each expected person exactly once, and no stray surname or title form.
void expect_seed_persons(const article::Entities& e) {
  for (const std::string& name : kSeedPersons) {
    EXPECT_EQ(std::count(e.persons.begin(), e.persons.end(), name), 1) << name;
    std::string surname = analysis::fold(name.substr(name.rfind(' ') + 1));
    for (const std::string& p : e.persons) {
      if (p == name) continue;
      std::string folded = analysis::fold(p);
      EXPECT_EQ(folded.find(surname), std::string::npos) << p << " duplicates " << name;
    }
  }
}

TEST(ExtractorTest, SeedArticleWithScriptedTagger) {
  if (!std::filesystem::exists(kSeed)) GTEST_SKIP() << kSeed << " not found (no shared data)";
  Extractor ex(std::make_shared<FakeNer>(seed_spans()), shared_gazetteer());
  article::Entities e = ex.extract(read_seed());
  EXPECT_EQ(e.persons, kSeedPersons);
  EXPECT_TRUE(contains(e.organizations, "Central Command"));
  EXPECT_FALSE(contains(e.organizations, "CENTCOM"));
  EXPECT_FALSE(contains(e.organizations, "US Central Command"));
  for (const std::string& c : kSeedCountries) EXPECT_TRUE(contains(e.countries, c)) << c;
  std::vector<std::string> places;
  for (const article::Place& p : e.places) places.push_back(p.name + "/" + p.kind);
  EXPECT_TRUE(contains(places, "Tehran/city"));
  EXPECT_TRUE(contains(places, "Washington, D.C./city"));
  EXPECT_TRUE(contains(places, "Middle East/unresolved"));
}

// THE acceptance test: the real model on the real article.
TEST(ExtractorTest, SeedArticleAcceptance) {
  if (!std::filesystem::exists(kSeed)) GTEST_SKIP() << kSeed << " not found (no shared data)";
  if (!have_model()) GTEST_SKIP() << "data/ner-en.model not trained yet";
  article::Entities e = real_extractor()->extract(read_seed());
  std::string got;
  for (const std::string& p : e.persons) got += p + "; ";
  SCOPED_TRACE("persons: " + got);
  expect_seed_persons(e);
  for (const std::string& c : kSeedCountries) EXPECT_TRUE(contains(e.countries, c)) << c;
}

TEST(ExtractorTest, AllCapsHeadlinesOnlyGiveGazetteerCountries) {
  Extractor ex(std::make_shared<EverythingIsAPerson>(), shared_gazetteer());
  article::Article a;
  a.title = "IRAN AND U.S. HOLD TALKS IN OMAN, BRITISH SOURCES SAY";
  article::Entities e = ex.extract(a);
  EXPECT_TRUE(e.persons.empty());
  EXPECT_TRUE(e.organizations.empty());
  EXPECT_EQ(e.countries, (std::vector<std::string>{"IR", "US", "OM", "GB"}));
}

TEST(ExtractorTest, TitleCaseHeadlineNeedsTheTaggerForRiskyNames) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{}),
               shared_gazetteer());
  article::Article a;
  a.title = "Turkey Prices Soar Before Thanksgiving In Ohio";
  EXPECT_TRUE(ex.extract(a).countries.empty());
  a.title = "Turkey says talks with Greece went well";
  EXPECT_EQ(ex.extract(a).countries, (std::vector<std::string>{"TR", "GR"}));
}

TEST(ExtractorTest, SingleWordPersonThatIsACountryBecomesThePlace) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{
                   {"Jordan", "PER"}, {"Michael Jordan", "PER"}}),
               shared_gazetteer());
  article::Article a;
  a.body = "Jordan closed its border.";
  article::Entities e = ex.extract(a);
  EXPECT_TRUE(e.persons.empty());
  EXPECT_EQ(e.countries, std::vector<std::string>{"JO"});
  a.body = "Michael Jordan scored. Jordan smiled.";
  e = ex.extract(a);
  EXPECT_EQ(e.persons, std::vector<std::string>{"Michael Jordan"});
  EXPECT_TRUE(e.countries.empty());
}

// What a greedy tagger gets wrong about names, and the extractor repairs.
TEST(ExtractorTest, TaggerRepairs) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{
                   {"Admiral Brad Cooper", "ORG"},
                   {"Nana Akosua", "PER"},
                   {"Boateng-Frimpong", "PER"},
                   {"Omar", "PER"},
                   {"Reinaldo Tavares", "PER"},
                   {"Health Minister Dr Jean-Pierre Mukendi-Ilunga", "ORG"},
                   {"African Community", "ORG"},
                   {"Sukkur", "ORG"},
                   {"Moody 's", "ORG"},
                   {"Pentagon", "ORG"},
                   {"Duesseldorf", "LOC"},
                   {"Boston", "LOC"},
                   {"Mass.", "LOC"}}),
               shared_gazetteer());
  article::Article a;
  a.body =
      "Admiral Brad Cooper spoke. Chief executive Nana Akosua Boateng-Frimpong agreed with "
      "Omar Selim-Haddad and Reinaldo Tavares da Cunha. Health Minister Dr Jean-Pierre "
      "Mukendi-Ilunga said the East African Community (EAC) would help. The EAC met in Sukkur. "
      "Moody 's rated the Pentagon's bonds. Bankers in Duesseldorf and Boston, Mass. agreed.";
  a.body.replace(a.body.find("Moody 's"), 8, "Moody's");
  article::Entities e = ex.extract(a);
  EXPECT_EQ(e.persons,
            (std::vector<std::string>{"Brad Cooper", "Nana Akosua Boateng-Frimpong", "Omar Selim-Haddad",
                                      "Reinaldo Tavares da Cunha", "Jean-Pierre Mukendi-Ilunga"}));
  EXPECT_EQ(e.organizations, (std::vector<std::string>{"East African Community", "Moody's", "Pentagon"}));
  std::vector<std::string> places;
  for (const article::Place& p : e.places) places.push_back(p.name + "/" + p.kind + "/" + p.country);
  EXPECT_EQ(places, (std::vector<std::string>{"Sukkur/city/PK", "Düsseldorf/city/DE", "Boston/city/US",
                                              "Massachusetts/region/US"}));
}

// A minister's portfolio is no organization, and a first name the tagger
// gave to the portfolio goes back to the person; a company after
// "secretary of" stays one, and so does a company name before a surname.
TEST(ExtractorTest, PortfolioTitlesAndFirstNames) {
  Extractor ex(std::make_shared<FakeNer>(
                   std::vector<std::pair<std::string, std::string>>{{"Agriculture Aigerim", "ORG"},
                                                                    {"Nurpeisova", "PER"},
                                                                    {"Finance", "ORG"},
                                                                    {"Kwame Mensah", "PER"},
                                                                    {"Century Resources Inc", "ORG"},
                                                                    {"Frank Capozza", "PER"},
                                                                    {"Merrill Lynch", "ORG"},
                                                                    {"Pierce", "PER"}}),
               shared_gazetteer());
  article::Article a;
  a.body =
      "Vice Minister of Agriculture Aigerim Nurpeisova spoke. The Minister of Finance Kwame "
      "Mensah agreed. Frank Capozza, secretary of Century Resources Inc, said so. Merrill "
      "Lynch Pierce said nothing.";
  article::Entities e = ex.extract(a);
  EXPECT_EQ(e.persons, (std::vector<std::string>{"Aigerim Nurpeisova", "Kwame Mensah", "Frank Capozza"}));
  EXPECT_EQ(e.organizations, (std::vector<std::string>{"Century Resources Inc", "Merrill Lynch"}));
}

// Names of rivers, seas, straits and plains are places even when the
// tagger calls them organizations, and so is a known place after "towards";
// organizations named after them stay.
TEST(ExtractorTest, GeographicFeaturesArePlaces) {
  Extractor ex(std::make_shared<FakeNer>(
                   std::vector<std::pair<std::string, std::string>>{{"Cape of Good Hope", "ORG"},
                                                                    {"US Great Plains", "ORG"},
                                                                    {"Ohio River", "ORG"},
                                                                    {"Suez Canal Authority", "ORG"},
                                                                    {"Echo Bay", "ORG"},
                                                                    {"La Paz", "ORG"}}),
               shared_gazetteer());
  article::Article a;
  a.body =
      "Ships sailed around the Cape of Good Hope. Drought hit the US Great Plains and barges "
      "stopped on the Ohio River. The Suez Canal Authority and Echo Bay said nothing. The "
      "storm moved towards La Paz.";
  article::Entities e = ex.extract(a);
  EXPECT_EQ(e.organizations, (std::vector<std::string>{"Suez Canal Authority", "Echo Bay"}));
  std::vector<std::string> places;
  for (const article::Place& p : e.places) places.push_back(p.name);
  for (const char* want : {"Cape of Good Hope", "Great Plains", "Ohio River", "United States", "La Paz"}) {
    EXPECT_TRUE(contains(places, want)) << want;
  }
}

TEST(ExtractorTest, HyphenatedCompoundsNameCountries) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{}),
               shared_gazetteer());
  article::Article a;
  a.body = "The Iranian-American analyst praised the Oman-facilitated US-Iran talks.";
  EXPECT_EQ(ex.extract(a).countries, (std::vector<std::string>{"IR", "US", "OM"}));
}

TEST(ExtractorTest, ForeignLanguageCountryNames) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{}),
               shared_gazetteer());
  struct Case {
    const char* language;
    const char* text;
    std::vector<std::string> countries;
  } cases[] = {
      {"fr", "L'Allemagne et la France ont signé un accord avec les États-Unis.", {"DE", "FR", "US"}},
      {"es", "Alemania y Francia firmaron con Estados Unidos; EE. UU. celebró.", {"DE", "FR", "US"}},
      {"de", "Deutschland und Frankreich verhandeln mit den Vereinigten Staaten.", {"DE", "FR", "US"}},
      {"zh-Hans", "德国和法国领导人在北京会晤。美国表示欢迎。", {"DE", "FR", "US"}},
      // Not a country in French text: "Maurice" is a first name.
      {"fr", "Maurice Dupont est arrivé.", {}},
      // Foreign names mean nothing in English text.
      {"en", "Allemagne and Alemania are words.", {}},
  };
  for (const Case& c : cases) {
    article::Article a;
    a.language = c.language;
    a.body = c.text;
    article::Entities e = ex.extract(a);
    EXPECT_EQ(e.countries, c.countries) << c.text;
  }
}

// The English tagger runs on Latin-script languages, but only its
// multi-word names (none in German, which capitalises nouns) and places that
// resolve well are kept.
TEST(ExtractorTest, ForeignLanguagePersons) {
  Extractor ex(std::make_shared<FakeNer>(
                   std::vector<std::pair<std::string, std::string>>{{"Maurice Dupont", "PER"},
                                                                    {"Les", "PER"},
                                                                    {"Le Sénégal", "PER"},
                                                                    {"Dakar", "LOC"},
                                                                    {"Trasmisiones", "ORG"},
                                                                    {"Birte Hansen-Kowalczyk", "PER"},
                                                                    {"Xanadoria", "LOC"}}),
               shared_gazetteer());
  article::Article a;
  a.language = "fr";
  a.body = "Les élus. Maurice Dupont est arrivé à Dakar. Le Sénégal et Xanadoria. Trasmisiones.";
  article::Entities e = ex.extract(a);
  EXPECT_EQ(e.persons, std::vector<std::string>{"Maurice Dupont"});
  EXPECT_TRUE(e.organizations.empty());
  std::vector<std::string> places;
  for (const article::Place& p : e.places) places.push_back(p.name);
  EXPECT_EQ(places, (std::vector<std::string>{"Dakar", "Senegal"}));
  EXPECT_EQ(e.countries, std::vector<std::string>{"SN"});

  a.language = "de";
  a.body = "Birte Hansen-Kowalczyk sprach in Hamburg.";
  EXPECT_TRUE(ex.extract(a).persons.empty());
}

TEST(ExtractorTest, ReutersSignOffIsNoOrganization) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{{"Reuter", "ORG"}}),
               shared_gazetteer());
  article::Article a;
  a.source = "Reuters";
  a.body = "Prices rose in Japan.\n Reuter\n";
  article::Entities e = ex.extract(a);
  EXPECT_TRUE(e.organizations.empty());
  EXPECT_EQ(e.countries, std::vector<std::string>{"JP"});
}

// The sign-off and ticker rules are Reuters' (source_rules.h): another
// source's text is read whole.
TEST(ExtractorTest, SourceRulesApplyToTheirSourceOnly) {
  Extractor ex(std::make_shared<FakeNer>(std::vector<std::pair<std::string, std::string>>{
                   {"Reuter", "ORG"}, {"Tokyo Steel < TSBA.T >", "ORG"}}),
               shared_gazetteer());
  article::Article a;
  a.body = "Prices rose in Japan.\n Reuter\n";
  a.source = "Dateline Wire";
  EXPECT_EQ(ex.extract(a).organizations, std::vector<std::string>{"Reuter"});
  a.body = "Shares of Tokyo Steel <TSBA.T> rose.";
  a.source = "Reuters";
  EXPECT_EQ(ex.extract(a).organizations, std::vector<std::string>{"Tokyo Steel"});
  // Without the rule the span is not cut at "<" (only trailing punctuation
  // goes: "Tokyo Steel <TSBA.T").
  a.source = "Dateline Wire";
  std::vector<std::string> orgs = ex.extract(a).organizations;
  ASSERT_EQ(orgs.size(), 1u);
  EXPECT_TRUE(orgs[0].starts_with("Tokyo Steel <TSBA.T")) << orgs[0];
}

TEST(ExtractorTest, ThreadSafe) {
  if (!std::filesystem::exists(kSeed)) GTEST_SKIP() << kSeed << " not found (no shared data)";
  Extractor ex(std::make_shared<FakeNer>(seed_spans()), shared_gazetteer());
  article::Article a = read_seed();
  article::Entities expected = ex.extract(a);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        article::Entities e = ex.extract(a);
        ok[static_cast<std::size_t>(t)] += e.persons == expected.persons &&
                                           e.countries == expected.countries && e.places == expected.places &&
                                           e.organizations == expected.organizations;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int n : ok) EXPECT_EQ(n, 20);
}

TEST(ExtractorTest, LoadNamesTheMissingFile) {
  ExtractorOptions o;
  o.data_dir = "/nonexistent/data";
  try {
    (void)Extractor::load(o);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/data/ner-en.model"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dateline::entities
