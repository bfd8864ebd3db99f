#!/bin/sh
# T050-http: `dateline-query serve` on the corpus, driven with curl and jq.
# Status codes, JSON shapes, every error, the same JSON as `search --json`,
# concurrent requests, articles indexed while serving, SIGTERM shutdown.
#
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

for tool in curl jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "T050: $tool is required (scripts/setup --tests installs it)" >&2
    exit 1
  fi
done


# not_ok NAME DETAIL...: a failed check that is not a comparison.
not_ok() {
  count=$((count + 1))
  failures=$((failures + 1))
  echo "FAIL $count - $1"
  shift
  for line in "$@"; do echo "  $line"; done
}
ok() { count=$((count + 1)); echo "ok $count - $1"; }

# The HTTP checks need no entities: without a NER model, index text only.
entities=
if ! index_corpus 2>"$TMP/index.err"; then
  if grep -q "NER model not found" "$TMP/index.err"; then
    echo "# no NER model: indexing without entities"
    entities=--no-entities
    "$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" ||
      { echo "T050: indexing the corpus failed" >&2; exit 1; }
  else
    cat "$TMP/index.err" >&2
    echo "T050: indexing the corpus failed" >&2
    exit 1
  fi
fi
db="$TMP/db"
articles=$("$DATELINE_QUERY" --db "$db" stats --json | jq .articles)

# --port 0: the server picks a free port and names it on stderr.
start_server --threads 4
base="http://127.0.0.1:$port"
i=0
until curl -sf "$base/healthz" >/dev/null; do
  i=$((i + 1))
  [ $i -gt 50 ] && { echo "T050: /healthz never answered" >&2; exit 1; }
  sleep 0.1
done

# get PATH -> body on stdout; code PATH [curl args] -> status code.
get() { curl -s "$base$1"; }
code() {
  p=$1
  shift
  curl -s -o /dev/null -w '%{http_code}' "$@" "$base$p"
}
ids() { jq -r '[.hits[].id] | sort | join(" ")'; }

# --- answers -----------------------------------------------------------------

test_expect_equal "healthz" "ok $articles" "$(get /healthz | jq -r '"\(.status) \(.articles)"')"
test_expect_equal "stats" "$articles null" "$(get /stats | jq -r '"\(.articles) \(.first_date == null)"' | sed 's/false/null/')"
test_expect_equal "stats shape" "articles,first_date,last_date,path,schema_version,shards,size_bytes,undated" \
  "$(get /stats | jq -r 'keys | join(",")')"

test_expect_equal "wheat: 4 hits" "4" "$(get '/search?q=wheat' | jq .total)"
test_expect_equal "wheat: the four articles" "corpus-jl-006 corpus-jl-016 corpus-txt-004 corpus-txt-010" \
  "$(get '/search?q=wheat' | ids)"
test_expect_equal "phrase \"rolling blackouts\"" "corpus-jl-017 corpus-txt-005" \
  "$(get '/search?q=%22rolling+blackouts%22' | ids)"
test_expect_equal "search shape" "corrected_query,counting,facets,facets_counted,facets_exact,filters,hits,limit,notes,offset,query,took_ms,total,total_exact" \
  "$(get '/search?q=wheat' | jq -r 'keys | join(",")')"
test_expect_equal "hit shape" "date,id,score,snippet,source,story,title,url" \
  "$(get '/search?q=wheat' | jq -r '.hits[0] | keys | join(",")')"
test_expect_equal "snippet marks the word" "true" "$(get '/search?q=wheat' | jq '.hits[0].snippet | test("<mark>")')"
test_expect_equal "default facets as the tool" "country,org,person" "$(get '/search?q=wheat' | jq -r '.facets | keys | join(",")')"
test_expect_equal "facets=none" "{}" "$(get '/search?q=wheat&facets=none' | jq -c .facets)"
test_expect_equal "timeline" "true month" \
  "$(get '/search?q=wheat&timeline=month' | jq -r '"\(.timeline | length > 0) \(.timeline_unit)"')"
test_expect_equal "limit and offset" "2 1" "$(get '/search?q=wheat&limit=2&offset=1' | jq -r '"\(.hits | length) \(.offset)"')"
test_expect_equal "limit=0 still counts" "0 4" "$(get '/search?q=wheat&limit=0' | jq -r '"\(.hits | length) \(.total)"')"
test_expect_equal "sort=oldest" "$(get '/search?q=wheat&sort=oldest' | jq -r '[.hits[].date] | sort | join(" ")')" \
  "$(get '/search?q=wheat&sort=oldest' | jq -r '[.hits[].date] | join(" ")')"

# The same object as the command line tool, took_ms aside.
same_as_tool() {
  name=$1
  path=$2
  shift 2
  want=$("$DATELINE_QUERY" --db "$db" search --json "$@" | jq -S 'del(.took_ms)')
  got=$(get "$path" | jq -S 'del(.took_ms)')
  if [ "$want" = "$got" ]; then ok "same JSON as the tool: $name"; else
    not_ok "same JSON as the tool: $name" "tool: $(echo "$want" | head -c 300)" "http: $(echo "$got" | head -c 300)"
  fi
}
same_as_tool "wheat" '/search?q=wheat' wheat
same_as_tool "phrase, facets, timeline" '/search?q=%22rolling+blackouts%22&facets=person,org,source&timeline=auto' \
  '"rolling blackouts"' --facets person,org,source --timeline auto
same_as_tool "filters and paging" '/search?q=port&source=Dateline+Wire&sort=newest&limit=3&offset=1&from=2025&to=2026-06' \
  port --source "Dateline Wire" --sort newest --limit 3 --offset 1 --from 2025 --to 2026-06
same_as_tool "any, recent" '/search?q=wheat+blackouts&any=true&sort=recent&half_life=60d&facet_size=3' \
  wheat blackouts --any --sort recent --half-life 60d --facet-size 3
same_as_tool "no query" '/search?facets=lang,source&limit=5' --facets lang,source --limit 5

# Repeated parameter: both; a parameter is one value, commas and all;
# either is a list in the query.
either=$(get '/search?q=source:%22Dateline+Wire%22,%22Harbour+Gazette%22&limit=0' | jq .total)
one=$(get '/search?source=Dateline+Wire&limit=0' | jq .total)
both=$(get '/search?source=Dateline+Wire&source=Harbour+Gazette&limit=0' | jq .total)
comma=$(get '/search?source=Dateline+Wire,Harbour+Gazette&limit=0' | jq .total)
test_expect_equal "inline list is either, repeat is both, comma is part of a value" "true 0 0" \
  "$([ "$either" -gt "$one" ] && echo true || echo false) $both $comma"

test_expect_equal "article" "corpus-txt-004" "$(get /articles/corpus-txt-004 | jq -r .id)"
test_expect_equal "article shape" "authors,body,countries,date,dateline,focus_countries,id,language,organizations,persons,places,source,standfirst,story,title,url" \
  "$(get /articles/corpus-txt-004 | jq -r 'del(.extra) | keys | join(",")')"
test_expect_equal "undated article" "null" "$(get /articles/corpus-txt-022 | jq .date)"
test_expect_equal "related excludes itself" "false" "$(get '/related/corpus-txt-011?limit=5' | jq '[.hits[].id] | index("corpus-txt-011") != null')"
test_expect_equal "related finds the same story" "true" \
  "$(get '/related/corpus-txt-011?limit=3' | jq '[.hits[].id] | (index("corpus-txt-012") != null) or (index("corpus-jl-013") != null)')"
test_expect_equal "suggest" "true true" "$(get '/suggest?q=whe&limit=5' | jq -r '"\(type == "array" and length > 0 and length <= 5) \(map(.text) | index("wheat") != null)"')"
test_expect_equal "suggest shape" "count,kind,text" "$(get '/suggest?q=whe' | jq -r '.[0] | keys | join(",")')"
test_expect_equal "HEAD" "200" "$(code '/search?q=wheat' -I)"
test_expect_equal "search page" "200" "$(code /)"
test_expect_equal "search page is HTML" "true" "$(curl -s -D - -o /dev/null "$base/" | grep -qi '^content-type: text/html' && echo true)"
test_expect_equal "page script" "200" "$(code /static/app.js)"
test_expect_equal "page style" "200" "$(code /static/app.css)"

# --- errors ------------------------------------------------------------------

# error PATH STATUS PARAM: the status and the JSON error object.
error() {
  out=$(curl -s -w '\n%{http_code}' "$base$1")
  st=$(echo "$out" | tail -n 1)
  got=$(echo "$out" | sed '$d' | jq -r '"\(.error.code) \(.error.param) \(.error.message | type)"' 2>/dev/null)
  test_expect_equal "$1 -> $2" "$2 $2 $3 string" "$st $got"
}
error '/search?q=wheat&limit=1001' 400 limit
error '/search?q=wheat&limit=-1' 400 limit
error '/search?q=wheat&offset=100001' 400 offset
error '/search?q=wheat&facets=person,weather' 400 facets
error '/search?q=wheat&facet_size=0' 400 facet_size
error '/search?q=wheat&facet_size=101' 400 facet_size
error '/search?q=wheat&from=2026-13-45' 400 from
error '/search?q=wheat&to=tomorrow' 400 to
error '/search?q=wheat&sort=best' 400 sort
error '/search?q=wheat&timeline=week' 400 timeline
error '/search?q=wheat&half_life=soon' 400 half_life
error '/search?q=wheat&any=perhaps' 400 any
error '/search?q=(wheat' 400 q
error '/search?q=%22wheat' 400 q
error '/search?q=wheat+AND' 400 q
error '/search?q=date:2026-99' 400 date
error '/search?q=%FF' 400 q
error '/search?qq=wheat' 400 qq
error '/suggest?q=wh&limit=0' 400 limit
error '/nope' 404 null
error '/articles/no-such-article' 404 id
error '/related/no-such-article' 404 id
error "/search?q=$(printf '%04100d' 0)" 414 null
error "/search?q=$(printf '%09000d' 0)" 414 null

test_expect_equal "POST /search -> 405" "405" "$(code /search -X POST -d q=wheat)"
test_expect_equal "405 has Allow" "GET, HEAD, OPTIONS" \
  "$(curl -s -D - -o /dev/null -X DELETE "$base/articles/corpus-txt-004" | tr -d '\r' | sed -n 's/^[Aa]llow: //p')"
test_expect_equal "PUT /healthz -> 405" "405" "$(code /healthz -X PUT -d x)"
test_expect_equal "POST elsewhere -> 404" "404" "$(code /nowhere -X POST -d x)"
head -c 200000 /dev/zero | tr '\0' 'x' >"$TMP/big"
test_expect_equal "body too large -> 413" "413" "$(code /search -X POST --data-binary @"$TMP/big")"
test_expect_equal "OPTIONS -> 204" "204" "$(code /search -X OPTIONS)"
test_expect_equal "an id with odd characters is decoded" "no article with id 'a/b ?&#%'" \
  "$(get '/articles/a%2Fb%20%3F%26%23%25' | jq -r .error.message)"

# --- concurrency -------------------------------------------------------------

i=0
pids=
for q in wheat port blackouts ceasefire bank harvest strike oil cyclone minister \
         wheat port blackouts ceasefire bank harvest strike oil cyclone minister; do
  i=$((i + 1))
  curl -s -o "$TMP/c$i.json" -w '%{http_code}\n' "$base/search?q=$q&timeline=auto&facets=person,org,country,source" \
    >"$TMP/c$i.code" &
  pids="$pids $!"
done
for pid in $pids; do wait "$pid"; done
statuses=$(cat "$TMP"/c*.code | sort | uniq -c | tr -s ' ' | sed 's/^ //')
test_expect_equal "20 concurrent searches all 200" "20 200" "$statuses"
test_expect_equal "concurrent answers agree" "$(jq -c '[.total, [.hits[].id]]' "$TMP/c1.json")" "$(jq -c '[.total, [.hits[].id]]' "$TMP/c11.json")"
test_expect_equal "concurrent wheat still 4" "4" "$(jq .total "$TMP/c1.json")"

# --- live reopen: index one more article while serving ------------------------

cat >"$TMP/late.jsonl" <<'EOF'
{"id": "t050-late", "title": "Zeppelinfest opens in Friedrichshafen", "body": "The zeppelinfest opened on Saturday.", "date": "2026-11-20", "source": "Dateline Wire", "language": "en"}
EOF
test_expect_equal "not there before" "0" "$(get '/search?q=zeppelinfest' | jq .total)"
"$DATELINE_INDEX" --db "$db" -q $entities "$TMP/late.jsonl" || not_ok "indexing while serving"
seen=0
i=0
while [ $i -lt 50 ]; do
  [ "$(get '/search?q=zeppelinfest' | jq .total)" = 1 ] && { seen=1; break; }
  sleep 0.1
  i=$((i + 1))
done
test_expect_equal "new article visible within 5 s" "1" "$seen"
# Once one worker has seen the change, the others follow at their next
# request: the answer must not flip back.
flips=0
i=0
while [ $i -lt 12 ]; do
  [ "$(get /healthz | jq .articles)" = $((articles + 1)) ] || flips=$((flips + 1))
  [ "$(get '/search?q=zeppelinfest' | jq .total)" = 1 ] || flips=$((flips + 1))
  i=$((i + 1))
done
test_expect_equal "every worker sees it" "0" "$flips"

# --- access log and shutdown ---------------------------------------------------

test_expect_equal "access log line" "true" \
  "$(grep -Eq '^[0-9T:Z-]+ GET /search\?q=wheat 200 [0-9.]+ms$' "$TMP/server.log" && echo true || echo false)"
kill -TERM "$server_pid"
wait "$server_pid"
rc=$?
server_pid=
test_expect_equal "SIGTERM: exit status 0" "0" "$rc"

if [ "$failures" -ne 0 ]; then
  echo "# server log (last 30 lines):"
  tail -n 30 "$TMP/server.log" | sed 's/^/#   /'
fi
test_done
