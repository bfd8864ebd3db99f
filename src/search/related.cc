#include "search/related.h"

#include <cctype>
#include <chrono>
#include <vector>

#include "schema/terms.h"
#include "search/hits.h"

namespace dateline::search {
namespace sc = schema;

std::optional<SearchResult> related(const Xapian::Database& db, const std::string& db_path,
                                    const std::string& id, std::size_t limit) {
  auto t0 = std::chrono::steady_clock::now();
  std::string idt = sc::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(idt);
  if (p == db.postlist_end(idt)) return std::nullopt;
  Xapian::docid did = *p;
  // The article's most telling words: Xapian's expand set over the article
  // alone, restricted to unprefixed words (not filters, stems or numbers).
  struct WordsOnly : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override {
      if (term.size() < 3) return false;
      unsigned char c = static_cast<unsigned char>(term[0]);
      if (c >= 'A' && c <= 'Z') return false;
      return !std::isdigit(c);
    }
  } decider;
  Xapian::Enquire enquire(db);
  Xapian::RSet rset;
  rset.add_document(did);
  // Exact term frequencies over every sub-database: by default Xapian takes
  // them from the article's own shard only, and a sharded index would then
  // pick other words than a single index of the same articles.
  Xapian::ESet eset = enquire.get_eset(30, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<Xapian::Query> terms;
  Highlighter hl;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    terms.emplace_back(*it);
    hl.words.insert(*it);
  }
  SearchResult res;
  res.query = "related:" + id;
  res.limit = limit;
  if (terms.empty()) return res;
  Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
  q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(idt));
  enquire.set_query(q);
  // Every match examined: an estimated total depends on how the archive is
  // split into shards (seen: 30 on one index, 10 over three remote shards).
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit), db.get_doccount());
  res.total = mset.get_matches_estimated();
  res.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) res.hits.push_back(make_hit(it, hl, true, db_path));
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace dateline::search
