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
#include "search/facet_columns.h"
#include "search/spelling.h"
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

// How many times a read (or an open) runs before giving up on an index that
// keeps changing under it.
constexpr int kReadTries = 20;

// A field's aliases both ways.
struct AliasTable {
  KeyAliases to_value;                                                 // alias -> value
  std::unordered_map<std::string, std::vector<std::string>> of_value;  // value -> aliases
  void add(const std::string& alias, const std::string& value) {
    to_value[alias] = value;
    of_value[value].push_back(alias);
  }
};
using AliasTables = std::map<Xapian::valueno, AliasTable>;  // by facet slot

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  CountryNames countries;

  // Entity keys that stand for another value of their field across the
  // archive (see KeyAliases): the extractor joins a surname to a full name
  // within one article only, and a company or place is written with and
  // without its legal form or qualifier. Built on first use, per revision.
  using AliasTable = search::AliasTable;
  bool aliases_built = false;
  AliasTables aliases;
  void build_aliases();
  // The aliases of slot's values, or nullptr when it has none.
  const AliasTable* alias_table(Xapian::valueno slot);
  // Merges the counts of aliases into the values they stand for.
  void merge_alias_counts(const sc::Field& f, std::map<std::string, std::uint64_t>& counts);

  // Facet columns (see Searcher::FacetColumnsMode), and the matches
  // counted by reading value slots since the index was (re)opened.
  FacetColumnsMode columns_mode = FacetColumnsMode::kAuto;
  std::shared_ptr<const FacetColumns> columns;
  std::uint64_t counted_without_columns = 0;
  // The columns for this request, loading them if the mode says it is time.
  std::shared_ptr<const FacetColumns> columns_for_request(bool force = false);

  Resolved resolve(const sc::Field& f, std::string_view value);
  std::string display_name(const std::string& term, Xapian::valueno slot, const std::string& key);
  std::string correct_spelling(const SearchRequest& req, const std::vector<std::string>& words,
                               Xapian::doccount hits);
  // The query of req with its filters and dates, parse details in *pq.
  Xapian::Query build_query(const SearchRequest& req, ParsedQuery* pq);

  // The public methods' work; see retrying().
  std::size_t for_each_match(const SearchRequest& request,
                             const std::function<void(const article::Article&)>& fn);
  SearchResult search(const SearchRequest& req);
  std::optional<article::Article> get(const std::string& id);
  IndexStatsInfo stats();
  std::vector<Suggestion> suggest(std::string_view prefix_in, std::size_t limit);
  std::optional<SearchResult> related(const std::string& id, std::size_t limit);

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
    std::ifstream in(fs::path(path) / "XAPIANDB");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void open() {
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
    if (read_layout() != layout) {
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
      aliases_built = false;
      aliases.clear();
    }
    return changed;
  }

  // Runs f and returns what it returns. When dateline-index commits so
  // often that the revision f reads is recycled under it
  // (Xapian::DatabaseModifiedError), reopens the index and runs f again,
  // as Xapian advises; a writer committing faster than f runs may take a
  // few tries. Throws dateline::Error when the index kept changing.
  template <class F>
  auto retrying(F&& f) {
    for (int attempt = 1;; ++attempt) {
      try {
        return f();
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

void Searcher::set_country_names(CountryNames names) { impl_->countries = std::move(names); }

const std::string& Searcher::path() const { return impl_->path; }

bool Searcher::reopen() { return impl_->refresh(); }

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
  if (!force && columns_mode == FacetColumnsMode::kAuto &&
      counted_without_columns < db.get_doccount()) {
    return nullptr;
  }
  auto load = [this] {
    build_aliases();
    std::vector<Xapian::valueno> slots;
    for (const sc::Field& f : sc::kFields) {
      if (f.has(sc::kFacet)) slots.push_back(f.slot);
    }
    std::map<Xapian::valueno, KeyAliases> by_slot;
    for (const auto& [slot, table] : aliases) by_slot[slot] = table.to_value;
    return FacetColumns::load(db, slots, by_slot);
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

// Words of a folded entity key: runs of bytes that are not ASCII
// punctuation or spaces ("al-busaidi" -> "al", "busaidi").
std::vector<std::string_view> key_words(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  auto is_sep = [](unsigned char c) { return c < 0x80 && !std::isalnum(c); };
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || is_sep(static_cast<unsigned char>(key[i]))) {
      if (i > start) out.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool contains_all_words(std::string_view key, const std::vector<std::string_view>& words) {
  std::vector<std::string_view> kw = key_words(key);
  for (std::string_view w : words) {
    if (std::find(kw.begin(), kw.end(), w) == kw.end()) return false;
  }
  return true;
}

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
    double t = Xapian::sortable_unserialise(get_value());
    double age = std::max(0.0, newest_ - t);
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
    // make_snippet reads only the start of the text: no copy of the body.
    const std::string& text = !a.body.empty() ? a.body : !a.standfirst.empty() ? a.standfirst : a.title;
    h.snippet = make_snippet(text, hl);
  }
  return h;
}

}  // namespace

std::string Searcher::Impl::display_name(const std::string& term, Xapian::valueno slot,
                                         const std::string& key) {
  if (slot == Xapian::BAD_VALUENO) return key;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return key;
  std::string packed = db.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(slot);
  std::string found = key;
  sc::for_each_packed(packed, [&](std::string_view v) {
    if (analysis::fold(v) == key) found = std::string(v);
  });
  return found;
}

namespace {

// Legal forms written after a company's name ("Texaco Inc", "Fiat SpA").
bool is_legal_form(std::string_view w) {
  static const std::string_view kForms[] = {
      "inc", "incorporated", "corp", "corporation", "co",   "cos",  "company", "ltd",
      "limited", "plc", "llc",  "lp",   "ag",  "sa",   "nv",   "bv",   "spa",  "gmbh",
      "ab",   "asa",  "oyj",  "kk",   "bhd",  "pty",  "se"};
  return std::find(std::begin(kForms), std::end(kForms), w) != std::end(kForms);
}

std::string join_words(const std::vector<std::string_view>& words, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += words[i];
  }
  return out;
}

struct KeyFreq {
  std::string key;
  Xapian::doccount freq;
};

// The most frequent of cands, if it is a clear favourite: alone, or at
// least twice as frequent as the next ("Baker" stays alone when two
// Bakers are common).
const KeyFreq* favourite(std::vector<KeyFreq>& cands) {
  if (cands.empty()) return nullptr;
  std::sort(cands.begin(), cands.end(), [](const KeyFreq& a, const KeyFreq& b) {
    return a.freq != b.freq ? a.freq > b.freq : a.key < b.key;
  });
  if (cands.size() > 1 && cands[0].freq < 2 * cands[1].freq) return nullptr;
  return &cands[0];
}

// Persons: a surname alone stands for the archive's favourite full name
// ending in it.
void add_surname_aliases(const sc::Field& f, std::vector<KeyFreq> keys, AliasTables& aliases) {
  std::unordered_map<std::string, std::vector<KeyFreq>> by_last;
  std::vector<std::string> singles;
  for (KeyFreq& kf : keys) {
    std::vector<std::string_view> words = key_words(kf.key);
    if (words.empty()) continue;
    if (words.size() == 1 && words[0].size() == kf.key.size()) {
      singles.push_back(kf.key);
    } else {
      by_last[std::string(words.back())].push_back(kf);
    }
  }
  for (const std::string& single : singles) {
    auto it = by_last.find(single);
    if (it == by_last.end()) continue;
    if (const KeyFreq* fav = favourite(it->second)) aliases[f.slot].add(single, fav->key);
  }
}

// Organizations: the names that differ only by legal forms are one
// company, under its plain name when the archive has it ("Texaco Inc",
// "Texaco Corp" -> "Texaco"), else under its commonest form.
void add_legal_form_aliases(const sc::Field& f, std::vector<KeyFreq> keys, AliasTables& aliases) {
  std::unordered_map<std::string, std::vector<KeyFreq>> by_base;
  for (KeyFreq& kf : keys) {
    std::vector<std::string_view> words = key_words(kf.key);
    std::size_t n = words.size();
    while (n > 1 && is_legal_form(words[n - 1])) --n;
    if (n == 0) continue;
    by_base[join_words(words, n)].push_back(std::move(kf));
  }
  for (auto& [base, group] : by_base) {
    if (group.size() < 2) continue;
    std::sort(group.begin(), group.end(), [](const KeyFreq& a, const KeyFreq& b) {
      return a.freq != b.freq ? a.freq > b.freq : a.key < b.key;
    });
    const KeyFreq* value = &group[0];
    for (const KeyFreq& kf : group) {
      const std::vector<std::string_view> words = key_words(kf.key);
      if (join_words(words, words.size()) == base) {
        value = &kf;
        break;
      }
    }
    for (const KeyFreq& kf : group) {
      if (kf.key != value->key) aliases[f.slot].add(kf.key, value->key);
    }
  }
}

// Places: a bare name stands for its qualified form ("washington" ->
// "washington, d.c.") when that is the clear favourite among the forms
// qualifying it and at least as common as the bare name.
void add_qualifier_aliases(const sc::Field& f, std::vector<KeyFreq> keys, AliasTables& aliases) {
  std::vector<KeyFreq> bare;
  std::unordered_map<std::string, std::vector<KeyFreq>> qualified;  // by the name before ','
  for (KeyFreq& kf : keys) {
    std::size_t comma = kf.key.find(',');
    if (comma == std::string::npos) {
      bare.push_back(std::move(kf));
    } else if (comma > 0) {
      qualified[kf.key.substr(0, comma)].push_back(std::move(kf));
    }
  }
  for (const KeyFreq& b : bare) {
    auto it = qualified.find(b.key);
    if (it == qualified.end()) continue;
    const KeyFreq* fav = favourite(it->second);
    if (fav != nullptr && fav->freq >= b.freq) aliases[f.slot].add(b.key, fav->key);
  }
}

}  // namespace

void Searcher::Impl::build_aliases() {
  if (aliases_built) return;
  aliases_built = true;
  aliases.clear();
  auto keys_of = [this](const std::string& pfx) {
    std::vector<KeyFreq> out;
    for (auto it = db.allterms_begin(pfx); it != db.allterms_end(pfx); ++it) {
      out.push_back({std::string(*it).substr(pfx.size()), it.get_termfreq()});
    }
    return out;
  };

  for (const sc::Field& f : sc::kFields) {
    if (f.has(sc::kSurnameAliases)) add_surname_aliases(f, keys_of(f.prefix), aliases);
    if (f.has(sc::kLegalFormAliases)) add_legal_form_aliases(f, keys_of(f.prefix), aliases);
    if (f.has(sc::kQualifierAliases)) add_qualifier_aliases(f, keys_of(f.prefix), aliases);
  }
}

const Searcher::Impl::AliasTable* Searcher::Impl::alias_table(Xapian::valueno slot) {
  build_aliases();
  auto it = aliases.find(slot);
  return it == aliases.end() ? nullptr : &it->second;
}

void Searcher::Impl::merge_alias_counts(const sc::Field& f,
                                        std::map<std::string, std::uint64_t>& counts) {
  const AliasTable* table = alias_table(f.slot);
  if (table == nullptr) return;
  std::map<std::string, std::uint64_t> merged;
  std::unordered_map<std::string, std::string> display_of_key;
  for (const auto& [display, n] : counts) display_of_key.emplace(analysis::fold(display), display);
  for (const auto& [display, n] : counts) {
    auto alias = table->to_value.find(analysis::fold(display));
    if (alias == table->to_value.end()) {
      merged[display] += n;
      continue;
    }
    // An article is counted once per value (aliases included), so the
    // counts add up exactly.
    auto d = display_of_key.find(alias->second);
    std::string shown = d != display_of_key.end()
                            ? d->second
                            : display_name(f.prefix + alias->second, f.slot, alias->second);
    merged[shown] += n;
  }
  counts = std::move(merged);
}

namespace {

// The initials of a name's words, short function words left out
// ("world health organization" -> "who", "organization of petroleum
// exporting countries" -> "opec").
std::string initials(std::string_view key) {
  static const std::string_view kSkip[] = {"of", "the", "and", "for", "de", "du", "des", "la", "le"};
  std::string out;
  for (std::string_view w : key_words(key)) {
    if (std::find(std::begin(kSkip), std::end(kSkip), w) != std::end(kSkip)) continue;
    out += w[0];
  }
  return out;
}

}  // namespace

Resolved Searcher::Impl::resolve(const sc::Field& f, std::string_view value_in) {
  std::string value(util::trim(value_in));
  if (f.id == sc::FieldId::kId) return {{sc::id_term(value)}, {value}};
  if (f.kind == sc::FieldKind::kBoolean) return resolve_exact(f, value);
  Resolved out;
  if (f.has(sc::kCode)) {
    std::vector<std::string> codes;
    if (countries.codes) codes = countries.codes(value);
    if (codes.empty() && value.size() == 2 && std::isalpha(static_cast<unsigned char>(value[0])) &&
        std::isalpha(static_cast<unsigned char>(value[1]))) {
      codes.push_back(util::ascii_lower(value));
      for (char& c : codes.back()) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    for (const std::string& c : codes) {
      out.terms.push_back(f.prefix + c);
      std::string label = countries.label ? countries.label(c) : "";
      out.labels.push_back(label.empty() ? c : label + " (" + c + ")");
    }
    return out;
  }
  std::vector<const sc::Field*> fields;
  if (f.has(sc::kActorField)) {
    for (const sc::Field& g : sc::kFields) {
      if (g.has(sc::kInActor)) fields.push_back(&g);
    }
  } else {
    fields = {&f};
  }
  const std::string key = analysis::fold(value);
  std::vector<std::string> words_owned;
  for (const auto& t : analysis::tokenize(value)) words_owned.push_back(t.term);
  std::vector<std::string_view> words(words_owned.begin(), words_owned.end());

  // (term, slot); slot is BAD_VALUENO for an alias, which is not listed.
  std::vector<std::pair<std::string, Xapian::valueno>> matched;
  auto add = [&](const std::string& term, Xapian::valueno slot) {
    for (const auto& m : matched) {
      if (m.first == term) return;
    }
    matched.emplace_back(term, slot);
  };
  // A value found: the value its key stands for and every alias of that.
  auto add_value = [&](const sc::Field& field, const std::string& k) {
    const AliasTable* table = alias_table(field.slot);
    std::string v = k;
    if (table != nullptr) {
      if (auto a = table->to_value.find(k); a != table->to_value.end()) v = a->second;
    }
    add(field.prefix + v, field.slot);
    if (table == nullptr) return;
    if (auto m = table->of_value.find(v); m != table->of_value.end()) {
      for (const std::string& alias : m->second) add(field.prefix + alias, Xapian::BAD_VALUENO);
    }
  };
  auto scan = [&](const sc::Field& field, const std::function<bool(std::string_view)>& keep) {
    const std::string prefix = field.prefix;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      // *it returns a temporary: keep the term alive while viewing it.
      const std::string term = *it;
      std::string k = term.substr(prefix.size());
      if (keep(k)) add_value(field, k);
    }
  };
  // 1. A name as the index holds it (a facet value) selects exactly that
  //    value, with its aliases: a facet value filters to its count.
  for (const sc::Field* field : fields) {
    if (db.term_exists(field->prefix + key)) add_value(*field, key);
  }
  // 2. Else an organization's acronym ("who" -> World Health
  //    Organization, before "Doctor Who").
  const bool acronym = words.size() == 1 && key.size() >= 2 && key.size() <= 8 &&
                       std::all_of(key.begin(), key.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (matched.empty() && acronym) {
    for (const sc::Field* field : fields) {
      if (!field->has(sc::kAcronyms)) continue;
      scan(*field, [&](std::string_view k) { return key_words(k).size() >= 2 && initials(k) == key; });
    }
  }
  // 3. Else every name holding all the words ("texaco" -> "Texaco Canada").
  if (matched.empty() && !words.empty()) {
    for (const sc::Field* field : fields) {
      scan(*field, [&](std::string_view k) { return contains_all_words(k, words); });
    }
  }
  std::size_t shown = 0;
  for (const auto& [term, slot] : matched) {
    out.terms.push_back(term);
    if (slot == Xapian::BAD_VALUENO) continue;  // an alias, not shown
    if (++shown <= 25) {
      std::string k = term.substr(term.find(':') + 1);
      out.labels.push_back(display_name(term, slot, k));
    }
  }
  if (shown > 25) out.labels.push_back("and " + std::to_string(shown - 25) + " more");
  return out;
}

std::string Searcher::Impl::correct_spelling(const SearchRequest& req,
                                             const std::vector<std::string>& words,
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
  popts.resolver = [this](const sc::Field& f, std::string_view v) { return resolve(f, v); };
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
        throw InputError("", 0,
                         std::string("'") + which + "' is not a date: \"" + *text +
                             "\" (use 2026, 2026-02 or 2026-02-07)",
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
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Oldest first, undated last, then in indexing order: the order an
  // archive is read in, the same every time.
  Xapian::MultiValueKeyMaker by_date;
  by_date.add_value(sc::kSlotPublished, false, std::string(1, '\xff'));
  enquire.set_sort_by_key(&by_date, false);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  std::size_t n = 0;
  constexpr Xapian::doccount kPage = 1000;
  for (Xapian::doccount first = 0;; first += kPage) {
    Xapian::MSet mset = enquire.get_mset(first, kPage);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      fn(article::from_stored_json(it.get_document().get_data()));
      ++n;
    }
    if (mset.size() < kPage) break;
  }
  return n;
}

SearchResult Searcher::Impl::search(const SearchRequest& req) {
  auto t0 = std::chrono::steady_clock::now();
  ParsedQuery pq;
  Xapian::Query query = build_query(req, &pq);
  std::unique_ptr<RecencySource> recency;
  if (req.sort == SortOrder::kRecent) {
    if (!(req.half_life_days > 0)) {
      throw InputError("", 0, "half-life must be a positive number of days", "half_life");
    }
    std::string hi = db.get_value_upper_bound(sc::kSlotPublished);
    if (!hi.empty()) {
      recency = std::make_unique<RecencySource>(Xapian::sortable_unserialise(hi),
                                                req.half_life_days * 86400.0, kRecencyWeight);
      query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(recency.get()));
    }
  }
  std::vector<const sc::Field*> facet_fields;
  for (const std::string& name : req.facets) {
    const sc::Field* f = sc::find_field(name);
    if (f == nullptr || !f->has(sc::kFacet)) {
      throw InputError("", 0,
                       "unknown facet '" + name + "' (use person, org, place, country, source, lang)",
                       "facets");
    }
    facet_fields.push_back(f);
  }
  const bool want_timeline = !req.timeline.empty();
  if (want_timeline && req.timeline != "day" && req.timeline != "month" &&
      req.timeline != "year" && req.timeline != "auto") {
    throw InputError("", 0, "timeline must be day, month, year or auto", "timeline");
  }

  SearchResult res;
  std::string timeline_note;  // when the timeline had to use a coarser unit
  res.query = req.query;
  res.offset = req.offset;
  res.limit = req.limit;
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    // Without words there is no relevance: filters alone list the newest
    // first. Undated articles come last either way.
    SortOrder sort = req.sort;
    if (sort == SortOrder::kRelevance && !pq.has_text) sort = SortOrder::kNewest;
    Xapian::MultiValueKeyMaker by_date;
    if (sort == SortOrder::kNewest || sort == SortOrder::kOldest) {
      // An undated article has no value: it sorts as an empty key, which
      // reversed (newest) is already last; oldest puts it after every date.
      by_date.add_value(sc::kSlotPublished, sort == SortOrder::kNewest,
                        sort == SortOrder::kOldest ? std::string(1, '\xff') : std::string());
      enquire.set_sort_by_key_then_relevance(&by_date, false);
    }
    // Counted from the facet columns when loaded: one spy, array counting,
    // value forms and surname aliases already merged. Else one spy per
    // facet, merged below. Either way the values of a facet that fold to
    // one key count as one, as its filter finds them.
    const bool counting = !facet_fields.empty() || want_timeline;
    std::unique_ptr<ColumnSpy> column_spy;
    std::vector<std::unique_ptr<FacetCounter>> counters;
    std::unique_ptr<TimelineSpy> timeline;
    if (counting) {
      if (std::shared_ptr<const FacetColumns> cols = columns_for_request()) {
        std::vector<Xapian::valueno> slots;
        for (const sc::Field* f : facet_fields) slots.push_back(f->slot);
        column_spy = std::make_unique<ColumnSpy>(cols, slots, want_timeline, req.facet_cap);
        enquire.add_matchspy(column_spy.get());
      } else {
        for (const sc::Field* f : facet_fields) {
          const Impl::AliasTable* table = alias_table(f->slot);
          const KeyAliases* slot_aliases = table != nullptr ? &table->to_value : nullptr;
          counters.push_back(make_facet_counter(f->slot, CounterKind::kPackedSpy, slot_aliases, req.facet_cap));
          counters.back()->attach(enquire);
        }
        if (want_timeline) {
          timeline = std::make_unique<TimelineSpy>(req.facet_cap);
          enquire.add_matchspy(timeline.get());
        }
      }
    }
    // Facets and the timeline are exact only if every match is seen.
    Xapian::doccount all = db.get_doccount();
    Xapian::doccount check = all;
    if (req.facet_cap > 0 && req.facet_cap < all) check = static_cast<Xapian::doccount>(req.facet_cap);
    if (!req.exact_total && !counting) check = 0;
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                         static_cast<Xapian::doccount>(req.limit), check);
    res.total = mset.get_matches_estimated();
    res.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    // Exact only if the spies counted every match: a cap below the number
    // of matches stops them early.
    std::uint64_t counted = res.total;
    if (column_spy) {
      counted = column_spy->seen();
    } else if (!counters.empty()) {
      counted = counters.front()->seen();
    } else if (timeline) {
      counted = timeline->seen();
    }
    res.facets_counted = counted;
    res.facets_exact = res.total_exact && counted == res.total;
    if (counting && !column_spy) counted_without_columns += mset.get_matches_estimated();
    for (std::size_t k = 0; k < facet_fields.size(); ++k) {
      const sc::Field* f = facet_fields[k];
      std::vector<FacetValue> top;
      if (column_spy) {
        top = column_spy->top(f->slot, req.facet_size);
      } else {
        std::map<std::string, std::uint64_t> counts = merge_same_key(counters[k]->counts());
        merge_alias_counts(*f, counts);
        top = top_values(counts, req.facet_size);
      }
      if (f->has(sc::kCode) && countries.label) {
        for (FacetValue& v : top) {
          std::string label = countries.label(v.value);
          if (!label.empty()) v.label = label;
        }
      }
      res.facets.emplace_back(req.facets[k], std::move(top));
    }
    if (want_timeline) {
      res.timeline = make_timeline(column_spy ? column_spy->days() : timeline->days(), req.timeline,
                                   &res.timeline_unit, &timeline_note);
    }
    if (req.spelling && !pq.plain_words.empty()) {
      res.corrected_query = correct_spelling(req, pq.plain_words, mset.get_matches_estimated());
    }
    Highlighter hl;
    hl.words.insert(pq.highlight.begin(), pq.highlight.end());
    hl.stems.insert(pq.highlight_stems.begin(), pq.highlight_stems.end());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      res.hits.push_back(make_hit(it, hl, req.snippets));
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw Error(path + ": search failed: " + e.get_description());
  }
  res.filters = std::move(pq.filters);
  res.notes = std::move(pq.notes);
  if (!timeline_note.empty()) res.notes.push_back(timeline_note);
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

std::optional<article::Article> Searcher::Impl::get(const std::string& id) {
  std::string term = sc::id_term(id);
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return article::from_stored_json(db.get_document(*p).get_data());
}

IndexStatsInfo Searcher::Impl::stats() {
  IndexStatsInfo s;
  s.path = path;
  s.articles = db.get_doccount();
  s.undated = db.get_termfreq(sc::kTermUndated);
  if (s.articles > s.undated) {
    std::string lo = db.get_value_lower_bound(sc::kSlotPublished);
    std::string hi = db.get_value_upper_bound(sc::kSlotPublished);
    if (!lo.empty()) s.first_date = article::format_iso(static_cast<std::int64_t>(Xapian::sortable_unserialise(lo)));
    if (!hi.empty()) s.last_date = article::format_iso(static_cast<std::int64_t>(Xapian::sortable_unserialise(hi)));
  }
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) s.size_bytes += e.file_size(ec);
  }
  std::string v = db.get_metadata(sc::kSchemaKey);
  s.schema_version = v.empty() ? 0 : std::stoi(v);
  return s;
}

std::vector<Suggestion> Searcher::Impl::suggest(std::string_view prefix_in, std::size_t limit) {
  std::vector<Suggestion> out;
  std::string prefix = analysis::fold(util::trim(prefix_in));
  if (prefix.empty() || limit == 0) return out;
  std::vector<std::string> typed;
  for (const auto& t : analysis::tokenize(prefix)) typed.push_back(t.term);
  if (typed.empty()) return out;
  // Every typed word but the last must be a whole word of the name; the
  // last may be a word's beginning ("ronald rea").
  auto matches = [&](std::string_view key) {
    std::vector<std::string_view> kw = key_words(key);
    for (std::size_t i = 0; i < typed.size(); ++i) {
      bool last = i + 1 == typed.size();
      bool found = false;
      for (std::string_view w : kw) {
        if (last ? w.substr(0, typed[i].size()) == typed[i] : w == typed[i]) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  };
  // Suggestible entity fields with names in the index, then those with
  // codes (countries, by name), then title words.
  auto named = [](const sc::Field& f) {
    return f.has(sc::kSuggestible) && f.kind == sc::FieldKind::kEntity && !f.has(sc::kCode);
  };
  std::vector<std::pair<Suggestion, std::string>> found;  // with term, for display lookup
  for (const sc::Field& f : sc::kFields) {
    if (!named(f)) continue;
    const std::string pfx = f.prefix;
    for (auto it = db.allterms_begin(pfx); it != db.allterms_end(pfx); ++it) {
      const std::string term = *it;  // *it is a temporary
      std::string_view key = std::string_view(term).substr(pfx.size());
      if (matches(key)) found.push_back({{std::string(key), f.name, it.get_termfreq()}, term});
    }
  }
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSuggestible) || !f.has(sc::kCode) || !countries.codes) continue;
    for (const std::string& code : countries.codes(prefix_in)) {
      Xapian::doccount n = db.get_termfreq(f.prefix + code);
      std::string label = countries.label ? countries.label(code) : code;
      if (n > 0) found.push_back({{label.empty() ? code : label, f.name, n}, ""});
    }
  }
  // Title words that start with the last typed word.
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSuggestible) || f.kind != sc::FieldKind::kFreeText || typed.size() != 1) continue;
    const std::string pfx = f.prefix;
    for (auto it = db.allterms_begin(pfx + typed[0]); it != db.allterms_end(pfx + typed[0]); ++it) {
      found.push_back({{std::string(*it).substr(pfx.size()), "word", it.get_termfreq()}, ""});
    }
  }
  // Surname-only persons count towards the full name they stand for.
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSurnameAliases)) continue;
    const Impl::AliasTable* surnames = alias_table(f.slot);
    for (auto& [sug, term] : found) {
      if (sug.kind != f.name || surnames == nullptr) continue;
      auto alias = surnames->to_value.find(sug.text);
      if (alias == surnames->to_value.end()) continue;
      std::string full_term = f.prefix + alias->second;
      bool merged = false;
      for (auto& [other, other_term] : found) {
        if (other.kind == f.name && other_term == full_term) {
          other.count += sug.count;
          merged = true;
        }
      }
      if (merged) {
        sug.count = 0;  // dropped below
      } else {
        sug.text = alias->second;
        sug.count += db.get_termfreq(full_term);
        term = full_term;
      }
    }
    std::erase_if(found, [&](const auto& s) { return s.first.kind == f.name && s.first.count == 0; });
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first.count > b.first.count;
  });
  // A suggestion's count is what searching for it gives: its text as a
  // filter of its kind (resolved as a typed filter is, aliases and all),
  // or as a query for a word (which matches the word's stem in titles and
  // bodies). The index counts above only rank the candidates; the commonest
  // few are searched and ranked again by what the searches found.
  auto search_count = [&](const Suggestion& sug) -> std::uint64_t {
    SearchRequest req;
    if (sug.kind == "word") {
      req.query = sug.text;
    } else {
      req.filters.emplace_back(sug.kind, sug.text);
    }
    try {
      Xapian::Enquire enquire(db);
      enquire.set_query(build_query(req, nullptr));
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    } catch (const InputError&) {
      return 0;  // a text the query syntax reads otherwise: no suggestion
    } catch (const QuerySyntaxError&) {
      return 0;
    }
  };
  const std::size_t searched = std::max<std::size_t>(3 * limit, 30);
  std::vector<std::string> seen;
  for (auto& [sug, term] : found) {
    if (out.size() >= searched) break;
    if (const sc::Field* f = sc::find_field(sug.kind); f != nullptr && named(*f)) {
      sug.text = display_name(term, f->slot, sug.text);
    }
    std::string key = analysis::fold(sug.text);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    sug.count = search_count(sug);
    if (sug.count > 0) out.push_back(std::move(sug));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.count > b.count; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::optional<SearchResult> Searcher::Impl::related(const std::string& id, std::size_t limit) {
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
  Xapian::ESet eset = enquire.get_eset(30, rset, &decider);
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
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  res.total = mset.get_matches_estimated();
  res.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  for (auto it = mset.begin(); it != mset.end(); ++it) res.hits.push_back(make_hit(it, hl, true));
  res.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return res;
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
  for (int attempt = 1;; ++attempt) {
    try {
      return impl_->for_each_match(request, counted);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (delivered > 0 || attempt >= kReadTries) {
        throw Error(impl_->path + ": the index changed while its matches were read (run again): " +
                    e.get_description());
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

IndexStatsInfo Searcher::stats() {
  return impl_->retrying([&] { return impl_->stats(); });
}

std::vector<Suggestion> Searcher::suggest(std::string_view prefix, std::size_t limit) {
  return impl_->retrying([&] { return impl_->suggest(prefix, limit); });
}

std::optional<SearchResult> Searcher::related(const std::string& id, std::size_t limit) {
  return impl_->retrying([&] { return impl_->related(id, limit); });
}

}  // namespace dateline::search
