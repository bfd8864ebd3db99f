#!/bin/sh
# T060-datelines: where a story was filed, end to end. The corpus has one
# body dateline (corpus-txt-021, "NAIROBI, Sunday 26 October 2025 -"); a
# few articles written here cover the other forms (a dateline field, AP and
# Reuters openings, a sentence that is none). Then, where ../shared/data is
# present, the Reuters-21578 archive: its dateline field.
. "$(dirname "$0")/lib.sh"

total() { q search --json --facets none "$@" | jq .total; }

index_corpus || { echo "T060: indexing the corpus failed" >&2; exit 1; }

# corpus-txt-021 has no header: its id is a hash.
nairobi=$(q_ids 'title:"nairobi marathon"')

# show --json: the dateline as written and the place it names; null when none.
test_expect_equal "corpus-txt-021: body dateline" \
  '{"place":{"country":"KE","kind":"city","name":"Nairobi"},"text":"NAIROBI, Sunday 26 October 2025 -"}' \
  "$(q show --json "$nairobi" | jq -cS .dateline)"
test_expect_equal "an article without one: null" null "$(q show --json corpus-txt-001 | jq -c .dateline)"
test_expect_equal "one corpus article has a dateline" 1 \
  "$(q export | jq -s '[.[] | select(.dateline != null)] | length')"

# Filter, query field and facet.
test_expect_equal "--dateline nairobi" "$nairobi" "$(q_ids --dateline nairobi)"
test_expect_equal "dateline:Nairobi" "$nairobi" "$(q_ids 'dateline:Nairobi')"
test_expect_equal "--dateline nowhere: nothing" 0 "$(total --dateline 'Lagos')"
test_expect_equal "dateline facet" '[{"count":1,"label":"Nairobi","value":"Nairobi"}]' \
  "$(q search --json --facets dateline --limit 0 '' | jq -cS .facets.dateline)"

# The snippet starts with the story, not with the dateline.
test_expect_match "snippet without the dateline" '^<mark>Faith</mark> <mark>Chepkoech</mark> Lagat, a' \
  "$(q search --json --facets none --limit 1 'faith chepkoech' | jq -r '.hits[0].snippet')"

# CSV export has a dateline column.
test_expect_equal "CSV dateline column" "dateline Nairobi" \
  "$(q export --format csv --dateline nairobi |
    python3 -c 'import csv, sys; print("dateline", next(csv.DictReader(sys.stdin))["dateline"])')"

# Other forms, in articles written for this test.
cat >"$TMP/datelines.jsonl" <<'EOF'
{"id":"dl-field","title":"Grain prices rise","date":"1987-03-03","dateline":"CHICAGO, March 3 -","body":"Grain prices rose on the exchange, traders said."}
{"id":"dl-ap","title":"Senate votes","date":"2024-03-03","body":"WASHINGTON (AP) \u2014 The Senate voted on Tuesday to approve the bill."}
{"id":"dl-state","title":"Researchers report","date":"2024-03-03","body":"CAMBRIDGE, Mass., March 3 - Researchers at a university said on Tuesday."}
{"id":"dl-province","title":"Mining shares","date":"2024-03-03","body":"VANCOUVER, British Columbia, March 3 (Reuters) - Mining shares rose."}
{"id":"dl-moscow","title":"Talks","date":"1987-03-03","body":"MOSCOW, March 3 - Talks resumed on Tuesday."}
{"id":"dl-none","title":"State rules","date":"2024-03-03","body":"WASHINGTON state officials said on Monday that the rules would change."}
EOF
"$DATELINE_INDEX" -q --db "$TMP/db" "$TMP/datelines.jsonl"
place() { q show --json "$1" | jq -r '.dateline | if . == null then "none" else .place.name + "/" + .place.kind + "/" + (.place.country // "") end'; }
test_expect_equal "dateline field" "Chicago/city/US" "$(place dl-field)"
test_expect_equal "field text" "CHICAGO, March 3 -" "$(q show --json dl-field | jq -r .dateline.text)"
test_expect_equal "AP opening" "Washington, D.C./city/US" "$(place dl-ap)"
test_expect_equal "state abbreviation" "Cambridge/city/US" "$(place dl-state)"
test_expect_equal "province" "Vancouver/city/CA" "$(place dl-province)"
test_expect_equal "Moscow in 1987" "Moscow/city/SUHH" "$(place dl-moscow)"
test_expect_equal "a sentence is no dateline" none "$(place dl-none)"
test_expect_equal "its country counts in countries" true "$(q show --json dl-field | jq '.countries | index("US") != null')"
test_expect_equal "country filter finds it" dl-field "$(q_ids --country US 'grain exchange')"
test_expect_equal "dateline:washington (the city's favourite form)" dl-ap "$(q_ids 'dateline:washington')"

# HTTP: the dateline parameter and facet.
start_server
test_expect_equal "HTTP dateline=" '["dl-state"]' \
  "$(curl -s "http://127.0.0.1:$port/search?dateline=Cambridge&facets=none" | jq -c '[.hits[].id]')"
test_expect_equal "HTTP facets=dateline" 1 \
  "$(curl -s "http://127.0.0.1:$port/search?q=talks&facets=dateline" | jq '[.facets.dateline[] | select(.value == "Moscow")][0].count')"
test_expect_equal "HTTP article" "NAIROBI, Sunday 26 October 2025 -" \
  "$(curl -s "http://127.0.0.1:$port/articles/$nairobi" | jq -r .dateline.text)"

if [ ! -d "$SHARED/reuters21578" ]; then
  echo "# SKIP (Reuters part): $SHARED/reuters21578 is absent"
  test_done
  exit $?
fi

rm -rf "$TMP/db"
"$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578"; rc=$?
test_expect_equal "Reuters indexes cleanly" 0 "$rc"
test_expect_equal "reuters-1: SALVADOR" '{"place":{"country":"BR","kind":"city","name":"Salvador"},"text":"SALVADOR, Feb 26 -"}' \
  "$(q show --json reuters-1 | jq -cS .dateline)"
q export >"$TMP/reuters.jsonl"
have=$(jq -s '[.[] | select(.dateline != null)] | length' "$TMP/reuters.jsonl")
resolved=$(jq -s '[.[] | select(.dateline.place.country != null)] | length' "$TMP/reuters.jsonl")
echo "# Reuters: $have articles with a dateline, $resolved resolved to a country"
# 19,043 articles have a dateline field; some hold no place ("APRIL 7 -",
# table headings such as "WHEAT -").
[ "$have" -ge 18500 ]
test_expect_equal "most articles have a dateline" 0 $?
[ "$resolved" -ge $((have * 95 / 100)) ]
test_expect_equal "95% of datelines resolve to a country" 0 $?
# Every dateline's country is one of the article's countries.
test_expect_equal "dateline country in countries" 0 \
  "$(jq -s '[.[] | select(.dateline.place.country != null) | select(.dateline.place.country as $c | .countries | index($c) == null)] | length' "$TMP/reuters.jsonl")"
# Facet counts agree with the filter.
q search --json --facets dateline --facet-size 5 --limit 0 '' | jq -r '.facets.dateline[] | [.value, .count] | @tsv' >"$TMP/facet"
test_expect_equal "five dateline values" 5 "$(wc -l <"$TMP/facet" | tr -d ' ')"
while IFS="$(printf '\t')" read -r value n; do
  test_expect_equal "facet = filter for $value" "$n" "$(total --dateline "$value")"
done <"$TMP/facet"
# The hand-checked sample (bench/entities/datelines): place and country right
# for at least 90%.
if command -v python3 >/dev/null 2>&1; then
  score=$(python3 "$DATELINE_SOURCE_DIR/bench/entities/datelines/score.py" "$TMP/reuters.jsonl")
  echo "$score" | sed 's/^/# /'
  pct=$(echo "$score" | sed -n 's/^  place and country right: [0-9]* (\([0-9]*\)\..*/\1/p')
  [ "${pct:-0}" -ge 90 ]
  test_expect_equal "gold sample: >= 90% right" 0 $?
fi

test_done
