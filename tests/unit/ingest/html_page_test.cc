#include "ingest/html_page.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "article/date.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

namespace fs = std::filesystem;

const std::string kDir = std::string(DATELINE_SOURCE_DIR) + "/tests/fixtures/ingest/html/";
const std::string kShared = std::string(DATELINE_SOURCE_DIR) + "/../shared/data/formats/html";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Page fixture(const std::string& name, const PageHints& hints = {}) {
  return page_from_html(slurp(kDir + name), hints);
}

std::string extra(const article::Article& a, const std::string& key) {
  for (const auto& [k, v] : a.extra)
    if (k == key) return v;
  return {};
}

TEST(HtmlPage, JsonLdInGraphWinsOverOpenGraph) {
  Page p = fixture("graph.html");
  const article::Article& a = p.article;
  EXPECT_EQ(a.title, "Harbour reopens after storm");
  EXPECT_EQ(a.published, article::parse_date("2024-03-05T08:30:00Z"));
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Ana Silva", "Tom Reed"}));
  EXPECT_EQ(a.source, "Example Times");
  EXPECT_EQ(a.language, "en-GB");
  EXPECT_EQ(a.standfirst, "Ships return a week after the storm closed the port.");
  // The canonical link comes before the JSON-LD url, and is the id.
  EXPECT_EQ(a.url, "https://example.com/news/harbour-reopens");
  EXPECT_EQ(a.id, a.url);
  EXPECT_EQ(extra(a, "section"), "\"Business, Shipping\"");
  EXPECT_EQ(extra(a, "modified"), "\"2024-03-06T10:00:00Z\"");
  EXPECT_EQ(
      a.body,
      "The harbour reopened on Tuesday, a week after the storm tore through the breakwater and sank two "
      "fishing boats at their moorings.\n\nPort officials said the first container ship, delayed since last "
      "Monday, docked at dawn, and that traffic would be back to normal by Friday.");
  EXPECT_EQ(p.replaced, 0u);
}

TEST(HtmlPage, OpenGraphOnly) {
  const article::Article a = fixture("og.html").article;
  EXPECT_EQ(a.title, "Le port rouvre après la tempête");
  EXPECT_EQ(a.source, "Le Quotidien");
  EXPECT_EQ(a.url, "https://quotidien.example/port");
  EXPECT_EQ(a.id, "https://quotidien.example/port");
  EXPECT_EQ(a.published, article::parse_date("2024-03-05T08:00:00Z"));
  EXPECT_EQ(a.authors, std::vector<std::string>{"Claire Martin"});
  EXPECT_EQ(a.language, "fr");
  EXPECT_EQ(a.standfirst, "Les navires reviennent une semaine après la tempête.");
  EXPECT_EQ(extra(a, "section"), "\"Économie\"");
  EXPECT_NE(a.body.find("Le port a rouvert mardi"), std::string::npos);
  EXPECT_NE(a.body.find("\n\nLes autorités portuaires"), std::string::npos);
}

TEST(HtmlPage, TitleOnlyTakesTheHints) {
  PageHints hints;
  hints.url = "https://example.org/bridge";
  hints.fetched = 1700000000;
  const article::Article a = fixture("title-only.html", hints).article;
  EXPECT_EQ(a.title, "Council approves new bridge");
  EXPECT_EQ(a.url, "https://example.org/bridge");
  EXPECT_EQ(a.id, "https://example.org/bridge");
  EXPECT_EQ(a.published, 1700000000);
  EXPECT_TRUE(a.authors.empty());
  EXPECT_NE(a.body.find("eleven to two"), std::string::npos);
}

TEST(HtmlPage, NoUrlAnywhereGivesAContentId) {
  const article::Article a = fixture("title-only.html").article;
  EXPECT_TRUE(a.url.empty());
  EXPECT_EQ(a.id, article::content_id(a));
  EXPECT_EQ(a.id[0], 'c');
}

TEST(HtmlPage, FurnitureIsLeftOut) {
  const article::Article a = fixture("furniture.html").article;
  // "Headline | Site" loses the site, which og:site_name names.
  EXPECT_EQ(a.title, "Rail strike called off at the last minute");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Jane Doe"});
  for (const char* kept : {"Train drivers called off Monday's national strike", "raises pay by six percent",
                           "Commuters relieved", "Commuters, who had been warned", "normal timetable"}) {
    EXPECT_NE(a.body.find(kept), std::string::npos) << kept;
  }
  for (const char* left : {"cookies", "Home", "Share on", "newsletter", "Related stories", "Union rejects",
                           "What a relief", "Most read", "Celebrity chef", "Copyright", "A train waits",
                           "By Jane Doe", "Daily Example", "Advertisement"}) {
    EXPECT_EQ(a.body.find(left), std::string::npos) << left << " in:\n" << a.body;
  }
  EXPECT_EQ(a.body.find("Rail strike called off"), std::string::npos) << "the headline is not body text";
}

TEST(HtmlPage, Latin1WithMetaCharset) {
  const article::Article a = fixture("latin1.html").article;
  EXPECT_EQ(a.title, "Café culture returns to the old town");
  EXPECT_NE(a.body.find("The cafés of the old town"), std::string::npos);
  EXPECT_NE(a.body.find("naïve"), std::string::npos);
  EXPECT_NE(a.body.find("«better than expected»"), std::string::npos);
}

TEST(HtmlPage, HintedCharsetWhenThePageSaysNone) {
  std::string page =
      "<html><head><title>Gr\xfc\xdf"
      "e</title></head><body><p>Stra\xdf"
      "e und Pl\xe4tze, "
      "eine lange Zeile Text, damit der Absatz als Artikel z\xe4hlt.</p></body></html>";
  PageHints hints;
  hints.charset = "ISO-8859-1";
  EXPECT_EQ(page_from_html(page, hints).article.title, "Grüße");
}

TEST(HtmlPage, DeclaredUtf8WithInvalidBytesIsRepaired) {
  Page p = fixture("invalid-utf8.html");
  EXPECT_GT(p.replaced, 0u);
  EXPECT_EQ(p.article.title, "Broken bytes in a page");
  EXPECT_NE(p.article.body.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(p.article.body.find("it must still be read"), std::string::npos);
}

TEST(HtmlPage, NoArticleTextIsAnInputError) {
  const std::string page =
      "<html><head><title>Index</title></head><body><nav><a href='/a'>World</a> <a href='/b'>Sport</a></nav>"
      "<footer>Copyright</footer></body></html>";
  EXPECT_THROW((void)page_from_html(page), InputError);
  EXPECT_THROW((void)page_from_html(""), InputError);
}

TEST(HtmlPage, MalformedJsonLdIsIgnored) {
  const std::string page =
      "<html><head><title>Plain title</title><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"headline\": [[[[</script><script type='application/ld+json'>" +
      std::string(100000, '[') +
      "</script></head><body><p>Some article text that is long enough to count as a paragraph of the "
      "page.</p>"
      "</body></html>";
  EXPECT_EQ(page_from_html(page).article.title, "Plain title");
}

TEST(HtmlPage, DeepNestingIsRefusedNotCrashed) {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  deep += "<p>Text at the bottom of a very deep page, long enough to be a paragraph.</p>";
  try {
    (void)page_from_html("<html><head><title>Deep</title></head><body>" + deep + "</body></html>");
    FAIL() << "a page nested 200,000 deep was read";
  } catch (const InputError& e) {
    EXPECT_NE(e.message().find("nest"), std::string::npos) << e.message();
  }
}

TEST(HtmlPage, DeeplyNestedArticleBodyIsIgnored) {
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  const std::string page =
      "<html><head><title>Teaser</title><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"articleBody\": \"" +
      deep +
      " many words here\"}</script></head><body><p>The teaser paragraph, long enough to be the article text."
      "</p></body></html>";
  EXPECT_EQ(page_from_html(page).article.body, "The teaser paragraph, long enough to be the article text.");
}

TEST(HtmlPage, ArticleBodyWinsWhenThePageShowsLess) {
  const std::string page =
      "<html><head><title>Teaser</title><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
      "\"articleBody\": \"The teaser paragraph, long enough to be the article text. And the rest of the "
      "story, which the page loads by script.\"}</script></head><body><p>The teaser paragraph, long enough "
      "to "
      "be the article text.</p></body></html>";
  EXPECT_NE(page_from_html(page).article.body.find("loads by script"), std::string::npos);
}

TEST(HtmlPage, NestingBelowTheLimitIsRead) {
  std::string page = "<html><head><title>Nested</title></head><body>";
  for (int i = 0; i < 2400; ++i) page += "<div><span>";  // 4,800 deep
  page += "<p>Text at the bottom of a deep page, long enough to count as a paragraph, and read.</p>";
  const article::Article a = page_from_html(page).article;
  EXPECT_NE(a.body.find("read."), std::string::npos);
}

TEST(HtmlPage, UnclosedParagraphsDoNotCountAsDepth) {
  std::string page = "<html><head><title>Many paragraphs</title></head><body><div>";
  for (int i = 0; i < 20000; ++i)
    page += "<p>Paragraph number " + std::to_string(i) + ", with some words, in it";
  page += "</div></body></html>";
  EXPECT_NE(page_from_html(page).article.body.find("Paragraph number 19999"), std::string::npos);
}

// Tag soup from a fixed seed: every page is either read or refused with an
// InputError, never anything else.
TEST(HtmlPage, TagSoupIsReadOrRefused) {
  const std::vector<std::string> pieces = {
      "<div>",
      "</div>",
      "<p>",
      "</p>",
      "<article>",
      "<nav>",
      "</nav>",
      "<a href=x>",
      "</a>",
      "<table><tr><td>",
      "<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"NewsArticle\",\"author\":[{}]}]",
      "</script>",
      "<meta property='og:title' content='T'>",
      "<title>",
      "</title>",
      "<!--",
      "-->",
      "<b><i>",
      "<li>",
      "<h2>",
      "<br>",
      "&amp;",
      "&#x0;",
      "\xff",
      "text, with a comma, ",
      "more words of text here. "};
  std::uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
  };
  int read = 0, refused = 0;
  for (int page = 0; page < 300; ++page) {
    std::string html;
    int n = static_cast<int>(next() % 400);
    for (int i = 0; i < n; ++i) html += pieces[next() % pieces.size()];
    try {
      (void)page_from_html(html);
      ++read;
    } catch (const InputError&) {
      ++refused;
    }
  }
  EXPECT_EQ(read + refused, 300);
  EXPECT_GT(read, 0);
}

class CollectSink : public ErrorSink {
 public:
  void report(const InputError& e) override { errors.push_back(e); }
  void warn(const InputError& e) override { warnings.push_back(e); }
  std::vector<InputError> errors;
  std::vector<InputError> warnings;
};

TEST(HtmlPage, ReadHtmlReportsAndWarnsWithThePath) {
  CollectSink sink;
  std::vector<Record> records;
  auto keep = [&](Record&& r) { records.push_back(std::move(r)); };
  std::istringstream bad("<html><body><nav>Only navigation</nav></body></html>");
  read_html(bad, "bad.html", sink, keep);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].path(), "bad.html");
  EXPECT_TRUE(records.empty());

  std::istringstream broken(slurp(kDir + "invalid-utf8.html"));
  read_html(broken, "broken.html", sink, keep);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(sink.warnings.size(), 1u);
  EXPECT_EQ(sink.warnings[0].path(), "broken.html");
}

// Every sample page of ../shared/data/formats/html: a title and a body,
// the titles Readability's reference gives, and those read by hand from
// the held-out trafilatura pages.
TEST(HtmlPage, SharedSamplePages) {
  if (!fs::is_directory(kShared)) GTEST_SKIP() << kShared << " is absent (the shared sample data)";
  const std::map<std::string, std::string> trafilatura = {
      {"dw.com.colonial.html",
       "Berlin confronts Germany's colonial past with new initiative | DW | 19.01.2020"},
      {"mercurynews.com.2023.01.16.letters-1119.html",
       "Letters: Coddling criminals | Undermining road | Tax dollars | Recount cost | Predicting climate"},
      {"reuters.com.parasite.html", "'Parasite' scores historic upset at SAG awards, boosting Oscar chances"},
      {"scmp.com.playbook.html",
       "Taiwanese President Tsai Ing-wen’s political playbook should be essential reading for Hong Kong "
       "leader "
       "Carrie Lam"},
      {"spiegel.de.albtraum.html", "Ein Albtraum"},
      {"vancouversun.com.microsoft.html",
       "Microsoft moves to erase its carbon footprint from the atmosphere in "
       "climate push"},
  };
  std::size_t pages = 0;
  for (const auto& e : fs::recursive_directory_iterator(kShared)) {
    const fs::path& p = e.path();
    if (!e.is_regular_file() || p.extension() != ".html" || p.filename() == "expected.html") continue;
    SCOPED_TRACE(p.string());
    ++pages;
    Page page = page_from_html(slurp(p));
    const article::Article& a = page.article;
    EXPECT_FALSE(a.title.empty());
    EXPECT_GT(a.body.size(), 1000u);
    EXPECT_FALSE(a.id.empty());
    fs::path meta = p.parent_path() / "expected-metadata.json";
    if (p.filename() == "source.html" && fs::exists(meta)) {
      EXPECT_EQ(a.title, nlohmann::json::parse(slurp(meta)).at("title").get<std::string>());
    } else if (auto it = trafilatura.find(p.filename().string()); it != trafilatura.end()) {
      EXPECT_EQ(a.title, it->second);
    } else {
      ADD_FAILURE() << "no recorded title";
    }
  }
  EXPECT_EQ(pages, 14u);
}

}  // namespace
}  // namespace dateline::ingest
