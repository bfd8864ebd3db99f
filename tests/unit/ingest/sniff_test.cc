#include "ingest/sniff.h"

#include <gtest/gtest.h>

#include <string>

namespace dateline::ingest {
namespace {

Format format_of(const std::string& head, const std::string& name = "file") {
  return sniff(head, name).format;
}

TEST(SniffTest, XmlRootElementDecidesTheFormat) {
  EXPECT_EQ(format_of("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>"), Format::kFeed);
  EXPECT_EQ(format_of("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::kFeed);
  EXPECT_EQ(format_of("<rdf:RDF xmlns=\"http://purl.org/rss/1.0/\">"), Format::kFeed);
  EXPECT_EQ(format_of("<?xml version=\"1.0\"?><!-- a comment --><newsMessage xmlns=\"x\">"), Format::kNewsml);
  EXPECT_EQ(format_of("<newsItem guid=\"1\">"), Format::kNewsml);
  EXPECT_EQ(format_of("<NewsML Version=\"1.2\">"), Format::kNewsml);
  EXPECT_EQ(format_of("<!DOCTYPE nitf SYSTEM \"nitf.dtd\">\n<nitf>"), Format::kNitf);
  EXPECT_EQ(format_of("<!DOCTYPE nitf [ <!ENTITY x \"y\"> ]>\n<nitf>"), Format::kNitf);
}

TEST(SniffTest, HtmlByDoctypeOrTag) {
  EXPECT_EQ(format_of("<!DOCTYPE html>\n<html>"), Format::kHtml);
  EXPECT_EQ(format_of("<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">"), Format::kHtml);
  EXPECT_EQ(format_of("\xEF\xBB\xBF  <html lang=\"en\">"), Format::kHtml);
  EXPECT_EQ(format_of("<meta charset=\"utf-8\"><title>x</title>"), Format::kHtml);
}

TEST(SniffTest, UnknownXmlIsNamedNotRead) {
  Sniffed s = sniff("<?xml version=\"1.0\"?><kml><Placemark/></kml>", "places.xml");
  EXPECT_EQ(s.format, Format::kAuto);
  EXPECT_EQ(s.type, "XML (root element <kml>)");
}

TEST(SniffTest, JsonLinesAgainstJsonDocuments) {
  EXPECT_EQ(format_of("{\"id\":1,\"title\":\"a\"}\n{\"id\":2}\n"), Format::kJsonl);
  EXPECT_EQ(format_of("{\n  \"title\": \"a\"\n}\n"), Format::kJson);
  EXPECT_EQ(format_of("[{\"title\":\"a\"}]"), Format::kJson);
  // One line seen: the name decides.
  EXPECT_EQ(format_of("{\"title\":\"a\"}", "one.json"), Format::kJson);
  EXPECT_EQ(format_of("{\"title\":\"a\"}", "one.jsonl"), Format::kJsonl);
}

TEST(SniffTest, WarcAndBinarySignatures) {
  EXPECT_EQ(format_of("WARC/1.0\r\nWARC-Type: warcinfo\r\n"), Format::kWarc);
  EXPECT_EQ(format_of(std::string("WARC/1.1\r\n\0\0", 12)), Format::kWarc);  // payloads may be binary
  EXPECT_EQ(sniff("%PDF-1.7\n", "a.pdf").type, "PDF document");
  EXPECT_EQ(sniff("\x89PNG\r\n\x1a\n", "a.png").type, "PNG image");
  EXPECT_EQ(sniff(std::string("abc\0def", 7), "a.dat").type, "binary file");
  EXPECT_EQ(sniff("filedesc://x.arc 0.0.0.0", "a.arc").type, "ARC web archive (only WARC is read)");
  EXPECT_EQ(sniff(" \n\t", "a.txt").type, "empty file");
}

TEST(SniffTest, PlainTextOnlyUnderATextName) {
  EXPECT_EQ(format_of("Headline\n\nBody.", "story.txt"), Format::kText);
  EXPECT_EQ(format_of("Headline\n\nBody.", "STORY"), Format::kText);
  Sniffed md = sniff("# Notes\n", "notes.md");
  EXPECT_EQ(md.format, Format::kAuto);
  EXPECT_EQ(md.type, "text file (.md)");
}

TEST(SniffTest, ExtensionsClaimFormats) {
  EXPECT_EQ(format_for_extension("dir/a.JSONL"), Format::kJsonl);
  EXPECT_EQ(format_for_extension("feed.atom"), Format::kFeed);
  EXPECT_EQ(format_for_extension("crawl.warc"), Format::kWarc);
  EXPECT_EQ(format_for_extension("page.htm"), Format::kHtml);
  EXPECT_EQ(format_for_extension("photo.jpg"), Format::kAuto);
  EXPECT_EQ(format_for_extension(".hidden"), Format::kAuto);
}

}  // namespace
}  // namespace dateline::ingest
