#include "ingest/jsonl_fields.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "util/error.h"

namespace dateline::ingest {
namespace {

using nlohmann::json;

std::string string_field(const json& v, const std::string& key) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (key == "id") {
    // The exact decimal text: 18446744073709551615 must not become "-1" and
    // collide with the id -1.
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    if (v.is_number()) {
      throw InputError("", 0, "'id' must be a string or a whole number, not " + v.dump(), key);
    }
  }
  throw InputError("", 0, "'" + key + "' must be a string, not " + v.type_name(), key);
}

// An integer date is seconds since 1970, range-checked before it becomes a
// date (a uint64 read as int64 would wrap to 1969).
std::int64_t seconds_field(const json& v, const std::string& key) {
  bool ok = false;
  std::int64_t t = 0;
  if (v.is_number_unsigned()) {
    std::uint64_t u = v.get<std::uint64_t>();
    ok = u <= static_cast<std::uint64_t>(article::kMaxSeconds);
    if (ok) t = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    t = v.get<std::int64_t>();
    ok = article::in_date_range(t);
  } else {
    throw InputError("", 0,
                     "'" + key + "' must be a date string or whole seconds since 1970, not " + v.dump(), key);
  }
  if (!ok) {
    throw InputError(
        "", 0, "'" + key + "' is out of range (years 1 to 9999, UTC): " + v.dump() + " seconds since 1970",
        key);
  }
  return t;
}

// nlohmann's what() starts "[json.exception.parse_error.101] "; keep the rest.
std::string json_message(const json::exception& e) {
  std::string what = e.what();
  std::size_t p = what.find("] ");
  return p == std::string::npos ? what : what.substr(p + 2);
}

article::Article from_object(const json& obj) {
  article::Article a;
  // The date is read after the other fields, so that a field of the wrong
  // type is reported first; "date" wins over "published" (keys come in
  // sorted order), as "headline" wins over "title".
  const json* date = nullptr;
  std::string date_key;
  for (auto& [key, value] : obj.items()) {
    if (key == "id")
      a.id = string_field(value, key);
    else if (key == "title" || key == "headline") {
      if (a.title.empty()) a.title = string_field(value, key);
    } else if (key == "body" || key == "text" || key == "content") {
      if (a.body.empty()) a.body = string_field(value, key);
    } else if (key == "standfirst" || key == "summary" || key == "description") {
      if (a.standfirst.empty()) a.standfirst = string_field(value, key);
    } else if (key == "date" || key == "published") {
      if (date == nullptr && !value.is_null()) {
        date = &value;
        date_key = key;
      }
    } else if (key == "source")
      a.source = string_field(value, key);
    else if (key == "url")
      a.url = string_field(value, key);
    else if (key == "language" || key == "lang")
      a.language = string_field(value, key);
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
  if (date != nullptr && date->is_number()) {
    a.published = seconds_field(*date, date_key);
  } else if (date != nullptr) {
    std::string text = string_field(*date, date_key);
    if (!text.empty()) a.published = article::parse_date_field(text, date_key, date_key);
  }
  return a;
}

}  // namespace

bool json_nested_deeper_than(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

article::Article article_from_json_line(std::string_view line) {
  if (json_nested_deeper_than(line, kMaxJsonDepth)) {
    throw InputError("", 0, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  json value;
  // Every nlohmann exception, not only parse_error: 1e400 throws
  // out_of_range.
  try {
    value = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {
    throw InputError("", 0, "malformed JSON: " + json_message(e));
  }
  return article_from_json_object(value);
}

article::Article article_from_json_object(const json& value) {
  if (!value.is_object()) {
    throw InputError("", 0, std::string("expected a JSON object, got ") + value.type_name());
  }
  article::Article a;
  try {
    a = from_object(value);
  } catch (const json::exception& e) {
    throw InputError("", 0, "malformed JSON: " + json_message(e));
  }
  if (std::string err = article::validate(a); !err.empty()) {
    throw InputError("", 0, err);
  }
  return a;
}

}  // namespace dateline::ingest
