#!/bin/sh
# Paths no other test covers (issue 12): `export` as JSON Lines and as CSV
# (RFC 4180 quoting), `batch` with a bad query among good ones, indexing
# with 1 and with 3 shards giving the same index as seen by every reader
# (the corpus, and two Reuters files when ../shared/data is there), and
# `ner-train` writing the same model bytes twice for the same input and
# seed (skipped without ../shared/data). About 30 s.
. "$(dirname "$0")/lib.sh"

for tool in jq python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "T046: $tool is required" >&2; exit 1; }
done

# --- export -----------------------------------------------------------------
cat >"$TMP/odd.jsonl" <<'JSONL'
{"id":"comma","title":"Oil, gas and coal","body":"Harbour trade.","source":"Wire, Inc","date":"2024-03-01"}
{"id":"quote","title":"He said \"no\" twice","body":"Harbour trade.","source":"Wire","date":"2024-03-02"}
{"id":"newline","title":"Two\nlines","body":"Harbour trade.","source":"Wire","date":"2024-03-03"}
{"id":"plain","title":"Plain title","body":"Harbour trade.","source":"Wire","date":"2024-03-04","url":"https://example.com/a?x=1,2"}
JSONL
"$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$TMP/odd.jsonl" || { echo "T046: indexing failed" >&2; exit 1; }

q export --format jsonl harbour >"$TMP/export.jsonl"
test_expect_equal "export jsonl: exit 0" 0 $?
test_expect_equal "export jsonl: one line per article" 4 "$(wc -l <"$TMP/export.jsonl" | tr -d ' ')"
test_expect_equal "export jsonl: ids" "comma newline plain quote" \
  "$(jq -r .id "$TMP/export.jsonl" | sort | tr '\n' ' ' | sed 's/ $//')"
test_expect_equal "export jsonl: titles kept exactly" '"He said \"no\" twice"' \
  "$(jq -c 'select(.id == "quote") | .title' "$TMP/export.jsonl")"
test_expect_equal "export jsonl: the body is there" "Harbour trade." \
  "$(jq -r 'select(.id == "plain") | .body' "$TMP/export.jsonl")"

q export --format csv harbour >"$TMP/export.csv"
test_expect_equal "export csv: exit 0" 0 $?
# Parsed by Python's csv module: the header, 4 rows of 13 fields, and the
# fields that need quoting come back as they went in.
csv_check=$(python3 - "$TMP/export.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
print(len(rows), sorted({len(r) for r in rows}))
by_id = {r[0]: r for r in rows[1:]}
print(rows[0][:5])
print(by_id["comma"][3], "|", by_id["comma"][2])
print(by_id["quote"][3])
print(by_id["plain"][4])
print("raw newline in a field" if any("\n" in c or "\r" in c for r in rows for c in r) else "no raw newline")
PY
)
test_expect_equal "export csv: parses" "5 [13]
['id', 'date', 'source', 'title', 'url']
Oil, gas and coal | Wire, Inc
He said \"no\" twice
https://example.com/a?x=1,2
no raw newline" "$csv_check"
test_expect_equal "export csv: a field with a comma is quoted" 1 \
  "$(grep -c '^comma,[^,]*,"Wire, Inc","Oil, gas and coal",' "$TMP/export.csv")"
test_expect_equal "export csv: a quote is doubled inside quotes" 1 \
  "$(grep -c '"He said ""no"" twice"' "$TMP/export.csv")"
test_expect_equal "export csv: rows end in CRLF" 5 "$(grep -c "$(printf '\r')\$" "$TMP/export.csv")"
test_expect_equal "export csv: 5 lines (no line break inside a row)" 5 "$(wc -l <"$TMP/export.csv" | tr -d ' ')"

# --- batch ------------------------------------------------------------------
printf '# a comment\nharbour\n\noil\n"unclosed\nnothingmatcheszz\n' >"$TMP/queries.txt"
q batch --json --per-query "$TMP/queries.txt" >"$TMP/batch.json" 2>"$TMP/batch.err"
test_expect_equal "batch with a bad query: exit 2" 2 $?
test_expect_equal "batch: every query ran, one error" "4 1 2" \
  "$(jq -r '"\(.queries) \(.errors) \(.with_hits)"' "$TMP/batch.json")"
test_expect_equal "batch: per-query totals" '["harbour",4,false] ["oil",1,false] ["\"unclosed",0,true] ["nothingmatcheszz",0,false]' \
  "$(jq -c '.per_query[] | [.query, .total, has("error")]' "$TMP/batch.json" | tr '\n' ' ' | sed 's/ $//')"
test_expect_match "batch: the error names the query on stderr" '^dateline-query: "unclosed: ' "$(cat "$TMP/batch.err")"
printf 'harbour\noil\n' >"$TMP/good.txt"
q batch --json "$TMP/good.txt" >/dev/null 2>&1
test_expect_equal "batch of good queries: exit 0" 0 $?
q batch "$TMP/no-such-file.txt" >/dev/null 2>"$TMP/missing.err"
test_expect_equal "batch of a missing file: exit 2" 2 $?
test_expect_match "batch of a missing file: names it" "no-such-file.txt" "$(cat "$TMP/missing.err")"

# --- 1 shard against 3 shards -----------------------------------------------
# compare_shards NAME INPUT...: indexes INPUT with --shards 1 and --shards 3
# and compares what readers see.
compare_shards() {
  name=$1
  shift
  for n in 1 3; do
    rm -rf "$TMP/s$n"
    "$DATELINE_INDEX" -q --threads 2 --shards $n --db "$TMP/s$n" "$@" ||
      { echo "T046: $name: indexing with --shards $n failed" >&2; exit 1; }
  done
  s1() { "$DATELINE_QUERY" --db "$TMP/s1" "$@"; }
  s3() { "$DATELINE_QUERY" --db "$TMP/s3" "$@"; }
  articles=$(s1 stats --json | jq .articles)
  test_expect_match "$name: articles indexed" '^[1-9][0-9]*$' "$articles"
  test_expect_equal "$name: same article count" "$articles" "$(s3 stats --json | jq .articles)"
  test_expect_equal "$name: same export, sorted" "$(s1 export --format jsonl | sort | md5sum)" \
    "$(s3 export --format jsonl | sort | md5sum)"
  # Hits of equal score come in document-id order, and the ids depend on
  # the shard count: the same total, the same 10 scores, and the same ids
  # in the same order once ties are put in id order (at the 10th score
  # only their number is compared: which of them made the cut is a tie).
  top10='(.hits[-1].score) as $low
    | [.total, [.hits[].score], [.hits | map(select(.score > $low)) | sort_by(-.score, .id)[] | .id]]'
  for query in oil "prices rose" "president OR minister" 'country:US' 'trade NOT japan'; do
    test_expect_equal "$name: same total and top 10 for '$query'" \
      "$(s1 search --json --facets none --limit 10 "$query" | jq -c "$top10")" \
      "$(s3 search --json --facets none --limit 10 "$query" | jq -c "$top10")"
  done
  test_expect_equal "$name: same facet counts" \
    "$(s1 search --json --facets person,org,place,country,source,lang --facet-size 50 | jq -cS .facets)" \
    "$(s3 search --json --facets person,org,place,country,source,lang --facet-size 50 | jq -cS .facets)"
}
compare_shards corpus "$CORPUS/text" "$CORPUS/jsonl"
REUTERS="$SHARED/reuters21578"
if [ -f "$REUTERS/reuters-00.jsonl" ]; then
  compare_shards reuters "$REUTERS/reuters-00.jsonl" "$REUTERS/reuters-01.jsonl"
else
  echo "# skip: reuters shards ($REUTERS not found)"
fi

# --- ner-train twice: the same bytes ----------------------------------------
CONLL="$SHARED/conll2003/eng.train"
if [ -f "$CONLL" ]; then
  # The first ~300 sentences (whole sentences: cut at a blank line).
  awk 'NF == 0 { n++ } n >= 300 { exit } { print }' "$CONLL" >"$TMP/train.conll"
  for run in 1 2; do
    "$DATELINE_INDEX" ner-train --train "$TMP/train.conll" --epochs 2 --seed 7 \
      --out "$TMP/model-$run" >"$TMP/train-$run.log" 2>&1 ||
      { echo "T046: ner-train failed:" >&2; cat "$TMP/train-$run.log" >&2; exit 1; }
  done
  test_expect_match "ner-train: wrote a model" '^[1-9][0-9]*$' "$(wc -c <"$TMP/model-1" | tr -d ' ')"
  test_expect_equal "ner-train: same seed, same bytes" "$(md5sum <"$TMP/model-1")" "$(md5sum <"$TMP/model-2")"
else
  echo "# skip: ner-train reproducibility ($CONLL not found)"
fi

test_done
