#!/bin/sh
# Suggestions count what a search for them finds, and "did you mean" fires
# for a rare misspelling when the corrected query finds far more. The
# bundled corpus always; Reuters-21578 where ../shared/data is present
# (without it the test reports a skip once the corpus checks pass).
. "$(dirname "$0")/lib.sh"

total() { q search --json --facets none --limit 0 "$@" | jq .total; }

# check_prefix PREFIX: every suggestion's count equals the total of a
# search for it: --KIND "TEXT" for an entity, the word as the query.
check_prefix() {
  q suggest "$1" --json | jq -r '.[] | [.kind, .text, .count] | @tsv' > "$TMP/sugg"
  if [ ! -s "$TMP/sugg" ]; then
    echo "# no suggestions for '$1' here: skipped"
    return
  fi
  while IFS="$(printf '\t')" read -r kind text n; do
    if [ "$kind" = word ]; then
      got=$(total "$text")
    else
      got=$(total --"$kind" "$text")
    fi
    test_expect_equal "suggest $1: $kind '$text'" "$n" "$got"
  done < "$TMP/sugg"
}

index_corpus
for prefix in ira na tr un wa; do check_prefix "$prefix"; done
kinds=$(for prefix in ira na tr un wa; do q suggest "$prefix" --json | jq -r '.[].kind'; done | sort -u | tr '\n' ' ')
test_expect_equal "the corpus prefixes cover every kind" "country org person place word " "$kinds"

if [ ! -d "$SHARED/reuters21578" ]; then
  echo "# SKIP Reuters checks: $SHARED/reuters21578 is absent"
  echo "# $count tests, $failures failed"
  [ "$failures" -eq 0 ] || exit 1
  exit 77
fi
rm -rf "$TMP/db"
"$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578"; rc=$?
test_expect_equal "Reuters indexes cleanly" 0 "$rc"
for prefix in reag ja opec bri tex; do check_prefix "$prefix"; done

# Did you mean: a word rare in the archive ("intrest" is in a few
# articles) or absent, one or two edits from a far more common one.
corrected() { q search --json --facets none --limit 0 "$@" | jq -r '.corrected_query // ""'; }
test_expect_equal "intrest rates" "interest rates" "$(corrected 'intrest rates')"
test_expect_equal "volker rates" "volcker rates" "$(corrected 'volker rates')"
test_expect_equal "nakasone tarrifs" "nakasone tariffs" "$(corrected 'nakasone tarrifs')"
test_expect_equal "with a filter" "interest rates" "$(corrected 'intrest rates' --from 1987-03)"
# Correct words, and rare names whose query finds their articles, stay.
test_expect_equal "interest rates" "" "$(corrected 'interest rates')"
test_expect_equal "rohm haas" "" "$(corrected 'rohm haas')"
test_expect_equal "gull air" "" "$(corrected 'gull air')"

test_done
