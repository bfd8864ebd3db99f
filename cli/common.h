#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace dateline::cli {

// Exit statuses shared by both tools; the README documents them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;  ///< input skipped, id not found
inline constexpr int kExitUsage = 2;     ///< bad flags, query syntax error
inline constexpr int kExitIndex = 3;     ///< the index cannot be opened or written

/// Options every subcommand shares.
struct Common {
  std::string db;  ///< as given by --db; see db_path()
};

/// Adds --db to app (and, being global, to its subcommands).
void add_common(CLI::App& app, Common& common);

/// The index location: --db, else $DATELINE_DB, else ./dateline.db.
[[nodiscard]] std::string db_path(const Common& common);

/// True if standard output (fd 1) or error (fd 2) is a terminal.
[[nodiscard]] bool stdout_is_tty();
[[nodiscard]] bool stderr_is_tty();

}  // namespace dateline::cli
