#include "index/shards.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "index/stub_file.h"
#include "util/error.h"

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStubHeader = "# dateline shard-by: ";
constexpr const char* kShardsDir = "shards";
constexpr const char* kUndated = "undated";

bool all_digits(const std::string& s, std::size_t from, std::size_t to) {
  if (from >= to || to > s.size()) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from),
                     s.begin() + static_cast<std::ptrdiff_t>(to),
                     [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const char* shard_by_name(ShardBy mode) {
  switch (mode) {
    case ShardBy::kYear: return "year";
    case ShardBy::kMonth: return "month";
    case ShardBy::kNone: break;
  }
  return "none";
}

std::optional<ShardBy> parse_shard_by(const std::string& name) {
  if (name == "none") return ShardBy::kNone;
  if (name == "year") return ShardBy::kYear;
  if (name == "month") return ShardBy::kMonth;
  return std::nullopt;
}

std::string shard_period(ShardBy mode, const std::optional<std::int64_t>& published) {
  if (!published) return kUndated;
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_seconds(seconds(*published)));
  const year_month_day ymd(day);
  // Readers range-check dates, so the year fits four or five digits; the
  // clamp keeps a period name a directory name whatever comes in.
  const int y = std::clamp(static_cast<int>(ymd.year()), 0, 99999);
  char buf[16];
  if (mode == ShardBy::kMonth) {
    std::snprintf(buf, sizeof buf, "%04d-%02u", y, static_cast<unsigned>(ymd.month()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d", y);
  }
  return buf;
}

bool is_shard_period(ShardBy mode, const std::string& name) {
  if (name == kUndated) return true;
  if (mode == ShardBy::kYear) return name.size() >= 4 && name.size() <= 5 && all_digits(name, 0, name.size());
  if (mode == ShardBy::kMonth) {
    const std::size_t dash = name.find('-');
    return dash != std::string::npos && dash >= 4 && dash <= 5 && all_digits(name, 0, dash) &&
           name.size() == dash + 3 && all_digits(name, dash + 1, name.size());
  }
  return false;
}

ShardBy sharded_mode(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kStub);
  std::string line;
  if (!std::getline(in, line) || line.rfind(kStubHeader, 0) != 0) return ShardBy::kNone;
  return parse_shard_by(line.substr(std::strlen(kStubHeader))).value_or(ShardBy::kNone);
}

std::vector<std::string> stub_periods(const std::string& dir) {
  std::ifstream in(fs::path(dir) / kStub);
  const std::string prefix = std::string("auto ") + kShardsDir + "/";
  std::vector<std::string> periods;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) periods.push_back(line.substr(prefix.size()));
  }
  return periods;
}

std::string shard_path(const std::string& dir, const std::string& period) {
  return (fs::path(dir) / kShardsDir / period).string();
}

void write_shard_stub(const std::string& dir, ShardBy mode, const std::vector<std::string>& periods) {
  std::vector<std::string> sorted = periods;
  // Dated shards in time order, then the undated one.
  std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
    if ((a == kUndated) != (b == kUndated)) return b == kUndated;
    return a < b;
  });
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string text = std::string(kStubHeader) + shard_by_name(mode) +
                     "\n# The shards of this dateline index, one database per period (dateline-index "
                     "writes this file).\n";
  for (const std::string& p : sorted) text += std::string("auto ") + kShardsDir + "/" + p + "\n";
  replace_stub(dir, text, "the shard list");
}

std::string compaction_copy(const std::string& shard, bool fresh) {
  const fs::path p(shard);
  return (p.parent_path() / ("." + p.filename().string() + (fresh ? ".new" : ".old"))).string();
}

void remove_compaction_copies(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / kShardsDir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".") && (name.ends_with(".new") || name.ends_with(".old")))
      doomed.push_back(entry.path());
  }
  for (const fs::path& p : doomed) fs::remove_all(p, ec);
}

ShardLock::ShardLock(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path lock = fs::path(dir) / "dateline.lock";
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(lock.string() + ": cannot open the index's lock file: " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (err == EWOULDBLOCK) throw Error(dir + ": the index is locked by another dateline-index run");
    throw Error(lock.string() + ": cannot lock the index: " + std::strerror(err));
  }
}

ShardLock::~ShardLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace dateline::index
