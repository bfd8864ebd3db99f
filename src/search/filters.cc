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

// Legal forms written after a company's name ("Texaco Inc", "Fiat SpA",
// "Royal Dutch/Shell Group"), folded and without their stops.
bool is_legal_form(std::string_view w) {
  static const std::string_view kForms[] = {
      "inc", "incorporated", "corp",    "corporation", "co",       "cos",  "company", "companies",
      "ltd", "ltda",         "limited", "plc",         "llc",      "llp",  "lp",      "ag",
      "sa",  "nv",           "bv",      "spa",         "srl",      "sarl", "gmbh",    "ab",
      "as",  "asa",          "oy",      "oyj",         "kk",       "bhd",  "sdn",     "pty",
      "pte", "se",           "group",   "holding",     "holdings", "cie",  "and"};
  return std::find(std::begin(kForms), std::end(kForms), w) != std::end(kForms);
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

// Sorts a group's keys most frequent first, ties to the shorter key, so
// group[0] is its commonest form.
void by_frequency(std::vector<KeyFreq>& group) {
  std::sort(group.begin(), group.end(), [](const KeyFreq& a, const KeyFreq& b) {
    if (a.freq != b.freq) return a.freq > b.freq;
    return a.key.size() != b.key.size() ? a.key.size() < b.key.size() : a.key < b.key;
  });
}

// True if the first word of name is in capitals ("EC", "AAR Corp"; not
// "Fed").
bool written_in_capitals(std::string_view name) {
  name = name.substr(0, name.find(' '));
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '&'; });
}

// Articles holding both terms, counting at most up to limit.
Xapian::doccount cooccurrences(const Xapian::Database& db, const std::string& a, const std::string& b,
                               Xapian::doccount limit) {
  Xapian::doccount n = 0;
  Xapian::PostingIterator pb = db.postlist_begin(b);
  for (auto pa = db.postlist_begin(a); pa != db.postlist_end(a) && pb != db.postlist_end(b); ++pa) {
    pb.skip_to(*pa);
    if (pb != db.postlist_end(b) && *pb == *pa && ++n >= limit) break;
  }
  return n;
}

// Persons: names that differ only by middle initials are one value, in
// their commonest form ("donald j. trump", "donald trump"); then a name
// that ends longer ones ("reagan", "hernandez grisanti") stands for the
// archive's favourite of those (a full name only for a commoner one),
// longer names first so that "lawson" goes where "nigel lawson" went.
void add_surname_aliases(const sc::Field& f, std::vector<KeyFreq> keys,
                         std::map<Xapian::valueno, AliasTable>& aliases) {
  struct Group {
    std::vector<KeyFreq> keys;
    std::vector<std::string_view> words;  // of the base, in bases
    Xapian::doccount freq = 0;
    std::size_t target;
  };
  std::vector<Group> groups;
  std::vector<std::string> bases;
  std::unordered_map<std::string, std::size_t> group_of;  // base -> group
  for (KeyFreq& kf : keys) {
    std::string base;
    for (std::string_view w : key_words(kf.key)) {
      if (w.size() == 1) continue;  // an initial
      if (!base.empty()) base += ' ';
      base += w;
    }
    if (base.empty()) continue;
    auto [it, added] = group_of.emplace(base, groups.size());
    if (added) {
      groups.push_back({{}, {}, 0, groups.size()});
      bases.push_back(std::move(base));
    }
    groups[it->second].freq += kf.freq;
    groups[it->second].keys.push_back(std::move(kf));
  }
  std::unordered_map<std::string, std::vector<std::size_t>> by_suffix;  // proper word suffix -> groups
  for (std::size_t i = 0; i < groups.size(); ++i) {
    by_frequency(groups[i].keys);
    groups[i].words = key_words(bases[i]);
    const std::vector<std::string_view>& w = groups[i].words;
    for (std::size_t k = 1; k < w.size(); ++k) {
      const std::string& base = bases[i];
      by_suffix[base.substr(static_cast<std::size_t>(w[k].data() - base.data()))].push_back(i);
    }
  }
  std::vector<std::size_t> order(groups.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return groups[a].words.size() > groups[b].words.size();
  });
  for (std::size_t i : order) {
    auto it = by_suffix.find(bases[i]);
    if (it == by_suffix.end()) continue;
    // Longer names already joined count for the one they joined.
    std::unordered_map<std::size_t, Xapian::doccount> votes;
    for (std::size_t g : it->second) votes[groups[g].target] += groups[g].freq;
    std::vector<KeyFreq> cands;
    for (const auto& [g, n] : votes) cands.push_back({bases[g], n});
    // A full name goes only to a commoner longer one ("hernandez grisanti"
    // -> "arturo hernandez grisanti", not "kiichi miyazawa" -> a misspelt
    // title before it).
    const KeyFreq* fav = favourite(cands);
    if (fav != nullptr && (groups[i].words.size() == 1 || fav->freq > groups[i].freq)) {
      groups[i].target = group_of.at(fav->key);
    }
  }
  for (Group& g : groups) {
    const std::string& value = groups[g.target].keys[0].key;
    for (const KeyFreq& kf : g.keys) {
      if (kf.key != value) aliases[f.slot].add(kf.key, value);
    }
  }
}

}  // namespace

std::string organization_base(std::string_view key) {
  // "kodak's", "texaco inc's": a possessive is the name.
  for (std::string_view poss : {std::string_view("'s"), std::string_view("\xE2\x80\x99s")}) {
    if (key.size() > poss.size() + 1 && key.ends_with(poss)) key.remove_suffix(poss.size());
  }
  std::string plain;
  plain.reserve(key.size());
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (c == '.' || c == '\'') continue;  // "e.f." is "ef", "moody's" "moodys"
    plain.push_back(u < 0x80 && !std::isalnum(u) ? ' ' : c);
  }
  std::vector<std::string_view> words = key_words(plain);
  std::size_t b = 0;
  std::size_t e = words.size();
  if (e - b > 1 && words[b] == "the") ++b;
  while (e - b > 1 && is_legal_form(words[e - 1])) --e;
  std::string out;
  for (std::size_t i = b; i < e; ++i) {
    if (i > b) out += ' ';
    out += words[i];
  }
  return out;
}

namespace {

// Organizations are one value when their keys have one base (see
// organization_base(): "Texaco Inc", "Texaco", "The Texaco Co."), shown
// in their commonest form. A short name then joins the long form the
// archive favours: an acronym its initials ("ec" -> "european
// community"), a clipping ("fed" -> "federal reserve") the name it begins
// that it shares articles with; and a name starting with an acronym its
// spelled-out form, when the archive has it ("ec commission" -> "european
// community commission").
void add_organization_aliases(const Xapian::Database& db, const sc::Field& f, std::vector<KeyFreq> keys,
                              std::map<Xapian::valueno, AliasTable>& aliases) {
  struct Group {
    std::vector<KeyFreq> keys;
    Xapian::doccount freq = 0;  // articles, counted once per key
    std::size_t target;         // the group it joins (itself if none)
  };
  std::vector<Group> groups;
  std::vector<std::string> bases;
  std::unordered_map<std::string, std::size_t> group_of;  // base -> group
  for (KeyFreq& kf : keys) {
    std::string base = organization_base(kf.key);
    if (base.empty()) continue;
    auto [it, added] = group_of.emplace(base, groups.size());
    if (added) {
      groups.push_back({{}, 0, groups.size()});
      bases.push_back(base);
    }
    groups[it->second].freq += kf.freq;
    groups[it->second].keys.push_back(std::move(kf));
  }
  for (Group& g : groups) by_frequency(g.keys);

  // Multi-word bases by their initials and by their first word.
  std::unordered_map<std::string, std::vector<std::size_t>> by_initials;
  std::vector<std::size_t> multi;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (key_words(bases[i]).size() < 2) continue;
    multi.push_back(i);
    by_initials[initials(bases[i])].push_back(i);
  }
  auto pick = [&](std::vector<KeyFreq>& cands) -> std::size_t {
    const KeyFreq* fav = favourite(cands);
    return fav == nullptr ? groups.size() : group_of.at(fav->key);
  };
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string& w = bases[i];
    if (w.size() < 2 || w.size() > 5 || w.find(' ') != std::string::npos ||
        !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      continue;
    }
    std::vector<KeyFreq> cands;  // key: the candidate's base
    auto it = by_initials.find(w);
    // An acronym is written in capitals ("EC", not "Fed") and mostly
    // alone ("AAR Corp" is a company of its own).
    if (it != by_initials.end() && groups[i].keys[0].key == w &&
        written_in_capitals(
            display_name(db, f.prefix + groups[i].keys[0].key, f.slot, groups[i].keys[0].key))) {
      for (std::size_t g : it->second) cands.push_back({bases[g], groups[g].freq});
    }
    std::size_t target = pick(cands);
    if (target == groups.size() && w.size() >= 3) {
      // A clipping: scored by the articles naming both, a quarter of the
      // short name's at least.
      cands.clear();
      const std::string short_term = f.prefix + groups[i].keys[0].key;
      const Xapian::doccount need = std::max<Xapian::doccount>(1, (groups[i].freq + 3) / 4);
      for (std::size_t g : multi) {
        const std::string& base = bases[g];
        const std::size_t sp = base.find(' ');
        if (sp <= w.size() || base.compare(0, w.size(), w) != 0) continue;
        const Xapian::doccount both =
            cooccurrences(db, short_term, f.prefix + groups[g].keys[0].key, groups[i].freq);
        if (both >= need) cands.push_back({bases[g], both});
      }
      // The name it shares most articles with ("Federal Reserve" over
      // "Federal Reserve Board", which often follows it).
      by_frequency(cands);
      if (!cands.empty() && (cands.size() == 1 || cands[0].freq > cands[1].freq)) {
        target = group_of.at(cands[0].key);
      }
    }
    if (target != groups.size()) groups[i].target = target;
  }
  for (std::size_t g : multi) {
    if (groups[g].target != g) continue;
    const std::string& base = bases[g];
    const std::size_t sp = base.find(' ');
    auto first = group_of.find(base.substr(0, sp));
    if (first == group_of.end() || groups[first->second].target == first->second) continue;
    auto expanded = group_of.find(bases[groups[first->second].target] + base.substr(sp));
    if (expanded != group_of.end() && groups[expanded->second].target == expanded->second) {
      groups[g].target = expanded->second;
    }
  }
  for (Group& g : groups) {
    const std::string& value = groups[g.target].keys[0].key;
    for (const KeyFreq& kf : g.keys) {
      if (kf.key != value) aliases[f.slot].add(kf.key, value);
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

// The organization key (after aliases) that more than half of the
// articles holding the text word name, looking at the first 1,000 of
// them; "" if none.
std::string ticker_owner(const Xapian::Database& db, const AliasTable* table, const sc::Field& f,
                         const std::string& word) {
  constexpr Xapian::doccount kMaxArticles = 1000;
  std::unordered_map<std::string, Xapian::doccount> named;
  std::vector<std::string> in_doc;
  Xapian::doccount articles = 0;
  for (auto p = db.postlist_begin(word); p != db.postlist_end(word) && articles < kMaxArticles; ++p) {
    ++articles;
    in_doc.clear();
    sc::for_each_packed(db.get_document(*p, Xapian::DOC_ASSUME_VALID).get_value(f.slot),
                        [&](std::string_view v) {
                          std::string k = analysis::fold(v);
                          if (table != nullptr) {
                            if (auto a = table->to_value.find(k); a != table->to_value.end()) k = a->second;
                          }
                          in_doc.push_back(std::move(k));
                        });
    std::sort(in_doc.begin(), in_doc.end());
    in_doc.erase(std::unique(in_doc.begin(), in_doc.end()), in_doc.end());
    for (std::string& k : in_doc) ++named[std::move(k)];
  }
  std::string best;
  Xapian::doccount most = 0;
  for (const auto& [k, n] : named) {
    if (n > most || (n == most && k < best)) {
      best = k;
      most = n;
    }
  }
  return most * 2 > articles ? best : std::string();
}

// Persons that are firms across the archive ("smith barney", "e.f.
// hutton", "alex"): names whose words run inside the name of a company
// (ending in a legal form) and inside organization names in at least half
// as many articles as they are persons (one word: inside companies only,
// and twice as many) stand for no person. Their keys, and the keys that
// stood for them, map to "".
void add_firm_persons(const std::vector<KeyFreq>& persons, const std::vector<KeyFreq>& orgs,
                      AliasTable& table) {
  struct Org {
    std::vector<std::string_view> words;
    Xapian::doccount freq;
    bool company;
  };
  std::vector<Org> names;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_word;
  for (const KeyFreq& o : orgs) {
    std::vector<std::string_view> words = key_words(o.key);
    if (words.empty()) continue;
    const bool company = is_legal_form(words.back());
    for (std::string_view w : words) {
      std::vector<std::size_t>& list = by_word[w];
      if (list.empty() || list.back() != names.size()) list.push_back(names.size());
    }
    names.push_back({std::move(words), o.freq, company});
  }
  std::unordered_map<std::string, bool> firms;
  for (const KeyFreq& p : persons) {
    const std::vector<std::string_view> words = key_words(p.key);
    if (words.empty()) continue;
    const std::vector<std::size_t>* fewest = nullptr;
    for (std::string_view w : words) {
      auto it = by_word.find(w);
      if (it == by_word.end()) {
        fewest = nullptr;
        break;
      }
      if (fewest == nullptr || it->second.size() < fewest->size()) fewest = &it->second;
    }
    if (fewest == nullptr) continue;
    const bool one_word = words.size() == 1;
    Xapian::doccount evidence = 0;
    bool in_company = false;  // the tagger's doubt alone ("Hu Yaobang" as an organization) is no firm
    for (std::size_t i : *fewest) {
      const Org& o = names[i];
      if (one_word && !o.company) continue;
      if (std::search(o.words.begin(), o.words.end(), words.begin(), words.end()) != o.words.end()) {
        evidence += o.freq;
        in_company = in_company || (o.company && o.words.size() > words.size());
      }
    }
    if (in_company && (one_word ? evidence >= 2 * p.freq : 2 * evidence >= p.freq))
      firms.emplace(p.key, true);
  }
  if (firms.empty()) return;
  for (auto& [alias, value] : table.to_value) {
    if (firms.count(value)) value.clear();
  }
  for (const auto& [key, yes] : firms) table.to_value[key].clear();
}

}  // namespace

void AliasTable::settle() {
  KeyAliases settled;
  std::vector<std::string_view> path;
  for (const auto& [alias, first] : to_value) {
    path.assign(1, alias);
    std::string_view v = first;
    while (!v.empty()) {
      auto loop = std::find(path.begin(), path.end(), v);
      if (loop != path.end()) {
        v = *std::min_element(loop, path.end());
        break;
      }
      auto next = to_value.find(std::string(v));
      if (next == to_value.end()) break;
      path.push_back(v);
      v = next->second;
    }
    if (v != alias) settled.emplace(alias, v);
  }
  to_value = std::move(settled);
  // A filter finds what the facet counts: no value lists a key that
  // stands for another value or for none ("ivan f. boesky" of "Ivan F.
  // Boesky and Co").
  of_value.clear();
  for (const auto& [alias, value] : to_value) {
    if (!value.empty()) of_value[value].push_back(alias);
  }
  for (auto& [value, list] : of_value) std::sort(list.begin(), list.end());
}

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

  const sc::Field* organizations = nullptr;
  for (const sc::Field& f : sc::kFields) {
    if (f.has(sc::kSurnameAliases)) add_surname_aliases(f, keys_of(f.prefix), tables_);
    if (f.has(sc::kLegalFormAliases)) {
      add_organization_aliases(db, f, keys_of(f.prefix), tables_);
      organizations = &f;
    }
    if (f.has(sc::kQualifierAliases)) add_qualifier_aliases(f, keys_of(f.prefix), tables_);
  }
  if (organizations != nullptr) {
    const std::vector<KeyFreq> orgs = keys_of(organizations->prefix);
    for (const sc::Field& f : sc::kFields) {
      if (f.has(sc::kSurnameAliases)) add_firm_persons(keys_of(f.prefix), orgs, tables_[f.slot]);
    }
  }
  // An acronym may have joined a name that then joined its spelled-out
  // form ("eec" -> "ec executive commission"), a firm a person who then
  // left the values: each key is looked up once, so it must name the end.
  for (auto& [slot, table] : tables_) table.settle();
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
    if (alias->second.empty()) continue;  // no value of this field (a firm as a person)
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
  if (f.id == sc::FieldId::kStory) return {{sc::story_term(value)}, {value}};
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
    if (v.empty()) {  // no value of this field, but its articles are still found
      add(field.prefix + k, Xapian::BAD_VALUENO);
      return;
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
  // 4. Else a Reuters-style ticker ("Pennzoil Co <PZL>"), which is no
  //    value of its own: the organization most articles holding the word
  //    name.
  if (matched.empty() && acronym) {
    for (const sc::Field* field : fields) {
      if (!field->has(sc::kLegalFormAliases)) continue;
      std::string owner = ticker_owner(db, aliases.of(db, field->slot), *field, words_owned.front());
      if (!owner.empty()) add_value(*field, owner);
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
