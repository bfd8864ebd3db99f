#include "search/stories.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "index/document_builder.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "search/facets.h"
#include "search/searcher.h"
#include "test_article.h"
#include "util/error.h"

namespace dateline::search {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kFeb5 = 1770285600;  // 2026-02-05T10:00:00Z

struct Doc {
  std::string id;
  std::string story;  // "" : no story id (an index built by hand before stories)
  std::string source;
  std::optional<std::int64_t> published;
  std::string body;
  std::vector<std::string> persons;
};

// Three outlets' copies of one cyclone story (story "a1", plus a fourth
// version that does not say "cyclone"), a second cyclone story, an article
// without a story id, and an unrelated story.
std::vector<Doc> docs() {
  return {
      {"a1", "a1", "Wire One", kFeb5 + kDay, "Cyclone Delfina hit the coast of Mozambique.", {"Ann Lee"}},
      {"a2",
       "a1",
       "Daily Two",
       kFeb5 + 2 * kDay,
       "Cyclone Delfina hit the coast, officials said.",
       {"Ann Lee", "Bo Tan"}},
      {"a3", "a1", "Herald Three", kFeb5, "Cyclone Delfina hit the coast of Mozambique today.", {"Bo Tan"}},
      {"a4", "a1", "Post Four", kFeb5 + 3 * kDay, "A storm hit the coast of Mozambique.", {"Ann Lee"}},
      {"b1", "b1", "Wire One", kFeb5 + 2 * kDay, "A second cyclone formed in the channel.", {"Ann Lee"}},
      {"b2", "b1", "Daily Two", std::nullopt, "A second cyclone formed in the channel, undated.", {}},
      {"c1", "", "Herald Three", kFeb5 + kDay, "The cyclone season ends in April.", {"Bo Tan"}},
      {"d1", "d1", "Wire One", kFeb5, "Oil prices rose on Friday.", {"Ann Lee"}},
  };
}

// Builds the index with the real document builder, then gives each
// document its story as the indexer does: the XSTORY: term and slot 9.
class StoriesTest : public testing::Test {
 protected:
  void SetUp() override {
    try {
      build();
    } catch (const Xapian::Error& e) {
      FAIL() << e.get_description();
    }
  }
  void build() {
    dir_ = fs::temp_directory_path() / ("stories-test-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    Xapian::WritableDatabase db(dir_.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    for (const Doc& d : docs()) {
      article::Article a = test_support::make_article(d.id, "Report " + d.id, d.body, d.published);
      a.source = d.source;
      a.language = "en";
      a.entities.persons = d.persons;
      Xapian::Document doc = index::build_document(a);
      // Whatever story the builder gave, the test's is the one.
      std::vector<std::string> old;
      const std::string prefix = schema::story_term("");
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if ((*t).rfind(prefix, 0) == 0) old.push_back(*t);
      }
      for (const std::string& t : old) doc.remove_term(t);
      if (!doc.get_value(schema::kSlotStory).empty()) doc.remove_value(schema::kSlotStory);
      if (!d.story.empty()) {
        doc.add_boolean_term(schema::story_term(d.story));
        doc.add_value(schema::kSlotStory, d.story);
      }
      db.add_document(doc);
    }
    db.commit();
  }
  void TearDown() override { fs::remove_all(dir_); }

  SearchResult run(SearchRequest req) {
    Searcher s(dir_.string());
    return s.search(req);
  }
  static SearchRequest query(const std::string& q) {
    SearchRequest req;
    req.query = q;
    req.snippets = false;
    req.spelling = false;
    return req;
  }

  fs::path dir_;
};

TEST_F(StoriesTest, EveryHitCarriesItsStory) {
  SearchResult r = run(query("cyclone"));
  EXPECT_FALSE(r.collapsed_by_story);
  EXPECT_EQ(r.total, 6u);
  std::map<std::string, std::pair<std::string, std::uint64_t>> got;
  for (const Hit& h : r.hits) {
    if (h.has_story) got[h.id] = {h.story.id, h.story.size};
    EXPECT_TRUE(h.story.versions.empty()) << h.id << ": versions are listed only when collapsed";
  }
  // The size counts every version, matching or not (a4 has no "cyclone").
  EXPECT_EQ(
      got,
      (std::map<std::string, std::pair<std::string, std::uint64_t>>{
          {"a1", {"a1", 4}}, {"a2", {"a1", 4}}, {"a3", {"a1", 4}}, {"b1", {"b1", 2}}, {"b2", {"b1", 2}}}));
}

TEST_F(StoriesTest, CollapseGivesOneHitPerStoryWithTheOtherVersions) {
  SearchRequest req = query("cyclone");
  req.collapse_story = true;
  SearchResult r = run(req);
  EXPECT_TRUE(r.collapsed_by_story);
  // Stories a1 and b1, and c1 (no story id: never collapsed).
  EXPECT_EQ(r.total, 3u);
  EXPECT_TRUE(r.total_exact);
  ASSERT_EQ(r.hits.size(), 3u);
  std::set<std::string> stories;
  for (const Hit& h : r.hits) {
    stories.insert(h.has_story ? h.story.id : "(none):" + h.id);
    if (h.has_story && h.story.id == "a1") {
      EXPECT_EQ(h.story.size, 4u);
      // All other versions, by date, the matching and the others alike.
      std::vector<std::string> ids;
      for (const StoryVersion& v : h.story.versions) ids.push_back(v.id);
      std::vector<std::string> want;
      for (const char* id : {"a3", "a1", "a2", "a4"}) {
        if (id != h.id) want.push_back(id);
      }
      EXPECT_EQ(ids, want);
      for (const StoryVersion& v : h.story.versions) EXPECT_FALSE(v.source.empty()) << v.id;
    }
    if (h.has_story && h.story.id == "b1") {
      ASSERT_EQ(h.story.versions.size(), 1u);
      EXPECT_NE(h.story.versions[0].id, h.id);
    }
  }
  EXPECT_EQ(stories, (std::set<std::string>{"a1", "b1", "(none):c1"}));

  // Paging walks stories: the second page has the rest.
  req.limit = 2;
  req.offset = 2;
  SearchResult page = run(req);
  EXPECT_EQ(page.total, 3u);
  EXPECT_EQ(page.hits.size(), 1u);
}

// Xapian's own collapsed counts are estimates once matches fall out of the
// result window (a short page, weights spread by an OR): the total must not
// depend on the page size.
TEST_F(StoriesTest, CollapsedTotalIsExactWhateverThePageSize) {
  for (const char* q : {"cyclone OR coast OR oil OR storm", "mozambique OR oil", "cyclone", ""}) {
    SearchRequest req = query(q);
    req.collapse_story = true;
    req.limit = 100;
    const SearchResult all = run(req);
    std::set<std::string> stories;
    for (const Hit& h : all.hits) stories.insert(h.has_story ? h.story.id : "(none):" + h.id);
    EXPECT_EQ(stories.size(), all.hits.size()) << q << ": one hit per story";
    for (std::size_t limit : {0, 1, 2}) {
      req.limit = limit;
      const SearchResult r = run(req);
      EXPECT_EQ(r.total, stories.size()) << q << " limit " << limit;
      EXPECT_TRUE(r.total_exact) << q << " limit " << limit;
    }
  }
}

TEST_F(StoriesTest, StoryLookupByAnyVersionOrStoryId) {
  Searcher s(dir_.string());
  for (const char* id : {"a1", "a2", "a4"}) {
    std::optional<StoryInfo> st = s.story(id);
    ASSERT_TRUE(st) << id;
    EXPECT_EQ(st->id, "a1") << id;
    EXPECT_EQ(st->size, 4u) << id;
    std::vector<std::string> ids;
    for (const StoryVersion& v : st->versions) ids.push_back(v.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"a3", "a1", "a2", "a4"})) << id;
    EXPECT_EQ(st->versions[0].source, "Herald Three");
    EXPECT_EQ(st->versions[0].title, "Report a3");
    EXPECT_EQ(st->versions[0].date.substr(0, 10), "2026-02-05");
  }
  // Undated versions come last.
  std::optional<StoryInfo> b = s.story("b1");
  ASSERT_TRUE(b);
  ASSERT_EQ(b->versions.size(), 2u);
  EXPECT_EQ(b->versions[1].id, "b2");
  EXPECT_EQ(b->versions[1].date, "");
  // The limit caps the list, not the size.
  std::optional<StoryInfo> capped = s.story("a3", 2);
  ASSERT_TRUE(capped);
  EXPECT_EQ(capped->size, 4u);
  EXPECT_EQ(capped->versions.size(), 2u);
  EXPECT_FALSE(s.story("nope"));
  EXPECT_FALSE(s.story("c1")) << "an article without a story id has no story";

  ASSERT_TRUE(s.article_story("a2"));
  EXPECT_EQ(s.article_story("a2")->id, "a1");
  EXPECT_TRUE(s.article_story("a2")->versions.empty());
  EXPECT_FALSE(s.article_story("c1"));
  EXPECT_FALSE(s.article_story("nope"));
}

// The invariant of --facet-by story: a value's count is the collapsed total
// of the same search filtered by the value.
TEST_F(StoriesTest, FacetByStoryCountsEqualCollapsedFilteredTotals) {
  for (const char* q : {"cyclone", "coast", "", "mozambique OR oil"}) {
    SearchRequest req = query(q);
    req.facets = {"person", "source"};
    req.facet_size = 100;
    req.facet_by_story = true;
    req.collapse_story = true;
    SearchResult r = run(req);
    EXPECT_TRUE(r.facets_by_story) << q;
    EXPECT_TRUE(r.facets_exact) << q << ": total " << r.total << (r.total_exact ? " exact" : " estimated")
                                << ", counted " << r.facets_counted;
    ASSERT_EQ(r.facets.size(), 2u);
    std::size_t values = 0;
    for (const auto& [facet, top] : r.facets) {
      for (const FacetValue& v : top) {
        SearchRequest filtered = query(q);
        filtered.collapse_story = true;
        filtered.filters.emplace_back(facet, v.value);
        EXPECT_EQ(v.count, run(filtered).total) << q << " " << facet << ":" << v.value;
        ++values;
      }
    }
    EXPECT_GT(values, 0u) << q;
  }
  // By article for comparison: Ann Lee is in a1, a2, b1 of the cyclone
  // matches, which are two stories.
  SearchRequest req = query("cyclone");
  req.facets = {"person"};
  std::map<std::string, std::uint64_t> by_article, by_story;
  const SearchResult articles = run(req);
  for (const FacetValue& v : articles.facets[0].second) by_article[v.value] = v.count;
  req.facet_by_story = true;
  const SearchResult stories = run(req);
  for (const FacetValue& v : stories.facets[0].second) by_story[v.value] = v.count;
  EXPECT_EQ(by_article["Ann Lee"], 3u);
  EXPECT_EQ(by_story["Ann Lee"], 2u);
  // Bo Tan: a2 and a3 (story a1) and c1 (its own story).
  EXPECT_EQ(by_story["Bo Tan"], 2u);
}

TEST_F(StoriesTest, TimelineByStoryCountsEachStoryOnItsEarliestMatchingDay) {
  SearchRequest req = query("cyclone");
  req.timeline = "day";
  req.facet_by_story = true;
  SearchResult r = run(req);
  std::map<std::string, std::uint64_t> days;
  std::uint64_t sum = 0;
  for (const TimelineBucket& b : r.timeline) {
    if (b.count) days[b.date] = b.count;
    sum += b.count;
  }
  // a1's story on Feb 5 (a3, its earliest matching version), c1 on Feb 6,
  // b1's story on Feb 7 (b2 is undated).
  EXPECT_EQ(days,
            (std::map<std::string, std::uint64_t>{{"2026-02-05", 1}, {"2026-02-06", 1}, {"2026-02-07", 1}}));
  // The buckets sum to the collapsed total of the dated stories.
  SearchRequest dated = query("cyclone");
  dated.collapse_story = true;
  dated.from = "2000";
  EXPECT_EQ(sum, run(dated).total);

  // Only matching versions count: "mozambique" matches a1, a3, a4 but not
  // a2, so the story is on Feb 5 still; "storm" only a4 (Feb 8).
  req.query = "storm";
  r = run(req);
  ASSERT_FALSE(r.timeline.empty());
  EXPECT_EQ(r.timeline.front().date, "2026-02-08");
  EXPECT_EQ(r.timeline.front().count, 1u);
}

TEST_F(StoriesTest, FacetColumnsModeStillCountsStories) {
  // The facet columns count values, not stories: a story count must not
  // come from them even when they are loaded.
  Searcher s(dir_.string());
  s.set_facet_columns(Searcher::FacetColumnsMode::kAlways);
  SearchRequest req = query("cyclone");
  req.facets = {"person"};
  req.facet_by_story = true;
  std::map<std::string, std::uint64_t> counts;
  const SearchResult r = s.search(req);
  for (const FacetValue& v : r.facets[0].second) counts[v.value] = v.count;
  EXPECT_EQ(counts["Ann Lee"], 2u);
}

TEST(StoryCounterTest, StockCountingCannotCountStories) {
  try {
    (void)make_story_facet_counter(schema::kSlotPersons, CounterKind::kStockCombinations);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "facet_by");
    EXPECT_NE(std::string(e.what()).find("remote"), std::string::npos) << e.what();
  }
  EXPECT_NE(make_story_facet_counter(schema::kSlotPersons, CounterKind::kPackedSpy), nullptr);
}

}  // namespace
}  // namespace dateline::search
