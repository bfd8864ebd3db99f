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
      {"", ""},           {"   ", ""},        {"abc", "abc"},
      {"  abc", "abc"},   {"abc \t\n", "abc"}, {"\r\n a b \f\v", "a b"},
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
      {"", {""}},
      {"a", {"a"}},
      {"a,b,c", {"a", "b", "c"}},
      {",a,,b,", {"", "a", "", "b", ""}},
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

}  // namespace
}  // namespace dateline::util
