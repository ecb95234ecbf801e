#!/usr/bin/env bash
# Replaces rustsec-advisory-db.tar.gz with the RustSec database as it is today, and SNAPSHOT
# with its commit and date. Needs to reach GitHub; commit both files after looking at what
# `make test-supply-chain` then says.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet --depth 1 https://github.com/rustsec/advisory-db "$work/db"
commit="$(git -C "$work/db" rev-parse HEAD)"
date="$(git -C "$work/db" log -1 --format=%cI)"
git -C "$work/db" archive --format=tar.gz -9 --prefix=advisory-db/ HEAD crates rust README.md LICENSE.txt >"$here/rustsec-advisory-db.tar.gz"
{
  echo "# The RustSec advisory database vendored in rustsec-advisory-db.tar.gz (its crates/ and rust/"
  echo "# folders, README and licence (CC0-1.0)), as of this upstream commit:"
  echo "commit $commit"
  echo "date $date"
} >"$here/SNAPSHOT"
echo "RustSec 漏洞库快照已更新为 ${commit:0:12}（$date）"
