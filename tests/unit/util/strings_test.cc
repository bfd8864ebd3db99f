#include "util/strings.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dateline::util {
namespace {

TEST(StringsTest, Trim) {
  struct Case {
    std::string in;
    std::string want;
  } cases[] = {
      {"", ""},
      {"   ", ""},
      {"abc", "abc"},
      {"  abc", "abc"},
      {"abc \t\n", "abc"},
      {"\r\n a b \f\v", "a b"},
      {"\xC2\xA0x", "\xC2\xA0x"},  // NBSP is not ASCII white space
  };
  for (const Case& c : cases) {
    EXPECT_EQ(trim(c.in), c.want) << '"' << c.in << '"';
  }
}

TEST(StringsTest, SplitKeepsEmptyPieces) {
  struct Case {
    std::string in;
    std::vector<std::string> want;
  } cases[] = {
      {"", {""}},      {"a", {"a"}}, {"a,b,c", {"a", "b", "c"}}, {",a,,b,", {"", "a", "", "b", ""}},
      {",", {"", ""}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(split(c.in, ','), c.want) << '"' << c.in << '"';
  }
}

TEST(StringsTest, AsciiLowerLeavesNonAsciiAlone) {
  EXPECT_EQ(ascii_lower("HeLLo 123"), "hello 123");
  EXPECT_EQ(ascii_lower("\xC3\x84RZTE"), "\xC3\x84rzte");
  EXPECT_TRUE(starts_with_icase("Date: x", "DATE:"));
  EXPECT_FALSE(starts_with_icase("Da", "date"));
}

TEST(StringsTest, ValidUtf8) {
  struct Case {
    std::string in;
    bool valid;
    const char* what;
  } cases[] = {
      {"", true, "empty"},
      {"plain ascii", true, "ascii"},
      {"S\xC3\xA3o Paulo", true, "2-byte"},
      {"\xE7\xBE\x8E\xE5\x9B\xBD", true, "3-byte CJK"},
      {"\xF0\x9F\x98\x80", true, "4-byte emoji"},
      {"\xF4\x8F\xBF\xBF", true, "U+10FFFF"},
      {std::string("a\0b", 3), true, "NUL is valid"},
      {"\xC0\xAF", false, "overlong 2-byte '/'"},
      {"\xC1\xBF", false, "overlong 2-byte"},
      {"\xE0\x80\xAF", false, "overlong 3-byte"},
      {"\xF0\x80\x80\xAF", false, "overlong 4-byte"},
      {"\xED\xA0\x80", false, "surrogate D800"},
      {"\xED\xBF\xBF", false, "surrogate DFFF"},
      {"\xF4\x90\x80\x80", false, "above U+10FFFF"},
      {"\xF8\x88\x80\x80\x80", false, "5-byte form"},
      {"\xFF", false, "0xFF"},
      {"\x80", false, "lone continuation"},
      {"S\xE3o", false, "Latin-1 byte"},
      {"\xC3", false, "truncated 2-byte"},
      {"\xE7\xBE", false, "truncated 3-byte"},
      {"\xF0\x9F\x98", false, "truncated 4-byte"},
      {"\xE7\xBEx", false, "bad continuation"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(valid_utf8(c.in), c.valid) << c.what;
  }
}

TEST(StringsTest, Fnv1a64IsStable) {
  // Published FNV-1a 64-bit test vectors: ids derived from it are stored in
  // indexes, so it must never change.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_NE(fnv1a64("ab"), fnv1a64("ba"));
}

TEST(StringsTest, Hex64) {
  EXPECT_EQ(hex64(0), "0000000000000000");
  EXPECT_EQ(hex64(0xcbf29ce484222325ULL), "cbf29ce484222325");
  EXPECT_EQ(hex64(255), "00000000000000ff");
}

TEST(StringsTest, Utf8PrefixLength) {
  struct Case {
    std::string in;
    std::size_t max;
    std::size_t want;
  } cases[] = {
      {"", 5, 0},
      {"abc", 5, 3},
      {"abc", 2, 2},
      {"a\xC3\xA9", 2, 1},
      {"a\xC3\xA9", 3, 3},
      {"\xE2\x80\x94x", 1, 0},
      {"\xE2\x80\x94x", 2, 0},
      {"\xE2\x80\x94x", 3, 3},
      {"\xF0\x9F\x98\x80", 3, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(utf8_prefix_length(c.in, c.max), c.want) << '"' << c.in << "\" " << c.max;
  }
}

// Issue 13: a title holding "\x1b]0;pwned\x07\x1b[2J" retitled and cleared
// the terminal of whoever searched.
TEST(StringsTest, PrintableReplacesControlCharacters) {
  const std::string r = "\uFFFD";
  struct Case {
    std::string in;
    LineBreaks lb;
    std::string want;
  } cases[] = {
      {"plain text", LineBreaks::kFlatten, "plain text"},
      {"S\xC3\xA3o Paulo \xE4\xBC\x8A\xE6\x9C\x97 \xF0\x9F\x98\x80", LineBreaks::kFlatten,
       "S\xC3\xA3o Paulo \xE4\xBC\x8A\xE6\x9C\x97 \xF0\x9F\x98\x80"},
      {"t\x1b]0;pwned\x07\x1b[2J", LineBreaks::kFlatten, "t" + r + "]0;pwned" + r + r + "[2J"},
      {"a\nb\tc\rd", LineBreaks::kFlatten, "a b c d"},
      {"a\nb\tc\r\nd", LineBreaks::kKeep, "a\nb\tc\nd"},
      {"a\rb", LineBreaks::kKeep, "a" + r + "b"},
      {std::string("nul\0x", 5), LineBreaks::kKeep, "nul" + r + "x"},
      {"del\x7f", LineBreaks::kFlatten, "del" + r},
      {"c1 \xC2\x9B"
       "31m \xC2\x85",
       LineBreaks::kFlatten, "c1 " + r + "31m " + r},
      {"nbsp\xC2\xA0ok", LineBreaks::kFlatten, "nbsp\xC2\xA0ok"},
      {"bad \x9B\xFF\xC3", LineBreaks::kFlatten, "bad " + r + r + r},
      {"overlong \xC0\x9B", LineBreaks::kFlatten, "overlong " + r + r},
  };
  for (const Case& c : cases) {
    std::string got = printable(c.in, c.lb);
    EXPECT_EQ(got, c.want) << '"' << c.in << '"';
    EXPECT_EQ(got.find('\x1b'), std::string::npos) << '"' << c.in << '"';
    EXPECT_TRUE(valid_utf8(got)) << '"' << c.in << '"';
  }
}

}  // namespace
}  // namespace dateline::util
