#include "search/filters.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "search/search_test_db.h"

namespace dateline::search {
namespace {

using Terms = std::vector<std::string>;
namespace sc = schema;

class FiltersTest : public testing::Test {
 protected:
  void SetUp() override {
    ix_.add("a1", "Oil", "Talks.", {"Ronald Reagan"}, {"Texaco", "World Health Organization"},
            {{"Washington, D.C.", "US"}});
    ix_.add("a2", "Oil", "Talks.", {"Ronald Reagan", "Jim Baker"}, {"Texaco Inc"},
            {{"Washington, D.C.", "US"}, {"Paris", "FR"}});
    ix_.add("a3", "Oil", "Talks.", {"Reagan"}, {"Texaco Canada", "Doctor Who"}, {{"Washington", ""}});
  }
  Resolved resolve(const char* field, const char* value) {
    return resolve_filter(ix_.db(), countries_, aliases_, *sc::find_field(field), value);
  }
  static Terms sorted(Terms t) {
    std::sort(t.begin(), t.end());
    return t;
  }
  test_support::MemoryIndex ix_;
  CountryNames countries_;
  Aliases aliases_;
};

TEST_F(FiltersTest, KeyWords) {
  EXPECT_EQ(key_words("al-busaidi"), (std::vector<std::string_view>{"al", "busaidi"}));
  EXPECT_EQ(key_words("washington, d.c."), (std::vector<std::string_view>{"washington", "d", "c"}));
  EXPECT_TRUE(key_words(" ,.").empty());
}

TEST_F(FiltersTest, AliasesFollowEachFieldsRule) {
  const AliasTable* persons = aliases_.of(ix_.db(), sc::kSlotPersons);
  ASSERT_NE(persons, nullptr);
  EXPECT_EQ(persons->to_value.at("reagan"), "ronald reagan") << "a surname stands for the full name";
  const AliasTable* orgs = aliases_.of(ix_.db(), sc::kSlotOrgs);
  ASSERT_NE(orgs, nullptr);
  EXPECT_EQ(orgs->to_value.at("texaco inc"), "texaco") << "legal forms join the plain name";
  EXPECT_EQ(orgs->to_value.count("texaco canada"), 0u) << "another word is another company";
  const AliasTable* places = aliases_.of(ix_.db(), sc::kSlotPlaces);
  ASSERT_NE(places, nullptr);
  EXPECT_EQ(places->to_value.at("washington"), "washington, d.c.");
  EXPECT_EQ(aliases_.of(ix_.db(), sc::kSlotSource), nullptr) << "no alias rule for sources";
  EXPECT_EQ(aliases_.by_slot(ix_.db()).size(), 3u);
  aliases_.clear();
  EXPECT_NE(aliases_.of(ix_.db(), sc::kSlotPersons), nullptr) << "rebuilt after clear()";
}

TEST_F(FiltersTest, ResolvesEntitiesWithTheirAliases) {
  Resolved r = resolve("person", "Ronald Reagan");
  EXPECT_EQ(sorted(r.terms), (Terms{"XPERSON:reagan", "XPERSON:ronald reagan"}));
  EXPECT_EQ(r.labels, (Terms{"Ronald Reagan"})) << "aliases are searched, not listed";
  EXPECT_EQ(sorted(resolve("org", "texaco").terms), (Terms{"XORG:texaco", "XORG:texaco inc"}));
  EXPECT_EQ(resolve("org", "who").terms, (Terms{"XORG:world health organization"}))
      << "an acronym before a name holding the word";
  EXPECT_EQ(sorted(resolve("org", "canada").terms), (Terms{"XORG:texaco canada"}));
  EXPECT_TRUE(resolve("person", "nobody here").terms.empty());
}

TEST_F(FiltersTest, ActorSpansPersonsAndOrganizations) {
  Resolved r = resolve("actor", "texaco");
  EXPECT_EQ(sorted(r.terms), (Terms{"XORG:texaco", "XORG:texaco inc"}));
  EXPECT_EQ(sorted(resolve("actor", "baker").terms), (Terms{"XPERSON:jim baker"}));
}

TEST_F(FiltersTest, CountriesByCodeOrThroughNames) {
  Resolved r = resolve("country", "fr");
  EXPECT_EQ(r.terms, (Terms{"XCOUNTRY:FR"}));
  EXPECT_EQ(r.labels, (Terms{"FR"}));
  EXPECT_TRUE(resolve("country", "france").terms.empty()) << "no names given";
  countries_.codes = [](std::string_view v) { return v == "france" ? Terms{"FR"} : Terms{}; };
  countries_.label = [](std::string_view c) { return c == "FR" ? std::string("France") : std::string(); };
  r = resolve("country", "france");
  EXPECT_EQ(r.terms, (Terms{"XCOUNTRY:FR"}));
  EXPECT_EQ(r.labels, (Terms{"France (FR)"}));
}

TEST_F(FiltersTest, BooleanAndIdFields) {
  EXPECT_EQ(resolve("source", " Test Wire ").terms, (Terms{"XSOURCE:test wire"}));
  EXPECT_EQ(resolve("id", "a1").terms, (Terms{"Qa1"}));
}

TEST_F(FiltersTest, DisplayNameAndMergedCounts) {
  EXPECT_EQ(display_name(ix_.db(), "XPERSON:ronald reagan", sc::kSlotPersons, "ronald reagan"),
            "Ronald Reagan");
  EXPECT_EQ(display_name(ix_.db(), "XPERSON:absent", sc::kSlotPersons, "absent"), "absent");
  std::map<std::string, std::uint64_t> counts = {{"Ronald Reagan", 2}, {"Reagan", 1}, {"Jim Baker", 1}};
  merge_alias_counts(ix_.db(), aliases_, *sc::find_field("person"), counts);
  EXPECT_EQ(counts, (std::map<std::string, std::uint64_t>{{"Ronald Reagan", 3}, {"Jim Baker", 1}}));
}

}  // namespace
}  // namespace dateline::search
