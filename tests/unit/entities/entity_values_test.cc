// One value per organization and persons that are persons (#15): the
// extractor's rules on sentences from the Reuters-21578 wire, with a
// scripted tagger making the slips the trained one makes.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "entities/canonical.h"
#include "entities/extractor.h"
#include "entities/tokens.h"
#include "fake_ner.h"
#include "shared_gazetteer.h"

namespace dateline::entities {
namespace {

using Names = std::vector<std::string>;
using Phrases = std::vector<std::pair<std::string, std::string>>;
using test_support::FakeNer;
using test_support::shared_gazetteer;

article::Entities extract(Phrases phrases, std::string body, std::string source = "Reuters") {
  Extractor ex(std::make_shared<FakeNer>(std::move(phrases)), shared_gazetteer());
  article::Article a;
  a.body = std::move(body);
  a.source = std::move(source);
  a.language = "en";
  return ex.extract(a);
}

std::vector<std::string> sentences(const std::string& text) {
  TokenizedText t = tokenize_sentences(text);
  std::vector<std::string> out;
  for (const Sentence& s : t.sentences) {
    out.push_back(text.substr(t.tokens[s.begin].begin, t.tokens[s.end - 1].end - t.tokens[s.begin].begin));
  }
  return out;
}

TEST(EntityValuesTest, AbbreviationsEndSentencesOnlyBeforeAnOpener) {
  EXPECT_EQ(sentences("The Wednesday figure was reported by Winningham and Co. The Wednesday average rose "
                      "to 946 mln dlrs."),
            (Names{"The Wednesday figure was reported by Winningham and Co.",
                   "The Wednesday average rose to 946 mln dlrs."}));
  EXPECT_EQ(sentences("Pennzoil Co. Chairman J. Hugh Liedtke said Texaco Inc. It added."),
            (Names{"Pennzoil Co. Chairman J. Hugh Liedtke said Texaco Inc.", "It added."}));
  EXPECT_EQ(sentences("He met U.S. Treasury officials in Cambridge, Mass. Gov. Michael Dukakis spoke."),
            (Names{"He met U.S. Treasury officials in Cambridge, Mass. Gov. Michael Dukakis spoke."}));
}

TEST(EntityValuesTest, OrganizationValuesAreNamesNotFragments) {
  article::Entities e = extract(
      {{"Getty Oil Co.", "ORG"},
       {"Co Inc", "ORG"},
       {"Bank 's", "ORG"},
       {"Moody 's", "ORG"},
       {"Ltd", "ORG"},
       {"Co of", "ORG"}},
      "Texaco bought Getty Oil Co. The sale closed. Shares of Co Inc rose. The Bank's rate held. "
      "Moody's cut the rating of Ltd notes. First Boston is co-lead underwriter with Morgan Stanley and\n"
      "Co of the debentures.");
  EXPECT_EQ(e.organizations, (Names{"Getty Oil Co", "Moody's"}));
}

TEST(EntityValuesTest, TickersAreNoEntities) {
  article::Entities e =
      extract({{"Pennzoil Co", "ORG"}, {"PZL", "ORG"}, {"Texaco Inc", "ORG"}, {"TX", "LOC"}},
              "Pennzoil Co <PZL> said it would sue Texaco Inc <TX>.");
  EXPECT_EQ(e.organizations, (Names{"Pennzoil Co", "Texaco Inc"}));
  EXPECT_TRUE(e.places.empty());
}

TEST(EntityValuesTest, TableAbbreviationsAndTheSignOffAreNoEntities) {
  article::Entities e = extract({{"Oper", "PER"}, {"Oper Shr", "PER"}, {"Reuter", "PER"}, {"Qtr", "ORG"}},
                                "Oper shr loss 12 cts vs profit 22 cts\nQtr net 1.2 mln\n\nReuter says so. "
                                "Oper Shr profit.\n\nREUTER\n");
  EXPECT_TRUE(e.persons.empty());
  EXPECT_TRUE(e.organizations.empty());
}

TEST(EntityValuesTest, FirmsNamedAfterPeopleAreOrganizations) {
  article::Entities e = extract({{"Nicholas Heymann", "PER"},
                                 {"E.F. Hutton", "PER"},
                                 {"James Capel", "PER"},
                                 {"Smith Barney", "PER"},
                                 {"Smith Barney , Harris Upham and Co", "ORG"},
                                 {"Dean Witter Reynolds", "PER"}},
                                "Nicholas Heymann, analyst at E.F. Hutton, said the order was large. "
                                "Brokers at James Capel and Co agreed. Smith Barney, Harris Upham and Co "
                                "said Smith Barney would bid. It is a unit of Dean "
                                "Witter Reynolds.");
  EXPECT_EQ(e.persons, (Names{"Nicholas Heymann"}));
  EXPECT_EQ(e.organizations, (Names{"E.F. Hutton", "James Capel and Co", "Smith Barney, Harris Upham and Co",
                                    "Dean Witter Reynolds"}));
}

TEST(EntityValuesTest, TitlesAndPunctuationLeaveNames) {
  article::Entities e = extract({{"Exchequer Nigel Lawson", "PER"}, {"Paul ) Volcker", "PER"}},
                                "Funaro met Chancellor of the Exchequer Nigel Lawson. Fed Chairman (Paul) "
                                "Volcker said so.");
  EXPECT_EQ(e.persons, (Names{"Nigel Lawson", "Paul Volcker"}));
  EXPECT_EQ(canonical_person("Exchequer Nigel Lawson"), "Nigel Lawson");
}

TEST(EntityValuesTest, LegalFormsAndTableWords) {
  for (const char* w : {"Inc", "Inc.", "CORP", "Co.", "PLC", "SpA", "AG", "NV", "Group", "Holdings"}) {
    EXPECT_TRUE(is_legal_form(w)) << w;
  }
  for (const char* w : {"Texaco", "Bank", "and"}) EXPECT_FALSE(is_legal_form(w)) << w;
  for (const char* w : {"Oper", "Shr", "Qtr", "Avg", "mln"}) EXPECT_TRUE(is_table_abbreviation(w)) << w;
  EXPECT_FALSE(is_table_abbreviation("Oscar"));
  EXPECT_EQ(canonical_organization("Co Inc"), "");
  EXPECT_EQ(canonical_organization("Texaco Inc"), "Texaco Inc");
}

}  // namespace
}  // namespace dateline::entities
