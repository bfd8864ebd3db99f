#include "schema/schema.h"

#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "schema/terms.h"
#include "util/error.h"

namespace dateline::schema {
namespace {

const char* const kAllPrefixes[] = {
    kPrefixId,     kPrefixTitle,  kPrefixStem,   kPrefixTitleStem, kPrefixAuthor,
    kPrefixLanguage, kPrefixSource, kPrefixDay,  kPrefixMonth,     kPrefixYear,
    kPrefixPerson, kPrefixOrg,    kPrefixPlace,  kPrefixCountry,   kPrefixHanBigram,
};

TEST(SchemaTest, PrefixesAreUnique) {
  std::set<std::string> seen;
  for (const char* p : kAllPrefixes) {
    EXPECT_TRUE(seen.insert(p).second) << "duplicate prefix " << p;
  }
}

TEST(SchemaTest, PrefixesAreUpperCase) {
  // Folded words are lower case, so an upper-case prefix never clashes.
  for (const char* p : kAllPrefixes) {
    std::string s = p;
    ASSERT_FALSE(s.empty());
    EXPECT_TRUE(s[0] >= 'A' && s[0] <= 'Z') << s;
  }
}

TEST(SchemaTest, XPrefixesEndWithColon) {
  std::vector<std::string> all(std::begin(kAllPrefixes), std::end(kAllPrefixes));
  all.push_back(kTermUndated);
  for (const std::string& p : all) {
    if (p[0] != 'X') continue;
    if (p == kTermUndated) {
      EXPECT_EQ(p, "XUNDATED:1");
      continue;
    }
    EXPECT_EQ(p.back(), ':') << p;
  }
}

TEST(SchemaTest, FieldTable) {
  std::set<std::string> names;
  for (const Field& f : kFields) {
    EXPECT_TRUE(names.insert(f.name).second) << "duplicate field " << f.name;
    EXPECT_EQ(find_field(f.name), &f) << f.name;
    if (f.kind == FieldKind::kDate) {
      EXPECT_STREQ(f.prefix, "") << f.name;
    } else if (f.kind != FieldKind::kEntity) {  // "actor" spans two prefixes
      EXPECT_STRNE(f.prefix, "") << f.name;
    }
  }
  struct Case {
    const char* name;
    const char* prefix;
    FieldKind kind;
  } cases[] = {
      {"title", kPrefixTitle, FieldKind::kFreeText},
      {"person", kPrefixPerson, FieldKind::kEntity},
      {"country", kPrefixCountry, FieldKind::kEntity},
      {"source", kPrefixSource, FieldKind::kBoolean},
      {"id", kPrefixId, FieldKind::kBoolean},
      {"date", "", FieldKind::kDate},
  };
  for (const Case& c : cases) {
    const Field* f = find_field(c.name);
    ASSERT_NE(f, nullptr) << c.name;
    EXPECT_STREQ(f->prefix, c.prefix) << c.name;
    EXPECT_EQ(f->kind, c.kind) << c.name;
  }
  for (const char* unknown : {"", "foo", "Title", "titles", "date:"}) {
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
  EXPECT_EQ(pack_values({"a", "b"}), "a\x1f" "b");
  EXPECT_EQ(pack_values({"", ""}), "");
}

TEST(SchemaTest, ForEachPackedSkipsEmptyPieces) {
  std::vector<std::string> got;
  for_each_packed("\x1f" "a\x1f\x1f" "b\x1f", [&](std::string_view v) { got.emplace_back(v); });
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
      {"talks", "talk"},
      {"talking", "talk"},
      {"talk", "talk"},
      {"nations", "nation"},
      {"o'brien", "o'brien"},
      {"g7", "g7"},
      {"2026", ""},       // numbers are not stemmed
      {"", ""},
      {"伊朗", ""},       // other scripts are matched unstemmed
      {"москва", ""},
      {"sao", "sao"},
      {"café", ""},       // not folded: not a plain Latin word
      {"Talks", ""},      // stem_term expects folded input
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
