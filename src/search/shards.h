#pragma once

// An archive split into shards: the stub file that lists them (Xapian's
// stub syntax, one database per line) and opening them one by one, so a
// remote shard (a xapian-tcpsrv) that does not answer can be named, given
// a time-out, and left out when partial answers are allowed. No Xapian
// types beyond a declaration: searcher.h includes this.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace Xapian {
class Database;
}

namespace dateline::search {

/// One line of a stub file.
struct ShardSpec {
  enum class Kind { kLocal, kRemote };
  Kind kind = Kind::kLocal;
  std::string path;  ///< kLocal: the database, resolved against the stub's directory
  std::string host;  ///< kRemote: the server's name or address
  unsigned port = 0;

  /// What messages and the "shards" JSON call it: the path, or "host:port".
  [[nodiscard]] std::string name() const;
};

/// The stub file db_path stands for: db_path itself when it is a file,
/// db_path/XAPIANDB when that exists, else "" (a plain database).
[[nodiscard]] std::string stub_file_of(const std::string& db_path);

/// Parses the text of the stub file at stub_path, as Xapian 1.4 reads one:
/// "auto PATH" or "glass PATH" (PATH relative to the stub's directory),
/// "remote HOST:PORT" for a xapian-tcpsrv;
/// blank lines and lines starting with '#' are skipped. Throws
/// dateline::Error naming stub_path:line N for a line it cannot use
/// (including Xapian's "remote :PROGRAM ARGS" form, a program on a pipe,
/// which dateline does not run).
[[nodiscard]] std::vector<ShardSpec> parse_stub(std::string_view text, const std::string& stub_path);

/// How remote shards are reached.
struct ShardOptions {
  /// Milliseconds a remote shard may take to connect and to answer one
  /// operation before it counts as unavailable (0: wait for ever).
  unsigned timeout_ms = 10000;
  /// Search the shards that answer when some do not, instead of failing.
  bool allow_partial = false;
};

/// Thrown when a shard does not answer and partial answers are not
/// allowed. Exit status 3 in the tools, HTTP 503 in the server.
class ShardUnavailableError : public Error {
 public:
  explicit ShardUnavailableError(std::vector<std::string> shards);
  /// The names (ShardSpec::name()) of the shards that did not answer.
  const std::vector<std::string>& shards() const noexcept { return shards_; }

 private:
  std::vector<std::string> shards_;
};

/// Opens one shard: a local database (as Xapian::Database(path) would) or
/// a remote one with options' time-out. Throws Xapian::Error.
[[nodiscard]] Xapian::Database open_shard(const ShardSpec& shard, const ShardOptions& options);

/// Opens every shard that answers into one Database (BM25 statistics are
/// then global across them). The names of those that failed with a
/// Xapian::NetworkError (a remote shard down or too slow) go to *failed;
/// any other error (a local shard missing, a damaged database) is thrown.
[[nodiscard]] Xapian::Database open_shards(const std::vector<ShardSpec>& shards, const ShardOptions& options,
                                           std::vector<std::string>* failed);

/// True if any shard is remote.
[[nodiscard]] bool any_remote(const std::vector<ShardSpec>& shards);

}  // namespace dateline::search
