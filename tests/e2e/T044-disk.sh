#!/bin/sh
# Disk full and read-only (issue 13): dateline-index writing into a small
# tmpfs until it fills says so (the index named, "No space left on
# device"), exits 3, and leaves the last committed batch searchable with no
# half-written batch and no shard folders; a first build that fills the
# disk leaves the empty index. On the same filesystem remounted read-only,
# indexing and deleting say so and exit 3, and searching still works.
#
# Needs root (mount); exits 77 (skipped) where mounting is not permitted.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "T044: jq is required" >&2; exit 1; }

MNT="$TMP/mnt"
MNT2="$TMP/mnt2"
mkdir -p "$MNT" "$MNT2"
unmount_and_clean() {
  for m in "$MNT" "$MNT2"; do
    if grep -q " $m " /proc/mounts 2>/dev/null; then umount "$m" 2>/dev/null || umount -l "$m"; fi
  done
  rm -rf "$TMP"
}
trap unmount_and_clean EXIT
trap 'exit 2' INT TERM
if ! mount -t tmpfs -o size=3m tmpfs "$MNT" 2>/dev/null; then
  echo "# cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN): skipped"
  exit 77
fi

# gen FROM TO FILE: articles gFROM..g(TO-1), about 1 KB of distinct words
# each, so that the index grows quickly.
gen() {
  awk -v from="$1" -v to="$2" 'BEGIN {
    srand(13)
    for (i = from; i < to; i++) {
      b = ""
      for (k = 0; k < 120; k++) b = b sprintf("w%d ", int(rand() * 500000))
      printf "{\"id\":\"g%05d\",\"title\":\"Filler report %d\",\"body\":\"%s\",\"date\":\"2024-02-%02d\"}\n", i, i, b, i % 28 + 1
    }
  }' >"$3"
}
gen 0 6000 "$TMP/big.jsonl"

ix() { "$DATELINE_INDEX" -q --no-entities --threads 2 "$@"; }
articles() { "$DATELINE_QUERY" --db "$1" stats --json | jq .articles; }
total() { "$DATELINE_QUERY" --db "$1" search --json --facets none --limit 1 "$2" | jq .total; }
# What is beside and inside an index, one line.
layout() { (cd "${1%/*}" && LC_ALL=C ls -d "${1##*/}".* 2>/dev/null; LC_ALL=C ls "$1") | tr '\n' ' '; }

db="$MNT/db"
ix --db "$db" "$CORPUS/text" "$CORPUS/jsonl"
test_expect_equal "corpus indexed on the tmpfs" 0 "$?"
n0=$(articles "$db")
wheat=$(total "$db" wheat)

# Disk full during an incremental run, a commit every 50 articles.
ix --db "$db" --batch 50 "$TMP/big.jsonl" 2>"$TMP/full.err"
test_expect_equal "disk full: exit 3" 3 "$?"
test_expect_match "disk full: the message names the index and the reason" \
  "^dateline-index: $db: cannot write the index: No space left on device" "$(cat "$TMP/full.err")"
test_expect_equal "disk full: one line of error" 1 "$(wc -l <"$TMP/full.err")"
n=$(articles "$db")
test_expect_equal "disk full: the index opens" 0 "$?"
added=$((n - n0))
echo "# $added articles committed before the disk filled"
test_expect_equal "disk full: some batches were committed" 1 "$((added >= 50))"
test_expect_equal "disk full: whole batches only" 0 "$((added % 50))"
test_expect_equal "disk full: search counts exactly the committed articles" "$added" "$(total "$db" filler)"
test_expect_equal "disk full: the corpus is still there" "$wheat" "$(total "$db" wheat)"
test_expect_equal "disk full: no leftovers" "XAPIANDB gen-1 " "$(layout "$db")"

# Again on the full disk: the same message, nothing changes.
ix --db "$db" --batch 50 "$TMP/big.jsonl" 2>"$TMP/full2.err"
test_expect_equal "still full: exit 3" 3 "$?"
test_expect_match "still full: the same reason" "$db: .*No space left on device" "$(cat "$TMP/full2.err")"
test_expect_equal "still full: the same articles" "$n" "$(articles "$db")"

# A first build written as shards that fills the disk leaves the empty
# index and no shard folders.
if mount -t tmpfs -o size=2m tmpfs "$MNT2" 2>/dev/null; then
  db2="$MNT2/db"
  ix --db "$db2" --shards 2 --batch 50 "$TMP/big.jsonl" 2>"$TMP/first.err"
  test_expect_equal "first build, disk full: exit 3" 3 "$?"
  test_expect_match "first build, disk full: the message" \
    "^dateline-index: $db2: .*No space left on device" "$(cat "$TMP/first.err")"
  test_expect_equal "first build, disk full: the empty index opens" 0 "$(articles "$db2")"
  test_expect_equal "first build, disk full: no shard folders" "" "$(cd "$MNT2" && ls -d db.* 2>/dev/null)"
  test_expect_equal "first build, disk full: no merged generation or stub" "" \
    "$(ls "$db2" | grep -E '^gen-|^XAPIANDB')"
  umount "$MNT2"
fi
# Shards that fit but whose merge does not (150 articles in 3 MB: the
# compactor writes a third copy): the merged generation is removed too.
if mount -t tmpfs -o size=3m tmpfs "$MNT2" 2>/dev/null; then
  db2="$MNT2/db"
  head -150 "$TMP/big.jsonl" >"$TMP/small.jsonl"
  ix --db "$db2" --shards 2 --batch 50 "$TMP/small.jsonl" 2>"$TMP/merge.err"
  test_expect_equal "merge, disk full: exit 3" 3 "$?"
  echo "# $(cat "$TMP/merge.err")"
  test_expect_match "merge, disk full: the message" \
    "^dateline-index: $db2: .*No space left on device" "$(cat "$TMP/merge.err")"
  test_expect_equal "merge, disk full: the empty index opens" 0 "$(articles "$db2")"
  test_expect_equal "merge, disk full: no shards, generation or stub left" "" \
    "$(cd "$MNT2" && ls -d db.* 2>/dev/null; ls "$db2" | grep -E '^gen-|^XAPIANDB')"
  umount "$MNT2"
fi

# Read-only (chmod does not stop root; a read-only mount does).
mount -o remount,ro "$MNT"
ix --db "$db" "$CORPUS/text" 2>"$TMP/ro.err"
test_expect_equal "read-only: indexing exits 3" 3 "$?"
test_expect_match "read-only: the message names the index and the reason" \
  "^dateline-index: $db: cannot open the index for writing: Read-only file system" "$(cat "$TMP/ro.err")"
"$DATELINE_INDEX" --db "$db" delete corpus-txt-001 2>"$TMP/ro-delete.err"
test_expect_equal "read-only: delete exits 3" 3 "$?"
test_expect_match "read-only: delete says why" "Read-only file system" "$(cat "$TMP/ro-delete.err")"
test_expect_equal "read-only: stats" "$n" "$(articles "$db")"
test_expect_equal "read-only: search" "$wheat" "$(total "$db" wheat)"
"$DATELINE_QUERY" --db "$db" search wheat >/dev/null 2>"$TMP/ro-search.err"
test_expect_equal "read-only: text search exits 0 and says nothing" "0 " "$? $(cat "$TMP/ro-search.err")"

test_done
