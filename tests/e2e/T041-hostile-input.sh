#!/bin/sh
# Hostile input (issue 13): numbers that overflow, nesting that would blow
# the stack, dates and ids outside their range, binary files. Each is
# reported as path:line: message, skipped and counted; the run goes on and
# the good lines after the bad ones are indexed. Inputs are generated here.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/in"
{
  printf '%s\n' '{"id":"g1","title":"Hostile one","body":"lynx","date":"2026-01-02"}'
  printf '%s\n' '{"id":"b","title":"x","n":1e400}'
  printf '%s\n' '{"id":"g2","title":"After overflow","body":"lynx"}'
  awk 'BEGIN { printf "{\"id\":\"deep\",\"title\":\"x\",\"deep\":";
    for (i = 0; i < 100000; i++) printf "[";
    for (i = 0; i < 100000; i++) printf "]";
    print "}" }'
  printf '%s\n' '{"id":"big-date","title":"lynx","date":18446744073709551615}'
  printf '%s\n' '{"id":18446744073709551615,"title":"Big id lynx"}'
  printf '%s\n' '{"id":-1,"title":"Minus one lynx"}'
  printf '%s\n' '{"id":"tz","title":"lynx","date":"0001-01-01T00:00:00+01:00"}'
  printf '%s\n' '{"id":"edge","title":"Edge lynx","date":"9999-12-31T23:59:59Z"}'
  printf '%s\n' '{"id":"neg","title":"lynx","date":-9223372036854775808}'
  printf '%s\n' '{"id":"g3","title":"Last lynx"}'
} > "$TMP/in/a.jsonl"
cp /bin/ls "$TMP/in/ls.jsonl"
{
  printf 'Late NUL lynx\nStandfirst\n'
  awk 'BEGIN { for (i = 0; i < 2000; i++) printf "lynx "; print "" }'
  printf 'tail\000here\n'
} > "$TMP/in/late-nul.txt"
printf 'ID: leap\nDate: 9999-12-31T23:59:60Z\n\nLynx head\nStand\nBody\n' > "$TMP/in/leap.txt"

"$DATELINE_INDEX" --db "$TMP/db" "$TMP/in" 2>"$TMP/err"; rc=$?
err=$(cat "$TMP/err")
test_expect_equal "exit 1, not a crash or exit 3" 1 "$rc"
test_expect_match "overflowing number" "a.jsonl:2: malformed JSON: number overflow parsing '1e400'" "$err"
test_expect_match "deep nesting" "a.jsonl:4: JSON nested deeper than 64 levels" "$err"
test_expect_match "integer date out of range" \
  "a.jsonl:5: 'date' is out of range \\(years 1 to 9999, UTC\\): 18446744073709551615 seconds since 1970" "$err"
test_expect_match "zone pushes the date into year 0" \
  "a.jsonl:8: 'date' is out of range \\(years 1 to 9999, UTC\\): \"0001-01-01T00:00:00\\+01:00\"" "$err"
test_expect_match "negative integer date" "a.jsonl:10: 'date' is out of range" "$err"
test_expect_match "binary .jsonl" "ls.jsonl: binary file, not JSON Lines" "$err"
test_expect_equal "binary .jsonl reported once" 1 "$(grep -c 'ls\.jsonl' "$TMP/err")"
test_expect_match "NUL after 8 KB of text" "late-nul.txt: binary file" "$err"
test_expect_match "leap second into year 10000" "leap.txt:2: 'Date' is out of range" "$err"
test_expect_match "summary counts" "indexed 6 articles \\(6 new, 0 replaced\\), 8 skipped, 0 failed" "$err"

test_expect_equal "good lines after the bad ones are indexed" \
  "-1 18446744073709551615 edge g1 g2 g3" \
  "$(q search --json --facets none --limit 50 lynx | jq -r '[.hits[].id] | sort | join(" ")')"
test_expect_equal "a uint64 id keeps its digits" "18446744073709551615" \
  "$(q show --json 18446744073709551615 | jq -r .id)"
test_expect_equal "the last second of 9999 is shown, not null" "9999-12-31T23:59:59Z" \
  "$(q show --json edge | jq -r .date)"
test_expect_equal "stats agree" "6 4" "$(q stats --json | jq -r '"\(.articles) \(.undated)"')"

test_done
