#include "search/searcher.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "article/article_json.h"
#include "article/date.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "search/facet_columns.h"
#include "search/facets.h"
#include "search/filters.h"
#include "search/hits.h"
#include "search/query_parser.h"
#include "search/related.h"
#include "search/request_options.h"
#include "search/shards.h"
#include "search/spelling.h"
#include "search/stats.h"
#include "search/stories.h"
#include "search/suggest.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {
namespace fs = std::filesystem;
namespace sc = schema;

namespace {

// Adds a recency bonus: max_weight for the newest article in the index,
// half of it one half-life earlier, and so on.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(double newest, double half_life_secs, double max_weight)
      : Xapian::ValuePostingSource(sc::kSlotPublished),
        newest_(newest),
        half_life_(half_life_secs),
        max_weight_(max_weight) {}

  void init(const Xapian::Database& db) override {
    Xapian::ValuePostingSource::init(db);
    set_maxweight(max_weight_);
  }
  double get_weight() const override {
    // A value that is no date (a damaged index) gets no bonus.
    const std::optional<std::int64_t> t = published_seconds(get_value());
    if (!t) return 0.0;
    double age = std::max(0.0, newest_ - static_cast<double>(*t));
    return max_weight_ * std::exp2(-age / half_life_);
  }
  Xapian::PostingSource* clone() const override {
    return new RecencySource(newest_, half_life_, max_weight_);
  }
  std::string name() const override { return "dateline.RecencySource"; }

 private:
  double newest_;
  double half_life_;
  double max_weight_;
};

// The largest weight recency adds: about what one rare query word scores,
// so a fresh article climbs a few places but never buries a clear match.
constexpr double kRecencyWeight = 4.0;

}  // namespace

// How many times a read (or an open) runs before giving up on an index that
// keeps changing under it.
constexpr int kReadTries = 20;

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  CountryNames countries;

  // The shards the stub lists (empty for a plain database). A stub of
  // local shards only is opened by Xapian, as a plain database is; one
  // naming a remote shard is opened shard by shard (open_remote()).
  ShardOptions shard_options;
  std::vector<ShardSpec> shards;
  bool remote = false;
  // Shards left out of db because they did not answer (allow_partial).
  std::vector<std::string> failed;
  // A shard failed during a call: db is open afresh before the next.
  bool broken = false;

  // Entity keys that stand for another value of their field across the
  // archive (see filters.h). Built on first use, per revision.
  Aliases aliases;

  // Facet columns (see Searcher::FacetColumnsMode), and the matches
  // counted by reading value slots since the index was (re)opened.
  FacetColumnsMode columns_mode = FacetColumnsMode::kAuto;
  std::shared_ptr<const FacetColumns> columns;
  std::uint64_t counted_without_columns = 0;
  // The slot that orders equal scores (see tie_slot()); unset until the
  // first search after an open.
  std::optional<Xapian::valueno> tie_slot_cache;
  Xapian::valueno tie_slot();
  // The columns for this request, loading them if the mode says it is time.
  std::shared_ptr<const FacetColumns> columns_for_request(bool force = false);

  std::string correct_spelling(const SearchRequest& req, const std::vector<std::string>& words,
                               Xapian::doccount hits);
  // The query of req with its filters and dates, parse details in *pq.
  Xapian::Query build_query(const SearchRequest& req, ParsedQuery* pq);

  // The public methods' work; see retrying().
  std::size_t for_each_match(const SearchRequest& request,
                             const std::function<void(const article::Article&)>& fn);
  SearchResult search(const SearchRequest& req);
  std::optional<article::Article> get(const std::string& id);
  // search() in steps.
  void add_oldest_first_remote(const Xapian::Query& query, const SearchRequest& req, const ParsedQuery& pq,
                               SearchResult& res);
  struct Counting;
  // Adds the recency bonus to query for SortOrder::kRecent; the source
  // returned must outlive the search.
  std::unique_ptr<RecencySource> add_recency(const SearchRequest& req, Xapian::Query& query);
  void attach_counting(Xapian::Enquire& enquire, Counting& c, const SearchRequest& req);
  // attach_counting() for SearchRequest::facet_by_story.
  void attach_story_counting(Xapian::Enquire& enquire, Counting& c, const SearchRequest& req);
  void add_counting_notes(const Counting& c, const SearchRequest& req, SearchResult& res) const;
  // Fills res's facets, timeline and their exactness from the spies.
  void collect_counts(const Counting& c, const SearchRequest& req, SearchResult& res,
                      std::string* timeline_note);
  // The articles req finds, counted as search() would (suggestions).
  std::uint64_t count(const SearchRequest& req);

  // What the index directory holds when db was opened: see read_layout().
  std::string layout;

  // "plain" for a plain Xapian database, else the text of its stub file,
  // which a first build of dateline-index (index/indexer.cc, "Index
  // layout") rewrites to point at a new database. Xapian's reopen() follows
  // commits within one database only, so a changed layout means opening
  // the index afresh.
  std::string read_layout() const {
    std::error_code ec;
    if (fs::exists(fs::path(path) / "iamglass", ec)) return "plain";
    const std::string stub = stub_file_of(path);
    if (stub.empty()) return {};
    std::ifstream in(stub);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // Opens the shards of a stub naming remote ones, each with its time-out,
  // leaving out those that do not answer when partial answers are allowed.
  void open_remote() {
    failed.clear();
    broken = false;
    // Other shards are other articles: the alias tables are built afresh.
    aliases.clear();
    tie_slot_cache.reset();
    try {
      db = open_shards(shards, shard_options, &failed);
    } catch (const Xapian::Error& e) {
      throw Error(path + ": cannot open the index: " + e.get_description());
    }
    if (!failed.empty() && (!shard_options.allow_partial || failed.size() == shards.size())) {
      throw ShardUnavailableError(failed);
    }
    try {
      sc::check_version(db, path);
    } catch (const Xapian::NetworkError&) {
      broken = true;
      throw ShardUnavailableError(down_shards());
    }
  }

  // The remote shards that do not answer now: after a Xapian::NetworkError,
  // which does not say which shard it came from.
  std::vector<std::string> down_shards() const {
    std::vector<std::string> down;
    for (const ShardSpec& s : shards) {
      if (s.kind != ShardSpec::Kind::kRemote) continue;
      try {
        (void)open_shard(s, shard_options);
      } catch (const Xapian::NetworkError&) {
        down.push_back(s.name());
      }
    }
    return down;
  }

  // After a call failed with a NetworkError: names the shards that are
  // down (ShardUnavailableError), or with allow_partial opens the others
  // so the call can run again. A failure no probe reproduces (a shard that
  // came back at once) just opens every shard again.
  void shard_failed(const Xapian::NetworkError& e) {
    broken = true;
    std::vector<std::string> down = down_shards();
    if (!down.empty() && !shard_options.allow_partial) throw ShardUnavailableError(down);
    if (down.empty() && !shard_options.allow_partial) {
      throw Error(path + ": a remote shard failed: " + e.get_description());
    }
    open_remote();
  }

  void open() {
    layout = read_layout();
    shards.clear();
    const std::string stub = stub_file_of(path);
    if (!stub.empty()) {
      try {
        shards = parse_stub(layout, stub);
      } catch (const Error&) {
        // Xapian reads the stub of local shards as it always did; only a
        // stub naming a remote shard must parse here.
        if (layout.find("remote") != std::string::npos) throw;
      }
    }
    remote = any_remote(shards);
    if (remote) {
      open_remote();
      return;
    }
    // An open racing a writer can fail and is tried again: a first build
    // replaces the empty index it started with in one step (a file
    // removed, another renamed), and commits can recycle the blocks of the
    // revision being opened.
    auto try_again = [this](int attempt) {
      if (attempt >= kReadTries || !fs::exists(path)) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
      return true;
    };
    for (int attempt = 1;; ++attempt) {
      try {
        layout = read_layout();
        db = Xapian::Database(path);
        sc::check_version(db, path);
        break;
      } catch (const Xapian::DatabaseNotFoundError&) {
        if (!try_again(attempt)) {
          throw Error(path + ": no dateline index here (create one with dateline-index)");
        }
      } catch (const Xapian::DatabaseOpeningError& e) {
        if (!try_again(attempt)) throw Error(path + ": cannot open the index: " + e.get_description());
      } catch (const Xapian::DatabaseCorruptError& e) {
        // Seen when a writer commits twice while the open reads the
        // revision it started with; real damage stays and is reported.
        if (!try_again(attempt)) throw Error(path + ": cannot open the index: " + e.get_description());
      } catch (const Xapian::DatabaseModifiedError& e) {
        // The revision being opened was recycled by a commit meanwhile.
        if (!try_again(attempt)) throw Error(path + ": cannot open the index: " + e.get_description());
      } catch (const Xapian::Error& e) {
        throw Error(path + ": cannot open the index: " + e.get_description());
      }
    }
  }

  // Picks up changes (Searcher::reopen()); throws dateline::Error.
  bool refresh() {
    bool changed = false;
    if (remote) {
      // A shard down, or left out: the next call opens every shard afresh
      // (retrying()), with the allow_partial of its request.
      if (read_layout() != layout) broken = true;
      if (broken || !failed.empty()) return false;
      try {
        changed = db.reopen();
      } catch (const Xapian::NetworkError&) {
        broken = true;
        return false;
      } catch (const Xapian::DatabaseError&) {
        // The server's copy is gone: xapian-replicate's full copy switches
        // a replica to a new directory and deletes the old one, which this
        // connection's server process still has open (T067). A new
        // connection opens the current one.
        broken = true;
        return false;
      } catch (const Xapian::Error& e) {
        throw Error(path + ": cannot reopen the index: " + e.get_description());
      }
    } else if (read_layout() != layout) {
      open();
      changed = true;
    } else {
      try {
        changed = db.reopen();
      } catch (const Xapian::DatabaseError&) {
        // The same races as at open(), which tries a few times.
        open();
        changed = true;
      } catch (const Xapian::Error& e) {
        throw Error(path + ": cannot reopen the index: " + e.get_description());
      }
    }
    if (changed) {
      columns.reset();
      counted_without_columns = 0;
      aliases.clear();
      tie_slot_cache.reset();
    }
    return changed;
  }

  // Runs f and returns what it returns. When dateline-index commits so
  // often that the revision f reads is recycled under it
  // (Xapian::DatabaseModifiedError), reopens the index and runs f again,
  // as Xapian advises; a writer committing faster than f runs may take a
  // few tries. Throws dateline::Error when the index kept changing.
  //
  // A remote shard that failed (Xapian::NetworkError) is named by a
  // ShardUnavailableError, or with allow_partial left out and f run again.
  // Shards left out by an earlier call are tried again first.
  template <class F>
  auto retrying(F&& f) {
    if (remote && (broken || !failed.empty())) open();
    for (int attempt = 1;; ++attempt) {
      try {
        return f();
      } catch (const Xapian::NetworkError& e) {
        if (attempt >= kReadTries) throw ShardUnavailableError(down_shards());
        shard_failed(e);
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt >= kReadTries) {
          throw Error(path + ": the index kept changing while it was read: " + e.get_description());
        }
        // A writer committing in quick succession: give it a moment.
        if (attempt > 2) std::this_thread::sleep_for(std::chrono::milliseconds(5 * attempt));
        refresh();
      }
    }
  }
};

Searcher::Searcher(std::string db_path, ShardOptions shards) : impl_(std::make_unique<Impl>()) {
  impl_->path = std::move(db_path);
  impl_->shard_options = shards;
  if (!fs::exists(impl_->path)) {
    throw Error(impl_->path + ": no dateline index here (create one with dateline-index)");
  }
  impl_->open();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

void Searcher::set_country_names(CountryNames names) { impl_->countries = std::move(names); }

const std::string& Searcher::path() const { return impl_->path; }

bool Searcher::reopen() { return impl_->refresh(); }

void Searcher::set_allow_partial(bool allow) { impl_->shard_options.allow_partial = allow; }

bool Searcher::remote() const { return impl_->remote; }

void Searcher::set_facet_columns(FacetColumnsMode mode) {
  impl_->columns_mode = mode;
  if (mode == FacetColumnsMode::kNever) impl_->columns.reset();
}

std::size_t Searcher::facet_columns_bytes() const {
  return impl_->columns ? impl_->columns->memory_bytes() : 0;
}

namespace {

// Facet columns are the same for every searcher of one index revision, and
// serve runs a searcher per thread: they share one copy while any holds it.
class ColumnsRegistry {
 public:
  using Key = std::pair<std::string, Xapian::rev>;
  std::shared_ptr<const FacetColumns> find(const Key& key) {
    std::lock_guard lock(mu_);
    auto it = cache_.find(key);
    return it == cache_.end() ? nullptr : it->second.lock();
  }
  // Loads under the lock, so searchers asking at once wait for one load.
  std::shared_ptr<const FacetColumns> get_or_load(
      const Key& key, const std::function<std::shared_ptr<const FacetColumns>()>& load) {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      if (auto s = it->second.lock()) return s;
    }
    std::erase_if(cache_, [](const auto& e) { return e.second.expired(); });
    std::shared_ptr<const FacetColumns> s = load();
    cache_[key] = s;
    return s;
  }

 private:
  std::mutex mu_;
  std::map<Key, std::weak_ptr<const FacetColumns>> cache_;
};

ColumnsRegistry& columns_registry() {
  static ColumnsRegistry r;
  return r;
}

}  // namespace

std::shared_ptr<const FacetColumns> Searcher::Impl::columns_for_request(bool force) {
  // Columns read every value of the archive: not over the network. Nor
  // over several local shards: Xapian 1.4 hands a match spy each shard's
  // own docids, which a column of the combined docids cannot look up (the
  // counts came out as another query's, seen on 77 yearly shards).
  if (remote || shards.size() > 1) return nullptr;
  if (columns || columns_mode == FacetColumnsMode::kNever) return columns;
  // One index revision names the same articles; a database that cannot
  // say its revision (several shards) loads its own.
  std::optional<ColumnsRegistry::Key> key;
  try {
    key = ColumnsRegistry::Key{fs::absolute(path).lexically_normal().string(), db.get_revision()};
  } catch (const Xapian::Error&) {
  }
  if (key) {
    columns = columns_registry().find(*key);  // free when another searcher has them
    if (columns) return columns;
  }
  if (!force && columns_mode == FacetColumnsMode::kAuto && counted_without_columns < db.get_doccount()) {
    return nullptr;
  }
  auto load = [this] {
    std::vector<Xapian::valueno> slots;
    for (const sc::Field& f : sc::kFields) {
      if (f.has(sc::kFacet)) slots.push_back(f.slot);
    }
    return FacetColumns::load(db, slots, aliases.by_slot(db));
  };
  columns = key ? columns_registry().get_or_load(*key, load) : load();
  return columns;
}

void Searcher::load_facet_columns() {
  try {
    impl_->retrying([&] { return impl_->columns_for_request(true); });
  } catch (const Xapian::Error& e) {
    throw Error(impl_->path + ": cannot read facet columns: " + e.get_description());
  }
}

namespace {

// Display forms that fold to the same key ("OPEC", "Opec") are one value
// to a filter, so they are one facet value, shown in the commonest form.
// An article holds one form per key, so the counts add up exactly.
std::map<std::string, std::uint64_t> merge_same_key(const std::map<std::string, std::uint64_t>& counts) {
  std::unordered_map<std::string, std::pair<std::string, std::uint64_t>> best;  // key -> form
  std::unordered_map<std::string, std::uint64_t> total;
  for (const auto& [display, n] : counts) {
    std::string key = analysis::fold(display);
    total[key] += n;
    auto& b = best[key];
    if (n > b.second || b.first.empty()) b = {display, n};
  }
  std::map<std::string, std::uint64_t> out;
  for (const auto& [key, n] : total) out[best[key].first] = n;
  return out;
}

}  // namespace

std::string Searcher::Impl::correct_spelling(const SearchRequest& req, const std::vector<std::string>& words,
                                             Xapian::doccount hits) {
  // The corrected query counted as the search would run it: same filters
  // and dates.
  HitCounter count = [&](const std::string& text, Xapian::doccount at_least) {
    SearchRequest corrected = req;
    corrected.query = text;
    Xapian::Enquire enquire(db);
    enquire.set_query(build_query(corrected, nullptr));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, at_least).get_matches_lower_bound();
  };
  return SpellingCorrector(db).correct_query(req.query, words, hits, count);
}

Xapian::Query Searcher::Impl::build_query(const SearchRequest& req, ParsedQuery* pq_out) {
  QueryParser::Options popts;
  popts.default_or = req.any;
  popts.resolver = [this](const sc::Field& f, std::string_view v) {
    return resolve_filter(db, countries, aliases, f, v);
  };
  QueryParser parser(popts);
  ParsedQuery local;
  ParsedQuery& pq = pq_out != nullptr ? *pq_out : local;
  pq = parser.parse(req.query);

  // Flag filters AND with the query; a filter never changes scores.
  std::vector<Xapian::Query> filters;
  for (const auto& [name, value] : req.filters) {
    const sc::Field* f = sc::find_field(name);
    if (f == nullptr || f->kind == sc::FieldKind::kFreeText) {
      throw InputError("", 0, "unknown filter '" + name + "'", name);
    }
    // An empty value would silently filter nothing: say so.
    if (util::trim(value).empty()) throw InputError("", 0, "'" + name + "' needs a value", name);
    filters.push_back(parser.filter(*f, value, pq));
  }
  if (!req.from.empty() || !req.to.empty()) {
    std::optional<article::DateRange> from, to;
    for (const auto& [which, text, period] :
         {std::tuple{"from", &req.from, &from}, std::tuple{"to", &req.to, &to}}) {
      if (text->empty()) continue;
      *period = article::parse_period(util::trim(*text));
      if (!*period) {
        throw InputError(
            "", 0,
            std::string("'") + which + "' is not a date: \"" + *text + "\" (use 2026, 2026-02 or 2026-02-07)",
            which);
      }
    }
    if (from && to && from->begin && to->end && *from->begin >= *to->end) {
      throw InputError("", 0, "'from' (" + req.from + ") is after 'to' (" + req.to + ")", "from");
    }
    filters.push_back(parser.filter(sc::field(sc::FieldId::kDate), req.from + ".." + req.to, pq));
  }
  Xapian::Query query = pq.query;
  if (!filters.empty()) {
    Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
  }
  return query;
}

std::size_t Searcher::Impl::for_each_match(const SearchRequest& request,
                                           const std::function<void(const article::Article&)>& fn) {
  SearchRequest req = request;
  req.facets.clear();
  req.timeline.clear();
  req.snippets = false;
  req.spelling = false;
  req.sort = SortOrder::kRelevance;
  Xapian::Query query = build_query(req, nullptr);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Oldest first, undated last, then in indexing order: the order an
  // archive is read in, the same every time. xapian-tcpsrv has no key
  // makers, only the sort by value, which puts undated articles (no value)
  // first: over remote shards the dated and the undated are read apart.
  Xapian::MultiValueKeyMaker by_date;
  by_date.add_value(sc::kSlotPublished, false, std::string(1, '\xff'));
  const Xapian::Query undated(sc::kTermUndated);
  std::vector<Xapian::Query> parts;
  if (remote) {
    parts = {Xapian::Query(Xapian::Query::OP_AND_NOT, query, undated),
             Xapian::Query(Xapian::Query::OP_FILTER, query, undated)};
    enquire.set_sort_by_value(sc::kSlotPublished, false);
  } else {
    parts = {query};
    enquire.set_sort_by_key(&by_date, false);
  }
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  std::size_t n = 0;
  constexpr Xapian::doccount kPage = 1000;
  for (const Xapian::Query& part : parts) {
    enquire.set_query(part);
    for (Xapian::doccount first = 0;; first += kPage) {
      Xapian::MSet mset = enquire.get_mset(first, kPage);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        fn(stored_article(it.get_document(), path));
        ++n;
      }
      if (mset.size() < kPage) break;
    }
  }
  return n;
}

namespace {

// The facet fields req asks for, in its order. Throws InputError for a
// name that is not a facet.
std::vector<const sc::Field*> facet_fields_of(const SearchRequest& req) {
  std::vector<const sc::Field*> fields;
  for (const std::string& name : req.facets) {
    const sc::Field* f = sc::find_field(name);
    if (f == nullptr || !f->has(sc::kFacet)) {
      throw InputError(
          "", 0,
          "unknown facet '" + name + "' (use person, org, place, country, dateline, focus, source, lang)",
          "facets");
    }
    fields.push_back(f);
  }
  return fields;
}

// Whether req asks for a timeline. Throws InputError for an unknown unit.
bool wants_timeline(const SearchRequest& req) {
  if (req.timeline.empty()) return false;
  if (!is_timeline_unit(req.timeline)) {
    throw InputError("", 0, "timeline must be day, month, year or auto", "timeline");
  }
  return true;
}

// Sorts by date for kNewest and kOldest (by_date must outlive enquire);
// returns whether it did. Without words there is no relevance: filters
// alone list the newest first. Undated articles come last either way.
bool sort_by_date(Xapian::Enquire& enquire, Xapian::MultiValueKeyMaker& by_date, SortOrder sort,
                  const ParsedQuery& pq, bool remote) {
  if (sort == SortOrder::kRelevance && !pq.has_text) sort = SortOrder::kNewest;
  if (sort != SortOrder::kNewest && sort != SortOrder::kOldest) return false;
  if (remote) {
    // xapian-tcpsrv has no key makers, only the stock sort by value: the
    // same order, except that oldest first lists undated articles first
    // (search() then reads the page with add_oldest_first_remote()).
    enquire.set_sort_by_value_then_relevance(sc::kSlotPublished, sort == SortOrder::kNewest);
    return true;
  }
  // An undated article has no value: it sorts as an empty key, which
  // reversed (newest) is already last; oldest puts it after every date.
  by_date.add_value(sc::kSlotPublished, sort == SortOrder::kNewest,
                    sort == SortOrder::kOldest ? std::string(1, '\xff') : std::string());
  enquire.set_sort_by_key_then_relevance(&by_date, false);
  return true;
}

// The matches get_mset must look at: all of them (up to facet_cap) when
// anything is counted or the total must be exact, else as few as it likes.
Xapian::doccount check_at_least(const Xapian::Database& db, const SearchRequest& req, bool counting) {
  Xapian::doccount all = db.get_doccount();
  Xapian::doccount check = all;
  if (req.facet_cap > 0 && req.facet_cap < all) check = static_cast<Xapian::doccount>(req.facet_cap);
  if (!req.exact_total && !counting) check = 0;
  return check;
}

void add_hits(const Xapian::MSet& mset, const ParsedQuery& pq, bool snippets, const std::string& db_path,
              SearchResult& res) {
  Highlighter hl;
  hl.words.insert(pq.highlight.begin(), pq.highlight.end());
  hl.stems.insert(pq.highlight_stems.begin(), pq.highlight_stems.end());
  for (auto it = mset.begin(); it != mset.end(); ++it)
    res.hits.push_back(make_hit(it, hl, snippets, db_path));
}

}  // namespace

// The spies that count one search's facets and timeline: one over the
// facet columns when they are loaded (array counting, value forms and
// surname aliases already merged), else one per facet (merged afterwards)
// and one for the timeline. Either way the values of a facet that fold to
// one key count as one, as its filter finds them.
struct Searcher::Impl::Counting {
  std::vector<const sc::Field*> fields;
  bool timeline_wanted = false;
  std::unique_ptr<ColumnSpy> column_spy;
  std::vector<std::unique_ptr<FacetCounter>> counters;
  std::unique_ptr<TimelineSpy> timeline;
  // The matching articles (not stories when collapsed), set after get_mset.
  std::uint64_t matches = 0;
  std::unique_ptr<StockTimeline> stock_timeline;  // remote shards

  bool on() const { return !fields.empty() || timeline_wanted; }
  // The matches the spies counted (a cap below the matches stops them).
  std::uint64_t seen(std::uint64_t total) const {
    if (column_spy) return column_spy->seen();
    if (!counters.empty()) return counters.front()->seen();
    if (timeline) return timeline->seen();
    if (stock_timeline) return stock_timeline->seen();
    return total;
  }
};

std::unique_ptr<RecencySource> Searcher::Impl::add_recency(const SearchRequest& req, Xapian::Query& query) {
  if (req.sort != SortOrder::kRecent) return nullptr;
  if (remote) {
    throw InputError("", 0,
                     "sort 'recent' is not available over remote shards (xapian-tcpsrv runs only Xapian's "
                     "built-in posting sources); use relevance or newest",
                     "sort");
  }
  if (!(req.half_life_days > 0)) {
    throw InputError("", 0, "half-life must be a positive number of days", "half_life");
  }
  const std::optional<std::int64_t> newest = published_seconds(db.get_value_upper_bound(sc::kSlotPublished));
  if (!newest) return nullptr;
  auto recency = std::make_unique<RecencySource>(static_cast<double>(*newest), req.half_life_days * 86400.0,
                                                 kRecencyWeight);
  query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(recency.get()));
  return recency;
}

void Searcher::Impl::attach_counting(Xapian::Enquire& enquire, Counting& c, const SearchRequest& req) {
  if (!c.on()) return;
  if (req.facet_by_story) {
    attach_story_counting(enquire, c, req);
    return;
  }
  if (std::shared_ptr<const FacetColumns> cols = columns_for_request()) {
    std::vector<Xapian::valueno> slots;
    for (const sc::Field* f : c.fields) slots.push_back(f->slot);
    c.column_spy = std::make_unique<ColumnSpy>(cols, slots, c.timeline_wanted, req.facet_cap);
    enquire.add_matchspy(c.column_spy.get());
    return;
  }
  for (const sc::Field* f : c.fields) {
    const AliasTable* table = aliases.of(db, f->slot);
    const KeyAliases* slot_aliases = table != nullptr ? &table->to_value : nullptr;
    // xapian-tcpsrv runs only Xapian's built-in spies.
    const CounterKind kind = remote ? CounterKind::kStockCombinations : CounterKind::kPackedSpy;
    c.counters.push_back(make_facet_counter(f->slot, kind, slot_aliases, req.facet_cap));
    c.counters.back()->attach(enquire);
  }
  if (c.timeline_wanted && remote) {
    c.stock_timeline = std::make_unique<StockTimeline>();
    c.stock_timeline->attach(enquire);
  } else if (c.timeline_wanted) {
    c.timeline = std::make_unique<TimelineSpy>(req.facet_cap);
    enquire.add_matchspy(c.timeline.get());
  }
}

void Searcher::Impl::attach_story_counting(Xapian::Enquire& enquire, Counting& c, const SearchRequest& req) {
  // The facet columns hold values, not stories: read the slots.
  const CounterKind kind = remote ? CounterKind::kStockCombinations : CounterKind::kPackedSpy;
  for (const sc::Field* f : c.fields) {
    const AliasTable* table = aliases.of(db, f->slot);
    const KeyAliases* slot_aliases = table != nullptr ? &table->to_value : nullptr;
    c.counters.push_back(make_story_facet_counter(f->slot, kind, slot_aliases, req.facet_cap));
    c.counters.back()->attach(enquire);
  }
  if (c.timeline_wanted && remote) {
    throw InputError("", 0,
                     "facet_by=story is not available over remote shards (xapian-tcpsrv runs only Xapian's "
                     "built-in match spies, which cannot count each story once)",
                     "facet_by");
  }
  if (c.timeline_wanted) {
    c.timeline = std::make_unique<TimelineSpy>(req.facet_cap, /*by_story=*/true);
    enquire.add_matchspy(c.timeline.get());
  }
}

void Searcher::Impl::collect_counts(const Counting& c, const SearchRequest& req, SearchResult& res,
                                    std::string* timeline_note) {
  // Facets and the timeline are exact only if the spies counted every match.
  const std::uint64_t counted = c.seen(c.matches);
  res.facets_counted = counted;
  res.facets_exact = res.total_exact && counted == c.matches;
  if (c.on() && !c.column_spy) counted_without_columns += c.matches;
  if (c.on()) res.counting = remote ? "stock" : "local";
  for (std::size_t k = 0; k < c.fields.size(); ++k) {
    const sc::Field* f = c.fields[k];
    // Columns count display forms as the spies do: one merge for both.
    std::map<std::string, std::uint64_t> counts =
        merge_same_key(c.column_spy ? c.column_spy->counts(f->slot) : c.counters[k]->counts());
    merge_alias_counts(db, aliases, *f, counts);
    std::vector<FacetValue> top = top_values(counts, req.facet_size);
    if (f->has(sc::kCode) && countries.label) {
      for (FacetValue& v : top) {
        std::string label = countries.label(v.value);
        if (!label.empty()) v.label = label;
      }
    }
    res.facets.emplace_back(req.facets[k], std::move(top));
  }
  if (c.timeline_wanted) {
    const std::map<std::int64_t, std::uint64_t> days = c.column_spy       ? c.column_spy->days()
                                                       : c.stock_timeline ? c.stock_timeline->days()
                                                                          : c.timeline->days();
    res.timeline = make_timeline(days, req.timeline, &res.timeline_unit, timeline_note);
  }
}

// Says where counting was not what was asked for or what the page shows:
// a caller that asked for facet columns over shards, or one-per-story
// results over remote shards, whose facets count articles.
void Searcher::Impl::add_counting_notes(const Counting& c, const SearchRequest& req,
                                        SearchResult& res) const {
  if (!c.on()) return;
  const bool several = remote || shards.size() > 1;
  if (several && columns_mode == FacetColumnsMode::kAlways && !req.facet_by_story) {
    res.notes.push_back("facet columns are not used over " + std::to_string(shards.size()) +
                        " shards: facets were counted from each match's values (same counts)");
  }
  if (remote && req.collapse_story && !req.facet_by_story) {
    res.notes.push_back(
        "facets and the timeline count articles, not stories: remote shards cannot count by story");
  }
}

// kSlotOrder (date, then id) when the archive's articles have it; an index
// written before it existed orders ties by date alone, then by docid.
Xapian::valueno Searcher::Impl::tie_slot() {
  if (!tie_slot_cache) {
    tie_slot_cache = db.get_value_upper_bound(sc::kSlotOrder).empty() ? sc::kSlotPublished : sc::kSlotOrder;
  }
  return *tie_slot_cache;
}

SearchResult Searcher::Impl::search(const SearchRequest& req) {
  auto t0 = std::chrono::steady_clock::now();
  ParsedQuery pq;
  Xapian::Query query = build_query(req, &pq);
  std::unique_ptr<RecencySource> recency = add_recency(req, query);
  Counting counting;
  counting.fields = facet_fields_of(req);
  counting.timeline_wanted = wants_timeline(req);

  SearchResult res;
  std::string timeline_note;  // when the timeline had to use a coarser unit
  res.query = req.query;
  res.offset = req.offset;
  res.limit = req.limit;
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::MultiValueKeyMaker by_date;
    const bool sorted = sort_by_date(enquire, by_date, req.sort, pq, remote);
    // Equal scores (copies of one wire story) newest first, then by id:
    // the order then does not depend on how the archive is split into
    // shards, whose docids interleave. Stock sort, so shards can run it.
    if (!sorted) enquire.set_sort_by_relevance_then_value(tie_slot(), true);
    // Over several remote shards, Xapian 1.4's spies count some matches
    // twice when the matches are sorted by value, also after relevance
    // (seen: 58 counted of 51; at 1M, 41409 for 41399): there they count
    // in a match of their own, unsorted.
    Xapian::Enquire counter(db);
    if (remote && counting.on()) {
      counter.set_query(query);
      counter.set_weighting_scheme(Xapian::BoolWeight());
      attach_counting(counter, counting, req);
      (void)counter.get_mset(0, 0, check_at_least(db, req, true));
    } else {
      attach_counting(enquire, counting, req);
    }
    // One hit per story. The total then counts stories: Xapian's collapsed
    // counts and bounds are estimates (its uncollapsed upper bound can
    // exceed the matches), so a spy counts the stories, exactly when
    // check_at_least() has every match examined, as for article totals.
    // xapian-tcpsrv cannot run that spy: over remote shards the collapsed
    // total is Xapian's estimate, marked inexact.
    StoryCountSpy story_count;
    if (req.collapse_story) {
      enquire.set_collapse_key(sc::kSlotStory);
      if (!remote) enquire.add_matchspy(&story_count);
    }
    const Xapian::doccount check = check_at_least(db, req, counting.on() || req.collapse_story);
    // Over remote shards the stock sort puts undated articles first when
    // oldest first: this match then only counts, and the page is read by
    // add_oldest_first_remote().
    const bool oldest_remote = remote && sorted && req.sort == SortOrder::kOldest;
    Xapian::MSet mset = enquire.get_mset(oldest_remote ? 0 : static_cast<Xapian::doccount>(req.offset),
                                         oldest_remote ? 0 : static_cast<Xapian::doccount>(req.limit), check);
    res.total = mset.get_matches_estimated();
    res.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    counting.matches = res.total;
    if (req.collapse_story && !remote && check >= db.get_doccount()) {
      res.total = story_count.stories();
      res.total_exact = true;
      counting.matches = story_count.seen();
    } else if (req.collapse_story) {
      res.total_exact = false;
      counting.matches = mset.get_uncollapsed_matches_estimated();
    }
    res.collapsed_by_story = req.collapse_story;
    res.facets_by_story = req.facet_by_story && counting.on();
    collect_counts(counting, req, res, &timeline_note);
    if (req.spelling && !pq.plain_words.empty()) {
      res.corrected_query = correct_spelling(req, pq.plain_words, mset.get_matches_estimated());
    }
    if (oldest_remote) {
      add_oldest_first_remote(query, req, pq, res);
    } else {
      add_hits(mset, pq, req.snippets, path, res);
      add_stories(db, mset, req.collapse_story, path, res.hits);
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::NetworkError&) {
    throw;  // retrying() finds the shard
  } catch (const Xapian::Error& e) {
    throw Error(path + ": search failed: " + e.get_description());
  }
  if (shards.size() > 1) res.shards = {shards.size(), failed};
  if (!failed.empty()) {
    std::string names;
    for (const std::string& f : failed) names += (names.empty() ? "" : ", ") + f;
    res.notes.push_back("partial results: " + std::to_string(failed.size()) + " of " +
                        std::to_string(shards.size()) + " shards did not answer (" + names + ")");
  }
  res.filters = std::move(pq.filters);
  res.notes.insert(res.notes.end(), pq.notes.begin(), pq.notes.end());
  if (!timeline_note.empty()) res.notes.push_back(timeline_note);
  add_counting_notes(counting, req, res);
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

// One index lists undated articles after every date when oldest first (a
// key maker); xapian-tcpsrv runs only the sort by value, where they come
// first. So the page is read from the dated matches, oldest first, and
// then, past their end, from the undated ones by relevance: the order of
// one index. The boolean filters add no weight, so the scores are the same.
void Searcher::Impl::add_oldest_first_remote(const Xapian::Query& query, const SearchRequest& req,
                                             const ParsedQuery& pq, SearchResult& res) {
  const Xapian::Query undated(sc::kTermUndated);
  const auto offset = static_cast<Xapian::doccount>(req.offset);
  const auto limit = static_cast<Xapian::doccount>(req.limit);
  Xapian::Enquire dated(db);
  dated.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, undated));
  dated.set_weighting_scheme(Xapian::BM25Weight());
  dated.set_sort_by_value_then_relevance(sc::kSlotPublished, false);
  if (req.collapse_story) dated.set_collapse_key(sc::kSlotStory);
  // Every match examined, so that the count of dated matches is exact.
  Xapian::MSet first = dated.get_mset(offset, limit, db.get_doccount());
  add_hits(first, pq, req.snippets, path, res);
  add_stories(db, first, req.collapse_story, path, res.hits);
  if (first.size() >= limit) return;
  const Xapian::doccount n_dated = first.get_matches_estimated();
  Xapian::Enquire rest(db);
  rest.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, undated));
  rest.set_weighting_scheme(Xapian::BM25Weight());
  if (req.collapse_story) rest.set_collapse_key(sc::kSlotStory);
  Xapian::MSet second = rest.get_mset(offset > n_dated ? offset - n_dated : 0, limit - first.size());
  const std::size_t before = res.hits.size();
  add_hits(second, pq, req.snippets, path, res);
  add_stories(db, second, req.collapse_story, path, res.hits, before);
}

std::uint64_t Searcher::Impl::count(const SearchRequest& req) {
  Xapian::Enquire enquire(db);
  enquire.set_query(build_query(req, nullptr));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

std::optional<article::Article> Searcher::Impl::get(const std::string& id) {
  std::string term = sc::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return stored_article(db.get_document(*p), path);
}

// The public methods run their Impl namesakes through retrying().

std::size_t Searcher::for_each_match(const SearchRequest& request,
                                     const std::function<void(const article::Article&)>& fn) {
  // Matches already handed to fn cannot be taken back: retry only if the
  // index changed before the first.
  std::size_t delivered = 0;
  auto counted = [&](const article::Article& a) {
    ++delivered;
    fn(a);
  };
  if (impl_->remote && (impl_->broken || !impl_->failed.empty())) impl_->open();
  for (int attempt = 1;; ++attempt) {
    try {
      return impl_->for_each_match(request, counted);
    } catch (const Xapian::NetworkError& e) {
      if (delivered > 0) {
        impl_->broken = true;
        throw ShardUnavailableError(impl_->down_shards());
      }
      impl_->shard_failed(e);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (delivered > 0 || attempt >= kReadTries) {
        throw Error(impl_->path +
                    ": the index changed while its matches were read (run again): " + e.get_description());
      }
      impl_->refresh();
    }
  }
}

SearchResult Searcher::search(const SearchRequest& req) {
  return impl_->retrying([&] { return impl_->search(req); });
}

std::optional<article::Article> Searcher::get(const std::string& id) {
  return impl_->retrying([&] { return impl_->get(id); });
}

std::optional<StoryInfo> Searcher::story(const std::string& id, std::size_t limit) {
  return impl_->retrying([&] { return find_story(impl_->db, id, limit, impl_->path); });
}

std::optional<StoryInfo> Searcher::article_story(const std::string& id) {
  return impl_->retrying([&]() -> std::optional<StoryInfo> {
    const std::string term = sc::id_term(id);
    Xapian::PostingIterator p = impl_->db.postlist_begin(term);
    if (p == impl_->db.postlist_end(term)) return std::nullopt;
    return story_of(impl_->db, impl_->db.get_document(*p));
  });
}

IndexStatsInfo Searcher::stats() {
  return impl_->retrying([&] { return index_stats(impl_->db, impl_->path, impl_->shards); });
}

std::vector<Suggestion> Searcher::suggest(std::string_view prefix, std::size_t limit) {
  return impl_->retrying([&] {
    auto count = [this](const SearchRequest& req) { return impl_->count(req); };
    return search::suggest(impl_->db, impl_->countries, impl_->aliases, count, prefix, limit);
  });
}

std::optional<SearchResult> Searcher::related(const std::string& id, std::size_t limit) {
  return impl_->retrying([&] { return search::related(impl_->db, impl_->path, id, limit); });
}

}  // namespace dateline::search
