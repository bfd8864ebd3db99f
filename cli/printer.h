#pragma once

// What the tools print, in one place behind one interface (after notmuch's
// sprinter.h): a command builds its result with the library and hands it
// to a Printer; the Printer's format decides how it looks. Text is for
// people (every string from the index or the user through
// util::printable, so no article can send the terminal commands), JSON
// has the HTTP API's shapes (src/json/), CSV is one row per article.

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "article/article.h"
#include "search/searcher.h"

namespace dateline::cli {

enum class Format { kText, kJson, kCsv };

/// Prints results. Not thread safe; a Printer writes to the streams it was
/// made with, which must outlive it. A format that has no form for a
/// result (CSV for a search) throws std::logic_error: a bug of the caller.
class Printer {
 public:
  virtual ~Printer() = default;

  /// A search: hits, spelling, notes, filters, totals, facets, timeline.
  virtual void search_result(const search::SearchResult& r) = 0;
  /// The articles related to one article (only hits matter).
  virtual void related(const search::SearchResult& r) = 0;
  /// One article in full, with its entities (show), and its story when
  /// given. (Every call goes through a Printer, so the default is this one.)
  virtual void article(const article::Article& a, const search::StoryInfo* story = nullptr) = 0;
  /// Before the first of articles(): a CSV header, say.
  virtual void begin_articles() {}
  /// One of many articles (export): one line or row each, with its story
  /// when given.
  virtual void article_record(const article::Article& a, const search::StoryInfo* story = nullptr) = 0;
  /// The versions of one story (dateline-query story).
  virtual void story(const search::StoryInfo& s) = 0;
  /// Search-box completions.
  virtual void suggestions(const std::vector<search::Suggestion>& s) = 0;
  /// What the index holds.
  virtual void stats(const search::IndexStatsInfo& s) = 0;
  /// An error of tool: code is the HTTP status the API gives the same
  /// error, param the API's parameter name ("" for none).
  virtual void error(const std::string& tool, int code, const std::string& message,
                     const std::string& param) = 0;
};

/// A printer of format writing results to out and text errors to err.
[[nodiscard]] std::unique_ptr<Printer> make_printer(Format format, std::ostream& out, std::ostream& err);

/// The printer for a command's --json flag, on standard output and error.
[[nodiscard]] std::unique_ptr<Printer> make_printer(bool json);

}  // namespace dateline::cli
