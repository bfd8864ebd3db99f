#include "search/searcher.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "index/indexer.h"
#include "util/error.h"
#include "test_article.h"

namespace dateline::search {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kFeb6 = 1770370200;   // 2026-02-06T09:30:00Z
constexpr std::int64_t kFeb7 = 1770458400;   // 2026-02-07T10:00:00Z
constexpr std::int64_t kJan15 = 1768478400;  // 2026-01-15T12:00:00Z
constexpr std::int64_t kDec1 = 1764590400;   // 2025-12-01T12:00:00Z
constexpr std::int64_t kNov1 = 1761998400;   // 2025-11-01T12:00:00Z

article::Article make(const std::string& id, const std::string& title, const std::string& body,
                      std::optional<std::int64_t> published) {
  article::Article a = test_support::make_article(id, title, body, published);
  a.url = "https://example.com/" + id;
  return a;
}

std::vector<article::Article> corpus() {
  return {
      make("title-iran", "Iran and US hold talks in Oman", "Officials met in Muscat on Friday.", kFeb6),
      make("body-iran", "Regional news roundup",
           "Diplomats say Iran may return to the table. The weather was calm.", kJan15),
      make("sao", "Rain in São Paulo", "Heavy rain hit São Paulo on Tuesday.", kDec1),
      make("zh", "美国和伊朗在阿曼举行会谈", "双方代表在马斯喀特会面。", kFeb7),
      make("market", "Market report", "Oil prices rose while exports fell.", kNov1),
      make("undated", "Undated note", "Oil exports rose sharply.", std::nullopt),
  };
}

class SearcherTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("dateline-searcher-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
    index::IndexerOptions o;
    o.db_path = db();
    o.threads = 2;
    o.batch_size = 2;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (article::Article& a : corpus()) ix.add({std::move(a), "corpus.jsonl", ++line});
    stats_ = new index::IndexStats(ix.finish());
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
    delete stats_;
  }
  static std::string db() { return (*dir_ / "db").string(); }

  SearchResult run(SearchRequest req) {
    Searcher s(db());
    return s.search(req);
  }
  SearchResult run(const std::string& q) {
    SearchRequest req;
    req.query = q;
    return run(req);
  }
  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const Hit& h : r.hits) out.push_back(h.id);
    return out;
  }
  static std::vector<std::string> sorted_ids(const SearchResult& r) {
    std::vector<std::string> out = ids(r);
    std::sort(out.begin(), out.end());
    return out;
  }

  static fs::path* dir_;
  static index::IndexStats* stats_;
};

fs::path* SearcherTest::dir_ = nullptr;
index::IndexStats* SearcherTest::stats_ = nullptr;

using Ids = std::vector<std::string>;

TEST_F(SearcherTest, IndexedEverything) {
  EXPECT_EQ(stats_->added, 6u);
  EXPECT_EQ(stats_->failed, 0u);
}

TEST_F(SearcherTest, TitleMatchRanksAboveBodyMatch) {
  SearchResult r = run("iran");
  EXPECT_EQ(ids(r), (Ids{"title-iran", "body-iran"}));
  EXPECT_EQ(r.total, 2u);
  EXPECT_TRUE(r.total_exact);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
}

TEST_F(SearcherTest, Matches) {
  struct Case {
    const char* query;
    Ids want;  // sorted
  } cases[] = {
      {"\"oil exports\"", {"undated"}},                 // adjacent words only
      {"oil exports", {"market", "undated"}},
      {"\"exports oil\"", {}},
      {"talk", {"title-iran"}},                         // stemming
      {"talking", {"title-iran"}},
      {"Sao Paulo", {"sao"}},                           // accent folding
      {"SÃO PAULO", {"sao"}},
      {"\"sao paulo\"", {"sao"}},
      {"伊朗", {"zh"}},                                  // Chinese word
      {"会谈", {"zh"}},
      {"阿曼举行", {"zh"}},
      {"iran -oman", {"body-iran"}},
      {"iran OR oil", {"body-iran", "market", "title-iran", "undated"}},
      {"title:iran", {"title-iran"}},
      {"title:oil", {}},
      {"oil date:2025", {"market"}},
      {"id:sao", {"sao"}},
      {"source:\"test wire\" rain", {"sao"}},
      {"nonexistentword", {}},
      {"oil country:zzz", {}},                          // a filter matching nothing
      {"oil person:nobody", {}},
  };
  for (const Case& c : cases) {
    SearchResult r = run(c.query);
    EXPECT_EQ(sorted_ids(r), c.want) << c.query;
    EXPECT_EQ(r.total, c.want.size()) << c.query;
  }
}

TEST_F(SearcherTest, AnyOrsWords) {
  SearchRequest req;
  req.query = "muscat rain";
  EXPECT_TRUE(run(req).hits.empty());
  req.any = true;
  EXPECT_EQ(sorted_ids(run(req)), (Ids{"sao", "title-iran"}));
}

// With --any, a field filter restricts every word wherever it is typed.
TEST_F(SearcherTest, AnyKeepsFiltersOverAllWords) {
  const char* queries[] = {
      "rain talks id:sao",
      "id:sao rain talks",
      "rain id:sao talks",
      "id:sao muscat rain talks",
  };
  for (const char* q : queries) {
    SearchRequest req;
    req.query = q;
    req.any = true;
    EXPECT_EQ(sorted_ids(run(req)), Ids{"sao"}) << q;
  }
}

TEST_F(SearcherTest, DateFilters) {
  struct Case {
    const char* query;
    const char* date;  // filter flag value, "" = none
    const char* from;
    const char* to;
    Ids want;  // sorted
  } cases[] = {
      {"date:2026-02", "", "", "", {"title-iran", "zh"}},
      {"", "2026-02", "", "", {"title-iran", "zh"}},
      {"date:2026-02-07", "", "", "", {"zh"}},
      {"date:..2025", "", "", "", {"market", "sao"}},
      {"date:2026..", "", "", "", {"body-iran", "title-iran", "zh"}},
      {"", "", "2026-01", "2026-01", {"body-iran"}},
      {"", "", "2026-02-07", "", {"zh"}},
      {"", "", "", "2025-11", {"market"}},
      {"", "", "2025-12-01", "2026-02-06", {"body-iran", "sao", "title-iran"}},
      {"oil", "", "2025", "", {"market"}},
  };
  for (const Case& c : cases) {
    SearchRequest req;
    req.query = c.query;
    if (*c.date) req.filters.emplace_back("date", c.date);
    req.from = c.from;
    req.to = c.to;
    SearchResult r = run(req);
    EXPECT_EQ(sorted_ids(r), c.want) << c.query << " date=" << c.date << " from=" << c.from
                                     << " to=" << c.to;
  }
}

TEST_F(SearcherTest, BadFromAndToAreInputErrors) {
  struct Case {
    const char* from;
    const char* to;
    const char* field;
  } cases[] = {{"yesterday", "", "from"}, {"", "2026-02-30", "to"}, {"2026", "junk", "to"}};
  for (const Case& c : cases) {
    SearchRequest req;
    req.from = c.from;
    req.to = c.to;
    try {
      (void)run(req);
      ADD_FAILURE() << "no error for from=" << c.from << " to=" << c.to;
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), c.field) << "from=" << c.from << " to=" << c.to;
    }
  }
}

TEST_F(SearcherTest, BadRequestsThrow) {
  EXPECT_THROW((void)run("(iran"), QuerySyntaxError);
  EXPECT_THROW((void)run("date:garbage"), InputError);
  SearchRequest req;
  req.filters.emplace_back("nosuchfield", "x");
  EXPECT_THROW((void)run(req), InputError);
  SearchRequest title;
  title.filters.emplace_back("title", "x");
  EXPECT_THROW((void)run(title), InputError) << "free-text fields are not filters";
}

TEST_F(SearcherTest, SortNewestAndOldest) {
  SearchRequest req;
  req.query = "date:2000..";  // dated articles only
  req.sort = SortOrder::kNewest;
  EXPECT_EQ(ids(run(req)), (Ids{"zh", "title-iran", "body-iran", "sao", "market"}));
  req.sort = SortOrder::kOldest;
  EXPECT_EQ(ids(run(req)), (Ids{"market", "sao", "body-iran", "title-iran", "zh"}));
}

TEST_F(SearcherTest, SortNames) {
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest, SortOrder::kRecent}) {
    EXPECT_EQ(parse_sort(sort_name(s)), s) << sort_name(s);
  }
  try {
    (void)parse_sort("random");
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "sort");
  }
}

TEST_F(SearcherTest, OffsetAndLimit) {
  SearchRequest req;
  req.sort = SortOrder::kOldest;
  req.query = "date:2000..";
  req.offset = 1;
  req.limit = 2;
  SearchResult r = run(req);
  EXPECT_EQ(ids(r), (Ids{"sao", "body-iran"}));
  EXPECT_EQ(r.total, 5u);
  EXPECT_TRUE(r.total_exact);
  EXPECT_EQ(r.offset, 1u);
  EXPECT_EQ(r.limit, 2u);

  req.offset = 10;
  r = run(req);
  EXPECT_TRUE(r.hits.empty());
  EXPECT_EQ(r.total, 5u);

  SearchRequest all;
  SearchResult everything = run(all);
  EXPECT_EQ(everything.total, 6u) << "an empty query matches every article";
  EXPECT_EQ(everything.hits.size(), 6u);
}

TEST_F(SearcherTest, HitFields) {
  SearchResult r = run("talks");
  ASSERT_EQ(r.hits.size(), 1u);
  const Hit& h = r.hits[0];
  EXPECT_EQ(h.id, "title-iran");
  EXPECT_EQ(h.title, "Iran and US hold talks in Oman");
  EXPECT_EQ(h.date, "2026-02-06T09:30:00Z");
  EXPECT_EQ(h.source, "Test Wire");
  EXPECT_EQ(h.url, "https://example.com/title-iran");
  EXPECT_GT(h.score, 0);
  EXPECT_FALSE(h.snippet.empty());
  EXPECT_EQ(r.query, "talks");

  SearchResult u = run("sharply");
  ASSERT_EQ(u.hits.size(), 1u);
  EXPECT_EQ(u.hits[0].date, "") << "undated";
  bool marked = false;
  for (const SnippetPart& p : u.hits[0].snippet) marked |= p.match && p.text == "sharply";
  EXPECT_TRUE(marked);

  SearchRequest nosnip;
  nosnip.query = "talks";
  nosnip.snippets = false;
  EXPECT_TRUE(run(nosnip).hits.at(0).snippet.empty());
}

TEST_F(SearcherTest, Get) {
  Searcher s(db());
  auto a = s.get("sao");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->title, "Rain in São Paulo");
  EXPECT_EQ(a->published, kDec1);
  EXPECT_EQ(a->url, "https://example.com/sao");
  EXPECT_FALSE(s.get("missing").has_value());
  EXPECT_FALSE(s.get("").has_value());
}

TEST_F(SearcherTest, Stats) {
  Searcher s(db());
  IndexStatsInfo st = s.stats();
  EXPECT_EQ(st.articles, 6u);
  EXPECT_EQ(st.undated, 1u);
  EXPECT_EQ(st.first_date, "2025-11-01T12:00:00Z");
  EXPECT_EQ(st.last_date, "2026-02-07T10:00:00Z");
  EXPECT_EQ(st.schema_version, schema::kSchemaVersion);
  EXPECT_EQ(st.path, db());
  EXPECT_GT(st.size_bytes, 0u);
}

TEST_F(SearcherTest, FacetColumnsLoadOncePaidForAndAreShared) {
  SearchRequest req;
  req.query = "oil OR iran OR rain";
  req.facets = {"source"};
  req.timeline = "day";
  Searcher spies(db());
  spies.set_facet_columns(Searcher::FacetColumnsMode::kNever);
  const SearchResult expected = spies.search(req);
  ASSERT_FALSE(expected.facets.empty());

  Searcher a(db());  // auto
  SearchRequest all = req;
  all.query = "";  // every article: the spies count the archive's size
  (void)a.search(all);
  EXPECT_EQ(a.facet_columns_bytes(), 0u) << "loaded before they paid for themselves";
  const SearchResult got = a.search(req);
  EXPECT_GT(a.facet_columns_bytes(), 0u);
  ASSERT_EQ(got.facets.size(), expected.facets.size());
  ASSERT_EQ(got.facets[0].second.size(), expected.facets[0].second.size());
  for (std::size_t i = 0; i < got.facets[0].second.size(); ++i) {
    EXPECT_EQ(got.facets[0].second[i].value, expected.facets[0].second[i].value);
    EXPECT_EQ(got.facets[0].second[i].count, expected.facets[0].second[i].count);
  }
  ASSERT_EQ(got.timeline.size(), expected.timeline.size());
  for (std::size_t i = 0; i < got.timeline.size(); ++i) {
    EXPECT_EQ(got.timeline[i].date, expected.timeline[i].date);
    EXPECT_EQ(got.timeline[i].count, expected.timeline[i].count);
  }
  EXPECT_TRUE(got.facets_exact);

  // Another searcher of the same revision uses them at once.
  Searcher b(db());
  (void)b.search(req);
  EXPECT_GT(b.facet_columns_bytes(), 0u);
  // Unless told never to.
  Searcher never(db());
  never.set_facet_columns(Searcher::FacetColumnsMode::kNever);
  (void)never.search(req);
  EXPECT_EQ(never.facet_columns_bytes(), 0u);
}

// Any facet's values that fold to one key are one value, as its filter
// finds them, counted from spies or from the columns alike.
TEST(SearcherFacetTest, FormsOfOneSourceAreOneValue) {
  const fs::path dir = fs::temp_directory_path() /
                       ("dateline-facet-forms-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    index::IndexerOptions o;
    o.db_path = dir.string();
    o.threads = 1;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (const char* source : {"Coastline Herald", "COASTLINE HERALD", "Coastline Herald",
                               "Dateline Wire"}) {
      article::Article a = make("a" + std::to_string(line), "Port strike", "Dockers walked out.",
                                kFeb6);
      a.source = source;
      ix.add({std::move(a), "forms.jsonl", ++line});
    }
    (void)ix.finish();
  }
  SearchRequest req;
  req.facets = {"source"};
  for (auto mode : {Searcher::FacetColumnsMode::kNever, Searcher::FacetColumnsMode::kAlways}) {
    Searcher s(dir.string());
    s.set_facet_columns(mode);
    const SearchResult r = s.search(req);
    ASSERT_EQ(r.facets.size(), 1u);
    const std::vector<FacetValue>& v = r.facets[0].second;
    ASSERT_EQ(v.size(), 2u) << "mode " << static_cast<int>(mode);
    EXPECT_EQ(v[0].label, "Coastline Herald");
    EXPECT_EQ(v[0].count, 3u);
    EXPECT_EQ(v[1].label, "Dateline Wire");
    EXPECT_EQ(v[1].count, 1u);
  }
  SearchRequest filtered;
  filtered.query = "source:\"coastline herald\"";
  EXPECT_EQ(Searcher(dir.string()).search(filtered).total, 3u);
  fs::remove_all(dir);
}

TEST_F(SearcherTest, OpeningMissingIndexThrows) {
  std::string missing = (*dir_ / "no-such-index").string();
  try {
    Searcher s(missing);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  // A directory that is not a Xapian database.
  fs::create_directories(*dir_ / "not-an-index");
  EXPECT_THROW(Searcher((*dir_ / "not-an-index").string()), Error);
}

// Runs last in this suite: it changes the index.
TEST_F(SearcherTest, ZReindexAndDeleteAreSeenAfterReopen) {
  Searcher s(db());
  {
    index::IndexerOptions o;
    o.db_path = db();
    o.threads = 2;
    o.batch_size = 2;
    index::Indexer ix(o);
    ix.add({make("sao", "Sun in Sao Paulo", "Sunny.", kDec1), "x", 1});
    index::IndexStats st = ix.finish();
    EXPECT_EQ(st.replaced, 1u);
    EXPECT_EQ(st.added, 0u);
  }
  EXPECT_TRUE(s.reopen());
  EXPECT_EQ(s.stats().articles, 6u);
  EXPECT_EQ(s.get("sao")->title, "Sun in Sao Paulo");

  EXPECT_EQ(index::delete_articles(db(), {"sao", "ghost"}), Ids{"ghost"});
  EXPECT_TRUE(s.reopen());
  EXPECT_EQ(s.stats().articles, 5u);
  EXPECT_FALSE(s.get("sao").has_value());
  SearchRequest req;
  req.query = "paulo";
  EXPECT_TRUE(s.search(req).hits.empty());
}

}  // namespace
}  // namespace dateline::search
