#!/usr/bin/env bash
# make bench: builds gongkai optimised (build/release) and runs each benchmark
# in bench/; each prints its own figures. Sections are marked per benchmark.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build || { echo "gongkai: could not install the packages the build needs" >&2; exit 2; }
B=build/release
if [ ! -f $B/build.ninja ]; then
  meson setup $B --buildtype=release -Dtests=false >/dev/null || exit 2
fi
ninja -C $B >/dev/null || { ninja -C $B | tail -30; exit 2; }
SHARED=${GONGKAI_SHARED:-../shared}
[ -d "$SHARED/seeds" ] || SHARED=../../shared
rc=0

# --- report reader: reports/s and MB/s on 12,000 reports made from the seeds ---
echo "== report read (bench/read_bench.c) =="
$B/bench/read_bench "$SHARED/seeds" 12000 || rc=1
# --- end report reader ---

exit $rc
