// The XML readers (feeds, NewsML, NITF) on small fixtures written for them,
// read through read_path so sniffing is part of what is tested.
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/date.h"
#include "ingest/feed_reader.h"
#include "ingest/newsml_reader.h"
#include "ingest/nitf_reader.h"
#include "ingest/reader.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

const std::string kDir = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/xml/";

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

Result read(const std::string& name, Format format = Format::kAuto) {
  Result r;
  CollectSink sink;
  (void)read_path(kDir + name, format, sink, [&](Record&& rec) { r.records.push_back(std::move(rec)); });
  r.errors = sink.errors;
  r.warnings = sink.warnings;
  return r;
}

std::string iso(const article::Article& a) { return a.published ? article::format_iso(*a.published) : "-"; }

std::string extra(const article::Article& a, const std::string& key) {
  for (const auto& [k, v] : a.extra) {
    if (k == key) return v;
  }
  return {};
}

TEST(FeedReaderTest, Rss2ItemsWithTheirFields) {
  Result r = read("rss2.rss");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_TRUE(r.errors.empty());
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(r.records[0].unit, LocationUnit::kItem);
  EXPECT_EQ(a.title, "Council approves & funds new bridge");
  EXPECT_EQ(a.id, "example-1001");
  EXPECT_EQ(a.url, "https://example.com/bridge");
  EXPECT_EQ(a.source, "Example Times");
  EXPECT_EQ(a.language, "en-us");
  // content:encoded is the body; the description becomes the standfirst.
  EXPECT_EQ(a.body, "The council voted 7-2 on Tuesday to fund the bridge.\n\nWork starts in May.");
  EXPECT_EQ(a.standfirst, "The council voted on Tuesday.");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Ana Silva"});
  EXPECT_EQ(iso(a), "2015-03-10T14:30:00Z");
  EXPECT_EQ(extra(a, "categories"), R"(["Local","Transport"])");

  const article::Article& b = r.records[1].article;
  EXPECT_EQ(b.id, "https://example.com/storm");  // no guid: the link
  EXPECT_EQ(b.body, "Schools closed as the storm arrived.");
  EXPECT_EQ(b.authors, std::vector<std::string>{"Jo Bloggs"});
  EXPECT_EQ(iso(b), "2015-03-11T18:00:00Z");

  const article::Article& c = r.records[2].article;
  EXPECT_EQ(r.records[2].line, 3u);
  EXPECT_EQ(c.id.substr(0, 1), "c");  // neither guid nor link: article::content_id
  EXPECT_EQ(c.id, article::content_id(c));
}

TEST(FeedReaderTest, Rss1Rdf) {
  Result r = read("rss1.rdf");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.errors.empty());
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.id, "https://example.org/a1");
  EXPECT_EQ(a.title, "Erster Artikel");
  EXPECT_EQ(a.source, "Example RDF");
  EXPECT_EQ(a.language, "de");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Max Muster"});
  EXPECT_EQ(iso(a), "2016-02-01T16:22:00Z");
  EXPECT_EQ(iso(r.records[1].article), "2016-02-02T00:00:00Z");
}

TEST(FeedReaderTest, AtomEntries) {
  Result r = read("atom.atom");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.errors.empty());
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.title, "Le budget adopté");
  EXPECT_EQ(a.id, "urn:example:1");
  EXPECT_EQ(a.url, "https://example.fr/budget");
  EXPECT_EQ(a.body, "Le Parlement a adopté le budget mardi.\n\nLe vote était serré.");
  EXPECT_EQ(a.standfirst, "Le Parlement a adopté le budget.");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Claire Dupont"});
  EXPECT_EQ(a.language, "fr");
  EXPECT_EQ(a.source, "Exemple Atom");
  EXPECT_EQ(iso(a), "2020-05-01T06:00:00Z");  // published over updated
  EXPECT_EQ(extra(a, "updated"), R"("2020-05-01T10:00:00Z")");
  EXPECT_EQ(extra(a, "categories"), R"(["Politique"])");

  const article::Article& b = r.records[1].article;
  EXPECT_EQ(b.body, "First paragraph.\n\nSecond bold paragraph.");
  EXPECT_EQ(b.language, "en");
  EXPECT_EQ(b.authors, std::vector<std::string>{"La Rédaction"});  // the feed's author
  EXPECT_EQ(iso(b), "2020-05-02T09:00:00Z");
}

TEST(FeedReaderTest, Rfc822DatesWithZones) {
  Result r = read("dates.rss");
  ASSERT_EQ(r.records.size(), 7u);
  const char* want[] = {"2015-03-10T14:30:00Z",
                        "2015-03-11T18:00:00Z",
                        "2018-09-24T22:42:40Z",
                        "1999-07-01T15:15:00Z",
                        "2020-06-05T12:00:00Z",
                        "2015-03-10T14:30:00Z",
                        "-"};
  for (std::size_t i = 0; i < 7; ++i)
    EXPECT_EQ(iso(r.records[i].article), want[i]) << r.records[i].article.title;
  // The date that does not parse leaves its item undated, with a warning.
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line(), 7u);
  EXPECT_EQ(r.warnings[0].unit(), LocationUnit::kItem);
  EXPECT_NE(r.warnings[0].message().find("sometime soon"), std::string::npos);
}

TEST(FeedReaderTest, TruncatedFeedKeepsTheItemsBeforeTheCut) {
  Result r = read("truncated.rss");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].article.id, "cut-1");
  EXPECT_EQ(r.records[1].article.id, "cut-2");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line(), 3u);
  EXPECT_EQ(r.errors[0].unit(), LocationUnit::kItem);
  EXPECT_NE(r.errors[0].message().find("XML is broken at line 18"), std::string::npos) << r.errors[0].what();
}

TEST(FeedReaderTest, FeedWithoutItemsIsReported) {
  Result r = read("no-items.rss");
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message(), "no items");
  EXPECT_EQ(r.errors[0].line(), 0u);
}

TEST(FeedReaderTest, Latin1WithoutDeclarationIsConverted) {
  Result r = read("latin1.rss");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_TRUE(r.warnings.empty());
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.title, "Política: eleição em São Paulo");
  EXPECT_EQ(a.source, "Notícias");
  EXPECT_EQ(a.body, "Candidatos debatem na televisão.");
  EXPECT_EQ(iso(a), "2018-09-24T22:42:40Z");  // Portuguese day and month names
}

TEST(FeedReaderTest, InvalidBytesInDeclaredUtf8AreReplacedAndWarnedPerArticle) {
  Result r = read("bad-utf8.rss");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.records[1].article.title, "Broken \xEF\xBF\xBD byte");
  EXPECT_EQ(r.records[1].article.body, "Caf\xEF\xBF\xBD au lait.");
  ASSERT_EQ(r.warnings.size(), 1u);  // once for the article, not once per byte
  EXPECT_EQ(r.warnings[0].line(), 2u);
  EXPECT_EQ(r.warnings[0].unit(), LocationUnit::kItem);
}

TEST(FeedReaderTest, DeepNestingIsReportedNotCrashed) {
  Result r = read("deep.rss");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(std::string(r.errors[0].what()).find("XML is broken"), std::string::npos) << r.errors[0].what();
}

TEST(FeedReaderTest, EntityBombIsCutShort) {
  auto start = std::chrono::steady_clock::now();
  Result r = read("entity-bomb.rss", Format::kFeed);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count(), 5);
  for (const Record& rec : r.records) {
    EXPECT_LT(rec.article.body.size(), 100000u);
    EXPECT_EQ(rec.article.body.find("root:"), std::string::npos);
  }
  EXPECT_FALSE(r.errors.empty());
}

TEST(FeedReaderTest, ExternalEntitiesAreNotLoaded) {
  Result r = read("external-entity.rss");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].article.body, "before internal text after");
}

TEST(FeedReaderTest, NotAFeedIsReported) {
  Result r = read("not-a-feed.xml", Format::kFeed);
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message(), "not an RSS, RDF or Atom feed (root element <kml>)");
}

TEST(NewsmlReaderTest, G2MessageWithSeveralItems) {
  Result r = read("newsml-g2-message.xml");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.records.size(), 2u);  // the packageItem is left out
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(r.records[0].line, 1u);
  EXPECT_EQ(a.id, "urn:example:g2:1");
  EXPECT_EQ(a.title, "Prices rise again");
  EXPECT_EQ(a.standfirst, "Inflation at a ten-year high");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Marie Curie"});
  EXPECT_EQ(a.source, "Example Wire");
  EXPECT_EQ(a.language, "en-GB");
  EXPECT_EQ(iso(a), "2021-03-04T08:00:00Z");  // firstCreated
  EXPECT_EQ(a.body, "Prices rose 3 percent.\n\nEconomists were surprised.");
  EXPECT_EQ(extra(a, "dateline"), R"("PARIS, March 4")");
  EXPECT_EQ(extra(a, "keywords"), R"(["inflation","prices"])");
  EXPECT_EQ(extra(a, "subjects"), R"([{"name":"economy, business and finance","qcode":"medtop:04000000"}])");
  EXPECT_EQ(extra(a, "places"), R"([{"country":"FR","name":"Paris"},{"country":"DE","name":"Germany"}])");
  EXPECT_EQ(extra(a, "version_created"), R"("2021-03-04T09:45:00Z")");
  EXPECT_EQ(extra(a, "embargoed"), R"("2021-03-05T00:00:00Z")");

  const article::Article& b = r.records[1].article;
  EXPECT_EQ(r.records[1].line, 3u);  // items count in file order, the packageItem too
  EXPECT_EQ(b.title, "Deuxième dépêche");
  EXPECT_EQ(b.language, "fr");
  EXPECT_EQ(b.source, "EXW");
  EXPECT_EQ(iso(b), "2021-03-04T11:00:00Z");  // versionCreated when there is no firstCreated
  EXPECT_EQ(b.body, "Premier paragraphe.\n\nSecond paragraphe.");
}

TEST(NewsmlReaderTest, G2FragmentWithoutNamespace) {
  Result r = read("newsml-g2-fragment.xml");
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].what());
  ASSERT_EQ(r.records.size(), 1u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.title, "Fragment headline");
  EXPECT_EQ(a.body, "Fragment body.");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Ivan Petrov"});
  EXPECT_EQ(a.language, "en-US");
  EXPECT_EQ(extra(a, "dateline"), R"j("MOSCOW, Monday (Reuters)")j");
  EXPECT_EQ(extra(a, "places"), R"([{"country":"RU","name":"Moscow"}])");
}

TEST(NewsmlReaderTest, NewsMl12) {
  Result r = read("newsml-1.2.xml");
  EXPECT_TRUE(r.errors.empty());
  ASSERT_EQ(r.records.size(), 2u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.id, "urn:newsml:example.com:1");
  EXPECT_EQ(a.title, "Court accepts receivership");
  EXPECT_EQ(a.standfirst, "Carmaker gets breathing space");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Sven Svensson"});
  EXPECT_EQ(a.source, "EXA");
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(iso(a), "2014-08-29T13:49:51Z");
  EXPECT_EQ(a.body, "The court said yes.\n\nCreditors wait.");
  EXPECT_EQ(extra(a, "dateline"), R"("STOCKHOLM, Aug 29, 2014 -")");
  EXPECT_EQ(extra(a, "keywords"), R"(["auto"])");
  EXPECT_EQ(extra(a, "places"), R"([{"country":"SE","name":"Stockholm"}])");
  const article::Article& b = r.records[1].article;
  EXPECT_EQ(b.title, "Second item");
  EXPECT_EQ(b.body, "Plain text body.");
  EXPECT_EQ(b.source, "");
  EXPECT_EQ(iso(b), "2014-08-30T08:00:00Z");
}

TEST(NitfReaderTest, DocumentWithMissingDtd) {
  Result r = read("nitf.xml");
  EXPECT_TRUE(r.errors.empty()) << (r.errors.empty() ? "" : r.errors[0].what());
  ASSERT_EQ(r.records.size(), 1u);
  const article::Article& a = r.records[0].article;
  EXPECT_EQ(a.id, "example.nitf.1");
  EXPECT_EQ(a.title, "Tides run high in Norfolk");  // &nbsp; undeclared without the DTD: left out
  EXPECT_EQ(a.standfirst, "A sample article");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Alan Karben"});
  EXPECT_EQ(a.language, "en-US");
  EXPECT_EQ(a.source, "nitf.example");
  EXPECT_EQ(iso(a), "2015-03-12T12:00:00Z");
  EXPECT_EQ(a.body, "The tides were high today.\n\nSubhead\n\nFishing was good.\n\nJo Bloggs contributed.");
  EXPECT_EQ(extra(a, "dateline"), R"("Norfolk, VA")");
  EXPECT_EQ(extra(a, "keywords"), R"(["tides","fishing"])");
  EXPECT_EQ(extra(a, "persons"), R"(["Alan Karben"])");
  EXPECT_EQ(extra(a, "organizations"), R"(["Acme Boat Company"])");
  EXPECT_EQ(extra(a, "locations"), R"(["Norfolk"])");
  EXPECT_EQ(extra(a, "classifiers"), R"(["weather"])");
  EXPECT_EQ(extra(a, "places"), R"([{"country":"US","name":"Norfolk"}])");
  EXPECT_EQ(extra(a, "date_release"), R"("2015-03-12T18:00:00Z")");
  EXPECT_EQ(extra(a, "subjects"), R"([{"code":"17000000","name":"Weather"}])");
}

TEST(NitfReaderTest, WrongRootIsReported) {
  Result r = read("rss1.rdf", Format::kNitf);
  EXPECT_TRUE(r.records.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message(), "not a NITF document (root element <RDF>)");
}

TEST(XmlReadersTest, EmptyInputIsReported) {
  for (auto reader : {&read_feed, &read_newsml, &read_nitf}) {
    CollectSink sink;
    std::istringstream in("  \n");
    std::size_t n = 0;
    reader(in, "empty.xml", sink, [&](Record&&) { ++n; });
    EXPECT_EQ(n, 0u);
    ASSERT_EQ(sink.errors.size(), 1u);
    EXPECT_EQ(sink.errors[0].message(), "empty file");
  }
}

TEST(XmlReadersTest, GarbageIsReportedNotThrown) {
  const std::string inputs[] = {"<",
                                "<rss",
                                "<rss><channel><item><title>x",
                                "\xFF\xFE<\0r\0",
                                "<<<>>>&&&;",
                                "<nitf><body><body.content><p>x</p>",
                                "<newsMessage><itemSet><newsItem guid='g'>"};
  for (const std::string& s : inputs) {
    for (auto reader : {&read_feed, &read_newsml, &read_nitf}) {
      CollectSink sink;
      std::istringstream in(s);
      EXPECT_NO_THROW(reader(in, "garbage.xml", sink, [](Record&&) {})) << s;
      EXPECT_FALSE(sink.errors.empty()) << s;
    }
  }
}

}  // namespace
}  // namespace dateline::ingest
