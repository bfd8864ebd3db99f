// Fuzz target: the query parser (search::QueryParser::parse with the
// default resolver, AND and OR defaults), as dateline-query search and the
// server run it on the user's text.
//
// Contract checked: parse throws only QuerySyntaxError or InputError.

#include "fuzz_util.h"
#include "search/query_parser.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = dateline::fuzz::as_text(data, size);
  static const dateline::search::QueryParser and_parser;
  static const dateline::search::QueryParser or_parser(
      dateline::search::QueryParser::Options{.default_or = true, .resolver = {}});
  for (const auto* parser : {&and_parser, &or_parser}) {
    try {
      dateline::search::ParsedQuery q = parser->parse(text);
      (void)q.query.get_length();
    } catch (const dateline::QuerySyntaxError&) {
    } catch (const dateline::InputError&) {
    }
  }
  return 0;
}
