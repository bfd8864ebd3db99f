#!/bin/sh
# Language: an article that declares none gets a detected one (filters and
# the lang facet use it, show says it was detected); a declared language is
# never overridden; a text too short to tell gets none.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/lang.jsonl" <<'EOF'
{"id": "lang-en", "title": "Central bank holds rates as inflation eases", "body": "The central bank left its main interest rate unchanged on Thursday, saying that inflation had eased for a third month but that wages were still rising faster than the economy could bear.", "date": "2026-03-05"}
{"id": "lang-en-declared", "title": "Port strike enters its third day", "body": "Dock workers kept the port closed for a third day on Wednesday as talks with terminal operators over automation broke down again.", "date": "2026-03-04", "language": "en"}
{"id": "lang-de", "title": "Zentralbank lässt die Zinsen unverändert", "body": "Die Zentralbank hat ihren Leitzins am Donnerstag nicht verändert. Die Inflation sei zwar den dritten Monat in Folge gesunken, doch die Löhne stiegen weiterhin schneller, als es die Wirtschaft vertrage.", "date": "2026-03-05"}
{"id": "lang-fr-declared", "title": "Wheat harvest set for a record", "body": "Farmers expect the largest wheat harvest in a decade, the agriculture ministry said on Monday, although a shortage of rail wagons could leave grain stranded over the winter.", "date": "2026-03-02", "language": "fr"}
{"id": "lang-short", "title": "Talks resume today", "body": "", "date": "2026-03-01"}
EOF
"$DATELINE_INDEX" -q --db "$TMP/db" "$TMP/lang.jsonl"

sorted_ids() { q_ids "$@" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

test_expect_equal "--lang en finds the detected and the declared" "lang-en lang-en-declared" "$(sorted_ids --lang en)"
test_expect_equal "lang:de finds the detected German" "lang-de" "$(sorted_ids lang:de)"
test_expect_equal "a declared language is never overridden" "lang-fr-declared" "$(sorted_ids --lang fr)"

facet=$(q search --json --facets lang --limit 0 '' | jq -r '[.facets.lang[] | "\(.value) \(.count)"] | join(", ")')
test_expect_equal "the lang facet counts detected languages" "en 2, de 1, fr 1" "$facet"
for v in en de fr; do
  count=$(q search --json --facets lang --limit 0 '' | jq --arg v "$v" '.facets.lang[] | select(.value == $v) | .count')
  test_expect_equal "--lang $v gives its facet count" "$count" "$(q search --json --facets none --limit 0 --lang "$v" | jq .total)"
done

shown() { q show --json "$1" | jq -c '[.language, .language_detected]'; }
test_expect_equal "show says the language was detected" '["en",true]' "$(shown lang-en)"
test_expect_equal "show: German detected" '["de",true]' "$(shown lang-de)"
test_expect_equal "show: declared, not detected" '["fr",null]' "$(shown lang-fr-declared)"
test_expect_equal "show: too short, no language" '["",null]' "$(shown lang-short)"

test_done
