#include "article/article_json.h"

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "util/error.h"

namespace dateline::article {

using nlohmann::json;

std::string to_stored_json(const Article& a) {
  json j;
  j["id"] = a.id;
  j["title"] = a.title;
  j["standfirst"] = a.standfirst;
  j["body"] = a.body;
  j["date"] = a.published ? json(format_iso(*a.published)) : json(nullptr);
  j["source"] = a.source;
  j["url"] = a.url;
  j["authors"] = a.authors;
  j["language"] = a.language;
  if (!a.extra.empty()) {
    json extra = json::object();
    for (const auto& [k, v] : a.extra) {
      extra[k] = json::parse(v, nullptr, false);
    }
    j["extra"] = extra;
  }
  j["persons"] = a.entities.persons;
  j["organizations"] = a.entities.organizations;
  json places = json::array();
  for (const Place& p : a.entities.places) {
    places.push_back({{"name", p.name}, {"kind", p.kind}, {"country", p.country}});
  }
  j["places"] = places;
  j["countries"] = a.entities.countries;
  // Replace invalid UTF-8 rather than throw: input was validated, but
  // a stored article must never fail to encode.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Article from_stored_json(std::string_view data) {
  json j = json::parse(data.begin(), data.end(), nullptr, false);
  if (!j.is_object()) throw Error("stored article is not a JSON object");
  Article a;
  auto str = [&](const char* k) {
    auto it = j.find(k);
    return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
  };
  auto strs = [&](const char* k) {
    std::vector<std::string> out;
    auto it = j.find(k);
    if (it != j.end() && it->is_array()) {
      for (const json& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
    }
    return out;
  };
  a.id = str("id");
  a.title = str("title");
  a.standfirst = str("standfirst");
  a.body = str("body");
  if (std::string d = str("date"); !d.empty()) a.published = parse_date(d);
  a.source = str("source");
  a.url = str("url");
  a.authors = strs("authors");
  a.language = str("language");
  if (auto it = j.find("extra"); it != j.end() && it->is_object()) {
    for (auto& [k, v] : it->items()) a.extra.emplace_back(k, v.dump());
  }
  a.entities.persons = strs("persons");
  a.entities.organizations = strs("organizations");
  a.entities.countries = strs("countries");
  if (auto it = j.find("places"); it != j.end() && it->is_array()) {
    for (const json& p : *it) {
      if (!p.is_object()) continue;
      a.entities.places.push_back({p.value("name", ""), p.value("kind", ""),
                                   p.value("country", "")});
    }
  }
  return a;
}

}  // namespace dateline::article
