#include "json/printer.h"

#include <cmath>

#include "article/article_json.h"

namespace dateline::json {

using nlohmann::json;

json search_result(const search::SearchResult& r) {
  json j;
  j["query"] = r.query;
  j["total"] = r.total;
  j["total_exact"] = r.total_exact;
  j["offset"] = r.offset;
  j["limit"] = r.limit;
  j["took_ms"] = std::round(r.took_ms * 1000.0) / 1000.0;
  json hits = json::array();
  for (const search::Hit& h : r.hits) {
    hits.push_back({{"id", h.id},
                    {"title", h.title},
                    {"date", h.date.empty() ? json(nullptr) : json(h.date)},
                    {"source", h.source},
                    {"url", h.url},
                    {"score", std::round(h.score * 10000.0) / 10000.0},
                    {"snippet", search::snippet_html(h.snippet)}});
  }
  j["hits"] = hits;
  json filters = json::array();
  for (const search::AppliedFilter& f : r.filters) {
    filters.push_back({{"field", f.field}, {"value", f.value}, {"matched", f.matched}});
  }
  j["filters"] = filters;
  j["notes"] = r.notes;
  json facets = json::object();
  for (const auto& [name, values] : r.facets) {
    json arr = json::array();
    for (const search::FacetValue& v : values) {
      arr.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
    }
    facets[name] = arr;
  }
  j["facets"] = facets;
  j["facets_exact"] = r.facets_exact;
  if (!r.facets.empty() || !r.timeline_unit.empty()) j["facets_counted"] = r.facets_counted;
  if (!r.timeline_unit.empty()) {
    json tl = json::array();
    for (const search::TimelineBucket& b : r.timeline) tl.push_back({{"date", b.date}, {"count", b.count}});
    j["timeline"] = tl;
    j["timeline_unit"] = r.timeline_unit;
  }
  j["corrected_query"] = r.corrected_query.empty() ? json(nullptr) : json(r.corrected_query);
  return j;
}

json suggestions(const std::vector<search::Suggestion>& s) {
  json arr = json::array();
  for (const search::Suggestion& x : s) {
    arr.push_back({{"text", x.text}, {"kind", x.kind}, {"count", x.count}});
  }
  return arr;
}

json article(const article::Article& a) {
  // The stored article's own encoding, so the two cannot disagree; only a
  // place of unknown country differs: "" in the index, null for users.
  json j = json::parse(article::to_stored_json(a));
  for (json& p : j["places"]) {
    if (p["country"] == "") p["country"] = nullptr;
  }
  return j;
}

json stats(const search::IndexStatsInfo& s) {
  return {{"articles", s.articles},
          {"undated", s.undated},
          {"first_date", s.first_date.empty() ? json(nullptr) : json(s.first_date)},
          {"last_date", s.last_date.empty() ? json(nullptr) : json(s.last_date)},
          {"size_bytes", s.size_bytes},
          {"schema_version", s.schema_version},
          {"path", s.path}};
}

json error(int code, const std::string& message, const std::string& param) {
  return {{"error",
           {{"code", code}, {"message", message}, {"param", param.empty() ? json(nullptr) : json(param)}}}};
}

std::string dump(const json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

}  // namespace dateline::json
