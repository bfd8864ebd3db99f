#include "search/shards.h"

#include <charconv>
#include <filesystem>

#include <xapian.h>

#include "util/strings.h"

namespace dateline::search {
namespace fs = std::filesystem;

std::string ShardSpec::name() const {
  return kind == Kind::kRemote ? host + ":" + std::to_string(port) : path;
}

std::string stub_file_of(const std::string& db_path) {
  std::error_code ec;
  if (fs::is_regular_file(db_path, ec)) return db_path;
  fs::path stub = fs::path(db_path) / "XAPIANDB";
  if (fs::is_regular_file(stub, ec)) return stub.string();
  return {};
}

std::vector<ShardSpec> parse_stub(std::string_view text, const std::string& stub_path) {
  const fs::path base = fs::path(stub_path).parent_path();
  std::vector<ShardSpec> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = util::trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& why) {
      return Error(location(stub_path, line_no) + ": " + why + ": \"" + std::string(line) + "\"");
    };
    std::size_t space = line.find_first_of(" \t");
    std::string_view type = line.substr(0, space);
    std::string_view arg =
        space == std::string_view::npos ? std::string_view() : util::trim(line.substr(space));
    if (arg.empty()) throw fail("a stub line is a type and a database");
    ShardSpec s;
    if (type == "auto" || type == "glass" || type == "chert") {
      fs::path p(arg);
      s.path = (p.is_absolute() ? p : base / p).lexically_normal().string();
    } else if (type == "remote") {
      std::size_t colon = arg.rfind(':');
      // Xapian reads "remote :PROGRAM ARGS" as a program to run over a
      // pipe (xapian-progsrv); dateline reaches shards over TCP only.
      if (colon == 0 || colon == std::string_view::npos) {
        throw fail("a remote shard is 'remote HOST:PORT' (a xapian-tcpsrv; ':PROGRAM' shards are not run)");
      }
      std::string_view port = arg.substr(colon + 1);
      unsigned n = 0;
      auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
      if (ec != std::errc() || end != port.data() + port.size() || n == 0 || n > 65535) {
        throw fail("the port of a remote shard is a number from 1 to 65535");
      }
      s.kind = ShardSpec::Kind::kRemote;
      s.host = std::string(arg.substr(0, colon));
      s.port = n;
    } else {
      throw fail("unknown database type '" + std::string(type) + "' (use auto, glass or remote)");
    }
    out.push_back(std::move(s));
  }
  return out;
}

ShardUnavailableError::ShardUnavailableError(std::vector<std::string> shards)
    : Error([&] {
        std::string m = shards.size() == 1 ? "shard " : "shards ";
        for (std::size_t i = 0; i < shards.size(); ++i) m += (i ? ", " : "") + shards[i];
        return m + (shards.size() == 1 ? " is" : " are") +
               " unavailable (does not answer; --allow-partial searches the other shards)";
      }()),
      shards_(std::move(shards)) {}

Xapian::Database open_shard(const ShardSpec& shard, const ShardOptions& options) {
  if (shard.kind == ShardSpec::Kind::kLocal) return Xapian::Database(shard.path);
  return Xapian::Remote::open(shard.host, shard.port, options.timeout_ms, options.timeout_ms);
}

Xapian::Database open_shards(const std::vector<ShardSpec>& shards, const ShardOptions& options,
                             std::vector<std::string>* failed) {
  Xapian::Database db;
  for (const ShardSpec& s : shards) {
    try {
      db.add_database(open_shard(s, options));
    } catch (const Xapian::NetworkError&) {
      if (failed == nullptr) throw;
      failed->push_back(s.name());
    }
  }
  return db;
}

bool any_remote(const std::vector<ShardSpec>& shards) {
  for (const ShardSpec& s : shards) {
    if (s.kind == ShardSpec::Kind::kRemote) return true;
  }
  return false;
}

}  // namespace dateline::search
