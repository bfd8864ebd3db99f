#!/bin/sh
# Stories (#16), the search side: every article's "story" in show, export
# and the API; --collapse story (one hit per story, with the other
# versions); `dateline-query story ID`; and --facet-by story, whose counts
# must equal the collapsed totals of the same search filtered by each value.
# The corpus's Cyclone Delfina story is three outlets' versions of one text.
# Incremental runs: a copy indexed later joins the story, and deleting the
# story's first article leaves the others in it for the next copy to join.
. "$(dirname "$0")/lib.sh"
index_corpus

test_expect_equal "every article has a story" true "$(q show --json corpus-txt-011 | jq 'has("story")')"

delfina="corpus-txt-011 corpus-txt-012 corpus-jl-013"
story=$(q show --json corpus-txt-011 | jq -r .story.id)
for id in $delfina; do
  test_expect_equal "$id is in the Delfina story" "$story 3" "$(q show --json "$id" | jq -r '"\(.story.id) \(.story.size)"')"
done
test_expect_match "the story id is one of its versions" "^(corpus-txt-011|corpus-txt-012|corpus-jl-013)$" "$story"

# story: by any version's id or the story id, versions by date.
for id in corpus-jl-013 "$story"; do
  test_expect_equal "story $id lists the versions by date" \
    "3 corpus-jl-013" "$(q story --json "$id" | jq -r '"\(.size) \(.versions[-1].id)"')"
done
test_expect_equal "versions carry sources" "Dateline Wire,Harbour Gazette,Meridian Post" \
  "$(q story --json corpus-txt-012 | jq -r '[.versions[].source] | sort | join(",")')"
test_expect_match "story text lists the versions" "story .*: 3 versions" "$(q story corpus-txt-011)"
q story --json no-such-id >/dev/null 2>&1
story_rc=$?
q show --json no-such-id >/dev/null 2>&1
test_expect_equal "an unknown story exits like show" "$?" "$story_rc"

# Collapse: one hit per story; the others are listed on it.
test_expect_equal "Delfina: three articles" 3 "$(q search --json --facets none Delfina | jq .total)"
collapsed=$(q search --json --facets none --collapse story Delfina)
test_expect_equal "Delfina collapsed: one story" "1 story true" \
  "$(printf '%s' "$collapsed" | jq -r '"\(.total) \(.collapse) \(.total_exact)"')"
test_expect_equal "the collapsed hit lists the two other versions" "3 2" \
  "$(printf '%s' "$collapsed" | jq -r '.hits[0].story | "\(.size) \(.versions | length)"')"
test_expect_match "text shows the other versions" "\+2 other versions \(" \
  "$(q search --facets none --collapse story Delfina)"

# Every article has a story in export, and the CSV has its columns.
test_expect_equal "export: every article has a story" "0" \
  "$(q export | jq -s '[.[] | select(.story.id == null or .story.size < 1)] | length')"
test_expect_match "export CSV ends with the story columns" "focus_countries,story_id,story_size" \
  "$(q export --format csv | head -1)"

# --facet-by story: for every facet value shown, its count is the collapsed
# total of the same search filtered by it (values holding a comma are left
# out: a filter reads a comma as "either").
check_invariant() {
  query=$1
  out=$(q search --json --collapse story --facet-by story --facets person,org,country,source \
        --facet-size 50 --limit 0 --timeline day $query)
  test_expect_equal "[$query] counted by story, exactly" "story true" \
    "$(printf '%s' "$out" | jq -r '"\(.facets_by) \(.facets_exact)"')"
  bad=0
  checked=0
  printf '%s' "$out" | jq -r '.facets | to_entries[] | .key as $f | .value[] | select(.value | contains(",") | not) |
                               "\($f)\t\(.value)\t\(.count)"' >"$TMP/values"
  while IFS="$(printf '\t')" read -r field value n; do
    got=$(q search --json --facets none --collapse story --limit 0 "--$field" "$value" $query | jq .total)
    checked=$((checked + 1))
    if [ "$got" != "$n" ]; then
      bad=$((bad + 1))
      echo "  [$query] $field:$value counted $n, filtered collapsed total $got"
    fi
  done <"$TMP/values"
  test_expect_equal "[$query] facet counts equal the filtered collapsed totals ($checked values)" 0 "$bad"
  test_expect_equal "[$query] timeline buckets sum to the dated stories" \
    "$(q search --json --facets none --collapse story --limit 0 --from 1000 $query | jq .total)" \
    "$(printf '%s' "$out" | jq '[.timeline[].count] | add // 0')"
}
check_invariant ""
check_invariant "cyclone OR Mozambique OR oil"

# The HTTP API: collapse= and facet_by= as on the command line.
start_server
api=$(curl -s "http://127.0.0.1:$port/search?q=Delfina&collapse=story&facets=source&facet_by=story")
test_expect_equal "HTTP collapse=story" "1 story story" \
  "$(printf '%s' "$api" | jq -r '"\(.total) \(.collapse) \(.facets_by)"')"
test_expect_equal "HTTP article has its story" "$story 3" \
  "$(curl -s "http://127.0.0.1:$port/articles/corpus-jl-013" | jq -r '"\(.story.id) \(.story.size)"')"
test_expect_equal "HTTP bad collapse is 400" "400 collapse" \
  "$(curl -s "http://127.0.0.1:$port/search?q=x&collapse=source" | jq -r '"\(.error.code) \(.error.param)"')"

# --- Incremental: later runs join the story; deleting its first article --
# A paper's copy of corpus-txt-011 (new headline, a local paragraph added,
# last paragraph cut), indexed by a second run into the same index.
mkdir -p "$TMP/later"
copy_of() {  # copy_of ID SOURCE: the copy as a text-format article
  {
    printf 'ID: %s\nDate: 2026-01-21\nSource: %s\nLanguage: en\n\n' "$1" "$2"
    printf 'Mozambique counts the cost as Delfina moves inland\n'
    sed -n '10,$p' "$CORPUS/text/corpus-txt-011.txt" | sed '$d'
    printf 'Local aid groups in the region said they were collecting food and blankets for families.\n'
  }
}
copy_of paper-copy-1 "Valley Courier" >"$TMP/later/paper-copy-1.txt"
"$DATELINE_INDEX" -q --db "$TMP/db" "$TMP/later/paper-copy-1.txt"
test_expect_equal "a second run's copy joins the story" "$story 4" \
  "$(q show --json paper-copy-1 | jq -r '"\(.story.id) \(.story.size)"')"
"$DATELINE_INDEX" -q --db "$TMP/db" delete "$story" 2>/dev/null
test_expect_equal "deleting the first article leaves the rest in its story" "$story 3" \
  "$(q show --json paper-copy-1 | jq -r '"\(.story.id) \(.story.size)"')"
copy_of paper-copy-2 "Hill Times" >"$TMP/later/paper-copy-2.txt"
"$DATELINE_INDEX" -q --db "$TMP/db" "$TMP/later/paper-copy-2.txt"
test_expect_equal "a third run's copy still joins the story" "$story 4" \
  "$(q show --json paper-copy-2 | jq -r '"\(.story.id) \(.story.size)"')"
test_expect_equal "an unrelated article stays its own story" "corpus-txt-001 1" \
  "$(q show --json corpus-txt-001 | jq -r '"\(.story.id) \(.story.size)"')"

test_done
