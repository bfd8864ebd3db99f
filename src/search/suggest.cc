#include "search/suggest.h"

#include <algorithm>
#include <string>
#include <utility>

#include "analysis/analyzer.h"
#include "schema/schema.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::search {
namespace sc = schema;

std::vector<Suggestion> suggest(const Xapian::Database& db, const CountryNames& countries, Aliases& aliases,
                                const RequestCounter& count, std::string_view prefix_in, std::size_t limit) {
  std::vector<Suggestion> out;
  std::string prefix = analysis::fold(util::trim(prefix_in));
  if (prefix.empty() || limit == 0) return out;
  std::vector<std::string> typed;
  for (const auto& t : analysis::tokenize(prefix)) typed.push_back(t.term);
  if (typed.empty()) return out;
  // Every typed word but the last must be a whole word of the name; the
  // last may be a word's beginning ("ronald rea").
  auto matches = [&](std::string_view key) {
    std::vector<std::string_view> kw = key_words(key);
    for (std::size_t i = 0; i < typed.size(); ++i) {
      bool last = i + 1 == typed.size();
      bool found = false;
      for (std::string_view w : kw) {
        if (last ? w.substr(0, typed[i].size()) == typed[i] : w == typed[i]) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  };
  // Suggestible entity fields with names in the index, then those with
  // codes (countries, by name), then title words.
  auto named = [](const sc::Field& f) {
    return f.has(sc::kSuggestible) && f.kind == sc::FieldKind::kEntity && !f.has(sc::kCode);
  };
  std::vector<std::pair<Suggestion, std::string>> found;  // with term, for display lookup
  for (const sc::Field& f : sc::kFields) {
    if (!named(f)) continue;
    const std::string pfx = f.prefix;
    for (auto it = db.allterms_begin(pfx); it != db.allterms_end(pfx); ++it) {
      const std::string term = *it;  // *it is a temporary
      std::string_view key = std::string_view(term).substr(pfx.size());
      if (matches(key)) found.push_back({{std::string(key), f.name, it.get_termfreq()}, term});
    }
  }
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSuggestible) || !f.has(sc::kCode) || !countries.codes) continue;
    for (const std::string& code : countries.codes(prefix_in)) {
      Xapian::doccount n = db.get_termfreq(f.prefix + code);
      std::string label = countries.label ? countries.label(code) : code;
      if (n > 0) found.push_back({{label.empty() ? code : label, f.name, n}, ""});
    }
  }
  // Title words that start with the last typed word.
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSuggestible) || f.kind != sc::FieldKind::kFreeText || typed.size() != 1) continue;
    const std::string pfx = f.prefix;
    for (auto it = db.allterms_begin(pfx + typed[0]); it != db.allterms_end(pfx + typed[0]); ++it) {
      found.push_back({{std::string(*it).substr(pfx.size()), "word", it.get_termfreq()}, ""});
    }
  }
  // Surname-only persons count towards the full name they stand for.
  for (const sc::Field& f : sc::kFields) {
    if (!f.has(sc::kSurnameAliases)) continue;
    const AliasTable* surnames = aliases.of(db, f.slot);
    for (auto& [sug, term] : found) {
      if (sug.kind != f.name || surnames == nullptr) continue;
      auto alias = surnames->to_value.find(sug.text);
      if (alias == surnames->to_value.end()) continue;
      if (alias->second.empty()) {  // a firm, no person
        sug.count = 0;
        continue;
      }
      std::string full_term = f.prefix + alias->second;
      bool merged = false;
      for (auto& [other, other_term] : found) {
        if (other.kind == f.name && other_term == full_term) {
          other.count += sug.count;
          merged = true;
        }
      }
      if (merged) {
        sug.count = 0;  // dropped below
      } else {
        sug.text = alias->second;
        sug.count += db.get_termfreq(full_term);
        term = full_term;
      }
    }
    std::erase_if(found, [&](const auto& s) { return s.first.kind == f.name && s.first.count == 0; });
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first.count > b.first.count; });
  // A suggestion's count is what searching for it gives: its text as a
  // filter of its kind (resolved as a typed filter is, aliases and all),
  // or as a query for a word (which matches the word's stem in titles and
  // bodies). The index counts above only rank the candidates; the commonest
  // few are searched and ranked again by what the searches found.
  auto search_count = [&](const Suggestion& sug) -> std::uint64_t {
    SearchRequest req;
    if (sug.kind == "word") {
      req.query = sug.text;
    } else {
      req.filters.emplace_back(sug.kind, sug.text);
    }
    try {
      return count(req);
    } catch (const InputError&) {
      return 0;  // a text the query syntax reads otherwise: no suggestion
    } catch (const QuerySyntaxError&) {
      return 0;
    }
  };
  const std::size_t searched = std::max<std::size_t>(3 * limit, 30);
  std::vector<std::string> seen;
  for (auto& [sug, term] : found) {
    if (out.size() >= searched) break;
    if (const sc::Field* f = sc::find_field(sug.kind); f != nullptr && named(*f)) {
      sug.text = display_name(db, term, f->slot, sug.text);
    }
    std::string key = analysis::fold(sug.text);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    sug.count = search_count(sug);
    if (sug.count > 0) out.push_back(std::move(sug));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.count > b.count; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace dateline::search
