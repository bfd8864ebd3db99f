// dateline-query: the flags for archives whose stub names remote shards.

#include "query/commands.h"

namespace dateline::query {
namespace {

search::ShardOptions& flags() {
  static search::ShardOptions options;
  return options;
}

}  // namespace

void add_shard_flags(CLI::App& cmd) {
  cmd.add_option("--shard-timeout", flags().timeout_ms,
                 "Milliseconds a remote shard may take to connect or answer before it counts as "
                 "unavailable (default 10000; 0 waits for ever)")
      ->check(cli::whole_number("--shard-timeout", 0, 3600000));
  cmd.add_flag("--allow-partial", flags().allow_partial,
               "Answer from the shards that answer when a remote shard does not (else exit 3)");
}

search::ShardOptions shard_options() { return flags(); }

}  // namespace dateline::query
