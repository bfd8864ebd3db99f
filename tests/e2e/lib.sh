# Shared helpers for the end-to-end tests (sourced by T*.sh).
# Environment (set by ctest): DATELINE_INDEX, DATELINE_QUERY, DATELINE_SOURCE_DIR.
set -u
: "${DATELINE_SOURCE_DIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DATELINE_INDEX:=$DATELINE_SOURCE_DIR/build/indexer/dateline-index}"
: "${DATELINE_QUERY:=$DATELINE_SOURCE_DIR/build/query/dateline-query}"
CORPUS="$DATELINE_SOURCE_DIR/corpus"
SHARED="$DATELINE_SOURCE_DIR/../shared/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dateline-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0
count=0

# test_expect_equal NAME EXPECTED ACTUAL
test_expect_equal() {
  count=$((count + 1))
  if [ "$2" = "$3" ]; then
    echo "ok $count - $1"
  else
    failures=$((failures + 1))
    echo "FAIL $count - $1"
    echo "  expected: $2"
    echo "  actual:   $3"
  fi
}

# test_expect_match NAME PATTERN ACTUAL   (grep -E pattern)
test_expect_match() {
  count=$((count + 1))
  if printf '%s\n' "$3" | grep -Eq -- "$2"; then
    echo "ok $count - $1"
  else
    failures=$((failures + 1))
    echo "FAIL $count - $1"
    echo "  pattern: $2"
    echo "  actual:  $3"
  fi
}

# Runs the query tool on the test index, JSON out.
q() { "$DATELINE_QUERY" --db "$TMP/db" "$@"; }

# ids of a search, in rank order, one line: q_ids ARGS...
q_ids() { q search --json --facets none "$@" | jq -r '[.hits[].id] | join(" ")'; }

index_corpus() {
  "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl"
}

test_done() {
  echo "# $count tests, $failures failed"
  [ "$failures" -eq 0 ]
}
