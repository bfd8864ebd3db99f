#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "search/searcher.h"

namespace dateline::http {

/// Bounds on what one request may ask for. A value outside them is a 400
/// (a query string over max_query_bytes is a 414).
struct Limits {
  std::size_t max_query_bytes = 4096;
  std::size_t max_limit = 1000;  ///< hits per page (0 is allowed)
  std::size_t max_offset = 100000;
  std::size_t max_facet_size = 100;  ///< values per facet (at least 1)
  std::size_t max_suggest = 100;     ///< /suggest and /related limit
};

/// One file of the search page, served as is.
struct StaticFile {
  std::string path;          ///< "/" or "/static/app.js"
  std::string content_type;  ///< "text/html; charset=utf-8"
  std::string body;
};

struct HandlerOptions {
  Limits limits;
  /// The search page and its assets; "/" is the page.
  std::vector<StaticFile> files;
  /// When not empty, API responses carry Access-Control-Allow-Origin with
  /// this value and OPTIONS answers CORS preflights.
  std::string cors_origin;
  /// For requests without allow_partial: answer from the shards that
  /// answer when a remote shard does not (serve --allow-partial).
  bool allow_partial = false;
};

/// Returns the calling thread's Searcher; may throw dateline::Error when the
/// index cannot be opened. Called at most once per request, and only by
/// requests that read the index.
using SearcherSource = std::function<search::Searcher&()>;

/// The HTTP API and search page without sockets:
///
///   GET /search?q=&person=&org=&actor=&place=&country=&source=&lang=
///       &from=&to=&sort=&half_life=&limit=&offset=&facets=&facet_size=
///       &timeline=&any=&collapse=story&facet_by=story
///                                 json::search_result, the same object as
///                                 `dateline-query search --json`
///   GET /suggest?q=&limit=        json::suggestions
///   GET /articles/{id}            json::article with its story (id
///                                 percent-decoded)
///   GET /related/{id}?limit=      json::search_result
///   GET /stats                    json::stats
///   GET /healthz                  {"status": "ok", "articles": N}
///   GET /, /static/...            the search page
///
/// Every request that reads the index takes allow_partial=1: over remote
/// shards, answer from those that answer (search results then carry
/// "shards": {"total", "failed"} and a note); without it a shard that does
/// not answer gives 503 naming it.
///
/// HEAD is answered like GET (the transport drops the body), OPTIONS with
/// 204 and Allow. Errors are json::error objects: 400 for a bad parameter
/// (param names it; unknown parameters are errors too), 404 for an unknown
/// path or article, 405 with Allow for another method on a known path, 414
/// for a query string over Limits::max_query_bytes, 503 when a shard does not
/// answer, 500 only when the index itself fails.
///
/// Thread safe: handle() is const and uses only the Searcher it is given.
class Handler {
 public:
  explicit Handler(HandlerOptions options);

  /// Answers one request. Never throws. (If the index changes under a
  /// search, the Searcher reopens it and retries by itself.)
  [[nodiscard]] HttpResponse handle(const HttpRequest& request, const SearcherSource& searcher) const;
  /// The same with a Searcher at hand.
  [[nodiscard]] HttpResponse handle(const HttpRequest& request, search::Searcher& searcher) const;

  /// A JSON error response (json::error) with the headers every response
  /// gets: for errors the transport detects itself (413, 414, 400).
  [[nodiscard]] HttpResponse error(int status, const std::string& message,
                                   const std::string& param = {}) const;

  const HandlerOptions& options() const { return options_; }

 private:
  HttpResponse route(const HttpRequest& request, const SearcherSource& searcher) const;
  void finish(HttpResponse& response, bool api) const;

  HandlerOptions options_;
};

/// The SearchRequest for GET /search parameters; the defaults are those
/// of `dateline-query search` (facets person,org,country, limit 10).
/// Throws InputError whose field() names the bad parameter.
[[nodiscard]] search::SearchRequest parse_search_params(const Params& params, const Limits& limits = {});

}  // namespace dateline::http
