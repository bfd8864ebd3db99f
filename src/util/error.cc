#include "util/error.h"

namespace dateline {
namespace {

std::string located(const std::string& path, std::size_t line, const std::string& message) {
  std::string out;
  if (!path.empty()) {
    out += path;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace

InputError::InputError(std::string path, std::size_t line, std::string message, std::string field)
    : Error(located(path, line, message)),
      path_(std::move(path)),
      line_(line),
      message_(std::move(message)),
      field_(std::move(field)) {}

IndexError::IndexError(const std::string& db_path, const std::string& article_id, const std::string& what)
    : Error(db_path + (article_id.empty() ? "" : " (article " + article_id + ")") + ": " + what) {}

}  // namespace dateline
