#include "search/shards.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "closed_port.h"
#include "search/facets.h"
#include "search_test_db.h"

namespace dateline::search {
namespace {

using test_support::closed_port;

TEST(ShardsTest, ParsesXapianStubLines) {
  std::vector<ShardSpec> s = parse_stub(
      "# three shards\n"
      "auto shards/1987\n"
      "\n"
      "glass /srv/archive/1988\n"
      "  remote news-2.example:33333  \n"
      "remote 127.0.0.1:4000\n",
      "/data/archive/XAPIANDB");
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].kind, ShardSpec::Kind::kLocal);
  EXPECT_EQ(s[0].path, "/data/archive/shards/1987");
  EXPECT_EQ(s[1].path, "/srv/archive/1988");
  EXPECT_EQ(s[2].kind, ShardSpec::Kind::kRemote);
  EXPECT_EQ(s[2].host, "news-2.example");
  EXPECT_EQ(s[2].port, 33333u);
  EXPECT_EQ(s[2].name(), "news-2.example:33333");
  EXPECT_EQ(s[3].name(), "127.0.0.1:4000");
  EXPECT_TRUE(any_remote(s));
  EXPECT_FALSE(any_remote(parse_stub("auto a\nauto b\n", "/x/XAPIANDB")));
}

TEST(ShardsTest, BadLinesNameTheStubAndLine) {
  struct Case {
    const char* text;
    const char* want;  // in the message
  };
  const Case cases[] = {
      {"auto a\nremote :xapian-progsrv db\n", "XAPIANDB:2: a remote shard is 'remote HOST:PORT'"},
      {"remote host\n", "XAPIANDB:1: a remote shard is"},
      {"remote :4000\n", "XAPIANDB:1: a remote shard is"},
      {"remote host:0\n", "port of a remote shard"},
      {"remote host:65536\n", "port of a remote shard"},
      {"remote host:12x\n", "port of a remote shard"},
      {"inmemory\n", "XAPIANDB:1: a stub line is a type and a database"},
      {"\n\nchart a\n", "XAPIANDB:3: unknown database type 'chart'"},
  };
  for (const Case& c : cases) {
    try {
      (void)parse_stub(c.text, "/d/XAPIANDB");
      ADD_FAILURE() << "no error for " << c.text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.want), std::string::npos) << c.text << " -> " << e.what();
    }
  }
}

TEST(ShardsTest, UnavailableErrorNamesTheShards) {
  ShardUnavailableError one({"10.0.0.2:33333"});
  EXPECT_EQ(one.shards(), std::vector<std::string>{"10.0.0.2:33333"});
  EXPECT_NE(std::string(one.what()).find("shard 10.0.0.2:33333 is unavailable"), std::string::npos);
  ShardUnavailableError two({"a:1", "b:2"});
  EXPECT_NE(std::string(two.what()).find("shards a:1, b:2 are unavailable"), std::string::npos);
}

TEST(ShardsTest, AShardThatDoesNotAnswerIsListedNotThrown) {
  const unsigned port = closed_port();
  std::vector<ShardSpec> shards =
      parse_stub("remote 127.0.0.1:" + std::to_string(port) + "\n", "/d/XAPIANDB");
  std::vector<std::string> failed;
  Xapian::Database db = open_shards(shards, {2000, true}, &failed);
  EXPECT_EQ(failed, std::vector<std::string>{"127.0.0.1:" + std::to_string(port)});
  EXPECT_EQ(db.get_doccount(), 0u);
  EXPECT_THROW((void)open_shards(shards, {2000, false}, nullptr), Xapian::NetworkError);
}

TEST(ShardsTest, StockTimelineCountsWhatTheTimelineSpyCounts) {
  test_support::MemoryIndex ix;
  ix.add("a", "Oil", "oil", {}, {}, {}, 1770370200);  // 2026-02-06 09:30
  ix.add("b", "Oil", "oil", {}, {}, {}, 1770380000);  // same day, later
  ix.add("c", "Oil", "oil", {}, {}, {}, 1768478400);  // 2026-01-15
  ix.add("d", "Oil", "oil", {}, {}, {}, std::nullopt);
  Xapian::Enquire enquire(ix.db());
  enquire.set_query(Xapian::Query::MatchAll);
  TimelineSpy ours;
  StockTimeline stock;
  enquire.add_matchspy(&ours);
  stock.attach(enquire);
  (void)enquire.get_mset(0, 0, 10);
  EXPECT_EQ(stock.days(), ours.days());
  EXPECT_EQ(stock.days().size(), 2u);
  EXPECT_EQ(stock.seen(), 4u);
}

}  // namespace
}  // namespace dateline::search
