#pragma once

// Private to the extractor: turning the tagger's repaired spans into
// mentions.

#include "entities/entity_type.h"
#include "entities/mentions.h"

namespace dateline::entities {

/// Takes span (indices count from the part; inside sentence s) as what its
/// type says, adding to c.work and covering the tokens it takes:
/// - kPerson: the name words (canonical.h's person_name_range()); none after
///   a ship prefix ("USS Abraham Lincoln"), no one-word name in capitals,
///   in foreign text only names of two or more capitalised words, in German
///   none at all;
/// - kOrganization: the name words, cut at "(", a number or the source's
///   ticker; a following "(ACRONYM)" is an organization and an acronym of
///   it; a country, demonym or a place after "in" is a place instead;
/// - kLocation: the place the gazetteer knows by that name, else the
///   gazetteer names inside it if they account for all its capitalised
///   words ("Washington state", "US-Iran"), else one unknown place of up to
///   five tokens;
/// - kMisc: nothing.
/// Foreign text keeps persons, places that resolve and acronym long forms.
void take_span(PartContext& c, const Sentence& s, const TypedSpan& span);

}  // namespace dateline::entities
