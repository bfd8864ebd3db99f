#include "cli/options.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/common.h"
#include "util/error.h"

namespace dateline::cli {
namespace {

// Parses args (without the program name) into a command with the groups.
struct Command {
  CLI::App app{"test"};
  FilterOptions filters;
  FacetOptions facets;
  OutputOptions output;
  std::vector<std::string> words;

  Command() {
    app.add_option("words", words);
    filters.add(app);
    facets.add(app);
    output.add(app);
    one_value_per_flag(app);
  }
  void parse(std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes them reversed
    app.parse(args);
  }
};

TEST(OptionsTest, Defaults) {
  Command c;
  c.parse({});
  search::SearchRequest req;
  c.facets.apply(req);
  EXPECT_EQ(req.facets, (std::vector<std::string>{"person", "org", "country"}));
  EXPECT_EQ(req.timeline, "");
  EXPECT_EQ(req.facet_cap, 0u);
  EXPECT_EQ(c.facets.columns_mode(), search::Searcher::FacetColumnsMode::kAuto);
  EXPECT_FALSE(c.output.json);
}

TEST(OptionsTest, FlagsFillTheRequest) {
  Command c;
  c.parse({"talks", "--person", "a, b", "--country", "IR", "--person", "c", "--from", "2026", "--facets",
           "none", "--timeline", "month", "--facet-cap", "5", "--facet-columns", "never", "--json"});
  search::SearchRequest req;
  c.filters.apply(req);
  c.facets.apply(req);
  using Filter = std::pair<std::string, std::string>;
  EXPECT_EQ(req.filters, (std::vector<Filter>{{"person", "a, b"}, {"person", "c"}, {"country", "IR"}}));
  EXPECT_EQ(req.from, "2026");
  EXPECT_TRUE(req.facets.empty());
  EXPECT_EQ(req.timeline, "month");
  EXPECT_EQ(req.facet_cap, 5u);
  EXPECT_EQ(c.facets.columns_mode(), search::Searcher::FacetColumnsMode::kNever);
  EXPECT_TRUE(c.output.json);
  EXPECT_EQ(c.words, std::vector<std::string>{"talks"});
}

TEST(OptionsTest, BadValuesAreRefused) {
  {
    Command c;
    EXPECT_THROW(c.parse({"--timeline", "week"}), CLI::ValidationError);
  }
  {
    Command c;
    EXPECT_THROW(c.parse({"--facet-cap", "-1"}), InputError);
  }
  {
    Command c;
    c.parse({"--facets", "person,bogus"});
    search::SearchRequest req;
    EXPECT_THROW(c.facets.apply(req), InputError);
  }
}

}  // namespace
}  // namespace dateline::cli
