#!/usr/bin/env bash
# make run (until the web server replaces it): installs what is missing,
# builds build/release, reads the published reports in ../shared/seeds, prints
# what `gongkai report check` says of them, and writes an HTML rendering of
# seed 004 (the 2021 national format) into var/.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build || { echo "gongkai: could not install the packages the build needs" >&2; exit 2; }
B=build/release
if [ ! -f $B/build.ninja ]; then
  meson setup $B --buildtype=release -Dtests=false >/dev/null || exit 2
fi
ninja -C $B >/dev/null || { ninja -C $B | tail -30; exit 2; }
G=$B/gongkai

# main sits next to shared/; a worktree under wt/ one level deeper
SEEDS=../shared/seeds
[ -d "$SEEDS" ] || SEEDS=../../shared/seeds
if [ ! -d "$SEEDS" ]; then
  echo "gongkai: no seed reports found (looked in ../shared/seeds)" >&2
  exit 2
fi

echo "== gongkai report read $SEEDS/*"
"$G" report read "$SEEDS"/*
echo
echo "== gongkai report check $SEEDS/*"
"$G" report check "$SEEDS"/*
case $? in
  0) echo "(no errors)" ;;
  1) echo "(errors found: see above)" ;;
  *) echo "(a file could not be read: see above)" ;;
esac
echo
mkdir -p var
seed=$(ls "$SEEDS"/004_* 2>/dev/null | head -1)
[ -n "$seed" ] || seed=$(ls "$SEEDS"/* | head -1)
if "$G" report render "$seed" --format html -o var/report-seed.html; then
  echo "HTML rendering of $(basename "$seed"): $PWD/var/report-seed.html"
else
  exit 2
fi
