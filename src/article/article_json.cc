#include "article/article_json.h"

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::article {

using nlohmann::json;

namespace {

// Appends s as a JSON string, escaped as nlohmann::json's dump() escapes it
// (UTF-8 kept, control characters as \uXXXX or their short forms); text
// that is not valid UTF-8 goes through dump() itself, which replaces the
// bad bytes.
void append_string(std::string& out, std::string_view s) {
  if (!util::valid_utf8(s)) {
    out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
      }
    }
  }
  out.append(s, run, s.size() - run);
  out.push_back('"');
}

void append_strings(std::string& out, const std::vector<std::string>& v) {
  out.push_back('[');
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_string(out, v[i]);
  }
  out.push_back(']');
}

}  // namespace

std::string to_stored_json(const Article& a) {
  // Written directly (building an nlohmann::json object first copied every
  // string, the body too, and cost about as much as segmenting it). Keys in
  // sorted order, as nlohmann::json writes an object, so the bytes are the
  // same as before.
  std::string out;
  out.reserve(a.title.size() + a.standfirst.size() + a.body.size() + 256);
  auto key = [&](const char* k) {
    out += out.empty() ? "{\"" : ",\"";
    out += k;
    out += "\":";
  };
  auto str = [&](const char* k, std::string_view v) {
    key(k);
    append_string(out, v);
  };
  auto strs = [&](const char* k, const std::vector<std::string>& v) {
    key(k);
    append_strings(out, v);
  };
  strs("authors", a.authors);
  str("body", a.body);
  strs("countries", a.entities.countries);
  key("date");
  if (a.published) {
    append_string(out, format_iso(*a.published));
  } else {
    out += "null";
  }
  if (!a.extra.empty()) {
    json extra = json::object();
    for (const auto& [k, v] : a.extra) extra[k] = json::parse(v, nullptr, false);
    key("extra");
    out += extra.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  str("id", a.id);
  str("language", a.language);
  // Only when true, so an article that declares its language is stored as
  // before.
  if (a.language_detected) {
    key("language_detected");
    out += "true";
  }
  strs("organizations", a.entities.organizations);
  strs("persons", a.entities.persons);
  key("places");
  out.push_back('[');
  for (std::size_t i = 0; i < a.entities.places.size(); ++i) {
    const Place& p = a.entities.places[i];
    out += i > 0 ? ",{\"country\":" : "{\"country\":";
    append_string(out, p.country);
    out += ",\"kind\":";
    append_string(out, p.kind);
    out += ",\"name\":";
    append_string(out, p.name);
    out.push_back('}');
  }
  out.push_back(']');
  str("source", a.source);
  str("standfirst", a.standfirst);
  str("title", a.title);
  str("url", a.url);
  out.push_back('}');
  return out;
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
  if (auto it = j.find("language_detected"); it != j.end() && it->is_boolean()) {
    a.language_detected = it->get<bool>();
  }
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
