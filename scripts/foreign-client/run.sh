#!/usr/bin/env bash
# Starts the standalone jar and points a Node client that knows only docs/contract.md at it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/mock-backend/target/understudy-mock.jar"
[ -f "$jar" ] || { echo "build first: $jar is missing"; exit 1; }
(cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)

log="$(mktemp)"
java -jar "$jar" --port 0 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 200); do grep -q '^Token:' "$log" && break; sleep 0.1; done
grep -q '^Token:' "$log" || { cat "$log"; echo "the server did not print its token"; exit 1; }
ws_url="$(awk '/^WebSocket:/ {print $2; exit}' "$log")"
token="$(awk '/^Token:/ {print $2; exit}' "$log")"
node "$here/check.mjs" "$ws_url" "$token"
