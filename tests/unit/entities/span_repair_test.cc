#include "entities/span_repair.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "entities/entity_type.h"
#include "entities/gazetteer.h"
#include "entities/part_text.h"
#include "shared_gazetteer.h"

namespace dateline::entities {
namespace {

const Gazetteer& gazetteer() { return *test_support::shared_gazetteer(); }

struct Tagged {
  std::string words;  // space-separated tokens of the span, as in the sentence
  EntityType type;
};

const char* label(EntityType t) {
  switch (t) {
    case EntityType::kPerson: return "PER";
    case EntityType::kOrganization: return "ORG";
    case EntityType::kLocation: return "LOC";
    case EntityType::kMisc: return "MISC";
  }
  return "?";
}

// Repairs the spans given by their words in a one-sentence text; returns
// "display:TYPE" per repaired span, "|"-separated.
std::string repair(const std::string& text, const std::vector<Tagged>& tagged) {
  PartText p(text, text.size(), false);
  EXPECT_EQ(p.sentences().size(), 1u) << text;
  const Sentence& s = p.sentences().front();
  std::vector<TypedSpan> spans;
  for (const Tagged& t : tagged) {
    std::vector<std::string> words;
    for (std::size_t b = 0, e; b < t.words.size(); b = e + 1) {
      e = t.words.find(' ', b);
      if (e == std::string::npos) e = t.words.size();
      words.emplace_back(t.words.substr(b, e - b));
    }
    bool found = false;
    for (std::size_t i = s.begin; !found && i + words.size() <= s.end; ++i) {
      found = true;
      for (std::size_t k = 0; k < words.size(); ++k) {
        found = found && p.tokens()[i + k].text == words[k];
      }
      if (found) spans.push_back({i - s.begin, i - s.begin + words.size(), t.type});
    }
    EXPECT_TRUE(found) << t.words << " not in " << text;
  }
  std::string out;
  for (const TypedSpan& x : repair_spans(p, gazetteer(), s, spans)) {
    if (!out.empty()) out += "|";
    out += p.display(s.begin + x.begin, s.begin + x.end) + ":" + label(x.type);
  }
  return out;
}

constexpr auto kPer = EntityType::kPerson;
constexpr auto kOrg = EntityType::kOrganization;
constexpr auto kLoc = EntityType::kLocation;

TEST(SpanRepairTest, EntityTypeOfLabels) {
  EXPECT_EQ(entity_type("PER"), kPer);
  EXPECT_EQ(entity_type("ORG"), kOrg);
  EXPECT_EQ(entity_type("LOC"), kLoc);
  EXPECT_EQ(entity_type("MISC"), EntityType::kMisc);
  EXPECT_EQ(entity_type("per"), EntityType::kMisc);
}

TEST(SpanRepairTest, Cases) {
  struct Case {
    std::string text;
    std::vector<Tagged> spans;
    std::string want;
  };
  const Case cases[] = {
      // Split names are joined.
      {"Nana Akosua Boateng-Frimpong spoke.",
       {{"Nana Akosua", kPer}, {"Boateng-Frimpong", kPer}},
       "Nana Akosua Boateng-Frimpong:PER"},
      // A role title and a name tagged as an organization: the name is
      // the person.
      {"Then Admiral Brad Cooper spoke.", {{"Admiral Brad Cooper", kOrg}}, "Brad Cooper:PER"},
      {"Health Minister Dr Jean-Pierre Mukendi-Ilunga spoke.",
       {{"Health Minister Dr Jean-Pierre Mukendi-Ilunga", kOrg}},
       "Jean-Pierre Mukendi-Ilunga:PER"},
      // A geographic feature is a place.
      {"Ships crossed the Red Sea yesterday.", {{"Red Sea", kOrg}}, "Red Sea:LOC"},
      // A "person" ending in an organization word is an organization.
      {"The Disaster Management Authority said so.",
       {{"Disaster Management Authority", kPer}},
       "Disaster Management Authority:ORG"},
      // The name words after a title span belong to the person.
      {"Then Governor Tomasz Wierzbicki spoke.",
       {{"Governor Tomasz", kOrg}, {"Wierzbicki", kPer}},
       "Tomasz Wierzbicki:PER"},
      // Name particles continue a person.
      {"Then Reinaldo Tavares da Cunha spoke.",
       {{"Reinaldo Tavares", kPer}},
       "Reinaldo Tavares da Cunha:PER"},
      // An acronym's long form is one organization, whatever the tagger said.
      {"Leaders of the East African Community (EAC) met.",
       {{"East African", kLoc}},
       "East African Community:ORG"},
      // A portfolio after a title is no organization.
      {"The Minister of Agriculture spoke.", {{"Agriculture", kOrg}}, ""},
      // Overlapping spans: the later one is dropped.
      {"Then Brad Cooper spoke.", {{"Brad Cooper", kPer}, {"Cooper", kOrg}}, "Brad Cooper:PER"},
  };
  for (const Case& c : cases) EXPECT_EQ(repair(c.text, c.spans), c.want) << c.text;
}

TEST(SpanRepairTest, RecordsAcronymLongForms) {
  const std::string text = "Leaders of the East African Community (EAC) met.";
  PartText p(text, text.size(), false);
  (void)repair_spans(p, gazetteer(), p.sentences().front(), {});
  EXPECT_TRUE(p.is_long_form(3));  // "East"
  EXPECT_FALSE(p.is_long_form(4));
}

}  // namespace
}  // namespace dateline::entities
