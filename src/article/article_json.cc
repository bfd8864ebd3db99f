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
  auto place = [&](const Place& p) {
    out += "{\"country\":";
    append_string(out, p.country);
    out += ",\"kind\":";
    append_string(out, p.kind);
    out += ",\"name\":";
    append_string(out, p.name);
    out.push_back('}');
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
  // Only when there is one, so an article without stays stored as before.
  if (a.entities.dateline) {
    key("dateline");
    out += "{\"place\":";
    place(a.entities.dateline->place);
    out += ",\"text\":";
    append_string(out, a.entities.dateline->text);
    out.push_back('}');
  }
  if (!a.extra.empty()) {
    json extra = json::object();
    for (const auto& [k, v] : a.extra) extra[k] = json::parse(v, nullptr, false);
    key("extra");
    out += extra.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  strs("focus_countries", a.entities.focus_countries);
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
    if (i > 0) out.push_back(',');
    place(a.entities.places[i]);
  }
  out.push_back(']');
  str("source", a.source);
  str("standfirst", a.standfirst);
  str("title", a.title);
  str("url", a.url);
  out.push_back('}');
  return out;
}

namespace {

// The deepest nesting from_stored_json() reads. to_stored_json() writes at
// most 3 levels plus what an input field under "extra" holds, and the
// readers refuse input nested deeper than 64 levels; deeper stored data is
// damage, and decoding it would recurse that deep in dump().
constexpr std::size_t kMaxStoredDepth = 100;

// True when arrays and objects in text nest deeper than kMaxStoredDepth.
// Brackets in strings do not count. Runs before parsing, so a deep value
// never reaches nlohmann's recursive dump() or destructor.
bool nested_too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxStoredDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

[[noreturn]] void wrong_type(const std::string& field, const char* want, const json& v) {
  const std::string got = v.type_name();
  const bool vowel = got[0] == 'a' || got[0] == 'o';
  throw Error("stored article: '" + field + "' is " + (vowel ? "an " : "a ") + got + ", not " + want);
}

// The field k of object o: nullptr when absent or null (the field's default
// applies), else the value, which must be of type t.
const json* field(const json& o, const std::string& path, const char* k, json::value_t t, const char* want) {
  auto it = o.find(k);
  if (it == o.end() || it->is_null()) return nullptr;
  if (it->type() != t) wrong_type(path + k, want, *it);
  return &*it;
}

std::string string_field(const json& o, const std::string& path, const char* k) {
  const json* v = field(o, path, k, json::value_t::string, "a string");
  return v ? v->get<std::string>() : std::string();
}

std::vector<std::string> strings_field(const json& o, const char* k) {
  std::vector<std::string> out;
  const json* v = field(o, "", k, json::value_t::array, "an array");
  if (v == nullptr) return out;
  out.reserve(v->size());
  for (std::size_t i = 0; i < v->size(); ++i) {
    const json& s = (*v)[i];
    if (!s.is_string()) wrong_type(std::string(k) + "[" + std::to_string(i) + "]", "a string", s);
    out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

// The stored form is written only by to_stored_json(), so a field of another
// type than it writes (a number for a name, an object for a list) is damage
// to the index or a bug, never a form to tolerate: it is an Error naming the
// field rather than a silently emptied field, which would show an article
// that looks whole but is not (a place with no name, an undated article).
// A field that is absent or null takes its default, as an index written
// before the field existed has none.
Article from_stored_json(std::string_view data) {
  if (nested_too_deep(data)) {
    throw Error("stored article: nested deeper than " + std::to_string(kMaxStoredDepth) + " levels");
  }
  json j = json::parse(data.begin(), data.end(), nullptr, false);
  if (!j.is_object()) throw Error("stored article is not a JSON object");
  Article a;
  a.id = string_field(j, "", "id");
  a.title = string_field(j, "", "title");
  a.standfirst = string_field(j, "", "standfirst");
  a.body = string_field(j, "", "body");
  if (std::string d = string_field(j, "", "date"); !d.empty()) {
    a.published = parse_date(d);
    if (!a.published) throw Error("stored article: 'date' is not a date: " + json(d).dump());
  }
  a.source = string_field(j, "", "source");
  a.url = string_field(j, "", "url");
  a.authors = strings_field(j, "authors");
  a.language = string_field(j, "", "language");
  if (const json* v = field(j, "", "language_detected", json::value_t::boolean, "a boolean")) {
    a.language_detected = v->get<bool>();
  }
  if (const json* v = field(j, "", "extra", json::value_t::object, "an object")) {
    for (const auto& [k, x] : v->items()) {
      a.extra.emplace_back(k, x.dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
  a.entities.persons = strings_field(j, "persons");
  a.entities.organizations = strings_field(j, "organizations");
  a.entities.countries = strings_field(j, "countries");
  a.entities.focus_countries = strings_field(j, "focus_countries");
  if (const json* v = field(j, "", "places", json::value_t::array, "an array")) {
    for (std::size_t i = 0; i < v->size(); ++i) {
      const json& p = (*v)[i];
      const std::string path = "places[" + std::to_string(i) + "].";
      if (!p.is_object()) wrong_type(path.substr(0, path.size() - 1), "an object", p);
      a.entities.places.push_back(
          {string_field(p, path, "name"), string_field(p, path, "kind"), string_field(p, path, "country")});
    }
  }
  if (const json* v = field(j, "", "dateline", json::value_t::object, "an object")) {
    Dateline d;
    d.text = string_field(*v, "dateline.", "text");
    if (const json* p = field(*v, "dateline.", "place", json::value_t::object, "an object")) {
      d.place = {string_field(*p, "dateline.place.", "name"), string_field(*p, "dateline.place.", "kind"),
                 string_field(*p, "dateline.place.", "country")};
    }
    a.entities.dateline = std::move(d);
  }
  return a;
}

}  // namespace dateline::article
