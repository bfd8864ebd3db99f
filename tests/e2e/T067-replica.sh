#!/bin/sh
# T067-replica: the read-replica recipe of docs/scaling.md, on loopback.
# The corpus is indexed by year as the master; xapian-replicate-server offers
# its shards and `xapian-replicate --one-shot` pulls shards/2026 into a
# replica, which must answer as the master shard does. A xapian-tcpsrv
# serves the replica, and `serve` over a stub naming it beside the master's
# other shards must answer as one index of the corpus. Then the master
# gains an article, replication sends the change, and the article is found
# through the replica, directly and through the serve already running.
# Last, a full copy into the replica while serve holds a connection to it:
# serve must reconnect rather than fail on the removed database.
#
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

for tool in xapian-tcpsrv xapian-replicate xapian-replicate-server; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "T067: skipped: $tool is not installed (scripts/setup --tests installs xapian-tools)"
    exit 77
  fi
done
for tool in curl jq python3 setsid; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "T067: $tool is required (scripts/setup --tests installs it)" >&2
    exit 1
  fi
done

# One index of the corpus, and the master: the same articles by year.
entities=
if ! "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" 2>"$TMP/index.err"; then
  grep -q "NER model not found" "$TMP/index.err" || { cat "$TMP/index.err" >&2; exit 1; }
  echo "# no NER model: indexing without entities"
  entities=--no-entities
  "$DATELINE_INDEX" -q $entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" ||
    { echo "T067: indexing the corpus failed" >&2; exit 1; }
fi
"$DATELINE_INDEX" -q $entities --shard-by year --db "$TMP/master" "$CORPUS/text" "$CORPUS/jsonl" ||
  { echo "T067: indexing the master failed" >&2; exit 1; }
[ -d "$TMP/master/shards/2026" ] || { echo "T067: the master has no 2026 shard" >&2; exit 1; }

# The replication server offers every database under its root by its path
# there: shards/2026 of the master is "2026".
tries=0
until rport=$(free_port) &&
  start_daemon replicate-server "$rport" xapian-replicate-server -I 127.0.0.1 -p "$rport" "$TMP/master/shards"; do
  tries=$((tries + 1))
  [ $tries -lt 5 ] || { cat "$TMP/replicate-server.log" >&2; echo "T067: xapian-replicate-server did not start" >&2; exit 1; }
done
replicate() {
  xapian-replicate --one-shot -v "$@" -h 127.0.0.1 -p "$rport" -m 2026 "$TMP/replica" >"$TMP/replicate.log" 2>&1
  status=$?
  sed 's/^/# /' "$TMP/replicate.log"
  return $status
}

on() { db=$1; shift; "$DATELINE_QUERY" --db "$db" "$@"; }
stats_view='[.articles, .undated, .first_date, .last_date, .schema_version]'
# The parts of a search that must not depend on where the shard lives.
view='{total, total_exact, ids: [.hits[].id], facets, facets_exact, timeline, timeline_unit, corrected_query}'
args="--facets org,person,place,country,source --facet-size 50 --timeline month --limit 10"
queries='|talks|bank rates|storm OR cyclone|minister'

replicate
test_expect_equal "first replication succeeds" 0 $?
test_expect_match "first replication: a full copy" "Update complete: 1 copies" "$(cat "$TMP/replicate.log")"
test_expect_equal "the replica: same stats as the master shard" \
  "$(on "$TMP/master/shards/2026" stats --json | jq -c "$stats_view")" "$(on "$TMP/replica" stats --json | jq -c "$stats_view")"
IFS='|'
for query in $queries; do
  unset IFS
  test_expect_equal "the replica: search '$query' as on the master shard (total, top 10, facets, timeline)" \
    "$(on "$TMP/master/shards/2026" search --json $args -- $query | jq -cS "$view")" \
    "$(on "$TMP/replica" search --json $args -- $query | jq -cS "$view")"
done
unset IFS

# The front end: the replica behind xapian-tcpsrv in place of shards/2026,
# the master's other shards local. serve with one thread, so the
# connection that answers after the update below is the one opened before
# it, and --reopen 0, so each request looks for changes.
start_tcpsrv replica "$TMP/replica"
{
  echo "# the master's shards, 2026 read from its replica"
  echo "remote 127.0.0.1:$port_replica"
  sed -n 's|^auto \(shards/\)|auto master/\1|p' "$TMP/master/XAPIANDB" | grep -vx 'auto master/shards/2026'
} >"$TMP/front.stub"
shard_count=$(grep -c '^[ar]' "$TMP/front.stub")
start_server_on "$TMP/front.stub" --threads 1 --reopen 0
url="http://127.0.0.1:$port"
# http_search QUERY: serve's answer to /search for QUERY with the facets
# and timeline of $args.
http_search() {
  curl -s -G --data-urlencode "q=$1" --data-urlencode "facets=org,person,place,country,source" \
    --data-urlencode facet_size=50 --data-urlencode timeline=month --data-urlencode limit=10 "$url/search"
}
IFS='|'
for query in oil$queries; do
  unset IFS
  test_expect_equal "serve through the replica: '$query' as on one index (total, top 10, facets, timeline)" \
    "$(on "$TMP/db" search --json $args -- $query | jq -cS "$view" | strip_accents)" \
    "$(http_search "$query" | jq -cS "$view" | strip_accents)"
done
unset IFS
# http_hits QUERY: the status of serve's /search for QUERY and its ids.
http_hits() {
  curl -s -o "$TMP/body" -w '%{http_code}' -G --data-urlencode "q=$1" "$url/search"
  jq -r '" " + ([(.hits // [])[].id] | join(","))' "$TMP/body" 2>/dev/null
}
test_expect_equal "serve through the replica: stock counting, every shard answered" \
  "[\"stock\",{\"failed\":[],\"total\":$shard_count}]" "$(http_search oil | jq -c '[.counting, .shards]')"

# The master gains an article of 2026 with a word no other has. The indexer
# keeps changesets (XAPIAN_MAX_CHANGESETS), so the next replication sends
# just the change and applies it to the replica's live database.
word=quokkaborough
printf '%s\n' '{"id": "t067-new", "title": "Quokkaborough ferry service resumes", "body": "The quokkaborough ferry resumed its crossings on Friday after a week of repairs to the harbour pier.", "date": "2026-03-06", "source": "Harbour Gazette", "language": "en"}' \
  >"$TMP/new.jsonl"
test_expect_equal "before the update: serve does not know the word" 0 "$(http_search "$word" | jq .total)"
XAPIAN_MAX_CHANGESETS=10 "$DATELINE_INDEX" -q $entities --shard-by year --db "$TMP/master" "$TMP/new.jsonl" &&
  "$DATELINE_INDEX" -q $entities --db "$TMP/db" "$TMP/new.jsonl" ||
  { echo "T067: indexing the new article failed" >&2; exit 1; }
test_expect_equal "the master shard has it, the replica not yet" "1 0" \
  "$(on "$TMP/master/shards/2026" search --json "$word" | jq .total) $(on "$TMP/replica" search --json "$word" | jq .total)"

replicate
test_expect_equal "second replication succeeds" 0 $?
test_expect_match "second replication: a changeset, no copy" "Update complete: 0 copies, [1-9][0-9]* changesets" \
  "$(cat "$TMP/replicate.log")"
# Right after it: the connection serve opened before the update, a new
# connection to the replica's xapian-tcpsrv, and the replica itself.
test_expect_equal "serve, right after: 200 and the new article" "200 t067-new" \
  "$(http_hits "$word")"
test_expect_equal "serve, right after: the whole archive as one index" \
  "$(on "$TMP/db" search --json $args | jq -cS "$view" | strip_accents)" "$(http_search "" | jq -cS "$view" | strip_accents)"
test_expect_equal "through the replica's xapian-tcpsrv: the new article" "t067-new" \
  "$(on "$TMP/front.stub" search --json "$word" | jq -r '[.hits[].id] | join(",")')"
test_expect_equal "the replica: the new article" "t067-new" \
  "$(on "$TMP/replica" search --json "$word" | jq -r '[.hits[].id] | join(",")')"
test_expect_equal "the replica: same stats as the master shard again" \
  "$(on "$TMP/master/shards/2026" stats --json | jq -c "$stats_view")" "$(on "$TMP/replica" stats --json | jq -c "$stats_view")"

# A full copy (what every replication is when the indexer keeps no
# changesets) makes a new replica database and removes the old one, which
# the xapian-tcpsrv child serving serve's connection still has open.
replicate --force-copy
test_expect_equal "a forced full copy succeeds" 0 $?
test_expect_equal "after a full copy: a new connection finds the article" "t067-new" \
  "$(on "$TMP/front.stub" search --json "$word" | jq -r '[.hits[].id] | join(",")')"
# serve's open connection fails to reopen (DatabaseNotFoundError for the
# removed replica directory): it must reconnect, and the new server process
# opens the current replica.
test_expect_equal "after a full copy: serve's open connection reconnects and finds the article" \
  "200 t067-new" "$(http_hits "$word")"

test_done
