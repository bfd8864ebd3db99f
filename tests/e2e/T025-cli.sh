#!/bin/sh
# The command line: flag order never changes a result, errors come in the
# shape asked for (JSON with --json) with the README's exit statuses, serve
# refuses a port in use, and the terminal timeline folds empty runs.
. "$(dirname "$0")/lib.sh"
index_corpus

# Output of a command with its timings removed, for comparisons.
stable() { "$@" | jq -c 'del(.took_ms)'; }

# --- Flag order -------------------------------------------------------------
# Every repeatable option of search and export: the flag before the words,
# with "=", and after the words give the same JSON, and it is not empty.
# Before the fix `--person nazari talks` filtered by the person "talks".
for case in "person|Farid Nazari|talks" "org|World Food Programme|cyclone" "actor|nazari|gas" \
  "place|Beira|cyclone" "country|IR|talks" "source|Dateline Wire|talks" "lang|en|wheat"; do
  flag=${case%%|*}; rest=${case#*|}; value=${rest%%|*}; word=${rest#*|}
  after=$(stable q search --json "$word" "--$flag" "$value")
  before=$(stable q search --json "--$flag" "$value" "$word")
  equals=$(stable q search --json "--$flag=$value" "$word")
  test_expect_equal "search --$flag before the words" "$after" "$before"
  test_expect_equal "search --$flag=value before the words" "$after" "$equals"
  test_expect_match "search --$flag finds something" '^[1-9]' "$(echo "$after" | jq .total)"
  test_expect_equal "search --$flag: the word stays a word" "\"$word\"" "$(echo "$before" | jq -c .query)"
  ex_after=$(q export "$word" "--$flag" "$value")
  ex_before=$(q export "--$flag" "$value" "$word")
  test_expect_equal "export --$flag before the words" "$ex_after" "$ex_before"
  test_expect_equal "export --$flag exports the search's matches" "$(echo "$after" | jq .total)" \
    "$(printf '%s\n' "$ex_after" | grep -c .)"
done
# Several filter flags: all apply, wherever they are.
test_expect_equal "two filter flags around the words" \
  "$(stable q search --json talks --person nazari --country IR)" \
  "$(stable q search --json --person nazari talks --country IR)"

# Every other option of search, before and after the words.
for opt in "--sort oldest" "--limit 2" "--offset 1" "--facets person,place" "--facet-size 2" \
  "--facet-cap 5" "--facet-columns never" "--timeline month" "--half-life 7d" "--from 2025-06" \
  "--to 2026-01" "--any" "--json"; do
  # shellcheck disable=SC2086
  test_expect_equal "search $opt before the words" \
    "$(stable q search --json ceasefire talks $opt)" "$(stable q search --json $opt ceasefire talks)"
done
test_expect_equal "--sort recent with --half-life" \
  "$(stable q search --json talks --sort recent --half-life 7d)" \
  "$(stable q search --sort recent --half-life 7d --json talks)"
test_expect_equal "--db after the command" "$(stable q search --json wheat)" \
  "$(stable "$DATELINE_QUERY" search --json wheat --db "$TMP/db")"
test_expect_equal "words naming commands are words" '"export stats"' \
  "$(q search --json export stats | jq -c .query)"
test_expect_equal "words starting with - after --" '"wheat -Egypt"' \
  "$(q search --json -- wheat -Egypt | jq -c .query)"
test_expect_equal "... and mean what they say" "$(q search --json 'wheat -Egypt' | jq .total)" \
  "$(q search --json -- wheat -Egypt | jq .total)"

# The other subcommands' options.
test_expect_equal "export --format before the words" "$(q export wheat --format csv)" "$(q export --format csv wheat)"
test_expect_equal "suggest --limit before the prefix" "$(q suggest whe --json --limit 2)" \
  "$(q suggest --limit 2 --json whe)"
test_expect_equal "related --limit before the id" "$(stable q related corpus-txt-011 --json --limit 2)" \
  "$(stable q related --json --limit 2 corpus-txt-011)"
test_expect_equal "show --json before the id" "$(q show corpus-txt-011 --json)" "$(q show --json corpus-txt-011)"
printf 'wheat\nceasefire talks\n# a comment\noil\n' >"$TMP/queries"
batch_stable() { q batch "$@" | jq -c 'del(.total_ms, .latency_ms, .peak_rss_kib) | .per_query[]?.ms = 0'; }
test_expect_equal "batch options before the file" \
  "$(batch_stable "$TMP/queries" --json --per-query --limit 3 --facets none --facet-cap 2)" \
  "$(batch_stable --json --per-query --limit 3 --facets none --facet-cap 2 "$TMP/queries")"

# dateline-index: options before or after the paths build the same index.
"$DATELINE_INDEX" -q --batch 7 --threads 1 --db "$TMP/db-a" "$CORPUS/text"
"$DATELINE_INDEX" "$CORPUS/text" --db "$TMP/db-b" --threads 1 -q --batch 7
test_expect_equal "dateline-index options after the paths" \
  "$("$DATELINE_QUERY" --db "$TMP/db-a" search --json --limit 100 | jq -c 'del(.took_ms)')" \
  "$("$DATELINE_QUERY" --db "$TMP/db-b" search --json --limit 100 | jq -c 'del(.took_ms)')"
"$DATELINE_INDEX" delete corpus-txt-001 corpus-txt-002 --db "$TMP/db-b" 2>/dev/null
test_expect_equal "delete: --db after the ids" "$(($("$DATELINE_QUERY" --db "$TMP/db-a" stats --json | jq .articles) - 2))" \
  "$("$DATELINE_QUERY" --db "$TMP/db-b" stats --json | jq .articles)"
# ner-clusters' repeatable --conll: before or after the inputs.
printf 'Reuters NNP B-NP B-ORG\nsaid VBD B-VP O\n\nOil NN B-NP O\nrose VBD B-VP O\n' >"$TMP/a.conll"
"$DATELINE_INDEX" ner-clusters --conll "$TMP/a.conll" "$CORPUS/text" --out "$TMP/c1" --window 8 2>/dev/null
"$DATELINE_INDEX" ner-clusters "$CORPUS/text" --conll "$TMP/a.conll" --window 8 --out "$TMP/c2" 2>/dev/null
test_expect_equal "ner-clusters --conll before the inputs" "$(cat "$TMP/c1")" "$(cat "$TMP/c2")"
test_expect_match "ner-clusters read both" '^[01]+	' "$(head -1 "$TMP/c1")"

# --- Errors -----------------------------------------------------------------
# run_err ARGS...: runs the query tool; sets rc, out (stdout), err (stderr).
run_err() {
  q "$@" >"$TMP/out" 2>"$TMP/err"; rc=$?
  out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
}
# expect_error NAME STATUS CODE PARAM ARGS...: with --json, one error object
# on stdout with that code and param (a grep -E alternation), nothing else; without, the message on
# stderr and nothing on stdout; the same exit status both ways.
expect_error() {
  name=$1 status=$2 code=$3 param=$4; shift 4
  run_err "$@" --json
  test_expect_equal "$name: exit $status with --json" "$status" "$rc"
  test_expect_match "$name: JSON error" "^$code ($param)\$" \
    "$(echo "$out" | jq -r '.error | "\(.code) \(.param)"' 2>&1)"
  test_expect_equal "$name: one JSON object only" "1 true" \
    "$(echo "$out" | jq -s -r '"\(length) \(.[0].error.message | length > 0)"' 2>&1)"
  json_message=$(echo "$out" | jq -r .error.message)
  run_err "$@"
  test_expect_equal "$name: exit $status without --json" "$status" "$rc"
  test_expect_equal "$name: nothing on stdout" "" "$out"
  test_expect_match "$name: the message on stderr" "^dateline-query: " "$err"
}
expect_error "--limit abc" 2 400 limit search oil --limit abc
test_expect_match "--limit abc: names the flag and what it expects" \
  '^--limit expects a whole number from 0 to 10000, not "abc"$' "$json_message"
expect_error "--offset -1" 2 400 offset search --offset -1 oil
test_expect_match "--offset -1: names the flag" '^--offset expects a whole number' "$json_message"
expect_error "--facet-size x" 2 400 facet_size search oil --facet-size x
test_expect_match "--facet-size x: names the flag" '^--facet-size expects a whole number from 1 to 1000' "$json_message"
expect_error "--facet-cap -1" 2 400 facet_cap search oil --facet-cap -1
expect_error "--limit 0x10" 2 400 limit search oil --limit 0x10
expect_error "--limit past the range" 2 400 limit search oil --limit 10001
expect_error "suggest --limit 0" 2 400 limit suggest whe --limit 0
expect_error "batch --limit" 2 400 limit batch "$TMP/queries" --limit many
expect_error "serve --port" 2 400 port serve --port 70000
expect_error "serve --reopen" 2 400 reopen serve --reopen soon
expect_error "unknown facet" 2 400 facets search oil --facets person,bogus
expect_error "bad --sort" 2 400 sort search oil --sort sideways
expect_error "unknown flag" 2 400 limt search oil --limt 5
expect_error "query syntax error" 2 400 q search '(wheat'
test_expect_match "query syntax error: the message" "^query syntax error: " "$json_message"
expect_error "a date that is no date" 2 400 from search wheat --from 2025-13
# These two wait for the core's checks (src/search, on main).
expect_error "--from after --to" 2 400 'from|to' search wheat --from 2026 --to 2025
expect_error "empty filter value" 2 400 person search wheat --person ''
expect_error "unknown command" 2 400 command serch oil
test_expect_match "unknown command lists the commands" \
  "unknown command 'serch' \(did you mean 'search'\?\); the commands are: search, stats, show, story, suggest, related, export, serve, batch" \
  "$json_message"
expect_error "no command" 2 400 command
expect_error "unknown id (show)" 1 404 id show no-such-id
expect_error "unknown id (related)" 1 404 id related no-such-id
# The index cannot be opened: 3, code 500 as the API's index errors.
"$DATELINE_QUERY" --db "$TMP/none" search wheat --json >"$TMP/out" 2>"$TMP/err"; rc=$?
test_expect_equal "missing index: exit 3 with --json" 3 "$rc"
test_expect_equal "missing index: JSON error" "500 null" "$(jq -r '.error | "\(.code) \(.param)"' "$TMP/out")"
test_expect_match "missing index: the message names it" "$TMP/none" "$(jq -r .error.message "$TMP/out")"
"$DATELINE_QUERY" --db "$TMP/none" search wheat >"$TMP/out" 2>"$TMP/err"; rc=$?
test_expect_equal "missing index: exit 3 without --json" "3 " "$rc $(cat "$TMP/out")"
"$DATELINE_QUERY" --db "$TMP/none" batch "$TMP/queries" --json >"$TMP/out" 2>/dev/null; rc=$?
test_expect_equal "batch, missing index: exit 3, JSON error" "3 500" "$rc $(jq .error.code "$TMP/out")"
# --help is no error.
q search --help >/dev/null 2>&1; test_expect_equal "--help exits 0" 0 $?

# batch: each path of cmd_batch.cc against the README's table.
q batch "$TMP/queries" >/dev/null 2>&1; test_expect_equal "batch: all queries ran: exit 0" 0 $?
expect_error "batch: no such file" 2 400 file batch "$TMP/no-such-file"
expect_error "batch: a directory" 2 400 file batch "$TMP"
expect_error "batch: unknown facet, once" 2 400 facets batch "$TMP/queries" --facets bogus
printf 'wheat\n(wheat\ndate:2025-13\noil\n' >"$TMP/bad-queries"
q batch "$TMP/bad-queries" --json --per-query >"$TMP/out" 2>"$TMP/err"; rc=$?
test_expect_equal "batch: queries search refuses: exit 2" 2 "$rc"
test_expect_equal "batch: the others still ran" "4 2 2" "$(jq -r '"\(.queries) \(.errors) \(.with_hits)"' "$TMP/out")"
test_expect_equal "batch: each failed query on stderr" 2 "$(grep -c '^dateline-query: ' "$TMP/err")"

# dateline-index: bad numbers name the flag; a mistyped command is named.
"$DATELINE_INDEX" --db "$TMP/db-c" --batch abc "$CORPUS/text" 2>"$TMP/err"; rc=$?
test_expect_equal "dateline-index --batch abc: exit 2" 2 "$rc"
test_expect_match "dateline-index --batch abc: names the flag" '--batch expects a whole number' "$(cat "$TMP/err")"
"$DATELINE_INDEX" --db "$TMP/db-c" delte x 2>"$TMP/err"; rc=$?
test_expect_equal "dateline-index delte: exit 2" 2 "$rc"
test_expect_match "dateline-index delte: lists the commands" \
  "did you mean 'delete'\?\); the commands are: delete, compact, ner-train" "$(cat "$TMP/err")"
test_expect_equal "dateline-index delte: no index made" no "$([ -e "$TMP/db-c" ] && echo yes || echo no)"

# --- Terminal timeline --------------------------------------------------------
# A day timeline over two years of 51 articles is mostly empty days: runs
# of three or more print as one line; JSON keeps every bucket.
json=$(q search --json --facets none --timeline day)
text=$(q search --facets none --timeline day | sed -n '/^timeline (day)$/,$p' | tail -n +2)
buckets=$(echo "$json" | jq '.timeline | length')
span=$(echo "$json" | jq '(.timeline[-1].date, .timeline[0].date) |= (strptime("%Y-%m-%d") | mktime)
  | (.timeline[-1].date - .timeline[0].date) / 86400 + 1')
test_expect_equal "JSON timeline: one bucket per day, empty ones included" "$span" "$buckets"
test_expect_match "JSON timeline: has empty days" '^[1-9]' "$(echo "$json" | jq '[.timeline[] | select(.count == 0)] | length')"
shown=$(echo "$text" | awk '/ empty days\)$/ { s = $0; sub(/.*\(/, "", s); n += s + 0; next } { n++ } END { print n }')
test_expect_equal "text timeline accounts for every day" "$buckets" "$shown"
test_expect_match "text timeline folds a run" '^… +\([0-9]+ empty days\)$' "$text"
test_expect_equal "text timeline: much shorter" yes "$([ "$(echo "$text" | wc -l)" -lt $((buckets / 4)) ] && echo yes)"
test_expect_equal "text timeline: no run of 3 empty days left" "" \
  "$(echo "$text" | awk '$2 == "0" { z++; if (z >= 3) print; next } { z = 0 }')"
test_expect_equal "text timeline: dated lines match JSON's non-empty days" \
  "$(echo "$json" | jq -r '.timeline[] | select(.count > 0) | "\(.date) \(.count)"')" \
  "$(echo "$text" | awk '$1 != "…" && $2 != "0" { print $1, $2 }')"

# --- serve on a port in use ---------------------------------------------------
start_server
timeout 20 "$DATELINE_QUERY" --db "$TMP/db" serve --port "$port" >/dev/null 2>"$TMP/err2"; rc=$?
test_expect_equal "serve on a port in use exits 3" 3 "$rc"
test_expect_match "... naming the address" "cannot listen on 127\.0\.0\.1:$port: the address is already in use" \
  "$(cat "$TMP/err2")"
test_expect_equal "the first server still answers" ok \
  "$(curl -s "http://127.0.0.1:$port/healthz" | jq -r .status)"

test_done
