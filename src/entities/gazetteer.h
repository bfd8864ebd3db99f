#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dateline::entities {

/// The kind of a gazetteer place.
enum class PlaceKind : std::uint8_t { kCountry, kRegion, kCity };

/// A country value: a current country, or a state that no longer exists
/// (dissolved or merged: the Soviet Union, Yugoslavia, East Germany...).
/// A renamed state (Zaire, Burma) is today's country under an old name.
struct Country {
  std::string code;     ///< ISO 3166-1 alpha-2; ISO 3166-3 alpha-4 ("SUHH")
                        ///< for a state that no longer exists
  std::string name;     ///< English display name ("United States", "Soviet Union")
  std::string capital;  ///< English name of the capital; may be empty
  bool former = false;  ///< a state that no longer exists
};

/// A first-level subdivision (US state, German Land, Chinese province...).
struct Region {
  std::string code;     ///< ISO 3166-2 ("US-GA")
  std::string country;  ///< ISO 3166-1 alpha-2
  std::string name;     ///< English display name ("Georgia", "Bavaria")
  /// A constituent country of its state ("Scotland" of GB): names the state
  /// as a country name does, and is a place of its own.
  bool constituent = false;
};

/// Part of the territory of a state that no longer exists, in today's codes:
/// Russia was part of the Soviet Union from 1922-12-30 to 1991-12-26.
struct FormerTerritory {
  std::uint32_t state;  ///< index of the former state in Gazetteer::countries()
  std::string country;  ///< today's ISO 3166-1 alpha-2 code ("RU")
  std::string region;   ///< ISO 3166-2 code when only that region was part
                        ///< ("DE-SN"), else empty
  std::int64_t from;    ///< seconds since 1970-01-01 UTC, inclusive
  std::int64_t until;   ///< seconds since 1970-01-01 UTC, exclusive
};

struct City {
  std::string name;  ///< GeoNames name ("São Paulo")
  std::string country;
  std::uint32_t population;
  bool capital;  ///< national capital
  /// How many names GeoNames has for the city, in any script: how widely it
  /// is known. Venice, Italy has 64, Venice, Florida 11.
  std::uint32_t names = 0;
};

/// One place a name may refer to: an index into countries(), regions() or
/// cities() depending on kind.
struct PlaceRef {
  PlaceKind kind;
  std::uint32_t index;
};

/// Everything the gazetteer knows about one name key.
struct NameInfo {
  /// English names: countries first, then regions, then cities by
  /// decreasing population.
  std::vector<PlaceRef> places;
  /// Countries with this name in another language: (language, country).
  std::vector<std::pair<std::string, std::uint32_t>> foreign;
  /// Country whose English demonym this is ("iranian", "iranians"), or -1.
  std::int32_t demonym = -1;
  /// Country this names as a constituent country of it ("scotland",
  /// "wales" -> GB: its first place is a constituent region), or -1.
  std::int32_t constituent = -1;
  /// A continent, sea or macro-region ("middle east"): never resolved.
  bool nonplace = false;
  /// Some longer name starts with this key followed by a token boundary.
  bool prefix = false;
};

/// Countries, first-level regions and cities loaded from data/gazetteer (see
/// its README.md). Immutable after load(); all methods are thread safe.
class Gazetteer {
 public:
  /// Loads the TSV files of dir. Throws dateline::Error naming the file if
  /// one is missing or malformed.
  static std::unique_ptr<Gazetteer> load(const std::string& dir);

  /// The lookup key of a name or of a piece of text: analysis::fold(), white
  /// space runs collapsed to one space, curly apostrophes made straight.
  /// "São  Paulo" -> "sao paulo".
  [[nodiscard]] static std::string key(std::string_view name);

  /// What the gazetteer knows about key (see key()), or nullptr.
  [[nodiscard]] const NameInfo* find(std::string_view key) const;

  /// The country with ISO code (upper case; two letters, or four for a
  /// state that no longer exists), or nullptr.
  [[nodiscard]] const Country* country(std::string_view code) const;
  /// Index of the country with ISO code in countries(), or -1.
  [[nodiscard]] std::int32_t country_index(std::string_view code) const;

  /// Index in countries() of the state that no longer exists whose
  /// territory held the region or city place at time when (seconds since
  /// 1970-01-01 UTC), or -1: Moscow in 1987 -> the Soviet Union, Leipzig in
  /// 1989 -> East Germany, Moscow in 2020 or Berlin at any time -> -1. A
  /// country place is always itself: -1.
  [[nodiscard]] std::int32_t former_country(const PlaceRef& place, std::int64_t when) const;
  /// The territories of every state that no longer exists.
  [[nodiscard]] const std::vector<FormerTerritory>& former_territories() const { return former_territories_; }

  /// Index of the country named exactly by text, a run of ideographic text
  /// in language lang (Chinese/Japanese names such as "德国"), or -1.
  [[nodiscard]] std::int32_t ideographic_country(std::string_view text, std::string_view lang) const;
  /// Longest ideographic country name in bytes (for substring scans).
  [[nodiscard]] std::size_t max_ideographic_bytes() const { return max_ideo_bytes_; }

  [[nodiscard]] const std::vector<Country>& countries() const { return countries_; }
  [[nodiscard]] const std::vector<Region>& regions() const { return regions_; }
  [[nodiscard]] const std::vector<City>& cities() const { return cities_; }

 private:
  Gazetteer() = default;

  // An open-addressing table from name keys to infos_: load and lookups
  // touch a few flat arrays instead of a node per name.
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t entry = 0;  // index into infos_ + 1; 0 when empty
  };
  [[nodiscard]] static std::uint32_t hash(std::string_view key);
  [[nodiscard]] std::int64_t find_index(std::string_view key, std::uint32_t h) const;
  NameInfo& entry(std::string_view key);
  void grow();
  void add_place(std::string_view name, PlaceRef ref);
  void mark_prefixes(std::string_view key);

  std::vector<Country> countries_;
  std::vector<Region> regions_;
  std::vector<City> cities_;
  std::vector<Slot> slots_;                                         // size is a power of two
  std::string key_arena_;                                           // every key, back to back
  std::vector<std::pair<std::uint32_t, std::uint32_t>> key_spans_;  // (offset, size)
  std::vector<NameInfo> infos_;
  std::unordered_map<std::string, std::uint32_t> by_code_;
  std::vector<FormerTerritory> former_territories_;
  /// Cities in a former territory that is a region: city index -> region
  /// code (GeoNames admin1 codes mapped through countries.tsv).
  std::unordered_map<std::uint32_t, std::string> city_region_;
  /// lang + '\t' + ideographic name -> country index.
  std::unordered_map<std::string, std::uint32_t> ideographic_;
  std::size_t max_ideo_bytes_ = 0;
};

/// The primary language subtag of a BCP 47 tag, lower case: "fr-CA" -> "fr",
/// "zh_Hans" -> "zh", "" -> "". Picks the language's country names.
[[nodiscard]] std::string primary_language(std::string_view bcp47);

}  // namespace dateline::entities
