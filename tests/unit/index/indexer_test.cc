#include "index/indexer.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "article/article_json.h"
#include "index/document_builder.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "search/searcher.h"
#include "temp_index.h"
#include "test_article.h"
#include "util/error.h"

namespace dateline::index {
namespace {

namespace fs = std::filesystem;

using test_support::make_article;

struct TempDir : test_support::TempDir {
  TempDir() : test_support::TempDir("indexer-test") {}
};

IndexStats index_all(const std::string& db, std::vector<article::Article> articles,
                     Annotator annotator = {}) {
  IndexerOptions o;
  o.annotator = std::move(annotator);
  return test_support::index_articles(db, std::move(articles), std::move(o));
}

TEST(IndexerTest, AddsArticles) {
  TempDir tmp;
  std::vector<article::Article> as;
  for (int i = 0; i < 5; ++i) {
    as.push_back(make_article("a" + std::to_string(i), "Title " + std::to_string(i), "Body text"));
  }
  IndexStats s = index_all(tmp.db(), as);
  EXPECT_EQ(s.added, 5u);
  EXPECT_EQ(s.replaced, 0u);
  EXPECT_EQ(s.failed, 0u);
  EXPECT_GT(s.seconds, 0.0) << "finish() leaves only 'skipped' to the caller";
  Xapian::Database db(tmp.db());
  EXPECT_EQ(db.get_doccount(), 5u);
  EXPECT_EQ(db.get_metadata(schema::kSchemaKey), std::to_string(schema::kSchemaVersion));
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(db.term_exists(schema::id_term("a" + std::to_string(i)))) << i;
  }
}

TEST(IndexerTest, ReindexingSameIdReplaces) {
  TempDir tmp;
  index_all(tmp.db(), {make_article("x", "Old title", "old"), make_article("y", "Other", "other")});
  IndexStats s = index_all(tmp.db(), {make_article("x", "New title", "new")});
  EXPECT_EQ(s.added, 0u);
  EXPECT_EQ(s.replaced, 1u);
  Xapian::Database db(tmp.db());
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_FALSE(db.term_exists("old"));
  EXPECT_TRUE(db.term_exists("new"));
}

TEST(IndexerTest, SameIdTwiceInOneRun) {
  TempDir tmp;
  IndexStats s = index_all(tmp.db(), {make_article("x", "First", "one"), make_article("x", "Second", "two"),
                                      make_article("z", "Third", "three")});
  EXPECT_EQ(s.added, 2u);
  EXPECT_EQ(s.replaced, 1u);
  Xapian::Database db(tmp.db());
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists("two")) << "input order is kept: the last one wins";
  EXPECT_FALSE(db.term_exists("one"));
}

TEST(IndexerTest, AssignsIdsAndRunsAnnotator) {
  TempDir tmp;
  article::Article with_url = make_article("", "Url article", "body");
  with_url.url = "https://example.com/u";
  article::Article hashed = make_article("", "Hashed article", "body");
  index_all(tmp.db(), {with_url, hashed}, [](const article::Article& a) {
    article::Entities e;
    e.persons = {"Person Of " + a.title};
    e.countries = {"IR"};
    e.places = {{"São Paulo", "city", "BR"}};
    return e;
  });
  Xapian::Database db(tmp.db());
  EXPECT_EQ(db.get_doccount(), 2u);
  EXPECT_TRUE(db.term_exists(schema::id_term("https://example.com/u")));
  EXPECT_TRUE(db.term_exists("XPERSON:person of url article"));
  EXPECT_EQ(db.get_termfreq("XCOUNTRY:IR"), 2u);
  EXPECT_EQ(db.get_termfreq("XPLACE:sao paulo"), 2u);
  Xapian::PostingIterator p = db.postlist_begin(schema::id_term("https://example.com/u"));
  article::Article back = article::from_stored_json(db.get_document(*p).get_data());
  EXPECT_EQ(back.entities.persons, std::vector<std::string>{"Person Of Url article"});
}

// Issue 13: the indexer's own messages quote the input (a file name, an
// error that quotes a value): no control character of it reaches the
// terminal; each becomes U+FFFD, as in every other terminal line.
TEST(IndexerTest, MessagesAreSafeForATerminal) {
  TempDir tmp;
  IndexerOptions o;
  o.db_path = tmp.db();
  o.threads = 1;
  o.annotator = [](const article::Article&) -> article::Entities {
    throw std::runtime_error(
        "bad value \x1b]0;pwned\x07 \xc2\x9b"
        "2J");
  };
  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  {
    Indexer ix(o);
    ix.add({make_article("x\x1b[2J", "Title", "Body"), "in\x1b[31m.jsonl", 3});
    (void)ix.finish();
  }
  std::cerr.rdbuf(old);
  const std::string err = captured.str();
  EXPECT_NE(err.find("in\xEF\xBF\xBD[31m.jsonl:3: cannot index article: bad value \xEF\xBF\xBD]0;pwned"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << err;
  EXPECT_EQ(err.find('\x07'), std::string::npos) << err;
  EXPECT_EQ(err.find("\xc2\x9b"), std::string::npos) << err;
}

TEST(IndexerTest, DeleteArticlesReportsMissing) {
  TempDir tmp;
  index_all(tmp.db(),
            {make_article("a", "A", "a"), make_article("b", "B", "b"), make_article("c", "C", "c")});
  std::vector<std::string> missing = delete_articles(tmp.db(), {"a", "nope", "c", "a"});
  EXPECT_EQ(missing, (std::vector<std::string>{"nope", "a"}));
  Xapian::Database db(tmp.db());
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_TRUE(db.term_exists(schema::id_term("b")));
}

TEST(IndexerTest, DeleteFromMissingIndexThrows) {
  TempDir tmp;
  // The parent directory does not exist, so nothing can be created there.
  EXPECT_THROW((void)delete_articles(tmp.db() + "/no/such/dir", {"a"}), Error);
}

TEST(IndexerTest, RefusesAnotherSchemaVersion) {
  TempDir tmp;
  {
    Xapian::WritableDatabase db(tmp.db(), Xapian::DB_CREATE_OR_OPEN);
    db.add_document(Xapian::Document());
    db.set_metadata(schema::kSchemaKey, "999");
    db.commit();
  }
  IndexerOptions o;
  o.db_path = tmp.db();
  EXPECT_THROW(Indexer ix(o), Error);
}

// Another writer holding the index is named as such; other reasons Xapian
// reports as a lock error (a lock file it cannot open on a read-only
// filesystem) are not (tests/e2e/T044-disk.sh).
TEST(IndexerTest, ASecondWriterIsRefusedAsLocked) {
  TempDir tmp;
  Xapian::WritableDatabase first(tmp.db(), Xapian::DB_CREATE_OR_OPEN);
  IndexerOptions o;
  o.db_path = tmp.db();
  try {
    Indexer ix(o);
    ADD_FAILURE() << "a second writer was let in";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), tmp.db() + ": the index is locked by another dateline-index run");
  }
}

// The writer's failure path where T044 cannot mount a small disk: a file
// size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes Xapian's writes fail
// with EFBIG part way through a run. The error names the index and the
// reason; the index keeps whole batches only, and what was there before.
TEST(IndexerTest, AWriteFailureIsAClearErrorAndLeavesWholeBatches) {
  TempDir tmp;
  (void)index_all(tmp.db(), {make_article("before", "Before", "Committed before the limit.")});
  constexpr std::size_t kBatch = 50;
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = 1 << 20;  // 1 MiB per file
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string error;
  try {
    IndexerOptions o;
    o.db_path = tmp.db();
    o.threads = 1;
    o.batch_size = kBatch;
    Indexer ix(o);
    std::uint32_t r = 13;
    for (std::size_t i = 0; i < 20000; ++i) {
      std::string body;
      for (int k = 0; k < 120; ++k) {
        r = r * 1103515245u + 12345u;
        body += "w" + std::to_string(r % 500000) + " ";
      }
      ix.add({make_article("g" + std::to_string(i), "Filler report", body), "big.jsonl", i + 1});
    }
    (void)ix.finish();
  } catch (const Error& e) {
    error = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(error.empty()) << "20000 articles fitted in 1 MiB files";
  EXPECT_EQ(error.rfind(tmp.db() + ": cannot write the index: ", 0), 0u) << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << error;
  EXPECT_NE(error.find("it is left as it was at its last commit"), std::string::npos) << error;
  Xapian::Database db(tmp.db());
  EXPECT_TRUE(db.term_exists(schema::id_term("before")));
  const std::size_t added = db.get_doccount() - 1;
  EXPECT_EQ(added % kBatch, 0u) << added << " articles committed";
  EXPECT_GE(added, kBatch) << "the batches before the failure are kept";
  EXPECT_LT(added, 20000u);
}

TEST(IndexerTest, LongIdsAreIndexedAndReplaced) {
  TempDir tmp;
  std::string long_id(500, 'i');
  index_all(tmp.db(), {make_article(long_id, "Long id", "first")});
  IndexStats s = index_all(tmp.db(), {make_article(long_id, "Long id", "second")});
  EXPECT_EQ(s.replaced, 1u);
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 1u);
}

// The names in a directory, sorted, space-separated.
std::string listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " ") + n;
  return out;
}

IndexStats index_sharded(const std::string& db, int n, unsigned shards = 3) {
  IndexerOptions o;
  o.db_path = db;
  o.threads = 2;
  o.shards = shards;
  Indexer ix(o);
  for (int i = 0; i < n; ++i) {
    ix.add({make_article("s" + std::to_string(i), "Title " + std::to_string(i), "Body"), "t.jsonl",
            static_cast<std::size_t>(i + 1)});
  }
  return ix.finish();
}

TEST(IndexerTest, ShardedFirstBuildBecomesCurrentThroughAStub) {
  TempDir tmp;
  IndexStats s = index_sharded(tmp.db(), 40);
  EXPECT_EQ(s.added, 40u);
  // The merged database and the stub naming it; the empty index it
  // replaced and the shards are gone.
  EXPECT_EQ(listing(tmp.db()), "XAPIANDB gen-1");
  EXPECT_EQ(listing(fs::path(tmp.db()).parent_path()), "db");
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 40u);
  // Later runs write through the stub.
  IndexStats again = index_all(tmp.db(), {make_article("s1", "T", "B"), make_article("new", "T", "B")});
  EXPECT_EQ(again.replaced, 1u);
  EXPECT_EQ(again.added, 1u);
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 41u);
  EXPECT_EQ(listing(tmp.db()), "XAPIANDB gen-1");
  // Deleted down to nothing, the next build is sharded again: a new
  // generation replaces the old.
  std::vector<std::string> ids = {"new"};
  for (int i = 0; i < 40; ++i) ids.push_back("s" + std::to_string(i));
  EXPECT_TRUE(delete_articles(tmp.db(), ids).empty());
  index_sharded(tmp.db(), 5);
  EXPECT_EQ(listing(tmp.db()), "XAPIANDB gen-2");
  EXPECT_EQ(Xapian::Database(tmp.db()).get_doccount(), 5u);
}

TEST(IndexerTest, ReaderOfTheEmptyIndexFollowsTheSwap) {
  TempDir tmp;
  IndexerOptions o;
  o.db_path = tmp.db();
  o.shards = 2;
  Indexer ix(o);
  search::Searcher reader(tmp.db());  // opens the empty index the build starts with
  EXPECT_EQ(reader.stats().articles, 0u);
  for (int i = 0; i < 10; ++i) ix.add({make_article("r" + std::to_string(i), "T", "B"), "t", 1});
  ix.finish();
  EXPECT_TRUE(reader.reopen());
  EXPECT_EQ(reader.stats().articles, 10u);
}

// A PID that no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

TEST(IndexerTest, RemovesWhatKilledRunsLeft) {
  TempDir tmp;
  const fs::path db = tmp.db();
  // A first build killed just before its commit point: the empty plain
  // index is current, beside it a stub and a merged generation.
  {
    Xapian::WritableDatabase w(db.string(), Xapian::DB_CREATE_OR_OPEN);
    w.commit();
  }
  fs::create_directories(db / "gen-1");
  std::ofstream(db / "XAPIANDB") << "glass gen-1\n";
  std::ofstream(db / "XAPIANDB.tmp") << "glass gen-1\n";
  // Shard folders of a dead run and of a live one (this process).
  const fs::path dead = db.string() + ".shards-" + std::to_string(dead_pid());
  const fs::path live = db.string() + ".shards-" + std::to_string(getppid());
  fs::create_directories(dead / "0");
  fs::create_directories(live / "0");
  index_sharded(db.string(), 1, /*shards=*/1);  // written directly
  EXPECT_FALSE(fs::exists(db / "XAPIANDB"));
  EXPECT_FALSE(fs::exists(db / "XAPIANDB.tmp"));
  EXPECT_FALSE(fs::exists(db / "gen-1"));
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live)) << "a running process's shards are left alone";
  fs::remove_all(live);
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 1u);
}

TEST(IndexerTest, RemovesTheReplacedIndexAfterTheCommitPoint) {
  TempDir tmp;
  const fs::path db = tmp.db();
  index_sharded(db.string(), 3);
  // Killed just after the commit point: the plain index's files (without
  // its version file) and an unfinished later generation remain.
  std::ofstream(db / "postlist.glass") << "x";
  std::ofstream(db / "flintlock") << "";
  fs::create_directories(db / "gen-2");
  index_all(db.string(), {make_article("b", "B", "b")});
  EXPECT_EQ(listing(db), "XAPIANDB gen-1");
  EXPECT_EQ(Xapian::Database(db.string()).get_doccount(), 4u);
}

TEST(DocumentBuilderTest, Terms) {
  article::Article a = make_article("doc-1", "Iran talks", "São Paulo hosts 北京市 visitors", 1770370200);
  a.authors = {"Jane Doe"};
  a.language = "EN";
  Xapian::Document d = build_document(a);
  std::vector<std::string> terms;
  for (auto it = d.termlist_begin(); it != d.termlist_end(); ++it) terms.push_back(*it);
  auto has = [&](const std::string& t) { return std::find(terms.begin(), terms.end(), t) != terms.end(); };
  for (const char* t :
       {"Qdoc-1", "iran", "talks", "Siran", "Stalks", "Ztalk", "ZStalk", "sao", "paulo", "Ajane doe", "Len",
        "XSOURCE:test wire", "D20260206", "M202602", "Y2026", "XH:北京", "XH:京市"}) {
    EXPECT_TRUE(has(t)) << t;
  }
  EXPECT_FALSE(has(schema::kTermUndated));
  EXPECT_FALSE(has("Ssao")) << "body words are not title words";
  EXPECT_EQ(d.get_value(schema::kSlotPublished), Xapian::sortable_serialise(1770370200.0));
  EXPECT_EQ(d.get_value(schema::kSlotSource), "Test Wire");

  a.published.reset();
  Xapian::Document u = build_document(a);
  bool undated = false;
  for (auto it = u.termlist_begin(); it != u.termlist_end(); ++it) undated |= *it == schema::kTermUndated;
  EXPECT_TRUE(undated);
  EXPECT_TRUE(u.get_value(schema::kSlotPublished).empty());
}

}  // namespace
}  // namespace dateline::index
