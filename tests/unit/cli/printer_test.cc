#include "cli/printer.h"

#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "json/printer.h"

namespace dateline::cli {
namespace {

article::Article sample() {
  article::Article a;
  a.id = "a1";
  a.title = "Talks, \"again\"";
  a.source = "Wire";
  a.url = "https://example.org/a1";
  a.body = "Body.";
  a.entities.persons = {"Ann Lee", "Bo Tan"};
  a.entities.places = {{"Beira", "city", "MZ"}, {"Nowhere", "unresolved", ""}};
  a.entities.countries = {"MZ"};
  a.entities.dateline = article::Dateline{"BEIRA, March 3 -", {"Beira", "city", "MZ"}};
  a.entities.focus_countries = {"MZ"};
  return a;
}

struct Streams {
  std::ostringstream out, err;
};

TEST(PrinterTest, CsvRowsQuoteAndJoin) {
  Streams s;
  auto p = make_printer(Format::kCsv, s.out, s.err);
  p->begin_articles();
  p->article_record(sample());
  EXPECT_EQ(s.out.str(),
            "id,date,source,title,url,persons,organizations,places,countries,dateline,focus_countries,"
            "story_id,story_size\r\n"
            "a1,,Wire,\"Talks, \"\"again\"\"\",https://example.org/a1,Ann Lee; Bo Tan,,Beira; "
            "Nowhere,MZ,Beira,MZ,,\r\n");
  EXPECT_EQ(s.err.str(), "");
}

TEST(PrinterTest, JsonRecordIsTheApiArticleOnOneLine) {
  Streams s;
  auto p = make_printer(Format::kJson, s.out, s.err);
  p->begin_articles();
  p->article_record(sample());
  EXPECT_EQ(s.out.str(), json::dump(json::article(sample())) + "\n");
  nlohmann::json j = nlohmann::json::parse(s.out.str());
  EXPECT_TRUE(j["places"][1]["country"].is_null()) << "unknown country is null for users";
  EXPECT_EQ(j["places"][0]["country"], "MZ");
}

TEST(PrinterTest, JsonShowIsIndented) {
  Streams s;
  make_printer(Format::kJson, s.out, s.err)->article(sample());
  EXPECT_EQ(s.out.str(), json::dump(json::article(sample()), true) + "\n");
}

TEST(PrinterTest, TextStats) {
  search::IndexStatsInfo st;
  st.path = "db";
  st.articles = 3;
  st.first_date = "2026-01-02";
  st.size_bytes = 2500000;
  st.schema_version = 4;
  Streams s;
  make_printer(Format::kText, s.out, s.err)->stats(st);
  EXPECT_EQ(s.out.str(),
            "index:          db\n"
            "articles:       3\n"
            "undated:        0\n"
            "first date:     2026-01-02\n"
            "last date:      -\n"
            "size on disk:   2.5 MB\n"
            "schema version: 4\n");
}

TEST(PrinterTest, TextArticleShowsEntities) {
  Streams s;
  make_printer(Format::kText, s.out, s.err)->article(sample());
  EXPECT_EQ(s.out.str(),
            "Talks, \"again\"\n"
            "id: a1  source: Wire\n"
            "https://example.org/a1\n"
            "persons: Ann Lee, Bo Tan\n"
            "places: Beira (MZ), Nowhere\n"
            "countries: MZ\n"
            "dateline: Beira (MZ)\n"
            "focus: MZ\n"
            "\n"
            "Body.\n");
}

TEST(PrinterTest, TextSearchResult) {
  search::SearchResult r;
  r.total = 1;
  search::Hit h;
  h.id = "a1";
  h.title = "Title\x1b]0;x\x07";  // a terminal command in a title is defused
  h.date = "2026-01-02T00:00:00Z";
  h.score = 1.5;
  r.hits.push_back(h);
  r.facets = {{"country", {{"MZ", "Mozambique", 2}}}};
  Streams s;
  make_printer(Format::kText, s.out, s.err)->search_result(r);
  const std::string out = s.out.str();
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("   a1 | 2026-01-02 | - | score 1.500\n"), std::string::npos) << out;
  EXPECT_NE(out.find("1 result, showing 1-1"), std::string::npos) << out;
  EXPECT_NE(out.find("country  Mozambique (MZ) 2\n"), std::string::npos) << out;
}

TEST(PrinterTest, ErrorsInTheirFormat) {
  Streams text, js;
  make_printer(Format::kText, text.out, text.err)->error("tool", 404, "no article with id 'x\x1b'", "id");
  EXPECT_EQ(text.out.str(), "");
  EXPECT_EQ(text.err.str().rfind("tool: no article with id 'x", 0), 0u) << text.err.str();
  EXPECT_EQ(text.err.str().find('\x1b'), std::string::npos);
  make_printer(Format::kJson, js.out, js.err)->error("tool", 404, "gone", "id");
  EXPECT_EQ(js.out.str(), "{\"error\":{\"code\":404,\"message\":\"gone\",\"param\":\"id\"}}\n");
  EXPECT_EQ(js.err.str(), "");
}

TEST(PrinterTest, CsvHasNoFormForASearch) {
  Streams s;
  auto p = make_printer(Format::kCsv, s.out, s.err);
  EXPECT_THROW(p->search_result(search::SearchResult{}), std::logic_error);
  EXPECT_THROW(p->stats(search::IndexStatsInfo{}), std::logic_error);
}

}  // namespace
}  // namespace dateline::cli
