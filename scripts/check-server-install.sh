#!/usr/bin/env bash
# Checks that the team server runs as an operator installs it: the built output (out/server, from
# `npm run build`) with only the run-time dependencies (`npm ci --omit=dev`), in a folder of its
# own, answering /ready. Its result goes to test-results/server-install.json for the CI summary
# (scripts/test-summary.mjs).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
report() { echo "{\"passed\": $1, \"failed\": $2}" >test-results/server-install.json; }

fail() { echo "server install check: $*"; report 0 1; exit 1; }
[ -f out/server/main.js ] || fail "out/server/main.js is missing: run npm run build first."

dir=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
cp package.json package-lock.json "$dir/"
mkdir -p "$dir/out" && cp -r out/server "$dir/out/server"
(cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >"$dir/npm.log" 2>&1) ||
  { tail -20 "$dir/npm.log"; fail "npm ci --omit=dev failed."; }
[ -d "$dir/node_modules/tsx" ] && fail "a development tool (tsx) was installed with --omit=dev."

(cd "$dir" && PORT=0 HOST=127.0.0.1 SERVER_DATA_DIR="$dir/data" SERVER_SEED=none LOG_LEVEL=warn \
  node out/server/main.js >"$dir/server.log" 2>&1) &
server=$!
url=""
for _ in $(seq 1 240); do
  url=$(sed -n 's/^Moderator Desk server is running at \(http[^ ]*\).*/\1/p' "$dir/server.log")
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$dir/server.log"; fail "the built server exited before listening."; }
  sleep 0.5
done
[ -n "$url" ] || { cat "$dir/server.log"; fail "the built server did not listen within 120 s."; }
ready=$(node -e "fetch(process.argv[1] + '/ready').then(async (r) => console.log(r.status, await r.text()))" "${url%/}")
case "$ready" in
  "200 "*'"ready"'*) echo "server install check: $url/ready answered $ready"; report 1 0 ;;
  *) cat "$dir/server.log"; fail "/ready answered: $ready" ;;
esac
