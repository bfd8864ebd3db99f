#include "http/handler.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

// Searcher's get, suggest, related and stats let a Xapian::Error through;
// it is answered with a 500 "index error" below.
#include <xapian.h>

#include "json/printer.h"
#include "search/options.h"
#include "search/request_options.h"
#include "search/shards.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::http {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kAllowApi = "GET, HEAD, OPTIONS";

// The page may load only what the server itself serves: no request leaves
// the machine even if a snippet or title held markup.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const std::array<std::string_view, 9> kFilterParams = {"person",   "org",   "actor",  "place", "country",
                                                       "dateline", "focus", "source", "lang"};

template <std::size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Rejects unknown names, repeats of single-valued ones and invalid UTF-8,
// so a typo ("limt=5") is an error rather than silently ignored.
void check_params(const Params& params, std::initializer_list<std::string_view> single,
                  std::initializer_list<std::string_view> multi = {}) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    bool is_single = std::find(single.begin(), single.end(), name) != single.end();
    bool is_multi = std::find(multi.begin(), multi.end(), name) != multi.end();
    if (!is_single && !is_multi) throw InputError("", 0, "unknown parameter '" + name + "'", name);
    if (is_single && params.count(name) > 1) {
      throw InputError("", 0, "parameter '" + name + "' given more than once", name);
    }
  }
  for (const auto& [name, value] : params) {
    if (!util::valid_utf8(value)) throw InputError("", 0, "'" + name + "' is not valid UTF-8", name);
  }
}

const std::string* find_param(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

std::size_t parse_count(const Params& params, const std::string& name, std::size_t fallback, std::size_t min,
                        std::size_t max) {
  const std::string* v = find_param(params, name);
  if (v == nullptr) return fallback;
  std::string_view s = util::trim(*v);
  auto range = [&] {
    return "'" + name + "' must be a whole number from " + std::to_string(min) + " to " +
           std::to_string(max) + ": \"" + *v + "\"";
  };
  if (s.empty() || s.size() > 18) throw InputError("", 0, range(), name);
  std::size_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw InputError("", 0, range(), name);
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < min || n > max) throw InputError("", 0, range(), name);
  return n;
}

bool parse_bool(const Params& params, const std::string& name) {
  const std::string* v = find_param(params, name);
  if (v == nullptr) return false;
  std::string s = util::ascii_lower(util::trim(*v));
  if (s.empty() || s == "true" || s == "1" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "0" || s == "no" || s == "off") return false;
  throw InputError("", 0, "'" + name + "' must be true or false: \"" + *v + "\"", name);
}

std::string json_body(const nlohmann::json& j) { return json::dump(j) + "\n"; }

HttpResponse json_response(const nlohmann::json& j, int status = 200) {
  HttpResponse r;
  r.status = status;
  r.content_type = kJson;
  r.body = json_body(j);
  return r;
}

// Runs f on the thread's Searcher, answering from the shards that answer
// when allow_partial. (A Searcher reopens and retries by itself when
// dateline-index commits under a search or a remote shard fails.)
template <class F>
auto with_searcher(const SearcherSource& source, bool allow_partial, F&& f) {
  search::Searcher& s = source();
  s.set_allow_partial(allow_partial);
  return f(s);
}

// The id after a route prefix ("/articles/"), or "" when the path has
// another beginning.
std::string_view tail_after(std::string_view path, std::string_view prefix) {
  if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return {};
  return path.substr(prefix.size());
}

}  // namespace

search::SearchRequest parse_search_params(const Params& params, const Limits& limits) {
  check_params(params,
               {"from", "to", "sort", "half_life", "limit", "offset", "facets", "facet_size", "facet_cap",
                "timeline", "any", "collapse", "facet_by"},
               {"q", "person", "org", "actor", "place", "country", "dateline", "focus", "source", "lang"});
  search::SearchRequest req;
  // Repeated q parameters are words of one query, like the tool's
  // positional arguments.
  auto [qb, qe] = params.equal_range("q");
  for (auto it = qb; it != qe; ++it) {
    if (util::trim(it->second).empty()) continue;
    if (!req.query.empty()) req.query += ' ';
    req.query += it->second;
  }
  // Filters keep URL order; each parameter is one value, taken as it is
  // (commas included), and repeated ones must all match.
  for (const auto& [name, value] : params) {
    if (one_of(name, kFilterParams)) req.filters.emplace_back(name, value);
  }
  if (const std::string* v = find_param(params, "from")) req.from = std::string(util::trim(*v));
  if (const std::string* v = find_param(params, "to")) req.to = std::string(util::trim(*v));
  if (const std::string* v = find_param(params, "sort")) req.sort = search::parse_sort(util::trim(*v));
  if (const std::string* v = find_param(params, "half_life"))
    req.half_life_days = search::parse_half_life(*v);
  req.limit = parse_count(params, "limit", 10, 0, limits.max_limit);
  req.offset = parse_count(params, "offset", 0, 0, limits.max_offset);
  req.facet_size = parse_count(params, "facet_size", 10, 1, limits.max_facet_size);
  req.facet_cap = parse_count(params, "facet_cap", 0, 0, 1000000000);
  const std::string* facets = find_param(params, "facets");
  req.facets = search::parse_facet_list(facets != nullptr ? *facets : search::kDefaultFacets);
  if (const std::string* v = find_param(params, "timeline")) {
    std::string t(util::trim(*v));
    if (t != "" && t != "none") {
      if (!search::is_timeline_unit(t)) {
        throw InputError("", 0, "'timeline' must be day, month, year, auto or none: \"" + *v + "\"",
                         "timeline");
      }
      req.timeline = t;
    }
  }
  req.any = parse_bool(params, "any");
  if (const std::string* v = find_param(params, "collapse"))
    req.collapse_story = search::parse_by_story(*v, "collapse");
  if (const std::string* v = find_param(params, "facet_by"))
    req.facet_by_story = search::parse_by_story(*v, "facet_by");
  return req;
}

Handler::Handler(HandlerOptions options) : options_(std::move(options)) {}

HttpResponse Handler::handle(const HttpRequest& request, search::Searcher& searcher) const {
  return handle(request, [&searcher]() -> search::Searcher& { return searcher; });
}

HttpResponse Handler::error(int status, const std::string& message, const std::string& param) const {
  HttpResponse r = json_response(json::error(status, message, param), status);
  finish(r, true);
  return r;
}

void Handler::finish(HttpResponse& r, bool api) const {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (api) {
    r.headers.emplace_back("Cache-Control", "no-store");
    if (!options_.cors_origin.empty()) {
      r.headers.emplace_back("Access-Control-Allow-Origin", options_.cors_origin);
      if (options_.cors_origin != "*") r.headers.emplace_back("Vary", "Origin");
    }
  }
}

HttpResponse Handler::handle(const HttpRequest& request, const SearcherSource& searcher) const {
  HttpResponse r;
  try {
    if (request.query_bytes > options_.limits.max_query_bytes) {
      r = json_response(
          json::error(414, "query string too long (" + std::to_string(request.query_bytes) +
                               " bytes, at most " + std::to_string(options_.limits.max_query_bytes) + ")"),
          414);
    } else {
      r = route(request, searcher);
    }
  } catch (const search::ShardUnavailableError& e) {
    r = json_response(json::error(503, e.what()), 503);
    r.headers.emplace_back("Retry-After", "5");
  } catch (const QuerySyntaxError& e) {
    r = json_response(json::error(400, std::string("query syntax error: ") + e.what(), "q"), 400);
  } catch (const InputError& e) {
    r = json_response(json::error(400, e.message(), e.field().empty() ? "q" : e.field()), 400);
  } catch (const Xapian::Error& e) {
    r = json_response(json::error(500, "index error: " + e.get_description()), 500);
  } catch (const std::exception& e) {
    r = json_response(json::error(500, std::string("internal error: ") + e.what()), 500);
  } catch (...) {
    r = json_response(json::error(500, "internal error"), 500);
  }
  bool page = r.status < 400 && std::any_of(options_.files.begin(), options_.files.end(),
                                            [&](const StaticFile& f) { return f.path == request.path; });
  finish(r, !page);
  return r;
}

HttpResponse Handler::route(const HttpRequest& request, const SearcherSource& searcher) const {
  const std::string& path = request.path;
  // allow_partial may go with any request that reads the index: a sharded
  // archive then answers from the shards that answer.
  Params params = request.params;
  if (params.count("allow_partial") > 1) {
    throw InputError("", 0, "parameter 'allow_partial' given more than once", "allow_partial");
  }
  const bool allow_partial =
      params.count("allow_partial") ? parse_bool(params, "allow_partial") : options_.allow_partial;
  params.erase("allow_partial");
  bool read = request.method == "GET" || request.method == "HEAD";

  const StaticFile* file = nullptr;
  for (const StaticFile& f : options_.files) {
    if (f.path == path) file = &f;
  }
  std::string_view article_id = tail_after(path, "/articles/");
  std::string_view related_id = tail_after(path, "/related/");
  bool known = file != nullptr || path == "/search" || path == "/suggest" || path == "/stats" ||
               path == "/healthz" || !article_id.empty() || !related_id.empty();
  if (!known) return json_response(json::error(404, "no such path: " + path), 404);

  if (request.method == "OPTIONS") {
    HttpResponse r;
    r.status = 204;
    r.headers.emplace_back("Allow", kAllowApi);
    if (!options_.cors_origin.empty()) {
      r.headers.emplace_back("Access-Control-Allow-Methods", kAllowApi);
      r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
      r.headers.emplace_back("Access-Control-Max-Age", "600");
    }
    return r;
  }
  if (!read) {
    HttpResponse r = json_response(
        json::error(405, "method " + request.method + " is not allowed on " + path + " (use GET)"), 405);
    r.headers.emplace_back("Allow", kAllowApi);
    return r;
  }

  if (file != nullptr) {
    // The page reads its own parameters (its state lives in the URL).
    HttpResponse r;
    r.content_type = file->content_type;
    r.body = file->body;
    r.headers.emplace_back("Cache-Control", "no-cache");
    if (file->content_type.rfind("text/html", 0) == 0) {
      r.headers.emplace_back("Content-Security-Policy", kPagePolicy);
      r.headers.emplace_back("Referrer-Policy", "no-referrer");
    }
    return r;
  }
  if (path == "/search") {
    search::SearchRequest req = parse_search_params(params, options_.limits);
    return with_searcher(searcher, allow_partial, [&](search::Searcher& s) {
      return json_response(json::search_result(s.search(req)));
    });
  }
  if (path == "/suggest") {
    check_params(params, {"q", "limit"});
    std::size_t limit = parse_count(params, "limit", 10, 1, options_.limits.max_suggest);
    const std::string* q = find_param(params, "q");
    std::string prefix = q ? *q : std::string();
    return with_searcher(searcher, allow_partial, [&](search::Searcher& s) {
      return json_response(json::suggestions(s.suggest(prefix, limit)));
    });
  }
  if (path == "/stats") {
    check_params(params, {});
    return with_searcher(searcher, allow_partial,
                         [&](search::Searcher& s) { return json_response(json::stats(s.stats())); });
  }
  if (path == "/healthz") {
    check_params(params, {});
    return with_searcher(searcher, allow_partial, [&](search::Searcher& s) {
      return json_response({{"status", "ok"}, {"articles", s.stats().articles}});
    });
  }
  if (!article_id.empty()) {
    check_params(params, {});
    std::string id(article_id);
    return with_searcher(searcher, allow_partial, [&](search::Searcher& s) {
      auto a = s.get(id);
      if (!a) return json_response(json::error(404, "no article with id '" + id + "'", "id"), 404);
      std::optional<search::StoryInfo> story = s.article_story(id);
      return json_response(json::article(*a, story ? &*story : nullptr));
    });
  }
  check_params(params, {"limit"});
  std::size_t limit = parse_count(params, "limit", 10, 1, options_.limits.max_suggest);
  std::string id(related_id);
  return with_searcher(searcher, allow_partial, [&](search::Searcher& s) {
    auto r = s.related(id, limit);
    if (!r) return json_response(json::error(404, "no article with id '" + id + "'", "id"), 404);
    return json_response(json::search_result(*r));
  });
}

}  // namespace dateline::http
