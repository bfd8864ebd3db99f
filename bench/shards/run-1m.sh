#!/bin/bash
# The growth corpus of bench/run (1,000,000 articles by default: Reuters,
# BBC News and Wikinews, copies re-dated by whole years) as one index, as
# yearly shards on this machine, and as three shards behind xapian-tcpsrv
# on loopback (the yearly shards in three contiguous groups, one server per
# group). Measures indexing wall and CPU time, then query latency for
# bench/queries/reuters.txt with three facets and a monthly timeline, and
# checks that every query gives the same total, top-10 ids, facet counts
# and timeline on all three layouts (fails loudly otherwise).
#
#   bench/shards/run-1m.sh [--size N] [--build DIR] [--work DIR] [PHASE...]
#
# PHASE is corpus, index-one, index-year, compact-year, query (default: all
# five, in order); compact-year runs `dateline-index compact` on the yearly
# shards (their size before and after, its wall and CPU time); a phase
# reuses what the earlier ones left in the work directory (default
# bench/work/shards-N). Needs ../shared/data, xapian-tools, jq.
# Not a timed test: the summary goes to WORK/summary.txt and, by hand, to
# docs/scaling.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

size=1000000
build=build
work=
phases=()
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    corpus|index-one|index-year|compact-year|query) phases+=("$1"); shift ;;
    *) echo "run-1m.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ ${#phases[@]} -gt 0 ] || phases=(corpus index-one index-year compact-year query)
work=${work:-bench/work/shards-$size}
data=../shared/data
index=$build/indexer/dateline-index
query=$build/query/dateline-query
queries=bench/queries/reuters.txt
[ -d "$data/reuters21578" ] || { echo "run-1m.sh: $data/reuters21578 is absent" >&2; exit 1; }
command -v xapian-tcpsrv >/dev/null || { echo "run-1m.sh: xapian-tcpsrv is required (apt-get install xapian-tools)" >&2; exit 1; }
command -v jq >/dev/null || { echo "run-1m.sh: jq is required" >&2; exit 1; }
mkdir -p "$work"
summary=$work/summary.txt
say() { echo "$*" | tee -a "$summary"; }

# Wall, user+sys CPU and peak RSS of a command, as "wall cpu rss_mib".
timed() {
  local out=$work/time.$$
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@"
  awk '{printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024}' "$out"
  rm -f "$out"
}

for phase in "${phases[@]}"; do
  case $phase in
  corpus)
    mkdir -p "$work/bin"
    g++ -O2 -std=c++20 -o "$work/bin/make_corpus" bench/tools/make_corpus.cc
    "$work/bin/make_corpus" "$size" "$work/articles.jsonl" \
      "$data"/reuters21578/*.jsonl "$data"/bbc-news/*.jsonl "$data"/wikinews/*.jsonl
    say "# corpus: $(wc -l <"$work/articles.jsonl") articles, $(du -m "$work/articles.jsonl" | cut -f1) MiB ($(date -u +%FT%TZ))"
    ;;
  index-one|index-year)
    layout=${phase#index-}
    rm -rf "${work:?}/$layout"
    flags=()
    [ "$layout" = year ] && flags=(--shard-by year)
    load0=$(cut -d' ' -f1 /proc/loadavg)
    r=$(timed "$index" -q "${flags[@]}" --db "$work/$layout" "$work/articles.jsonl")
    load1=$(cut -d' ' -f1 /proc/loadavg)
    shards=1
    [ "$layout" = year ] && shards=$(ls "$work/year/shards" | wc -l)
    say "# index $layout: shards $shards, wall/cpu/rss_mib $r, index $(du -sm "$work/$layout" | cut -f1) MiB, load $load0 -> $load1 ($(date -u +%FT%TZ))"
    ;;
  compact-year)
    before=$(du -sm "$work/year" | cut -f1)
    r=$(timed sh -c '"$0" --db "$1" compact --json >"$2"' "$index" "$work/year" "$work/compact-year.json")
    say "# compact year: wall/cpu/rss_mib $r, index $before -> $(du -sm "$work/year" | cut -f1) MiB ($(date -u +%FT%TZ))"
    ;;
  query)
    # Three tcpsrv, each serving a contiguous third of the yearly shards.
    pgroups=
    trap 'for p in $pgroups; do kill -- "-$p" 2>/dev/null || true; done' EXIT
    mapfile -t all < <(ls -d "$work"/year/shards/*)
    n=${#all[@]}
    : >"$work/remote.stub"
    for g in 0 1 2; do
      from=$((g * n / 3)) to=$(((g + 1) * n / 3))
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
      setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "${all[@]:from:to-from}" \
        >"$work/srv$g.log" 2>&1 &
      pgroups="$pgroups $!"
      echo "remote 127.0.0.1:$port" >>"$work/remote.stub"
    done
    sleep 2
    count=(--facets org,person,country --timeline month)
    say "# query: batch ${count[*]}, $(grep -vc '^#' "$queries") queries from $queries, one warm-up pass per layout"
    # "bare" (top 10 only, no counting) isolates matching and the network
    # hop; "full" adds the three facets and the timeline.
    say "$(printf '%-12s %-5s %9s %9s %9s %9s %6s' layout mode p50_ms p95_ms p99_ms mean_ms load)"
    row() {
      jq -r --arg l "$1" --arg m "$2" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
        '"\($l) \($m) \(.latency_ms.p50) \(.latency_ms.p95) \(.latency_ms.p99) \(.latency_ms.mean) \($load)"' "$3" |
        awk '{printf "%-12s %-5s %9.2f %9.2f %9.2f %9.2f %6s\n", $1, $2, $3, $4, $5, $6, $7}'
    }
    for layout in one year remote.stub; do
      q=("$query" --db "$work/$layout" batch --shard-timeout 600000)
      "${q[@]}" --bare --json "$queries" >/dev/null
      "${q[@]}" --bare --json "$queries" >"$work/bare-$layout.json"
      say "$(row "$layout" bare "$work/bare-$layout.json")"
      "${q[@]}" "${count[@]}" --json "$queries" >/dev/null
      "${q[@]}" "${count[@]}" --per-query --answers --json "$queries" >"$work/batch-$layout.json"
      say "$(row "$layout" full "$work/batch-$layout.json")"
    done
    # The same answers on every layout: totals, facets, timeline and top-10
    # ids (exact ties of undated copies may come in another order).
    if bench/shards/compare_answers.py "$work/batch-one.json" "$work/batch-year.json" "$work/batch-remote.stub.json" \
      2>&1 | tee -a "$summary"; then
      say "# identical on one index, $n yearly shards and 3 remote servers (but the order of exact ties above)"
    else
      echo "run-1m.sh: FAILED: answers differ between layouts" >&2
      exit 1
    fi
    ;;
  esac
done
