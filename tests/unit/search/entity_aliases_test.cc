// Archive-wide aliases of #15: one value per organization (legal forms,
// "The", punctuation, acronyms, clippings, tickers) and one per person
// (initials, multi-word surnames), as the Reuters wire writes them.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "search/facet_columns.h"
#include "search/filters.h"
#include "search/search_test_db.h"

namespace dateline::search {
namespace {

using Terms = std::vector<std::string>;
namespace sc = schema;

class EntityAliasesTest : public testing::Test {
 protected:
  void SetUp() override {
    auto org = [&](const std::string& id, std::vector<std::string> orgs, const std::string& body = "Talks.") {
      ix_.add(id, "Oil", body, {}, std::move(orgs));
    };
    org("t1", {"Texaco Inc"});
    org("t2", {"Texaco Inc"});
    org("t3", {"Texaco Inc", "Texaco"});
    org("t4", {"Texaco"});
    org("t5", {"The Texaco Co."});
    org("h1", {"E.F. Hutton"});
    org("h2", {"EF Hutton Group Inc"});
    org("h3", {"E.F. Hutton and Co"});
    org("e1", {"European Community", "EC"});
    org("e2", {"European Community"});
    org("e3", {"European Community", "European Community Commission"});
    org("e4", {"EC", "EC Commission"});
    // "EEC" spells "EC Executive Commission", which joins its spelled-out
    // form in turn.
    org("x1", {"EC Executive Commission"});
    org("x2", {"European Community Executive Commission"});
    org("x3", {"EEC"});
    org("f1", {"Federal Reserve", "Fed"});
    org("f2", {"Federal Reserve", "Fed"});
    org("f3", {"Federal Reserve"});
    org("f4", {"Federal Express"});
    org("f5", {"Ford"});
    org("f6", {"Fordham University"});
    org("p1", {"Pennzoil Co"}, "Pennzoil Co <PZL> said it would appeal.");
    org("p2", {"Pennzoil Co", "Texaco Inc"}, "Pennzoil Co <PZL> and Texaco Inc <TX> met.");
    org("p3", {"Pennzoil"}, "Shares of PZL rose.");
    auto person = [&](const std::string& id, std::vector<std::string> persons) {
      ix_.add(id, "Oil", "Talks.", std::move(persons));
    };
    person("a1", {"Arturo Hernandez Grisanti"});
    person("a2", {"Arturo Hernandez Grisanti"});
    person("a3", {"Hernandez Grisanti"});
    person("d1", {"Donald J. Trump"});
    person("d2", {"Donald Trump"});
    person("d3", {"Donald Trump"});
    person("k1", {"Paul de Keersmaeker"});
    person("k2", {"Paul de Keersmaeker"});
    person("k3", {"De Keersmaeker"});
    person("l1", {"Nigel Lawson"});
    person("l2", {"Nigel Lawson"});
    person("l3", {"Lawson"});
    person("s1", {"Smith Barney"});
    person("s2", {"Smith Barney", "Barney"});
    org("s3", {"Smith Barney, Harris Upham and Co"});
    person("y1", {"Hu Yaobang"});
    org("y2", {"Hu Yaobang"});
  }
  Resolved resolve(const char* field, const char* value) {
    return resolve_filter(ix_.db(), countries_, aliases_, *sc::find_field(field), value);
  }
  std::string org_value(const std::string& key) { return value(sc::kSlotOrgs, key); }
  std::string person_value(const std::string& key) { return value(sc::kSlotPersons, key); }
  std::string value(Xapian::valueno slot, const std::string& key) {
    const AliasTable* t = aliases_.of(ix_.db(), slot);
    if (t == nullptr) return key;
    auto it = t->to_value.find(key);
    return it == t->to_value.end() ? key : it->second;
  }
  static Terms sorted(Terms t) {
    std::sort(t.begin(), t.end());
    return t;
  }
  test_support::MemoryIndex ix_;
  CountryNames countries_;
  Aliases aliases_;
};

TEST_F(EntityAliasesTest, OrganizationBase) {
  EXPECT_EQ(organization_base("the texaco co."), "texaco");
  EXPECT_EQ(organization_base("e.f. hutton & co inc"), "ef hutton");
  EXPECT_EQ(organization_base("royal dutch/shell group"), "royal dutch shell");
  EXPECT_EQ(organization_base("fiat spa"), "fiat");
  EXPECT_EQ(organization_base("moody's"), "moody") << "a possessive is the name";
  EXPECT_EQ(organization_base("texaco inc's"), "texaco");
  EXPECT_EQ(organization_base("co"), "co") << "one word is kept";
  EXPECT_EQ(organization_base("texaco canada"), "texaco canada");
}

TEST_F(EntityAliasesTest, LegalFormsTheAndPunctuationMakeOneValueInItsCommonestForm) {
  EXPECT_EQ(org_value("texaco"), "texaco inc") << "Texaco Inc is the commonest form";
  EXPECT_EQ(org_value("the texaco co."), "texaco inc");
  EXPECT_EQ(org_value("texaco inc"), "texaco inc");
  EXPECT_EQ(org_value("ef hutton group inc"), org_value("e.f. hutton"));
  EXPECT_EQ(org_value("e.f. hutton and co"), org_value("e.f. hutton"));
}

TEST_F(EntityAliasesTest, AcronymsAndClippingsJoinTheirLongForms) {
  EXPECT_EQ(org_value("ec"), "european community");
  EXPECT_EQ(org_value("ec commission"), "european community commission");
  EXPECT_EQ(org_value("fed"), "federal reserve") << "shares articles with the Federal Reserve";
  EXPECT_EQ(org_value("ford"), "ford") << "no article names Ford and Fordham University";
  EXPECT_EQ(org_value("federal express"), "federal express");
  EXPECT_EQ(sorted(resolve("org", "EC").terms), (Terms{"XORG:ec", "XORG:european community"}));
}

TEST_F(EntityAliasesTest, AnAliasOfAnAliasIsTheLastValueOnEveryPath) {
  const std::string target = "european community executive commission";
  EXPECT_EQ(org_value("ec executive commission"), target);
  EXPECT_EQ(org_value("eec"), target) << "not the alias its initials spell";
  for (Xapian::valueno slot : {sc::kSlotOrgs, sc::kSlotPersons}) {
    for (const auto& [alias, v] : aliases_.of(ix_.db(), slot)->to_value) {
      EXPECT_EQ(value(slot, v), v) << alias << " -> " << v << " is an alias itself";
    }
  }
  // The filter.
  Resolved r = resolve("org", "EEC");
  EXPECT_EQ(sorted(r.terms), (Terms{"XORG:ec executive commission", "XORG:eec", "XORG:" + target}));
  EXPECT_EQ(r.labels, (Terms{"European Community Executive Commission"}));
  // The per-match spy, merged as the searcher merges it.
  const sc::Field& org = *sc::find_field("org");
  auto counter =
      make_facet_counter(org.slot, CounterKind::kPackedSpy, &aliases_.of(ix_.db(), org.slot)->to_value);
  Xapian::Enquire enquire(ix_.db());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, r.terms.begin(), r.terms.end()));
  counter->attach(enquire);
  (void)enquire.get_mset(0, 10);
  std::map<std::string, std::uint64_t> counts = counter->counts();
  merge_alias_counts(ix_.db(), aliases_, org, counts);
  EXPECT_EQ(counts, (std::map<std::string, std::uint64_t>{{"European Community Executive Commission", 3}}));
  // The precomputed columns count the same forms, merged the same way.
  auto columns = FacetColumns::load(ix_.db(), {sc::kSlotOrgs}, aliases_.by_slot(ix_.db()));
  ColumnSpy spy(columns, {sc::kSlotOrgs}, false);
  Xapian::Enquire by_columns(ix_.db());
  by_columns.set_query(Xapian::Query(Xapian::Query::OP_OR, r.terms.begin(), r.terms.end()));
  by_columns.add_matchspy(&spy);
  (void)by_columns.get_mset(0, 10);
  std::map<std::string, std::uint64_t> column_counts = spy.counts(sc::kSlotOrgs);
  merge_alias_counts(ix_.db(), aliases_, org, column_counts);
  EXPECT_EQ(column_counts, counts);
}

TEST_F(EntityAliasesTest, TickerFindsTheCompany) {
  Resolved r = resolve("org", "PZL");
  EXPECT_EQ(sorted(r.terms), (Terms{"XORG:pennzoil", "XORG:pennzoil co"}));
  EXPECT_EQ(r.labels, (Terms{"Pennzoil Co"}));
  EXPECT_TRUE(resolve("org", "QQQ").terms.empty()) << "a word in no article";
}

TEST_F(EntityAliasesTest, FacetLabelsShowTheCommonestForm) {
  // Every article counted from the columns, merged as the searcher merges.
  auto columns = FacetColumns::load(ix_.db(), {sc::kSlotOrgs}, aliases_.by_slot(ix_.db()));
  ColumnSpy spy(columns, {sc::kSlotOrgs}, false);
  Xapian::Enquire enquire(ix_.db());
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.add_matchspy(&spy);
  (void)enquire.get_mset(0, 0, ix_.db().get_doccount());
  std::map<std::string, std::uint64_t> counts = spy.counts(sc::kSlotOrgs);
  merge_alias_counts(ix_.db(), aliases_, *sc::find_field("org"), counts);
  auto has = [&](const std::string& l) { return counts.count(l) > 0; };
  EXPECT_TRUE(has("Texaco Inc"));
  EXPECT_FALSE(has("Texaco"));
  EXPECT_FALSE(has("The Texaco Co."));
  EXPECT_TRUE(has("European Community"));
  EXPECT_FALSE(has("EC"));
  EXPECT_FALSE(has("Fed"));
}

TEST_F(EntityAliasesTest, PersonsWithAndWithoutInitialsAndFirstNames) {
  EXPECT_EQ(person_value("hernandez grisanti"), "arturo hernandez grisanti");
  EXPECT_EQ(person_value("donald j. trump"), "donald trump");
  EXPECT_EQ(person_value("de keersmaeker"), "paul de keersmaeker");
  EXPECT_EQ(person_value("keersmaeker"), "keersmaeker") << "not in the archive, no alias";
  EXPECT_EQ(person_value("lawson"), "nigel lawson");
  EXPECT_EQ(person_value("nigel lawson"), "nigel lawson") << "a full name joins only a commoner longer one";
  EXPECT_EQ(sorted(resolve("person", "Arturo Hernandez Grisanti").terms),
            (Terms{"XPERSON:arturo hernandez grisanti", "XPERSON:hernandez grisanti"}));
}

TEST_F(EntityAliasesTest, FirmsTaggedAsPersonsAreNoPersons) {
  EXPECT_EQ(person_value("smith barney"), "") << "inside a company's name in the archive";
  EXPECT_EQ(person_value("barney"), "") << "it stood for the firm";
  EXPECT_EQ(person_value("hu yaobang"), "hu yaobang") << "the tagger's doubt alone makes no firm";
  auto columns = FacetColumns::load(ix_.db(), {sc::kSlotPersons}, aliases_.by_slot(ix_.db()));
  const FacetColumns::Column* c = columns->column(sc::kSlotPersons);
  for (std::uint32_t id : c->ids) EXPECT_NE(c->forms[id], "Smith Barney") << "counted as no person";
  EXPECT_EQ(sorted(resolve("person", "Smith Barney").terms), (Terms{"XPERSON:smith barney"}))
      << "its articles are still found";
  EXPECT_TRUE(resolve("person", "Smith Barney").labels.empty());
}

}  // namespace
}  // namespace dateline::search
