#include "ingest/warc_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/date.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

const std::string kDir = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/warc/";
const std::string kSamples = std::string(DATELINE_SOURCE_DIR) + "/../shared/data/formats/warc/";

class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e); }
  void warn(const InputError& e) override { warnings.push_back(e); }
  std::vector<InputError> errors;
  std::vector<InputError> warnings;
};

struct Result {
  std::vector<Record> records;
  std::vector<InputError> errors;
  std::vector<InputError> warnings;
};

Result read_file(const std::string& path, Format format = Format::kAuto) {
  Result r;
  CollectSink sink;
  (void)read_path(path, format, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  r.warnings = sink.warnings;
  return r;
}

Result read_string(const std::string& bytes) {
  Result r;
  CollectSink sink;
  std::istringstream in(bytes);
  read_warc(in, "mem.warc", sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  r.warnings = sink.warnings;
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> titles(const Result& r) {
  std::vector<std::string> t;
  for (const Record& rec : r.records) t.push_back(rec.article.title);
  return t;
}

void expect_mixed(const Result& r, const std::string& path) {
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  EXPECT_EQ(titles(r), (std::vector<std::string>{"Harbour reopens after storm", "Council approves budget",
                                                 "Café owners protest"}));
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].unit, LocationUnit::kOffset);
  EXPECT_EQ(r.records[0].path, path);
  EXPECT_EQ(r.records[0].line, 510u) << "the record's offset in the (decompressed) stream";
  EXPECT_EQ(r.records[1].line, 1339u);
  EXPECT_EQ(r.records[2].line, 1922u);
  EXPECT_EQ(r.records[0].article.url, "https://news.example.com/a.html");
  EXPECT_EQ(r.records[1].article.url, "http://news.example.com/b.html");
  EXPECT_EQ(r.records[0].article.published, article::parse_date("2024-03-05T10:20:30Z")) << "WARC-Date";
  EXPECT_NE(r.records[0].article.body.find("The harbour at Northport reopened on Tuesday."),
            std::string::npos);
  EXPECT_NE(r.records[1].article.body.find("approved the budget by nine votes to two"), std::string::npos)
      << "chunks joined";
  EXPECT_NE(r.records[2].article.body.find("Café owners in the old town"), std::string::npos)
      << "gzip Content-Encoding undone, ISO-8859-1 from the HTTP Content-Type";
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(std::string(r.warnings[0].what()),
            path +
                ": skipped 7 records holding no HTML page: 1 warcinfo, 1 request, 1 non-HTML response, "
                "1 non-200 response, 1 non-HTTP response, 1 metadata, 1 revisit");
}

TEST(WarcReaderTest, HtmlResponsesBecomeArticlesOtherRecordsCounted) {
  expect_mixed(read_file(kDir + "mixed.warc"), kDir + "mixed.warc");
}

TEST(WarcReaderTest, GzipMemberPerRecord) {
  expect_mixed(read_file(kDir + "mixed.warc.gz"), kDir + "mixed.warc.gz");
}

TEST(WarcReaderTest, DeflateBodiesZlibOrRaw) {
  Result r = read_file(kDir + "deflate.warc");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  EXPECT_EQ(titles(r), (std::vector<std::string>{"Ferry timetable changes", "Airport runway resurfaced"}));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].message(),
            "skipped 1 record holding no HTML page: 1 response in Content-Encoding br");
}

TEST(WarcReaderTest, WrongContentLengthReportedAndResynchronised) {
  Result r = read_file(kDir + "bad-length.warc");
  EXPECT_EQ(titles(r), (std::vector<std::string>{"Harbour reopens after storm", "Rail strike called off",
                                                 "Library extends hours"}));
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].unit(), LocationUnit::kOffset);
  EXPECT_EQ(r.errors[0].line(), 525u) << "too short";
  EXPECT_EQ(r.errors[1].line(), 1471u) << "too long";
  EXPECT_EQ(r.errors[0].field(), "Content-Length");
  EXPECT_EQ(std::string(r.errors[1].what()),
            kDir +
                "bad-length.warc:offset 1471: Content-Length 245 does not end the record (no 'WARC/' header "
                "after the block); skipped to the next record");
  if (!r.records.empty()) {
    EXPECT_EQ(r.records.back().line, 1920u);
  }
}

TEST(WarcReaderTest, CutShortKeepsTheRecordsBefore) {
  Result r = read_file(kDir + "cut-short.warc");
  EXPECT_EQ(titles(r), (std::vector<std::string>{"Harbour reopens after storm"}));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line(), 525u);
  EXPECT_EQ(r.errors[0].message().rfind("file cut short", 0), 0u) << r.errors[0].what();
}

TEST(WarcReaderTest, CutShortInHeaderAndGarbage) {
  std::string a = slurp(kDir + "mixed.warc");
  Result header_cut = read_string(a.substr(0, 240));
  ASSERT_EQ(header_cut.errors.size(), 1u);
  EXPECT_EQ(header_cut.errors[0].line(), 225u);
  EXPECT_EQ(header_cut.errors[0].message(), "file cut short inside a WARC record header");

  // Garbage before the first record and between two: one report each.
  Result garbage =
      read_string("junk\nmore junk\n" + a.substr(510, 1035 - 510) + "noise\r\n" + a.substr(1035));
  EXPECT_EQ(garbage.records.size(), 3u);
  ASSERT_EQ(garbage.errors.size(), 2u);
  EXPECT_EQ(garbage.errors[0].line(), 0u);
  EXPECT_EQ(garbage.errors[1].line(), 15u + (1035 - 510));
  EXPECT_EQ(garbage.errors[1].message(),
            "expected a WARC record header ('WARC/1.1'); skipped to the next record");
}

TEST(WarcReaderTest, NotWarcAtAll) {
  Result empty = read_string("");
  EXPECT_TRUE(empty.records.empty());
  EXPECT_TRUE(empty.errors.empty());
  Result arc = read_string("filedesc://x.arc 0.0.0.0 20240101000000 text/plain 70\n1 0 test\n");
  ASSERT_EQ(arc.errors.size(), 1u);
  EXPECT_NE(arc.errors[0].message().find("ARC file"), std::string::npos);
  Result no_length = read_string("WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\n");
  ASSERT_EQ(no_length.errors.size(), 1u);
  EXPECT_EQ(no_length.errors[0].field(), "Content-Length");
  Result huge =
      read_string("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999999999\r\n\r\n");
  ASSERT_EQ(huge.errors.size(), 1u);
}

TEST(WarcReaderTest, OversizedLengthNeverAllocated) {
  // A Content-Length of 10 GB in a file of 100 bytes: cut short, reported,
  // nothing allocated for the block.
  Result r = read_string(
      "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x/\r\nContent-Length: "
      "10000000000\r\n\r\nHTTP/1.1");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message().rfind("file cut short", 0), 0u);
}

// The sample WARCs (../shared/data/formats/warc): pages of example.com,
// iana.org and archiveteam.org, not news.
TEST(WarcReaderTest, Samples) {
  if (!std::filesystem::exists(kSamples)) GTEST_SKIP() << kSamples << " is absent (the shared sample data)";
  Result example = read_file(kSamples + "example.warc.gz");
  EXPECT_TRUE(example.errors.empty()) << example.errors[0].what();
  ASSERT_EQ(example.records.size(), 1u);
  EXPECT_EQ(example.records[0].article.url, "http://example.com/");
  EXPECT_EQ(example.records[0].article.title, "Example Domain");

  Result iana = read_file(kSamples + "example-iana.org-chunked.warc");
  EXPECT_TRUE(iana.errors.empty()) << iana.errors[0].what();
  ASSERT_EQ(iana.records.size(), 1u);
  // The page's own <link rel="canonical"> wins over the record's target
  // URI (http://www.iana.org/), which is only the fallback.
  EXPECT_EQ(iana.records[0].article.url, "http://iana.org/");
  EXPECT_EQ(iana.records[0].article.title, "Internet Assigned Numbers Authority");

  Result at = read_file(kSamples + "archiveteam-at.warc.gz");
  EXPECT_TRUE(at.errors.empty()) << at.errors[0].what();
  ASSERT_EQ(at.records.size(), 1u);
  EXPECT_EQ(at.records[0].article.url, "http://www.archiveteam.org/index.php?title=Main_Page");
  EXPECT_EQ(at.records[0].article.title, "Archiveteam");
  ASSERT_EQ(example.warnings.size(), 1u);
  EXPECT_EQ(example.warnings[0].message(),
            "skipped 5 records holding no HTML page: 2 warcinfo, 2 request, 1 revisit");
  ASSERT_EQ(iana.warnings.size(), 1u);
  EXPECT_EQ(iana.warnings[0].message(), "skipped 2 records holding no HTML page: 1 warcinfo, 1 request");
  ASSERT_EQ(at.warnings.size(), 1u);
  EXPECT_EQ(at.warnings[0].message(),
            "skipped 7 records holding no HTML page: 1 warcinfo, 2 request, 1 non-200 response, 3 resource");
  EXPECT_NE(
      example.records[0].article.body.find("This domain is established to be used for illustrative examples"),
      std::string::npos);
}

}  // namespace
}  // namespace dateline::ingest
