#!/usr/bin/env bash
# Runs the end-to-end suite against the built app:
#   tauri-driver (which drives WebKitWebDriver) in the background on free ports,
#   wait until it answers, run the specs with node:test, always stop the driver,
#   and end with node:test's summary.
# Runs itself under `xvfb-run -a` (a virtual X display of its own).
# WALKLOG_APP may name the app binary; the default is the workspace's debug build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

# Always on a display of our own: the window never lands on a developer's desktop, and the
# screenshots (lib.mjs captures the X display) hold nothing but the app.
if [ -z "${WALKLOG_E2E_XVFB:-}" ]; then
  WALKLOG_E2E_XVFB=1 exec xvfb-run -a -s "-screen 0 1440x960x24" bash "$0" "$@"
fi

export WALKLOG_APP="${WALKLOG_APP:-$root/target/debug/walklog-app}"
export WALKLOG_CLI="${WALKLOG_CLI:-$root/target/debug/walklog}"
if [ ! -x "$WALKLOG_APP" ]; then
  echo "e2e: app binary not found: $WALKLOG_APP (build it first: make build)" >&2
  exit 2
fi
driver="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"

# Free ports rather than the fixed 4444: other test runs may share the machine.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
export E2E_PORT="$(free_port)"
native_port="$(free_port)"

work="$(mktemp -d /tmp/walklog-e2e.XXXXXX)"
driver_log="$work/tauri-driver.log"
test_log="$work/node-test.log"

# setsid makes the driver the leader of its own process group, so stopping the group also
# stops WebKitWebDriver and any app window it started.
setsid "$driver" --port "$E2E_PORT" --native-port "$native_port" >"$driver_log" 2>&1 &
driver_pid=$!
stop_driver() {
  kill -TERM -- "-$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
}
trap stop_driver EXIT

for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$E2E_PORT") 2>/dev/null; then break; fi
  if ! kill -0 "$driver_pid" 2>/dev/null; then
    echo "e2e: tauri-driver exited early:" >&2; cat "$driver_log" >&2; exit 2
  fi
  sleep 0.2
done

cd "$here"
set +e
if [ -n "${E2E_SPECS:-}" ]; then
  # A plain script instead of the test specs (the budgets benchmark).
  node "$E2E_SPECS" 2>&1 | tee "$test_log"
else
  node --test --test-concurrency=1 --test-reporter=spec specs/*.test.mjs 2>&1 | tee "$test_log"
fi
status=${PIPESTATUS[0]}
set -e

stop_driver
trap - EXIT
if [ "$status" -ne 0 ]; then
  echo "---- tauri-driver log (last 40 lines): $driver_log"
  tail -n 40 "$driver_log" || true
  echo "---- node:test summary"
  grep -E '^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)' "$test_log" || true
else
  rm -rf "$work"
fi
exit "$status"
