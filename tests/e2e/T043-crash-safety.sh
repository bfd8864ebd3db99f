#!/bin/sh
# Crash safety: dateline-index killed (SIGKILL) at each point of a sharded
# first build and inside an incremental run leaves an index that opens with
# whole commits; a re-run gives exactly the articles, once, and leaves no
# shard folders or replaced databases behind. Then a short soak: searches
# while dateline-index replaces articles never fail.
#
# The indexer stops at a point when DATELINE_TEST_PAUSE_AT names it (see
# test_pause in src/index/indexer.cc) and says so; the test kills it there.
. "$(dirname "$0")/lib.sh"

# gen FROM TO FILE: articles aFROM..a(TO-1) as JSON Lines.
gen() {
  awk -v from="$1" -v to="$2" 'BEGIN {
    for (i = from; i < to; i++)
      printf "{\"id\":\"a%04d\",\"title\":\"Harbour report %d\",\"body\":\"Ferry traffic in harbour %d was steady; the port counted %d boats.\",\"date\":\"2024-01-%02d\"}\n", i, i, i, i % 97, i % 28 + 1
  }' >"$3"
}
gen 0 3000 "$TMP/articles.jsonl"
gen 3000 3500 "$TMP/more.jsonl"

ix() { "$DATELINE_INDEX" -q --no-entities --threads 2 "$@"; }
articles() { "$DATELINE_QUERY" --db "$1" stats --json | jq .articles; }
# What a run leaves beside and inside the index, one line.
layout() { (cd "$TMP" && LC_ALL=C ls -d "${1##*/}".* 2>/dev/null; LC_ALL=C ls "$1") | tr '\n' ' '; }

# kill_at POINT INDEXER-ARGS...: runs dateline-index until it pauses at
# POINT, then kills it with SIGKILL.
kill_at() {
  point=$1
  shift
  rm -f "$TMP/ix.log"
  # The binary itself, not the ix function, so $! is the indexer's PID.
  DATELINE_TEST_PAUSE_AT=$point "$DATELINE_INDEX" -q --no-entities --threads 2 "$@" 2>"$TMP/ix.log" &
  pid=$!
  i=0
  until grep -q "paused at $point" "$TMP/ix.log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null || [ $i -ge 600 ]; then
      echo "# dateline-index did not pause at $point:"
      sed 's/^/#   /' "$TMP/ix.log"
      break
    fi
    sleep 0.05
    i=$((i + 1))
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

# A first build without a kill, for reference.
ix --db "$TMP/ref" --shards 3 "$TMP/articles.jsonl"
test_expect_equal "first build: all articles" 3000 "$(articles "$TMP/ref")"
test_expect_equal "first build: one stub, one generation" "XAPIANDB gen-1 " "$(layout "$TMP/ref")"

# finish: shards being written; merge: before compaction; swap: merged,
# before the commit point; cleanup: just after it.
for point in finish merge swap cleanup; do
  db="$TMP/db-$point"
  kill_at "$point" --db "$db" --shards 3 --batch 200 "$TMP/articles.jsonl"
  test_expect_match "killed at $point: a shard folder is left" "db-$point\\.shards-[0-9]+" "$(layout "$db")"
  n=$(articles "$db")
  rc=$?
  test_expect_equal "killed at $point: the index opens" 0 "$rc"
  if [ "$point" = cleanup ]; then want=3000; else want=0; fi
  test_expect_equal "killed at $point: the old index or the new, whole" "$want" "$n"
  ix --db "$db" --shards 3 "$TMP/articles.jsonl"
  test_expect_equal "killed at $point: re-run exits 0" 0 "$?"
  test_expect_equal "killed at $point: re-run gives every article once" 3000 "$(articles "$db")"
  test_expect_equal "killed at $point: no leftovers" "XAPIANDB gen-1 " "$(layout "$db")"
done

# An incremental run (direct writes, a commit every 100 articles) killed
# while writing: whole batches only; a re-run completes it.
db="$TMP/db-cleanup"
kill_at finish --db "$db" --batch 100 "$TMP/more.jsonl"
n=$(articles "$db")
test_expect_equal "incremental kill: whole batches" 0 "$(((n - 3000) % 100))"
ix --db "$db" --batch 100 "$TMP/more.jsonl"
test_expect_equal "incremental kill: re-run gives every article once" 3500 "$(articles "$db")"

# Soak: searches while dateline-index replaces every article, committing
# every 20. Each search must succeed (exit 0): no abort, no error.
db="$TMP/ref"
rm -f "$TMP/stop"
(
  while [ ! -f "$TMP/stop" ]; do ix --db "$db" --batch 100 "$TMP/articles.jsonl" || echo "indexer exit $?"; done
) >"$TMP/soak-ix.log" 2>&1 &
loop=$!
codes=
i=0
while [ $i -lt 40 ]; do
  for cmd in "search harbour --limit 5 --timeline month" "stats"; do
    # shellcheck disable=SC2086 # the command's words
    "$DATELINE_QUERY" --db "$db" $cmd --json >"$TMP/soak.out" 2>>"$TMP/soak.err"
    rc=$?
    if [ "$rc" -ne 0 ]; then
      codes="$codes $rc"
      echo "# $cmd exited $rc: $(cat "$TMP/soak.out")"
    fi
  done
  i=$((i + 1))
done
touch "$TMP/stop"
wait "$loop"
test_expect_equal "soak: every search and stats exits 0" "" "$codes"
test_expect_equal "soak: nothing on standard error" "" "$(cat "$TMP/soak.err" "$TMP/soak-ix.log")"
test_expect_equal "soak: still every article once" 3000 "$(articles "$db")"

test_done
