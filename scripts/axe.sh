#!/usr/bin/env bash
# Installs axe-core, the accessibility engine the browser tests run on every
# page (tests/browser/screens.py), from the npm registry into DIR (default
# build/axe), and prints the path of axe.min.js. Not committed: the version
# is pinned here. Idempotent: nothing is fetched when that version is there.
# usage: scripts/axe.sh [DIR]
set -euo pipefail
AXE_VERSION=4.10.3
dir=${1:-"$(cd "$(dirname "$0")/.." && pwd)/build/axe"}
js=$dir/node_modules/axe-core/axe.min.js
have=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$dir/node_modules/axe-core/package.json" 2>/dev/null | head -1 || true)
if [ ! -f "$js" ] || [ "$have" != "$AXE_VERSION" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm >/dev/null
  fi
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "axe-core@$AXE_VERSION" >&2
fi
echo "$js"
