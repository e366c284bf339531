#!/usr/bin/env bash
# make bench: builds gongkai optimised and runs the benchmarks in bench/; each
# prints its own figures and its ratio to a baseline run in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
B=build/release
[ -f $B/build.ninja ] || meson setup $B --buildtype=release -Dtests=false >/dev/null
ninja -C $B >/dev/null
"$B/bench/bench_calendar"
# --- web (bench/web_bench.sh): the portal under wrk beside nginx on the same bytes ---
scripts/deps.sh test
bench/web_bench.sh "$B/gongkai"
# --- end web ---
"$B/bench/bench_report"
