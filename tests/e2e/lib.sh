# Shared helpers for the end-to-end tests (sourced by T*.sh).
# Environment (set by ctest): DATELINE_INDEX, DATELINE_QUERY, DATELINE_SOURCE_DIR.
set -u
: "${DATELINE_SOURCE_DIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DATELINE_INDEX:=$DATELINE_SOURCE_DIR/build/indexer/dateline-index}"
: "${DATELINE_QUERY:=$DATELINE_SOURCE_DIR/build/query/dateline-query}"
CORPUS="$DATELINE_SOURCE_DIR/corpus"
SHARED="$DATELINE_SOURCE_DIR/../shared/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dateline-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
count=0

# test_expect_equal NAME EXPECTED ACTUAL
test_expect_equal() {
  count=$((count + 1))
  if [ "$2" = "$3" ]; then
    echo "ok $count - $1"
  else
    failures=$((failures + 1))
    echo "FAIL $count - $1"
    echo "  expected: $2"
    echo "  actual:   $3"
  fi
}

# test_expect_match NAME PATTERN ACTUAL   (grep -E pattern)
test_expect_match() {
  count=$((count + 1))
  if printf '%s\n' "$3" | grep -Eq -- "$2"; then
    echo "ok $count - $1"
  else
    failures=$((failures + 1))
    echo "FAIL $count - $1"
    echo "  pattern: $2"
    echo "  actual:  $3"
  fi
}

# Runs the query tool on the test index, JSON out.
# Copies stdin to stdout without accents ("Santa Bárbara" -> "Santa Barbara"):
# the display forms of one facet value fold to one key, accents and case
# aside, and two ways of counting may show different ones.
strip_accents() {
  python3 -c 'import sys, unicodedata
text = unicodedata.normalize("NFKD", sys.stdin.read())
sys.stdout.write("".join(c for c in text if not unicodedata.combining(c)))'
}

q() { "$DATELINE_QUERY" --db "$TMP/db" "$@"; }

# ids of a search, in rank order, one line: q_ids ARGS...
q_ids() { q search --json --facets none "$@" | jq -r '[.hits[].id] | join(" ")'; }

index_corpus() {
  "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl"
}

# start_server [SERVE ARGS...]: runs `serve --port 0` on the test index in
# the background and waits until it names its port; sets server_pid and
# port, or exits 1 showing its log. The server is stopped on exit.
server_pid=
stop_server_and_clean() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$TMP"
}
start_server() {
  trap stop_server_and_clean EXIT
  trap 'exit 2' INT TERM
  "$DATELINE_QUERY" --db "$TMP/db" serve --port 0 "$@" 2>"$TMP/server.log" &
  server_pid=$!
  port=
  local i=0
  while [ $i -lt 100 ]; do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$TMP/server.log")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
  done
  if [ -z "$port" ]; then
    echo "${0##*/}: the server did not start:" >&2
    cat "$TMP/server.log" >&2
    exit 1
  fi
}

test_done() {
  echo "# $count tests, $failures failed"
  [ "$failures" -eq 0 ]
}
