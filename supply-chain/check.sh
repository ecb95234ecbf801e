#!/usr/bin/env bash
# Supply chain (part of `make test`, issue 14 item 8):
#   cargo deny over the Rust crate graph (advisories, licences, duplicates, sources), against
#   the RustSec snapshot vendored beside this script, since this network does not reach GitHub;
#   npm's production dependencies of the UI: `npm audit --omit=dev` where the registry answers
#   it, and always the reviewed list in npm-production.txt (name, version, licence).
# Exceptions and the reasons for them: docs/supply-chain.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

deny="$(command -v cargo-deny || echo "$HOME/.cargo/bin/cargo-deny")"
if [ ! -x "$deny" ]; then
  echo "供应链检查：未安装 cargo-deny（make deps-deny 会安装：cargo install cargo-deny --locked）" >&2
  exit 2
fi

# The database where cargo deny looks for the advisory-db URL in deny.toml: a git checkout whose
# commit date is the snapshot's, so cargo deny reports its age truthfully.
commit="$(awk '$1 == "commit" {print $2}' "$here/SNAPSHOT")"
date="$(awk '$1 == "date" {print $2}' "$here/SNAPSHOT")"
db="$root/target/advisory-dbs/advisory-db-3157b0e258782691"
if [ "$(cat "$db/.snapshot" 2>/dev/null)" != "$commit" ]; then
  rm -rf "$db"
  mkdir -p "$db"
  tar -xzf "$here/rustsec-advisory-db.tar.gz" -C "$db" --strip-components=1
  (
    cd "$db"
    git init -q
    git add -A
    GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" \
      git -c user.name=walklog -c user.email=walklog@localhost commit -q -m "RustSec advisory-db $commit"
  )
  echo "$commit" >"$db/.snapshot"
fi
echo "供应链检查：RustSec 漏洞库快照 ${commit:0:12}（${date}）"

# Every platform's crates into the local cache, so the check itself can run --offline (which
# keeps cargo deny from trying to fetch the database from GitHub).
cargo fetch --quiet
"$deny" --offline --workspace check --show-stats --hide-inclusion-graph

node "$here/npm-check.mjs"
