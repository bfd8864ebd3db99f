#pragma once

// An index built once per test suite and copied afresh for every test, so
// that a test which changes its index cannot be seen by another one and the
// tests do not depend on the order they run in.

#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>

namespace dateline::test_support {

class IndexCopies {
 public:
  /// Works under <tmp>/dateline-<name>-<pid>/; build the suite's index
  /// somewhere under template_dir().
  explicit IndexCopies(const std::string& name)
      : root_(std::filesystem::temp_directory_path() /
              ("dateline-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(template_dir());
  }
  ~IndexCopies() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  IndexCopies(const IndexCopies&) = delete;
  IndexCopies& operator=(const IndexCopies&) = delete;

  std::filesystem::path template_dir() const { return root_ / "template"; }

  /// A new directory holding a copy of everything under template_dir().
  std::filesystem::path fresh() {
    std::filesystem::path dir = root_ / ("test-" + std::to_string(++copies_));
    std::filesystem::copy(template_dir(), dir, std::filesystem::copy_options::recursive);
    return dir;
  }
  /// Removes a directory fresh() made.
  static void remove(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

 private:
  std::filesystem::path root_;
  std::size_t copies_ = 0;
};

}  // namespace dateline::test_support
