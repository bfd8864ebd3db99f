// jsonl2dump: converts dateline JSON Lines articles for the peer engines.
//
//   jsonl2dump FILE...          scriptindex dump format on stdout
//   jsonl2dump --tsv FILE...    id TAB title TAB body TAB epoch TAB source
//                               (\\, \t, \n, \r escaped; epoch empty if
//                               undated), for bench/sqlite/fts_load
//
// Only the fields the benchmark compares are written: id, title, body, date,
// source. Dates become "YYYY-MM-DDTHH:MM:SSZ" (a bare day gets 00:00:00),
// which bench/xapian/reuters.script parses. '-' reads standard input.

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace {

std::string field(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Seconds since the epoch of an ISO date "YYYY-MM-DD[THH:MM[:SS]...]"
// (time zone suffix ignored: the corpora are UTC).
std::optional<long long> parse_date(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) return std::nullopt;
  if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) {
    std::sscanf(s.c_str() + 11, "%2d:%2d:%2d", &h, &mi, &se);
  }
  std::tm t{};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  t.tm_sec = se;
  return static_cast<long long>(timegm(&t));
}

std::string iso(long long epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void dump_field(std::string& out, const char* name, const std::string& v) {
  if (v.empty()) return;
  out += name;
  out += '=';
  for (char c : v) {
    out += c;
    if (c == '\n') out += '=';  // continuation line
  }
  out += '\n';
}

void tsv_field(std::string& out, const std::string& v, bool last) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += last ? '\n' : '\t';
}

int convert(std::istream& in, const std::string& name, bool tsv) {
  std::string line, out;
  std::size_t lineno = 0;
  int bad = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const std::exception& e) {
      std::cerr << name << ":" << lineno << ": " << e.what() << "\n";
      ++bad;
      continue;
    }
    std::string id = field(j, "id");
    if (id.empty()) {
      std::cerr << name << ":" << lineno << ": no id, skipped\n";
      ++bad;
      continue;
    }
    auto date = parse_date(field(j, "date"));
    out.clear();
    if (tsv) {
      tsv_field(out, id, false);
      tsv_field(out, field(j, "title"), false);
      tsv_field(out, field(j, "body"), false);
      tsv_field(out, date ? std::to_string(*date) : std::string(), false);
      tsv_field(out, field(j, "source"), true);
    } else {
      dump_field(out, "id", id);
      dump_field(out, "title", field(j, "title"));
      dump_field(out, "body", field(j, "body"));
      if (date) dump_field(out, "date", iso(*date));
      dump_field(out, "source", field(j, "source"));
      out += '\n';  // blank line ends the record
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return bad;
}

}  // namespace

int main(int argc, char** argv) {
  bool tsv = false;
  int bad = 0, files = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tsv") {
      tsv = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      std::cout << "usage: jsonl2dump [--tsv] FILE... ('-' = stdin)\n";
      return 0;
    }
    ++files;
    if (a == "-") {
      bad += convert(std::cin, "-", tsv);
    } else {
      std::ifstream in(a);
      if (!in) {
        std::cerr << "jsonl2dump: cannot open " << a << "\n";
        return 2;
      }
      bad += convert(in, a, tsv);
    }
  }
  if (files == 0) bad += convert(std::cin, "-", tsv);
  return bad ? 1 : 0;
}
