#include "ingest/reader.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/date.h"
#include "ingest/jsonl_fields.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

const std::string kDir = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/";

// Records every reported error.
class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e); }
  void skipped_file(const std::string& path, const std::string& type) override {
    skipped.push_back(path.substr(path.rfind('/') + 1) + ": " + type);
  }
  std::vector<InputError> errors;
  std::vector<std::string> skipped;
};

struct Result {
  std::vector<Record> records;
  std::vector<InputError> errors;
  std::vector<std::string> skipped;
  std::size_t files = 0;
};

Result read(const std::string& path, Format format = Format::kAuto) {
  Result r;
  CollectSink sink;
  r.files = read_path(path, format, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  r.skipped = sink.skipped;
  return r;
}

Result read_jsonl_text(const std::string& text, const std::string& path = "mem.jsonl") {
  Result r;
  CollectSink sink;
  std::istringstream in(text);
  read_jsonl(in, path, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  return r;
}

Result read_text_text(const std::string& text, const std::string& path = "mem.txt") {
  Result r;
  CollectSink sink;
  std::istringstream in(text);
  read_text(in, path, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  return r;
}

TEST(ReaderTest, TextWithHeader) {
  Result r = read(kDir + "good-header.txt");
  EXPECT_EQ(r.files, 1u);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  const Record& rec = r.records[0];
  EXPECT_EQ(rec.path, kDir + "good-header.txt");
  EXPECT_EQ(rec.line, 8u) << "the headline's line";
  const article::Article& a = rec.article;
  EXPECT_EQ(a.id, "txt-1");
  EXPECT_EQ(a.published, 1770370200);
  EXPECT_EQ(a.source, "Dateline Wire");
  EXPECT_EQ(a.url, "https://example.com/txt-1");
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Jane Doe", "Ali Reza"}));
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.title, "Iran and US hold talks in Oman");
  EXPECT_EQ(a.standfirst, "Indirect talks in Muscat.");
  EXPECT_EQ(a.body, "First paragraph of the body.\n\nSecond paragraph.");
}

TEST(ReaderTest, TextWithoutHeader) {
  Result r = read(kDir + "no-header.txt");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_TRUE(a.id.empty());
  EXPECT_FALSE(a.published.has_value());
  EXPECT_EQ(a.title, "Oman hosts indirect talks");
  EXPECT_EQ(a.standfirst, "A standfirst line.");
  EXPECT_EQ(a.body, "The body starts here\n\nand goes on.\n\nA second paragraph.");
}

TEST(ReaderTest, TextCrlfAndBom) {
  Result r =
      read_text_text("\xEF\xBB\xBFID: crlf\r\nDate: 2026-02-06\r\n\r\nHeadline\r\nStandfirst\r\nBody\r\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.id, "crlf");
  EXPECT_EQ(r.records[0].article.title, "Headline");
  EXPECT_EQ(r.records[0].article.body, "Body");
}

TEST(ReaderTest, BadTextFilesAreReported) {
  struct Case {
    const char* file;
    std::size_t line;
    const char* message_part;
    const char* field;
  } cases[] = {
      {"bad-date.txt", 2, "'Date' is not an ISO 8601 or RFC 2822 date: \"2026-02-30\"", "date"},
      {"bad-header.txt", 2, "header line is not 'Key: value'", ""},
      {"empty.txt", 0, "empty file", ""},
      {"binary.bin", 0, "binary file", ""},
  };
  for (const Case& c : cases) {
    std::string path = kDir + c.file;
    Result r = read(path);
    EXPECT_TRUE(r.records.empty()) << c.file;
    ASSERT_EQ(r.errors.size(), 1u) << c.file;
    const InputError& e = r.errors[0];
    EXPECT_EQ(e.path(), path) << c.file;
    EXPECT_EQ(e.line(), c.line) << c.file;
    EXPECT_EQ(e.field(), c.field) << c.file;
    EXPECT_NE(e.message().find(c.message_part), std::string::npos) << c.file << ": " << e.what();
    std::string prefix = c.line ? path + ":" + std::to_string(c.line) + ": " : path + ": ";
    EXPECT_EQ(std::string(e.what()), prefix + e.message()) << c.file;
  }
}

TEST(ReaderTest, TextWithOnlyHeaderHasNoTitleOrBody) {
  Result r = read_text_text("ID: x\nSource: s\n\n\n");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message().find("neither title nor body"), std::string::npos) << r.errors[0].what();
}

TEST(ReaderTest, GoodJsonl) {
  Result r = read(kDir + "good.jsonl");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[1].line, 2u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.id, "j-1");
  EXPECT_EQ(a.title, "Iran and US hold talks in Oman");
  EXPECT_EQ(a.body, "Talks in Muscat.");
  EXPECT_EQ(a.published, 1770370200);
  EXPECT_EQ(a.source, "Dateline Wire");
  EXPECT_EQ(a.url, "https://example.com/j-1");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(a.language, "en");
  EXPECT_TRUE(a.extra.empty());
  EXPECT_FALSE(r.records[1].article.published.has_value()) << "null date means undated";
}

TEST(ReaderTest, MixedJsonlCarriesOnAfterBadLines) {
  const std::string path = kDir + "mixed.jsonl";
  Result r = read(path);
  // Good lines: 1, 7, 8, 10.
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[1].line, 7u);
  EXPECT_EQ(r.records[2].line, 8u);
  EXPECT_EQ(r.records[3].line, 10u);
  EXPECT_EQ(r.records[3].article.body, "Content body.");

  const article::Article& alt = r.records[1].article;
  EXPECT_EQ(alt.title, "Alternate keys");
  EXPECT_EQ(alt.body, "Alternate body.");
  EXPECT_EQ(alt.standfirst, "Alt standfirst");
  EXPECT_EQ(alt.published, 1770370200);
  EXPECT_EQ(alt.authors, (std::vector<std::string>{"A. Writer", "B. Writer"}));
  EXPECT_EQ(alt.language, "fr");

  const article::Article& num = r.records[2].article;
  EXPECT_EQ(num.id, "42");
  using Extra = std::vector<std::pair<std::string, std::string>>;
  Extra extra = num.extra;
  std::sort(extra.begin(), extra.end());
  EXPECT_EQ(extra, (Extra{{"category", "\"politics\""}, {"tags", "[\"a\",\"b\"]"}, {"wordcount", "3"}}));

  // One report per bad line, in order, each "path:line: message".
  struct Want {
    std::size_t line;
    const char* message_part;
    const char* field;
  } want[] = {
      {2, "malformed JSON", ""},
      {3, "expected a JSON object, got array", ""},
      {5, "neither title nor body", ""},
      {6, "'date' is not an ISO 8601 or RFC 2822 date: \"2026-02-30\"", "date"},
      {9, "'title' must be a string, not number", "title"},
  };
  ASSERT_EQ(r.errors.size(), std::size(want));
  for (std::size_t i = 0; i < std::size(want); ++i) {
    const InputError& e = r.errors[i];
    EXPECT_EQ(e.path(), path) << i;
    EXPECT_EQ(e.line(), want[i].line) << i;
    EXPECT_EQ(e.field(), want[i].field) << i;
    EXPECT_NE(e.message().find(want[i].message_part), std::string::npos) << i << ": " << e.what();
    EXPECT_EQ(std::string(e.what()), path + ":" + std::to_string(want[i].line) + ": " + e.message()) << i;
  }
}

TEST(ReaderTest, JsonlLineErrors) {
  struct Case {
    std::string text;
    const char* message_part;
    std::size_t line;
  } cases[] = {
      {"\n{\"title\":\"a\\u0000\"}\n", "", 0},  // escaped NUL inside JSON is fine
      {std::string("\n{\"title\":\"a\0\"}\n", 16), "binary file, not JSON Lines", 0},
      {"{\"title\":\"S\xE3o\"}\n", "invalid UTF-8", 1},
      {"{\"title\": \"x\", \"authors\": [1]}", "'authors' must be a string", 1},
      {"{\"title\": \"x\", \"id\": 1.5}", "'id' must be a string", 1},
      {"{\"title\": \"x\", \"date\": \"tomorrow\"}", "'date' is not", 1},
      {"\"just a string\"", "expected a JSON object, got string", 1},
      {"", "empty file", 0},
      {"\n  \n", "empty file", 0},
  };
  for (const Case& c : cases) {
    Result r = read_jsonl_text(c.text);
    if (c.message_part[0] == '\0') {
      EXPECT_TRUE(r.errors.empty()) << c.text;
      continue;
    }
    ASSERT_EQ(r.errors.size(), 1u) << c.text;
    EXPECT_TRUE(r.records.empty()) << c.text;
    EXPECT_EQ(r.errors[0].line(), c.line) << c.text;
    EXPECT_NE(r.errors[0].message().find(c.message_part), std::string::npos)
        << c.text << ": " << r.errors[0].what();
  }
}

TEST(ReaderTest, JsonlCrlfBomAndNumericDate) {
  Result r = read_jsonl_text("\xEF\xBB\xBF{\"title\":\"a\",\"date\":1770370200}\r\n{\"title\":\"b\"}\r\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].article.published, 1770370200);
  EXPECT_EQ(r.records[1].article.title, "b");
}

TEST(ReaderTest, ArticleFromJsonLineThrowsInputErrorWithoutLocation) {
  try {
    (void)article_from_json_line("{\"title\": 1}");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(e.path().empty());
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(e.field(), "title");
  }
}

TEST(ReaderTest, EmptyJsonlFile) {
  Result r = read(kDir + "empty.jsonl");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()), kDir + "empty.jsonl: empty file");
}

TEST(ReaderTest, DirectoryRecursesInNameOrderSkippingHiddenAndNonArticleFiles) {
  Result r = read(kDir + "tree");
  EXPECT_TRUE(r.errors.empty()) << r.errors[0].what();
  // README has no extension and reads as plain text; notes.md is text under
  // a name no article format uses, noted by type and not read.
  EXPECT_EQ(r.files, 5u);
  EXPECT_EQ(r.skipped, (std::vector<std::string>{"notes.md: text file (.md)"}));
  std::vector<std::string> titles;
  std::vector<std::string> paths;
  for (const Record& rec : r.records) {
    titles.push_back(rec.article.title);
    paths.push_back(rec.path.substr(kDir.size()));
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"Orphan", "Tree A1", "Tree A2", "Tree B", "Tree C", "Tree Z"}));
  EXPECT_EQ(paths, (std::vector<std::string>{"tree/README", "tree/a.jsonl", "tree/a.jsonl", "tree/b.txt",
                                             "tree/sub/c.txt", "tree/z.ndjson"}));
}

TEST(ReaderTest, FileNamedDirectlyIsReadWhateverItsExtension) {
  Result r = read(kDir + "tree/README");
  EXPECT_EQ(r.files, 1u);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.title, "Orphan");
  // Sniffed as JSON Lines when it starts with '{'.
  Result md = read(kDir + "tree/a.jsonl", Format::kAuto);
  EXPECT_EQ(md.records.size(), 2u);
}

TEST(ReaderTest, ForcedFormat) {
  // good.jsonl read as plain text is one article whose headline is JSON.
  Result r = read(kDir + "good.jsonl", Format::kText);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.title.substr(0, 1), "{");
}

TEST(ReaderTest, MissingPath) {
  Result r = read(kDir + "does-not-exist.txt");
  EXPECT_EQ(r.files, 0u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()), kDir + "does-not-exist.txt: no such file or directory");
}

TEST(ReaderTest, ThrowingSinkStopsReading) {
  class StrictSink : public ErrorSink {
   public:
    void report(const InputError& e) override {
      ++calls;
      throw e;
    }
    int calls = 0;
  } sink;
  std::vector<Record> records;
  EXPECT_THROW(read_path(kDir + "mixed.jsonl", Format::kAuto, sink,
                         [&](Record&& rec) { records.push_back(std::move(rec)); }),
               InputError);
  EXPECT_EQ(sink.calls, 1);
  EXPECT_EQ(records.size(), 1u) << "only the line before the first bad one";
}

// Issue 13 reproducers: hostile JSON Lines. Each bad line is reported as
// path:line: message and skipped; the good line after it is still read.
struct HostileCase {
  std::string line;
  const char* message;  // expected message, or its start when it ends in '*'
  const char* field;
};

void expect_reported_and_skipped(const HostileCase& c) {
  const std::string good = "{\"id\":\"after\",\"title\":\"Still read\"}";
  Result r = read_jsonl_text(c.line + "\n" + good + "\n");
  const std::string shown = c.line.substr(0, 80);
  ASSERT_EQ(r.errors.size(), 1u) << shown;
  const InputError& e = r.errors[0];
  std::string want = c.message;
  if (!want.empty() && want.back() == '*') {
    want.pop_back();
    EXPECT_EQ(e.message().substr(0, want.size()), want) << shown << ": " << e.what();
  } else {
    EXPECT_EQ(e.message(), want) << shown;
  }
  EXPECT_EQ(e.line(), 1u) << shown;
  EXPECT_EQ(e.field(), c.field) << shown;
  EXPECT_EQ(std::string(e.what()), "mem.jsonl:1: " + e.message()) << shown;
  ASSERT_EQ(r.records.size(), 1u) << shown;
  EXPECT_EQ(r.records[0].article.id, "after") << shown;
  EXPECT_EQ(r.records[0].line, 2u) << shown;
}

TEST(ReaderTest, OverflowingNumbersAreBadLinesNotFatal) {
  HostileCase cases[] = {
      {R"({"id":"b","title":"x","n":1e400})", "malformed JSON: number overflow parsing '1e400'", ""},
      {R"({"id":"b","title":"x","n":-1e400})", "malformed JSON: number overflow*", ""},
      {R"({"id":"b","title":"x","date":1e400})", "malformed JSON: number overflow*", ""},
      {R"({"id":1e999,"title":"x"})", "malformed JSON: number overflow*", ""},
      {R"({"id":"b","title":"x","n":[1,{"m":2e308}]})", "malformed JSON: number overflow*", ""},
  };
  for (const HostileCase& c : cases) expect_reported_and_skipped(c);
}

TEST(ReaderTest, DeepNestingIsRefusedBeforeParsing) {
  auto nested = [](std::size_t depth, char open, char close) {
    std::string v;
    for (std::size_t i = 0; i < depth; ++i) v += open == '{' ? "{\"k\":" : "[";
    v += "1";
    for (std::size_t i = 0; i < depth; ++i) v += close;
    return v;
  };
  const std::string too_deep = "JSON nested deeper than 64 levels";
  HostileCase cases[] = {
      // The reproducer: 100,000 deep in an unknown field crashed dump().
      {R"({"id":"d","title":"x","deep":)" + nested(100000, '[', ']') + "}", too_deep.c_str(), ""},
      {R"({"id":"d","title":"x","deep":)" + nested(100000, '{', '}') + "}", too_deep.c_str(), ""},
      // One level over: the record is level 1.
      {R"({"id":"d","title":"x","deep":)" + nested(64, '[', ']') + "}", too_deep.c_str(), ""},
      // Unbalanced, never closed: refused all the same.
      {R"({"id":"d","title":"x","deep":)" + std::string(200000, '['), too_deep.c_str(), ""},
  };
  for (const HostileCase& c : cases) expect_reported_and_skipped(c);

  // At the limit it is fine, and brackets inside strings do not count.
  Result ok = read_jsonl_text(R"({"id":"d","title":"x","deep":)" + nested(63, '[', ']') + "}\n" +
                              R"({"id":"s","title":"[[[[{{{{\"[[[[)" + std::string(1000, '[') + "\"}\n");
  ASSERT_TRUE(ok.errors.empty()) << ok.errors[0].what();
  ASSERT_EQ(ok.records.size(), 2u);
  ASSERT_EQ(ok.records[0].article.extra.size(), 1u);
  EXPECT_EQ(ok.records[0].article.extra[0].second, nested(63, '[', ']'));
  EXPECT_EQ(ok.records[1].article.title.substr(0, 10), "[[[[{{{{\"[");
}

TEST(ReaderTest, NumericIdsKeepTheirExactDecimalText) {
  struct Case {
    const char* line;
    const char* id;
  } cases[] = {
      {R"({"id":18446744073709551615,"title":"x"})", "18446744073709551615"},
      {R"({"id":9223372036854775808,"title":"x"})", "9223372036854775808"},
      {R"({"id":9223372036854775807,"title":"x"})", "9223372036854775807"},
      {R"({"id":-9223372036854775808,"title":"x"})", "-9223372036854775808"},
      {R"({"id":-1,"title":"x"})", "-1"},
      {R"({"id":42,"title":"x"})", "42"},
  };
  for (const Case& c : cases) {
    Result r = read_jsonl_text(std::string(c.line) + "\n");
    ASSERT_TRUE(r.errors.empty()) << c.line << ": " << r.errors[0].what();
    ASSERT_EQ(r.records.size(), 1u) << c.line;
    EXPECT_EQ(r.records[0].article.id, c.id) << c.line;
  }
  // Numbers that are not whole, or too big for 64 bits (a double, no longer
  // exact), are refused rather than rounded into another article's id.
  HostileCase bad[] = {
      {R"({"id":1.5,"title":"x"})", "'id' must be a string or a whole number, not 1.5", "id"},
      {R"({"id":18446744073709551616,"title":"x"})", "'id' must be a string or a whole number*", "id"},
      {R"({"id":1e3,"title":"x"})", "'id' must be a string or a whole number, not 1000.0", "id"},
  };
  for (const HostileCase& c : bad) expect_reported_and_skipped(c);
}

TEST(ReaderTest, JsonlDatesAreRangeChecked) {
  using article::kMaxSeconds;
  using article::kMinSeconds;
  struct Good {
    std::string line;
    std::int64_t want;
  } good[] = {
      {"{\"title\":\"x\",\"date\":" + std::to_string(kMinSeconds) + "}", kMinSeconds},
      {"{\"title\":\"x\",\"date\":" + std::to_string(kMaxSeconds) + "}", kMaxSeconds},
      {"{\"title\":\"x\",\"published\":0}", 0},
      {"{\"title\":\"x\",\"date\":\"9999-12-31T23:59:59Z\"}", kMaxSeconds},
      {"{\"title\":\"x\",\"date\":\"0001-01-01\"}", kMinSeconds},
  };
  for (const Good& c : good) {
    Result r = read_jsonl_text(c.line + "\n");
    ASSERT_TRUE(r.errors.empty()) << c.line << ": " << r.errors[0].what();
    ASSERT_EQ(r.records.size(), 1u) << c.line;
    EXPECT_EQ(r.records[0].article.published, c.want) << c.line;
  }
  HostileCase bad[] = {
      // The reproducer: wrapped to 1969 as an int64.
      {R"({"title":"x","date":18446744073709551615})",
       "'date' is out of range (years 1 to 9999, UTC): 18446744073709551615 seconds since 1970", "date"},
      {R"({"title":"x","date":9223372036854775807})", "'date' is out of range*", "date"},
      {R"({"title":"x","date":-9223372036854775808})", "'date' is out of range*", "date"},
      {"{\"title\":\"x\",\"date\":" + std::to_string(kMaxSeconds + 1) + "}", "'date' is out of range*",
       "date"},
      {"{\"title\":\"x\",\"published\":" + std::to_string(kMinSeconds - 1) + "}",
       "'published' is out of range*", "published"},
      {R"({"title":"x","date":1.5e9})",
       "'date' must be a date string or whole seconds since 1970, not 1500000000.0", "date"},
      {R"({"title":"x","date":"0001-01-01T00:00:00+01:00"})",
       "'date' is out of range (years 1 to 9999, UTC): \"0001-01-01T00:00:00+01:00\"", "date"},
      {R"({"title":"x","date":"9999-12-31T23:59:60Z"})", "'date' is out of range*", "date"},
      {R"({"title":"x","date":true})", "'date' must be a string, not boolean", "date"},
  };
  for (const HostileCase& c : bad) expect_reported_and_skipped(c);
}

TEST(ReaderTest, TextHeaderDatesAreRangeChecked) {
  Result r = read_text_text("ID: t\nDate: 9999-12-31T23:00:00-05:00\n\nHead\nStand\nBody\n");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()),
            "mem.txt:2: 'Date' is out of range (years 1 to 9999, UTC): "
            "\"9999-12-31T23:00:00-05:00\"");
  EXPECT_EQ(r.errors[0].field(), "date");
  Result edge = read_text_text("Date: 9999-12-31T23:59:59Z\n\nHead\n");
  ASSERT_TRUE(edge.errors.empty()) << edge.errors[0].what();
  EXPECT_EQ(edge.records.at(0).article.published, article::kMaxSeconds);
}

TEST(ReaderTest, BinaryJsonlFileIsOneError) {
  // Like an executable: NUL bytes and many "lines" of junk.
  std::string blob(
      "\x7f"
      "ELF\x02\x01\x01",
      7);
  for (int i = 0; i < 500; ++i) blob += std::string("\0\0junk\x01\n", 8);
  Result r = read_jsonl_text(blob, "ls.jsonl");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()), "ls.jsonl: binary file, not JSON Lines");

  // The same through read_path, from a file named .jsonl.
  const std::string path = ::testing::TempDir() + "reader_test_blob.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    out << blob;
  }
  Result f = read(path);
  std::filesystem::remove(path);
  EXPECT_TRUE(f.records.empty());
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(std::string(f.errors[0].what()), path + ": binary file, not JSON Lines");
}

TEST(ReaderTest, JsonlLinesAcrossTheSniffedHeadAreWhole) {
  // Lines of varied length, one longer than the sniffed 8 KB, so that line
  // ends fall on both sides of the boundary; a NUL after it is reported on
  // its own line and the lines after it are still read.
  std::string text;
  std::vector<std::string> titles;
  for (int i = 0; i < 300; ++i) {
    std::string title = "t" + std::to_string(i) + std::string(i == 5 ? 9000 : i % 37, 'x');
    titles.push_back(title);
    text += "{\"title\":\"" + title + "\"}\n";
  }
  ASSERT_GT(text.size(), 16384u);
  text += std::string("{\"title\":\"nul\0\"}\n", 17);
  text += "{\"title\":\"last\"}";  // no final newline
  titles.push_back("last");
  Result r = read_jsonl_text(text);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line(), 301u);
  EXPECT_EQ(r.errors[0].message(), "binary data (NUL byte), not JSON");
  ASSERT_EQ(r.records.size(), titles.size());
  for (std::size_t i = 0; i < titles.size(); ++i) {
    EXPECT_EQ(r.records[i].article.title, titles[i]) << i;
    EXPECT_EQ(r.records[i].line, i < 300 ? i + 1 : i + 2) << i;
  }
}

TEST(ReaderTest, NulAnywhereInATextFileIsBinary) {
  std::string text = "Headline\nStandfirst\n" + std::string(20000, 'a') + "\n";
  text += std::string("tail\0here\n", 10);
  Result r = read_text_text(text);
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(std::string(r.errors[0].what()), "mem.txt: binary file, not a text article");
}

}  // namespace
}  // namespace dateline::ingest

namespace dateline::ingest {
namespace {

TEST(ReaderTest, TextThatIsNotUtf8IsConvertedWithAWarning) {
  class WarnSink : public ErrorSink {
   public:
    void report(const InputError& e) override { errors.push_back(e.what()); }
    void warn(const InputError& e) override { warnings.push_back(e.what()); }
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
  } sink;
  std::vector<Record> records;
  read_path(kDir + "invalid-utf8.txt", Format::kAuto, sink,
            [&](Record&& r) { records.push_back(std::move(r)); });
  EXPECT_TRUE(sink.errors.empty());
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_NE(sink.warnings[0].find("invalid-utf8.txt:3: not UTF-8; read as "), std::string::npos)
      << sink.warnings[0];
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].article.body, "São Paulo in Latin-1");
}

}  // namespace
}  // namespace dateline::ingest
