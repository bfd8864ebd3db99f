#include "util/error.h"

namespace dateline {
namespace {

std::string located(const std::string& path, std::size_t line, LocationUnit unit,
                    const std::string& message) {
  if (path.empty()) return message;
  return location(path, line, unit) + ": " + message;
}

}  // namespace

std::string location(const std::string& path, std::size_t n, LocationUnit unit) {
  switch (unit) {
    case LocationUnit::kLine: return n > 0 ? path + ":" + std::to_string(n) : path;
    case LocationUnit::kItem: return n > 0 ? path + ":item " + std::to_string(n) : path;
    case LocationUnit::kOffset: return path + ":offset " + std::to_string(n);
  }
  return path;
}

InputError::InputError(std::string path, std::size_t line, std::string message, std::string field,
                       LocationUnit unit)
    : Error(located(path, line, unit, message)),
      path_(std::move(path)),
      line_(line),
      unit_(unit),
      message_(std::move(message)),
      field_(std::move(field)) {}

IndexError::IndexError(const std::string& db_path, const std::string& article_id, const std::string& what)
    : Error(db_path + (article_id.empty() ? "" : " (article " + article_id + ")") + ": " + what) {}

}  // namespace dateline
