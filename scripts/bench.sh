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

# --- report reader: reports/s and MB/s on 12,000 reports made from the seeds ---
SHARED=${GONGKAI_SHARED:-../shared}
[ -d "$SHARED/seeds" ] || SHARED=../../shared
echo "== report read (bench/read_bench.c) =="
"$B/bench/read_bench" "$SHARED/seeds" 12000
# --- end report reader ---

# --- report check, render, read-back, sum (bench/bench_report.c) ---
echo "== report check/render/sum (bench/bench_report.c) =="
"$B/bench/bench_report"

# applications: report tables from the register against the SQL floor
"$B/bench/apply_bench"
