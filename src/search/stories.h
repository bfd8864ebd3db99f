#pragma once

// Stories: the clusters of near-duplicate copies of one text that the
// indexer finds (schema.h, XSTORY: and kSlotStory). Every version of a
// story carries the story's id (the id of its first article) as a term
// and in a value slot; the story's size is the term's frequency, which
// Xapian sums over the shards of a combined database.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "search/types.h"

namespace dateline::search {

/// The story of doc, a document of db, with its id and size (no versions),
/// or nullopt when doc has no story id (an index built before stories, or
/// a hand-made document).
[[nodiscard]] std::optional<StoryInfo> story_of(const Xapian::Database& db, const Xapian::Document& doc);

/// The versions of story_id in db, oldest first, undated last, ties in
/// index order, leaving out the document except (0: none); at most limit.
/// Reads at most limit + 1 stored articles; db_path names the index in the
/// Error a damaged stored article gives.
[[nodiscard]] std::vector<StoryVersion> story_versions(const Xapian::Database& db,
                                                       const std::string& story_id, Xapian::docid except,
                                                       std::size_t limit, const std::string& db_path);

/// The story that id names: the story of the article with that id, else
/// the story with that story id. Its versions (all of them, this article
/// included) are listed as by story_versions(), at most limit. nullopt
/// when neither an article with a story id nor a story has that id.
[[nodiscard]] std::optional<StoryInfo> find_story(const Xapian::Database& db, const std::string& id,
                                                  std::size_t limit, const std::string& db_path);

/// Counts the distinct stories among the documents a search examines
/// (facets.h story_key(): an article without a story id is a story of its
/// own). Xapian's collapsed match counts are estimates (its collapser
/// forgets the keys of matches that fell out of the result window), so a
/// collapsed total comes from here. Memory grows with the stories seen.
class StoryCountSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double wt) override;
  Xapian::MatchSpy* clone() const override { return new StoryCountSpy(); }
  std::string name() const override { return "dateline.StoryCountSpy"; }
  /// The distinct stories seen.
  [[nodiscard]] std::uint64_t stories() const { return keys_.size(); }
  /// The documents seen.
  [[nodiscard]] std::uint64_t seen() const { return seen_; }

 private:
  std::uint64_t seen_ = 0;
  std::unordered_set<std::string> keys_;
};

/// Sets the story of hits[first + i] from the i-th document of mset (hits
/// made from mset in its order, after `first` earlier ones); with versions,
/// also lists the story's other versions (at most kMaxListedVersions
/// each), as for collapsed hits.
void add_stories(const Xapian::Database& db, const Xapian::MSet& mset, bool versions,
                 const std::string& db_path, std::vector<Hit>& hits, std::size_t first = 0);

}  // namespace dateline::search
