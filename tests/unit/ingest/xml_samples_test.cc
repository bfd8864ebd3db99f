// The XML readers over the real samples in ../shared/data/formats (feeds,
// NewsML-G2, NewsML 1.2, NITF), read through read_path as the indexer
// reads them. The expected values were taken from the files by hand.
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "article/date.h"
#include "ingest/reader.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

const std::string kFormats = std::string(DATELINE_SOURCE_DIR) + "/../shared/data/formats/";

class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e.what()); }
  std::vector<std::string> errors;
};

struct Sample {
  const char* file;        // under ../shared/data/formats/
  std::size_t count;       // articles read
  std::size_t errors;      // reports
  const char* title;       // of the first article
  const char* date;        // of the first article, ISO 8601 UTC, "-" when undated
  const char* body_start;  // of the first article
};

constexpr Sample kSamples[] = {
    {"rss/guardian-us.rss", 55, 0, "Trump State of the Union address promised unity but emphasized discord",
     "2018-01-31T07:26:05Z",
     "The president\u2019s \u2018new American moment\u2019 speech stirred Republican applause"},
    {"rss/uol-noticias.rss", 15, 0,
     "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simula\u00e7\u00f5es de 2\u00ba turno",
     "2018-09-24T22:42:40Z", "L\u00edder na pesquisa Ibope de inten\u00e7\u00e3o de voto"},
    {"atom/heise-developer.atom", 15, 0, "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei",
     "2016-02-01T16:22:00Z", "Die nun verf\u00fcgbare Version 10 des Enterprise-Java-Servers"},
    {"atom/wenn-entertainment.atom", 2, 0, "Suge Knight involved in fatal hit and run incident",
     "2015-01-30T00:33:06Z", "This is body content1."},
    {"newsml-g2/ansa-newsmlg2-text.xml", 1, 0, "Catalan independence declaration unacceptable - Alfano",
     "2017-10-11T09:41:00Z", "(ANSA) - Rome, October 11 - Italian Foreign Minister Angelino Alfano"},
    {"newsml-g2/iptc-LISTING_1_A_NewsML-G2_News_Item.xml", 1, 0, "Fed to halt QE to avert \"bubble\"",
     "2016-10-18T18:12:21Z", ""},
    {"newsml-g2/iptc-LISTING_22_Sports_story_in_NewsML-G2NITF.xml", 1, 0,
     "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m.",
     "2018-10-19T15:45:00Z", "(Sports Network) - A pair of teams coming off big weekend sweeps"},
    {"newsml-g2/iptc-LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml", 1, 0,
     "Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05p.m.", "-",
     "(Sports Network) - With the Philadelphia Phillies picking up momentum"},
    // A contentMeta on its own: no headline, no body.
    {"newsml-g2/iptc-LISTING_28_Illustrating_Located_Subject_and_Dateline.xml", 0, 1, "", "", ""},
    {"newsml-g2/iptc-LISTING_2_NewsML-G2_Text_Document.xml", 1, 0, "Fed to halt QE to avert \"bubble\"",
     "2018-11-21T21:25:32Z", "(New York, NY - October 21) Et, sent luptat luptat"},
    {"newsml-g2/reuters-L4N1FL0N0-gold.xml", 1, 0,
     "PRECIOUS-Gold rises as Trump policy fuels safe haven demand", "2017-01-31T03:47:29Z",
     "(Adds comments, detail) * Spot gold may edge up to $1,205 per ounce"},
    {"newsml-g2/reuters-sni-text-soccer.xml", 1, 0,
     "Soccer-Smiling Benitez pleads for support after midweek outburst against opponent",
     "2013-03-01T15:09:04Z", "By Toby Davis"},
    {"newsml-g2/stt-newsml-test.xml", 1, 0,
     "Parliament passed the Alcohol Act and the government gained confidence*** TRANSLATED ***",
     "2017-12-19T08:33:04Z", "*** DISCLAIMER: THIS IS AN AUTOMATED TRANSLATION FROM FINNISH ***"},
    {"newsml-1.2/afp-newsml-1.2.xml", 1, 0, "Sweden court accepts receivership for Saab carmaker",
     "2014-08-29T13:49:51Z", "A Chinese-owned company set up to take over Saab's assets"},
    {"nitf/aap.xml", 1, 0, "The main stories on today's 1900 ABC TV news", "2013-10-20T08:27:51Z",
     "The main stories on ABC television's 1900 news:\n\n1A) More extreme weather forecast over the next few "
     "days "
     "the fire situation"},
    {"nitf/ap-nitf.xml", 1, 0, "Can trading pollution like stocks help fight climate change?",
     "2015-12-10T19:10:44Z", "NEW YORK (AP) \u2014 The gas produced by hog manure"},
    {"nitf/efe_nitf.xml", 1, 0, "Honduran president announces Cabinet changes", "2017-01-02T22:28:00Z",
     "Tegucigalpa, Jan 2 (EFE).- Test body."},
    {"nitf/nitf-fishing.xml", 1, 0, "Weather and Tide Updates for Norfolk", "2002-02-25T19:30:00Z",
     "The weather was superb today in Norfolk, Virginia."},
    {"nitf/nitf-ntb.xml", 1, 0,
     "Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030",
     "2020-09-07T14:45:26Z",
     "Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030\n\nP\u00e5stand"},
    {"nitf/pa1.xml", 1, 0, "PA SPORT TRIVIA (OCTOBER 14)", "2015-10-14T03:30:01Z",
     "ON THIS DAY IN SPORT\n\n1878: Two local teams took part"},
};

TEST(XmlSamplesTest, EverySampleReadsAsExpected) {
  if (!std::filesystem::is_directory(kFormats + "nitf")) {
    GTEST_SKIP() << "../shared/data/formats is absent: the XML samples are not checked";
  }
  for (const Sample& s : kSamples) {
    std::string path = kFormats + s.file;
    if (!std::filesystem::exists(path)) {
      ADD_FAILURE() << s.file << " is missing from ../shared/data/formats";
      continue;
    }
    CollectSink sink;
    std::vector<article::Article> articles;
    (void)read_path(path, Format::kAuto, sink, [&](Record&& r) { articles.push_back(std::move(r.article)); });
    EXPECT_EQ(articles.size(), s.count) << s.file;
    EXPECT_EQ(sink.errors.size(), s.errors) << s.file << (sink.errors.empty() ? "" : ": " + sink.errors[0]);
    if (articles.empty() || s.count == 0) continue;
    const article::Article& a = articles[0];
    EXPECT_EQ(a.title, s.title) << s.file;
    EXPECT_EQ(a.published ? article::format_iso(*a.published) : "-", s.date) << s.file;
    EXPECT_EQ(a.body.substr(0, std::string(s.body_start).size()), s.body_start) << s.file;
    EXPECT_FALSE(a.id.empty()) << s.file;
  }
}

// Every file in the sample directories is in the table, so a new sample is
// not silently left unchecked.
TEST(XmlSamplesTest, TableCoversEverySample) {
  if (!std::filesystem::is_directory(kFormats + "nitf")) {
    GTEST_SKIP() << "../shared/data/formats is absent: the XML samples are not checked";
  }
  std::size_t files = 0;
  for (const char* dir : {"rss", "atom", "newsml-g2", "newsml-1.2", "nitf"}) {
    if (!std::filesystem::is_directory(kFormats + dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(kFormats + dir)) {
      if (!e.is_regular_file()) continue;
      ++files;
      std::string rel = std::string(dir) + "/" + e.path().filename().string();
      bool listed = false;
      for (const Sample& s : kSamples) listed = listed || rel == s.file;
      EXPECT_TRUE(listed) << rel << " is not in kSamples";
    }
  }
  EXPECT_EQ(files, std::size(kSamples));
}

}  // namespace
}  // namespace dateline::ingest
