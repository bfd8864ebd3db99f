#include "cli/common.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <vector>

#include <unistd.h>

#include <xapian.h>  // Xapian::Error, caught below as in src/http/handler.cc

#include "cli/printer.h"
#include "search/shards.h"
#include "util/error.h"

namespace dateline::cli {
namespace {

// The first "--name" a CLI11 message mentions ("--limit: ...", "The
// following argument was not expected: --limt"), as a parameter name; ""
// when there is none.
std::string param_in_message(std::string_view message) {
  for (std::size_t at = message.find("--"); at != std::string_view::npos; at = message.find("--", at + 2)) {
    if (at > 0 && message[at - 1] != ' ' && message[at - 1] != '(') continue;
    std::size_t end = at + 2;
    while (end < message.size() &&
           (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-')) {
      ++end;
    }
    if (end > at + 2) return param_name(message.substr(at, end - at));
  }
  return {};
}

// Levenshtein distance, for "did you mean" on a mistyped subcommand.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string unknown_command_message(const CLI::App& app, const std::string& given) {
  std::string names, closest;
  std::size_t best = 3;  // suggest only within two edits
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
    std::size_t d = edit_distance(given, sub->get_name());
    if (!given.empty() && d < best) {
      best = d;
      closest = sub->get_name();
    }
  }
  std::string m = given.empty() ? "a command is required" : "unknown command '" + given + "'";
  if (!closest.empty()) m += " (did you mean '" + closest + "'?)";
  return m + "; the commands are: " + names;
}

void add_common(CLI::App& app, Common& common) {
  app.add_option("--db", common.db, "Index directory (default: $DATELINE_DB, else ./dateline.db)")
      ->envname("DATELINE_DB");
}

std::string db_path(const Common& common) {
  if (!common.db.empty()) return common.db;
  if (const char* env = std::getenv("DATELINE_DB"); env != nullptr && *env != '\0') return env;
  return "dateline.db";
}

bool stdout_is_tty() { return isatty(1) == 1; }
bool stderr_is_tty() { return isatty(2) == 1; }

std::string param_name(std::string_view flag) {
  while (!flag.empty() && flag.front() == '-') flag.remove_prefix(1);
  std::string p(flag);
  std::replace(p.begin(), p.end(), '-', '_');
  return p;
}

CLI::Validator whole_number(const std::string& flag, std::uint64_t min, std::uint64_t max) {
  std::string expects = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  auto check = [flag, min, max, expects](std::string& value) -> std::string {
    // Digits only: strtoull would take "-1" (as 2^64-1), " 7" and "0x10".
    bool ok = !value.empty() && value.size() <= 19 &&
              std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (ok) {
      std::uint64_t n = std::strtoull(value.c_str(), nullptr, 10);
      ok = n >= min && n <= max;
    }
    if (!ok) {
      throw InputError("", 0, flag + " expects " + expects + ", not \"" + value + "\"", param_name(flag));
    }
    return {};
  };
  return CLI::Validator(check, std::to_string(min) + ".." + std::to_string(max));
}

CLI::Validator decimal_number(const std::string& flag, double min, double max) {
  std::ostringstream range;
  range << min << " to " << max;
  std::string expects = "a number from " + range.str();
  auto check = [flag, min, max, expects](std::string& value) -> std::string {
    bool ok =
        !value.empty() && value.size() <= 32 && value.front() != '.' &&
        std::count(value.begin(), value.end(), '.') <= 1 &&
        std::all_of(value.begin(), value.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (ok) {
      double v = std::strtod(value.c_str(), nullptr);
      ok = v >= min && v <= max;
    }
    if (!ok) {
      throw InputError("", 0, flag + " expects " + expects + ", not \"" + value + "\"", param_name(flag));
    }
    return {};
  };
  std::ostringstream desc;
  desc << min << ".." << max;
  return CLI::Validator(check, desc.str());
}

void one_value_per_flag(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() || opt->get_expected_max() < CLI::detail::expected_max_vector_size) continue;
    // expected(1) alone would refuse a second occurrence and keep taking
    // the words after the first value.
    opt->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) one_value_per_flag(*sub);
}

bool wants_json(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

void print_error(const std::string& tool, bool json, int code, const std::string& message,
                 const std::string& param) {
  make_printer(json)->error(tool, code, message, param);
}

int no_article(const std::string& tool, bool json, const std::string& id) {
  print_error(tool, json, kCodeNotFound, "no article with id '" + id + "'", "id");
  return kExitBadInput;
}

int run(CLI::App& app, const std::string& tool, int argc, char** argv, const int& exit_code) {
  bool json = wants_json(argc, argv);
  try {
    app.parse(argc, argv);
    return exit_code;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help
    std::string message = e.what();
    std::string param = param_in_message(message);
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr && app.get_require_subcommand_min() > 0 &&
        app.get_subcommands().empty()) {
      std::string given;
      for (const std::string& arg : app.remaining()) {
        if (!arg.empty() && arg[0] != '-') {
          given = arg;
          break;
        }
      }
      message = unknown_command_message(app, given);
      param = "command";
    }
    print_error(tool, json, kCodeBadRequest, message, param);
    if (!json) std::cerr << "Run with --help for usage, --help-all for every command's options.\n";
    return kExitUsage;
  } catch (const QuerySyntaxError& e) {
    print_error(tool, json, kCodeBadRequest, std::string("query syntax error: ") + e.what(), "q");
    return kExitUsage;
  } catch (const InputError& e) {
    print_error(tool, json, kCodeBadRequest, e.what(), e.field().empty() ? "q" : e.field());
    return kExitUsage;
  } catch (const search::ShardUnavailableError& e) {
    print_error(tool, json, kCodeUnavailable, e.what());
    return kExitIndex;
  } catch (const Xapian::Error& e) {
    // Xapian's errors are not std::exceptions; one that was not wrapped
    // with context on the way up still deserves its description.
    print_error(tool, json, kCodeIndex, "index error: " + e.get_description());
    return kExitIndex;
  } catch (const std::exception& e) {
    print_error(tool, json, kCodeIndex, e.what());
    return kExitIndex;
  } catch (...) {
    // Nothing may end a run with an abort (exit 134) instead of a message.
    print_error(tool, json, kCodeIndex, "unexpected error of an unknown kind");
    return kExitIndex;
  }
}

int run_main(const Tool& tool, int argc, char** argv) {
  CLI::App app{tool.description};
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  if (tool.require_command) app.require_subcommand(1);
  // --db may come after the subcommand too: flag order never matters.
  app.fallthrough();
  Common common;
  add_common(app, common);
  int exit_code = kExitOk;
  for (const AddCommand& add : tool.commands) add(app, common, exit_code);
  one_value_per_flag(app);
  return run(app, tool.name, argc, argv, exit_code);
}

}  // namespace dateline::cli
