#include "cli/common.h"

#include <cstdlib>

#include <unistd.h>

namespace dateline::cli {

void add_common(CLI::App& app, Common& common) {
  app.add_option("--db", common.db,
                 "Index directory (default: $DATELINE_DB, else ./dateline.db)")
      ->envname("DATELINE_DB");
}

std::string db_path(const Common& common) {
  if (!common.db.empty()) return common.db;
  if (const char* env = std::getenv("DATELINE_DB"); env != nullptr && *env != '\0') return env;
  return "dateline.db";
}

bool stdout_is_tty() { return isatty(1) == 1; }
bool stderr_is_tty() { return isatty(2) == 1; }

}  // namespace dateline::cli
