// The HTML page reader (ingest/html_page.h) against reference extractions.
//
//   ninja -C build html_extract_eval
//   build/bench/html/html_extract_eval [DATA_DIR]
//
// DATA_DIR (default ../shared/data/formats/html) holds readability/NAME/
// with source.html, expected.html (Readability's own output) and
// expected-metadata.json, and trafilatura/*.html. Readability pages: the
// body is compared with expected.html as text by word precision and recall
// (bags of lower-cased letter/digit tokens, with counts); title, byline and
// publishedTime exactly (dates as the same instant; only where the
// reference has one). Trafilatura pages, the held-out check: the sentences
// bench/html/trafilatura_expect.json says must be in the body, and the
// furniture it says must not.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "article/date.h"
#include "ingest/html_page.h"
#include "ingest/html_text.h"
#include "util/error.h"
#include "util/strings.h"

namespace {

using namespace dateline;
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Lower-cased runs of letters and digits, counted.
std::map<std::string, int> bag(const std::string& text) {
  std::map<std::string, int> words;
  std::string word;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0, n = static_cast<int32_t>(text.size());
  while (i <= n) {
    UChar32 c = 0;
    if (i < n)
      U8_NEXT(s, i, n, c);
    else
      ++i;
    if (c > 0 && u_isalnum(c)) {
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), len, u_tolower(c));
      word.append(buf, static_cast<std::size_t>(len));
    } else if (!word.empty()) {
      ++words[word];
      word.clear();
    }
  }
  return words;
}

int total(const std::map<std::string, int>& b) {
  int t = 0;
  for (const auto& [w, c] : b) t += c;
  return t;
}

int overlap(const std::map<std::string, int>& a, const std::map<std::string, int>& b) {
  int o = 0;
  for (const auto& [w, c] : a)
    if (auto it = b.find(w); it != b.end()) o += std::min(c, it->second);
  return o;
}

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? std::string(util::trim(it->get<std::string>())) : std::string();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string cut(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n - 3) + "...";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = DATELINE_SOURCE_DIR;
  fs::path data = argc > 1 ? fs::path(argv[1]) : fs::path(root + "/../shared/data/formats/html");
  if (!fs::is_directory(data / "readability")) {
    std::fprintf(stderr, "html_extract_eval: %s/readability: not found\n", data.c_str());
    return 2;
  }

  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(data / "readability"))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());

  std::printf("Readability pages (word bags vs expected.html; metadata vs expected-metadata.json)\n");
  std::printf("%-16s %6s %6s %6s %6s  %-5s %-7s %-5s\n", "page", "words", "ref", "prec", "recall", "title",
              "byline", "date");
  double sum_p = 0, sum_r = 0;
  int all_ours = 0, all_ref = 0, all_common = 0;
  int titles = 0, bylines = 0, bylines_n = 0, dates = 0, dates_n = 0;
  std::vector<std::string> notes;
  for (const fs::path& dir : dirs) {
    std::string name = dir.filename();
    nlohmann::json meta = nlohmann::json::parse(slurp(dir / "expected-metadata.json"));
    ingest::Page page;
    try {
      page = ingest::page_from_html(slurp(dir / "source.html"));
    } catch (const InputError& e) {
      std::printf("%-16s refused: %s\n", name.c_str(), e.message().c_str());
      continue;
    }
    const article::Article& a = page.article;
    auto ours = bag(a.body);
    auto ref = bag(ingest::html_to_text(slurp(dir / "expected.html")));
    int common = overlap(ours, ref);
    double p = total(ours) ? static_cast<double>(common) / total(ours) : 0;
    double r = total(ref) ? static_cast<double>(common) / total(ref) : 0;
    sum_p += p;
    sum_r += r;
    all_ours += total(ours);
    all_ref += total(ref);
    all_common += common;

    std::string want_title = field(meta, "title");
    bool title_ok = a.title == want_title;
    titles += title_ok;
    if (!title_ok) notes.push_back(name + " title: got \"" + a.title + "\", want \"" + want_title + "\"");

    std::string byline = "-";
    std::string want_byline = field(meta, "byline");
    if (!want_byline.empty()) {
      ++bylines_n;
      bool ok = join(a.authors) == want_byline;
      bylines += ok;
      byline = ok ? "yes" : "no";
      if (!ok)
        notes.push_back(name + " byline: got \"" + join(a.authors) + "\", want \"" + want_byline + "\"");
    }
    std::string date = "-";
    std::string want_date = field(meta, "publishedTime");
    if (!want_date.empty()) {
      ++dates_n;
      auto want = article::parse_date(want_date);
      bool ok = want && a.published == want;
      dates += ok;
      date = ok ? "yes" : "no";
      if (!ok)
        notes.push_back(name + " date: got " + (a.published ? article::format_iso(*a.published) : "none") +
                        ", want " + want_date);
    } else if (a.published) {
      notes.push_back(name + " date: got " + article::format_iso(*a.published) + ", reference has none");
    }
    std::printf("%-16s %6d %6d %6.3f %6.3f  %-5s %-7s %-5s\n", name.c_str(), total(ours), total(ref), p, r,
                title_ok ? "yes" : "no", byline.c_str(), date.c_str());
  }
  std::size_t n = dirs.size();
  std::printf("%-16s %6d %6d %6.3f %6.3f  (mean per page)\n", "all", all_ours, all_ref, sum_p / n, sum_r / n);
  std::printf("%-16s %6s %6s %6.3f %6.3f  (pooled words)\n", "", "", "",
              all_ours ? static_cast<double>(all_common) / all_ours : 0.0,
              all_ref ? static_cast<double>(all_common) / all_ref : 0.0);
  std::printf("titles %d/%zu, bylines %d/%d, dates %d/%d exactly right\n", titles, n, bylines, bylines_n,
              dates, dates_n);
  for (const std::string& note : notes) std::printf("  %s\n", note.c_str());

  fs::path expect_path = fs::path(root) / "bench/html/trafilatura_expect.json";
  if (!fs::is_directory(data / "trafilatura") || !fs::exists(expect_path)) return 0;
  nlohmann::json expect = nlohmann::json::parse(slurp(expect_path));
  std::printf("\nTrafilatura pages, held out (sentences found / expected; furniture absent / listed)\n");
  std::printf("%-46s %6s %8s %10s  %s\n", "page", "words", "found", "no-furn.", "title");
  int found_all = 0, must_all = 0, clean_all = 0, furn_all = 0;
  std::vector<std::string> misses;
  for (const auto& [file, spec] : expect.items()) {
    ingest::Page page;
    try {
      page = ingest::page_from_html(slurp(data / "trafilatura" / file));
    } catch (const InputError& e) {
      std::printf("%-46s refused: %s\n", file.c_str(), e.message().c_str());
      continue;
    }
    std::string body = collapse(page.article.body);
    int found = 0, must = 0, clean = 0, furn = 0;
    for (const auto& s : spec.at("must")) {
      ++must;
      if (body.find(collapse(s.get<std::string>())) != std::string::npos)
        ++found;
      else
        misses.push_back(file + " missing: " + cut(s.get<std::string>(), 70));
    }
    for (const auto& s : spec.at("must_not")) {
      ++furn;
      if (body.find(collapse(s.get<std::string>())) == std::string::npos)
        ++clean;
      else
        misses.push_back(file + " has furniture: " + cut(s.get<std::string>(), 70));
    }
    found_all += found;
    must_all += must;
    clean_all += clean;
    furn_all += furn;
    std::printf("%-46s %6d %5d/%-2d %7d/%-2d  %s\n", cut(file, 46).c_str(), total(bag(page.article.body)),
                found, must, clean, furn, cut(page.article.title, 60).c_str());
  }
  std::printf("%-46s %6s %5d/%-2d %7d/%-2d\n", "all", "", found_all, must_all, clean_all, furn_all);
  for (const std::string& m : misses) std::printf("  %s\n", m.c_str());
  return 0;
}
