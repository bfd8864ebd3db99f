#include "entities/canonical.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::entities {
namespace {

TEST(CanonicalTest, PersonTitlesAndHonorificsAreStripped) {
  struct Case {
    const char* mention;
    const char* name;
  } cases[] = {
      {"President Donald Trump", "Donald Trump"},
      {"US president Donald Trump", "Donald Trump"},
      {"Admiral Brad Cooper", "Brad Cooper"},
      {"Mr. Smith", "Smith"},
      {"Mr Smith", "Smith"},
      {"Dr Jane Goodall", "Jane Goodall"},
      {"Foreign Minister Badr Albusaidi", "Badr Albusaidi"},
      {"Omani Foreign Minister Badr Albusaidi", "Badr Albusaidi"},
      {"Sheikh Tamim bin Hamad Al Thani", "Tamim bin Hamad Al Thani"},
      {"State Department Deputy Spokesperson Tommy Pigott", "Tommy Pigott"},
      {"US envoy Steve Witkoff", "Steve Witkoff"},
      {"Trump's son-in-law Jared Kushner", "Jared Kushner"},
      {"Secretary of State Marco Rubio", "Marco Rubio"},
      {"Prime Minister Benjamin Netanyahu", "Benjamin Netanyahu"},
      {"Sir Keir Starmer", "Keir Starmer"},
      {"First Lady Jill Biden", "Jill Biden"},
      {"Pentagon spokesman John Kirby", "John Kirby"},
      {"Gen. Mark Milley", "Mark Milley"},
      {"Lady Gaga", "Lady Gaga"},
      {"King Charles", "King Charles"},
      {"President Trump", "Trump"},
  };
  for (const Case& c : cases) EXPECT_EQ(canonical_person(c.mention), c.name) << c.mention;
}

TEST(CanonicalTest, PossessivesAreRemoved) {
  struct Case {
    const char* mention;
    const char* name;
  } cases[] = {
      {"Trump's", "Trump"},
      {"Trump’s", "Trump"},
      {"Iran's Abbas Araghchi", "Abbas Araghchi"},
      {"Abbas Araghchi's", "Abbas Araghchi"},
      {"Thomas'", "Thomas"},
  };
  for (const Case& c : cases) EXPECT_EQ(canonical_person(c.mention), c.name) << c.mention;
}

TEST(CanonicalTest, DisplayKeepsDiacriticsAndParticles) {
  EXPECT_EQ(canonical_person("President José Manuel Barroso"), "José Manuel Barroso");
  EXPECT_EQ(canonical_person("Luiz Inácio Lula da Silva"), "Luiz Inácio Lula da Silva");
  EXPECT_EQ(canonical_person("Mohammed bin Salman"), "Mohammed bin Salman");
  EXPECT_EQ(canonical_person("Minister  Dorota\nKaczmarczyk-Lis"), "Dorota Kaczmarczyk-Lis");
}

TEST(CanonicalTest, NothingNameLikeGivesEmpty) {
  EXPECT_EQ(canonical_person("the president"), "");
  EXPECT_EQ(canonical_person("'s"), "");
  EXPECT_EQ(canonical_person("Agent 007"), "");
}

TEST(CanonicalTest, TitleWords) {
  for (const char* w : {"President", "president", "Mr.", "Mr", "Dr", "Admiral", "Sheikh", "Minister",
                        "Foreign", "Spokesperson"}) {
    EXPECT_TRUE(is_title_word(w)) << w;
  }
  for (const char* w : {"Donald", "Abbas", "Victoria", "Jordan"}) {
    EXPECT_FALSE(is_title_word(w)) << w;
  }
}

TEST(CanonicalTest, OrganizationNames) {
  struct Case {
    const char* mention;
    const char* name;
  } cases[] = {
      {"the Pentagon's", "Pentagon"},
      {"The United Nations", "United Nations"},
      {"US Central Command", "Central Command"},
      {"U.S. Federal Reserve", "Federal Reserve"},
      {"CNN", "CNN"},
      {"the International Atomic Energy Agency", "International Atomic Energy Agency"},
  };
  for (const Case& c : cases) EXPECT_EQ(canonical_organization(c.mention), c.name) << c.mention;
}

TEST(CanonicalTest, SurnameJoinsEarlierFullName) {
  NameMerger m;
  for (const char* p :
       {"Donald Trump", "Trump", "Abbas Araghchi", "Trump", "Araghchi", "Steve Witkoff", "Donald J. Trump"}) {
    m.add_person(p);
  }
  EXPECT_EQ(m.persons(), (std::vector<std::string>{"Donald Trump", "Abbas Araghchi", "Steve Witkoff"}));
}

TEST(CanonicalTest, SurnameBeforeFullNameJoinsToo) {
  NameMerger m;
  m.add_person("Nazari");  // headline
  m.add_person("Farid Nazari");
  m.add_person("Vollmer");
  EXPECT_TRUE(m.joins_person("Nazari"));
  EXPECT_FALSE(m.joins_person("Vollmer"));
  EXPECT_EQ(m.persons(), (std::vector<std::string>{"Farid Nazari", "Vollmer"}));
}

TEST(CanonicalTest, SharedSurnameJoinsNearestEarlierPerson) {
  NameMerger m;
  for (const char* p : {"George Bush", "Bush", "Jeb Bush", "Bush"}) m.add_person(p);
  EXPECT_EQ(m.persons(), (std::vector<std::string>{"George Bush", "Jeb Bush"}));
}

TEST(CanonicalTest, FoldedKeysMatchAcrossAccents) {
  NameMerger m;
  m.add_person("Jose Maria Aznar");
  m.add_person("José María Aznar");
  m.add_person("Aznar");
  EXPECT_EQ(m.persons(), std::vector<std::string>{"José María Aznar"});
}

TEST(CanonicalTest, AcronymJoinsItsLongForm) {
  NameMerger m;
  m.add_organization("Central Command");
  m.add_acronym("Central Command", "CENTCOM");
  m.add_organization("CENTCOM");
  m.add_organization("CNN");
  m.add_organization("CENTCOM");
  EXPECT_EQ(m.organizations(), (std::vector<std::string>{"Central Command", "CNN"}));
}

TEST(CanonicalTest, UndeclaredAcronymJoinsByInitials) {
  NameMerger m;
  m.add_organization("IMF");
  m.add_organization("International Monetary Fund");
  m.add_organization("World Bank");
  EXPECT_EQ(m.organizations(), (std::vector<std::string>{"International Monetary Fund", "World Bank"}));
}

}  // namespace
}  // namespace dateline::entities
