#!/bin/sh
# T047: archives as they come. The bundled format fixtures (RSS, Atom, NITF,
# NewsML-G2, an HTML page, a JSON array with a ninjs item, a WARC record,
# gzip of two members) index with the right counts, titles and dates; bad
# input in each format is reported as path:item N or path:offset N and
# skipped while the good articles around it are kept; a directory walk
# names every kind of file it skipped; where ../shared/data is present,
# every sample under formats/ indexes with its recorded count and titles.
. "$(dirname "$0")/lib.sh"
FIX="$DATELINE_SOURCE_DIR/tests/fixtures/formats"

# title of the article with this id
title_of() { q show --json "$1" | jq -r .title; }
date_of() { q show --json "$1" | jq -r .date; }

"$DATELINE_INDEX" --no-entities --db "$TMP/db" "$FIX" 2>"$TMP/err"; rc=$?
test_expect_equal "fixtures index cleanly" 0 "$rc"
test_expect_match "fixture count" "indexed 11 articles \\(11 new, 0 replaced\\), 0 skipped" "$(cat "$TMP/err")"
test_expect_equal "RSS item: guid is the id, content:encoded is the body" \
  "Ferry strike ends|Ferry crews in Oslo returned on Tuesday." \
  "$(q show --json a1 | jq -r '[.title, (.body | split("\n")[0])] | join("|")')"
test_expect_equal "RSS date with a named zone" "1987-03-03T19:05:00Z" "$(date_of a1)"
test_expect_equal "RSS author" "Mara Lindqvist" "$(q show --json a1 | jq -r '.authors[0]')"
test_expect_equal "Atom entry (HTML title reduced to text)" "Neue Werft" "$(title_of urn:e1)"
test_expect_equal "NITF doc-id and hedline" "Fishing quotas cut" "$(title_of NTB-1)"
test_expect_equal "NITF date" "2015-03-12T12:00:00Z" "$(date_of NTB-1)"
test_expect_equal "NewsML-G2 guid, headline, firstCreated" "Port reopens|2020-04-01T09:00:00Z" \
  "$(q show --json urn:newsml:example.org:1 | jq -r '[.title, .date] | join("|")')"
test_expect_equal "HTML page: canonical URL, JSON-LD headline and date" "Dam opens|2024-06-01T07:00:00Z" \
  "$(q show --json https://example.org/dam | jq -r '[.title, .date] | join("|")')"
test_expect_equal "HTML page: JSON-LD author" "Ana Ruiz" "$(q show --json https://example.org/dam | jq -r '.authors[0]')"
test_expect_equal "HTML page: furniture left out" "false" \
  "$(q show --json https://example.org/dam | jq '.body | test("Cookies|Home")')"
test_expect_equal "JSON array: plain object" "Grain prices rise" "$(title_of j1)"
test_expect_equal "JSON array: ninjs item" "Bridge vote" "$(title_of urn:ninjs:1)"
test_expect_equal "WARC response: target URI and page title" "Tide" "$(title_of http://example.org/w)"
test_expect_equal "gzip of two members" "Gz one|Gz two" "$(echo "$(title_of z1)|$(title_of z2)")"

# Bad input, format by format: reported with where, skipped, the rest kept.
mkdir -p "$TMP/bad"
# An RSS feed cut inside its third item.
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Kept one</title><guid>k1</guid><description>Body one.</description></item>
<item><title>Kept two</title><guid>k2</guid><description>Body two.</description></item>
<item><title>Cut thr' > "$TMP/bad/cut.rss"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>\n' > "$TMP/bad/empty.rss"
# A WARC whose first record claims 10 bytes too many, then a good record.
rec() {  # rec URI TITLE: one WARC response record
  body=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>%s</title></head><body><p>%s text.</p></body></html>' "$2" "$2")
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Length: %s\r\n\r\n%s\r\n\r\n' \
    "$1" "$(($(printf '%s' "$body" | wc -c) + ${3:-0}))" "$body"
}
{ rec http://example.org/w1 "Wrong length" 10; rec http://example.org/w2 "After the bad one"; } > "$TMP/bad/bad.warc"
# A gzip file cut short: the lines before the cut are kept.
i=1
while [ $i -le 2000 ]; do
  printf '{"id":"g%d","title":"Line %d","body":"Some words to make the stream longer %d."}\n' $i $i $i
  i=$((i + 1))
done | gzip -n > "$TMP/full.jsonl.gz"
size=$(wc -c < "$TMP/full.jsonl.gz")
head -c $((size / 2)) "$TMP/full.jsonl.gz" > "$TMP/bad/cut.jsonl.gz"

"$DATELINE_INDEX" --no-entities --db "$TMP/bad.db" "$TMP/bad" 2>"$TMP/err"; rc=$?
err=$(cat "$TMP/err")
test_expect_equal "bad input exits 1" 1 "$rc"
test_expect_match "cut XML is reported" "cut.rss" "$err"
test_expect_match "feed without items" "empty.rss: .*no items" "$err"
test_expect_match "WARC wrong length at its offset" "bad.warc:offset [0-9]+: " "$err"
test_expect_match "gzip cut short at its offset" "cut.jsonl.gz:offset [0-9]+: compressed data is cut short" "$err"
test_expect_equal "items before the cut kept" "Kept one|Kept two" \
  "$("$DATELINE_QUERY" --db "$TMP/bad.db" show --json k1 | jq -r .title)|$("$DATELINE_QUERY" --db "$TMP/bad.db" show --json k2 | jq -r .title)"
test_expect_equal "WARC record after the bad one kept" "After the bad one" \
  "$("$DATELINE_QUERY" --db "$TMP/bad.db" show --json http://example.org/w2 | jq -r .title)"
kept=$("$DATELINE_QUERY" --db "$TMP/bad.db" search --json --limit 0 --facets none 'title:line' | jq .total)
test_expect_match "gzip lines before the cut kept" '^[1-9][0-9]*$' "$kept"

# A directory walk names what it skipped; markup never becomes text.
mkdir -p "$TMP/walk"
cp "$FIX/page.html" "$TMP/walk/"
printf '%%PDF-1.4\n' > "$TMP/walk/a.pdf"
printf '%%PDF-1.4\n' > "$TMP/walk/b.pdf"
printf '<?xml version="1.0"?><kml><Placemark/></kml>\n' > "$TMP/walk/map.kml"
printf '# notes\n' > "$TMP/walk/notes.md"
"$DATELINE_INDEX" --no-entities --db "$TMP/walk.db" "$TMP/walk" 2>"$TMP/err"; rc=$?
err=$(cat "$TMP/err")
test_expect_equal "a walk with unreadable kinds of file exits 0" 0 "$rc"
test_expect_match "PDFs summarised" "skipped 2 files \\(PDF document\\)" "$err"
test_expect_match "unknown XML summarised" "skipped 1 file \\(XML \\(root element <kml>\\)\\)" "$err"
test_expect_match "other text summarised" "skipped 1 file \\(text file \\(.md\\)\\)" "$err"
test_expect_match "the page is read" "indexed 1 articles" "$err"

# Every sample of ../shared/data/formats with its recorded count.
if [ -d "$SHARED/formats" ]; then
  while IFS="|" read -r file want first; do
    [ -n "$file" ] || continue
    rm -rf "$TMP/s.db"
    "$DATELINE_INDEX" -q --no-entities --db "$TMP/s.db" "$SHARED/formats/$file" 2>"$TMP/err"
    got=$("$DATELINE_QUERY" --db "$TMP/s.db" stats --json | jq .articles)
    test_expect_equal "$file: $want articles" "$want" "$got"
    if [ -n "$first" ]; then
      titles=$("$DATELINE_QUERY" --db "$TMP/s.db" search --json --limit 1000 --facets none '' | jq -r '.hits[].title')
      test_expect_match "$file: has '$first'" "^$(printf '%s' "$first" | sed 's/[][\.*^$()+?{}|]/\\&/g')\$" "$titles"
    fi
  done < "$DATELINE_SOURCE_DIR/tests/e2e/T047-samples.txt"
else
  echo "# SKIP sample checks: $SHARED/formats is absent"
fi

test_done
