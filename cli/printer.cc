#include "cli/printer.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "article/date.h"
#include "cli/common.h"
#include "json/printer.h"
#include "util/strings.h"

namespace dateline::cli {
namespace {

// Everything text printers write that comes from the index or the query
// goes through util::printable: an article must not be able to send the
// terminal commands (set its title, clear the screen).
using util::printable;

// printf into a stream.
__attribute__((format(printf, 2, 3))) void outf(std::ostream& out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  int n = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string s(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(s.data(), s.size() + 1, format, again);
  va_end(again);
  out << s;
}

// Runs of this many empty buckets or more print as one line: a day
// timeline over decades is mostly empty days (up to 10,000 of them, past
// which the timeline is by month or year). JSON keeps every bucket.
constexpr std::size_t kEmptyRunLine = 3;

[[noreturn]] void no_form(const char* format, const char* what) {
  throw std::logic_error(std::string(format) + " has no form for " + what);
}

class TextPrinter : public Printer {
 public:
  TextPrinter(std::ostream& out, std::ostream& err, bool bold) : out_(out), err_(err), bold_(bold) {}

  void search_result(const search::SearchResult& r) override {
    std::size_t rank = r.offset;
    for (const search::Hit& h : r.hits) {
      ++rank;
      std::string title = h.title.empty() ? "(no title)" : printable(h.title);
      if (bold_) title = "\x1b[1m" + title + "\x1b[0m";
      outf(out_, "%zu. %s\n", rank, title.c_str());
      outf(out_, "   %s | %s | %s | score %.3f\n", printable(h.id).c_str(),
           h.date.empty() ? "undated" : h.date.substr(0, 10).c_str(),
           h.source.empty() ? "-" : printable(h.source).c_str(), h.score);
      if (!h.url.empty()) outf(out_, "   %s\n", printable(h.url).c_str());
      std::string snip = search::snippet_terminal(h.snippet, bold_);
      if (!snip.empty()) outf(out_, "   %s\n", snip.c_str());
      if (r.collapsed_by_story && h.has_story && h.story.size > 1) other_versions(h.story);
      out_ << "\n";
    }
    if (!r.corrected_query.empty()) outf(out_, "did you mean: %s\n", printable(r.corrected_query).c_str());
    for (const std::string& n : r.notes) outf(out_, "note: %s\n", printable(n).c_str());
    for (const auto& f : r.filters) {
      if (f.matched.empty() || f.field == "date") continue;
      std::string m;
      for (std::size_t i = 0; i < f.matched.size(); ++i) m += (i ? ", " : "") + f.matched[i];
      outf(out_, "%s:%s matched %s\n", f.field.c_str(), printable(f.value).c_str(), printable(m).c_str());
    }
    outf(out_, "%s%zu %s%s, showing %zu-%zu (%.1f ms)\n", r.total_exact ? "" : "about ", r.total,
         r.collapsed_by_story ? "stor" : "result",
         r.total == 1 ? (r.collapsed_by_story ? "y" : "") : (r.collapsed_by_story ? "ies" : "s"),
         r.hits.empty() ? 0 : r.offset + 1, r.offset + r.hits.size(), r.took_ms);
    if (!r.facets.empty()) out_ << "\n";
    facets(r);
    timeline(r);
  }

  void related(const search::SearchResult& r) override {
    std::size_t rank = 0;
    for (const auto& h : r.hits) {
      outf(out_, "%zu. %s\n   %s | %s | score %.3f\n", ++rank, printable(h.title).c_str(),
           printable(h.id).c_str(), h.date.empty() ? "undated" : h.date.substr(0, 10).c_str(), h.score);
    }
  }

  void article(const article::Article& a, const search::StoryInfo* story) override {
    // The body and standfirst keep their lines.
    out_ << printable(a.title) << "\n";
    out_ << "id: " << printable(a.id);
    if (a.published) out_ << "  date: " << article::format_day(*a.published);
    if (!a.source.empty()) out_ << "  source: " << printable(a.source);
    out_ << "\n";
    if (story != nullptr) {
      outf(out_, "story: %s (%llu version%s)\n", printable(story->id).c_str(),
           static_cast<unsigned long long>(story->size), story->size == 1 ? "" : "s");
    }
    if (!a.url.empty()) out_ << printable(a.url) << "\n";
    auto list = [this](const char* label, const std::vector<std::string>& v) {
      if (v.empty()) return;
      out_ << label;
      for (std::size_t i = 0; i < v.size(); ++i) out_ << (i ? ", " : "") << printable(v[i]);
      out_ << "\n";
    };
    list("persons: ", a.entities.persons);
    list("organizations: ", a.entities.organizations);
    std::vector<std::string> places;
    for (const auto& p : a.entities.places) {
      places.push_back(p.name + (p.country.empty() ? "" : " (" + p.country + ")"));
    }
    list("places: ", places);
    list("countries: ", a.entities.countries);
    if (const auto& d = a.entities.dateline) {
      const article::Place& p = d->place;
      list("dateline: ", {p.name + (p.country.empty() ? "" : " (" + p.country + ")")});
    }
    list("focus: ", a.entities.focus_countries);
    out_ << "\n";
    if (!a.standfirst.empty()) out_ << printable(a.standfirst, util::LineBreaks::kKeep) << "\n\n";
    out_ << printable(a.body, util::LineBreaks::kKeep) << "\n";
  }

  void article_record(const article::Article&, const search::StoryInfo*) override {
    no_form("text", "an article record");
  }

  void story(const search::StoryInfo& s) override {
    outf(out_, "story %s: %llu version%s\n", printable(s.id).c_str(), static_cast<unsigned long long>(s.size),
         s.size == 1 ? "" : "s");
    for (const search::StoryVersion& v : s.versions) {
      outf(out_, "%s | %s | %s | %s\n", v.date.empty() ? "undated   " : v.date.substr(0, 10).c_str(),
           printable(v.id).c_str(), v.source.empty() ? "-" : printable(v.source).c_str(),
           v.title.empty() ? "(no title)" : printable(v.title).c_str());
    }
    if (s.versions.size() < s.size) outf(out_, "(first %zu listed)\n", s.versions.size());
  }

  void suggestions(const std::vector<search::Suggestion>& s) override {
    for (const auto& x : s) {
      outf(out_, "%-40s %-8s %llu\n", printable(x.text).c_str(), x.kind.c_str(),
           static_cast<unsigned long long>(x.count));
    }
  }

  void stats(const search::IndexStatsInfo& st) override {
    outf(out_, "index:          %s\n", printable(st.path).c_str());
    outf(out_, "articles:       %llu\n", static_cast<unsigned long long>(st.articles));
    outf(out_, "undated:        %llu\n", static_cast<unsigned long long>(st.undated));
    outf(out_, "first date:     %s\n", st.first_date.empty() ? "-" : st.first_date.c_str());
    outf(out_, "last date:      %s\n", st.last_date.empty() ? "-" : st.last_date.c_str());
    if (st.size_known) {
      outf(out_, "size on disk:   %.1f MB\n", st.size_bytes / 1e6);
    } else {
      outf(out_, "size on disk:   - (remote shards)\n");
    }
    outf(out_, "schema version: %d\n", st.schema_version);
    if (st.shards > 1 || st.remote_shards > 0)
      outf(out_, "shards:         %zu (%zu remote)\n", st.shards, st.remote_shards);
  }

  void error(const std::string& tool, int, const std::string& message, const std::string&) override {
    // Messages quote input (a query, an id, a file name): no control
    // characters of it reach the terminal.
    err_ << tool << ": " << printable(message) << "\n";
  }

 private:
  void facets(const search::SearchResult& r) {
    for (const auto& [name, values] : r.facets) {
      if (values.empty()) continue;
      outf(out_, "%-8s", name.c_str());
      std::size_t i = 0;
      for (const auto& v : values) {
        std::string shown = v.label;
        if ((name == "country" || name == "focus") && v.label != v.value) shown += " (" + v.value + ")";
        outf(out_, "%s%s %llu", i++ ? ", " : " ", printable(shown).c_str(),
             static_cast<unsigned long long>(v.count));
      }
      out_ << "\n";
    }
    if (!r.facets.empty() && !r.facets_exact) out_ << "(facet counts are estimates)\n";
  }

  void timeline(const search::SearchResult& r) {
    if (r.timeline.empty()) return;
    std::uint64_t max = 0;
    for (const auto& b : r.timeline) max = std::max(max, b.count);
    outf(out_, "\ntimeline (%s)\n", r.timeline_unit.c_str());
    const auto& buckets = r.timeline;
    for (std::size_t i = 0; i < buckets.size();) {
      std::size_t run = 0;
      while (i + run < buckets.size() && buckets[i + run].count == 0) ++run;
      if (run >= kEmptyRunLine) {
        // "…" is one column but three bytes: pad it by hand to the date's width.
        outf(out_, "\u2026%9s %6s (%zu empty %ss)\n", "", "", run, r.timeline_unit.c_str());
        i += run;
        continue;
      }
      const auto& b = buckets[i++];
      int width = max == 0 ? 0 : static_cast<int>((b.count * 40 + max - 1) / max);
      std::string bar;
      for (int k = 0; k < width; ++k) bar += "\u2588";
      outf(out_, "%-10s %6llu %s\n", b.date.c_str(), static_cast<unsigned long long>(b.count), bar.c_str());
    }
  }

  std::ostream& out_;
  std::ostream& err_;
  bool bold_;

  // "+3 other versions (Source A, Source B)": the sources of the versions
  // listed, each once.
  void other_versions(const search::StoryInfo& s) {
    std::vector<std::string> sources;
    for (const search::StoryVersion& v : s.versions) {
      std::string name = v.source.empty() ? "-" : printable(v.source);
      if (std::find(sources.begin(), sources.end(), name) == sources.end()) sources.push_back(name);
    }
    std::string list;
    for (std::size_t i = 0; i < sources.size(); ++i) list += (i ? ", " : "") + sources[i];
    if (s.versions.size() < s.size - 1) list += ", ...";
    const unsigned long long others = s.size - 1;
    outf(out_, "   +%llu other version%s (%s)\n", others, others == 1 ? "" : "s", list.c_str());
  }
};

// The HTTP API's shapes: one object per result, compact on one line, but
// show and stats indented for reading.
class JsonPrinter : public Printer {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}

  void search_result(const search::SearchResult& r) override { line(json::search_result(r)); }
  void related(const search::SearchResult& r) override { line(json::search_result(r)); }
  void article(const article::Article& a, const search::StoryInfo* story) override {
    line(json::article(a, story), true);
  }
  void article_record(const article::Article& a, const search::StoryInfo* story) override {
    line(json::article(a, story));
  }
  void story(const search::StoryInfo& s) override { line(json::story(s, true, true), true); }
  void suggestions(const std::vector<search::Suggestion>& s) override { line(json::suggestions(s)); }
  void stats(const search::IndexStatsInfo& s) override { line(json::stats(s), true); }
  void error(const std::string&, int code, const std::string& message, const std::string& param) override {
    // Flushed: the error may be the last thing a run prints.
    line(json::error(code, message, param));
    out_ << std::flush;
  }

 private:
  void line(const nlohmann::json& j, bool pretty = false) { out_ << json::dump(j, pretty) << "\n"; }

  std::ostream& out_;
};

// RFC 4180 rows with CRLF line ends; list fields joined with "; ".
class CsvPrinter : public Printer {
 public:
  CsvPrinter(std::ostream& out, std::ostream& err) : out_(out), text_errors_(out, err, false) {}

  void search_result(const search::SearchResult&) override { no_form("CSV", "a search result"); }
  void related(const search::SearchResult&) override { no_form("CSV", "related articles"); }
  void article(const article::Article& a, const search::StoryInfo* story) override {
    article_record(a, story);
  }
  void begin_articles() override {
    out_ << "id,date,source,title,url,persons,organizations,places,countries,dateline,focus_countries,"
            "story_id,story_size\r\n";
  }
  void story(const search::StoryInfo&) override { no_form("CSV", "a story"); }
  void article_record(const article::Article& a, const search::StoryInfo* story) override {
    std::vector<std::string> places;
    for (const auto& p : a.entities.places) places.push_back(p.name);
    out_ << field(a.id) << ',' << (a.published ? article::format_iso(*a.published) : "") << ','
         << field(a.source) << ',' << field(a.title) << ',' << field(a.url) << ','
         << field(joined(a.entities.persons)) << ',' << field(joined(a.entities.organizations)) << ','
         << field(joined(places)) << ',' << field(joined(a.entities.countries)) << ','
         << field(a.entities.dateline ? a.entities.dateline->place.name : "") << ','
         << field(joined(a.entities.focus_countries)) << ','
         << (story != nullptr ? field(story->id) + ',' + std::to_string(story->size) : std::string(","))
         << "\r\n";
  }
  void suggestions(const std::vector<search::Suggestion>&) override { no_form("CSV", "suggestions"); }
  void stats(const search::IndexStatsInfo&) override { no_form("CSV", "index statistics"); }
  void error(const std::string& tool, int code, const std::string& message,
             const std::string& param) override {
    text_errors_.error(tool, code, message, param);
  }

 private:
  // RFC 4180: quoted when it holds a comma, quote or line break. Every
  // column is a one-line value (id, title, names), so control characters,
  // which CSV cannot escape and a terminal would obey, go through
  // util::printable like all text output (JSON Lines escapes them instead).
  static std::string field(const std::string& raw) {
    const std::string s = printable(raw);
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  }

  static std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "; " : "") + v[i];
    return out;
  }

  std::ostream& out_;
  TextPrinter text_errors_;
};

}  // namespace

std::unique_ptr<Printer> make_printer(Format format, std::ostream& out, std::ostream& err) {
  switch (format) {
    case Format::kJson: return std::make_unique<JsonPrinter>(out);
    case Format::kCsv: return std::make_unique<CsvPrinter>(out, err);
    case Format::kText: break;
  }
  // Bold titles and matches only on a terminal.
  return std::make_unique<TextPrinter>(out, err, &out == &std::cout && stdout_is_tty());
}

std::unique_ptr<Printer> make_printer(bool json) {
  return make_printer(json ? Format::kJson : Format::kText, std::cout, std::cerr);
}

}  // namespace dateline::cli
