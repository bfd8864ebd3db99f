#include "cli/common.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "util/error.h"

namespace dateline::cli {
namespace {

// A tool with one command "go" whose callback does what `action` says.
int run_tool(std::vector<std::string> args, const std::function<int()>& action) {
  Tool tool{"tool", "a test tool", true, {[&action](CLI::App& app, Common&, int& exit_code) {
              app.add_subcommand("go", "do it")->callback([&] { exit_code = action(); });
            }}};
  args.insert(args.begin(), "tool");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return run_main(tool, static_cast<int>(argv.size()), argv.data());
}

TEST(RunMainTest, ExitStatuses) {
  struct Case {
    const char* name;
    std::vector<std::string> args;
    std::function<int()> action;
    int status;
  };
  const Case cases[] = {
      {"ok", {"go"}, [] { return kExitOk; }, kExitOk},
      {"the command's own status", {"go"}, [] { return kExitBadInput; }, kExitBadInput},
      {"no command", {}, [] { return kExitOk; }, kExitUsage},
      {"unknown command", {"og"}, [] { return kExitOk; }, kExitUsage},
      {"unknown flag", {"go", "--nope"}, [] { return kExitOk; }, kExitUsage},
      {"input error", {"go"}, []() -> int { throw InputError("f", 1, "bad"); }, kExitUsage},
      {"query syntax error", {"go"}, []() -> int { throw QuerySyntaxError("bad"); }, kExitUsage},
      {"other error", {"go"}, []() -> int { throw Error("broken"); }, kExitIndex},
      {"not even an exception", {"go"}, []() -> int { throw 7; }, kExitIndex},
      {"help", {"--help"}, [] { return kExitBadInput; }, kExitOk},
  };
  for (const Case& c : cases) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    int status = run_tool(c.args, c.action);
    testing::internal::GetCapturedStdout();
    testing::internal::GetCapturedStderr();
    EXPECT_EQ(status, c.status) << c.name;
  }
}

TEST(RunMainTest, DbAfterTheCommand) {
  std::string seen;
  Tool tool{"tool", "a test tool", true, {[&seen](CLI::App& app, Common& common, int&) {
              app.add_subcommand("go", "do it")->callback([&] { seen = db_path(common); });
            }}};
  std::vector<std::string> args = {"tool", "go", "--db", "/x/db"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  EXPECT_EQ(run_main(tool, static_cast<int>(argv.size()), argv.data()), kExitOk);
  EXPECT_EQ(seen, "/x/db");
}

}  // namespace
}  // namespace dateline::cli

namespace dateline::cli {
namespace {

TEST(NoArticleTest, SaysWhichIdInTheFormAskedFor) {
  testing::internal::CaptureStdout();
  EXPECT_EQ(no_article("tool", true, "x1"), kExitBadInput);
  EXPECT_EQ(testing::internal::GetCapturedStdout(),
            "{\"error\":{\"code\":404,\"message\":\"no article with id 'x1'\",\"param\":\"id\"}}\n");
  testing::internal::CaptureStderr();
  EXPECT_EQ(no_article("tool", false, "x1"), kExitBadInput);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "tool: no article with id 'x1'\n");
}

}  // namespace
}  // namespace dateline::cli
