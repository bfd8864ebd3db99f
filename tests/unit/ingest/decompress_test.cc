#include "ingest/decompress.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/compressed/";

class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e); }
  std::vector<InputError> errors;
};

struct Result {
  std::vector<Record> records;
  std::vector<InputError> errors;
};

Result read_file(const std::string& path) {
  Result r;
  CollectSink sink;
  (void)read_path(path, Format::kAuto, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  return r;
}

bool have_tool(const std::string& tool) {
  return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string jsonl(int from, int to) {
  std::string s;
  for (int i = from; i < to; ++i) {
    s += R"({"id": "a)" + std::to_string(i) + R"(", "title": "Article )" + std::to_string(i) +
         R"(", "body": "Body text of article )" + std::to_string(i) + R"( with some words to compress."})" +
         "\n";
  }
  return s;
}

// A scratch directory per test, removed afterwards.
class DecompressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("dateline-decompress-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // Runs `tool` on a file holding text; returns the compressed file's path.
  std::string compress(const std::string& tool, const std::string& name, const std::string& text,
                       const std::string& suffix) {
    std::string plain = write(name, text);
    std::string out = plain + suffix;
    std::string cmd = tool + " -c '" + plain + "' > '" + out + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    fs::remove(plain);
    return out;
  }

  fs::path dir_;
};

TEST(CompressionOfTest, MagicBytesAndSuffixes) {
  EXPECT_EQ(compression_of("\x1f\x8b\x08"), "gzip");
  EXPECT_EQ(compression_of("BZh91AY"), "bzip2");
  EXPECT_EQ(compression_of(std::string("\xFD\x37zXZ\0", 6)), "xz");
  EXPECT_EQ(compression_of("\x28\xB5\x2F\xFD"), "zstd");
  EXPECT_EQ(compression_of("{\"title\""), "");
  EXPECT_EQ(without_compression_suffix("feed.rss.gz"), "feed.rss");
  EXPECT_EQ(without_compression_suffix("a.jsonl.ZST"), "a.jsonl");
  EXPECT_EQ(without_compression_suffix("a.txt"), "a.txt");
}

TEST_F(DecompressTest, GzipOfSeveralMembersReadWhole) {
  if (!have_tool("gzip")) GTEST_SKIP() << "gzip is not installed";
  std::string a = compress("gzip", "a.jsonl", jsonl(0, 50), ".gz");
  std::string b = compress("gzip", "b.jsonl", jsonl(50, 120), ".gz");
  std::string c = compress("gzip", "c.jsonl", jsonl(120, 121), ".gz");
  std::ifstream ia(a, std::ios::binary), ib(b, std::ios::binary), ic(c, std::ios::binary);
  std::ostringstream joined;
  joined << ia.rdbuf() << ib.rdbuf() << ic.rdbuf();
  Result r = read_file(write("all.jsonl.gz", joined.str()));
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 121u) << "every member, not only the first";
  EXPECT_EQ(r.records[50].article.id, "a50");
  EXPECT_EQ(r.records[50].line, 51u) << "line numbers run on across members";
  EXPECT_EQ(r.records[120].article.id, "a120");
}

TEST_F(DecompressTest, Bzip2XzZstdJsonl) {
  int tried = 0;
  for (const auto& [tool, suffix] : std::vector<std::pair<std::string, std::string>>{
           {"bzip2", ".bz2"}, {"xz", ".xz"}, {"zstd -q", ".zst"}}) {
    if (!have_tool(tool.substr(0, tool.find(' ')))) continue;
    ++tried;
    Result r = read_file(compress(tool, "x.jsonl", jsonl(0, 30), suffix));
    ASSERT_TRUE(r.errors.empty()) << tool << ": " << r.errors[0].what();
    ASSERT_EQ(r.records.size(), 30u) << tool;
    EXPECT_EQ(r.records[29].article.title, "Article 29") << tool;
  }
  if (tried == 0) GTEST_SKIP() << "none of bzip2, xz, zstd is installed";
}

TEST_F(DecompressTest, TextArticleCompressedWithoutSuffix) {
  if (!have_tool("xz")) GTEST_SKIP() << "xz is not installed";
  // The magic bytes, not the name, say it is compressed.
  std::string xz =
      compress("xz", "story.txt", "Headline of the story\n\nA standfirst.\n\nThe body.\n", ".xz");
  std::string path = (dir_ / "story").string();
  fs::rename(xz, path);
  Result r = read_file(path);
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.title, "Headline of the story");
}

TEST_F(DecompressTest, RssCompressedIsSniffedAsAFeed) {
  if (!have_tool("zstd")) GTEST_SKIP() << "zstd is not installed";
  std::string rss =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>"
      "<item><title>Dam opens</title><description>The dam opened.</description></item>"
      "</channel></rss>\n";
  Result r = read_file(compress("zstd -q", "wire.rss", rss, ".zst"));
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].what();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.title, "Dam opens");
}

TEST_F(DecompressTest, GzipCutShortKeepsTheArticlesBefore) {
  if (!have_tool("gzip")) GTEST_SKIP() << "gzip is not installed";
  // Incompressible enough that the cut falls well inside the data.
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    text += R"({"id": "c)" + std::to_string(i) + R"(", "title": "T)" + std::to_string(i * 7919 % 10007) +
            R"(", "body": "B)" + std::to_string(i * 104729 % 1000003) + R"("})" + "\n";
  }
  std::string gz = compress("gzip", "cut.jsonl", text, ".gz");
  std::uintmax_t size = fs::file_size(gz);
  fs::resize_file(gz, size / 2);
  Result r = read_file(gz);
  EXPECT_GT(r.records.size(), 100u);
  EXPECT_LT(r.records.size(), 2000u);
  ASSERT_FALSE(r.errors.empty());
  const InputError& e = r.errors.back();
  EXPECT_EQ(e.path(), gz);
  EXPECT_EQ(e.unit(), LocationUnit::kOffset);
  EXPECT_GT(e.line(), 0u);
  EXPECT_LE(e.line(), size / 2) << "an offset into the compressed file";
  EXPECT_NE(e.message().find("cut short"), std::string::npos) << e.what();
  // The articles kept are the first ones, in order.
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    ASSERT_EQ(r.records[i].article.id, "c" + std::to_string(i));
  }
}

TEST(DecompressFixtureTest, CommittedFixtures) {
  // Small files made once with the command-line tools (see README in the
  // fixture directory), so the formats are tested without the tools.
  struct Case {
    const char* name;
    std::size_t records;
  };
  for (const Case& c : {Case{"two-members.jsonl.gz", 3}, Case{"article.txt.bz2", 1},
                        Case{"articles.jsonl.xz", 3}, Case{"articles.jsonl.zst", 3}}) {
    Result r = read_file(kFixtures + c.name);
    ASSERT_TRUE(r.errors.empty()) << c.name << ": " << r.errors[0].what();
    EXPECT_EQ(r.records.size(), c.records) << c.name;
  }
}

TEST(DecompressorTest, StreamsAndReportsCorruptData) {
  std::istringstream garbage(std::string("\x1f\x8b\x08\x00garbage-not-deflate-data-at-all", 36));
  Decompressor d(garbage);
  std::string out((std::istreambuf_iterator<char>(d.stream())), std::istreambuf_iterator<char>());
  std::optional<InputError> e = d.error("g.gz");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->unit(), LocationUnit::kOffset);
  EXPECT_EQ(e->path(), "g.gz");
}

}  // namespace
}  // namespace dateline::ingest
