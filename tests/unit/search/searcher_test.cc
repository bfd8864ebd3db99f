#include "search/searcher.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "index/indexer.h"
#include "index/shards.h"
#include "index_copies.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "temp_index.h"
#include "test_article.h"
#include "util/error.h"

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

// Every test gets its own copy of the index built once for the suite, so a
// test may change it.
class SearcherTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    copies_ = new test_support::IndexCopies("searcher-test");
    index::IndexerOptions o;
    o.db_path = (copies_->template_dir() / "db").string();
    o.threads = 2;
    o.batch_size = 2;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (article::Article& a : corpus()) ix.add({std::move(a), "corpus.jsonl", ++line});
    stats_ = new index::IndexStats(ix.finish());
  }
  static void TearDownTestSuite() {
    delete copies_;
    delete stats_;
  }
  void SetUp() override { dir_ = copies_->fresh(); }
  void TearDown() override { test_support::IndexCopies::remove(dir_); }
  std::string db() const { return (dir_ / "db").string(); }

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

  fs::path dir_;
  static test_support::IndexCopies* copies_;
  static index::IndexStats* stats_;
};

test_support::IndexCopies* SearcherTest::copies_ = nullptr;
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
      {"\"oil exports\"", {"undated"}},  // adjacent words only
      {"oil exports", {"market", "undated"}},
      {"\"exports oil\"", {}},
      {"talk", {"title-iran"}},  // stemming
      {"talking", {"title-iran"}},
      {"Sao Paulo", {"sao"}},  // accent folding
      {"SÃO PAULO", {"sao"}},
      {"\"sao paulo\"", {"sao"}},
      {"伊朗", {"zh"}},  // Chinese word
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
      {"oil country:zzz", {}},  // a filter matching nothing
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
    EXPECT_EQ(sorted_ids(r), c.want) << c.query << " date=" << c.date << " from=" << c.from << " to=" << c.to;
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
  // Undated articles come last both ways.
  req.query = "oil";
  req.sort = SortOrder::kOldest;
  EXPECT_EQ(ids(run(req)), (Ids{"market", "undated"}));
  req.sort = SortOrder::kNewest;
  EXPECT_EQ(ids(run(req)), (Ids{"market", "undated"}));
}

// Copies of one story score the same: they rank newest first, then by id,
// undated last, whatever the docids (which differ between one index and
// shards, and with the order of the input).
TEST(SearcherTiesTest, EqualScoresRankNewestFirstThenById) {
  test_support::TempDir tmp("searcher-ties");
  const std::string text = "The harbour authority closed the north pier after the storm.";
  auto copies = [&] {
    return std::vector<article::Article>{
        make("x2", "Pier closed", text, kFeb6),  make("u2", "Pier closed", text, std::nullopt),
        make("x3", "Pier closed", text, kFeb7),  make("x10", "Pier closed", text, kFeb6),
        make("x1", "Pier closed", text, kFeb6),  make("u1", "Pier closed", text, std::nullopt),
        make("old", "Pier closed", text, kNov1),
    };
  };
  const Ids want{"x3", "x1", "x10", "x2", "old", "u1", "u2"};
  for (const std::optional<index::ShardBy> by :
       {std::optional<index::ShardBy>{}, std::optional(index::ShardBy::kYear)}) {
    for (const bool reversed : {false, true}) {
      std::vector<article::Article> in = copies();
      if (reversed) std::reverse(in.begin(), in.end());
      index::IndexerOptions o;
      o.shard_by = by;
      const std::string db = tmp.db(std::string(by ? "year" : "one") + (reversed ? "-rev" : ""));
      test_support::index_articles(db, std::move(in), o);
      SearchRequest req;
      req.query = "harbour pier";
      Searcher s(db);
      const SearchResult r = s.search(req);
      ASSERT_EQ(r.hits.size(), want.size());
      EXPECT_DOUBLE_EQ(r.hits.front().score, r.hits.back().score) << "the copies must tie";
      Ids got;
      for (const Hit& h : r.hits) got.push_back(h.id);
      EXPECT_EQ(got, want) << db;
    }
  }
}

TEST_F(SearcherTest, ForEachMatchIsOldestFirstUndatedLast) {
  SearchRequest req;
  std::vector<std::string> seen;
  Searcher s(db());
  EXPECT_EQ(s.for_each_match(req, [&](const article::Article& a) { seen.push_back(a.id); }), 6u);
  EXPECT_EQ(seen, (Ids{"market", "sao", "body-iran", "title-iran", "zh", "undated"}));
}

TEST(SearchTypesTest, FacetNamesAreTheTablesFacets) {
  // types.h keeps Xapian (and so schema.h) out of json/ and http/, so it
  // spells the facet names; they must be the rows flagged kFacet.
  std::vector<std::string> facets;
  for (const schema::Field& f : schema::kFields) {
    if (f.has(schema::kFacet)) facets.emplace_back(f.name);
  }
  EXPECT_EQ(kFacetNames, facets);
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
  const fs::path dir = fs::temp_directory_path() / ("dateline-facet-forms-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    index::IndexerOptions o;
    o.db_path = dir.string();
    o.threads = 1;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (const char* source : {"Coastline Herald", "COASTLINE HERALD", "Coastline Herald", "Dateline Wire"}) {
      article::Article a = make("a" + std::to_string(line), "Port strike", "Dockers walked out.", kFeb6);
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

// Issue 13: a damaged date slot value (huge, infinite, junk: only a damaged
// or hand-made index has one) never reaches an integer conversion: stats,
// timelines from spies or columns, and recency ranking treat it as no date.
TEST(SearcherDamageTest, DateSlotValuesOutOfRangeAreNoDate) {
  const fs::path dir = fs::temp_directory_path() / ("dateline-damaged-dates-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    index::IndexerOptions o;
    o.db_path = dir.string();
    o.threads = 1;
    o.shards = 1;
    index::Indexer ix(o);
    std::size_t line = 0;
    for (const char* id : {"good", "huge", "inf", "bytes", "tiny"}) {
      ix.add({make(id, "Port strike", "Dockers walked out.", kFeb6), "d.jsonl", ++line});
    }
    (void)ix.finish();
  }
  {
    Xapian::WritableDatabase db(dir.string());
    // (sortable_serialise() stores NaN as a number near 0, a real date.)
    const std::pair<const char*, std::string> damage[] = {{"huge", Xapian::sortable_serialise(1e300)},
                                                          {"inf", Xapian::sortable_serialise(HUGE_VAL)},
                                                          {"bytes", std::string(9, '\xff')},
                                                          {"tiny", Xapian::sortable_serialise(-9.3e18)}};
    for (const auto& [id, value] : damage) {
      const std::string term = schema::id_term(id);
      Xapian::PostingIterator p = db.postlist_begin(term);
      ASSERT_NE(p, db.postlist_end(term)) << id;
      Xapian::Document doc = db.get_document(*p);
      doc.add_value(schema::kSlotPublished, value);
      db.replace_document(*p, doc);
    }
    db.commit();
  }
  Searcher s(dir.string());
  const IndexStatsInfo st = s.stats();
  EXPECT_EQ(st.articles, 5u);
  for (const std::string& d : {st.first_date, st.last_date}) {
    EXPECT_TRUE(d.empty() || d == "2026-02-06T09:30:00Z") << d;
  }
  for (auto mode : {Searcher::FacetColumnsMode::kNever, Searcher::FacetColumnsMode::kAlways}) {
    s.set_facet_columns(mode);
    SearchRequest req;
    req.timeline = "day";
    req.facets = {"source"};
    const SearchResult r = s.search(req);
    EXPECT_EQ(r.total, 5u);
    ASSERT_EQ(r.timeline.size(), 1u) << "mode " << static_cast<int>(mode);
    EXPECT_EQ(r.timeline[0].date, "2026-02-06");
    EXPECT_EQ(r.timeline[0].count, 1u) << "only the good date counts";
  }
  SearchRequest recent;
  recent.query = "strike";
  recent.sort = SortOrder::kRecent;
  EXPECT_EQ(s.search(recent).total, 5u);
  fs::remove_all(dir);
}

// Issue 13: a stored article that does not decode (a damaged index) is a
// dateline::Error naming the index, the document and the field, in
// search, show and export alike; never nlohmann's type_error.
TEST(SearcherDamageTest, StoredArticlesOfTheWrongShapeAreErrorsNamingTheDocument) {
  const fs::path dir = fs::temp_directory_path() / ("dateline-damaged-data-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    index::IndexerOptions o;
    o.db_path = dir.string();
    o.threads = 1;
    o.shards = 1;
    index::Indexer ix(o);
    ix.add({make("bad", "Port strike", "Dockers walked out.", kFeb6), "d.jsonl", 1});
    (void)ix.finish();
  }
  Xapian::docid did = 0;
  {
    Xapian::WritableDatabase db(dir.string());
    const std::string term = schema::id_term("bad");
    did = *db.postlist_begin(term);
    Xapian::Document doc = db.get_document(did);
    doc.set_data(R"({"id":"bad","title":"Port strike","places":[{"name":1}]})");
    db.replace_document(did, doc);
    db.commit();
  }
  Searcher s(dir.string());
  const std::string want = dir.string() + ": document " + std::to_string(did) +
                           ": stored article: 'places[0].name' is a number, not a string";
  auto expect_error = [&](const char* what, const std::function<void()>& f) {
    try {
      f();
      ADD_FAILURE() << what << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(want, 0), 0u) << what << ": " << e.what();
    }
  };
  SearchRequest req;
  req.query = "strike";
  expect_error("search", [&] { (void)s.search(req); });
  expect_error("get", [&] { (void)s.get("bad"); });
  expect_error("for_each_match", [&] { (void)s.for_each_match(req, [](const article::Article&) {}); });
  fs::remove_all(dir);
}

// Entity values and their aliases: every facet value filters to exactly
// its count, whichever way the facets were counted, and typed values are
// lenient where no value matches exactly.
class SearcherAliasTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("dateline-alias-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    index::IndexerOptions o;
    o.db_path = dir_->string();
    o.threads = 1;
    index::Indexer ix(o);
    struct Doc {
      std::vector<std::string> persons, orgs;
      std::vector<std::string> places;
    };
    const Doc docs[] = {
        {{"Ronald Reagan"}, {"Texaco"}, {"Washington, D.C."}},
        {{"Ronald Reagan", "Jim Baker"}, {"Texaco", "Texaco Inc"}, {"Washington, D.C.", "Paris"}},
        {{"Ronald Reagan", "Howard Baker"}, {"Texaco Inc"}, {"Washington, D.C.", "Paris"}},
        {{"Reagan", "Baker"}, {"Texaco Canada", "Doctor Who"}, {"Washington", "Paris"}},
        {{"Nancy Reagan"}, {"World Health Organization", "O'Brien & Sons, Ltd."}, {"Paris, Texas"}},
    };
    std::size_t line = 0;
    for (const Doc& d : docs) {
      article::Article a = make("d" + std::to_string(line), "Oil news", "Prices moved.",
                                kFeb6 + static_cast<std::int64_t>(line) * 86400);
      a.entities.persons = d.persons;
      a.entities.organizations = d.orgs;
      for (const std::string& p : d.places) a.entities.places.push_back({p, "city", "US"});
      ix.add({std::move(a), "aliases.jsonl", ++line});
    }
    (void)ix.finish();
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static std::size_t total(const std::string& field, const std::string& value) {
    SearchRequest req;
    req.filters.emplace_back(field, value);
    return Searcher(dir_->string()).search(req).total;
  }
  static std::size_t total_inline(const std::string& query) {
    SearchRequest req;
    req.query = query;
    return Searcher(dir_->string()).search(req).total;
  }
  static std::vector<FacetValue> facet(const std::string& name, Searcher::FacetColumnsMode mode) {
    Searcher s(dir_->string());
    s.set_facet_columns(mode);
    SearchRequest req;
    req.facets = {name};
    req.facet_size = 100;
    return s.search(req).facets.at(0).second;
  }
  static Ids ids(const SearchResult& r) {
    Ids out;
    for (const Hit& h : r.hits) out.push_back(h.id);
    return out;
  }
  static fs::path* dir_;
};
fs::path* SearcherAliasTest::dir_ = nullptr;

TEST_F(SearcherAliasTest, EveryFacetValueFiltersToItsCount) {
  for (auto mode : {Searcher::FacetColumnsMode::kNever, Searcher::FacetColumnsMode::kAlways}) {
    for (const char* name : {"person", "org", "place"}) {
      std::vector<FacetValue> values = facet(name, mode);
      ASSERT_FALSE(values.empty()) << name;
      for (const FacetValue& v : values) {
        EXPECT_EQ(total(name, v.value), v.count) << name << ":" << v.value;
        std::string quoted;
        for (char c : v.value) {
          if (c == '"' || c == '\\') quoted += '\\';
          quoted += c;
        }
        EXPECT_EQ(total_inline(std::string(name) + ":\"" + quoted + "\""), v.count) << name << ":" << v.value;
      }
    }
  }
  // The two ways of counting agree.
  for (const char* name : {"person", "org", "place"}) {
    std::vector<FacetValue> a = facet(name, Searcher::FacetColumnsMode::kNever);
    std::vector<FacetValue> b = facet(name, Searcher::FacetColumnsMode::kAlways);
    ASSERT_EQ(a.size(), b.size()) << name;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].value, b[i].value) << name;
      EXPECT_EQ(a[i].count, b[i].count) << name << ":" << a[i].value;
    }
  }
}

TEST_F(SearcherAliasTest, AliasesAreOneValue) {
  auto count_of = [](const std::vector<FacetValue>& values, const std::string& v) -> long {
    for (const FacetValue& f : values) {
      if (f.value == v) return static_cast<long>(f.count);
    }
    return -1;
  };
  std::vector<FacetValue> orgs = facet("org", Searcher::FacetColumnsMode::kNever);
  EXPECT_EQ(count_of(orgs, "Texaco"), 3) << "Texaco and Texaco Inc, once per article";
  EXPECT_EQ(count_of(orgs, "Texaco Inc"), -1);
  EXPECT_EQ(count_of(orgs, "Texaco Canada"), 1) << "another company";
  std::vector<FacetValue> places = facet("place", Searcher::FacetColumnsMode::kAlways);
  EXPECT_EQ(count_of(places, "Washington, D.C."), 4);
  EXPECT_EQ(count_of(places, "Washington"), -1);
  EXPECT_EQ(count_of(places, "Paris"), 3) << "a bare name more common than its qualified one stays";
  EXPECT_EQ(count_of(places, "Paris, Texas"), 1);
  std::vector<FacetValue> persons = facet("person", Searcher::FacetColumnsMode::kNever);
  EXPECT_EQ(count_of(persons, "Ronald Reagan"), 4);
  EXPECT_EQ(count_of(persons, "Baker"), 1) << "no clear favourite among the Bakers";
}

TEST_F(SearcherAliasTest, TypedValuesAreLenient) {
  EXPECT_EQ(total("org", "texaco"), 3u);
  EXPECT_EQ(total("org", "TEXACO INC"), 3u);
  EXPECT_EQ(total("org", "texaco canada"), 1u);
  EXPECT_EQ(total("place", "washington"), 4u);
  EXPECT_EQ(total("person", "reagan"), 4u) << "the Reagan the facet shows";
  EXPECT_EQ(total("person", "ronald"), 4u) << "no exact value: every name with the word, with its aliases";
  // An acronym before a word in a name.
  SearchRequest req;
  req.filters.emplace_back("org", "who");
  SearchResult r = Searcher(dir_->string()).search(req);
  EXPECT_EQ(r.total, 1u);
  ASSERT_EQ(r.filters.size(), 1u);
  EXPECT_EQ(r.filters[0].matched, std::vector<std::string>{"World Health Organization"});
  EXPECT_EQ(ids(r), Ids{"d4"});
  EXPECT_EQ(total("org", "doctor who"), 1u);
  EXPECT_EQ(total("actor", "texaco"), 3u);
}

TEST_F(SearcherAliasTest, OneLiteralValuePerFilterAndListsInline) {
  // A flag's value is one value: its comma is part of it.
  EXPECT_EQ(total("place", "Washington, D.C."), 4u);
  EXPECT_EQ(total("org", "O'Brien & Sons, Ltd."), 1u);
  // Either, inline: a list with a quoted item.
  EXPECT_EQ(total_inline("place:\"Paris, Texas\",washington"), 5u);
  EXPECT_EQ(total_inline("person:\"nancy reagan\" OR org:texaco"), 4u);
  // The same field twice: both.
  SearchRequest both;
  both.filters = {{"person", "Ronald Reagan"}, {"person", "Jim Baker"}};
  EXPECT_EQ(Searcher(dir_->string()).search(both).total, 1u);
}

TEST_F(SearcherAliasTest, EmptyValuesAndBackwardsRangesAreErrors) {
  SearchRequest req;
  req.filters.emplace_back("person", " ");
  try {
    (void)Searcher(dir_->string()).search(req);
    ADD_FAILURE() << "no error for an empty value";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "person");
  }
  SearchRequest dates;
  dates.from = "2026-03";
  dates.to = "2026-02";
  try {
    (void)Searcher(dir_->string()).search(dates);
    ADD_FAILURE() << "no error for from after to";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "from");
  }
  dates.from = "2026-02";  // the same month both ways is fine
  EXPECT_EQ(Searcher(dir_->string()).search(dates).total, 5u);
  EXPECT_THROW((void)total_inline("date:2026-03..2026-02"), InputError);
}

TEST_F(SearcherAliasTest, FiltersWithoutWordsListNewestFirst) {
  SearchRequest req;
  req.filters.emplace_back("place", "paris");
  EXPECT_EQ(ids(Searcher(dir_->string()).search(req)), (Ids{"d3", "d2", "d1"}));
}

TEST_F(SearcherAliasTest, FacetCapNeverClaimsExactness) {
  for (auto mode : {Searcher::FacetColumnsMode::kNever, Searcher::FacetColumnsMode::kAlways}) {
    Searcher s(dir_->string());
    s.set_facet_columns(mode);
    SearchRequest req;
    req.facets = {"org"};
    req.timeline = "day";
    req.facet_cap = 2;
    SearchResult r = s.search(req);
    EXPECT_EQ(r.total, 5u);
    EXPECT_FALSE(r.facets_exact);
    EXPECT_EQ(r.facets_counted, 2u);
    std::uint64_t days = 0;
    for (const TimelineBucket& b : r.timeline) days += b.count;
    EXPECT_EQ(days, 2u) << "the timeline is counted over the same matches";
    req.facet_cap = 5;
    r = s.search(req);
    EXPECT_TRUE(r.facets_exact);
    EXPECT_EQ(r.facets_counted, 5u);
  }
}

TEST_F(SearcherTest, OpeningMissingIndexThrows) {
  std::string missing = (dir_ / "no-such-index").string();
  try {
    Searcher s(missing);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  // A directory that is not a Xapian database.
  fs::create_directories(dir_ / "not-an-index");
  EXPECT_THROW(Searcher((dir_ / "not-an-index").string()), Error);
}

// Changes its own copy of the index.
TEST_F(SearcherTest, ReindexAndDeleteAreSeenAfterReopen) {
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
