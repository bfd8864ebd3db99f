#!/bin/sh
# Entity facets and filters on the corpus: resolution, invariants, timeline,
# suggestions.
. "$(dirname "$0")/lib.sh"
index_corpus

total() { q search --json --facets none "$@" | jq .total; }

# The seed story's people are canonical and extracted once (the entity
# unit tests check the full list); the corpus' recurring minister is found
# in every article that names him.
test_expect_equal "person filter by surname" "corpus-jl-004 corpus-jl-015 corpus-txt-001 corpus-txt-007" \
  "$(q_ids 'person:nazari' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')"
test_expect_equal "person filter lists what it matched" '["Farid Nazari"]' \
  "$(q search --json 'person:nazari' | jq -c '.filters[0].matched')"
test_expect_equal "case and accents never matter" "$(total person:nazari)" "$(total 'person:NAZARÍ')"
test_expect_equal "--person flag = inline filter" "$(total person:nazari)" "$(total --person nazari)"

# Country values resolve the way people type them.
ir=$(total country:IR)
test_expect_match "some articles mention Iran" '^[1-9]' "$ir"
for v in iran Iran ir '"Islamic Republic of Iran"' iranian; do
  test_expect_equal "country:$v is country:IR" "$ir" "$(total "country:$v")"
done
test_expect_equal "--country flag" "$ir" "$(total --country iran)"
either=$(total country:IR,OM)
om=$(total country:OM)
both=$(total country:IR country:OM)
test_expect_equal "an inline list means either" "$((ir + om - both))" "$either"
test_expect_equal "a flag's value is one value, commas and all" 0 "$(total --country IR,OM)"
test_expect_equal "repeated filter means both" "$both" "$(total --country IR --country OM)"
test_expect_equal "unknown value: zero hits" 0 "$(total country:atlantis)"
test_expect_match "unknown value: a note" "matched nothing" "$(q search --json country:atlantis | jq -r '.notes[0]')"

# Facet counts: over all matches, and filtering by a value gives its count.
json=$(q search --json --facets person,org,place,country,source,lang --facet-size 5 --limit 1 '')
test_expect_equal "facets are exact" true "$(echo "$json" | jq .facets_exact)"
test_expect_equal "six facets" '["country","lang","org","person","place","source"]' "$(echo "$json" | jq -c '.facets | keys')"
test_expect_equal "facet entry keys" '["count","label","value"]' "$(echo "$json" | jq -c '.facets.country[0] | keys')"
test_expect_equal "country labels are names" "true" "$(echo "$json" | jq '[.facets.country[] | .label != .value] | all')"
for facet in person org place country source lang; do
  echo "$json" | jq -r ".facets.$facet[] | [.value, .count] | @tsv" > "$TMP/facet"
  while IFS="$(printf '\t')" read -r value n; do
    test_expect_equal "invariant $facet:$value" "$n" "$(total --"$( [ $facet = lang ] && echo lang || echo $facet)" "$value")"
  done < "$TMP/facet"
done
test_expect_equal "source facet" '{"count":4,"label":"Northern Ledger","value":"Northern Ledger"}' \
  "$(q search --json --facets source wheat | jq -c '.facets.source[0]')"

# Facets of a filtered search count only the matches.
test_expect_equal "facets follow the query" "$(total wheat)" \
  "$(q search --json --facets source wheat | jq '[.facets.source[].count] | add')"

# Timeline: buckets add up to the dated matches.
dated=$(( $(total '') - $(q stats --json | jq .undated) ))
for unit in day month year auto; do
  test_expect_equal "timeline $unit sums to dated matches" "$dated" \
    "$(q search --json --facets none --timeline $unit '' | jq '[.timeline[].count] | add')"
done
test_expect_equal "timeline auto picks months for two years" month \
  "$(q search --json --facets none --timeline auto '' | jq -r .timeline_unit)"
test_expect_equal "year buckets" '["2025","2026"]' \
  "$(q search --json --facets none --timeline year '' | jq -c '[.timeline[].date]')"

# Facet columns (in memory, what a long-running server switches to) count
# exactly what the per-match spies count.
for query in '' wheat 'country:iran' 'cyclone OR talks'; do
  for m in never always; do
    q search --json --facets person,org,place,country,source,lang --facet-size 50 --timeline day \
      --facet-columns $m "$query" | jq -c '[.facets, .timeline, .total, .facets_exact]' > "$TMP/cols.$m"
  done
  test_expect_equal "columns = spies for '$query'" "$(cat "$TMP/cols.never")" "$(cat "$TMP/cols.always")"
done

# Sorting by recency: the newest relevant article leads.
test_expect_equal "recent sort" "corpus-jl-016" "$(q_ids wheat --sort recent --limit 1)"
q search wheat --sort recent --half-life xyz >/dev/null 2>&1; test_expect_equal "bad half-life exits 2" 2 $?

# Suggestions: entities and title words, with kinds and counts.
sugg=$(q suggest naz --json)
test_expect_equal "suggest a person" '{"count":4,"kind":"person","text":"Farid Nazari"}' \
  "$(echo "$sugg" | jq -c '[.[] | select(.kind=="person")][0]')"
test_expect_equal "suggest title words" '"word"' "$(q suggest whe --json | jq '[.[] | select(.text=="wheat")][0].kind')"

test_done
