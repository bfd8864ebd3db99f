#!/bin/sh
# compare-cli.sh: runs one list of dateline-query commands with two builds
# and diffs their standard output, standard error and exit status, to show
# that a refactoring of the tools changed no output.
#
#   bench/compare-cli.sh OLD_QUERY NEW_QUERY CORPUS_DB REUTERS_DB
#
# OLD_QUERY and NEW_QUERY are dateline-query binaries (e.g. main's
# /work/main/build/query/dateline-query and build/query/dateline-query);
# the two indexes are built beforehand, e.g.
#   build/indexer/dateline-index -q --db /tmp/c.db corpus
#   build/indexer/dateline-index -q --db /tmp/r.db ../shared/data/reuters21578
# Timings (took_ms, "(1.2 ms)", batch latencies and peak RSS) are masked
# before the diff; everything else must be byte for byte the same. Prints
# one line per command that differs (with the diff) and a summary; exits 0
# when nothing differs, 1 otherwise.
set -u
if [ $# -ne 4 ]; then
  echo "usage: $0 OLD_QUERY NEW_QUERY CORPUS_DB REUTERS_DB" >&2
  exit 2
fi
OLD=$1 NEW=$2 CDB=$3 RDB=$4
TMP=$(mktemp -d "${TMPDIR:-/tmp}/compare-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

printf 'wheat\nceasefire talks\n# a comment\noil prices\n(unbalanced\n' >"$TMP/queries"
printf 'oil\ngrain\n' >"$TMP/good-queries"

# One command per line: the index (C or R), then the arguments, split by
# the shell (quotes work as usual).
cat >"$TMP/commands" <<'LIST'
C search talks
C search --json talks
C search --json --limit 3 --offset 1 wheat
C search --json --facets person,place --facet-size 2 ceasefire talks
C search --json --facets none --timeline month talks
C search --timeline month talks
C search --json --facets person,person talks
C search --facets person,person talks
C search --json --sort oldest --from 2025-06 --to 2026-01 talks
C search --json --sort recent --half-life 7d talks
C search --json --person nazari --country IR talks
C search --json --country persia --facets country talks
C search --facets country,source,lang talks
C search --json intrest
C search nosuchwordatall
C search --json 'wheat -Egypt'
C search --json '(unbalanced'
C search '(unbalanced'
C search --json --facets bogus talks
C search --facets bogus talks
C search --json --timeline week talks
C search --timeline week talks
C search --limit abc talks
C search --json --limit 99999 talks
C search --json --from yesterday talks
C search --json --sort sideways talks
C search --json --half-life 0d --sort recent talks
C search --json --facet-columns always --facet-cap 5 talks
C show corpus-txt-011
C show --json corpus-txt-011
C show --json nosuchid
C show nosuchid
C stats --json
C suggest whe
C suggest --json --limit 3 na
C suggest --limit 0 na
C related corpus-txt-011
C related --json --limit 2 corpus-txt-011
C related nosuchid
C related --json nosuchid
C export --format csv
C export wheat
C export --country IR --format jsonl
C export --format xml
C batch QUERIES --json --per-query --facets none
C batch QUERIES --per-query
C batch GOOD --facets bogus
C batch GOOD --json --facets bogus
C batch /nonexistent/queries
C batch /tmp
C serch talks
C --json serch talks
C
C --json
C search --json --bogus-flag talks
R search --json oil prices
R search --facets person,org,country,place --timeline auto oil
R search --json --country ussr --facets country grain
R search --json --sort newest --limit 20 --facets source,lang opec
R export --format csv cocoa
R export --person reagan
R show --json 1
R suggest --json rea
R related 1
R batch GOOD --json --facets person --timeline year
R stats
X stats
X --json stats
X search talks
LIST

# Timings and sizes vary from run to run.
mask() {
  sed -E -e 's/"took_ms":[0-9.e+-]+/"took_ms":T/g' \
    -e 's/\([0-9.]+ ms\)/(T ms)/g' \
    -e 's/"(total_ms|p50|p95|p99|mean|max|peak_rss_kib|ms)":[0-9.e+-]+/"\1":T/g' \
    -e 's/^ *[0-9.]+ ms( +[0-9]+  )/T ms\1/' \
    -e 's/in [0-9.]+ ms$/in T ms/' \
    -e 's/^latency ms: .*/latency ms: T/' -e 's/^peak RSS: .*/peak RSS: T/' \
    -e 's/"size_bytes":[0-9]+/"size_bytes":T/' "$1"
}

n=0 differ=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  n=$((n + 1))
  which=${line%% *}; args=${line#"$which"}
  case $which in
    C) db=$CDB ;;
    R) db=$RDB ;;
    X) db=$TMP/no-such-index ;;
    *) db=$CDB; args=$line ;;
  esac
  args=$(printf '%s' "$args" | sed -e "s|QUERIES|$TMP/queries|" -e "s|GOOD|$TMP/good-queries|")
  for side in old new; do
    bin=$OLD; [ $side = new ] && bin=$NEW
    eval "set -- $args"
    "$bin" --db "$db" "$@" >"$TMP/$side.out" 2>"$TMP/$side.err" </dev/null
    echo "exit $?" >>"$TMP/$side.err"
    mask "$TMP/$side.out" >"$TMP/$side.out.m"
    mask "$TMP/$side.err" >"$TMP/$side.err.m"
  done
  if ! cmp -s "$TMP/old.out.m" "$TMP/new.out.m" || ! cmp -s "$TMP/old.err.m" "$TMP/new.err.m"; then
    differ=$((differ + 1))
    echo "DIFFERS: $line"
    diff "$TMP/old.out.m" "$TMP/new.out.m" | head -20
    diff "$TMP/old.err.m" "$TMP/new.err.m" | head -20
  fi
done <"$TMP/commands"
echo "$n commands, $differ differ"
[ "$differ" -eq 0 ]
