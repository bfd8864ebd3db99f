#include "ingest/jsonl_fields.h"

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

using nlohmann::json;

std::string string_field(const json& v, const std::string& key) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer() && key == "id") return std::to_string(v.get<long long>());
  throw InputError("", 0, "'" + key + "' must be a string, not " + v.type_name(), key);
}

}  // namespace

article::Article article_from_json_line(std::string_view line) {
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at ..."
    std::size_t p = what.find("] ");
    throw InputError("", 0,
                     "malformed JSON: " + (p == std::string::npos ? what : what.substr(p + 2)));
  }
  if (!obj.is_object()) {
    throw InputError("", 0, std::string("expected a JSON object, got ") + obj.type_name());
  }
  article::Article a;
  std::string date_key;
  std::string date_text;
  for (auto& [key, value] : obj.items()) {
    if (key == "id") a.id = string_field(value, key);
    else if (key == "title" || key == "headline") {
      if (a.title.empty()) a.title = string_field(value, key);
    } else if (key == "body" || key == "text" || key == "content") {
      if (a.body.empty()) a.body = string_field(value, key);
    } else if (key == "standfirst" || key == "summary" || key == "description") {
      if (a.standfirst.empty()) a.standfirst = string_field(value, key);
    } else if (key == "date" || key == "published") {
      if (value.is_null()) continue;
      if (value.is_number_integer()) {
        a.published = value.get<long long>();
        continue;
      }
      date_key = key;
      date_text = string_field(value, key);
    } else if (key == "source") a.source = string_field(value, key);
    else if (key == "url") a.url = string_field(value, key);
    else if (key == "language" || key == "lang") a.language = string_field(value, key);
    else if (key == "author" || key == "authors") {
      if (value.is_array()) {
        for (const json& v : value) {
          std::string s = string_field(v, key);
          if (!s.empty()) a.authors.push_back(s);
        }
      } else {
        std::string s = string_field(value, key);
        if (!s.empty()) a.authors.push_back(s);
      }
    } else {
      a.extra.emplace_back(key, value.dump());
    }
  }
  if (!date_text.empty()) {
    a.published = article::parse_date(date_text);
    if (!a.published) {
      throw InputError("", 0,
                       "'" + date_key + "' is not an ISO 8601 or RFC 2822 date: \"" +
                           date_text + "\"",
                       date_key);
    }
  }
  if (std::string err = article::validate(a); !err.empty()) {
    throw InputError("", 0, err);
  }
  return a;
}

}  // namespace dateline::ingest
