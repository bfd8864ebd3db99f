// Fuzz target: the HTTP request target of GET /search, as the server sees
// it: http::parse_target decodes the path and query string, then
// http::parse_search_params builds the SearchRequest; the same target then
// goes through Handler::handle with no index behind it (every route that
// reads the index answers 500), which checks parameters for each path.
//
// Contract checked: parse_target never throws, parse_search_params throws
// only InputError, and handle never throws and answers with a status.

#include <cstdlib>
#include <string>

#include "fuzz_util.h"
#include "http/handler.h"
#include "http/request.h"
#include "search/searcher.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = dateline::fuzz::as_text(data, size);
  // The input is the query string of /search; one starting with '/' is a
  // whole target, so other paths are reached too.
  std::string target = !text.empty() && text[0] == '/' ? std::string(text) : "/search?" + std::string(text);
  dateline::http::HttpRequest req = dateline::http::parse_target("GET", target);
  try {
    (void)dateline::http::parse_search_params(req.params);
  } catch (const dateline::InputError&) {
  }
  static const dateline::http::Handler handler{dateline::http::HandlerOptions{}};
  dateline::http::SearcherSource no_index = []() -> dateline::search::Searcher& {
    throw dateline::Error("no dateline index here (fuzzing)");
  };
  dateline::http::HttpResponse resp = handler.handle(req, no_index);
  if (resp.status < 100 || resp.status > 599) std::abort();
  return 0;
}
