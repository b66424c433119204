#!/usr/bin/env bash
# Starts the standalone jar and points a Node client that knows only docs/contract.md at it. It waits on the
# server's --ready-file (written atomically once the server answers), not on the human banner.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/mock-backend/target/understudy-mock.jar"
[ -f "$jar" ] || { echo "build first: $jar is missing"; exit 1; }
(cd "$here" && npm install --silent --no-audit --no-fund >/dev/null)

work="$(mktemp -d)"
ready="$work/ready.json"
java -jar "$jar" --port 0 --ready-file "$ready" > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do   # at most 20 s
  [ -f "$ready" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -f "$ready" ] || { cat "$work/server.log"; echo "the server wrote no ready file within 20 s"; exit 1; }
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$ready" "$1"; }
node "$here/check.mjs" "$(field ws)" "$(field token)"
