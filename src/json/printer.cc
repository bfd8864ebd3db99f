#include "json/printer.h"

#include <cmath>
#include <string_view>

#include "article/article_json.h"

namespace dateline::json {

using nlohmann::json;

json story(const search::StoryInfo& s, bool versions, bool titles) {
  json j = {{"id", s.id}, {"size", s.size}};
  if (!versions) return j;
  json arr = json::array();
  for (const search::StoryVersion& v : s.versions) {
    json o = {{"id", v.id}, {"source", v.source}, {"date", v.date.empty() ? json(nullptr) : json(v.date)}};
    if (titles) o["title"] = v.title;
    arr.push_back(std::move(o));
  }
  j["versions"] = std::move(arr);
  return j;
}

json search_result(const search::SearchResult& r) {
  json j;
  j["query"] = r.query;
  j["total"] = r.total;
  j["total_exact"] = r.total_exact;
  j["offset"] = r.offset;
  j["limit"] = r.limit;
  j["took_ms"] = std::round(r.took_ms * 1000.0) / 1000.0;
  // Only when asked for, so the shape of other searches stays as it was.
  if (r.collapsed_by_story) j["collapse"] = "story";
  json hits = json::array();
  for (const search::Hit& h : r.hits) {
    hits.push_back({{"id", h.id},
                    {"title", h.title},
                    {"date", h.date.empty() ? json(nullptr) : json(h.date)},
                    {"source", h.source},
                    {"url", h.url},
                    {"score", std::round(h.score * 10000.0) / 10000.0},
                    {"snippet", search::snippet_html(h.snippet)}});
    if (h.has_story) hits.back()["story"] = story(h.story, r.collapsed_by_story, false);
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
  if (r.facets_by_story) j["facets_by"] = "story";
  if (!r.facets.empty() || !r.timeline_unit.empty()) j["facets_counted"] = r.facets_counted;
  if (!r.timeline_unit.empty()) {
    json tl = json::array();
    for (const search::TimelineBucket& b : r.timeline) tl.push_back({{"date", b.date}, {"count", b.count}});
    j["timeline"] = tl;
    j["timeline_unit"] = r.timeline_unit;
  }
  j["corrected_query"] = r.corrected_query.empty() ? json(nullptr) : json(r.corrected_query);
  if (!r.counting.empty()) j["counting"] = r.counting;
  if (r.shards.total > 1) j["shards"] = {{"total", r.shards.total}, {"failed", r.shards.failed}};
  return j;
}

json suggestions(const std::vector<search::Suggestion>& s) {
  json arr = json::array();
  for (const search::Suggestion& x : s) {
    arr.push_back({{"text", x.text}, {"kind", x.kind}, {"count", x.count}});
  }
  return arr;
}

json article(const article::Article& a, const search::StoryInfo* s) {
  // The stored article's own encoding, so the two cannot disagree; only a
  // place of unknown country differs: "" in the index, null for users; and an
  // article without a dateline, absent from the index, has "dateline": null.
  json j = json::parse(article::to_stored_json(a));
  for (json& p : j["places"]) {
    if (p["country"] == "") p["country"] = nullptr;
  }
  if (!j.contains("dateline")) {
    j["dateline"] = nullptr;
  } else if (j["dateline"]["place"]["country"] == "") {
    j["dateline"]["place"]["country"] = nullptr;
  }
  if (s != nullptr) j["story"] = story(*s, false, false);
  return j;
}

json stats(const search::IndexStatsInfo& s) {
  return {{"articles", s.articles},
          {"undated", s.undated},
          {"first_date", s.first_date.empty() ? json(nullptr) : json(s.first_date)},
          {"last_date", s.last_date.empty() ? json(nullptr) : json(s.last_date)},
          {"size_bytes", s.size_known ? json(s.size_bytes) : json(nullptr)},
          {"schema_version", s.schema_version},
          {"shards", s.shards < 2 && s.remote_shards == 0
                         ? json(nullptr)
                         : json{{"total", s.shards}, {"remote", s.remote_shards}}},
          {"path", s.path}};
}

json error(int code, const std::string& message, const std::string& param) {
  return {{"error",
           {{"code", code}, {"message", message}, {"param", param.empty() ? json(nullptr) : json(param)}}}};
}

namespace {

// True at a DEL byte or at the two bytes of a C1 control (U+0080 to U+009F:
// 0xC2 then 0x80 to 0x9F), which nlohmann writes raw.
bool control_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == 0x7f) return true;
  if (c != 0xc2 || i + 1 >= s.size()) return false;
  const auto next = static_cast<unsigned char>(s[i + 1]);
  return next >= 0x80 && next <= 0x9f;
}

}  // namespace

std::string dump(const json& j, bool pretty) {
  std::string out = j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
  // nlohmann escapes C0 controls but writes DEL and C1 controls as they are:
  // valid JSON, yet a terminal takes C1 (U+009B is a one-character CSI) as
  // a command. Escape them too. The text dump() wrote is valid UTF-8, so a
  // 0xC2 byte is always the lead of a character, never inside another, and
  // neither byte can occur outside a string: the replacement is exact.
  std::size_t i = 0;
  while (i < out.size() && !control_at(out, i)) ++i;
  if (i == out.size()) return out;
  std::string escaped(out, 0, i);
  escaped.reserve(out.size() + 16);
  static constexpr char kHex[] = "0123456789abcdef";
  for (; i < out.size(); ++i) {
    if (!control_at(out, i)) {
      escaped.push_back(out[i]);
      continue;
    }
    const unsigned code =
        static_cast<unsigned char>(out[i]) == 0x7f ? 0x7fu : static_cast<unsigned char>(out[++i]);
    escaped += "\\u00";
    escaped.push_back(kHex[code >> 4]);
    escaped.push_back(kHex[code & 0xf]);
  }
  return escaped;
}

}  // namespace dateline::json
