#include "search/searcher.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include <xapian.h>

#include "article/article_json.h"
#include "article/date.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {
namespace fs = std::filesystem;
namespace sc = schema;

SortOrder parse_sort(std::string_view s) {
  if (s == "relevance") return SortOrder::kRelevance;
  if (s == "newest") return SortOrder::kNewest;
  if (s == "oldest") return SortOrder::kOldest;
  if (s == "recent") return SortOrder::kRecent;
  throw InputError("", 0,
                   "unknown sort '" + std::string(s) + "' (use relevance, newest, oldest or recent)",
                   "sort");
}

const char* sort_name(SortOrder s) {
  switch (s) {
    case SortOrder::kRelevance: return "relevance";
    case SortOrder::kNewest: return "newest";
    case SortOrder::kOldest: return "oldest";
    case SortOrder::kRecent: return "recent";
  }
  return "relevance";
}

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Resolver resolver;

  void open() {
    try {
      db = Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
      throw Error(path + ": no dateline index here (create one with dateline-index)");
    } catch (const Xapian::Error& e) {
      throw Error(path + ": cannot open the index: " + e.get_description());
    }
    sc::check_version(db, path);
  }
};

Searcher::Searcher(std::string db_path) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(db_path);
  if (!fs::exists(impl_->path)) {
    throw Error(impl_->path + ": no dateline index here (create one with dateline-index)");
  }
  impl_->open();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

void Searcher::set_resolver(Resolver resolver) { impl_->resolver = std::move(resolver); }

const std::string& Searcher::path() const { return impl_->path; }

bool Searcher::reopen() {
  try {
    return impl_->db.reopen();
  } catch (const Xapian::Error& e) {
    throw Error(impl_->path + ": cannot reopen the index: " + e.get_description());
  }
}

namespace {

Hit make_hit(const Xapian::MSetIterator& it, const Highlighter& hl, bool snippets) {
  Hit h;
  Xapian::Document doc = it.get_document();
  article::Article a = article::from_stored_json(doc.get_data());
  h.docid = *it;
  h.id = a.id;
  h.title = a.title;
  if (a.published) h.date = article::format_iso(*a.published);
  h.source = a.source;
  h.url = a.url;
  h.score = it.get_weight();
  if (snippets) {
    std::string text = a.body.empty() ? a.standfirst : a.body;
    if (text.empty()) text = a.title;
    h.snippet = make_snippet(text, hl);
  }
  return h;
}

}  // namespace

SearchResult Searcher::search(const SearchRequest& req) {
  auto t0 = std::chrono::steady_clock::now();
  QueryParser::Options popts;
  popts.default_or = req.any;
  popts.resolver = impl_->resolver;
  QueryParser parser(popts);
  ParsedQuery pq = parser.parse(req.query);

  // Flag filters AND with the query; a filter never changes scores.
  std::vector<Xapian::Query> filters;
  for (const auto& [name, value] : req.filters) {
    const sc::Field* f = sc::find_field(name);
    if (f == nullptr || f->kind == sc::FieldKind::kFreeText) {
      throw InputError("", 0, "unknown filter '" + name + "'", name);
    }
    if (util::trim(value).empty()) continue;
    filters.push_back(parser.filter(*f, value, pq));
  }
  if (!req.from.empty() || !req.to.empty()) {
    std::string range = req.from + ".." + req.to;
    const sc::Field* f = sc::find_field("date");
    try {
      filters.push_back(parser.filter(*f, range, pq));
    } catch (const InputError& e) {
      std::string which = !req.from.empty() && !article::parse_period(req.from) ? "from" : "to";
      throw InputError("", 0,
                       "'" + which + "' is not a date: \"" + (which == "from" ? req.from : req.to) +
                           "\" (use 2026, 2026-02 or 2026-02-07)",
                       which);
    }
  }
  Xapian::Query query = pq.query;
  if (!filters.empty()) {
    Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
  }

  SearchResult res;
  res.query = req.query;
  res.offset = req.offset;
  res.limit = req.limit;
  try {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    switch (req.sort) {
      case SortOrder::kNewest:
        enquire.set_sort_by_value_then_relevance(sc::kSlotPublished, true);
        break;
      case SortOrder::kOldest:
        enquire.set_sort_by_value_then_relevance(sc::kSlotPublished, false);
        break;
      default:
        break;
    }
    Xapian::doccount check = impl_->db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                         static_cast<Xapian::doccount>(req.limit), check);
    res.total = mset.get_matches_estimated();
    res.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    Highlighter hl;
    hl.words.insert(pq.highlight.begin(), pq.highlight.end());
    hl.stems.insert(pq.highlight_stems.begin(), pq.highlight_stems.end());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      res.hits.push_back(make_hit(it, hl, req.snippets));
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw Error(impl_->path + ": search failed: " + e.get_description());
  }
  res.filters = std::move(pq.filters);
  res.notes = std::move(pq.notes);
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

std::optional<article::Article> Searcher::get(const std::string& id) {
  std::string term = sc::id_term(id);
  Xapian::PostingIterator p = impl_->db.postlist_begin(term);
  if (p == impl_->db.postlist_end(term)) return std::nullopt;
  return article::from_stored_json(impl_->db.get_document(*p).get_data());
}

IndexStatsInfo Searcher::stats() {
  IndexStatsInfo s;
  s.path = impl_->path;
  s.articles = impl_->db.get_doccount();
  s.undated = impl_->db.get_termfreq(sc::kTermUndated);
  if (s.articles > s.undated) {
    std::string lo = impl_->db.get_value_lower_bound(sc::kSlotPublished);
    std::string hi = impl_->db.get_value_upper_bound(sc::kSlotPublished);
    if (!lo.empty()) s.first_date = article::format_iso(static_cast<std::int64_t>(Xapian::sortable_unserialise(lo)));
    if (!hi.empty()) s.last_date = article::format_iso(static_cast<std::int64_t>(Xapian::sortable_unserialise(hi)));
  }
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(impl_->path, ec)) {
    if (e.is_regular_file(ec)) s.size_bytes += e.file_size(ec);
  }
  std::string v = impl_->db.get_metadata(sc::kSchemaKey);
  s.schema_version = v.empty() ? 0 : std::stoi(v);
  return s;
}

}  // namespace dateline::search
