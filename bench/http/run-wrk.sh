#!/bin/sh
# bench/http/run-wrk.sh [DURATION]: throughput and latency of
# `dateline-query serve` on Reuters-21578 with wrk, at 1, 8 and 64
# connections, and the server's resident memory before and after (no growth
# expected). Not run by CI.
#
#   DURATION         per run, wrk syntax (default 60s; the first argument wins)
#   DATELINE_BUILD_DIR  where the binaries are (default build/)
#   DATELINE_QUERY, DATELINE_INDEX  the binaries, if elsewhere
#   BENCH_DB         the index (default $DATELINE_BUILD_DIR/bench-reuters.db,
#                    built from ../shared/data/reuters21578 when missing)
#   SERVER_THREADS   --threads for the server (default: its own)
#   CONNECTIONS      default "1 8 64"

set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/../shared/data/reuters21578"
duration=${1:-${DURATION:-60s}}
build=${DATELINE_BUILD_DIR:-$root/build}
query=${DATELINE_QUERY:-$build/query/dateline-query}
index=${DATELINE_INDEX:-$build/indexer/dateline-index}
db=${BENCH_DB:-$build/bench-reuters.db}
connections=${CONNECTIONS:-1 8 64}

if [ ! -d "$data" ]; then
  echo "SKIP: $data is absent (the benchmark needs ../shared/data/reuters21578)"
  exit 0
fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "SKIP: wrk is not installed"
  exit 0
fi
for bin in "$query" "$index"; do
  [ -x "$bin" ] || { echo "run-wrk: $bin not found; build first or set DATELINE_BUILD_DIR" >&2; exit 1; }
done

if [ ! -d "$db" ]; then
  echo "indexing $data into $db ..."
  if ! "$index" --db "$db" -q "$data" 2>"$db.log"; then
    # Entities make the facets realistic, but the benchmark runs without.
    grep -q "NER model not found" "$db.log" || { cat "$db.log" >&2; exit 1; }
    echo "no NER model: indexing without entities"
    rm -rf "$db"
    "$index" --db "$db" -q --no-entities "$data"
  fi
  rm -f "$db.log"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dateline-wrk.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

set -- --db "$db" serve --port 0
[ -n "${SERVER_THREADS:-}" ] && set -- "$@" --threads "$SERVER_THREADS"
"$query" "$@" 2>"$tmp/server.log" &
server_pid=$!
port=
i=0
while [ $i -lt 100 ] && [ -z "$port" ]; do
  sleep 0.1
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/server.log")
  i=$((i + 1))
done
[ -n "$port" ] || { echo "run-wrk: the server did not start" >&2; cat "$tmp/server.log" >&2; exit 1; }
base="http://127.0.0.1:$port"

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status"; }
rss_start=$(rss)
articles=$(curl -s "$base/healthz" | sed -n 's/.*"articles":\([0-9]*\).*/\1/p')

# Warm the page cache and every worker's index handle first.
wrk -t2 -c16 -d5s -s "$(dirname "$0")/queries.lua" "$base" >/dev/null
rss_before=$(rss)

echo "dateline-query serve, $articles articles, $(nproc) cores, $duration per run"
printf '%-6s %10s %10s %10s %8s\n' conns req/s p50 p99 errors
for c in $connections; do
  t=2
  [ "$c" -lt 2 ] && t=1
  wrk -t"$t" -c"$c" -d"$duration" --timeout 10s --latency -s "$(dirname "$0")/queries.lua" "$base" >"$tmp/wrk-$c.txt"
  rps=$(sed -n 's/^Requests\/sec:[[:space:]]*//p' "$tmp/wrk-$c.txt")
  p50=$(sed -n 's/^[[:space:]]*50%[[:space:]]*//p' "$tmp/wrk-$c.txt")
  p99=$(sed -n 's/^[[:space:]]*99%[[:space:]]*//p' "$tmp/wrk-$c.txt")
  non2xx=$(sed -n 's/^[[:space:]]*Non-2xx or 3xx responses:[[:space:]]*//p' "$tmp/wrk-$c.txt")
  sock=$(sed -n 's/^[[:space:]]*Socket errors:[[:space:]]*//p' "$tmp/wrk-$c.txt")
  errors=${non2xx:-0}
  [ -n "$sock" ] && errors="$errors ($sock)"
  printf '%-6s %10s %10s %10s %8s\n' "$c" "$rps" "$p50" "$p99" "$errors"
done
rss_after=$(rss)
echo "server RSS: ${rss_start} kB at start, ${rss_before} kB after warm-up, ${rss_after} kB after the runs"
bad=$(grep -c ' [45][0-9][0-9] [0-9.-]*ms$' "$tmp/server.log" || true)
echo "access log: $(grep -c 'ms$' "$tmp/server.log") requests, $bad with status >= 400"

kill -TERM "$server_pid"
wait "$server_pid" && echo "server stopped cleanly (exit 0)"
server_pid=
