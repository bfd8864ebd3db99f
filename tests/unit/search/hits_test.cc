#include "search/hits.h"

#include <gtest/gtest.h>

#include "search/search_test_db.h"
#include "util/error.h"

namespace dateline::search {
namespace {

TEST(HitsTest, FieldsFromTheStoredArticle) {
  test_support::MemoryIndex ix;
  article::Article a =
      test_support::make_article("x1", "Coffee quotas", "Exporters met on coffee.", 1770370200);
  a.url = "https://example.com/x1";
  ix.add(a);
  ix.add(test_support::make_article("x2", "Undated coffee", "", std::nullopt));
  Xapian::Enquire enquire(ix.db());
  enquire.set_query(Xapian::Query("coffee"));
  Xapian::MSet mset = enquire.get_mset(0, 10);
  ASSERT_EQ(mset.size(), 2u);
  Highlighter hl;
  hl.words.insert("coffee");
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Hit h = make_hit(it, hl, true, "mem");
    EXPECT_EQ(h.docid, *it);
    EXPECT_DOUBLE_EQ(h.score, it.get_weight());
    if (h.id == "x1") {
      EXPECT_EQ(h.title, "Coffee quotas");
      EXPECT_EQ(h.date, "2026-02-06T09:30:00Z");
      EXPECT_EQ(h.source, "Test Wire");
      EXPECT_EQ(h.url, "https://example.com/x1");
      bool marked = false;
      for (const SnippetPart& p : h.snippet) marked |= p.match && p.text == "coffee";
      EXPECT_TRUE(marked) << "the body's match is marked";
    } else {
      EXPECT_EQ(h.id, "x2");
      EXPECT_EQ(h.date, "");
      ASSERT_FALSE(h.snippet.empty()) << "no body: the title is the snippet";
    }
    EXPECT_TRUE(make_hit(it, hl, false, "mem").snippet.empty());
  }
}

TEST(HitsTest, StoredDataThatDoesNotDecodeNamesTheIndexAndDocument) {
  Xapian::Document doc;
  doc.set_data(R"({"id":"x","title":"t","places":[{"name":1}]})");
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  db.add_document(doc);
  try {
    (void)stored_article(db.get_document(1), "/idx");
    FAIL() << "a place name that is a number is an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/idx: document 1: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("re-index"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dateline::search
