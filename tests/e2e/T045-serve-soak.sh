#!/bin/sh
# Readers during writes (issue 13): `dateline-query serve` answers faceted
# searches while dateline-index adds and replaces articles in batches, and
# `dateline-query search` runs in a loop beside it. Every HTTP answer is a
# 200 with a search object, every CLI search exits 0, and once the writer
# is done both see its last commit. About 30 s.
. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "T045: $tool is required" >&2; exit 1; }
done

SECONDS_OF_SOAK=${T045_SECONDS:-20}

# gen FROM TO ROUND FILE: articles hFROM..h(TO-1) whose titles say ROUND.
gen() {
  awk -v from="$1" -v to="$2" -v round="$3" 'BEGIN {
    for (i = from; i < to; i++)
      printf "{\"id\":\"h%05d\",\"title\":\"Harbour report %d round%s\",\"body\":\"Ferry traffic in harbour %d was steady; the port counted %d boats.\",\"source\":\"%s\",\"language\":\"%s\",\"date\":\"2024-%02d-%02d\"}\n",
        i, i, round, i, i % 97, (i % 3 ? "Port Wire" : "Coast Daily"), (i % 5 ? "en" : "fr"), i % 12 + 1, i % 28 + 1
  }' >"$4"
}

"$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" ||
  { echo "T045: indexing the corpus failed" >&2; exit 1; }
corpus=$("$DATELINE_QUERY" --db "$TMP/db" stats --json | jq .articles)
gen 0 2000 0 "$TMP/round-0.jsonl"
"$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$TMP/round-0.jsonl" ||
  { echo "T045: indexing round 0 failed" >&2; exit 1; }

start_server --threads 4 --reopen 0.2

# The writer: each round replaces every article so far (a new title word)
# and adds 200 new ones, committing every 100.
(
  r=1
  while [ ! -f "$TMP/stop" ]; do
    gen 0 $((2000 + 200 * r)) "$r" "$TMP/round.jsonl"
    if "$DATELINE_INDEX" -q --no-entities --threads 2 --batch 100 --db "$TMP/db" "$TMP/round.jsonl" \
      2>>"$TMP/writer.err"; then
      echo "$r" >"$TMP/rounds"
    else
      echo "round $r: dateline-index exited $?" >>"$TMP/writer.err"
    fi
    r=$((r + 1))
  done
) &
writer=$!

# A client: faceted searches in a loop, each answer checked.
client() {
  n=0
  while [ ! -f "$TMP/stop" ]; do
    n=$((n + 1))
    case $((n % 3)) in
      0) target="/search?q=harbour+ferry&facets=source,lang,person&timeline=month&limit=5" ;;
      1) target="/search?facets=source,lang&source=Port+Wire&timeline=auto&sort=newest" ;;
      *) target="/search?q=round$((n % 7))&facets=source,lang,org,country&facet_size=3&sort=recent" ;;
    esac
    code=$(curl -s -o "$TMP/c$1.json" -w '%{http_code}' "http://127.0.0.1:$port$target")
    if [ "$code" != 200 ] || ! jq -e 'has("total") and has("facets") and has("hits")' "$TMP/c$1.json" >/dev/null 2>&1; then
      echo "$target: HTTP $code: $(head -c 300 "$TMP/c$1.json")" >>"$TMP/failures"
    fi
    echo >>"$TMP/requests.$1"
  done
}
clients=
for c in 1 2 3 4; do
  client "$c" &
  clients="$clients $!"
done

# The CLI beside them.
(
  while [ ! -f "$TMP/stop" ]; do
    if ! "$DATELINE_QUERY" --db "$TMP/db" search --json --facets source,lang --timeline month harbour \
      >"$TMP/cli.json" 2>"$TMP/cli.err"; then
      echo "cli search exited $?: $(cat "$TMP/cli.err")" >>"$TMP/failures"
    fi
    echo >>"$TMP/cli-runs"
  done
) &
cli=$!

sleep "$SECONDS_OF_SOAK"
touch "$TMP/stop"
# Not a bare wait: the server runs in the background too.
# shellcheck disable=SC2086 # the list of PIDs
wait "$writer" "$cli" $clients

requests=$(cat "$TMP"/requests.* 2>/dev/null | wc -l)
cli_runs=$(wc -l <"$TMP/cli-runs" 2>/dev/null || echo 0)
rounds=$(cat "$TMP/rounds" 2>/dev/null || echo 0)
echo "# $SECONDS_OF_SOAK s: $requests HTTP requests, $cli_runs CLI searches, $rounds writer rounds"
# The minimums are low so that a loaded machine (a load of 17 on 2 cores
# gave 101 requests and 10 CLI searches in 20 s) still passes; an idle
# one does many times more.
test_expect_equal "no failed request or search" "" "$(head -20 "$TMP/failures" 2>/dev/null)"
test_expect_equal "the writer never failed" "" "$(cat "$TMP/writer.err")"
test_expect_equal "the writer committed rounds" 1 "$((rounds >= 2))"
test_expect_equal "the clients made requests" 1 "$((requests >= 40))"
test_expect_equal "the CLI searched" 1 "$((cli_runs >= 5))"

# Once the writer is done, the server (reopening every 0.2 s) and the CLI
# see its last round: every article once, with its last title.
last=$(tail -1 "$TMP/rounds" 2>/dev/null || echo 0)
want=$((2000 + 200 * last))
test_expect_equal "CLI: every article once" "$((corpus + want))" \
  "$("$DATELINE_QUERY" --db "$TMP/db" stats --json | jq .articles)"
test_expect_equal "CLI: all with the last title" "$want" \
  "$("$DATELINE_QUERY" --db "$TMP/db" search --json --facets none "round$last" | jq .total)"
got=
i=0
while [ $i -lt 30 ]; do
  got=$(curl -s "http://127.0.0.1:$port/search?q=round$last&facets=none" | jq .total)
  [ "$got" = "$want" ] && break
  sleep 0.1
  i=$((i + 1))
done
test_expect_equal "server: the last round within 3 s" "$want" "$got"
test_expect_equal "server: still alive" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")"

test_done
