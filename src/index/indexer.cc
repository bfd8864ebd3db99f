#include "index/indexer.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <xapian.h>

#include "index/document_builder.h"
#include "schema/schema.h"
#include "schema/terms.h"
#include "util/error.h"

namespace dateline::index {
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

// A built document waiting for the writer.
struct Built {
  std::string id;
  std::string id_term;
  Xapian::Document doc;
  std::string error;  // non-empty: building failed
  std::string where;  // path:line for messages
};

}  // namespace

struct Indexer::Impl {
  IndexerOptions options;
  Xapian::WritableDatabase db;

  std::mutex mu;
  std::condition_variable cv_work;     // workers wait for input
  std::condition_variable cv_space;    // reader waits for queue space
  std::condition_variable cv_written;  // writer waits for results
  std::deque<std::pair<std::size_t, ingest::Record>> queue;
  std::map<std::size_t, Built> done;
  std::size_t next_seq = 0;
  std::size_t write_seq = 0;
  bool closing = false;
  std::string fatal;

  std::vector<std::thread> workers;
  std::thread writer;
  std::atomic<std::size_t> written{0};
  IndexStats stats;
  std::size_t since_commit = 0;
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
        if (options.annotator) rec.article.entities = options.annotator(rec.article);
        b.id = rec.article.id;
        b.id_term = schema::id_term(b.id);
        b.doc = build_document(rec.article);
      } catch (const std::exception& e) {
        b.error = e.what();
      }
      {
        std::lock_guard lock(mu);
        done.emplace(item.first, std::move(b));
      }
      cv_written.notify_one();
    }
  }

  void write_loop() {
    while (true) {
      Built b;
      {
        std::unique_lock lock(mu);
        cv_written.wait(lock, [&] {
          return done.count(write_seq) > 0 || (closing && write_seq == next_seq);
        });
        auto it = done.find(write_seq);
        if (it == done.end()) return;
        b = std::move(it->second);
        done.erase(it);
        ++write_seq;
      }
      if (!b.error.empty()) {
        std::cerr << b.where << ": cannot index article: " << b.error << "\n";
        ++stats.failed;
        continue;
      }
      try {
        bool existed = db.term_exists(b.id_term);
        db.replace_document(b.id_term, b.doc);
        ++(existed ? stats.replaced : stats.added);
        written.fetch_add(1, std::memory_order_relaxed);
        if (++since_commit >= options.batch_size) {
          db.commit();
          since_commit = 0;
        }
      } catch (const Xapian::DatabaseError& e) {
        // The database itself is in trouble (disk full, corruption): stop.
        std::lock_guard lock(mu);
        fatal = IndexError(options.db_path, b.id, e.get_description()).what();
        closing = true;
        cv_space.notify_all();
        cv_work.notify_all();
        return;
      } catch (const Xapian::Error& e) {
        std::cerr << b.where << ": cannot index article " << b.id << ": "
                  << e.get_description() << "\n";
        ++stats.failed;
      }
    }
  }
};

Indexer::Indexer(IndexerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->db = open_writable(impl_->options.db_path);
  unsigned n = impl_->options.threads;
  if (n == 0) n = std::max(1u, std::thread::hardware_concurrency());
  impl_->max_queue = 64 * n;
  for (unsigned i = 0; i < n; ++i) impl_->workers.emplace_back([this] { impl_->work(); });
  impl_->writer = std::thread([this] { impl_->write_loop(); });
}

Indexer::~Indexer() {
  if (impl_ && impl_->writer.joinable()) {
    try {
      finish();
    } catch (...) {
      // Destructors must not throw; finish() explicitly to see errors.
    }
  }
}

void Indexer::add(ingest::Record&& record) {
  {
    std::unique_lock lock(impl_->mu);
    impl_->cv_space.wait(lock, [&] {
      return impl_->closing || impl_->queue.size() < impl_->max_queue;
    });
    if (!impl_->fatal.empty()) throw Error(impl_->fatal);
    impl_->queue.emplace_back(impl_->next_seq++, std::move(record));
  }
  impl_->cv_work.notify_one();
}

IndexStats Indexer::finish() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->closing = true;
  }
  impl_->cv_work.notify_all();
  for (std::thread& t : impl_->workers) t.join();
  impl_->workers.clear();
  impl_->cv_written.notify_all();
  if (impl_->writer.joinable()) impl_->writer.join();
  if (!impl_->fatal.empty()) throw Error(impl_->fatal);
  try {
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(impl_->options.db_path, "", "commit failed: " + e.get_description());
  }
  return impl_->stats;
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
