#include "index/stub_file.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include "util/error.h"

namespace dateline::index {
namespace fs = std::filesystem;

void sync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

void replace_stub(const fs::path& dir, const std::string& text, const std::string& what) {
  const fs::path tmp = dir / kStubTmp;
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  int err = errno;
  if (fd >= 0) ::close(fd);
  if (ok && ::rename(tmp.c_str(), (dir / kStub).c_str()) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw Error(tmp.string() + ": cannot write " + what + ": " + std::strerror(err));
  }
  sync_dir(dir);
}

}  // namespace dateline::index
