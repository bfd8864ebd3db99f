#!/bin/sh
# T068-compact: `dateline-index compact` on an index grown by two runs and on
# its yearly shards. Each answers as before (search with facets and
# timeline, stats but size), takes less disk, and stays writable; a `serve`
# started before the compaction keeps answering the same, over the single
# index, over the local shards, and (with xapian-tools) over the shards
# behind xapian-tcpsrv, whose open databases were swapped under them.
# Bad targets: no index (exit 3), an unknown period (exit 2, named).
#
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

for tool in curl jq python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "T068: $tool is required (scripts/setup --tests installs it)" >&2
    exit 1
  fi
done

# Two runs each, so the indexes hold the half-empty blocks of an update.
entities=
if ! "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" 2>"$TMP/index.err"; then
  grep -q "NER model not found" "$TMP/index.err" || { cat "$TMP/index.err" >&2; exit 1; }
  echo "# no NER model: indexing without entities"
  entities=--no-entities
  "$DATELINE_INDEX" -q $entities --db "$TMP/db" "$CORPUS/text" || { echo "T068: indexing failed" >&2; exit 1; }
fi
"$DATELINE_INDEX" -q $entities --db "$TMP/db" "$CORPUS/jsonl" &&
  "$DATELINE_INDEX" -q $entities --shard-by year --db "$TMP/year" "$CORPUS/text" &&
  "$DATELINE_INDEX" -q $entities --shard-by year --db "$TMP/year" "$CORPUS/jsonl" ||
  { echo "T068: indexing failed" >&2; exit 1; }

on() { db=$1; shift; "$DATELINE_QUERY" --db "$db" "$@"; }
args="--facets person,org,country --timeline month --limit 10"
view='del(.took_ms)'
answers() { # DB: a few searches and stats, one JSON per line
  for query in "" harbour "minister OR president" 'country:FR'; do
    on "$1" search --json $args -- "$query" | jq -cS "$view"
  done
  on "$1" stats --json | jq -cS 'del(.size_bytes)'
}
http_answers() { # URL
  for query in "" harbour "minister+OR+president" 'country:FR'; do
    curl -s "$1/search?q=$query&facets=person,org,country&timeline=month&limit=10" | jq -cS "$view"
  done
}
answers "$TMP/db" >"$TMP/one.before"
answers "$TMP/year" >"$TMP/year.before"
test_expect_equal "the yearly shards answer as the single index" \
  "$(head -4 "$TMP/one.before" | jq -cS 'del(.counting)')" \
  "$(head -4 "$TMP/year.before" | jq -cS 'del(.counting, .shards)')"

# Three serves at once: lib.sh stops the last one, this trap the others.
one_pid=
year_pid=
trap 'kill $one_pid $year_pid 2>/dev/null; stop_server_and_clean' EXIT
start_server_on "$TMP/db"
url_one="http://127.0.0.1:$port"
one_pid=$server_pid
http_answers "$url_one" >"$TMP/http-one.before"
start_server_on "$TMP/year"
url_year="http://127.0.0.1:$port"
http_answers "$url_year" >"$TMP/http-year.before"
remote=
if command -v xapian-tcpsrv >/dev/null 2>&1 && command -v setsid >/dev/null 2>&1; then
  remote=1
  : >"$TMP/remote.stub"
  for shard in "$TMP"/year/shards/*; do
    n=$(basename "$shard" | tr -c 'a-z0-9\n' _)
    start_tcpsrv "y$n" "$shard"
    eval "echo \"remote 127.0.0.1:\$port_y$n\"" >>"$TMP/remote.stub"
  done
  year_pid=$server_pid
  start_server_on "$TMP/remote.stub"
  url_remote="http://127.0.0.1:$port"
  http_answers "$url_remote" >"$TMP/http-remote.before"
else
  echo "# xapian-tcpsrv not installed: the remote part is skipped"
fi

"$DATELINE_INDEX" --db "$TMP/db" compact --json >"$TMP/one.compact" 2>"$TMP/compact.err"
test_expect_equal "compact the single index: exit 0" 0 $?
"$DATELINE_INDEX" --db "$TMP/year" compact --json >"$TMP/year.compact" 2>>"$TMP/compact.err"
test_expect_equal "compact the yearly shards: exit 0" 0 $?
test_expect_equal "one database for the index, one per shard" \
  "1 $(ls "$TMP/year/shards" | wc -l | tr -d ' ')" \
  "$(jq '.databases | length' "$TMP/one.compact") $(jq '.databases | length' "$TMP/year.compact")"
test_expect_equal "both take less disk than before" "true true" \
  "$(jq '.bytes_after < .bytes_before' "$TMP/one.compact") $(jq '.bytes_after < .bytes_before' "$TMP/year.compact")"
test_expect_equal "the single index: same answers after" "$(cat "$TMP/one.before")" "$(answers "$TMP/db")"
test_expect_equal "the yearly shards: same answers after" "$(cat "$TMP/year.before")" "$(answers "$TMP/year")"
test_expect_equal "nothing left beside the shards" "" "$(ls -A "$TMP/year/shards" | grep '^\.' || true)"
test_expect_equal "the single index holds one generation" "1" "$(ls -d "$TMP"/db/gen-* | wc -l | tr -d ' ')"

# The servers started before: same answers, after their next reopen.
sleep 1.2
test_expect_equal "serve over the single index: same answers after" \
  "$(cat "$TMP/http-one.before")" "$(http_answers "$url_one")"
test_expect_equal "serve over the yearly shards: same answers after" \
  "$(cat "$TMP/http-year.before")" "$(http_answers "$url_year")"
if [ -n "$remote" ]; then
  test_expect_equal "serve over the shards behind xapian-tcpsrv: same answers after" \
    "$(cat "$TMP/http-remote.before")" "$(http_answers "$url_remote")"
fi

# Still written to: an update and a delete go to the compacted databases.
printf '%s\n' '{"id": "t068-new", "title": "Quokkaborough ferry timetable", "body": "The quokkaborough ferry adds a night crossing.", "date": "2026-05-02", "source": "Harbour Gazette", "language": "en"}' \
  >"$TMP/new.jsonl"
"$DATELINE_INDEX" -q $entities --db "$TMP/db" "$TMP/new.jsonl" &&
  "$DATELINE_INDEX" -q $entities --shard-by year --db "$TMP/year" "$TMP/new.jsonl" ||
  { echo "T068: indexing after compaction failed" >&2; exit 1; }
test_expect_equal "after compaction, a new article is found on both" "t068-new t068-new" \
  "$(on "$TMP/db" search --json quokkaborough | jq -r '.hits[0].id') $(on "$TMP/year" search --json quokkaborough | jq -r '.hits[0].id')"
"$DATELINE_INDEX" --db "$TMP/year" delete t068-new 2>/dev/null
test_expect_equal "and deleted from the shards" 0 "$(on "$TMP/year" search --json quokkaborough | jq .total)"

"$DATELINE_INDEX" --db "$TMP/nothing" compact 2>"$TMP/err"
test_expect_equal "compact with no index: exit 3" 3 $?
test_expect_match "compact with no index: names it" "nothing: no dateline index here" "$(cat "$TMP/err")"
"$DATELINE_INDEX" --db "$TMP/year" compact --period 1999 2>"$TMP/err"
test_expect_equal "compact an unknown period: exit 2" 2 $?
test_expect_match "compact an unknown period: names it" "no shard for period '1999'" "$(cat "$TMP/err")"

test_done
