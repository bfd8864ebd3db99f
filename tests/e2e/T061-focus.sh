#!/bin/sh
# Focus countries (#15): the countries an article is about, a subset of the
# countries it mentions; stored in the article JSON, filtered by focus: and
# --focus (names resolve like country:), counted as the focus facet, and
# accepted by the HTTP API.
. "$(dirname "$0")/lib.sh"
index_corpus

total() { q search --json --facets none "$@" | jq .total; }
focus_of() { q show --json "$1" | jq -c '.focus_countries'; }

# The lead's country is the focus; countries named in passing are not.
test_expect_equal "Punjab heatwave is about India" '["IN"]' "$(focus_of corpus-txt-004)"
test_expect_equal "Vietnam Airlines order is about Vietnam" '["VN"]' "$(focus_of corpus-jl-010)"
test_expect_match "the Airbus countries are mentioned" '"FR"' \
  "$(q show --json corpus-jl-010 | jq -c '.countries')"
test_expect_equal "Santos port strike is about Brazil" '["BR"]' "$(focus_of corpus-jl-005)"

# Every article's focus countries are among its countries.
bad=$(q export | jq -r 'select((.focus_countries - .countries) != []) | .id')
test_expect_equal "focus_countries is a subset of countries" "" "$bad"
test_expect_match "some articles have focus countries" '^[1-9]' \
  "$(q export | jq -s '[.[] | select(.focus_countries != [])] | length')"

# Filters: a code, a name and the flag agree; focus narrows country.
vn=$(total focus:VN)
test_expect_match "focus:VN matches" '^[1-9]' "$vn"
test_expect_equal "focus:vietnam is focus:VN" "$vn" "$(total focus:vietnam)"
test_expect_equal "--focus VN is focus:VN" "$vn" "$(total --focus VN)"
test_expect_equal "focus:FR finds fewer than country:FR" "true" \
  "$([ "$(total focus:FR)" -lt "$(total country:FR)" ] && echo true || echo false)"

# Every focus facet value filters to its count, and is at most its country
# count.
q search --json --facets focus,country --facet-size 500 --limit 0 '' > "$TMP/facets"
jq -r '.facets.focus[] | "\(.value)\t\(.count)"' "$TMP/facets" > "$TMP/focus"
test_expect_match "the focus facet has values" '^[1-9]' "$(wc -l < "$TMP/focus")"
bad=
while IFS="$(printf '\t')" read -r value n; do
  got=$(total "focus:$value")
  c=$(jq --arg v "$value" '[.facets.country[] | select(.value == $v) | .count] | first // 0' "$TMP/facets")
  [ "$got" = "$n" ] && [ "$n" -le "$c" ] || bad="$bad $value:$n/$got/$c"
done < "$TMP/focus"
test_expect_equal "each focus value filters to its count, at most its country count" "" "$bad"

# The HTTP API: the focus parameter and the focus facet.
start_server
test_expect_equal "HTTP focus=VN" "$vn" \
  "$(curl -s "http://127.0.0.1:$port/search?focus=VN&facets=none&limit=0" | jq .total)"
test_expect_equal "HTTP focus facet" \
  "$(q search --json --facets focus --facet-size 10 --limit 0 '' | jq -c '.facets.focus')" \
  "$(curl -s "http://127.0.0.1:$port/search?facets=focus&facet_size=10&limit=0" | jq -c '.facets.focus')"

test_done
