#!/bin/sh
# T038: every facet value filters to exactly the count shown beside it, on
# every path: the HTTP API's parameters (every value), the query syntax's
# field:"value" (every value, through `batch`) and the command line's flags
# (the first values of each facet and every value holding a comma, quote,
# colon, parenthesis or a letter outside ASCII). On Reuters-21578 where
# ../shared/data is present, else on the bundled corpus. In the sanitizer
# lane (DATELINE_SANITIZED=1, every process about 3x slower) only the first
# query is walked, on every path.
. "$(dirname "$0")/lib.sh"
for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "T038: $tool is required" >&2; exit 1; }
done

if [ -d "$SHARED/reuters21578" ]; then
  "$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578" || { echo "T038: indexing Reuters failed" >&2; exit 1; }
  queries="oil|shares|trade|date:1987"
else
  echo "# $SHARED/reuters21578 is absent: walking the bundled corpus only"
  index_corpus || { echo "T038: indexing the corpus failed" >&2; exit 1; }
  queries="minister|talks|date:2000.."
fi
if [ "${DATELINE_SANITIZED:-0}" = 1 ]; then
  queries=${queries%%|*}
  echo "# sanitizer lane: walking '$queries' only"
fi
start_server --threads 2
base="http://127.0.0.1:$port"

facets=person,org,place,country,source
# Values a shell or a parser could mangle.
special='[,":()]|[^ -~]'
checked=0
IFS_SAVE=$IFS
IFS='|'
for query in $queries; do
  IFS=$IFS_SAVE
  label=${query:-(all articles)}
  json=$(q search --json --limit 0 --facets $facets --facet-size 100000 --facet-columns never -- $query)
  test_expect_equal "'$label': facets exact" true "$(echo "$json" | jq .facets_exact)"
  # The other way of counting gives the same values and counts. (The form
  # shown for a value may differ in case and accents: the spies show the commonest form
  # among the matches, the columns the commonest in the archive.)
  keys='[.facets | to_entries[] | .key as $f | .value[] | [$f, (.value | ascii_downcase), .count]] | sort'
  test_expect_equal "'$label': columns = spies" "$(echo "$json" | jq -c "$keys" | strip_accents | jq -c sort)" \
    "$(q search --json --limit 0 --facets $facets --facet-size 100000 --facet-columns always -- $query | jq -c "$keys" | strip_accents | jq -c sort)"
  echo "$json" | jq -r --arg q "$query" '.facets | to_entries[] | .key as $f | .value[] |
      [$f, .value, (.count | tostring)] | @tsv' > "$TMP/values"
  n=$(wc -l < "$TMP/values")
  checked=$((checked + n))
  echo "# '$label': $n facet values"

  # HTTP: one request per value, one curl process for all of them.
  jq -r --arg base "$base" --arg q "$query" '.facets | to_entries[] | .key as $f | .value[] |
      "url = \"\($base)/search?limit=0&facets=none&q=\($q | @uri)&\($f)=\(.value | @uri)\"\noutput = \"/dev/stdout\""' \
    <<EOF > "$TMP/curl.cfg"
$json
EOF
  curl -s --config "$TMP/curl.cfg" | jq -r .total > "$TMP/http.totals"
  # The query syntax: field:"value" with \" and \\ escaped, through batch.
  jq -r --arg q "$query" '.facets | to_entries[] | .key as $f | .value[] |
      "\($q) \($f):\"\(.value | gsub("\\\\"; "\\\\\\\\") | gsub("\""; "\\\""))\""' \
    <<EOF > "$TMP/queries"
$json
EOF
  q batch --json --per-query --facets none --limit 0 "$TMP/queries" | jq -r '.per_query[].total' > "$TMP/inline.totals"

  paste "$TMP/values" "$TMP/http.totals" "$TMP/inline.totals" > "$TMP/all"
  bad_http=$(awk -F'\t' '$3 != $4' "$TMP/all" | head -5)
  bad_inline=$(awk -F'\t' '$3 != $5' "$TMP/all" | head -5)
  test_expect_equal "'$label': every value over HTTP filters to its count" "" "$bad_http"
  test_expect_equal "'$label': every value as field:\"value\" filters to its count" "" "$bad_inline"

  # The command line: the first 8 values of each facet and every special one.
  awk -F'\t' -v special="$special" '{ seen[$1]++ } seen[$1] <= 8 || $2 ~ special' "$TMP/values" > "$TMP/cli"
  bad_cli=
  while IFS="$(printf '\t')" read -r field value n; do
    got=$(q search --json --limit 0 --facets none --"$field" "$value" -- $query | jq .total)
    [ "$got" = "$n" ] || bad_cli="$bad_cli $field:$value=$got/$n"
  done < "$TMP/cli"
  test_expect_equal "'$label': $(wc -l < "$TMP/cli") values as flags filter to their counts" "" "$bad_cli"
  IFS='|'
done
IFS=$IFS_SAVE
echo "# $checked facet values checked"
test_expect_match "some values were walked" '^[1-9][0-9]*$' "$checked"
test_done
