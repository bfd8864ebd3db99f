#!/bin/sh
# T051-http-limits: slow and many clients cannot block `dateline-query
# serve` (issue #13, item 7). Reproduces the issue's cases on the corpus:
# 16 clients trickling header bytes, 300 half-open connections and 500
# concurrent requests, each while /healthz must still answer; then the
# limits themselves: --timeout (408) and --max-connections (503), as JSON.
# The bounds are generous (behaviour, not speed).
#
# Needs bash (for /dev/tcp), curl 7.66+ (--parallel) and jq.
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

for tool in bash curl jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is missing (scripts/setup --tests installs curl and jq)"
    exit 77
  fi
done
if ! curl --help all 2>/dev/null | grep -q -- '--parallel-max'; then
  echo "SKIP: this curl has no --parallel (7.66 or later needed)"
  exit 77
fi

if ! index_corpus 2>"$TMP/index.err"; then
  if grep -q "NER model not found" "$TMP/index.err"; then
    "$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" ||
      { echo "T051: indexing the corpus failed" >&2; exit 1; }
  else
    cat "$TMP/index.err" >&2
    echo "T051: indexing the corpus failed" >&2
    exit 1
  fi
fi

# healthz_within SECONDS -> "200" when /healthz answered 200 in time.
healthz_within() {
  curl -s -o /dev/null -w '%{http_code}' --max-time "$1" "$base/healthz"
}
wait_ready() {
  i=0
  until curl -sf "$base/healthz" >/dev/null; do
    i=$((i + 1))
    [ $i -gt 50 ] && { echo "T051: /healthz never answered" >&2; exit 1; }
    sleep 0.1
  done
}
# stop_server: SIGTERM, then the exit status in rc.
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid"
  rc=$?
  server_pid=
}
# hold_connections N BYTES: opens N connections to the server, sends BYTES
# (printf format) on each and keeps them open in the background (a
# helper) until kill_helpers; true once all are open.
hold_connections() {
  bash -c 'i=0
    while [ $i -lt "$2" ]; do
      exec {fd}<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "$3" >&$fd
      i=$((i + 1))
    done
    echo open
    sleep 60' hold "$port" "$1" "$2" >"$TMP/hold" 2>&1 &
  helpers="$helpers $!"
  i=0
  while [ "$(cat "$TMP/hold")" != open ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  [ "$(cat "$TMP/hold")" = open ]
}
helpers=
kill_helpers() {
  for pid in $helpers; do kill "$pid" 2>/dev/null; done
  for pid in $helpers; do wait "$pid" 2>/dev/null; done
  helpers=
}

# --- the issue's cases, default limits ----------------------------------------

start_server -q
base="http://127.0.0.1:$port"
wait_ready

# 16 connections trickling one header byte every 3 s (the issue's case:
# /healthz was blocked for a minute). Each keeps what the server says.
i=0
while [ $i -lt 16 ]; do
  i=$((i + 1))
  bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    for c in G E T " " / h; do printf %s "$c" >&3 || exit 0; sleep 3; done
    cat <&3' trickle "$port" >"$TMP/trickle.$i" 2>/dev/null &
  helpers="$helpers $!"
done
sleep 1
test_expect_equal "16 tricklers: /healthz answered within 3 s" "200" "$(healthz_within 3)"
sleep 3
test_expect_equal "16 tricklers, later: /healthz answered within 3 s" "200" "$(healthz_within 3)"
kill_helpers

# 300 half-open connections: a request line and no more (the issue's case:
# /healthz delayed by more than 30 s).
hold_connections 300 'GET /healthz HTTP/1.1\r\n'
test_expect_equal "300 half-open connections opened" "open" "$(cat "$TMP/hold")"
test_expect_equal "300 half-open: /healthz answered within 3 s" "200" "$(healthz_within 3)"
kill_helpers

# 500 requests at once from one curl (the issue's case: a backlog of 5 gave
# 49 connection resets). Every answer is a 200 or, past a limit, a 503;
# none is a reset or a time-out.
i=0
: >"$TMP/many.cfg"
while [ $i -lt 500 ]; do
  i=$((i + 1))
  printf 'url = "%s/search?q=wheat+port+%d&facets=person,org,country,source&timeline=auto"\noutput = /dev/null\n' \
    "$base" "$i" >>"$TMP/many.cfg"
done
curl -s --parallel --parallel-immediate --parallel-max 500 --max-time 60 -K "$TMP/many.cfg" \
  -w '%{http_code}\n' >"$TMP/many.codes" 2>"$TMP/many.err"
test_expect_equal "500 concurrent requests: 500 answers" "500" "$(wc -l <"$TMP/many.codes" | tr -d ' ')"
test_expect_equal "500 concurrent requests: only 200 or 503" "" "$(grep -v -x -e 200 -e 503 "$TMP/many.codes" | sort | uniq -c)"
test_expect_equal "500 concurrent requests: no resets" "0" "$(grep -c -i 'reset' "$TMP/many.err")"
echo "# 500 concurrent: $(sort "$TMP/many.codes" | uniq -c | tr -s ' ' | tr '\n' ',')"
test_expect_equal "after all that: /healthz" "200" "$(healthz_within 3)"
stop_server
test_expect_equal "SIGTERM: exit status 0" "0" "$rc"

# --- the limits as flags --------------------------------------------------------

start_server --timeout 1 --max-connections 8
base="http://127.0.0.1:$port"
wait_ready

# --timeout: headers not complete within 1 s -> 408, JSON, closed.
start=$(date +%s)
bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
  printf "GET /healthz HTTP/1.1\r\nHost: x\r\n" >&3
  cat <&3' slow "$port" >"$TMP/slow" 2>/dev/null
took=$(($(date +%s) - start))
test_expect_equal "--timeout 1: headers too slow -> 408" "HTTP/1.1 408 Request Timeout" "$(head -n 1 "$TMP/slow" | tr -d '\r')"
test_expect_equal "408 is a JSON error" "408" "$(sed '1,/^\r$/d' "$TMP/slow" | jq .error.code)"
test_expect_equal "408 came within 5 s and closed the connection" "true" "$([ "$took" -le 5 ] && echo true)"

# --max-connections 8: with 8 open, the next connection gets 503 at once.
hold_connections 8 'GET /healthz HTTP/1.1\r\n\r\n'
test_expect_equal "8 connections held" "open" "$(cat "$TMP/hold")"
sleep 0.3
curl -s -D "$TMP/full.head" -o "$TMP/full.body" --max-time 3 "$base/healthz"
test_expect_equal "--max-connections 8: the 9th gets 503" "HTTP/1.1 503 Service Unavailable" \
  "$(head -n 1 "$TMP/full.head" | tr -d '\r')"
test_expect_equal "503 says when to come back" "Retry-After: 1" "$(grep -i '^retry-after' "$TMP/full.head" | tr -d '\r')"
test_expect_equal "503 is a JSON error" "503 string" "$(jq -r '"\(.error.code) \(.error.message | type)"' "$TMP/full.body")"
kill_helpers
sleep 0.3
test_expect_equal "slots free again: /healthz" "200" "$(healthz_within 3)"
test_expect_match "refusals are in the access log" ' - - 503 -$' "$(grep ' 503 ' "$TMP/server.log")"
stop_server
test_expect_equal "SIGTERM: exit status 0" "0" "$rc"

if [ "$failures" -ne 0 ]; then
  echo "# server log (last 30 lines):"
  tail -n 30 "$TMP/server.log" | sed 's/^/#   /'
fi
test_done
