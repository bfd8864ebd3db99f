#!/bin/sh
# Query latency of one Reuters-21578 index, the same articles as three local
# shards (a stub of three `auto` lines) and as three remote shards
# (xapian-tcpsrv on loopback), for bench/queries/reuters.txt with three
# facets and a monthly timeline; and a check that every query gives the
# same total and facet counts on all three (fails loudly otherwise).
#
#   bench/shards/latency.sh [BUILD_DIR]      (default build/; needs
#                                             ../shared/data, xapian-tools)
# Not a timed test: numbers go to docs/scaling.md by hand.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
INDEX=$BUILD/indexer/dateline-index
QUERY=$BUILD/query/dateline-query
DATA=../shared/data/reuters21578
QUERIES=bench/queries/reuters.txt
[ -d "$DATA" ] || { echo "latency.sh: $DATA is absent" >&2; exit 1; }
command -v xapian-tcpsrv >/dev/null || { echo "latency.sh: xapian-tcpsrv is required" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dateline-shards-bench.XXXXXX")
pgroups=
trap 'for p in $pgroups; do kill -- "-$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

echo "# indexing (one index; three shards by file: 00-06, 07-14, 15-21)"
$INDEX -q --db "$WORK/one" "$DATA"/reuters-*.jsonl
$INDEX -q --db "$WORK/s1" "$DATA"/reuters-0[0-6].jsonl
$INDEX -q --db "$WORK/s2" "$DATA"/reuters-0[7-9].jsonl "$DATA"/reuters-1[0-4].jsonl
$INDEX -q --db "$WORK/s3" "$DATA"/reuters-1[5-9].jsonl "$DATA"/reuters-2[0-1].jsonl
printf 'auto s1\nauto s2\nauto s3\n' >"$WORK/local.stub"
for n in 1 2 3; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$WORK/s$n" >"$WORK/srv$n.log" 2>&1 &
  pgroups="$pgroups $!"
  echo "remote 127.0.0.1:$port" >>"$WORK/remote.stub"
done
sleep 1

COUNT="--facets org,person,country --timeline month"
echo "# latency: batch $COUNT, $(grep -vc '^#' "$QUERIES") queries, after one warm-up pass"
printf '%-14s %-7s %8s %8s %8s %8s\n' layout columns p50_ms p95_ms p99_ms mean_ms
for layout in one local.stub remote.stub; do
  for columns in auto never; do
    $QUERY --db "$WORK/$layout" batch $COUNT --facet-columns $columns --json "$QUERIES" >/dev/null
    $QUERY --db "$WORK/$layout" batch $COUNT --facet-columns $columns --json "$QUERIES" |
      jq -r --arg l "$layout" --arg c "$columns" \
        '"\($l) \($c) \(.latency_ms.p50) \(.latency_ms.p95) \(.latency_ms.p99) \(.latency_ms.mean)"' |
      awk '{printf "%-14s %-7s %8.2f %8.2f %8.2f %8.2f\n", $1, $2, $3, $4, $5, $6}'
  done
done

echo "# same totals, top-10 ids, facet counts and timeline on every layout (batch --answers)"
for layout in one local.stub remote.stub; do
  $QUERY --db "$WORK/$layout" batch $COUNT --per-query --answers --json "$QUERIES" >"$WORK/answers-$layout.json"
done
bench/shards/compare_answers.py "$WORK/answers-one.json" "$WORK/answers-local.stub.json" "$WORK/answers-remote.stub.json" ||
  { echo "latency.sh: FAILED: answers differ between layouts" >&2; exit 1; }
