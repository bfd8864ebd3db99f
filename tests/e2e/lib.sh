# Shared helpers for the end-to-end tests (sourced by T*.sh).
# Environment (set by ctest): DATELINE_INDEX, DATELINE_QUERY, DATELINE_SOURCE_DIR.
set -u
: "${DATELINE_SOURCE_DIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DATELINE_INDEX:=$DATELINE_SOURCE_DIR/build/indexer/dateline-index}"
: "${DATELINE_QUERY:=$DATELINE_SOURCE_DIR/build/query/dateline-query}"
CORPUS="$DATELINE_SOURCE_DIR/corpus"
SHARED="$DATELINE_SOURCE_DIR/../shared/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dateline-e2e.XXXXXX")
trap stop_server_and_clean EXIT
trap 'exit 2' INT TERM
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

# Servers a test starts with start_daemon, each in its own process group
# (xapian-tcpsrv forks a child per connection, and killing the group stops
# those too), and the one `serve` of start_server; all stopped on exit.
daemon_pgroups=
daemon_pid=
server_pid=
stop_server_and_clean() {
  for p in $daemon_pgroups; do
    kill -- "-$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$TMP"
}

# free_port: prints a loopback port that was free a moment ago.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_daemon NAME PORT CMD...: runs CMD, which is to listen on
# 127.0.0.1:PORT, in its own process group with its output in
# $TMP/NAME.log, and waits (5 s at most) until the port accepts a
# connection; sets daemon_pid. Returns 1, the process stopped, if CMD
# exited first (e.g. another process took the port) or never accepted.
start_daemon() {
  local name=$1 p=$2
  shift 2
  setsid "$@" >"$TMP/$name.log" 2>&1 &
  daemon_pid=$!
  daemon_pgroups="$daemon_pgroups $daemon_pid"
  if python3 -c '
import os, socket, sys, time
port, pid = int(sys.argv[1]), int(sys.argv[2])
def running():  # not exited, nor a zombie waiting for the shell
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
for _ in range(100):
    if not running():
        sys.exit(1)
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)' "$p" "$daemon_pid" && kill -0 "$daemon_pid" 2>/dev/null; then
    return 0
  fi
  stop_daemon "$daemon_pid"
  return 1
}

# stop_daemon PID: stops a server of start_daemon and its process group.
stop_daemon() {
  kill -- "-$1" 2>/dev/null
  wait "$1" 2>/dev/null
  daemon_pgroups=$(echo "$daemon_pgroups" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}

# start_tcpsrv NAME DB [PORT]: serves DB with xapian-tcpsrv on loopback, on
# PORT or a free port (a new one if another process took it first); sets
# port_NAME and pid_NAME (NAME: letters, digits, _), or exits 1 showing
# its log.
start_tcpsrv() {
  local name=$1 db=$2 want=${3:-} tries=0 p
  while [ $tries -lt 5 ]; do
    tries=$((tries + 1))
    p=${want:-$(free_port)}
    if start_daemon "tcpsrv-$name" "$p" xapian-tcpsrv --interface 127.0.0.1 --port "$p" "$db"; then
      eval "port_$name=$p pid_$name=$daemon_pid"
      return 0
    fi
  done
  echo "${0##*/}: xapian-tcpsrv $name did not start:" >&2
  cat "$TMP/tcpsrv-$name.log" >&2
  exit 1
}

# stop_tcpsrv NAME: stops the server start_tcpsrv NAME started (its open
# connections too).
stop_tcpsrv() {
  eval "stop_daemon \"\$pid_$1\""
}

# start_server [SERVE ARGS...]: runs `serve --port 0` on the test index in
# the background and waits until it names its port; sets server_pid and
# port, or exits 1 showing its log. The server is stopped on exit.
start_server() { start_server_on "$TMP/db" "$@"; }

# start_server_on DB [SERVE ARGS...]: start_server on DB (an index, a
# directory of shards or a stub file).
start_server_on() {
  local db=$1
  shift
  "$DATELINE_QUERY" --db "$db" serve --port 0 "$@" 2>"$TMP/server.log" &
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
