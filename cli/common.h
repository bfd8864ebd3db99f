#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace dateline::cli {

// Exit statuses shared by both tools; the README documents them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;  ///< input skipped, id not found
inline constexpr int kExitUsage = 2;     ///< bad flags, query syntax error
inline constexpr int kExitIndex = 3;     ///< the index cannot be opened or written

// The "code" of a JSON error: the HTTP status the API gives the same error.
inline constexpr int kCodeBadRequest = 400;   ///< exit kExitUsage
inline constexpr int kCodeNotFound = 404;     ///< exit kExitBadInput (an unknown id)
inline constexpr int kCodeIndex = 500;        ///< exit kExitIndex
inline constexpr int kCodeUnavailable = 503;  ///< exit kExitIndex: a shard does not answer

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

/// The name the HTTP API gives a flag's value: "--facet-size" -> "facet_size".
[[nodiscard]] std::string param_name(std::string_view flag);

/// A check for an option holding a whole number from min to max: decimal
/// digits only (no sign, no "0x", no exponent). A bad value throws
/// InputError whose message names flag and what it expects, and whose field
/// is param_name(flag).
[[nodiscard]] CLI::Validator whole_number(const std::string& flag, std::uint64_t min, std::uint64_t max);

/// The same for a decimal number ("1", "0.5") from min to max.
[[nodiscard]] CLI::Validator decimal_number(const std::string& flag, double min, double max);

/// Gives every option of app that takes a list (a std::vector) one value per
/// occurrence: `--person reagan tax` is the person reagan and the word tax,
/// and a value holding "[a,b]" or commas stays one value. Call after the
/// options are added; recurses into subcommands.
void one_value_per_flag(CLI::App& app);

/// "unknown command 'serch' (did you mean 'search'?); the commands are:
/// search, stats, ..." listing app's subcommands; "a command is required;
/// ..." when given is empty.
[[nodiscard]] std::string unknown_command_message(const CLI::App& app, const std::string& given);

/// True if argv[1..argc) holds "--json" before any "--".
[[nodiscard]] bool wants_json(int argc, const char* const* argv);

/// Prints an error the way it was asked for. With json, one object
/// {"error": {"code", "message", "param"}} on standard output, code being
/// the status the HTTP API gives the same error (400 bad input, 404 not
/// found, 500 the index), param null when empty; else "tool: message" on
/// standard error, the message through util::printable.
void print_error(const std::string& tool, bool json, int code, const std::string& message,
                 const std::string& param = {});

/// Prints the error for an unknown article id (code kCodeNotFound, param
/// "id") with print_error and returns kExitBadInput, the status to exit with.
[[nodiscard]] int no_article(const std::string& tool, bool json, const std::string& id);

/// Parses argv into app, whose callbacks do the work and store their exit
/// status in exit_code, and returns the status to exit with. Every error is
/// caught and printed with print_error (as JSON when argv holds --json):
/// usage errors, InputError and QuerySyntaxError exit kExitUsage (code 400),
/// any other error kExitIndex (code 500). An unknown or missing subcommand
/// lists the subcommands. --help prints help and exits kExitOk.
[[nodiscard]] int run(CLI::App& app, const std::string& tool, int argc, char** argv, const int& exit_code);

/// Registers one subcommand (or the tool's default action) on app; its
/// callback stores its exit status in exit_code. common and exit_code
/// outlive app.
using AddCommand = std::function<void(CLI::App& app, Common& common, int& exit_code)>;

/// A tool: its name (for messages), a line saying what it does, whether a
/// subcommand is required, and its commands in the order --help lists them.
struct Tool {
  std::string name;
  std::string description;
  bool require_command = false;
  std::vector<AddCommand> commands;
};

/// The whole of a tool's main(): builds its CLI::App (--help-all, --db
/// given before or after the subcommand, one value per flag occurrence),
/// adds the commands, parses argv and runs the chosen one through run().
/// Returns the status to exit with.
[[nodiscard]] int run_main(const Tool& tool, int argc, char** argv);

}  // namespace dateline::cli
