#include "index/stories.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "index/indexer.h"
#include "ingest/reader.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "temp_index.h"
#include "test_article.h"

namespace dateline::index {
namespace {

namespace fs = std::filesystem;

// A wire story of seven paragraphs (about 260 words), and its paragraphs.
const std::vector<std::string> kParagraphs = {
    "The government of Ecuador said on Tuesday it would suspend payments on its foreign commercial bank "
    "debt for the rest of the year after an earthquake destroyed a section of the country's main oil "
    "pipeline and cut crude exports.",
    "Finance Minister Domingo Cordovez told reporters in Quito that the country had lost about 800 million "
    "dlrs in export revenue and could not meet interest payments due to its 400 creditor banks.",
    "He said Ecuador would seek new loans from multilateral agencies to rebuild the pipeline, which carried "
    "most of the 260,000 barrels per day the country produced before the quake.",
    "Bankers in New York said the suspension had been expected since the disaster struck early this month "
    "and that talks on rescheduling the debt would continue in the coming weeks.",
    "The earthquake killed at least 300 people and left thousands homeless in the northeastern provinces, "
    "according to civil defence officials, who said rescue teams were still searching remote villages.",
    "Oil ministry officials said repairs to the pipeline would take at least five months, and that Ecuador "
    "would borrow crude from Venezuela to supply its domestic refineries in the meantime.",
    "Ecuador, a member of the Organisation of Petroleum Exporting Countries, has a foreign debt of about "
    "8.2 billion dlrs, two thirds of it owed to private banks.",
};

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += p + "\n    ";
  return out;
}

const std::string kStory = join(kParagraphs);

// A different story on a related subject, with many of the same words.
const std::string kOtherStory = join({
    "Venezuela said on Wednesday it would lend Ecuador crude oil for its refineries while the pipeline "
    "damaged by the earthquake is repaired, energy minister Arturo Hernandez Grisanti said.",
    "He told a news conference in Caracas that the loan would be repaid in kind once Ecuador's exports "
    "resumed, and that the terms had been agreed with Quito over the weekend.",
    "Venezuela, which pumps about 1.6 million barrels per day, has spare refining capacity and would ship "
    "the crude from its Puerto La Cruz terminal on the Caribbean coast.",
    "The minister also said Venezuela would keep to its OPEC production quota and saw oil prices firming "
    "toward the group's reference price of 18 dlrs a barrel by the end of the year.",
});

TEST(StorySignatureTest, IdenticalTextIdenticalSignature) {
  const StorySignature a = story_signature(kStory);
  const StorySignature b = story_signature(kStory);
  EXPECT_EQ(a.shingles, b.shingles);
  EXPECT_EQ(a.mins, b.mins);
  EXPECT_TRUE(a.clusterable());
  // Case and spacing are not the text.
  std::string shouted = kStory;
  for (char& c : shouted) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  EXPECT_EQ(story_signature(shouted).mins, a.mins);
}

TEST(StorySignatureTest, SerialisesBothWays) {
  const StorySignature a = story_signature(kStory);
  std::optional<StorySignature> back = parse_signature(serialise_signature(a));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->shingles, a.shingles);
  EXPECT_EQ(back->mins, a.mins);
  EXPECT_FALSE(parse_signature("short").has_value());
  EXPECT_EQ(band_terms(a).size(), kStoryBands);
  for (const std::string& t : band_terms(a)) EXPECT_LE(t.size(), 20u) << t;
}

TEST(StorySignatureTest, EditedCopiesPassTheThreshold) {
  const StorySignature original = story_signature(kStory);
  std::vector<std::string> trimmed(kParagraphs.begin(), kParagraphs.end() - 3);
  std::vector<std::string> added = kParagraphs;
  added.insert(added.begin() + 2,
               "A spokesman for the regional chamber of commerce declined to comment. Local exporters said "
               "they were waiting for details from the ministry before changing their plans.");
  std::vector<std::string> swapped = kParagraphs;
  std::swap(swapped[3], swapped[5]);
  std::string reworded = kStory;
  for (std::size_t at = 0; (at = reworded.find(" said ", at)) != std::string::npos; at += 8) {
    reworded.replace(at, 6, " stated ");
  }
  const struct {
    const char* what;
    std::string body;
  } cases[] = {
      {"trimmed last three paragraphs", join(trimmed)},
      {"added paragraph", join(added)},
      {"swapped paragraphs", join(swapped)},
      {"'said' reworded", reworded},
      // The headline is not part of the signature: a copy under a new one is the same body.
      {"new headline", kStory},
  };
  for (const auto& c : cases) {
    const StorySignature copy = story_signature(c.body);
    const StorySimilarity sim = story_similarity(original, copy);
    EXPECT_TRUE(same_story(original, copy))
        << c.what << ": jaccard " << sim.jaccard << " containment " << sim.containment;
  }
  EXPECT_FALSE(same_story(original, story_signature(kOtherStory)));
}

TEST(StorySignatureTest, ShortTextsAreTheirOwnStory) {
  // Two briefs from one template: the same words but for the figures.
  const StorySignature a = story_signature("Shr 12 cts vs 10 cts Net 1,200,000 vs 1,000,000 Revs 14.5 mln");
  const StorySignature b = story_signature("Shr 12 cts vs 10 cts Net 1,200,000 vs 1,000,000 Revs 14.5 mln");
  EXPECT_FALSE(a.clusterable());
  EXPECT_FALSE(same_story(a, b)) << "even identical briefs are too short to tell a copy";
  EXPECT_TRUE(band_terms(a).empty());
  StoryClusterer c(100, "");
  EXPECT_EQ(c.assign("brief-1", a), "brief-1");
  EXPECT_EQ(c.assign("brief-2", b), "brief-2");
  EXPECT_EQ(c.joined(), 0u);
}

// Every article of a Reuters file, or none (with a reason) when the shared
// data is absent.
std::vector<article::Article> reuters(const std::string& file) {
  struct Quiet : ingest::ErrorSink {
    void report(const InputError&) override {}
  } sink;
  std::vector<article::Article> out;
  const std::string path = std::string(DATELINE_SOURCE_DIR) + "/../shared/data/reuters21578/" + file;
  if (!fs::exists(path)) return out;
  ingest::read_path(path, ingest::Format::kAuto, sink,
                    [&](ingest::Record&& r) { out.push_back(std::move(r.article)); });
  return out;
}

// The ASCII letters of a body, or its digits: two earnings tables or market
// reports that differ only by their figures have the same letters and
// other digits.
std::string only(const std::string& body, bool digits) {
  std::string out;
  for (char c : body) {
    const bool digit = c >= '0' && c <= '9';
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (digits ? digit : letter) out.push_back(c);
  }
  return out;
}

TEST(StorySignatureTest, ReutersFiguresTellTemplatesApart) {
  // Earnings tables and market reports of one template differ mostly by
  // their figures; those whose words are the same (bar the figures) must
  // not be merged. Checked on a file the thresholds were not chosen on.
  std::vector<article::Article> as = reuters("reuters-15.jsonl");
  if (as.empty()) GTEST_SKIP() << "../shared/data/reuters21578 is not here";
  std::vector<StorySignature> sigs;
  for (const auto& a : as) sigs.push_back(story_signature(a.body));
  std::size_t same_template = 0;
  std::size_t merged = 0;
  for (std::size_t i = 0; i < as.size(); ++i) {
    if (!sigs[i].clusterable()) continue;
    const std::string letters = only(as[i].body, false);
    const std::string digits = only(as[i].body, true);
    for (std::size_t j = i + 1; j < as.size(); ++j) {
      if (!sigs[j].clusterable() || only(as[j].body, false) != letters || only(as[j].body, true) == digits) {
        continue;
      }
      ++same_template;
      if (same_story(sigs[i], sigs[j])) {
        ++merged;
        ADD_FAILURE() << as[i].id << " and " << as[j].id << " differ only by figures but were merged";
      }
    }
  }
  EXPECT_GT(same_template, 0u) << "the file should hold look-alikes";
  EXPECT_EQ(merged, 0u) << "of " << same_template << " look-alike pairs";
}

TEST(StoryClustererTest, FirstArticleIsRootAndCopiesJoin) {
  StoryClusterer c(100, "");
  std::vector<std::string> trimmed(kParagraphs.begin(), kParagraphs.end() - 2);
  EXPECT_EQ(c.assign("orig", story_signature(kStory)), "orig");
  EXPECT_EQ(c.assign("other", story_signature(kOtherStory)), "other");
  EXPECT_EQ(c.assign("copy-1", story_signature(join(trimmed))), "orig");
  EXPECT_EQ(c.assign("copy-2", story_signature(kStory)), "orig");
  EXPECT_EQ(c.joined(), 2u);
}

TEST(StoryClustererTest, WindowForgetsOldArticles) {
  StoryClusterer c(1, "");
  EXPECT_EQ(c.assign("orig", story_signature(kStory)), "orig");
  EXPECT_EQ(c.assign("other", story_signature(kOtherStory)), "other");
  EXPECT_EQ(c.assign("late-copy", story_signature(kStory)), "late-copy")
      << "with a window of one article and no index, the original is out of reach";
}

struct TempDir : test_support::TempDir {
  TempDir() : test_support::TempDir("stories-test") {}
};

IndexStats index_all(const std::string& db, const std::vector<article::Article>& articles) {
  return test_support::index_articles(db, articles);
}

// The story id stored with article id (slot and term agree), or "" if absent.
std::string story_of(const std::string& db_path, const std::string& id) {
  Xapian::Database db(db_path);
  Xapian::PostingIterator p = db.postlist_begin(schema::id_term(id));
  if (p == db.postlist_end(schema::id_term(id))) return "";
  Xapian::Document doc = db.get_document(*p);
  const std::string story = doc.get_value(schema::kSlotStory);
  Xapian::TermIterator t = doc.termlist_begin();
  t.skip_to(schema::story_term(story));
  EXPECT_TRUE(t != doc.termlist_end() && *t == schema::story_term(story)) << id;
  return story;
}

TEST(StoryClustererTest, JoinsAcrossRunsAndAfterTheRootIsDeleted) {
  using test_support::make_article;
  TempDir tmp;
  std::vector<std::string> trimmed(kParagraphs.begin(), kParagraphs.end() - 2);
  std::vector<std::string> longer = kParagraphs;
  longer.push_back("The central bank said reserves stood at 150 million dlrs at the end of last month.");

  IndexStats first = index_all(tmp.db(), {make_article("orig", "Ecuador suspends debt payments", kStory),
                                          make_article("other", "Venezuela to lend crude", kOtherStory),
                                          make_article("copy-1", "Quake halts Ecuador debt", join(trimmed))});
  EXPECT_EQ(first.joined_story, 1u);
  EXPECT_EQ(story_of(tmp.db(), "orig"), "orig");
  EXPECT_EQ(story_of(tmp.db(), "other"), "other");
  EXPECT_EQ(story_of(tmp.db(), "copy-1"), "orig");

  // A second run finds the first run's articles through the index.
  IndexStats second = index_all(tmp.db(), {make_article("copy-2", "ECUADOR DEBT", join(longer))});
  EXPECT_EQ(second.joined_story, 1u);
  EXPECT_EQ(story_of(tmp.db(), "copy-2"), "orig");

  // Deleting the root leaves the rest with their story, and a later copy
  // still joins them.
  EXPECT_TRUE(delete_articles(tmp.db(), {"orig"}).empty());
  EXPECT_EQ(story_of(tmp.db(), "copy-1"), "orig");
  index_all(tmp.db(), {make_article("copy-3", "Ecuador halts payments", kStory)});
  EXPECT_EQ(story_of(tmp.db(), "copy-3"), "orig");

  // Re-indexing an article keeps its story while it is still a copy.
  index_all(tmp.db(), {make_article("copy-1", "Quake halts Ecuador debt (corrected)", join(trimmed))});
  EXPECT_EQ(story_of(tmp.db(), "copy-1"), "orig");
  EXPECT_EQ(story_of(tmp.db(), "other"), "other");
}

TEST(StoryClustererTest, WithoutStoriesEveryArticleIsItsOwn) {
  using test_support::make_article;
  TempDir tmp;
  IndexerOptions o;
  o.db_path = tmp.db();
  o.stories = false;
  Indexer ix(o);
  ix.add({make_article("orig", "One", kStory), "test.jsonl", 1});
  ix.add({make_article("copy", "Two", kStory), "test.jsonl", 2});
  EXPECT_EQ(ix.finish().joined_story, 0u);
  EXPECT_EQ(story_of(tmp.db(), "copy"), "copy");
}

}  // namespace
}  // namespace dateline::index
