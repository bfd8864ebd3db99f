#include "ingest/encoding.h"

#include <gtest/gtest.h>

namespace dateline::ingest {
namespace {

TEST(EncodingTest, DeclaredCharsetsFound) {
  EXPECT_EQ(xml_declared_charset("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>"), "ISO-8859-1");
  EXPECT_EQ(xml_declared_charset("\xEF\xBB\xBF<?xml version='1.0' encoding='utf-8' ?>"), "utf-8");
  EXPECT_EQ(xml_declared_charset("<?xml version=\"1.0\"?><a/>"), "");
  EXPECT_EQ(xml_declared_charset("<a encoding=\"x\"/>"), "");
  EXPECT_EQ(charset_from_content_type("text/html; charset=windows-1252"), "windows-1252");
  EXPECT_EQ(charset_from_content_type("text/html;charset=\"UTF-8\""), "UTF-8");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
  EXPECT_EQ(charset_from_bom("\xFF\xFEh\0"), "UTF-16LE");
  EXPECT_TRUE(known_charset("Shift_JIS"));
  EXPECT_FALSE(known_charset("no-such-charset"));
}

TEST(EncodingTest, DeclaredLatin1IsConverted) {
  Utf8Text t = to_utf8(
      "S\xE3o Paulo \x96 not\xED"
      "cias",
      "ISO-8859-1");
  // Latin-1 is read as windows-1252, so 0x96 is an en dash, as browsers do.
  EXPECT_EQ(t.text, "São Paulo – notícias");
  EXPECT_FALSE(t.detected);
  EXPECT_EQ(t.replaced, 0u);
}

TEST(EncodingTest, ValidUtf8StaysAsIs) {
  Utf8Text t = to_utf8("\xEF\xBB\xBFZ\xC3\xBCrich");
  EXPECT_EQ(t.text, "Zürich");
  EXPECT_EQ(t.charset, "UTF-8");
}

TEST(EncodingTest, UndeclaredNonUtf8IsDetected) {
  std::string latin1 =
      "Not\xEDcias do Brasil: o governo anunciou hoje que a popula\xE7\xE3o das cidades do interior "
      "ter\xE1 acesso a mais servi\xE7os de sa\xFA"
      "de p\xFA"
      "blica a partir do pr\xF3ximo m\xEAs.";
  Utf8Text t = to_utf8(latin1);
  EXPECT_TRUE(t.detected);
  EXPECT_NE(t.text.find("população"), std::string::npos) << t.charset << ": " << t.text;
  EXPECT_NE(t.text.find("próximo mês"), std::string::npos);
}

TEST(EncodingTest, InvalidBytesInDeclaredUtf8AreReplacedAndCounted) {
  Utf8Text t = to_utf8("caf\xC3\xA9 \xFF and \xE2\x82 end", "utf-8");
  EXPECT_EQ(t.text, "café \xEF\xBF\xBD and \xEF\xBF\xBD end");
  EXPECT_EQ(t.replaced, 2u);
}

TEST(EncodingTest, UnknownDeclarationFallsBackToTheBytes) {
  Utf8Text t = to_utf8("plain \xC3\xA9", "x-made-up");
  EXPECT_EQ(t.text, "plain é");
}

}  // namespace
}  // namespace dateline::ingest
