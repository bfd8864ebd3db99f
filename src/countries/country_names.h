#pragma once

// Country names for searching: what a typed country value means ("persia",
// "ivory coast", "ussr") and what a code is called, from the gazetteer.
// The searcher knows nothing of the gazetteer (search/ does not include
// entities/); this module, above both, hands it the two lookups.

#include <memory>

#include "entities/gazetteer.h"
#include "search/searcher.h"

namespace dateline::countries {

/// The lookups of gaz (which must not be null; the result shares it):
/// codes("iran"), codes("IR"), codes("Islamic Republic of Iran"),
/// codes("iranian") and codes("Allemagne")-style foreign names give the
/// country's ISO code; a constituent country ("scotland") gives its state
/// ("GB"); a state that no longer exists is its own value, by name or by
/// its four-letter ISO 3166-3 code ("Soviet Union", "SUHH"), never today's
/// successor; a code means exactly itself, case ignored. label(code) is
/// the English name, "" for an unknown code.
[[nodiscard]] search::CountryNames country_names(std::shared_ptr<const entities::Gazetteer> gaz);

/// The gazetteer of the default data directory, loaded once per process
/// and shared (it is immutable); nullptr when it cannot be loaded.
/// Thread safe.
[[nodiscard]] std::shared_ptr<const entities::Gazetteer> default_gazetteer();

/// Gives s the country names of default_gazetteer() (for country: filters
/// and facet labels); without a gazetteer, leaves s as it is (then only
/// two-letter codes work). Not thread safe for one s.
void add_country_names(search::Searcher& s);

}  // namespace dateline::countries
