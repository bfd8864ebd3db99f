#!/bin/sh
# T066-remote-shards: the corpus split into three shard databases, served by
# three xapian-tcpsrv on loopback, searched through stub files (three remote
# shards; two remote and one local) and compared with one index of the same
# articles: totals, top-10 ids and order, facet counts, timeline, show,
# export (dates in order, undated last), oldest first, stats, suggest,
# related, batch --answers, spelling, stories and serve. Then one server dies: exit 3 naming
# it, --allow-partial answers from the other two, serve answers 503 and
# allow_partial=1, and recovers when the server comes back.
#
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

if ! command -v xapian-tcpsrv >/dev/null 2>&1; then
  echo "T066: skipped: xapian-tcpsrv is not installed (scripts/setup --tests installs xapian-tools)"
  exit 77
fi
for tool in curl jq python3 setsid; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "T066: $tool is required (scripts/setup --tests installs it)" >&2
    exit 1
  fi
done

not_ok() {
  count=$((count + 1))
  failures=$((failures + 1))
  echo "FAIL $count - $1"
  shift
  for line in "$@"; do echo "  $line"; done
}

# One index of everything, and three shards of the same files.
entities=
if ! "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" 2>"$TMP/index.err"; then
  if grep -q "NER model not found" "$TMP/index.err"; then
    echo "# no NER model: indexing without entities"
    entities=--no-entities
    "$DATELINE_INDEX" -q $entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" ||
      { echo "T066: indexing the corpus failed" >&2; exit 1; }
  else
    cat "$TMP/index.err" >&2
    exit 1
  fi
fi
"$DATELINE_INDEX" -q $entities --db "$TMP/s1" "$CORPUS/jsonl/international.jsonl" "$CORPUS/jsonl/wire-2025.jsonl" &&
  "$DATELINE_INDEX" -q $entities --db "$TMP/s2" "$CORPUS/jsonl/wire-2026.jsonl" &&
  "$DATELINE_INDEX" -q $entities --db "$TMP/s3" "$CORPUS/text" ||
  { echo "T066: indexing the shards failed" >&2; exit 1; }

start_tcpsrv 1 "$TMP/s1"
start_tcpsrv 2 "$TMP/s2"
start_tcpsrv 3 "$TMP/s3"
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port_1" "$port_2" "$port_3" \
  >"$TMP/remote.stub"
# A directory with its XAPIANDB stub; the local shard's path is relative
# to the stub, as Xapian reads it.
mkdir "$TMP/mixed"
printf '# two remote shards and a local one\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\nauto ../s3\n' \
  "$port_1" "$port_2" >"$TMP/mixed/XAPIANDB"

on() { db=$1; shift; "$DATELINE_QUERY" --db "$db" "$@"; }

# The parts of a search that must not depend on how the archive is split.
view='{total, total_exact, ids: [.hits[].id], facets, facets_exact, timeline, timeline_unit, corrected_query}'
for stub in "$TMP/remote.stub" "$TMP/mixed"; do
  name=${stub##*/}
  for query in oil "talks" "bank rates" "" "oil OR wheat" "person:putin" harbuor; do
    args="--facets org,person,place,country,source --facet-size 50 --timeline month --limit 10"
    want=$(on "$TMP/db" search --json $args -- $query | jq -cS "$view" | strip_accents)
    got=$(on "$stub" search --json $args -- $query | jq -cS "$view" | strip_accents)
    test_expect_equal "$name: search '$query': totals, top-10, facets, timeline" "$want" "$got"
  done
  got=$(on "$stub" search --json --timeline day oil | jq -c '[.counting, .shards]')
  test_expect_equal "$name: counting is stock, shards listed" '["stock",{"failed":[],"total":3}]' "$got"
  want=$(on "$TMP/db" search --json --timeline day --sort newest --limit 20 "" | jq -c '[.timeline, [.hits[].id]]' | md5sum)
  got=$(on "$stub" search --json --timeline day --sort newest --limit 20 "" | jq -c '[.timeline, [.hits[].id]]' | md5sum)
  test_expect_equal "$name: daily timeline, newest first" "$want" "$got"
  id=$(on "$TMP/db" search --json --limit 1 oil | jq -r '.hits[0].id')
  test_expect_equal "$name: show" "$(on "$TMP/db" show --json "$id" | jq -cS .)" "$(on "$stub" show --json "$id" | jq -cS .)"
  # Articles of one date come in docid order, which shards interleave.
  test_expect_equal "$name: export" "$(on "$TMP/db" export oil | sort | md5sum)" "$(on "$stub" export oil | sort | md5sum)"
  test_expect_equal "$name: stats" \
    "$(on "$TMP/db" stats --json | jq -c '[.articles, .undated, .first_date, .last_date, .schema_version]')" \
    "$(on "$stub" stats --json | jq -c '[.articles, .undated, .first_date, .last_date, .schema_version]')"
  test_expect_equal "$name: suggest" "$(on "$TMP/db" suggest --json o | jq -c .)" "$(on "$stub" suggest --json o | jq -c .)"
  # related weighs its expansion terms over every shard (exact term
  # frequencies) and counts every match.
  for rid in "$id" corpus-txt-011 corpus-jl-013; do
    test_expect_equal "$name: related $rid: total, ids" \
      "$(on "$TMP/db" related --json "$rid" | jq -c '[.total, .total_exact, [.hits[].id]]')" \
      "$(on "$stub" related --json "$rid" | jq -c '[.total, .total_exact, [.hits[].id]]')"
  done
  # Oldest first lists the undated articles last, as one index does, also
  # on a page that straddles the last dated article.
  for page in "--limit 60" "--offset 47 --limit 3" "--offset 48 --limit 10"; do
    test_expect_equal "$name: oldest first ($page)" \
      "$(on "$TMP/db" search --json --facets none --sort oldest $page "" | jq -c '[.total, [.hits[].id]]')" \
      "$(on "$stub" search --json --facets none --sort oldest $page "" | jq -c '[.total, [.hits[].id]]')"
  done
  test_expect_equal "$name: export lists dates in order, undated last" \
    "$(on "$TMP/db" export "" | jq -r '.date // "undated"' | md5sum)" \
    "$(on "$stub" export "" | jq -r '.date // "undated"' | md5sum)"
  # batch --answers: what bench/shards/run-1m.sh compares across layouts.
  printf 'oil\nbank rates\n# a comment\nperson:putin\n' >"$TMP/queries.txt"
  test_expect_equal "$name: batch --answers" \
    "$(on "$TMP/db" batch --facets org,country --timeline month --per-query --answers --json "$TMP/queries.txt" |
      jq -cS '[.per_query[] | .answer]' | strip_accents)" \
    "$(on "$stub" batch --facets org,country --timeline month --per-query --answers --json "$TMP/queries.txt" |
      jq -cS '[.per_query[] | .answer]' | strip_accents)"
done
# Stories: the three shards were indexed apart, so their story ids are
# their own; the same shards as a local stub must give the same stories.
printf 'auto s1\nauto s2\nauto s3\n' >"$TMP/local.stub"
sid=$(on "$TMP/local.stub" search --json --collapse story --limit 50 "" | jq -r '[.hits[] | select(.story.size > 1)][0].id')
test_expect_match "a story of several versions among the shards" '^corpus-' "$sid"
for stub in "$TMP/remote.stub" "$TMP/mixed"; do
  name=${stub##*/}
  test_expect_equal "$name: story $sid lists its versions, oldest first" \
    "$(on "$TMP/local.stub" story --json "$sid" | jq -cS .)" "$(on "$stub" story --json "$sid" | jq -cS .)"
  test_expect_equal "$name: collapsed by story, each hit with its other versions" \
    "$(on "$TMP/local.stub" search --json --collapse story --limit 50 "" | jq -c '[.hits[] | [.id, .story]]')" \
    "$(on "$stub" search --json --collapse story --limit 50 "" | jq -c '[.hits[] | [.id, .story]]')"
done
test_expect_equal "remote stub: stats says 3 remote shards, size unknown" '[{"remote":3,"total":3},null]' \
  "$(on "$TMP/remote.stub" stats --json | jq -c '[.shards, .size_bytes]')"
test_expect_equal "mixed stub: stats says 2 of 3 shards are remote" '{"remote":2,"total":3}' \
  "$(on "$TMP/mixed" stats --json | jq -c '.shards')"
got=$(on "$TMP/db" search --json --timeline day oil | jq -c '[.counting, .shards]')
test_expect_equal "one index: counting is local, no shards block" '["local",null]' "$got"

# serve over the remote stub, started while every shard answers.
start_server_on "$TMP/remote.stub" --shard-timeout 2000
url="http://127.0.0.1:$port"
got=$(curl -s "$url/search?q=oil&facets=org,country&timeline=month" | jq -c '[.total, .counting, .shards.total]')
want=$(on "$TMP/db" search --json oil | jq -c '[.total, "stock", 3]')
test_expect_equal "serve over remote shards" "$want" "$got"
for query in oil "bank+rates" harbuor; do
  want=$(on "$TMP/db" search --json --facets org,person,country --timeline month --limit 10 -- "$(echo "$query" | tr + ' ')" |
    jq -cS "$view" | strip_accents)
  got=$(curl -s "$url/search?q=$query&facets=org,person,country&timeline=month&limit=10" | jq -cS "$view" | strip_accents)
  test_expect_equal "serve over remote shards: '$query' answers as one index" "$want" "$got"
done
# What the search page sends over remote shards (it reads .shards.remote
# from /stats): collapse by story, facets by article; by story is refused.
test_expect_equal "serve over remote shards: collapse=story with facets by article" "200 true story" \
  "$(curl -s -w '%{http_code}' -o "$TMP/page.json" "$url/search?q=oil&collapse=story&facets=org,country&timeline=auto" &&
    echo " $(jq -r '"\(.facets.org != null) \(.collapse)"' "$TMP/page.json")")"
test_expect_equal "serve over remote shards: collapsed results say their facets count articles" "1" \
  "$(jq '[.notes[] | select(test("count articles, not stories"))] | length' "$TMP/page.json")"
test_expect_equal "serve over remote shards: facet_by=story is refused" "400 facet_by" \
  "$(curl -s -w '%{http_code}' -o "$TMP/page.json" "$url/search?q=oil&collapse=story&facet_by=story&facets=org" &&
    echo " $(jq -r .error.param "$TMP/page.json")")"
test_expect_equal "serve over remote shards: /stats" \
  "$(on "$TMP/db" stats --json | jq -c '[.articles, .undated, .first_date, .last_date, {"remote":3,"total":3}]')" \
  "$(curl -s "$url/stats" | jq -c '[.articles, .undated, .first_date, .last_date, .shards]')"

# Server 2 dies (its open connections too).
stop_tcpsrv 2
dead="127.0.0.1:$port_2"
on "$TMP/remote.stub" search --json oil >"$TMP/out" 2>&1
test_expect_equal "a dead shard: exit 3" 3 $?
test_expect_equal "a dead shard: 503 naming it" "503 true" \
  "$(jq -r '"\(.error.code) \(.error.message | contains("'"$dead"'"))"' "$TMP/out")"
on "$TMP/mixed" search oil >"$TMP/out" 2>&1
test_expect_equal "mixed stub, dead shard: exit 3" 3 $?
test_expect_match "mixed stub: the message names it" "shard $dead is unavailable" "$(cat "$TMP/out")"
partial=$(on "$TMP/remote.stub" search --json --allow-partial --facets org oil)
want=$(($(on "$TMP/s1" search --json oil | jq .total) + $(on "$TMP/s3" search --json oil | jq .total)))
test_expect_equal "--allow-partial: the other shards' total" "$want" "$(echo "$partial" | jq .total)"
test_expect_equal "--allow-partial: shards block" "{\"failed\":[\"$dead\"],\"total\":3}" \
  "$(echo "$partial" | jq -cS .shards)"
test_expect_match "--allow-partial: a note" "partial results: 1 of 3 shards" "$(echo "$partial" | jq -r '.notes[]')"

code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$url/search?q=oil")
test_expect_equal "serve: 503 when a shard died mid-run" 503 "$code"
test_expect_match "serve: the error names the shard" "$dead" "$(jq -r .error.message "$TMP/body")"
got=$(curl -s "$url/search?q=oil&allow_partial=1" | jq -c '[.total, .shards.failed]')
test_expect_equal "serve: allow_partial=1" "[$want,[\"$dead\"]]" "$got"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")
test_expect_equal "serve: healthz is 503 too" 503 "$code"

# It comes back: the next request reopens.
start_tcpsrv 2 "$TMP/s2" "$port_2"
got=$(curl -s "$url/search?q=oil" | jq -c '[.total, .shards.failed]')
test_expect_equal "serve: recovers when the shard is back" "[$(on "$TMP/db" search --json oil | jq .total),[]]" "$got"
kill -0 "$server_pid" 2>/dev/null
test_expect_equal "serve kept running" 0 $?

# A shard that never answers in time (a listener that accepts and says
# nothing) is given up after --shard-timeout.
mute=$(free_port)
start_daemon mute "$mute" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$mute" || { cat "$TMP/mute.log" >&2; echo "T066: the mute listener did not start" >&2; exit 1; }
mute_pid=$daemon_pid
printf 'remote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$port_1" "$mute" >"$TMP/mute.stub"
start=$(date +%s)
on "$TMP/mute.stub" search --shard-timeout 1000 oil >"$TMP/out" 2>&1
status=$?
took=$(($(date +%s) - start))
stop_daemon "$mute_pid"
test_expect_equal "a mute shard: exit 3" 3 "$status"
test_expect_match "a mute shard: named" "127.0.0.1:$mute" "$(cat "$TMP/out")"
test_expect_equal "a mute shard: given up within the time-out" 1 "$([ "$took" -le 5 ] && echo 1 || echo 0)"

test_done
