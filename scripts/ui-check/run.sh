#!/usr/bin/env bash
# The live page in headless Chromium against the standalone jar: starts the jar with --ready-file, runs
# check.mjs (playwright-core driving Debian's /usr/bin/chromium; never a downloaded browser), stops the jar.
# Screenshots go to mock-backend/target/ui-check/. With --bench, also measures the page's cost (bench.mjs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/mock-backend/target/understudy-mock.jar"
out="$root/mock-backend/target/ui-check"
[ -f "$jar" ] || { echo "ui-check: build first: $jar is missing"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "ui-check: /usr/bin/chromium is missing (apt-get install chromium)"; exit 1; }
(cd "$here" && npm ci --silent --no-audit --no-fund >/dev/null)

work="$(mktemp -d)"
ready="$work/ready.json"
java -jar "$jar" --port 0 --ready-file "$ready" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do   # at most 20 s
  [ -f "$ready" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -f "$ready" ] || { cat "$work/server.log"; echo "ui-check: the server wrote no ready file within 20 s"; exit 1; }
node "$here/check.mjs" "$ready" "$out"
if [ "${1:-}" = "--bench" ]; then
  node "$here/bench.mjs" "$ready"
fi
