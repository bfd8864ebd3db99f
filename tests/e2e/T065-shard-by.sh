#!/bin/sh
# Time-sharded indexes (issue 17): `dateline-index --shard-by year|month`
# writes one database per period and a stub listing them; every query
# command must answer on the stub exactly as on a single index of the same
# articles (BM25 statistics are global across the shards). Covers the
# corpus, and two Reuters files when ../shared/data is there; then routing:
# a second run adding a year, a replacement whose date moved it, delete,
# and refused mode changes. About 40 s.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "T065: jq is required" >&2; exit 1; }

# Everything a command prints but the time it took.
# A sharded index adds "shards": {"total", "failed"}; the rest must be the same.
untimed='del(.took_ms, .shards)'

# compare_layouts NAME INPUT...: indexes INPUT as one index, by year and by
# month, and compares every command's answers.
compare_layouts() {
  name=$1
  shift
  for mode in none year month; do
    rm -rf "$TMP/$mode"
    "$DATELINE_INDEX" -q --threads 2 --shard-by $mode --db "$TMP/$mode" "$@" ||
      { echo "T065: $name: indexing with --shard-by $mode failed" >&2; exit 1; }
  done
  one() { "$DATELINE_QUERY" --db "$TMP/none" "$@"; }
  test_expect_equal "$name: none writes a single index, no shards" "no shards" \
    "$(test -d "$TMP/none/shards" && echo shards || echo "no shards")"
  first_id=$(one search --json --facets none --limit 1 --sort oldest | jq -r '.hits[0].id')
  for mode in year month; do
    sq() { "$DATELINE_QUERY" --db "$TMP/$mode" "$@"; }
    listed=$(grep -c '^auto shards/' "$TMP/$mode/XAPIANDB")
    test_expect_equal "$name/$mode: the stub lists every shard" \
      "$(ls "$TMP/$mode/shards" | wc -l | tr -d ' ')" "$listed"
    test_expect_equal "$name/$mode: same stats but path, size and shards" \
      "$(one stats --json | jq -cS 'del(.path, .size_bytes, .shards)')" "$(sq stats --json | jq -cS 'del(.path, .size_bytes, .shards)')"
    # One shard is one database, as for search results' "shards" block.
    want_shards=null
    [ "$listed" -gt 1 ] && want_shards="{\"remote\":0,\"total\":$listed}"
    test_expect_equal "$name/$mode: stats counts the shards; one index has none" "$want_shards null" \
      "$(sq stats --json | jq -c .shards) $(one stats --json | jq -c .shards)"
    for query in oil "prices rose" "president OR minister" 'country:US' 'trade NOT japan' harbuor; do
      test_expect_equal "$name/$mode: same search for '$query' (total, top 10 ids, order, scores)" \
        "$(one search --json --facets none --limit 10 "$query" | jq -c "$untimed")" \
        "$(sq search --json --facets none --limit 10 "$query" | jq -c "$untimed")"
    done
    # A long-running searcher counts from facet columns; over several
    # shards it must not (their docids are the shards' own), and the counts
    # stay those of one index.
    printf 'oil\nprices rose\ncountry:US\n' >"$TMP/queries.txt"
    test_expect_equal "$name/$mode: batch with facet columns forced: same facets as one index" \
      "$(one batch --facet-columns always --facets org,person,country --per-query --answers --json "$TMP/queries.txt" |
        jq -c '[.per_query[].answer | [.total, .facets]]')" \
      "$(sq batch --facet-columns always --facets org,person,country --per-query --answers --json "$TMP/queries.txt" |
        jq -c '[.per_query[].answer | [.total, .facets]]')"
    want_note="0 0"
    [ "$listed" -gt 1 ] && want_note="1 0"
    test_expect_equal "$name/$mode: search says facet columns were not used over shards" "$want_note" \
      "$(sq search --json --facet-columns always --facets org --limit 0 oil |
        jq '[.notes[] | select(test("facet columns are not used"))] | length') $(
        one search --json --facet-columns always --facets org --limit 0 oil |
          jq '[.notes[] | select(test("facet columns are not used"))] | length')"
    test_expect_equal "$name/$mode: same newest first" \
      "$(one search --json --facets none --sort newest --limit 20 | jq -c '[.hits[].id]')" \
      "$(sq search --json --facets none --sort newest --limit 20 | jq -c '[.hits[].id]')"
    test_expect_equal "$name/$mode: same facets" \
      "$(one search --json --facets person,org,place,country,source,lang --facet-size 50 --limit 0 | jq -cS .facets)" \
      "$(sq search --json --facets person,org,place,country,source,lang --facet-size 50 --limit 0 | jq -cS .facets)"
    test_expect_equal "$name/$mode: same timeline" \
      "$(one search --json --facets none --timeline month --limit 0 | jq -c .timeline)" \
      "$(sq search --json --facets none --timeline month --limit 0 | jq -c .timeline)"
    for prefix in pr ha ja; do
      test_expect_equal "$name/$mode: same suggestions for '$prefix'" \
        "$(one suggest --json "$prefix")" "$(sq suggest --json "$prefix")"
    done
    test_expect_equal "$name/$mode: same show" "$(one show --json "$first_id")" "$(sq show --json "$first_id")"
    test_expect_equal "$name/$mode: same related" \
      "$(one related --json "$first_id" | jq -c "$untimed")" "$(sq related --json "$first_id" | jq -c "$untimed")"
    test_expect_equal "$name/$mode: same export, sorted" "$(one export --format jsonl | sort | md5sum)" \
      "$(sq export --format jsonl | sort | md5sum)"
  done
}

compare_layouts corpus "$CORPUS/text" "$CORPUS/jsonl"
REUTERS="$SHARED/reuters21578"
if [ -f "$REUTERS/reuters-00.jsonl" ]; then
  compare_layouts reuters "$REUTERS/reuters-00.jsonl" "$REUTERS/reuters-01.jsonl"
else
  echo "# skip: reuters layouts ($REUTERS not found)"
fi

# --- routing: a new year, a moved id, delete, refused modes -----------------
cat >"$TMP/run1.jsonl" <<'JSONL'
{"id":"r1","title":"Harbour strike","body":"Dockers stop work.","source":"Wire","date":"2024-03-01"}
{"id":"r2","title":"Oil prices","body":"Crude rose.","source":"Wire","date":"2023-12-31"}
{"id":"r3","title":"Undated note","body":"No date here.","source":"Wire"}
JSONL
cat >"$TMP/run2.jsonl" <<'JSONL'
{"id":"r2","title":"Oil prices (corrected)","body":"Crude rose.","source":"Wire","date":"2025-01-02"}
{"id":"r4","title":"New year","body":"Fireworks.","source":"Wire","date":"2025-01-01"}
JSONL
db="$TMP/routed"
ix() { "$DATELINE_INDEX" --no-entities --db "$db" "$@"; }
rq() { "$DATELINE_QUERY" --db "$db" "$@"; }
ix -q --shard-by year "$TMP/run1.jsonl"
test_expect_equal "routing: first run's shards" "2023 2024 undated" "$(ls "$db/shards" | tr '\n' ' ' | sed 's/ $//')"
summary=$(ix "$TMP/run2.jsonl" 2>&1)
test_expect_match "routing: the moved id counts as replaced" "1 new, 1 replaced" "$summary"
test_expect_equal "routing: a second run adds 2025 to the stub" "2023 2024 2025 undated" \
  "$(sed -n 's|^auto shards/||p' "$db/XAPIANDB" | tr '\n' ' ' | sed 's/ $//')"
test_expect_equal "routing: r2 left 2023" 0 "$("$DATELINE_QUERY" --db "$db/shards/2023" stats --json | jq .articles)"
test_expect_equal "routing: one r2, the corrected one" '1 "Oil prices (corrected)"' \
  "$(rq search --json --facets none 'id:r2' | jq -r '"\(.total) \(.hits[0].title | tojson)"')"
test_expect_equal "routing: four articles" 4 "$(rq stats --json | jq .articles)"
ix -q --shard-by month "$TMP/run2.jsonl" 2>"$TMP/refused.log"
test_expect_equal "routing: --shard-by month on a year index exits 3" 3 $?
test_expect_match "routing: and says why" "sharded by year" "$(cat "$TMP/refused.log")"
"$DATELINE_INDEX" --db "$db" delete r1 r3 nope 2>"$TMP/delete.log"
test_expect_equal "routing: delete with one unknown id exits 1" 1 $?
test_expect_match "routing: delete says what it did" "deleted 2 of 3" "$(cat "$TMP/delete.log")"
test_expect_equal "routing: two articles left" "r2 r4" \
  "$(rq export --format jsonl | jq -r .id | sort | tr '\n' ' ' | sed 's/ $//')"

test_done
