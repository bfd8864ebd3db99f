#!/bin/sh
# Facets, filters, timeline and suggestions on the Reuters-21578 archive
# (where ../shared/data is present).
. "$(dirname "$0")/lib.sh"
if [ ! -d "$SHARED/reuters21578" ]; then
  echo "# SKIP: $SHARED/reuters21578 is absent"
  exit 77
fi
"$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578"; rc=$?
test_expect_equal "Reuters indexes cleanly" 0 "$rc"
test_expect_equal "articles" 21577 "$(q stats --json | jq .articles)"
test_expect_equal "one undated (reuters-17192)" 1 "$(q stats --json | jq .undated)"

total() { q search --json --facets none "$@" | jq .total; }

# "reag" suggests Ronald Reagan, a person, with his article count.
sugg=$(q suggest reag --json | jq -c '[.[] | select(.kind == "person")][0]')
test_expect_equal "suggest reag: Ronald Reagan" '"Ronald Reagan" "person"' "$(echo "$sugg" | jq -r '"\"" + .text + "\" \"" + .kind + "\""')"
test_expect_equal "suggested count is the filter count" "$(echo "$sugg" | jq .count)" "$(total --person 'Ronald Reagan')"

# Facet columns count what the per-match spies count (aliases merged into
# their values once per article), on broad and filtered queries. The form
# shown may differ in case and accents: the spies show the commonest form among the
# matches, the columns the commonest in the archive.
for query in 'oil' 'shares date:1987' 'opec date:1987-03..1987-04' 'person:reagan'; do
  for m in never always; do
    q search --json --facets person,org,place,country,source --facet-size 40 --timeline month \
      --facet-columns $m "$query" |
      jq -c '[(.facets | map_values(map([(.value | ascii_downcase), .count]))), .timeline, .total]' | strip_accents > "$TMP/cols.$m"
  done
  test_expect_equal "columns = spies for '$query'" "$(cat "$TMP/cols.never")" "$(cat "$TMP/cols.always")"
done

# Facet invariant over a broad query, for every facet, both ways of counting.
json=$(q search --json --facets person,org,place,country --facet-size 5 --limit 0 --facet-columns always 'oil prices')
test_expect_equal "columns: same top persons" "$(echo "$json" | jq -c .facets.person)" \
  "$(q search --json --facets person --facet-size 5 --limit 0 --facet-columns never 'oil prices' | jq -c .facets.person)"
json=$(q search --json --facets person,org,place,country --facet-size 5 --limit 0 'oil prices')
test_expect_equal "facets exact" true "$(echo "$json" | jq .facets_exact)"
for facet in person org place country; do
  echo "$json" | jq -r ".facets.$facet[] | [.value, .count] | @tsv" > "$TMP/facet"
  while IFS="$(printf '\t')" read -r value n; do
    test_expect_equal "invariant $facet:$value" "$n" "$(total 'oil prices' --"$facet" "$value")"
  done < "$TMP/facet"
done

# Country aliases, demonyms, OR and AND forms.
sa=$(total oil --country SA)
test_expect_match "Saudi Arabia has oil stories" '^[1-9]' "$sa"
test_expect_equal "country:saudi arabia" "$sa" "$(total oil --country 'Saudi Arabia')"
test_expect_equal "country:saudi (demonym)" "$sa" "$(total oil --country saudi)"
ir=$(total oil --country IR)
both=$(total oil --country SA --country IR)
test_expect_equal "either" "$((sa + ir - both))" "$(total oil country:SA,IR)"
test_expect_match "both is narrower" '^[0-9]+$' "$both"
[ "$both" -le "$sa" ]; test_expect_equal "both <= one" 0 $?

# Timeline sums and date filters.
dated=$(total 'oil prices' --from 1987)
test_expect_equal "timeline sums to dated matches" "$dated" \
  "$(q search --json --facets none --timeline month 'oil prices' | jq '[.timeline[].count] | add')"
march=$(total 'oil prices date:1987-03')
test_expect_equal "timeline bucket = date filter" "$march" \
  "$(q search --json --facets none --timeline month 'oil prices' | jq '.timeline[] | select(.date=="1987-03") | .count')"

# Related articles share the subject.
id=$(q_ids 'title:"cocoa"' --limit 1)
test_expect_match "related to a cocoa story mentions cocoa" "cocoa" \
  "$(q related "$id" --json --limit 3 | jq -r '.hits[].title' | tr 'A-Z' 'a-z')"

test_done
