#include "search/stories.h"

#include "article/date.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "search/facets.h"
#include "search/hits.h"

namespace dateline::search {
namespace sc = schema;

std::optional<StoryInfo> story_of(const Xapian::Database& db, const Xapian::Document& doc) {
  std::string id = doc.get_value(sc::kSlotStory);
  if (id.empty()) return std::nullopt;
  StoryInfo s;
  s.size = db.get_termfreq(sc::story_term(id));
  s.id = std::move(id);
  return s;
}

std::vector<StoryVersion> story_versions(const Xapian::Database& db, const std::string& story_id,
                                         Xapian::docid except, std::size_t limit,
                                         const std::string& db_path) {
  std::vector<StoryVersion> out;
  if (limit == 0) return out;
  // Oldest first, undated last, then in indexing order, as export lists.
  // Only Xapian's stock sort by value, which remote shards can run (it
  // puts undated articles first): the dated versions, then the undated.
  const Xapian::Query story(sc::story_term(story_id));
  const Xapian::Query undated(sc::kTermUndated);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(sc::kSlotPublished, false);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  for (const Xapian::Query& part : {Xapian::Query(Xapian::Query::OP_AND_NOT, story, undated),
                                    Xapian::Query(Xapian::Query::OP_FILTER, story, undated)}) {
    if (out.size() >= limit) break;
    enquire.set_query(part);
    // One more than needed, in case the one left out is among them.
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit - out.size()) + 1);
    for (auto it = mset.begin(); it != mset.end() && out.size() < limit; ++it) {
      if (*it == except) continue;
      // A story term cut and hashed for length could be shared by two long
      // ids: the slot holds the id whole.
      Xapian::Document doc = it.get_document();
      if (doc.get_value(sc::kSlotStory) != story_id) continue;
      article::Article a = stored_article(doc, db_path);
      out.push_back(
          {a.id, a.published ? article::format_iso(*a.published) : std::string(), a.source, a.title});
    }
  }
  return out;
}

std::optional<StoryInfo> find_story(const Xapian::Database& db, const std::string& id, std::size_t limit,
                                    const std::string& db_path) {
  std::optional<StoryInfo> story;
  const std::string term = sc::id_term(id);
  if (Xapian::PostingIterator p = db.postlist_begin(term); p != db.postlist_end(term)) {
    story = story_of(db, db.get_document(*p));
  }
  if (!story && db.get_termfreq(sc::story_term(id)) > 0) {
    story = StoryInfo{id, db.get_termfreq(sc::story_term(id)), {}};
  }
  if (story) story->versions = story_versions(db, story->id, 0, limit, db_path);
  return story;
}

void StoryCountSpy::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  keys_.insert(story_key(doc));
}

void add_stories(const Xapian::Database& db, const Xapian::MSet& mset, bool versions,
                 const std::string& db_path, std::vector<Hit>& hits, std::size_t first) {
  std::size_t i = first;
  for (auto it = mset.begin(); it != mset.end() && i < hits.size(); ++it, ++i) {
    std::optional<StoryInfo> story = story_of(db, it.get_document());
    if (!story) continue;
    if (versions && story->size > 1) {
      story->versions = story_versions(db, story->id, *it, kMaxListedVersions, db_path);
    }
    hits[i].has_story = true;
    hits[i].story = std::move(*story);
  }
}

}  // namespace dateline::search
