#!/usr/bin/env bash
# make fuzz / scripts/fuzz.sh SECONDS [TARGET]: builds the libFuzzer targets
# with clang in build/fuzz (ASan + UBSan, coverage on the whole library) and
# runs fuzz_TARGET (read, the default; load; pdf; docx) for SECONDS (default
# 60). fuzz_read is seeded from shared/seeds and tests/data/reports, the
# others also from tests/fuzz/corpus_TARGET/. New crashers land in build/fuzz/artifacts/; copy each
# into tests/data/reports/fuzz/ once fixed (the unit tests read them all).
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
T=${2:-read}
case $T in read|load|pdf|docx) ;; *) echo "usage: scripts/fuzz.sh [SECONDS] [read|load|pdf|docx]" >&2; exit 2 ;; esac
B=build/fuzz
scripts/deps.sh all || { echo "gongkai: could not install the packages fuzzing needs" >&2; exit 2; }
if [ ! -f $B/build.ninja ]; then
  CC=clang meson setup $B -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link --buildtype=debugoptimized >/dev/null || exit 2
fi
ninja -C $B tests/fuzz/fuzz_$T >/dev/null || { ninja -C $B tests/fuzz/fuzz_$T | tail -30; exit 2; }
mkdir -p $B/corpus_$T $B/seed_$T $B/artifacts
SHARED=${GONGKAI_SHARED:-../shared}
[ -d "$SHARED/seeds" ] || SHARED=../../shared
cp -f "$SHARED"/seeds/* $B/seed_$T/ 2>/dev/null || true
find tests/data/reports -type f -exec cp -f {} $B/seed_$T/ \;
[ -d tests/fuzz/corpus_$T ] && cp -f tests/fuzz/corpus_$T/* $B/seed_$T/
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
$B/tests/fuzz/fuzz_$T -max_total_time="$SECS" -max_len=$([ $T = pdf ] || [ $T = docx ] && echo 1048576 || echo 131072) -timeout=10 -rss_limit_mb=2048 \
  -dict=tests/fuzz/read.dict -print_final_stats=1 -artifact_prefix=$B/artifacts/ \
  $B/corpus_$T $B/seed_$T >$B/fuzz.log 2>&1
rc=$?
grep -E "^#[0-9]+.*(DONE|cov:)" $B/fuzz.log | tail -1
grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" $B/fuzz.log
echo "corpus: $(ls $B/corpus_$T | wc -l) inputs; artifacts: $(ls $B/artifacts | wc -l)"
[ $rc -eq 0 ] || { grep -E "ERROR|SUMMARY|==[0-9]+==" $B/fuzz.log | head -20; echo "fuzz_$T failed (exit $rc): see $B/fuzz.log" >&2; }
exit $rc
