#include "ingest/json_reader.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "ingest/html_text.h"
#include "ingest/jsonl_fields.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::ingest {
namespace {

using nlohmann::json;

// How much of a file is looked at for binary content (as read_jsonl does).
constexpr std::size_t kSniffBytes = 8192;

// nlohmann's what() starts "[json.exception.parse_error.101] "; keep the rest.
std::string json_message(const json::exception& e) {
  std::string what = e.what();
  std::size_t p = what.find("] ");
  return p == std::string::npos ? what : what.substr(p + 2);
}

std::string string_field(const json& v, const std::string& key) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  throw InputError("", 0, "'" + key + "' must be a string, not " + v.type_name(), key);
}

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

bool is_html_type(const json& item) {
  const json* type = member(item, "contenttype");
  return type != nullptr && type->is_string() && type->get<std::string>().find("html") != std::string::npos;
}

// The value of the 2.x list entry (headlines, descriptions, bodies) whose
// role is one of roles, else of the first entry with a value; HTML as text.
std::string pick_by_role(const json& list, const std::string& key,
                         std::initializer_list<std::string_view> roles) {
  if (!list.is_array())
    throw InputError("", 0, "'" + key + "' must be an array, not " + list.type_name(), key);
  const json* chosen = nullptr;
  for (const json& item : list) {
    if (!item.is_object()) continue;
    const json* value = member(item, "value");
    if (value == nullptr || !value->is_string() || value->get<std::string>().empty()) continue;
    const json* role = member(item, "role");
    bool wanted =
        role != nullptr && role->is_string() &&
        std::find(roles.begin(), roles.end(), util::ascii_lower(role->get<std::string>())) != roles.end();
    if (wanted || chosen == nullptr) chosen = &item;
    if (wanted) break;
  }
  if (chosen == nullptr) return {};
  std::string value = chosen->at("value").get<std::string>();
  return is_html_type(*chosen) ? html_to_text(value) : value;
}

// "By Jane Doe and John Roe; Ann Poe" -> three names.
void add_byline(std::string_view byline, std::vector<std::string>& authors) {
  std::string text(util::trim(byline));
  if (util::starts_with_icase(text, "by ")) text.erase(0, 3);
  for (std::string_view sep : {" and ", " & "}) {
    for (std::size_t p; (p = text.find(sep)) != std::string::npos;) text.replace(p, sep.size(), ";");
  }
  for (const std::string& name : util::split(text, ';')) {
    std::string n(util::trim(name));
    if (!n.empty() && std::find(authors.begin(), authors.end(), n) == authors.end()) authors.push_back(n);
  }
}

// People (1.x "person", 2.x "people") whose rel names an author.
void add_people_authors(const json& people, std::vector<std::string>& authors) {
  if (!people.is_array()) return;
  for (const json& p : people) {
    if (!p.is_object()) continue;
    const json* rel = member(p, "rel");
    const json* name = member(p, "name");
    if (rel == nullptr || !rel->is_string() || name == nullptr || !name->is_string()) continue;
    std::string r = util::ascii_lower(rel->get<std::string>());
    if (r.find("author") == std::string::npos && r.find("creator") == std::string::npos) continue;
    std::string n(util::trim(name->get<std::string>()));
    if (!n.empty() && std::find(authors.begin(), authors.end(), n) == authors.end()) authors.push_back(n);
  }
}

// ISO 3166-1 alpha-2 codes of places given with that scheme: 1.x
// {"scheme": ".../iso3166-1a2/", "code": "it"}, 2.x {"uri": ".../iso3166-1a2/IT"}.
void add_country_codes(const json& places, std::vector<std::string>& countries) {
  if (!places.is_array()) return;
  for (const json& p : places) {
    if (!p.is_object()) continue;
    std::string code;
    const json* scheme = member(p, "scheme");
    const json* c = member(p, "code");
    const json* uri = member(p, "uri");
    if (scheme != nullptr && scheme->is_string() && c != nullptr && c->is_string() &&
        util::ascii_lower(scheme->get<std::string>()).find("iso3166") != std::string::npos) {
      code = c->get<std::string>();
    } else if (uri != nullptr && uri->is_string()) {
      std::string u = uri->get<std::string>();
      std::size_t at = util::ascii_lower(u).find("iso3166-1a2/");
      if (at != std::string::npos) code = u.substr(at + 12);
    }
    if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
        !std::isalpha(static_cast<unsigned char>(code[1])))
      continue;
    code[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[0])));
    code[1] = static_cast<char>(std::toupper(static_cast<unsigned char>(code[1])));
    if (std::find(countries.begin(), countries.end(), code) == countries.end()) countries.push_back(code);
  }
}

article::Article map_ninjs(const json& obj) {
  article::Article a;
  // Keys read into the article's own fields; the rest go to extra.
  std::vector<std::string> used;
  auto take = [&](const char* key) -> const json* {
    const json* v = member(obj, key);
    if (obj.contains(key)) used.emplace_back(key);
    return v;
  };
  if (const json* v = take("uri")) a.id = string_field(*v, "uri");
  if (a.id.empty()) {
    if (const json* v = take("guid")) a.id = string_field(*v, "guid");
  }
  if (const json* v = take("headline")) a.title = string_field(*v, "headline");
  if (const json* v = take("headlines"); v != nullptr && a.title.empty())
    a.title = pick_by_role(*v, "headlines", {"main"});
  if (const json* v = take("description_text")) a.standfirst = string_field(*v, "description_text");
  if (const json* v = take("description_html"); v != nullptr && a.standfirst.empty())
    a.standfirst = html_to_text(string_field(*v, "description_html"));
  if (const json* v = take("descriptions"); v != nullptr && a.standfirst.empty())
    a.standfirst = pick_by_role(*v, "descriptions", {"summary", "abstract", "description"});
  if (const json* v = take("body_text")) a.body = string_field(*v, "body_text");
  for (const char* key : {"body_html", "body_xhtml"}) {
    if (const json* v = take(key); v != nullptr && a.body.empty())
      a.body = html_to_text(string_field(*v, key));
  }
  if (const json* v = take("bodies"); v != nullptr && a.body.empty())
    a.body = pick_by_role(*v, "bodies", {"main"});
  for (const char* key : {"byline", "by"}) {
    if (const json* v = take(key)) add_byline(string_field(*v, key), a.authors);
  }
  for (const char* key : {"person", "people"}) {
    if (const json* v = member(obj, key)) add_people_authors(*v, a.authors);
  }
  if (const json* v = take("language")) a.language = string_field(*v, "language");
  // The first version is the publication; later versions and the embargo
  // stay in extra.
  for (const char* key : {"firstcreated", "versioncreated"}) {
    const json* v = member(obj, key);
    if (v == nullptr) continue;
    std::string text = string_field(*v, key);
    if (text.empty()) continue;
    a.published = article::parse_date_field(text, key, key);
    used.emplace_back(key);
    break;
  }
  std::vector<std::string> countries;
  for (const char* key : {"place", "places"}) {
    if (const json* v = member(obj, key)) add_country_codes(*v, countries);
  }
  for (auto& [key, value] : obj.items()) {
    if (std::find(used.begin(), used.end(), key) == used.end()) a.extra.emplace_back(key, value.dump());
  }
  if (!countries.empty()) a.extra.emplace_back("countries", json(countries).dump());
  return a;
}

// Reads the whole stream, up to limit + 1 bytes.
std::string read_limited(std::istream& in, std::size_t limit) {
  std::string text;
  std::vector<char> chunk(1 << 20);
  while (text.size() <= limit && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  return text;
}

// One article from the text of one JSON value. Throws InputError.
article::Article article_from_text(std::string_view text) {
  if (json_nested_deeper_than(text, kMaxJsonDepth)) {
    throw InputError("", 0, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  if (!util::valid_utf8(text)) throw InputError("", 0, "invalid UTF-8");
  json value;
  try {
    value = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    throw InputError("", 0, "malformed JSON: " + json_message(e));
  }
  return is_ninjs(value) ? article_from_ninjs(value) : article_from_json_object(value);
}

// The text of each element of the JSON array that starts at text[open],
// split at the commas outside strings and nested values, without parsing
// the elements (each is parsed, and may fail, on its own). `closed` says
// whether the closing bracket was found; `end` is just past it.
std::vector<std::string_view> split_array(std::string_view text, std::size_t open, bool& closed,
                                          std::size_t& end) {
  std::vector<std::string_view> items;
  std::size_t depth = 0;
  bool in_string = false;
  std::size_t start = open + 1;
  closed = false;
  end = text.size();
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (depth > 0) {
        --depth;
      } else if (c == ']') {
        std::string_view last = text.substr(start, i - start);
        if (!items.empty() || !util::trim(last).empty()) items.push_back(last);
        closed = true;
        end = i + 1;
        return items;
      }
    } else if (c == ',' && depth == 0) {
      items.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  std::string_view last = text.substr(std::min(start, text.size()));
  if (!util::trim(last).empty()) items.push_back(last);
  return items;
}

}  // namespace

bool is_ninjs(const json& value) {
  if (!value.is_object() || !value.contains("uri")) return false;
  for (const char* key : {"version", "standard", "type", "headline", "headlines", "body_text", "body_html",
                          "body_xhtml", "bodies", "versioncreated", "firstcreated"}) {
    if (value.contains(key)) return true;
  }
  return false;
}

article::Article article_from_ninjs(const json& value) {
  article::Article a;
  try {
    a = map_ninjs(value);
  } catch (const json::exception& e) {
    throw InputError("", 0, "malformed ninjs: " + json_message(e));
  }
  if (std::string err = article::validate(a); !err.empty()) throw InputError("", 0, err);
  return a;
}

void read_json(std::istream& in, const std::string& path, ErrorSink& sink, const RecordFn& fn) {
  std::string text = read_limited(in, kMaxJsonDocument);
  if (text.size() > kMaxJsonDocument) {
    sink.report(InputError(path, 0,
                           "JSON document larger than " + std::to_string(kMaxJsonDocument >> 20) +
                               " MB, not read (split it, or write JSON Lines)"));
    return;
  }
  if (std::string_view(text).substr(0, kSniffBytes).find('\0') != std::string_view::npos) {
    sink.report(InputError(path, 0, "binary file, not JSON"));
    return;
  }
  std::string_view body(text);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    sink.report(InputError(path, 0, "empty file"));
    return;
  }
  auto emit = [&](std::string_view item, std::size_t n, LocationUnit unit) {
    Record rec;
    rec.path = path;
    rec.line = n;
    rec.unit = unit;
    try {
      rec.article = article_from_text(item);
    } catch (const InputError& e) {
      sink.report(InputError(path, unit == LocationUnit::kItem ? n : 0, e.message(), e.field(), unit));
      return;
    }
    fn(std::move(rec));
  };
  if (body[first] != '[') {
    emit(body.substr(first), 1, LocationUnit::kLine);
    return;
  }
  bool closed = false;
  std::size_t end = 0;
  std::vector<std::string_view> items = split_array(body, first, closed, end);
  for (std::size_t i = 0; i < items.size(); ++i) emit(items[i], i + 1, LocationUnit::kItem);
  if (!closed) {
    sink.report(InputError(path, 0, "the JSON array is not closed (file cut short?)"));
  } else if (!util::trim(body.substr(end)).empty()) {
    sink.report(InputError(path, 0, "text after the JSON array"));
  }
}

}  // namespace dateline::ingest
