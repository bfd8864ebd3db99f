#!/bin/sh
# Places on the Reuters-21578 archive (where ../shared/data is present):
# English names of foreign cities resolve to them (Geneva, Venice, Peking,
# Frankfurt, Basle), and places inside the names of things are no places
# (Wall Street, White House, West Texas Intermediate, tickers).
. "$(dirname "$0")/lib.sh"
if [ ! -d "$SHARED/reuters21578" ]; then
  echo "# SKIP: $SHARED/reuters21578 is absent"
  exit 77
fi
"$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578"; rc=$?
test_expect_equal "Reuters indexes cleanly" 0 "$rc"

# resolved WORD NAME COUNTRY: how many articles that contain WORD have the
# place NAME in COUNTRY.
resolved() {
  q export --format jsonl "$1" |
    jq -s --arg n "$2" --arg c "$3" '[.[] | select(any(.places[]?; .name == $n and .country == $c))] | length'
}
at_least() { [ "$2" -ge "$1" ] && echo yes || echo "no ($2)"; }
at_most() { [ "$2" -le "$1" ] && echo yes || echo "no ($2)"; }

# 51 articles named a Geneva that resolved to a US town before exonyms;
# three remain, two of them the Geneva Works steel plant in Utah.
test_expect_equal "Geneva is Genève, Switzerland" yes "$(at_least 45 "$(resolved geneva Genève CH)")"
test_expect_equal "Geneva is rarely a US town" yes "$(at_most 4 "$(resolved geneva Geneva US)")"
# The 1987 Venice summit: 40 of 66 articles resolved to the US before.
test_expect_equal "Venice is in Italy" yes "$(at_least 60 "$(resolved venice Venice IT)")"
test_expect_equal "Venice is rarely in the US" yes "$(at_most 3 "$(resolved venice Venice US)")"
test_expect_equal "Peking is Beijing" yes "$(at_least 40 "$(resolved peking Beijing CN)")"
test_expect_equal "Frankfurt is Frankfurt am Main" yes "$(at_least 70 "$(resolved frankfurt 'Frankfurt am Main' DE)")"
test_expect_equal "Basle is Basel" yes "$(at_least 5 "$(resolved basle Basel CH)")"

# No place value is a street, a building, a crude grade or a ticker.
q search --json --facets place --facet-size 100000 --limit 0 '' | jq -r '.facets.place[].value' > "$TMP/places"
test_expect_match "the place facet has values" '^United States$' "$(cat "$TMP/places")"
for v in 'Wall Street' 'White House' 'West Texas Intermediate' 'West Texas Sour' 'TX' 'Ill' 'Pa' 'Caa'; do
  test_expect_equal "\"$v\" is no place" "" "$(grep -x -- "$v" "$TMP/places")"
done
q export --format jsonl 'brent crude' |
  jq -s '[.[] | select(.body | test("Brent\\s+(crude|blend)"))] | [length, ([.[] | select(any(.places[]?; .name == "Brent"))] | length)] | map(tostring) | join(" ")' -r > "$TMP/brent"
test_expect_match "stories say \"Brent crude\"" '^[1-9][0-9]* ' "$(cat "$TMP/brent")"
test_expect_match "Brent is no place in them" ' 0$' "$(cat "$TMP/brent")"

test_done
