#!/bin/sh
# Indexing the corpus: counts, upsert, delete, stdin, exit codes.
. "$(dirname "$0")/lib.sh"

out=$("$DATELINE_INDEX" --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" 2>&1); rc=$?
test_expect_equal "corpus indexes cleanly" 0 "$rc"
test_expect_match "summary line counts" '^indexed 51 articles \(51 new, 0 replaced\), 0 skipped, 0 failed in [0-9.]+ s \([0-9]+ articles/s\)' "$out"

test_expect_equal "stats: articles" 51 "$(q stats --json | jq .articles)"
test_expect_equal "stats: undated (txt-021, txt-022 have no header)" 2 "$(q stats --json | jq .undated)"
test_expect_equal "stats: first date" '"2025-01-14T00:00:00Z"' "$(q stats --json | jq .first_date)"
test_expect_equal "stats: schema version" 3 "$(q stats --json | jq .schema_version)"

# Same input again: everything replaced, nothing duplicated.
out=$("$DATELINE_INDEX" --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" 2>&1)
test_expect_match "re-index replaces" '51 articles \(0 new, 51 replaced\)' "$out"
test_expect_equal "no duplicates" 51 "$(q stats --json | jq .articles)"

# An article from standard input (plain text, no header): id from a hash.
printf 'Quokka census in Rottnest finds record numbers\nA standfirst.\nThe quokka count rose.\n' |
  "$DATELINE_INDEX" -q --db "$TMP/db" -
test_expect_equal "stdin article indexed" 52 "$(q stats --json | jq .articles)"
id=$(q_ids quokka)
test_expect_match "hash id for an article without id or url" '^h[0-9a-f]{16}$' "$id"
printf 'Quokka census in Rottnest finds record numbers\nA standfirst.\nThe quokka count rose again.\n' |
  "$DATELINE_INDEX" -q --db "$TMP/db" -
test_expect_equal "same title+source+date replaces" 52 "$(q stats --json | jq .articles)"

# JSON Lines from stdin, with a URL as id.
printf '{"title":"Walrus sighting","body":"A walrus was seen.","url":"https://example.org/walrus","date":"2026-03-01"}\n' |
  "$DATELINE_INDEX" -q --db "$TMP/db" -
test_expect_equal "url id" "https://example.org/walrus" "$(q_ids walrus)"

# Delete.
"$DATELINE_INDEX" --db "$TMP/db" delete "https://example.org/walrus" 2>/dev/null; rc=$?
test_expect_equal "delete exit 0" 0 "$rc"
test_expect_equal "deleted article gone" "" "$(q_ids walrus)"
"$DATELINE_INDEX" --db "$TMP/db" delete no-such-id 2>"$TMP/err"; rc=$?
test_expect_equal "delete unknown id exits 1" 1 "$rc"
test_expect_match "delete unknown id message" "no article with id 'no-such-id'" "$(cat "$TMP/err")"

# Show.
test_expect_equal "show --json title" '"Egypt buys 420,000 tonnes of wheat as local harvest disappoints"' \
  "$(q show corpus-jl-016 --json | jq .title)"
q show nope >/dev/null 2>&1; rc=$?
test_expect_equal "show unknown id exits 1" 1 "$rc"

# Usage errors exit 2; a missing index exits 3.
"$DATELINE_INDEX" --db "$TMP/db" --batch 0 "$CORPUS/text" 2>/dev/null; rc=$?
test_expect_equal "bad flag exits 2" 2 "$rc"
"$DATELINE_QUERY" --db "$TMP/none" search x 2>"$TMP/err"; rc=$?
test_expect_equal "missing index exits 3" 3 "$rc"
test_expect_match "missing index message names the path" "$TMP/none: no dateline index" "$(cat "$TMP/err")"

# Batch size 7 gives the same index.
"$DATELINE_INDEX" -q --db "$TMP/db2" --batch 7 --threads 1 "$CORPUS/text" "$CORPUS/jsonl"
test_expect_equal "small batches, one thread" 51 "$("$DATELINE_QUERY" --db "$TMP/db2" stats --json | jq .articles)"

test_done
