#include "query/commands.h"

namespace dateline::query {

void configure_searcher(search::Searcher& s) {
  // TODO(lead): country names from entities::Gazetteer once it lands (#3).
  (void)s;
}

}  // namespace dateline::query
