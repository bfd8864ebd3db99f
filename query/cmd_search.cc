// dateline-query search: ranked search with filters, facets and a timeline.

#include <memory>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/printer.h"
#include "countries/country_names.h"
#include "query/commands.h"
#include "search/options.h"
#include "search/searcher.h"

namespace dateline::query {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  bool any = false;
  cli::OutputOptions output;
  std::string sort = "relevance";
  std::size_t limit = 10;
  std::size_t offset = 0;
  cli::FilterOptions filters;
  cli::FacetOptions facets;
  std::size_t facet_size = 10;
  std::string half_life = "30d";
  std::string collapse;
  std::string facet_by;
};

}  // namespace

void add_search_command(CLI::App& app, cli::Common& common, int& exit_code) {
  auto a = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand("search", "Ranked search with filters (see README: Query syntax)");
  add_shard_flags(*cmd);
  cmd->add_option("query", a->words, "Query words, phrases, operators and field:value filters");
  cmd->add_flag("--any", a->any, "Match any word (OR) instead of all (AND)");
  a->output.add(*cmd);
  cmd->add_option("--sort", a->sort, "relevance, newest, oldest or recent")
      ->check(CLI::IsMember({"relevance", "newest", "oldest", "recent"}));
  cmd->add_option("--limit", a->limit, "Hits to show (default 10)")
      ->check(cli::whole_number("--limit", 0, 10000));
  cmd->add_option("--offset", a->offset, "Hits to skip")->check(cli::whole_number("--offset", 0, 1000000));
  a->facets.add(*cmd);
  cmd->add_option("--facet-size", a->facet_size, "Values per facet (default 10)")
      ->check(cli::whole_number("--facet-size", 1, 1000000));
  cmd->add_option("--half-life", a->half_life, "Recency half-life for --sort recent (default 30d)");
  cmd->add_option("--collapse", a->collapse,
                  "story: one hit per story (the best-ranked version); the total counts stories")
      ->check(CLI::IsMember({"story", "none"}));
  cmd->add_option("--facet-by", a->facet_by, "story: facets and the timeline count each story once")
      ->check(CLI::IsMember({"story", "article"}));
  a->filters.add(*cmd);
  cmd->callback([&common, &exit_code, a] {
    search::SearchRequest req;
    for (std::size_t i = 0; i < a->words.size(); ++i) {
      if (i) req.query += ' ';
      req.query += a->words[i];
    }
    req.any = a->any;
    req.sort = search::parse_sort(a->sort);
    req.limit = a->limit;
    req.offset = a->offset;
    a->filters.apply(req);
    a->facets.apply(req);
    req.facet_size = a->facet_size;
    req.half_life_days = search::parse_half_life(a->half_life);
    req.collapse_story = search::parse_by_story(a->collapse, "collapse");
    req.facet_by_story = search::parse_by_story(a->facet_by, "facet_by");
    search::Searcher s(cli::db_path(common), shard_options());
    countries::add_country_names(s);
    s.set_facet_columns(a->facets.columns_mode());
    cli::make_printer(a->output.json)->search_result(s.search(req));
    exit_code = cli::kExitOk;
  });
}

}  // namespace dateline::query
