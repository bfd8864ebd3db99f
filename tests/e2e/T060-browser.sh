#!/bin/sh
# T060-browser: the search page in a real (headless) Chromium, through
# tests/browser/search.mjs (playwright-core, no browser download). Skips,
# with exit status 0, when node or /usr/bin/chromium is missing.
#
# Env: DATELINE_INDEX, DATELINE_QUERY (binaries), DATELINE_SOURCE_DIR.

. "$(dirname "$0")/lib.sh"

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  echo "SKIP: $chromium is missing (apt-get install chromium, or scripts/setup --tests)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "SKIP: node and npm are missing (apt-get install nodejs npm, or scripts/setup --tests)"
  exit 77
fi

browser_dir="$DATELINE_SOURCE_DIR/tests/browser"
if [ ! -d "$browser_dir/node_modules/playwright-core" ]; then
  (
    cd "$browser_dir" || exit 1
    if [ -f package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    else
      npm install --no-audit --no-fund --loglevel=error
    fi
  ) || {
    echo "SKIP: could not install playwright-core in tests/browser (offline?)"
    exit 77
  }
fi


# The corpus and one hard-wrapped wire story written for this test
# (tests/browser/fixtures). The page works with or without entities:
# without a NER model, index text only.
if ! "$DATELINE_INDEX" -q --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" "$browser_dir/fixtures/wrapped.jsonl" \
    2>"$TMP/index.err"; then
  if grep -q "NER model not found" "$TMP/index.err"; then
    echo "# no NER model: indexing without entities"
    "$DATELINE_INDEX" -q --no-entities --db "$TMP/db" "$CORPUS/text" "$CORPUS/jsonl" \
      "$browser_dir/fixtures/wrapped.jsonl" ||
      { echo "T060: indexing the corpus failed" >&2; exit 1; }
  else
    cat "$TMP/index.err" >&2
    echo "T060: indexing the corpus failed" >&2
    exit 1
  fi
fi

start_server

mkdir -p "$TMP/profile"
DATELINE_URL="http://127.0.0.1:$port" USER_DATA_DIR="$TMP/profile" CHROMIUM="$chromium" \
  SCREENSHOT_DIR="$browser_dir/screenshots" node "$browser_dir/search.mjs"
rc=$?

kill -TERM "$server_pid"
wait "$server_pid"
server_rc=$?
server_pid=
if [ "$server_rc" -ne 0 ]; then
  echo "T060: the server exited with status $server_rc" >&2
  rc=1
fi
if [ "$rc" -ne 0 ]; then
  echo "# server log (last 30 lines):"
  tail -n 30 "$TMP/server.log" | sed 's/^/#   /'
fi
exit "$rc"
