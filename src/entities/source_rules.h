#pragma once

#include <cstddef>
#include <string_view>

namespace dateline::entities {

/// What the extractor does differently for one source's text (the
/// per-source table is in source_rules.cc). The general extractor knows no
/// source by name.
struct SourceRules {
  /// Where the readable part of a body ends: before the source's sign-off.
  /// nullptr: the whole body is read.
  std::size_t (*body_end)(std::string_view body) = nullptr;
  /// The punctuation that opens a ticker symbol after a company name
  /// ("<TSBA.T>"): an organization span is cut before it. Empty: no such
  /// symbols.
  std::string_view ticker_open;
  /// The agency's name as it signs off its stories ("Reuter"), where the
  /// body_end cut misses it (stories joined into one): alone, it is never
  /// an entity. Empty: none.
  std::string_view signoff;
};

/// The rules of the source named source (article::Article::source, exact
/// match), or rules that change nothing for a source without any. Thread
/// safe; the result lives as long as the program.
[[nodiscard]] const SourceRules& source_rules(std::string_view source);

/// The end of a Reuters body before its sign-off, which is sometimes there
/// twice ("REUTER\n Reuter"), and any white space before it.
[[nodiscard]] std::size_t reuters_body_end(std::string_view body);

}  // namespace dateline::entities
