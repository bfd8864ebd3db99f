#include "index/indexer.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <xapian.h>

#include "index/document_builder.h"
#include "index/layout.h"
#include "index/shards.h"
#include "index/stories.h"
#include "index/stub_file.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "util/cpu_time.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

// Removes the shard folders ("DB.shards-PID") of first builds that were
// killed. The caller holds the index's lock, so no live run can be writing
// them; a folder whose process still runs is left alone all the same (it
// may be a run that has just merged and is cleaning up).
void remove_dead_shards(const fs::path& db) {
  const std::string prefix = db.filename().string() + ".shards-";
  const fs::path parent = db.has_parent_path() ? db.parent_path() : fs::path(".");
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || (::kill(pid, 0) != 0 && errno == ESRCH)) doomed.push_back(entry.path());
  }
  for (const fs::path& p : doomed) fs::remove_all(p, ec);
}

// A test hook: with DATELINE_TEST_PAUSE_AT set to point, the indexer says
// "dateline-index: paused at POINT" on standard error and sleeps there for
// a minute, so a test can kill it at exactly that point of a run
// (tests/e2e/T043-crash-safety.sh). Points: "finish" (all input queued,
// writers still writing), "merge" (shards committed, before compaction),
// "swap" (merged, before the commit point), "cleanup" (just after it).
// Never set in normal use.
void test_pause(const char* point) {
  const char* want = std::getenv("DATELINE_TEST_PAUSE_AT");
  if (want == nullptr || std::strcmp(want, point) != 0) return;
  std::cerr << "dateline-index: paused at " << point << std::endl;
  std::this_thread::sleep_for(std::chrono::seconds(60));
}

// A writer's fatal error: the index named, the reason, and what is left.
std::string cannot_write(const std::string& db_path, const Xapian::Error& e) {
  return IndexError(db_path, "",
                    "cannot write the index: " + write_failure(e, db_path) +
                        "; it is left as it was at its last commit")
      .what();
}

// A built document waiting for a writer.
struct Built {
  std::string id;
  std::string id_term;
  Xapian::Document doc;
  std::string error;  // non-empty: building failed
  std::string where;  // path:line for messages
  StorySignature story;
  std::string period;  // its shard in a time-sharded index
  bool erase = false;  // delete id_term instead (the id moved to another shard)
};

// One Xapian writer with its own queue: the main index, or one shard of a
// parallel first build. Each batch is a Xapian transaction: committed whole
// at its end, or, when a write fails (a full disk), cancelled, so nothing
// of it reaches the disk later (without a transaction the database's
// destructor would commit what was written before the failure).
class Writer {
 public:
  // index_path names the index in messages (a shard is part of it).
  Writer(Xapian::WritableDatabase db, std::string index_path, std::size_t batch_size)
      : db_(std::move(db)), path_(std::move(index_path)), batch_size_(batch_size) {}

  void start() {
    thread_ = std::thread([this] { loop(); });
  }

  // Queues a document; blocks while the queue is long.
  void push(Built&& b) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queue_.size() < 256 || stopped_; });
    queue_.push_back(std::move(b));
    ready_.notify_one();
  }

  // Finishes the queue and commits. Returns the fatal error, if any.
  std::string close() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (fatal_.empty()) {
      try {
        if (in_batch_) {
          db_.commit_transaction();
          in_batch_ = false;
        } else {
          db_.commit();
        }
      } catch (const Xapian::Error& e) {
        fatal_ = cannot_write(path_, e);
        cancel_batch();
      }
    }
    return fatal_;
  }

  bool failed() {
    std::lock_guard lock(mu_);
    return stopped_;
  }
  // The error that stopped this writer, or "".
  std::string fatal() {
    std::lock_guard lock(mu_);
    return fatal_;
  }
  Xapian::WritableDatabase& db() { return db_; }

  std::atomic<std::size_t> added{0};
  std::atomic<std::size_t> replaced{0};
  std::atomic<std::size_t> failed_docs{0};
  std::atomic<std::int64_t> cpu_ns{0};  // the writer thread's CPU time

 private:
  void loop() {
    // Adds this thread's CPU time to cpu_ns on every way out.
    struct Account {
      std::atomic<std::int64_t>& total;
      std::int64_t start;
      ~Account() { total += util::thread_cpu_ns() - start; }
    } account{cpu_ns, util::thread_cpu_ns()};
    std::size_t since_commit = 0;
    while (true) {
      Built b;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        b = std::move(queue_.front());
        queue_.pop_front();
      }
      space_.notify_one();
      try {
        if (!in_batch_) {
          db_.begin_transaction();
          in_batch_ = true;
        }
        if (b.erase) {
          db_.delete_document(b.id_term);
        } else {
          bool existed = db_.term_exists(b.id_term);
          db_.replace_document(b.id_term, b.doc);
          ++(existed ? replaced : added);
        }
        if (++since_commit >= batch_size_) {
          db_.commit_transaction();
          in_batch_ = false;
          since_commit = 0;
        }
      } catch (const Xapian::DatabaseError& e) {
        // The database itself is in trouble (a full disk, a read-only
        // filesystem, corruption): drop the batch and stop.
        cancel_batch();
        std::lock_guard lock(mu_);
        fatal_ = cannot_write(path_, e);
        stopped_ = true;
        queue_.clear();
        space_.notify_all();
        return;
      } catch (const Xapian::Error& e) {
        // The path, the id and Xapian's message (which may quote a term)
        // all come from the input: printable, like every terminal line.
        std::cerr << util::printable(b.where) << ": cannot index article " << util::printable(b.id) << ": "
                  << util::printable(e.get_description()) << "\n";
        ++failed_docs;
      }
    }
  }

  // Cancels the open batch's transaction, if any; errors are moot here
  // (the batch is lost either way, and the last commit is on disk).
  void cancel_batch() {
    if (!in_batch_) return;
    in_batch_ = false;
    try {
      db_.cancel_transaction();
    } catch (const Xapian::Error&) {
    }
  }

  Xapian::WritableDatabase db_;
  std::string path_;
  std::size_t batch_size_;
  bool in_batch_ = false;  // a transaction is open (writer thread, then close())
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Built> queue_;
  bool closing_ = false;
  bool stopped_ = false;
  std::string fatal_;
  std::thread thread_;
};

}  // namespace

struct Indexer::Impl {
  IndexerOptions options;
  Xapian::WritableDatabase target;  // holds the lock on the index
  std::vector<std::unique_ptr<Writer>> writers;
  std::string shard_dir;                    // non-empty in a sharded build
  std::unique_ptr<StoryClusterer> stories;  // null with options.stories off

  // A time-sharded index (mode != kNone): one writer per open period
  // shard, opened by the dispatcher when the period's first article comes.
  ShardBy mode = ShardBy::kNone;
  std::unique_ptr<ShardLock> shard_lock;
  std::mutex shards_mu;  // period_writers and shard_fatal (add() reads them)
  std::map<std::string, std::unique_ptr<Writer>> period_writers;
  std::map<std::string, std::uint64_t> last_use;  // for closing the least recently used
  std::uint64_t use_clock = 0;
  std::set<std::string> periods;  // shards on disk, as the stub lists them
  // The shards that existed when the run started, read-only, to find an id
  // whose date moved it to another period without a scan.
  std::map<std::string, Xapian::Database> snapshots;
  // The period of every id written in this run, by a 64-bit hash of the id
  // (a collision could at worst send a needless delete).
  std::vector<std::string> period_names;
  std::unordered_map<std::uint64_t, std::uint32_t> run_periods;
  std::size_t moved = 0;  // ids moved to another shard (replacements)
  std::string shard_fatal;
  IndexStats closed;  // counts of shard writers closed before finish()

  std::mutex mu;
  std::condition_variable cv_work;   // workers wait for input
  std::condition_variable cv_space;  // reader waits for queue space
  std::condition_variable cv_built;  // dispatcher waits for results
  std::deque<std::pair<std::size_t, ingest::Record>> queue;
  std::map<std::size_t, Built> done;
  std::size_t next_seq = 0;
  std::size_t dispatch_seq = 0;
  bool closing = false;
  std::atomic<bool> fatal{false};

  std::vector<std::thread> workers;
  std::thread dispatcher;
  std::atomic<std::size_t> written{0};
  std::atomic<std::int64_t> annotate_cpu_ns{0};
  std::atomic<std::int64_t> build_cpu_ns{0};
  std::size_t failed_builds = 0;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::size_t max_queue = 0;

  void work() {
    while (true) {
      std::pair<std::size_t, ingest::Record> item;
      {
        std::unique_lock lock(mu);
        cv_work.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;
        item = std::move(queue.front());
        queue.pop_front();
      }
      cv_space.notify_one();
      Built b;
      ingest::Record& rec = item.second;
      b.where = location(rec.path, rec.line, rec.unit);
      try {
        article::assign_id(rec.article);
        const std::int64_t t0 = util::thread_cpu_ns();
        if (options.annotator) rec.article.entities = options.annotator(rec.article);
        const std::int64_t t1 = util::thread_cpu_ns();
        b.id = rec.article.id;
        b.id_term = schema::id_term(b.id);
        b.doc = build_document(rec.article);
        if (stories) b.story = story_signature(rec.article.body);
        if (mode != ShardBy::kNone) b.period = shard_period(mode, rec.article.published);
        annotate_cpu_ns += t1 - t0;
        build_cpu_ns += util::thread_cpu_ns() - t1;
      } catch (const std::exception& e) {
        b.error = e.what();
      } catch (const Xapian::Error& e) {
        b.error = e.get_description();
      }
      {
        std::lock_guard lock(mu);
        done.emplace(item.first, std::move(b));
      }
      cv_built.notify_one();
    }
  }

  // Hands built documents to the writers in input order, so a later copy
  // of an id always replaces an earlier one; a shard is chosen by id.
  void dispatch() {
    while (true) {
      Built b;
      {
        std::unique_lock lock(mu);
        cv_built.wait(lock,
                      [&] { return done.count(dispatch_seq) > 0 || (closing && dispatch_seq == next_seq); });
        auto it = done.find(dispatch_seq);
        if (it == done.end()) return;
        b = std::move(it->second);
        done.erase(it);
        ++dispatch_seq;
      }
      cv_space.notify_one();
      if (!b.error.empty()) {
        std::cerr << util::printable(b.where) << ": cannot index article: " << util::printable(b.error)
                  << "\n";
        ++failed_builds;
        continue;
      }
      // Stories are assigned here, in input order and before a shard is
      // chosen, so a copy finds every earlier article whatever its shard.
      // Without clustering every article is its own story.
      add_story(b.doc, stories ? stories->assign(b.id, b.story) : b.id, b.story);
      Writer* picked = mode == ShardBy::kNone
                           ? writers[writers.size() == 1 ? 0 : util::fnv1a64(b.id) % writers.size()].get()
                           : shard_writer(b);
      if (picked == nullptr) {
        fatal = true;
        cv_space.notify_all();
        continue;
      }
      Writer& w = *picked;
      if (w.failed()) {
        fatal = true;
        cv_space.notify_all();
        continue;
      }
      w.push(std::move(b));
      written.fetch_add(1, std::memory_order_relaxed);
    }
  }

  // Opens the story clusterer (with options.stories), over the index as it
  // is before this run when it holds articles (a single index or the stub
  // of its period shards), so a copy joins an earlier run's story.
  void start_stories(bool has_articles) {
    if (!options.stories) return;
    try {
      stories = std::make_unique<StoryClusterer>(options.story_window,
                                                 has_articles ? options.db_path : std::string());
    } catch (const Xapian::Error& e) {
      throw IndexError(options.db_path, "", "cannot read the index's stories: " + e.get_description());
    }
  }

  // The writer of b's period shard, after queueing the deletion of b's id
  // from the shard that held it if its date moved it; nullptr (and
  // shard_fatal set) when a shard cannot be opened. Dispatcher thread only.
  Writer* shard_writer(const Built& b) {
    const std::uint64_t h = util::fnv1a64(b.id);
    auto erase_from = [&](const std::string& period) {
      Writer* old = open_shard(period);
      if (old == nullptr) return false;
      Built e;
      e.id = b.id;
      e.id_term = b.id_term;
      e.where = b.where;
      e.erase = true;
      old->push(std::move(e));
      ++moved;
      return true;
    };
    auto seen = run_periods.find(h);
    if (seen != run_periods.end()) {
      if (period_names[seen->second] != b.period && !erase_from(period_names[seen->second])) return nullptr;
    } else {
      for (auto& [period, snap] : snapshots) {
        bool there = false;
        try {
          there = period != b.period && holds(snap, b.id_term);
        } catch (const Xapian::Error& e) {
          std::lock_guard lock(shards_mu);
          shard_fatal = IndexError(shard_path(index_dir(options.db_path).string(), period), b.id,
                                   "cannot read the shard: " + e.get_description())
                            .what();
          return nullptr;
        }
        if (there && !erase_from(period)) return nullptr;
      }
    }
    auto at = std::find(period_names.begin(), period_names.end(), b.period);
    if (at == period_names.end()) at = period_names.insert(period_names.end(), b.period);
    run_periods[h] = static_cast<std::uint32_t>(at - period_names.begin());
    return open_shard(b.period);
  }

  // Whether a snapshot holds term, reopening it when this run's commits
  // have recycled the revision it read (only ids not yet written in this
  // run are asked about, so the newer revision answers the same).
  static bool holds(Xapian::Database& snap, const std::string& term) {
    for (int attempt = 0;; ++attempt) {
      try {
        return snap.term_exists(term);
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= 3) throw;
        snap.reopen();
      }
    }
  }

  // The open writer of period's shard, creating the shard (and listing it
  // in the stub) when it is new. At most kMaxOpenShards are open: each
  // holds a thread, a queue and an uncommitted batch, so the least recently
  // used one is committed and closed first. nullptr (shard_fatal set) on
  // failure.
  Writer* open_shard(const std::string& period) {
    static constexpr std::size_t kMaxOpenShards = 16;
    std::lock_guard lock(shards_mu);
    last_use[period] = ++use_clock;
    if (auto it = period_writers.find(period); it != period_writers.end()) return it->second.get();
    if (period_writers.size() >= kMaxOpenShards) {
      auto lru = std::min_element(
          period_writers.begin(), period_writers.end(),
          [&](const auto& a, const auto& b) { return last_use[a.first] < last_use[b.first]; });
      if (!close_shard(*lru->second)) return nullptr;
      period_writers.erase(lru);
    }
    const std::string path = shard_path(index_dir(options.db_path).string(), period);
    try {
      fs::create_directories(fs::path(path).parent_path());
      Xapian::WritableDatabase db = open_writable(path);
      if (db.get_metadata(kShardByKey).empty()) db.set_metadata(kShardByKey, shard_by_name(mode));
      if (periods.insert(period).second) {
        // Committed before the stub names it, so readers never meet a
        // listed shard that is not a database yet.
        db.commit();
        write_shard_stub(index_dir(options.db_path).string(), mode,
                         std::vector<std::string>(periods.begin(), periods.end()));
      }
      auto w = std::make_unique<Writer>(db, options.db_path, options.batch_size);
      w->start();
      return period_writers.emplace(period, std::move(w)).first->second.get();
    } catch (const std::exception& e) {
      shard_fatal = std::string(e.what());
    } catch (const Xapian::Error& e) {
      shard_fatal = cannot_write(path, e);
    }
    return nullptr;
  }

  // Commits and closes one shard's writer, adding its counts to closed.
  // False (shard_fatal set) when it failed. Call with shards_mu held.
  bool close_shard(Writer& w) {
    std::string f = w.close();
    closed.added += w.added;
    closed.replaced += w.replaced;
    closed.failed += w.failed_docs;
    closed.write_cpu_seconds += static_cast<double>(w.cpu_ns.load()) / 1e9;
    if (f.empty()) return true;
    if (shard_fatal.empty()) shard_fatal = f;
    return false;
  }

  // Opens a time-sharded index for writing: takes its lock, brings the stub
  // up to date with the shard directories (a run killed after creating a
  // shard and before listing it), and checks every shard's mode and schema.
  void open_sharded() {
    const std::string dir = index_dir(options.db_path).string();
    shard_lock = std::make_unique<ShardLock>(dir);
    remove_compaction_copies(dir);
    const std::vector<std::string> listed = stub_periods(dir);
    periods.insert(listed.begin(), listed.end());
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "shards", ec)) {
      const std::string name = entry.path().filename().string();
      if (is_shard_period(mode, name) && fs::exists(entry.path() / kGlassVersion)) periods.insert(name);
    }
    if (listed.size() != periods.size() || !fs::exists(fs::path(dir) / kStub)) {
      // Written even with no shards yet, so Xapian::Database(dir) opens
      // (empty) from the start of a first run.
      write_shard_stub(dir, mode, std::vector<std::string>(periods.begin(), periods.end()));
    }
    for (const std::string& period : periods) {
      const std::string path = shard_path(dir, period);
      try {
        Xapian::Database snap(path);
        schema::check_version(snap, path);
        const std::string by = snap.get_metadata(kShardByKey);
        if (!by.empty() && by != shard_by_name(mode)) {
          throw Error(path + ": shard of an index sharded by " + by + ", but the index is sharded by " +
                      shard_by_name(mode));
        }
        snapshots.emplace(period, std::move(snap));
      } catch (const Xapian::Error& e) {
        throw Error(path + ": cannot open the shard: " + e.get_description());
      }
    }
  }

  // Merges the shards with Xapian's compactor into a new generation
  // directory inside the index and makes it the index in one step (see
  // "Index layout" above), then removes what it replaced.
  void merge_shards() {
    const fs::path db = index_dir(options.db_path);
    const bool plain = fs::exists(db / kGlassVersion);
    const std::string name = next_generation(db);
    Xapian::Database all;
    for (auto& w : writers) all.add_database(w->db());
    test_pause("merge");
    try {
      all.compact((db / name).string());
    } catch (...) {
      std::error_code ec;
      fs::remove_all(db / name, ec);
      throw;
    }
    test_pause("swap");
    // Until here readers and a killed run see the empty index, after it
    // the merged one; never a mix.
    make_current(db, name, plain);
    test_pause("cleanup");
    // Nothing was written to the empty index since its first commit, so
    // closing it writes nothing (and releases its lock).
    target.close();
    remove_leftovers(db);
  }
};

Indexer::Indexer(IndexerOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.options = std::move(options);
  const fs::path dir = index_dir(im.options.db_path);
  const ShardBy existing = sharded_mode(dir.string());
  const std::optional<ShardBy> asked = im.options.shard_by;
  if (existing != ShardBy::kNone) {
    if (asked && *asked != existing) {
      throw Error(dir.string() + ": the index is sharded by " + shard_by_name(existing) + "; --shard-by " +
                  shard_by_name(*asked) +
                  " contradicts it (leave --shard-by out to add to it, or index into " + "a new directory)");
    }
    im.mode = existing;
  } else if (asked && *asked != ShardBy::kNone) {
    std::error_code ec;
    if (fs::exists(dir / kGlassVersion, ec) || fs::exists(dir / kStub, ec)) {
      throw Error(dir.string() + ": holds a single index; --shard-by " + shard_by_name(*asked) +
                  " needs a new directory or one already sharded by " + shard_by_name(*asked) +
                  " (re-index into a new directory to shard it)");
    }
    im.mode = *asked;
  }
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (im.mode != ShardBy::kNone) {
    im.open_sharded();
    im.start_stories(!im.snapshots.empty());
    unsigned n = im.options.threads == 0 ? cores : im.options.threads;
    im.max_queue = 64 * n;
    for (unsigned i = 0; i < n; ++i) im.workers.emplace_back([this] { impl_->work(); });
    im.dispatcher = std::thread([this] { impl_->dispatch(); });
    return;
  }
  im.target = open_writable(im.options.db_path);
  // Holding the lock now, clear up after killed runs.
  const fs::path db = index_dir(im.options.db_path);
  remove_leftovers(db);
  remove_dead_shards(db);
  unsigned shards = im.options.shards == 0 ? std::min(cores, 4u) : im.options.shards;
  if (im.target.get_doccount() > 0) shards = 1;
  im.start_stories(im.target.get_doccount() > 0);
  if (shards <= 1) {
    im.writers.push_back(std::make_unique<Writer>(im.target, im.options.db_path, im.options.batch_size));
  } else {
    im.shard_dir = db.string() + ".shards-" + std::to_string(getpid());
    try {
      // Commit the empty index's schema version now: the swap at finish()
      // relies on nothing being written to it later.
      im.target.commit();
      for (unsigned i = 0; i < shards; ++i) {
        std::string p = im.shard_dir + "/" + std::to_string(i);
        fs::create_directories(p);
        // Shards are scratch space, merged and deleted at finish(): syncing
        // them to disk at every commit would only wait on the disk.
        Xapian::WritableDatabase db(p, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
        im.writers.push_back(std::make_unique<Writer>(db, im.options.db_path, im.options.batch_size));
      }
    } catch (const std::exception& e) {
      fs::remove_all(im.shard_dir);
      throw Error(im.options.db_path + ": cannot create shards: " + e.what());
    }
  }
  for (auto& w : im.writers) w->start();
  unsigned n = im.options.threads == 0 ? cores : im.options.threads;
  im.max_queue = 64 * n;
  for (unsigned i = 0; i < n; ++i) im.workers.emplace_back([this] { impl_->work(); });
  im.dispatcher = std::thread([this] { impl_->dispatch(); });
}

Indexer::~Indexer() {
  if (impl_ && impl_->dispatcher.joinable()) {
    try {
      finish();
    } catch (...) {
      // Destructors must not throw; call finish() to see errors.
    }
  }
  if (impl_ && !impl_->shard_dir.empty()) {
    std::error_code ec;
    fs::remove_all(impl_->shard_dir, ec);
  }
}

void Indexer::add(ingest::Record&& record) {
  Impl& im = *impl_;
  {
    std::unique_lock lock(im.mu);
    // Bound the articles in flight, not just the queue: when the writers
    // are slower than analysis, built documents would pile up in memory.
    im.cv_space.wait(lock, [&] {
      return im.fatal || (im.queue.size() < im.max_queue && im.next_seq - im.dispatch_seq < 4 * im.max_queue);
    });
    if (!im.fatal) {
      im.queue.emplace_back(im.next_seq++, std::move(record));
      lock.unlock();
      im.cv_work.notify_one();
      return;
    }
  }
  // A writer stopped: its reason (a full disk, say) is the run's error.
  for (auto& w : im.writers) {
    if (std::string f = w->fatal(); !f.empty()) throw Error(f);
  }
  {
    std::lock_guard lock(im.shards_mu);
    if (!im.shard_fatal.empty()) throw Error(im.shard_fatal);
    for (auto& [period, w] : im.period_writers) {
      if (std::string f = w->fatal(); !f.empty()) throw Error(f);
    }
  }
  throw IndexError(im.options.db_path, "", "indexing stopped after a write error");
}

IndexStats Indexer::finish() {
  Impl& im = *impl_;
  test_pause("finish");
  {
    std::lock_guard lock(im.mu);
    im.closing = true;
  }
  im.cv_work.notify_all();
  for (std::thread& t : im.workers) t.join();
  im.workers.clear();
  im.cv_built.notify_all();
  if (im.dispatcher.joinable()) im.dispatcher.join();
  std::string fatal;
  IndexStats st;
  for (auto& w : im.writers) {
    std::string f = w->close();
    if (fatal.empty()) fatal = f;
    st.added += w->added;
    st.replaced += w->replaced;
    st.failed += w->failed_docs;
  }
  st.failed += im.failed_builds;
  if (im.stories) st.joined_story = im.stories->joined();
  if (im.mode != ShardBy::kNone) {
    std::lock_guard lock(im.shards_mu);
    for (auto& [period, w] : im.period_writers) im.close_shard(*w);
    im.period_writers.clear();
    st.added += im.closed.added;
    st.replaced += im.closed.replaced;
    st.failed += im.closed.failed;
    st.write_cpu_seconds += im.closed.write_cpu_seconds;
    // A moved id was added to its new shard and deleted from its old one:
    // one replacement, as a single index counts it.
    const std::size_t moved = std::min(im.moved, st.added);
    st.added -= moved;
    st.replaced += moved;
    if (fatal.empty()) fatal = im.shard_fatal;
  }
  if (!fatal.empty()) throw Error(fatal);
  for (auto& w : im.writers) st.write_cpu_seconds += static_cast<double>(w->cpu_ns.load()) / 1e9;
  const auto merge_start = std::chrono::steady_clock::now();
  if (!im.shard_dir.empty()) {
    try {
      im.merge_shards();
    } catch (const std::exception& e) {
      throw IndexError(im.options.db_path, "",
                       std::string("merging shards failed: ") + e.what() +
                           "; the index is left as it was at its last commit");
    } catch (const Xapian::Error& e) {
      throw IndexError(im.options.db_path, "",
                       "merging shards failed: " + write_failure(e, im.options.db_path) +
                           "; the index is left as it was at its last commit");
    }
    im.writers.clear();
    st.merge_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - merge_start).count();
    std::error_code ec;
    fs::remove_all(im.shard_dir, ec);
    im.shard_dir.clear();
  }
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - im.started).count();
  st.annotate_cpu_seconds = static_cast<double>(im.annotate_cpu_ns.load()) / 1e9;
  st.build_cpu_seconds = static_cast<double>(im.build_cpu_ns.load()) / 1e9;
  return st;
}

std::size_t Indexer::written() const { return impl_->written.load(std::memory_order_relaxed); }

std::vector<std::string> delete_articles(const std::string& db_path, const std::vector<std::string>& ids) {
  const std::string dir = index_dir(db_path).string();
  if (sharded_mode(dir) != ShardBy::kNone) {
    // An id lives in one shard; each shard is asked for every id by its Q
    // term, so the work grows with shards times ids, never with articles.
    ShardLock lock(dir);
    std::vector<bool> found(ids.size(), false);
    for (const std::string& period : stub_periods(dir)) {
      const std::string path = shard_path(dir, period);
      Xapian::WritableDatabase shard = open_writable(path);
      try {
        bool changed = false;
        for (std::size_t i = 0; i < ids.size(); ++i) {
          const std::string term = schema::id_term(ids[i]);
          if (!shard.term_exists(term)) continue;
          shard.delete_document(term);
          found[i] = true;
          changed = true;
        }
        if (changed) shard.commit();
      } catch (const Xapian::Error& e) {
        throw IndexError(path, "", "delete failed: " + e.get_description());
      }
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (!found[i]) missing.push_back(ids[i]);
    }
    return missing;
  }
  Xapian::WritableDatabase db = open_writable(db_path);
  std::vector<std::string> missing;
  try {
    for (const std::string& id : ids) {
      std::string term = schema::id_term(id);
      if (!db.term_exists(term)) {
        missing.push_back(id);
        continue;
      }
      db.delete_document(term);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(db_path, "", "delete failed: " + e.get_description());
  }
  return missing;
}

}  // namespace dateline::index
