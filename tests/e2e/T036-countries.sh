#!/bin/sh
# Country values: constituent countries, renamed states and states that no
# longer exist, on the corpus plus a few dated articles of our own
# (tests/fixtures/countries/). Every country facet value filters to its
# count, four-letter ISO 3166-3 codes included.
. "$(dirname "$0")/lib.sh"
"$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" \
  "$DATELINE_SOURCE_DIR/tests/fixtures/countries"

total() { q search --json --facets none "$@" | jq .total; }
ids() { q search --json --facets none --limit 100 "$@" | jq -r '[.hits[].id] | sort | join(" ")'; }

# England, Scotland and Wales are GB, and places of their own.
gb=$(total --country GB)
test_expect_match "some articles are about GB" '^[1-9]' "$gb"
for v in scotland Scotland england wales '"Northern Ireland"' uk britain; do
  test_expect_equal "country:$v is country:GB" "$gb" "$(total "country:$v")"
done
test_expect_equal "--country scotland" "$gb" "$(total --country scotland)"
test_expect_match "Scotland is a place" 'countries-2025-whisky' "$(ids --place scotland)"
test_expect_match "the corpus' wind farms off Scotland" 'corpus-jl-' "$(ids --place scotland)"
test_expect_equal "the whisky article's places" '["Scotland","Wales","Edinburgh"]' \
  "$(q show --json countries-2025-whisky | jq -c '[.places[].name]')"

# Renamed states and loose spellings.
test_expect_equal "country:persia is country:IR" "$(total country:IR)" "$(total country:persia)"
ci=$(total --country CI)
for v in '"côte d ivoire"' "\"cote d'ivoire\"" '"Côte d’Ivoire"' '"ivory coast"'; do
  test_expect_equal "country:$v is country:CI" "$ci" "$(total "country:$v")"
done

# The Soviet Union is its own value; Russia does not include it.
test_expect_equal "SUHH by code" "countries-1987-grain" "$(ids --country SUHH)"
for v in suhh '"Soviet Union"' ussr soviet; do
  test_expect_equal "country:$v is SUHH" "countries-1987-grain" "$(ids "country:$v")"
done
test_expect_equal "Moscow in 1987 is in the Soviet Union" '["SUHH"]' \
  "$(q show --json countries-1987-grain | jq -c '.countries')"
test_expect_equal "Moscow in 2024 is in Russia" '["RU"]' \
  "$(q show --json countries-2024-grain | jq -c '.countries')"
russia=$(ids --country russia)
test_expect_match "--country russia finds Russia" 'countries-2024-grain' "$russia"
test_expect_equal "--country russia leaves out 1987's Soviet Union" "" \
  "$(echo "$russia" | tr ' ' '\n' | grep -x countries-1987-grain)"
test_expect_equal "both, when asked" "$(($(total --country RU) + 1))" "$(total 'country:RU,SUHH')"
test_expect_equal "the facet shows the Soviet Union" '{"count":1,"label":"Soviet Union","value":"SUHH"}' \
  "$(q search --json --facets country --facet-size 200 --limit 0 '' | jq -c '.facets.country[] | select(.value=="SUHH")')"

# East Germany; West Germany is Germany.
test_expect_equal "East and West Germany, and Leipzig in 1989" '["DDDE","DE"]' \
  "$(q show --json countries-1989-fair | jq -c '.countries')"
test_expect_equal "country:\"east germany\"" "countries-1989-fair" "$(ids 'country:"east germany"')"
test_expect_match "country:\"west germany\" is Germany" 'countries-1989-fair' "$(ids 'country:"west germany"')"
test_expect_equal "West Germany is DE" "$(total --country DE)" "$(total 'country:"west germany"')"

# Every country facet value filters to exactly its count: the four-letter
# codes on the command line, all of them over HTTP (one process, so the
# gazetteer loads once).
q search --json --facets country --facet-size 500 --limit 0 '' |
  jq -r '.facets.country[] | "\(.value)\t\(.count)"' > "$TMP/facet"
test_expect_equal "the facet's four-letter codes" "DDDE SUHH" \
  "$(cut -f1 "$TMP/facet" | grep -E '^[A-Z]{4}$' | sort | tr '\n' ' ' | sed 's/ $//')"
bad=
while IFS="$(printf '\t')" read -r value n; do
  case "$value" in ????) ;; *) continue ;; esac
  got=$(total --country "$value")
  [ "$got" = "$n" ] || bad="$bad $value:$n/$got"
done < "$TMP/facet"
test_expect_equal "four-letter codes round-trip on the command line" "" "$bad"
start_server
bad=
while IFS="$(printf '\t')" read -r value n; do
  got=$(curl -s "http://127.0.0.1:$port/search?country=$value&facets=none&limit=0" | jq .total)
  [ "$got" = "$n" ] || bad="$bad $value:$n/$got"
done < "$TMP/facet"
test_expect_equal "every country value round-trips over HTTP ($(wc -l < "$TMP/facet") values)" "" "$bad"

test_done
