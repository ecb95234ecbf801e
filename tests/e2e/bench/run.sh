#!/usr/bin/env bash
# Runs the app budgets (bench/app-budgets.mjs) the same way run.sh runs the tests: tauri-driver
# on free ports under Xvfb, always stopped afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export E2E_SPECS="bench/app-budgets.mjs"
exec bash "$here/run.sh"
