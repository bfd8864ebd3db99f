#include "ingest/json_reader.h"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "article/date.h"
#include "ingest/jsonl_fields.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

const std::string kDir = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/json/";
const std::string kNinjs = std::string(DATELINE_SOURCE_DIR) + "/../shared/data/formats/ninjs/";

class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e); }
  std::vector<InputError> errors;
};

struct Result {
  std::vector<Record> records;
  std::vector<InputError> errors;
};

Result read_file(const std::string& path, Format format = Format::kAuto) {
  Result r;
  CollectSink sink;
  (void)read_path(path, format, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  return r;
}

Result read_string(const std::string& text) {
  Result r;
  CollectSink sink;
  std::istringstream in(text);
  read_json(in, "mem.json", sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  return r;
}

std::string extra(const article::Article& a, const std::string& key) {
  for (const auto& [k, v] : a.extra) {
    if (k == key) return v;
  }
  return {};
}

TEST(JsonReaderTest, ArrayOfArticlesOneRecordPerItemBadItemSkipped) {
  Result r = read_file(kDir + "articles.json");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()),
            kDir + "articles.json:item 2: article has neither title nor body");
  EXPECT_EQ(r.errors[0].unit(), LocationUnit::kItem);

  const Record& first = r.records[0];
  EXPECT_EQ(first.unit, LocationUnit::kItem);
  EXPECT_EQ(first.line, 1u);
  EXPECT_EQ(first.article.id, "json-1");
  EXPECT_EQ(first.article.title, "Port strike ends after two weeks");
  EXPECT_EQ(first.article.published, article::parse_date("2024-03-04T08:00:00Z"));
  EXPECT_EQ(first.article.authors, (std::vector<std::string>{"Jane Doe", "Ali Reza"}));
  EXPECT_EQ(extra(first.article, "section"), "\"business\"");

  const Record& third = r.records[1];
  EXPECT_EQ(third.line, 3u);
  EXPECT_EQ(third.article.id, "3");
  EXPECT_EQ(third.article.title, "Snow closes mountain pass");
  EXPECT_EQ(third.article.body, "The pass [closed] at noon, {police} said.") << "brackets in strings";
  EXPECT_EQ(third.article.language, "en");
}

TEST(JsonReaderTest, SingleObject) {
  Result r = read_file(kDir + "single.json");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.id, "single-1");
  EXPECT_EQ(r.records[0].article.url, "https://news.example.com/painting");
  EXPECT_EQ(r.records[0].line, 1u);
}

TEST(JsonReaderTest, Ninjs2) {
  Result r = read_file(kDir + "ninjs2.json");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.id, "urn:newsml:news.example.com:20240305:wind-farm");
  EXPECT_EQ(a.title, "Offshore wind farm approved after long review") << "the main headline";
  EXPECT_EQ(a.standfirst, "Regulators approved the 80-turbine project.");
  EXPECT_EQ(a.body, "Regulators on Tuesday approved the 80-turbine project.\n\nConstruction starts in 2025.");
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Maria Lopez", "Tom Berg", "Ann Fisher"}));
  EXPECT_EQ(a.published, article::parse_date("2024-03-05T09:30:00Z")) << "firstcreated";
  EXPECT_EQ(a.language, "en-GB");
  EXPECT_EQ(extra(a, "versioncreated"), "\"2024-03-05T14:00:00+01:00\"");
  EXPECT_EQ(extra(a, "embargoed"), "\"2024-03-05T09:00:00Z\"");
  EXPECT_EQ(extra(a, "countries"), "[\"NO\"]");
  EXPECT_EQ(extra(a, "keywords"), "[\"wind\",\"energy\"]");
  EXPECT_NE(extra(a, "subjects"), "");
  EXPECT_NE(extra(a, "people"), "") << "people stay in extra, authors included";
  EXPECT_EQ(extra(a, "bodies"), "") << "read into the body";
  EXPECT_EQ(extra(a, "headlines"), "");
}

TEST(JsonReaderTest, NinjsInAnArrayAndPlainArticlesMixed) {
  Result r = read_string(
      R"([{"uri": "u1", "type": "text", "headline": "H1", "body_html": "<p>a &amp; b</p>"},
          {"title": "Plain", "body": "B"}])");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].article.id, "u1");
  EXPECT_EQ(r.records[0].article.body, "a & b");
  EXPECT_EQ(r.records[1].article.title, "Plain");
}

TEST(JsonReaderTest, NinjsBadDateReportedOnItsItem) {
  Result r = read_string(R"([{"uri": "u1", "headline": "H", "versioncreated": "yesterday"}])");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line(), 1u);
  EXPECT_EQ(r.errors[0].field(), "versioncreated");
}

TEST(JsonReaderTest, CutShortKeepsWholeItems) {
  Result r = read_file(kDir + "cut-short.json");
  ASSERT_EQ(r.records.size(), 2u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line(), 3u) << r.errors[0].what();
  EXPECT_NE(std::string(r.errors[0].message()).find("malformed JSON"), std::string::npos);
  EXPECT_EQ(r.errors[1].message(), "the JSON array is not closed (file cut short?)");
}

TEST(JsonReaderTest, EmptyBinaryAndTrailingText) {
  Result empty = read_string("  \n\t ");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].message(), "empty file");
  Result binary = read_string(std::string("[{\"title\": \"x\0\"}]", 17));
  ASSERT_EQ(binary.errors.size(), 1u);
  EXPECT_EQ(binary.errors[0].message(), "binary file, not JSON");
  Result trailing = read_string(R"([{"title": "T"}] garbage)");
  EXPECT_EQ(trailing.records.size(), 1u);
  ASSERT_EQ(trailing.errors.size(), 1u);
  EXPECT_EQ(trailing.errors[0].message(), "text after the JSON array");
  Result none = read_string("[]");
  EXPECT_TRUE(none.records.empty());
  EXPECT_TRUE(none.errors.empty());
}

TEST(JsonReaderTest, BadItemsDoNotStopTheArray) {
  Result r = read_string(R"([{"title": "A"}, 42, , {"title": ")"
                         "\xff"
                         R"("}, {"title": 5}, {"title": "B"}])");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].line, 6u);
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].line(), 2u);
  EXPECT_EQ(r.errors[0].message(), "expected a JSON object, got number");
  EXPECT_EQ(r.errors[1].line(), 3u);
  EXPECT_EQ(r.errors[2].message(), "invalid UTF-8");
  EXPECT_EQ(r.errors[3].field(), "title");
}

TEST(JsonReaderTest, DeepNestingRefusedPerItemWithoutRecursion) {
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Result r = read_string(R"([{"title": "A", "x": )" + deep + R"(}, {"title": "B"}])");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.title, "B");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line(), 1u);
  EXPECT_EQ(r.errors[0].message(), "JSON nested deeper than 64 levels");
}

TEST(JsonReaderTest, ArticleFromJsonObjectMatchesTheLineReader) {
  std::string line = R"({"id": 7, "title": "T", "date": 86400, "extra": {"a": [1]}})";
  article::Article from_line = article_from_json_line(line);
  article::Article from_value = article_from_json_object(nlohmann::json::parse(line));
  EXPECT_EQ(from_value.id, from_line.id);
  EXPECT_EQ(from_value.published, from_line.published);
  EXPECT_EQ(from_value.extra, from_line.extra);
  EXPECT_THROW((void)article_from_json_object(nlohmann::json::array()), InputError);
}

TEST(JsonReaderTest, SniffedAsJsonThroughReadPath) {
  // A pretty-printed document is no JSON Lines: kAuto picks this reader.
  Result r = read_file(kDir + "articles.json", Format::kAuto);
  EXPECT_EQ(r.records.size(), 2u);
}

// The IPTC ninjs 1.x examples (../shared/data/formats/ninjs).
TEST(JsonReaderTest, NinjsSamples) {
  if (!std::filesystem::exists(kNinjs)) GTEST_SKIP() << kNinjs << " is absent (the shared sample data)";
  Result medium = read_file(kNinjs + "ninjsExMediumText1.json");
  ASSERT_TRUE(medium.errors.empty()) << medium.errors[0].what();
  ASSERT_EQ(medium.records.size(), 1u);
  const article::Article& a = medium.records[0].article;
  EXPECT_EQ(a.id, "http://ninjs.example.com/newsitems/20130709med123");
  EXPECT_EQ(a.title, "Captain of wrecked cruise ship on trial in Italy");
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Paulo Santalucia", "Frances d'Emilio"}));
  EXPECT_EQ(a.published, article::parse_date("2013-07-09T10:37:00Z"));
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.body.rfind("GROSSETO, Italy (AP) -- The trial", 0), 0u);
  EXPECT_EQ(extra(a, "countries"), "[\"IT\"]");
  EXPECT_EQ(extra(a, "located"), "\"Grossetto, Italy\"");
  EXPECT_NE(extra(a, "organisation").find("Costa Crociere SpA"), std::string::npos);
  EXPECT_NE(extra(a, "person").find("Francesco Schettino"), std::string::npos);

  Result simple = read_file(kNinjs + "ninjsExSimpleText1.json");
  ASSERT_TRUE(simple.errors.empty()) << simple.errors[0].what();
  ASSERT_EQ(simple.records.size(), 1u);
  EXPECT_EQ(simple.records[0].article.id, "http://ninjs.example.com/newsitems/20130709simp123");
  EXPECT_EQ(simple.records[0].article.title, "Captain of wrecked cruise ship on trial in Italy");
  EXPECT_EQ(extra(simple.records[0].article, "countries"), "");
}

}  // namespace
}  // namespace dateline::ingest
