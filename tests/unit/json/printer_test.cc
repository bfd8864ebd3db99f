#include "json/printer.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "article/article_json.h"

namespace dateline::json {
namespace {

std::set<std::string> keys(const nlohmann::json& j) {
  std::set<std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.insert(it.key());
  return out;
}

search::SearchResult sample() {
  search::SearchResult r;
  r.query = "iran talks";
  r.total = 12;
  r.total_exact = false;
  r.offset = 10;
  r.limit = 2;
  r.took_ms = 1.23456;
  search::Hit dated;
  dated.id = "a1";
  dated.title = "Iran & US <talks>";
  dated.date = "2026-02-06T09:30:00Z";
  dated.source = "Test Wire";
  dated.url = "https://example.com/a1";
  dated.score = 3.14159265;
  dated.snippet = {{"… held ", false}, {"talks", true}, {" <b>", false}};
  search::Hit undated;
  undated.id = "a2";
  r.hits = {dated, undated};
  r.filters = {{"country", "iran", {"Iran (IR)"}}};
  r.notes = {"country:xyz matched nothing"};
  return r;
}

TEST(PrinterTest, SearchResultKeys) {
  nlohmann::json j = search_result(sample());
  const std::set<std::string> required = {"query",   "total", "total_exact", "offset", "limit",
                                          "took_ms", "hits",  "filters",     "notes"};
  // Keys added for facets, timeline and spelling are allowed, nothing else.
  const std::set<std::string> optional = {"facets",        "facets_exact",    "timeline",
                                          "timeline_unit", "corrected_query", "collapse",
                                          "facets_by",     "counting",        "shards"};
  for (const std::string& k : required) EXPECT_TRUE(j.contains(k)) << k;
  for (const std::string& k : keys(j)) {
    EXPECT_TRUE(required.count(k) || optional.count(k)) << "unexpected key " << k;
  }
  EXPECT_EQ(j["query"], "iran talks");
  EXPECT_EQ(j["total"], 12);
  EXPECT_EQ(j["total_exact"], false);
  EXPECT_EQ(j["offset"], 10);
  EXPECT_EQ(j["limit"], 2);
  EXPECT_NEAR(j["took_ms"].get<double>(), 1.235, 1e-9);
}

TEST(PrinterTest, Hits) {
  nlohmann::json j = search_result(sample());
  ASSERT_TRUE(j["hits"].is_array());
  ASSERT_EQ(j["hits"].size(), 2u);
  for (const nlohmann::json& h : j["hits"]) {
    EXPECT_EQ(keys(h), (std::set<std::string>{"id", "title", "date", "source", "url", "score", "snippet"}))
        << h.dump();
  }
  const nlohmann::json& h = j["hits"][0];
  EXPECT_EQ(h["id"], "a1");
  EXPECT_EQ(h["title"], "Iran & US <talks>") << "titles are data, not HTML";
  EXPECT_EQ(h["date"], "2026-02-06T09:30:00Z");
  EXPECT_EQ(h["source"], "Test Wire");
  EXPECT_EQ(h["url"], "https://example.com/a1");
  EXPECT_NEAR(h["score"].get<double>(), 3.1416, 1e-9);
  EXPECT_EQ(h["snippet"], "… held <mark>talks</mark> &lt;b&gt;");
  EXPECT_TRUE(j["hits"][1]["date"].is_null()) << "undated hit";
  EXPECT_EQ(j["hits"][1]["snippet"], "");
}

TEST(PrinterTest, StoriesOnHitsAndCollapsedHits) {
  search::SearchResult r = sample();
  r.hits[0].has_story = true;
  r.hits[0].story = {"s1", 3, {{"a7", "2026-02-05T08:00:00Z", "Other Wire", "Title"}, {"a8", "", "", "T"}}};
  nlohmann::json j = search_result(r);
  EXPECT_FALSE(j.contains("collapse"));
  EXPECT_FALSE(j.contains("facets_by"));
  EXPECT_EQ(j["hits"][0]["story"], (nlohmann::json{{"id", "s1"}, {"size", 3}}))
      << "versions only when collapsed";
  EXPECT_FALSE(j["hits"][1].contains("story")) << "an article without a story id";

  r.collapsed_by_story = true;
  r.facets_by_story = true;
  j = search_result(r);
  EXPECT_EQ(j["collapse"], "story");
  EXPECT_EQ(j["facets_by"], "story");
  const nlohmann::json& s = j["hits"][0]["story"];
  EXPECT_EQ(keys(s), (std::set<std::string>{"id", "size", "versions"}));
  ASSERT_EQ(s["versions"].size(), 2u);
  EXPECT_EQ(s["versions"][0],
            (nlohmann::json{{"id", "a7"}, {"source", "Other Wire"}, {"date", "2026-02-05T08:00:00Z"}}));
  EXPECT_TRUE(s["versions"][1]["date"].is_null());

  // The story command's object lists titles too.
  nlohmann::json listed = story(r.hits[0].story, true, true);
  EXPECT_EQ(listed["versions"][0]["title"], "Title");
}

TEST(PrinterTest, ArticleWithStory) {
  article::Article a;
  a.id = "a1";
  EXPECT_FALSE(article(a).contains("story"));
  search::StoryInfo s{"s1", 2, {}};
  EXPECT_EQ(article(a, &s)["story"], (nlohmann::json{{"id", "s1"}, {"size", 2}}));
}

TEST(PrinterTest, FiltersAndNotes) {
  nlohmann::json j = search_result(sample());
  ASSERT_EQ(j["filters"].size(), 1u);
  EXPECT_EQ(j["filters"][0]["field"], "country");
  EXPECT_EQ(j["filters"][0]["value"], "iran");
  EXPECT_EQ(j["filters"][0]["matched"], nlohmann::json::array({"Iran (IR)"}));
  EXPECT_EQ(j["notes"], nlohmann::json::array({"country:xyz matched nothing"}));

  nlohmann::json empty = search_result(search::SearchResult{});
  EXPECT_TRUE(empty["hits"].is_array() && empty["hits"].empty());
  EXPECT_TRUE(empty["filters"].is_array() && empty["filters"].empty());
  EXPECT_TRUE(empty["notes"].is_array() && empty["notes"].empty());
}

TEST(PrinterTest, CountingAndShards) {
  search::SearchResult r = sample();
  nlohmann::json plain = search_result(r);
  EXPECT_FALSE(plain.contains("counting"));
  EXPECT_FALSE(plain.contains("shards"));
  r.counting = "stock";
  r.shards = {3, {"10.0.0.2:33333"}};
  nlohmann::json j = search_result(r);
  EXPECT_EQ(j["counting"], "stock");
  EXPECT_EQ(j["shards"], nlohmann::json::parse(R"({"total": 3, "failed": ["10.0.0.2:33333"]})"));
  r.shards = {3, {}};
  EXPECT_EQ(search_result(r)["shards"]["failed"], nlohmann::json::array());
  r.shards = {1, {}};  // one database: no block
  EXPECT_FALSE(search_result(r).contains("shards"));
}

TEST(PrinterTest, Error) {
  nlohmann::json e = error(400, "unbalanced '('", "q");
  EXPECT_EQ(keys(e), std::set<std::string>{"error"});
  EXPECT_EQ(keys(e["error"]), (std::set<std::string>{"code", "message", "param"}));
  EXPECT_EQ(e["error"]["code"], 400);
  EXPECT_EQ(e["error"]["message"], "unbalanced '('");
  EXPECT_EQ(e["error"]["param"], "q");
  EXPECT_TRUE(error(500, "boom")["error"]["param"].is_null());
}

TEST(PrinterTest, Stats) {
  search::IndexStatsInfo s;
  s.articles = 6;
  s.undated = 1;
  s.first_date = "2025-11-01T12:00:00Z";
  s.schema_version = 1;
  s.path = "/tmp/db";
  nlohmann::json j = stats(s);
  EXPECT_EQ(keys(j), (std::set<std::string>{"articles", "undated", "first_date", "last_date", "size_bytes",
                                            "schema_version", "shards", "path"}));
  EXPECT_EQ(j["first_date"], "2025-11-01T12:00:00Z");
  EXPECT_TRUE(j["last_date"].is_null());
  EXPECT_TRUE(j["shards"].is_null()) << "a single database";
  s.shards = 3;
  s.remote_shards = 2;
  s.size_known = false;
  j = stats(s);
  EXPECT_EQ(j["shards"], nlohmann::json({{"total", 3}, {"remote", 2}}));
  EXPECT_TRUE(j["size_bytes"].is_null()) << "remote shards' files are elsewhere";
}

TEST(PrinterTest, ArticleAndDump) {
  article::Article a;
  a.id = "x";
  a.title = "S\xE3o";  // invalid UTF-8 must not throw when dumped
  a.entities.places = {{"Nowhere", "unresolved", ""}};
  nlohmann::json j = article(a);
  EXPECT_TRUE(j["date"].is_null());
  EXPECT_TRUE(j["places"][0]["country"].is_null());
  std::string out;
  ASSERT_NO_THROW(out = dump(j));
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_NE(dump(j, true).find('\n'), std::string::npos);
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << "replaced by U+FFFD";
}

// Issue 13: JSON output is safe on a terminal. nlohmann escapes C0 controls
// (ESC as \u001b) but writes DEL and C1 controls (U+0080 to U+009F; U+009B
// is a one-character CSI) raw; dump() escapes them too, in keys and values,
// compact and pretty, and leaves other characters as UTF-8.
TEST(PrinterTest, DumpEscapesEveryControlCharacter) {
  const struct {
    std::string in;
    std::string want;
  } cases[] = {
      {"a\x1b]0;pwned\x07"
       "b",
       "\"a\\u001b]0;pwned\\u0007b\""},
      {"del\x7f", "\"del\\u007f\""},
      {"c1 \xc2\x80 \xc2\x85 \xc2\x9b"
       "2J \xc2\x9f",
       "\"c1 \\u0080 \\u0085 \\u009b2J \\u009f\""},
      // Neighbours of the C1 range stay as they are: U+00A0, U+00C2, U+00E9.
      {"\xc2\xa0 \xc3\x82\xc2\xa0 caf\xc3\xa9", "\"\xc2\xa0 \xc3\x82\xc2\xa0 caf\xc3\xa9\""},
      {"\xe2\x80\x9c\xe6\x9d\xb1\xe4\xba\xac\xe2\x80\x9d",
       "\"\xe2\x80\x9c\xe6\x9d\xb1\xe4\xba\xac\xe2\x80\x9d\""},
      // A stray byte that would be C1 in Latin-1 becomes U+FFFD, not a control.
      {"x\x9by", "\"x\xef\xbf\xbdy\""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(dump(nlohmann::json(c.in)), c.want) << c.in;
    std::string keyed = dump(nlohmann::json{{c.in, c.in}}, true);
    EXPECT_EQ(
        nlohmann::json::parse(keyed),
        (nlohmann::json{{nlohmann::json::parse(c.want).get<std::string>(), nlohmann::json::parse(c.want)}}))
        << keyed;
    for (char ch : keyed) {
      const auto u = static_cast<unsigned char>(ch);
      EXPECT_TRUE(u >= 0x20 || u == '\n') << "raw control in " << keyed;
      EXPECT_NE(u, 0x7f) << keyed;
    }
    EXPECT_EQ(keyed.find("\xc2\x9b"), std::string::npos) << keyed;
  }
  // The round trip gives the original text back.
  article::Article a;
  a.title = "t\x7f\xc2\x9b[2J\xc2\x85";
  EXPECT_EQ(nlohmann::json::parse(dump(article(a)))["title"], a.title);
}

TEST(PrinterTest, ArticleIsTheStoredEncodingWithNullCountries) {
  article::Article a;
  a.id = "x";
  a.title = "T";
  a.language = "en";
  a.language_detected = true;
  a.entities.places = {{"Beira", "city", "MZ"}, {"Nowhere", "unresolved", ""}};
  a.extra = {{"tags", "[\"a\"]"}};
  nlohmann::json stored = nlohmann::json::parse(article::to_stored_json(a));
  stored["places"][1]["country"] = nullptr;  // the differences: null countries,
  stored["dateline"] = nullptr;              // and a dateline that is absent
  EXPECT_EQ(article(a), stored);
  EXPECT_EQ(article(a)["places"][0]["country"], "MZ");

  a.entities.dateline = article::Dateline{"NOWHERE, March 3 -", {"Nowhere", "unresolved", ""}};
  EXPECT_EQ(
      article(a)["dateline"],
      nlohmann::json::parse(
          R"({"text":"NOWHERE, March 3 -","place":{"name":"Nowhere","kind":"unresolved","country":null}})"));
}

}  // namespace
}  // namespace dateline::json
