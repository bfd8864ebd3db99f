#!/bin/sh
# Bad input is reported as path:line: message, skipped, counted; exit 1.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in"
printf '{"id":"ok-1","title":"Good one","body":"Fine text about lynx.","date":"2026-01-02"}\n{"id":"bad-json", "title": \n{"id":"ok-2","title":"Second good","body":"More lynx."}\n["not","an","object"]\n{"id":"no-text"}\n{"id":"bad-date","title":"T","body":"B","date":"yesterday"}\n' > "$TMP/in/a.jsonl"
printf 'Lynx headline\nStandfirst\nBody \377 with a Latin-1 byte.\n' > "$TMP/in/latin1.txt"
: > "$TMP/in/empty.txt"
printf '\000\001\002binary\000' > "$TMP/in/blob.txt"
printf 'ID: hdr-1\nDate: not a date\n\nLynx head\nStand\nBody\n' > "$TMP/in/baddate.txt"
printf 'ID: hdr-2\nDate: 2026-02-30\n\nLynx head two\nStand\nBody\n' > "$TMP/in/feb30.txt"

"$DATELINE_INDEX" --db "$TMP/db" "$TMP/in" 2>"$TMP/err"; rc=$?
err=$(cat "$TMP/err")
test_expect_equal "exit 1 when something was skipped" 1 "$rc"
test_expect_match "malformed JSON names file and line" "a.jsonl:2: malformed JSON" "$err"
test_expect_match "non-object" "a.jsonl:4: expected a JSON object, got array" "$err"
test_expect_match "no title or body" "a.jsonl:5: article has neither title nor body" "$err"
test_expect_match "bad date" "a.jsonl:6: 'date' is not an ISO 8601 or RFC 2822 date: \"yesterday\"" "$err"
test_expect_match "Latin-1 text is read, with a warning" "latin1.txt:3: warning: not UTF-8; read as windows-1252" "$err"
test_expect_match "empty file" "empty.txt: empty file" "$err"
test_expect_match "binary file" "blob.txt: binary file" "$err"
test_expect_match "header date" "baddate.txt:2: 'Date' is not" "$err"
test_expect_match "impossible date" "feb30.txt:2: 'Date' is not" "$err"
test_expect_match "summary counts" "indexed 3 articles \\(3 new, 0 replaced\\), 8 skipped, 0 failed" "$err"
test_expect_equal "good articles are searchable (undated last)" "ok-1 ok-2" "$(q_ids 'lynx -headline' --sort oldest)"
test_expect_equal "the Latin-1 byte became its letter" "Body ÿ with a Latin-1 byte." \
  "$(q show --json "$(q_ids 'lynx headline')" | jq -r .body)"

# --strict stops at the first problem, keeps what came before.
"$DATELINE_INDEX" --strict --db "$TMP/strict" "$TMP/in/a.jsonl" 2>"$TMP/err"; rc=$?
test_expect_equal "strict exits 1" 1 "$rc"
test_expect_match "strict says so" "stopped at the first problem" "$(cat "$TMP/err")"
test_expect_equal "strict kept the article before the problem" 1 \
  "$("$DATELINE_QUERY" --db "$TMP/strict" stats --json | jq .articles)"

# A missing path is an error too, and the index stays usable.
"$DATELINE_INDEX" --db "$TMP/db" "$TMP/in/nope.jsonl" 2>"$TMP/err"; rc=$?
test_expect_equal "missing file exits 1" 1 "$rc"
test_expect_match "missing file message" "nope.jsonl: no such file or directory" "$(cat "$TMP/err")"
test_expect_equal "index still consistent" 3 "$(q stats --json | jq .articles)"

# Real shared data indexes as it is (where present).
if [ -d "$SHARED/wikinews" ]; then
  "$DATELINE_INDEX" -q --db "$TMP/wiki" "$SHARED/wikinews" "$SHARED/bbc-news"; rc=$?
  test_expect_equal "wikinews + bbc index cleanly" 0 "$rc"
  test_expect_equal "wikinews + bbc count" 2520 "$("$DATELINE_QUERY" --db "$TMP/wiki" stats --json | jq .articles)"
  test_expect_equal "bbc articles are undated" 2225 "$("$DATELINE_QUERY" --db "$TMP/wiki" stats --json | jq .undated)"
else
  echo "# SKIP shared-data checks: $SHARED is absent"
fi

test_done
