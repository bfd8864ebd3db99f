#include "index/indexer.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <xapian.h>

#include "index/document_builder.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "util/cpu_time.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

Xapian::WritableDatabase open_writable(const std::string& path) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    schema::check_version(db, path);
    if (db.get_metadata(schema::kSchemaKey).empty()) {
      db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    }
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(path + ": the index is locked by another dateline-index run");
  } catch (const Xapian::Error& e) {
    throw Error(path + ": cannot open the index for writing: " + e.get_description());
  }
}

// A built document waiting for a writer.
struct Built {
  std::string id;
  std::string id_term;
  Xapian::Document doc;
  std::string error;  // non-empty: building failed
  std::string where;  // path:line for messages
};

// One Xapian writer with its own queue: the main index, or one shard of a
// parallel first build.
class Writer {
 public:
  Writer(Xapian::WritableDatabase db, std::string path, std::size_t batch_size)
      : db_(std::move(db)), path_(std::move(path)), batch_size_(batch_size) {}

  void start() { thread_ = std::thread([this] { loop(); }); }

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
        db_.commit();
      } catch (const Xapian::Error& e) {
        fatal_ = IndexError(path_, "", "commit failed: " + e.get_description()).what();
      }
    }
    return fatal_;
  }

  bool failed() {
    std::lock_guard lock(mu_);
    return stopped_;
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
        bool existed = db_.term_exists(b.id_term);
        db_.replace_document(b.id_term, b.doc);
        ++(existed ? replaced : added);
        if (++since_commit >= batch_size_) {
          db_.commit();
          since_commit = 0;
        }
      } catch (const Xapian::DatabaseError& e) {
        // The database itself is in trouble (disk full, corruption): stop.
        std::lock_guard lock(mu_);
        fatal_ = IndexError(path_, b.id, e.get_description()).what();
        stopped_ = true;
        queue_.clear();
        space_.notify_all();
        return;
      } catch (const Xapian::Error& e) {
        std::cerr << b.where << ": cannot index article " << b.id << ": " << e.get_description()
                  << "\n";
        ++failed_docs;
      }
    }
  }

  Xapian::WritableDatabase db_;
  std::string path_;
  std::size_t batch_size_;
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
  std::string shard_dir;  // non-empty in a sharded build

  std::mutex mu;
  std::condition_variable cv_work;    // workers wait for input
  std::condition_variable cv_space;   // reader waits for queue space
  std::condition_variable cv_built;   // dispatcher waits for results
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
      b.where = rec.path + ":" + std::to_string(rec.line);
      try {
        article::assign_id(rec.article);
        const std::int64_t t0 = util::thread_cpu_ns();
        if (options.annotator) rec.article.entities = options.annotator(rec.article);
        const std::int64_t t1 = util::thread_cpu_ns();
        b.id = rec.article.id;
        b.id_term = schema::id_term(b.id);
        b.doc = build_document(rec.article);
        annotate_cpu_ns += t1 - t0;
        build_cpu_ns += util::thread_cpu_ns() - t1;
      } catch (const std::exception& e) {
        b.error = e.what();
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
        cv_built.wait(lock, [&] {
          return done.count(dispatch_seq) > 0 || (closing && dispatch_seq == next_seq);
        });
        auto it = done.find(dispatch_seq);
        if (it == done.end()) return;
        b = std::move(it->second);
        done.erase(it);
        ++dispatch_seq;
      }
      cv_space.notify_one();
      if (!b.error.empty()) {
        std::cerr << b.where << ": cannot index article: " << b.error << "\n";
        ++failed_builds;
        continue;
      }
      Writer& w = *writers[writers.size() == 1 ? 0 : util::fnv1a64(b.id) % writers.size()];
      if (w.failed()) {
        fatal = true;
        cv_space.notify_all();
        continue;
      }
      w.push(std::move(b));
      written.fetch_add(1, std::memory_order_relaxed);
    }
  }

  // Merges the shards into the index directory with Xapian's compactor.
  void merge_shards() {
    Xapian::Database all;
    for (auto& w : writers) all.add_database(w->db());
    std::string merged = options.db_path + ".merging";
    fs::remove_all(merged);
    all.compact(merged);
    target.close();
    // The index was empty, so replacing its files loses nothing.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(options.db_path)) fs::remove_all(entry.path(), ec);
    for (const auto& entry : fs::directory_iterator(merged)) {
      fs::rename(entry.path(), fs::path(options.db_path) / entry.path().filename());
    }
    fs::remove_all(merged);
  }
};

Indexer::Indexer(IndexerOptions options) : impl_(std::make_unique<Impl>()) {
  Impl& im = *impl_;
  im.options = std::move(options);
  im.target = open_writable(im.options.db_path);
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned shards = im.options.shards == 0 ? std::min(cores, 4u) : im.options.shards;
  if (im.target.get_doccount() > 0) shards = 1;
  if (shards <= 1) {
    im.writers.push_back(std::make_unique<Writer>(im.target, im.options.db_path, im.options.batch_size));
  } else {
    im.shard_dir = im.options.db_path + ".shards-" + std::to_string(getpid());
    try {
      for (unsigned i = 0; i < shards; ++i) {
        std::string p = im.shard_dir + "/" + std::to_string(i);
        fs::create_directories(p);
        // Shards are scratch space, merged and deleted at finish(): syncing
        // them to disk at every commit would only wait on the disk.
        Xapian::WritableDatabase db(p, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
        im.writers.push_back(std::make_unique<Writer>(db, p, im.options.batch_size));
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
      return im.fatal || (im.queue.size() < im.max_queue &&
                          im.next_seq - im.dispatch_seq < 4 * im.max_queue);
    });
    if (im.fatal) throw Error(im.options.db_path + ": indexing stopped after a write error");
    im.queue.emplace_back(im.next_seq++, std::move(record));
  }
  im.cv_work.notify_one();
}

IndexStats Indexer::finish() {
  Impl& im = *impl_;
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
  if (!fatal.empty()) throw Error(fatal);
  for (auto& w : im.writers) st.write_cpu_seconds += static_cast<double>(w->cpu_ns.load()) / 1e9;
  const auto merge_start = std::chrono::steady_clock::now();
  if (!im.shard_dir.empty()) {
    try {
      im.merge_shards();
    } catch (const std::exception& e) {
      throw IndexError(im.options.db_path, "", std::string("merging shards failed: ") + e.what());
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

std::vector<std::string> delete_articles(const std::string& db_path,
                                         const std::vector<std::string>& ids) {
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
