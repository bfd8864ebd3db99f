#include "entities/source_rules.h"

#include <algorithm>
#include <iterator>

namespace dateline::entities {
namespace {

struct SourceEntry {
  std::string_view source;
  SourceRules rules;
};

// One row per source whose text needs rules of its own.
const SourceEntry kSources[] = {
    // Reuters-21578: bodies end with the wire sign-off, company names are
    // followed by their ticker ("Tokyo Steel <TSBA.T>").
    {"Reuters", {reuters_body_end, "<", "Reuter"}},
};

const SourceRules kNoRules{};

}  // namespace

const SourceRules& source_rules(std::string_view source) {
  auto it = std::find_if(std::begin(kSources), std::end(kSources),
                         [&](const SourceEntry& e) { return e.source == source; });
  return it == std::end(kSources) ? kNoRules : it->rules;
}

std::size_t reuters_body_end(std::string_view body) {
  for (;;) {
    while (!body.empty() &&
           (body.back() == ' ' || body.back() == '\n' || body.back() == '\r' || body.back() == '\t')) {
      body.remove_suffix(1);
    }
    if (!body.ends_with("Reuter") && !body.ends_with("REUTER")) return body.size();
    body.remove_suffix(6);
  }
}

}  // namespace dateline::entities
