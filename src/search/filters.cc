#include "search/filters.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <utility>

#include "analysis/analyzer.h"
#include "schema/terms.h"
#include "util/strings.h"

namespace dateline::search {
namespace sc = schema;

std::vector<std::string_view> key_words(std::string_view key) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  auto is_sep = [](unsigned char c) { return c < 0x80 && !std::isalnum(c); };
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || is_sep(static_cast<unsigned char>(key[i]))) {
      if (i > start) out.push_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

namespace {

bool contains_all_words(std::string_view key, const std::vector<std::string_view>& words) {
  std::vector<std::string_view> kw = key_words(key);
  for (std::string_view w : words) {
    if (std::find(kw.begin(), kw.end(), w) == kw.end()) return false;
  }
  return true;
}

// Legal forms written after a company's name ("Texaco Inc", "Fiat SpA").
bool is_legal_form(std::string_view w) {
  static const std::string_view kForms[] = {
      "inc", "incorporated", "corp", "corporation", "co",  "cos", "company", "ltd", "limited",
      "plc", "llc",          "lp",   "ag",          "sa",  "nv",  "bv",      "spa", "gmbh",
      "ab",  "asa",          "oyj",  "kk",          "bhd", "pty", "se"};
  return std::find(std::begin(kForms), std::end(kForms), w) != std::end(kForms);
}

std::string join_words(const std::vector<std::string_view>& words, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += words[i];
  }
  return out;
}

struct KeyFreq {
  std::string key;
  Xapian::doccount freq;
};

// The most frequent of cands, if it is a clear favourite: alone, or at
// least twice as frequent as the next ("Baker" stays alone when two
// Bakers are common).
const KeyFreq* favourite(std::vector<KeyFreq>& cands) {
  if (cands.empty()) return nullptr;
  std::sort(cands.begin(), cands.end(), [](const KeyFreq& a, const KeyFreq& b) {
    return a.freq != b.freq ? a.freq > b.freq : a.key < b.key;
  });
  if (cands.size() > 1 && cands[0].freq < 2 * cands[1].freq) return nullptr;
  return &cands[0];
}

// Persons: a surname alone stands for the archive's favourite full name
// ending in it.
void add_surname_aliases(const sc::Field& f, std::vector<KeyFreq> keys,
                         std::map<Xapian::valueno, AliasTable>& aliases) {
  std::unordered_map<std::string, std::vector<KeyFreq>> by_last;
  std::vector<std::string> singles;
  for (KeyFreq& kf : keys) {
    std::vector<std::string_view> words = key_words(kf.key);
    if (words.empty()) continue;
    if (words.size() == 1 && words[0].size() == kf.key.size()) {
      singles.push_back(kf.key);
    } else {
      by_last[std::string(words.back())].push_back(kf);
    }
  }
  for (const std::string& single : singles) {
    auto it = by_last.find(single);
    if (it == by_last.end()) continue;
    if (const KeyFreq* fav = favourite(it->second)) aliases[f.slot].add(single, fav->key);
  }
}

// Organizations: the names that differ only by legal forms are one
// company, under its plain name when the archive has it ("Texaco Inc",
// "Texaco Corp" -> "Texaco"), else under its commonest form.
void add_legal_form_aliases(const sc::Field& f, std::vector<KeyFreq> keys,
                            std::map<Xapian::valueno, AliasTable>& aliases) {
  std::unordered_map<std::string, std::vector<KeyFreq>> by_base;
  for (KeyFreq& kf : keys) {
    std::vector<std::string_view> words = key_words(kf.key);
    std::size_t n = words.size();
    while (n > 1 && is_legal_form(words[n - 1])) --n;
    if (n == 0) continue;
    by_base[join_words(words, n)].push_back(std::move(kf));
  }
  for (auto& [base, group] : by_base) {
    if (group.size() < 2) continue;
    std::sort(group.begin(), group.end(), [](const KeyFreq& a, const KeyFreq& b) {
      return a.freq != b.freq ? a.freq > b.freq : a.key < b.key;
    });
    const KeyFreq* value = &group[0];
    for (const KeyFreq& kf : group) {
      const std::vector<std::string_view> words = key_words(kf.key);
      if (join_words(words, words.size()) == base) {
        value = &kf;
        break;
      }
    }
    for (const KeyFreq& kf : group) {
      if (kf.key != value->key) aliases[f.slot].add(kf.key, value->key);
    }
  }
}

// Places: a bare name stands for its qualified form ("washington" ->
// "washington, d.c.") when that is the clear favourite among the forms
// qualifying it and at least as common as the bare name.
void add_qualifier_aliases(const sc::Field& f, std::vector<KeyFreq> keys,
                           std::map<Xapian::valueno, AliasTable>& aliases) {
  std::vector<KeyFreq> bare;
  std::unordered_map<std::string, std::vector<KeyFreq>> qualified;  // by the name before ','
  for (KeyFreq& kf : keys) {
    std::size_t comma = kf.key.find(',');
    if (comma == std::string::npos) {
      bare.push_back(std::move(kf));
    } else if (comma > 0) {
      qualified[kf.key.substr(0, comma)].push_back(std::move(kf));
    }
  }
  for (const KeyFreq& b : bare) {
    auto it = qualified.find(b.key);
    if (it == qualified.end()) continue;
    const KeyFreq* fav = favourite(it->second);
    if (fav != nullptr && fav->freq >= b.freq) aliases[f.slot].add(b.key, fav->key);
  }
}

// The initials of a name's words, short function words left out
// ("world health organization" -> "who", "organization of petroleum
// exporting countries" -> "opec").
std::string initials(std::string_view key) {
  static const std::string_view kSkip[] = {"of", "the", "and", "for", "de", "du", "des", "la", "le"};
  std::string out;
  for (std::string_view w : key_words(key)) {
    if (std::find(std::begin(kSkip), std::end(kSkip), w) != std::end(kSkip)) continue;
    out += w[0];
  }
  return out;
}

}  // namespace

void Aliases::build(const Xapian::Database& db) {
  if (built_) return;
  built_ = true;
  tables_.clear();
  auto keys_of = [&db](const std::string& pfx) {
    std::vector<KeyFreq> out;
    for (auto it = db.allterms_begin(pfx); it != db.allterms_end(pfx); ++it) {
      out.push_back({std::string(*it).substr(pfx.size()), it.get_termfreq()});
    }
    return out;
  };

  for (const sc::Field& f : sc::kFields) {
    if (f.has(sc::kSurnameAliases)) add_surname_aliases(f, keys_of(f.prefix), tables_);
    if (f.has(sc::kLegalFormAliases)) add_legal_form_aliases(f, keys_of(f.prefix), tables_);
    if (f.has(sc::kQualifierAliases)) add_qualifier_aliases(f, keys_of(f.prefix), tables_);
  }
}

const AliasTable* Aliases::of(const Xapian::Database& db, Xapian::valueno slot) {
  build(db);
  auto it = tables_.find(slot);
  return it == tables_.end() ? nullptr : &it->second;
}

std::map<Xapian::valueno, KeyAliases> Aliases::by_slot(const Xapian::Database& db) {
  build(db);
  std::map<Xapian::valueno, KeyAliases> out;
  for (const auto& [slot, table] : tables_) out[slot] = table.to_value;
  return out;
}

void Aliases::clear() {
  built_ = false;
  tables_.clear();
}

std::string display_name(const Xapian::Database& db, const std::string& term, Xapian::valueno slot,
                         const std::string& key) {
  if (slot == Xapian::BAD_VALUENO) return key;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return key;
  std::string packed = db.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(slot);
  std::string found = key;
  sc::for_each_packed(packed, [&](std::string_view v) {
    if (analysis::fold(v) == key) found = std::string(v);
  });
  return found;
}

void merge_alias_counts(const Xapian::Database& db, Aliases& aliases, const sc::Field& f,
                        std::map<std::string, std::uint64_t>& counts) {
  const AliasTable* table = aliases.of(db, f.slot);
  if (table == nullptr) return;
  std::map<std::string, std::uint64_t> merged;
  std::unordered_map<std::string, std::string> display_of_key;
  for (const auto& [display, n] : counts) display_of_key.emplace(analysis::fold(display), display);
  for (const auto& [display, n] : counts) {
    auto alias = table->to_value.find(analysis::fold(display));
    if (alias == table->to_value.end()) {
      merged[display] += n;
      continue;
    }
    // An article is counted once per value (aliases included), so the
    // counts add up exactly.
    auto d = display_of_key.find(alias->second);
    std::string shown = d != display_of_key.end()
                            ? d->second
                            : display_name(db, f.prefix + alias->second, f.slot, alias->second);
    merged[shown] += n;
  }
  counts = std::move(merged);
}

Resolved resolve_filter(const Xapian::Database& db, const CountryNames& countries, Aliases& aliases,
                        const sc::Field& f, std::string_view value_in) {
  std::string value(util::trim(value_in));
  if (f.id == sc::FieldId::kId) return {{sc::id_term(value)}, {value}};
  if (f.kind == sc::FieldKind::kBoolean) return resolve_exact(f, value);
  Resolved out;
  if (f.has(sc::kCode)) {
    std::vector<std::string> codes;
    if (countries.codes) codes = countries.codes(value);
    if (codes.empty() && value.size() == 2 && std::isalpha(static_cast<unsigned char>(value[0])) &&
        std::isalpha(static_cast<unsigned char>(value[1]))) {
      codes.push_back(util::ascii_lower(value));
      for (char& c : codes.back()) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    for (const std::string& c : codes) {
      out.terms.push_back(f.prefix + c);
      std::string label = countries.label ? countries.label(c) : "";
      out.labels.push_back(label.empty() ? c : label + " (" + c + ")");
    }
    return out;
  }
  std::vector<const sc::Field*> fields;
  if (f.has(sc::kActorField)) {
    for (const sc::Field& g : sc::kFields) {
      if (g.has(sc::kInActor)) fields.push_back(&g);
    }
  } else {
    fields = {&f};
  }
  const std::string key = analysis::fold(value);
  std::vector<std::string> words_owned;
  for (const auto& t : analysis::tokenize(value)) words_owned.push_back(t.term);
  std::vector<std::string_view> words(words_owned.begin(), words_owned.end());

  // (term, slot); slot is BAD_VALUENO for an alias, which is not listed.
  std::vector<std::pair<std::string, Xapian::valueno>> matched;
  auto add = [&](const std::string& term, Xapian::valueno slot) {
    for (const auto& m : matched) {
      if (m.first == term) return;
    }
    matched.emplace_back(term, slot);
  };
  // A value found: the value its key stands for and every alias of that.
  auto add_value = [&](const sc::Field& field, const std::string& k) {
    const AliasTable* table = aliases.of(db, field.slot);
    std::string v = k;
    if (table != nullptr) {
      if (auto a = table->to_value.find(k); a != table->to_value.end()) v = a->second;
    }
    add(field.prefix + v, field.slot);
    if (table == nullptr) return;
    if (auto m = table->of_value.find(v); m != table->of_value.end()) {
      for (const std::string& alias : m->second) add(field.prefix + alias, Xapian::BAD_VALUENO);
    }
  };
  auto scan = [&](const sc::Field& field, const std::function<bool(std::string_view)>& keep) {
    const std::string prefix = field.prefix;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      // *it returns a temporary: keep the term alive while viewing it.
      const std::string term = *it;
      std::string k = term.substr(prefix.size());
      if (keep(k)) add_value(field, k);
    }
  };
  // 1. A name as the index holds it (a facet value) selects exactly that
  //    value, with its aliases: a facet value filters to its count.
  for (const sc::Field* field : fields) {
    if (db.term_exists(field->prefix + key)) add_value(*field, key);
  }
  // 2. Else an organization's acronym ("who" -> World Health
  //    Organization, before "Doctor Who").
  const bool acronym =
      words.size() == 1 && key.size() >= 2 && key.size() <= 8 &&
      std::all_of(key.begin(), key.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (matched.empty() && acronym) {
    for (const sc::Field* field : fields) {
      if (!field->has(sc::kAcronyms)) continue;
      scan(*field, [&](std::string_view k) { return key_words(k).size() >= 2 && initials(k) == key; });
    }
  }
  // 3. Else every name holding all the words ("texaco" -> "Texaco Canada").
  if (matched.empty() && !words.empty()) {
    for (const sc::Field* field : fields) {
      scan(*field, [&](std::string_view k) { return contains_all_words(k, words); });
    }
  }
  std::size_t shown = 0;
  for (const auto& [term, slot] : matched) {
    out.terms.push_back(term);
    if (slot == Xapian::BAD_VALUENO) continue;  // an alias, not shown
    if (++shown <= 25) {
      std::string k = term.substr(term.find(':') + 1);
      out.labels.push_back(display_name(db, term, slot, k));
    }
  }
  if (shown > 25) out.labels.push_back("and " + std::to_string(shown - 25) + " more");
  return out;
}

}  // namespace dateline::search
