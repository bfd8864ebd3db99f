#include "search/related.h"

#include <gtest/gtest.h>

#include "search/search_test_db.h"

namespace dateline::search {
namespace {

TEST(RelatedTest, ArticlesSharingTellingWordsBestFirst) {
  test_support::MemoryIndex ix;
  ix.add("coffee-1", "Coffee quotas", "Brazil coffee exporters discuss coffee quotas in London.", {});
  ix.add("coffee-2", "Coffee talks", "Coffee quotas talks between exporters resumed.", {});
  ix.add("grain", "Grain", "Wheat and maize harvest estimates.", {});
  ix.add("coffee-3", "Prices", "Coffee prices fell.", {});
  std::optional<SearchResult> r = related(ix.db(), "mem", "coffee-1", 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->query, "related:coffee-1");
  EXPECT_EQ(r->limit, 10u);
  ASSERT_GE(r->hits.size(), 2u);
  EXPECT_EQ(r->hits[0].id, "coffee-2") << "shares the most telling words";
  for (const Hit& h : r->hits) {
    EXPECT_NE(h.id, "coffee-1") << "not the article itself";
    EXPECT_NE(h.id, "grain");
    EXPECT_FALSE(h.snippet.empty());
  }
  EXPECT_EQ(related(ix.db(), "mem", "coffee-1", 1)->hits.size(), 1u);
  EXPECT_FALSE(related(ix.db(), "mem", "missing", 10).has_value());
}

TEST(RelatedTest, NoTellingWordsNoHits) {
  test_support::MemoryIndex ix;
  ix.add("n", "12", "1987 42", {});
  ix.add("m", "Other", "words here", {});
  std::optional<SearchResult> r = related(ix.db(), "mem", "n", 10);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->hits.empty());
  EXPECT_EQ(r->total, 0u);
}

}  // namespace
}  // namespace dateline::search
