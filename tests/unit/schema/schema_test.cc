#include "schema/schema.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema/terms.h"
#include "util/error.h"

namespace dateline::schema {
namespace {

// Every prefix of the table (rows without one, body words, date and actor,
// have none).
std::vector<std::string> all_prefixes() {
  std::vector<std::string> out;
  for (const Field& f : kFields) {
    if (*f.prefix != '\0') out.emplace_back(f.prefix);
  }
  return out;
}

TEST(SchemaTest, PrefixesAreUnique) {
  std::set<std::string> seen;
  for (const std::string& p : all_prefixes()) {
    EXPECT_TRUE(seen.insert(p).second) << "duplicate prefix " << p;
  }
  EXPECT_EQ(seen.size(), 20u) << "every prefix of the index has a row";
}

TEST(SchemaTest, PrefixesAreUpperCase) {
  // Folded words are lower case, so an upper-case prefix never clashes.
  for (const std::string& p : all_prefixes()) {
    EXPECT_TRUE(p[0] >= 'A' && p[0] <= 'Z') << p;
  }
}

TEST(SchemaTest, XPrefixesEndWithColon) {
  for (const std::string& p : all_prefixes()) {
    if (p[0] == 'X') {
      EXPECT_EQ(p.back(), ':') << p;
    }
  }
  EXPECT_EQ(kTermUndated, "XUNDATED:1");
}

// The prefixes and slots stored in every index: changing one breaks
// existing indexes (bump kSchemaVersion instead).
TEST(SchemaTest, OnDiskPrefixesAndSlots) {
  // One row a line, as in kFields.
  // clang-format off
  struct Case {
    FieldId id;
    const char* prefix;
    Xapian::valueno slot;
  } cases[] = {
      {FieldId::kTitle, "S", kNoSlot},
      {FieldId::kBody, "", kNoSlot},
      {FieldId::kStem, "Z", kNoSlot},
      {FieldId::kTitleStem, "ZS", kNoSlot},
      {FieldId::kHanBigram, "XH:", kNoSlot},
      {FieldId::kPerson, "XPERSON:", 3},
      {FieldId::kOrg, "XORG:", 4},
      {FieldId::kPlace, "XPLACE:", 5},
      {FieldId::kCountry, "XCOUNTRY:", 6},
      {FieldId::kDateline, "XDATELINE:", 7},
      {FieldId::kFocus, "XFOCUS:", 8},
      {FieldId::kActor, "", kNoSlot},
      {FieldId::kSource, "XSOURCE:", 1},
      {FieldId::kLanguage, "L", 2},
      {FieldId::kAuthor, "A", kNoSlot},
      {FieldId::kId, "Q", kNoSlot},
      {FieldId::kDate, "", 0},
      {FieldId::kDay, "D", kNoSlot},
      {FieldId::kMonth, "M", kNoSlot},
      {FieldId::kYear, "Y", kNoSlot},
      {FieldId::kUndated, "XUNDATED:", kNoSlot},
      {FieldId::kStory, "XSTORY:", 9},
      {FieldId::kStoryBand, "XLSH:", 10},
  };
  // clang-format on
  ASSERT_EQ(std::size(cases), std::size(kFields));
  for (const Case& c : cases) {
    EXPECT_STREQ(prefix(c.id), c.prefix) << field(c.id).name;
    EXPECT_EQ(field(c.id).slot, c.slot) << field(c.id).name;
    EXPECT_EQ(field(c.id).id, c.id);
  }
}

TEST(SchemaTest, SlotsHaveOneRow) {
  std::set<Xapian::valueno> seen;
  for (const Field& f : kFields) {
    if (f.slot == kNoSlot) continue;
    EXPECT_TRUE(seen.insert(f.slot).second) << "slot " << f.slot << " in two rows";
  }
  for (Xapian::valueno s : {kSlotPublished, kSlotSource, kSlotLanguage, kSlotPersons, kSlotOrgs, kSlotPlaces,
                            kSlotCountries, kSlotDateline, kSlotFocus}) {
    EXPECT_EQ(seen.count(s), 1u) << "slot " << s << " has no row";
  }
}

TEST(SchemaTest, FlagsAgree) {
  for (const Field& f : kFields) {
    // A facet is counted over packed values in its slot.
    if (f.has(kFacet)) {
      EXPECT_NE(f.slot, kNoSlot) << f.name;
      EXPECT_TRUE(f.has(kTyped) && f.has(kArticleValues)) << f.name;
    }
    if (f.has(kArticleValues)) {
      EXPECT_STRNE(f.prefix, "") << f.name;
    }
    if (f.has(kInActor)) {
      EXPECT_EQ(f.kind, FieldKind::kEntity) << f.name;
    }
    if (f.has(kActorField)) {
      EXPECT_STREQ(f.prefix, "") << f.name;
    }
    if (f.has(kPositional)) {
      EXPECT_EQ(f.kind, FieldKind::kFreeText) << f.name;
    }
  }
  std::vector<std::string> facets;
  for (const Field& f : kFields) {
    if (f.has(kFacet)) facets.emplace_back(f.name);
  }
  EXPECT_EQ(facets, (std::vector<std::string>{"person", "org", "place", "country", "dateline", "focus",
                                              "source", "lang"}))
      << "facets are listed in table order";
}

TEST(SchemaTest, FieldTable) {
  std::set<std::string> names;
  for (const Field& f : kFields) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate field " << f.name;
    // Only rows typed in queries are found by name ("body:" is a word).
    EXPECT_EQ(find_field(f.name), f.has(kTyped) ? &f : nullptr) << f.name;
    if (!f.has(kTyped)) continue;
    if (f.kind == FieldKind::kDate) {
      EXPECT_STREQ(f.prefix, "") << f.name;
    } else if (!f.has(kActorField)) {  // "actor" spans two prefixes
      EXPECT_STRNE(f.prefix, "") << f.name;
    }
  }
  struct Case {
    const char* name;
    const char* prefix;
    FieldKind kind;
  } cases[] = {
      {"title", "S", FieldKind::kFreeText},
      {"person", "XPERSON:", FieldKind::kEntity},
      {"country", "XCOUNTRY:", FieldKind::kEntity},
      {"source", "XSOURCE:", FieldKind::kBoolean},
      {"id", "Q", FieldKind::kBoolean},
      {"date", "", FieldKind::kDate},
  };
  for (const Case& c : cases) {
    const Field* f = find_field(c.name);
    ASSERT_NE(f, nullptr) << c.name;
    EXPECT_STREQ(f->prefix, c.prefix) << c.name;
    EXPECT_EQ(f->kind, c.kind) << c.name;
  }
  for (const char* unknown : {"", "foo", "Title", "titles", "date:", "body", "stem", "undated", "day"}) {
    EXPECT_EQ(find_field(unknown), nullptr) << unknown;
  }
}

TEST(SchemaTest, PackValuesRoundTrip) {
  struct Case {
    std::vector<std::string> in;
    std::vector<std::string> want;
  } cases[] = {
      {{}, {}},
      {{"Iran"}, {"Iran"}},
      {{"São Paulo", "Texas", "Iran"}, {"São Paulo", "Texas", "Iran"}},
      {{"", "a", "", "", "b", ""}, {"a", "b"}},
      {{"", ""}, {}},
  };
  for (const Case& c : cases) {
    std::string packed = pack_values(c.in);
    std::vector<std::string> got;
    for_each_packed(packed, [&](std::string_view v) { got.emplace_back(v); });
    EXPECT_EQ(got, c.want) << testing::PrintToString(c.in);
  }
  EXPECT_EQ(pack_values({"a", "b"}),
            "a\x1f"
            "b");
  EXPECT_EQ(pack_values({"", ""}), "");
}

TEST(SchemaTest, ForEachPackedSkipsEmptyPieces) {
  std::vector<std::string> got;
  for_each_packed(
      "\x1f"
      "a\x1f\x1f"
      "b\x1f",
      [&](std::string_view v) { got.emplace_back(v); });
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b"}));
}

TEST(SchemaTest, CheckVersion) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  EXPECT_NO_THROW(check_version(db, "mem")) << "an empty database is fine";
  db.add_document(Xapian::Document());
  EXPECT_THROW(check_version(db, "mem"), Error);
  db.set_metadata(kSchemaKey, std::to_string(kSchemaVersion));
  EXPECT_NO_THROW(check_version(db, "mem"));
  db.set_metadata(kSchemaKey, "999");
  try {
    check_version(db, "some/path");
    ADD_FAILURE() << "no error for version 999";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("some/path"), std::string::npos) << e.what();
  }
}

TEST(TermsTest, StemTerm) {
  struct Case {
    const char* in;
    const char* want;
  } cases[] = {
      {"talks", "talk"}, {"talking", "talk"}, {"talk", "talk"}, {"nations", "nation"}, {"o'brien", "o'brien"},
      {"g7", "g7"},      {"2026", ""},                       // numbers are not stemmed
      {"", ""},          {"伊朗", ""},                       // other scripts are matched unstemmed
      {"москва", ""},    {"sao", "sao"},      {"café", ""},  // not folded: not a plain Latin word
      {"Talks", ""},                                         // stem_term expects folded input
  };
  for (const Case& c : cases) {
    EXPECT_EQ(stem_term(c.in), c.want) << c.in;
  }
}

TEST(TermsTest, HanBigrams) {
  struct Case {
    const char* in;
    std::vector<std::string> want;
  } cases[] = {
      {"", {}},
      {"美", {}},
      {"美国", {"美国"}},
      {"北京市", {"北京", "京市"}},
      {"阿曼举行", {"阿曼", "曼举", "举行"}},
      {"ab", {"ab"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(han_bigrams(c.in), c.want) << c.in;
  }
}

TEST(TermsTest, OrderKeySortsByDateThenIdDescending) {
  // Ranking reads the slot in reverse: newest first, then ids ascending.
  EXPECT_LT(order_key(std::nullopt, "a"), order_key(-86400, "a"));  // undated lowest, also before 1970
  EXPECT_LT(order_key(-86400, "a"), order_key(0, "a"));
  EXPECT_LT(order_key(0, "z"), order_key(1, "a"));
  EXPECT_LT(order_key(1770370200, "b"), order_key(1770370200, "ab"));
  EXPECT_LT(order_key(1770370200, "ab"), order_key(1770370200, "a"));
  EXPECT_EQ(order_key(0, "").size(), 9u);
}

TEST(SchemaTest, TheOrderSlotIsNoFieldsSlot) {
  for (const Field& f : kFields) EXPECT_NE(f.slot, kSlotOrder) << f.name;
}

TEST(TermsTest, IdTerm) {
  EXPECT_EQ(id_term("abc"), "Qabc");
  EXPECT_EQ(id_term("https://example.com/a?b=1"), "Qhttps://example.com/a?b=1");

  std::string long_a(1000, 'a');
  std::string long_b = long_a;
  long_b.back() = 'b';
  std::string ta = id_term(long_a);
  std::string tb = id_term(long_b);
  EXPECT_LT(ta.size(), 245u);
  EXPECT_LT(tb.size(), 245u);
  EXPECT_EQ(ta.rfind("Q", 0), 0u);
  EXPECT_NE(ta, tb) << "ids sharing a long prefix stay distinct";
  EXPECT_EQ(ta, id_term(long_a)) << "deterministic";

  // Around the limit.
  for (std::size_t n : {238u, 239u, 240u, 241u, 300u}) {
    EXPECT_LT(id_term(std::string(n, 'x')).size(), 245u) << n;
  }
}

}  // namespace
}  // namespace dateline::schema
