#!/bin/sh
# Runs one set of queries (filters, facets, timelines, sorts, suggest,
# related, stats, --json) through two dateline-query binaries on one index
# and diffs their outputs, timings taken out. Used to check that a refactor
# of the search layer leaves what users see unchanged.
#
#   bench/compare/query_output.sh OLD_QUERY NEW_QUERY INDEX
#
# Exit 0 when every output (and exit status) is identical, 1 otherwise.
set -u
if [ $# -ne 3 ]; then
  echo "usage: $0 OLD_QUERY_BINARY NEW_QUERY_BINARY INDEX" >&2
  exit 2
fi
old=$1 new=$2 db=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One command line per row: the arguments after `dateline-query --db INDEX`.
cat > "$out/commands" <<'LIST'
search oil
search oil prices --limit 20
search --any oil gas coffee
search "crude oil" --facets person,org,place,country,source,lang
search opec --json
search opec --json --facets none --limit 3
search reagan --sort newest --limit 5
search reagan --sort oldest --limit 5
search reagan --sort recent --half-life 2w --limit 5
search reagan --sort recent --half-life 1y --json --limit 5
search --person reagan --facets person --facet-size 20
search --person "James Baker" --limit 5
search --org texaco --facets org
search --org who --facets org --limit 3
search --actor opec --facets person,org
search --place washington --facets place
search --country iran --facets country
search --country IR --country US --limit 3 --json
search --country iranian --facets country
search --source reuters --lang en --limit 3
search grain --from 1987-03 --to 1987-03-15 --timeline day
search grain --timeline month --json
search grain --timeline auto --facets none
search wheat --timeline year --facet-cap 100 --json
search 'title:oil NOT gas' --limit 5
search 'country:ir,iq person:reagan' --json
search 'date:1987-03..1987-04 coffee' --facets country
search 'place:"Washington, D.C." tax' --limit 3
search 'oli pricess' --json
search 'actor:"Royal Dutch" shell'
search zzyzzyqqq
search --org "" oil
search 'oil AND (' --json
search --facets bogus oil
search oil --facet-columns always --facets person,org,place,country,source,lang --timeline month
search --person reagan --facet-columns always --facets person,org --json
search --place washington --facet-columns always --facets place --facet-cap 50
search --from 1988 --to 1987 oil
suggest rea
suggest ronald rea
suggest opec
suggest ira --limit 5
suggest was --json
suggest tex --json
related reuters-17405
related reuters-313 --json --limit 5
related no-such-id
show reuters-313
stats
stats --json
LIST

status=0
n=0
while IFS= read -r line; do
  n=$((n + 1))
  for side in old new; do
    eval "bin=\$$side"
    eval "set -- $line"
    "$bin" --db "$db" "$@" > "$out/$side.$n" 2>&1
    echo "exit $?" >> "$out/$side.$n"
    # Timings differ from run to run.
    sed -E -i 's/"took_ms":[0-9.e+-]+/"took_ms":T/g; s/\([0-9.]+ ms\)/(T ms)/g' "$out/$side.$n"
  done
  if cmp -s "$out/old.$n" "$out/new.$n"; then
    echo "same  $line"
  else
    echo "DIFF  $line"
    diff "$out/old.$n" "$out/new.$n" | head -20
    status=1
  fi
done < "$out/commands"
echo "$n commands compared"
exit $status
