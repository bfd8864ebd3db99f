#include "article/article.h"

#include <cstdint>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "article/article_json.h"
#include "article/date.h"
#include "util/error.h"

namespace dateline::article {
namespace {

Article sample() {
  Article a;
  a.title = "Iran and US hold talks in Oman";
  a.standfirst = "Indirect talks in Muscat";
  a.body = "Officials met on Friday.\n\nMore talks are planned.";
  a.source = "Dateline Wire";
  a.url = "https://example.com/a/1";
  a.language = "en";
  a.authors = {"Jane Doe", "Ali Reza"};
  a.published = 1770370200;  // 2026-02-06T09:30:00Z
  return a;
}

TEST(ArticleTest, AssignIdKeepsExistingId) {
  Article a = sample();
  a.id = "given-1";
  assign_id(a);
  EXPECT_EQ(a.id, "given-1");
}

TEST(ArticleTest, AssignIdUsesUrl) {
  Article a = sample();
  assign_id(a);
  EXPECT_EQ(a.id, "https://example.com/a/1");
}

TEST(ArticleTest, AssignIdHashIsStableAndDependsOnTitle) {
  Article a = sample();
  a.url.clear();
  Article b = a;
  assign_id(a);
  assign_id(b);
  ASSERT_EQ(a.id.size(), 17u) << a.id;
  EXPECT_EQ(a.id[0], 'h');
  EXPECT_EQ(a.id.find_first_not_of("0123456789abcdef", 1), std::string::npos) << a.id;
  EXPECT_EQ(a.id, b.id);

  Article c = sample();
  c.url.clear();
  c.title += "!";
  assign_id(c);
  EXPECT_NE(a.id, c.id);

  Article d = sample();
  d.url.clear();
  d.published = *d.published + 86400;
  assign_id(d);
  EXPECT_NE(a.id, d.id) << "date is part of the hash";

  Article e = sample();
  e.url.clear();
  e.body = "another body";  // the body does not count when there is a title
  assign_id(e);
  EXPECT_EQ(a.id, e.id);
}

TEST(ArticleTest, AssignIdWithoutTitleUsesBody) {
  Article a;
  a.body = "first body";
  Article b;
  b.body = "second body";
  assign_id(a);
  assign_id(b);
  EXPECT_NE(a.id, b.id);
}

TEST(ArticleTest, Validate) {
  struct Case {
    const char* title;
    const char* body;
    bool ok;
  } cases[] = {
      {"Title", "", true}, {"", "Body", true},    {"Title", "Body", true},
      {"", "", false},     {"  ", "\n\t", false},
  };
  for (const Case& c : cases) {
    Article a;
    a.title = c.title;
    a.body = c.body;
    EXPECT_EQ(validate(a).empty(), c.ok) << '"' << c.title << "\" / \"" << c.body << '"';
  }
}

void expect_same(const Article& got, const Article& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.standfirst, want.standfirst);
  EXPECT_EQ(got.body, want.body);
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.url, want.url);
  EXPECT_EQ(got.language, want.language);
  EXPECT_EQ(got.authors, want.authors);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.entities.persons, want.entities.persons);
  EXPECT_EQ(got.entities.organizations, want.entities.organizations);
  EXPECT_EQ(got.entities.places, want.entities.places);
  EXPECT_EQ(got.entities.countries, want.entities.countries);
  EXPECT_EQ(got.entities.focus_countries, want.entities.focus_countries);
}

TEST(ArticleJsonTest, RoundTripsEverything) {
  Article a = sample();
  a.id = "id-1";
  a.entities.persons = {"Abbas Araghchi"};
  a.entities.organizations = {"United Nations"};
  a.entities.places = {{"São Paulo", "city", "BR"}, {"Nowhere", "unresolved", ""}};
  a.entities.countries = {"IR", "OM"};
  a.entities.focus_countries = {"OM"};
  a.extra = {{"category", "\"politics\""}, {"tags", "[\"a\",\"b\"]"}, {"wordcount", "42"}};
  std::string data = to_stored_json(a);
  Article b = from_stored_json(data);
  expect_same(b, a);
  EXPECT_EQ(b.extra, a.extra);
}

TEST(ArticleJsonTest, StoredShape) {
  Article a = sample();
  a.id = "id-1";
  nlohmann::json j = nlohmann::json::parse(to_stored_json(a));
  EXPECT_EQ(j["date"], "2026-02-06T09:30:00Z");
  EXPECT_EQ(j["authors"], nlohmann::json::array({"Jane Doe", "Ali Reza"}));
  EXPECT_FALSE(j.contains("extra")) << "no extra object without extra fields";
  for (const char* k : {"id", "title", "standfirst", "body", "date", "source", "url", "authors", "language",
                        "persons", "organizations", "places", "countries", "focus_countries"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
}

TEST(ArticleJsonTest, UndatedRoundTrip) {
  Article a = sample();
  a.id = "undated";
  a.published.reset();
  std::string data = to_stored_json(a);
  EXPECT_TRUE(nlohmann::json::parse(data)["date"].is_null()) << data;
  Article b = from_stored_json(data);
  EXPECT_FALSE(b.published.has_value());
  expect_same(b, a);
}

// Issue 13: an article indexed as dated must not be stored as undated; every
// date an input path accepts comes back from the stored form.
TEST(ArticleJsonTest, DatesAtTheEdgesOfTheRangeRoundTrip) {
  for (std::int64_t t :
       {kMinSeconds, kMinSeconds + 1, std::int64_t{-1}, std::int64_t{0}, kMaxSeconds - 1, kMaxSeconds}) {
    Article a = sample();
    a.published = t;
    Article b = from_stored_json(to_stored_json(a));
    EXPECT_EQ(b.published, std::optional<std::int64_t>(t)) << t;
  }
}

TEST(ArticleJsonTest, MinimalArticleRoundTrip) {
  Article a;
  a.body = "just a body";
  Article b = from_stored_json(to_stored_json(a));
  expect_same(b, a);
  EXPECT_TRUE(b.entities.empty());
  EXPECT_TRUE(b.extra.empty());
}

TEST(ArticleJsonTest, InvalidUtf8IsReplacedNotThrown) {
  Article a;
  a.title = "S\xE3o Paulo";  // Latin-1
  std::string data;
  ASSERT_NO_THROW(data = to_stored_json(a));
  EXPECT_NO_THROW((void)from_stored_json(data));
}

// Strings that need escaping come back unchanged, and the stored bytes are
// what nlohmann::json writes for the same object (the format before the
// direct writer), so indexes stay byte for byte the same.
TEST(ArticleJsonTest, EscapesLikeNlohmann) {
  Article a = sample();
  a.id = "id\"quoted\\";
  a.title = "Tabs\tnew\nlines\r \b\f \x01\x1f\x7f / São “Paulo” 東京";
  a.body = "";
  a.url = "https://example.com/a?b=\"c\"";
  a.entities.persons = {"Nazari \"the elder\""};
  a.entities.places = {{"São Paulo", "city", "BR"}};
  a.extra = {{"n", "1"}};
  const std::string data = to_stored_json(a);
  Article b = from_stored_json(data);
  expect_same(b, a);

  nlohmann::json j;
  j["id"] = a.id;
  j["title"] = a.title;
  j["standfirst"] = a.standfirst;
  j["body"] = a.body;
  j["date"] = "2026-02-06T09:30:00Z";
  j["source"] = a.source;
  j["url"] = a.url;
  j["authors"] = a.authors;
  j["language"] = a.language;
  j["extra"] = {{"n", 1}};
  j["persons"] = a.entities.persons;
  j["organizations"] = a.entities.organizations;
  j["places"] = {{{"name", "São Paulo"}, {"kind", "city"}, {"country", "BR"}}};
  j["countries"] = a.entities.countries;
  j["focus_countries"] = a.entities.focus_countries;
  EXPECT_EQ(data, j.dump());
}

TEST(ArticleJsonTest, RejectsMalformedData) {
  for (const char* bad : {"", "not json", "[1,2]", "\"str\"", "{\"id\": "}) {
    EXPECT_THROW((void)from_stored_json(bad), Error) << bad;
  }
}

// Issue 13: a field of the wrong type in the stored form (only a damaged
// index has one) is a dateline::Error naming the field, never nlohmann's
// type_error, and never a silently emptied field.
TEST(ArticleJsonTest, WrongTypedFieldsAreErrorsNamingTheField) {
  const struct {
    const char* data;
    const char* field;
  } cases[] = {
      {R"({"places":[{"name":1}]})", "'places[0].name' is a number, not a string"},
      {R"({"places":[{"name":"Oman","kind":"city","country":["OM"]}]})", "'places[0].country' is an array"},
      {R"({"places":[{"name":"Oman"},{"kind":true}]})", "'places[1].kind' is a boolean"},
      {R"({"places":["Oman"]})", "'places[0]' is a string, not an object"},
      {R"({"places":{"name":"Oman"}})", "'places' is an object, not an array"},
      {R"({"id":1})", "'id' is a number"},
      {R"({"title":["a"]})", "'title' is an array"},
      {R"({"body":{"text":"x"}})", "'body' is an object"},
      {R"({"date":20260206})", "'date' is a number"},
      {R"({"date":"yesterday"})", "'date' is not a date: \"yesterday\""},
      {R"({"authors":"Jane Doe"})", "'authors' is a string, not an array"},
      {R"({"authors":["Jane Doe",7]})", "'authors[1]' is a number"},
      {R"({"persons":[null]})", "'persons[0]' is a null"},
      {R"({"organizations":[{}]})", "'organizations[0]' is an object"},
      {R"({"countries":[1.5]})", "'countries[0]' is a number"},
      {R"({"language_detected":"yes"})", "'language_detected' is a string, not a boolean"},
      {R"({"extra":[1,2]})", "'extra' is an array, not an object"},
  };
  for (const auto& c : cases) {
    try {
      (void)from_stored_json(c.data);
      ADD_FAILURE() << "accepted " << c.data;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.field), std::string::npos) << c.data << ": " << e.what();
    } catch (...) {
      ADD_FAILURE() << "threw something other than dateline::Error for " << c.data;
    }
  }
}

// Absent and null fields take their defaults (an index written before a
// field existed has none of it); the right types are read as before.
TEST(ArticleJsonTest, AbsentAndNullFieldsTakeDefaults) {
  Article a = from_stored_json(R"({"id":"x","title":null,"date":null,"countries":null,)"
                               R"("authors":null,"extra":null,"language_detected":null,)"
                               R"("places":[{"name":"Muscat","kind":null}]})");
  EXPECT_EQ(a.id, "x");
  EXPECT_EQ(a.title, "");
  EXPECT_FALSE(a.published);
  EXPECT_TRUE(a.authors.empty());
  EXPECT_FALSE(a.language_detected);
  ASSERT_EQ(a.entities.places.size(), 1u);
  EXPECT_EQ(a.entities.places[0], (Place{"Muscat", "", ""}));
}

// Deep nesting (only a damaged index has it) is refused before nlohmann's
// recursive dump() can overflow the stack; a number out of a double's range
// is malformed data, not an escaping out_of_range.
TEST(ArticleJsonTest, DeepNestingAndHugeNumbersAreErrors) {
  const std::string deep = "{\"extra\":{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  EXPECT_THROW((void)from_stored_json(deep), Error);
  EXPECT_THROW((void)from_stored_json(R"({"extra":{"n":1e400}})"), Error);
  // Brackets inside strings are text, not nesting.
  const std::string text = "{\"title\":\"" + std::string(1000, '[') + "\"}";
  EXPECT_EQ(from_stored_json(text).title, std::string(1000, '['));
}

}  // namespace
}  // namespace dateline::article
