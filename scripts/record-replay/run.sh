#!/usr/bin/env bash
# CI: the record -> scenario-from -> replay round trip with the real jar and a client nobody here wrote (Python's
# websockets). "Staging" is the standalone jar started unlike the mock's defaults (the other welcome, close-1008
# auth, the drift-staging scenario with extra fields, a settings file); understudy records in front of it; a fresh
# mock replays the derived scenario. Needs python3 with websockets (CI's venv) and the built jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=mock-backend/target/understudy-mock.jar
here=scripts/record-replay
# UNDERSTUDY_MOCK_CP runs the standalone's main from a classpath instead of the jar (while developing)
mock() { if [ -n "${UNDERSTUDY_MOCK_CP:-}" ]; then java -cp "$UNDERSTUDY_MOCK_CP" dev.understudy.mock.cli.Main "$@"; else java -jar "$jar" "$@"; fi; }
# the same, replacing the shell it runs in: started with &, $! is then the JVM itself, so the trap below stops it
# (killing a backgrounded function's subshell would leave its java running after the script)
mock_exec() { if [ -n "${UNDERSTUDY_MOCK_CP:-}" ]; then exec java -cp "$UNDERSTUDY_MOCK_CP" dev.understudy.mock.cli.Main "$@"; else exec java -jar "$jar" "$@"; fi; }
[ -n "${UNDERSTUDY_MOCK_CP:-}" ] || [ -f "$jar" ] || { echo "record-replay: $jar is missing: build first (mvn -B verify)"; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # NAME FLAGS...: the jar on a free port, waited for through its ready file (60 s at most)
  local name=$1; shift
  mock_exec --port 0 --ready-file "$work/$name.ready" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    [ -f "$work/$name.ready" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "record-replay: $name exited:"; cat "$work/$name.log"; exit 1; }
    sleep 0.1
  done
  echo "record-replay: $name not ready within 60 s"; cat "$work/$name.log"; exit 1
}

start staging --welcome connection_established --auth close-1008 --scenario drift-staging \
  --settings "$here/staging-settings.json" --e2e-bypass-key ci-record-bypass
staging_http=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$work/staging.ready")
start proxy --record-upstream "$staging_http" --record-out "$work/recording"
python3 "$here/record_replay.py" record --proxy "$work/proxy.ready" --bypass-key ci-record-bypass --out "$work/run.json"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true   # the proxy writes what is still open as it stops
python3 "$here/record_replay.py" clean --recording "$work/recording" --recorded "$work/run.json" --bypass-key ci-record-bypass
mock scenario-from "$work/recording" --out "$work/scenario.json"
start replay --scenario "$work/scenario.json"
python3 "$here/record_replay.py" replay --mock "$work/replay.ready" --recorded "$work/run.json"
echo "record-replay: OK"
