#!/bin/sh
# Hostile queries and hostile articles (issue 13): queries nested or long
# enough to overflow the stack are refused (exit 2, the limit named) in
# search and batch; a timeline over 0001..9999 stays small; a long article's
# snippet reads only its start; an article or a file name cannot send the
# terminal commands; a query after `--` may start with '-'.
. "$(dirname "$0")/lib.sh"
index_corpus

ESC=$(printf '\033')

# repeat STRING N: STRING N times, on one line.
repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# run_status CMD...: runs CMD, keeping its standard output in $TMP/out and
# its standard error in $TMP/err; prints the exit status.
run_status() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  echo $?
}

# --- Deep and long queries ------------------------------------------------
# Each crashed search and batch with SIGSEGV before the fix.
parens="$(repeat '(' 30000)wheat$(repeat ')' 30000)"
minuses="$(repeat - 120000)egypt"
test_expect_equal "30,000 nested parentheses: exit 2" 2 "$(run_status q search "$parens")"
test_expect_match "... naming the limit" 'query syntax error: the query nests deeper than 100 levels' \
  "$(cat "$TMP/err")"
test_expect_equal "120,000 '-': exit 2" 2 "$(run_status q search "$minuses")"
test_expect_match "... naming the limit" 'nests deeper than 100 levels' "$(cat "$TMP/err")"
test_expect_equal "... as JSON: code 400, param q" '{"code":400,"param":"q"}' \
  "$(q search --json "$minuses" | jq -c '.error | {code, param}')"

# 100,000 OR'd terms: one argument may hold at most 128 KiB, so the query
# is given as 1,000 arguments of 100 terms, which search joins.
chunk="$(repeat 'wheat OR ' 100)"
set --
i=0
while [ $i -lt 1000 ]; do
  set -- "$@" "$chunk"
  i=$((i + 1))
done
set -- "$@" wheat
test_expect_equal "100,000 OR'd terms: exit 2" 2 "$(run_status q search "$@")"
test_expect_match "... naming the limit" 'the query has more than 1000 terms' "$(cat "$TMP/err")"
set --

# Within the limits the same shapes run.
ok_parens="$(repeat '(' 100)wheat$(repeat ')' 100)"
test_expect_equal "100 nested parentheses run" \
  "$(q search --json wheat | jq .total)" "$(q search --json "$ok_parens" | jq .total)"
test_expect_equal "999 OR'd terms run" \
  "$(q search --json wheat | jq .total)" "$(q search --json "wheat$(repeat ' OR wheat' 998)" | jq .total)"

# batch: the three reproducers are reported and the other queries still run.
{
  echo wheat
  echo "$parens"
  echo "$minuses"
  printf 'wheat'; repeat ' OR wheat' 99999; echo
  echo talks
} >"$TMP/queries"
test_expect_equal "batch with the reproducers: exit 2" 2 "$(run_status q batch "$TMP/queries" --json)"
test_expect_equal "... 5 queries, 3 errors" '{"queries":5,"errors":3}' \
  "$(jq -c '{queries, errors}' "$TMP/out")"
test_expect_equal "... each error names its limit" 3 \
  "$(grep -cE 'nests deeper than 100 levels|more than 1000 terms' "$TMP/err")"

# A query ending where a term is due says what is missing, never "unexpected ''".
for case in "(|the query ends after '\\(' \\(at character 1\\)" \
  "wheat OR|'OR' \\(at character 7\\) needs a term on its right, but the query ends there" \
  "wheat AND (|the query ends after '\\('" "NOT|'NOT' \\(at character 1\\) needs a term after it"; do
  query=${case%%|*}; want=${case#*|}
  test_expect_equal "'$query': exit 2" 2 "$(run_status q search "$query")"
  test_expect_match "'$query': says what is missing" "$want" "$(cat "$TMP/err")"
  test_expect_equal "'$query': no empty quote" 0 "$(grep -c "''" "$TMP/err")"
done

# A query after `--` may start with '-', after a filter flag too (refused
# as an unexpected argument before the CLI was reworked).
test_expect_equal "search --person x -- '-egypt wheat': exit 0" 0 \
  "$(run_status q search --person x -- '-egypt wheat')"
test_expect_equal "... the same as the query in front" \
  "$(q search --json --person nazari 'talks -egypt' | jq -c '[.total, [.hits[].id]]')" \
  "$(q search --json --person nazari -- '-egypt talks' | jq -c '[.total, [.hits[].id]]')"

# --- Bounded work per request ---------------------------------------------
# Two articles dated 1000-01-01 and 9999-12-31: timeline=day asked for
# 3,287,182 buckets (0001..9999: 3,652,059, a 117 MB answer).
cat >"$TMP/far.jsonl" <<'EOF'
{"id":"far-1","title":"Wheat in the year 1000","body":"wheat harvest","date":"1000-01-01"}
{"id":"far-2","title":"Wheat in the year 9999","body":"wheat harvest","date":"9999-12-31"}
EOF
"$DATELINE_INDEX" -q --no-entities --db "$TMP/far" "$TMP/far.jsonl"
qf() { "$DATELINE_QUERY" --db "$TMP/far" "$@"; }
test_expect_equal "far dates indexed" 2 "$(qf search --json --facets none '' | jq .total)"
for unit in day month year auto; do
  qf search --json --facets none --timeline $unit '' >"$TMP/tl.json"
  test_expect_equal "timeline=$unit over 1000..9999: by year, 9,000 buckets, both counted" \
    '{"unit":"year","buckets":9000,"counted":2,"first":"1000","last":"9999"}' \
    "$(jq -c '{unit: .timeline_unit, buckets: (.timeline | length), counted: ([.timeline[].count] | add),
              first: .timeline[0].date, last: .timeline[-1].date}' "$TMP/tl.json")"
done
qf search --json --facets none --timeline day '' >"$TMP/tl.json"
test_expect_equal "timeline=day says why it is by year" \
  '["a timeline by day from 1000-01-01 to 9999-12-31 would have 3287182 buckets, more than 10000; counted by year instead"]' \
  "$(jq -c .notes "$TMP/tl.json")"
test_expect_match "... and the answer is small" '^[0-9]{1,6}$' "$(wc -c <"$TMP/tl.json" | tr -d ' ')"
test_expect_equal "the terminal timeline: exit 0" 0 "$(run_status qf search --timeline day wheat)"
test_expect_match "... by year, with the note" 'note: a timeline by day .* counted by year instead' \
  "$(cat "$TMP/out")"
test_expect_match "... folded empty years" 'empty years' "$(cat "$TMP/out")"

# A long article: the snippet reads its first 64 KiB, so a word beyond
# them finds the article but is not highlighted; one near the start is.
awk 'BEGIN {
  printf "{\"id\":\"long\",\"title\":\"Long report\",\"body\":\"Zanzibar opens the report.";
  for (i = 0; i < 20000; i++) printf " filler words here";
  printf " Kilimanjaro closes it.\"}\n" }' >"$TMP/long.jsonl"
"$DATELINE_INDEX" -q --no-entities --db "$TMP/long" "$TMP/long.jsonl"
ql() { "$DATELINE_QUERY" --db "$TMP/long" "$@"; }
test_expect_equal "a word at the end of a long article finds it" '"long"' \
  "$(ql search --json kilimanjaro | jq -c '.hits[0].id')"
test_expect_equal "... without a highlight (beyond the snippet window)" 0 \
  "$(ql search --json kilimanjaro | jq -r '.hits[0].snippet' | grep -c '<mark>')"
test_expect_equal "a word at its start is highlighted" '"<mark>Zanzibar</mark>"' \
  "$(ql search --json zanzibar | jq -c '.hits[0].snippet | capture("(?<m><mark>[^<]*</mark>)").m')"

# --- Terminal escape injection ---------------------------------------------
# An article whose fields hold OSC (set the window title) and CSI (clear
# the screen) sequences: no ESC reaches text output.
cat >"$TMP/evil.jsonl" <<'EOF'
{"id":"evil\u001b[2J","title":"Evil wheat \u001b]0;pwned\u0007\u001b[2J title","body":"wheat \u001b[31mred\u001b[0m body\u009b2J","source":"Src\u001b[5m","url":"https://example.com/\u001b[2J","authors":["A\u001b[1mB"]}
EOF
"$DATELINE_INDEX" -q --db "$TMP/evil" "$TMP/evil.jsonl"
qe() { "$DATELINE_QUERY" --db "$TMP/evil" "$@"; }
test_expect_equal "the hostile article is indexed, its title kept (JSON escapes it)" \
  '"Evil wheat \u001b]0;pwned\u0007\u001b[2J title"' \
  "$(qe search --json wheat | jq -c '.hits[0].title')"
evil_id=$(qe search --json wheat | jq -r '.hits[0].id')
for cmd in "search wheat" "search wheat --timeline day --facets person,org,place,country,source" \
  "suggest ev" "suggest wh" "stats"; do
  # shellcheck disable=SC2086
  qe $cmd >"$TMP/out" 2>&1
  test_expect_equal "$cmd: no ESC in the output" 0 "$(grep -c "$ESC" "$TMP/out")"
done
qe search wheat >"$TMP/out"
test_expect_match "search shows the title, its controls replaced" \
  '^1\. Evil wheat �]0;pwned��\[2J title$' "$(cat "$TMP/out")"
for cmd in "search --json wheat" "show --json $evil_id"; do
  # shellcheck disable=SC2086
  qe $cmd >"$TMP/out" 2>&1
  test_expect_equal "$cmd: JSON escapes ESC" 0 "$(grep -c "$ESC" "$TMP/out")"
done
# Nor C1 controls (U+009B is a one-byte CSI): JSON escapes them as it
# escapes ESC; export (JSON Lines and CSV) too.
C1=$(printf '\302\233')
for cmd in "search --json wheat" "show --json $evil_id" "export wheat" "export --format csv wheat"; do
  # shellcheck disable=SC2086
  qe $cmd >"$TMP/out" 2>&1
  test_expect_equal "$cmd: no ESC or C1 control" "0 0" \
    "$(LC_ALL=C grep -c "$ESC" "$TMP/out") $(LC_ALL=C grep -c "$C1" "$TMP/out")"
done
test_expect_equal "show --json: the body's U+009B escaped, kept" '"wheat \u001b[31mred\u001b[0m body\u009b2J"' \
  "$(qe show --json "$evil_id" | jq -c .body | sed 's/\xc2\x9b/\\u009b/')"
test_expect_match "show --json writes \\u009b" 'body\\u009b2J' "$(qe show --json "$evil_id")"
qe show "$evil_id" >"$TMP/out" 2>&1
test_expect_equal "show: no ESC" 0 "$(grep -c "$ESC" "$TMP/out")"
test_expect_match "show: the body, its controls replaced" 'wheat �\[31mred�\[0m body�2J' "$(cat "$TMP/out")"
qe related "$evil_id" >"$TMP/out" 2>&1
test_expect_equal "related: no ESC" 0 "$(grep -c "$ESC" "$TMP/out")"
# Errors echo what was typed.
test_expect_equal "show of an unknown hostile id: exit 1" 1 \
  "$(run_status qe show "x${ESC}]0;pwned$(printf '\007')")"
test_expect_equal "... no ESC in the message" 0 "$(grep -c "$ESC" "$TMP/err")"
test_expect_match "... which names the id" "no article with id 'x�]0;pwned�'" "$(cat "$TMP/err")"
test_expect_equal "a hostile query in error: no ESC" 0 \
  "$(qe search "(${ESC}[2J" 2>&1 | grep -c "$ESC")"
printf '%s\n' "(${ESC}[2J" >"$TMP/evil-queries"
qe batch "$TMP/evil-queries" --per-query >"$TMP/out" 2>&1
test_expect_equal "batch: no ESC" 0 "$(grep -c "$ESC" "$TMP/out")"
# The indexer's messages quote input: a bad date, a file name, an id.
printf '{"id":"x","title":"t","date":"\\u001b[2J"}\n' >"$TMP/bad.jsonl"
badname="$TMP/bad${ESC}]0;pwned$(printf '\007').jsonl"
printf 'not json\n' >"$badname"
test_expect_equal "the indexer on hostile input: exit 1" 1 \
  "$(run_status "$DATELINE_INDEX" --db "$TMP/evil2" "$TMP/bad.jsonl" "$badname")"
test_expect_equal "... no ESC in its messages" 0 "$(grep -c "$ESC" "$TMP/err")"
test_expect_match "... which name the file" 'bad�]0;pwned�\.jsonl:1:' "$(cat "$TMP/err")"
test_expect_equal "delete of a hostile id: exit 1" 1 \
  "$(run_status "$DATELINE_INDEX" --db "$TMP/evil" delete "y${ESC}[2J")"
test_expect_equal "... no ESC in its message" 0 "$(grep -c "$ESC" "$TMP/err")"

test_done
