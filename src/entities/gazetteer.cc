#include "entities/gazetteer.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "analysis/analyzer.h"
#include "article/date.h"
#include "util/error.h"
#include "util/strings.h"

namespace dateline::entities {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot open gazetteer file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

// Calls fn(line_number, fields) for each non-comment, non-empty line.
template <typename Fn>
void for_each_row(const std::string& path, const std::string& data, std::size_t min_fields, Fn&& fn) {
  std::vector<std::string_view> fields;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    std::string_view line(data.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    fields.clear();
    std::size_t start = 0;
    for (;;) {
      std::size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        fields.push_back(line.substr(start));
        break;
      }
      fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    if (fields.size() < min_fields) {
      throw Error(path + ":" + std::to_string(line_no) + ": expected " + std::to_string(min_fields) +
                  " tab-separated fields");
    }
    fn(line_no, fields);
  }
}

// Calls fn for each non-empty item of a '|' list.
template <typename Fn>
void for_each_item(std::string_view list, Fn&& fn) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t bar = list.find('|', start);
    if (bar == std::string_view::npos) bar = list.size();
    if (bar > start) fn(list.substr(start, bar - start));
    start = bar + 1;
  }
}

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

bool is_ideographic_name(std::string_view s) {
  // CJK names have no ASCII and start with a 3-byte UTF-8 sequence in the
  // CJK or kana blocks (U+3040..U+9FFF).
  if (s.size() < 3) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x80) return false;
  }
  auto b0 = static_cast<unsigned char>(s[0]);
  return b0 >= 0xE3 && b0 <= 0xE9;
}

// "1991-12-26" -> seconds since 1970-01-01 UTC; throws naming path:line.
std::int64_t parse_day(std::string_view text, const std::string& path, std::size_t line) {
  auto number = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, v);
    if (ec != std::errc() || ptr != text.data() + pos + len) v = -1;
    return v;
  };
  int y = text.size() == 10 && text[4] == '-' && text[7] == '-' ? number(0, 4) : -1;
  int m = y < 0 ? -1 : number(5, 2);
  int d = m < 0 ? -1 : number(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
    throw Error(path + ":" + std::to_string(line) + ": bad date \"" + std::string(text) +
                "\" (want YYYY-MM-DD)");
  }
  return article::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
}

// A country name key with apostrophes and hyphens as spaces ("cote d'ivoire"
// -> "cote d ivoire", "guinea-bissau" -> "guinea bissau"), as people type
// them; empty when the key has neither.
std::string loose_key(std::string_view key) {
  if (key.find_first_of("'-") == std::string_view::npos) return {};
  std::string out;
  for (char c : key) {
    if (c == '\'' || c == '-') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string Gazetteer::key(std::string_view name) {
  std::string folded = analysis::fold(name);
  std::string out;
  out.reserve(folded.size());
  bool space = false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (c == '\xE2' && folded.compare(i, 3, "\xE2\x80\x99") == 0) {  // ’ -> '
      out.push_back('\'');
      i += 2;
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::uint32_t Gazetteer::hash(std::string_view key) {
  std::uint64_t h = util::fnv1a64(key);
  return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::int64_t Gazetteer::find_index(std::string_view key, std::uint32_t h) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) return -1;
    if (slot.hash != h) continue;
    const auto& [offset, size] = key_spans_[slot.entry - 1];
    if (std::string_view(key_arena_).substr(offset, size) == key) return slot.entry - 1;
  }
}

void Gazetteer::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

NameInfo& Gazetteer::entry(std::string_view key) {
  const std::uint32_t h = hash(key);
  if (std::int64_t i = find_index(key, h); i >= 0) return infos_[static_cast<std::size_t>(i)];
  if ((infos_.size() + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].entry != 0) i = (i + 1) & mask;
  key_spans_.emplace_back(static_cast<std::uint32_t>(key_arena_.size()),
                          static_cast<std::uint32_t>(key.size()));
  key_arena_.append(key);
  infos_.emplace_back();
  slots_[i] = {h, static_cast<std::uint32_t>(infos_.size())};
  return infos_.back();
}

void Gazetteer::mark_prefixes(std::string_view key) {
  for (std::size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    bool boundary =
        (c == ' ' && key[i - 1] != ' ') || is_ascii_punct(c) || (is_ascii_punct(key[i - 1]) && c != ' ');
    if (boundary) entry(key.substr(0, i)).prefix = true;
  }
}

void Gazetteer::add_place(std::string_view name, PlaceRef ref) {
  std::string k = key(name);
  if (k.empty()) return;
  NameInfo& info = entry(k);
  for (const PlaceRef& p : info.places) {
    if (p.kind == ref.kind && p.index == ref.index) return;
  }
  info.places.push_back(ref);
  if (k.find(' ') != std::string::npos || k.find_first_of(".,'-()") != std::string::npos) {
    mark_prefixes(k);
  }
}

std::unique_ptr<Gazetteer> Gazetteer::load(const std::string& dir) {
  std::unique_ptr<Gazetteer> g(new Gazetteer());
  const std::string countries_path = dir + "/countries.tsv";
  const std::string names_path = dir + "/country-names.tsv";
  const std::string regions_path = dir + "/regions.tsv";
  const std::string cities_path = dir + "/cities.tsv";
  const std::string nonplaces_path = dir + "/nonplaces.txt";
  const std::string countries_data = read_file(countries_path);
  const std::string names_data = read_file(names_path);
  const std::string regions_data = read_file(regions_path);
  const std::string cities_data = read_file(cities_path);
  const std::string nonplaces_data = read_file(nonplaces_path);
  // About one name per 18 bytes of cities.tsv, plus prefixes.
  while (g->slots_.size() < cities_data.size() / 6) g->grow();
  g->infos_.reserve(cities_data.size() / 12);
  g->key_spans_.reserve(cities_data.size() / 12);
  g->key_arena_.reserve(cities_data.size() / 2);

  // Former territories given as a region: country + '\t' + GeoNames admin1
  // code -> ISO 3166-2 code, for the cities of that region.
  std::unordered_map<std::string, std::string> admin1_regions;
  for_each_row(countries_path, countries_data, 5,
               [&](std::size_t line, const std::vector<std::string_view>& f) {
                 auto index = static_cast<std::uint32_t>(g->countries_.size());
                 const bool former = f.size() >= 8;
                 g->countries_.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2]), former});
                 g->by_code_.emplace(std::string(f[0]), index);
                 PlaceRef ref{PlaceKind::kCountry, index};
                 auto add_name = [&](std::string_view name) {
                   g->add_place(name, ref);
                   if (std::string loose = loose_key(key(name)); !loose.empty()) {
                     g->add_place(loose, ref);
                   }
                 };
                 add_name(f[1]);
                 for_each_item(f[3], add_name);
                 if (former) {
                   const std::int64_t from = parse_day(f[5], countries_path, line);
                   const std::int64_t until = parse_day(f[6], countries_path, line);
                   // "RU", "SI<1991-06-25", "DE-SN:13".
                   for_each_item(f[7], [&](std::string_view item) {
                     FormerTerritory t{index, {}, {}, from, until};
                     if (std::size_t lt = item.find('<'); lt != std::string_view::npos) {
                       t.until = parse_day(item.substr(lt + 1), countries_path, line);
                       item = item.substr(0, lt);
                     }
                     std::size_t colon = item.find(':');
                     if (item.size() < 2 || (item.size() > 2 && colon == std::string_view::npos)) {
                       throw Error(countries_path + ":" + std::to_string(line) + ": bad territory \"" +
                                   std::string(item) + "\"");
                     }
                     t.country = std::string(item.substr(0, 2));
                     if (colon != std::string_view::npos) {
                       t.region = std::string(item.substr(0, colon));
                       std::string admin1(item.substr(colon + 1));
                       admin1_regions.emplace(t.country + '\t' + admin1, t.region);
                     }
                     g->former_territories_.push_back(std::move(t));
                   });
                 }
                 for_each_item(f[4], [&](std::string_view d) {
                   std::string k = key(d);
                   NameInfo& info = g->entry(k);
                   info.demonym = static_cast<std::int32_t>(index);
                   if (k.find(' ') != std::string::npos) g->mark_prefixes(k);
                 });
               });

  for_each_row(names_path, names_data, 3, [&](std::size_t line, const std::vector<std::string_view>& f) {
    std::int32_t index = g->country_index(f[0]);
    if (index < 0) {
      throw Error(names_path + ":" + std::to_string(line) + ": unknown country " + std::string(f[0]));
    }
    std::string lang(f[1]);
    for_each_item(f[2], [&](std::string_view n) {
      std::string k = key(n);
      if (k.empty()) return;
      if (is_ideographic_name(k)) {
        g->max_ideo_bytes_ = std::max(g->max_ideo_bytes_, k.size());
        g->ideographic_.emplace(lang + '\t' + k, static_cast<std::uint32_t>(index));
        return;
      }
      NameInfo& info = g->entry(k);
      std::pair<std::string, std::uint32_t> item(lang, static_cast<std::uint32_t>(index));
      if (std::find(info.foreign.begin(), info.foreign.end(), item) == info.foreign.end()) {
        info.foreign.push_back(std::move(item));
      }
      if (k.find(' ') != std::string::npos || k.find_first_of(".,'-") != std::string::npos) {
        g->mark_prefixes(k);
      }
    });
  });

  for_each_row(regions_path, regions_data, 3, [&](std::size_t, const std::vector<std::string_view>& f) {
    auto index = static_cast<std::uint32_t>(g->regions_.size());
    g->regions_.push_back(
        {std::string(f[0]), std::string(f[1]), std::string(f[2]), f.size() > 4 && f[4] == "C"});
    PlaceRef ref{PlaceKind::kRegion, index};
    g->add_place(f[2], ref);
    if (f.size() > 3) {
      for_each_item(f[3], [&](std::string_view a) { g->add_place(a, ref); });
    }
  });

  g->cities_.reserve(cities_data.size() / 24);
  for_each_row(cities_path, cities_data, 5, [&](std::size_t line, const std::vector<std::string_view>& f) {
    std::uint32_t population = 0;
    auto [ptr, ec] = std::from_chars(f[3].data(), f[3].data() + f[3].size(), population);
    if (ec != std::errc()) {
      throw Error(cities_path + ":" + std::to_string(line) + ": bad population");
    }
    std::uint32_t names = 0;
    if (f.size() > 6) {
      auto [nptr, nec] = std::from_chars(f[6].data(), f[6].data() + f[6].size(), names);
      if (nec != std::errc() || nptr != f[6].data() + f[6].size()) {
        throw Error(cities_path + ":" + std::to_string(line) + ": bad name count");
      }
    }
    auto index = static_cast<std::uint32_t>(g->cities_.size());
    g->cities_.push_back({std::string(f[0]), std::string(f[1]), population, f[4] == "C", names});
    if (!admin1_regions.empty()) {
      auto it = admin1_regions.find(std::string(f[1]) + '\t' + std::string(f[2]));
      if (it != admin1_regions.end()) g->city_region_.emplace(index, it->second);
    }
    PlaceRef ref{PlaceKind::kCity, index};
    g->add_place(g->cities_.back().name, ref);
    if (f.size() > 5) {
      for_each_item(f[5], [&](std::string_view a) { g->add_place(a, ref); });
    }
  });

  for_each_row(nonplaces_path, nonplaces_data, 1, [&](std::size_t, const std::vector<std::string_view>& f) {
    std::string k = key(f[0]);
    if (k.empty()) return;
    g->entry(k).nonplace = true;
    if (k.find(' ') != std::string::npos || k.find('-') != std::string::npos) {
      g->mark_prefixes(k);
    }
  });

  // Countries, then regions, then cities, larger first.
  const auto& cities = g->cities_;
  for (NameInfo& info : g->infos_) {
    if (info.places.size() < 2) continue;
    std::stable_sort(info.places.begin(), info.places.end(), [&](const PlaceRef& a, const PlaceRef& b) {
      if (a.kind != b.kind) return a.kind < b.kind;
      if (a.kind != PlaceKind::kCity) return false;
      return cities[a.index].population > cities[b.index].population;
    });
  }
  // A name whose first place is a constituent country names its state.
  for (NameInfo& info : g->infos_) {
    if (info.places.empty() || info.places.front().kind != PlaceKind::kRegion) continue;
    const Region& r = g->regions_[info.places.front().index];
    if (r.constituent) info.constituent = g->country_index(r.country);
  }
  if (g->countries_.empty()) throw Error(countries_path + ": no countries");
  return g;
}

const NameInfo* Gazetteer::find(std::string_view key) const {
  std::int64_t i = find_index(key, hash(key));
  return i < 0 ? nullptr : &infos_[static_cast<std::size_t>(i)];
}

std::int32_t Gazetteer::country_index(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? -1 : static_cast<std::int32_t>(it->second);
}

std::int32_t Gazetteer::former_country(const PlaceRef& place, std::int64_t when) const {
  const std::string* country = nullptr;
  std::string_view region;
  if (place.kind == PlaceKind::kRegion) {
    country = &regions_[place.index].country;
    region = regions_[place.index].code;
  } else if (place.kind == PlaceKind::kCity) {
    country = &cities_[place.index].country;
    auto it = city_region_.find(place.index);
    if (it != city_region_.end()) region = it->second;
  } else {
    return -1;
  }
  for (const FormerTerritory& t : former_territories_) {
    if (t.country != *country || when < t.from || when >= t.until) continue;
    if (!t.region.empty() && t.region != region) continue;
    return static_cast<std::int32_t>(t.state);
  }
  return -1;
}

const Country* Gazetteer::country(std::string_view code) const {
  std::int32_t i = country_index(code);
  return i < 0 ? nullptr : &countries_[static_cast<std::size_t>(i)];
}

std::int32_t Gazetteer::ideographic_country(std::string_view text, std::string_view lang) const {
  std::string k;
  k.reserve(lang.size() + 1 + text.size());
  k.append(lang);
  k.push_back('\t');
  k.append(text);
  auto it = ideographic_.find(k);
  return it == ideographic_.end() ? -1 : static_cast<std::int32_t>(it->second);
}

std::string primary_language(std::string_view bcp47) {
  return util::ascii_lower(bcp47.substr(0, bcp47.find_first_of("-_")));
}

}  // namespace dateline::entities
