#!/bin/sh
# Searching the corpus: ranking, phrases, booleans, dates, sorting, snippets.
. "$(dirname "$0")/lib.sh"
index_corpus

test_expect_equal "words AND, ranked" "corpus-jl-016 corpus-jl-006 corpus-txt-004 corpus-txt-010" "$(q_ids wheat)"
test_expect_equal "phrase" "corpus-jl-017 corpus-txt-005" "$(q_ids '"rolling blackouts"')"
test_expect_equal "phrase needs adjacency" "" "$(q_ids '"blackouts rolling"')"
test_expect_equal "title: field" "corpus-txt-005" "$(q_ids 'title:eskom')"
test_expect_equal "stemming: blackout finds blackouts" "corpus-jl-017 corpus-txt-005" "$(q_ids 'rolling blackout' --sort newest)"
test_expect_equal "accent folding" "corpus-jl-005 corpus-txt-015" "$(q_ids 'Sao Paulo' --sort oldest)"
test_expect_equal "accent folding, other way" "$(q_ids 'Sao Paulo' --sort oldest)" "$(q_ids 'SÃO PAULO' --sort oldest)"

total() { q search --json --facets none "$@" | jq .total; }
test_expect_equal "AND narrows" 2 "$(total wheat harvest Punjab OR wheat Egypt)"
test_expect_equal "--any ORs words" "$(total 'tonnes OR Eskom')" "$(total --any 'tonnes Eskom')"
test_expect_equal "explicit OR" "$(( $(total eskom) + $(total lithium) ))" "$(total 'eskom OR lithium')"
test_expect_equal "NOT" "$(( $(total wheat) - $(total wheat Egypt) ))" "$(total 'wheat NOT Egypt')"
test_expect_equal "minus" "$(total 'wheat NOT Egypt')" "$(total 'wheat -Egypt')"
test_expect_equal "parentheses" "$(total '(eskom OR lithium) NOT blackouts')" \
  "$(( $(total eskom OR lithium) - $(total '(eskom OR lithium) blackouts') ))"

# Dates: year, month, day, open ranges, --from/--to.
test_expect_equal "date:month" "corpus-jl-006" "$(q_ids 'wheat date:2025-09')"
test_expect_equal "date:year" "corpus-txt-004 corpus-jl-006 corpus-txt-010" "$(q_ids 'wheat date:2025' --sort oldest)"
test_expect_equal "date range" "corpus-txt-004" "$(q_ids 'wheat date:2025-04-01..2025-04-30')"
test_expect_equal "open range" "corpus-txt-010 corpus-jl-016" "$(q_ids 'wheat date:2025-10..' --sort oldest)"
test_expect_equal "open start" "corpus-txt-004 corpus-jl-006" "$(q_ids 'wheat date:..2025-09' --sort oldest)"
test_expect_equal "--from/--to" "corpus-jl-006 corpus-txt-010" "$(q_ids wheat --from 2025-05 --to 2025-12 --sort oldest)"
test_expect_equal "a day" "corpus-txt-004" "$(q_ids wheat --from 2025-04-17 --to 2025-04-17)"

# Sorting, paging.
test_expect_equal "newest first" "corpus-jl-016 corpus-txt-010 corpus-jl-006 corpus-txt-004" "$(q_ids wheat --sort newest)"
test_expect_equal "oldest first" "corpus-txt-004 corpus-jl-006 corpus-txt-010 corpus-jl-016" "$(q_ids wheat --sort oldest)"
test_expect_equal "offset+limit" "corpus-jl-006 corpus-txt-010" "$(q_ids wheat --sort oldest --offset 1 --limit 2)"
json=$(q search --json --facets none wheat --limit 1 --offset 1)
test_expect_equal "paging keeps total" 4 "$(echo "$json" | jq .total)"
test_expect_equal "total_exact" true "$(echo "$json" | jq .total_exact)"
test_expect_equal "JSON keys" '["facets","facets_exact","filters","hits","limit","notes","offset","query","took_ms","total","total_exact","corrected_query"]' \
  "$(echo "$json" | jq -c '[keys[] | select(. != "corrected_query")] + ["corrected_query"]')"
test_expect_equal "hit keys" '["date","id","score","snippet","source","story","title","url"]' "$(echo "$json" | jq -c '.hits[0] | keys')"

# Snippets: <mark> around matches, the rest escaped.
snip=$(q search --json --facets none '"rolling blackouts"' | jq -r '.hits[0].snippet')
test_expect_match "snippet marks the phrase words" '<mark>rolling</mark> <mark>blackouts</mark>' "$snip"
snip=$(q search --json --facets none "country's wheat" | jq -r '.hits[] | select(.id=="corpus-jl-006") | .snippet')
test_expect_match "snippet escapes HTML" "</mark>&#39;s" "$snip"
test_expect_match "stems are highlighted" '<mark>' "$(q search --json --facets none 'blackout' | jq -r '.hits[0].snippet')"
plain=$(q search --facets none '"rolling blackouts"' | head -4)
test_expect_match "terminal output (not a tty: no escape codes)" '^1\. ' "$plain"

# Chinese: a word typed without spaces finds the article.
test_expect_match "Chinese word" "corpus-" "$(q_ids '机器人')"

# Syntax errors: clear message, exit 2.
for bad in '(wheat' 'wheat)' '"wheat' 'wheat AND' 'title:' 'date:yesterday' 'OR wheat'; do
  q search "$bad" >/dev/null 2>"$TMP/err"; rc=$?
  test_expect_equal "syntax error exits 2: $bad" 2 "$rc"
done
q search '(wheat' 2>&1 >/dev/null | grep -q "missing ')'" ; test_expect_equal "message names the problem" 0 $?
q search wheat --sort sideways >/dev/null 2>&1; test_expect_equal "bad --sort exits 2" 2 $?
q search wheat --from 2025-13 >/dev/null 2>&1; test_expect_equal "bad --from exits 2" 2 $?

# Did you mean.
test_expect_equal "spelling correction" '"wheat harvest"' "$(q search --json 'wheet harvest' | jq .corrected_query)"
test_expect_equal "no correction for known words" null "$(q search --json 'wheat harvest' | jq .corrected_query)"

# Related articles: the three-outlet cyclone story finds its copies.
test_expect_equal "related finds the copies first" "corpus-jl-013 corpus-txt-012" \
  "$(q related corpus-txt-011 --json --limit 2 | jq -r '[.hits[].id] | sort | join(" ")')"
q related nope >/dev/null 2>&1; test_expect_equal "related unknown id exits 1" 1 $?

test_done
