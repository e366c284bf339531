#!/usr/bin/env bash
# make fuzz / scripts/fuzz.sh SECONDS [TARGET]: builds the libFuzzer targets with clang
# in build/fuzz (ASan + UBSan, coverage on the whole library) and runs
# TARGET (default fuzz_read) for SECONDS (default 60): fuzz_read on a corpus
# seeded from shared/seeds and tests/data/reports, fuzz_extract (attachment
# readers, src/files) on tests/fuzz/extract_seed with tests/fuzz/extract.dict. New crashers land in build/fuzz/artifacts/; copy each
# into tests/data/reports/fuzz/ once fixed (the unit tests read them all).
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
T=${2:-fuzz_read}
B=build/fuzz
scripts/deps.sh all || { echo "gongkai: could not install the packages fuzzing needs" >&2; exit 2; }
if [ ! -f $B/build.ninja ]; then
  CC=clang meson setup $B -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link --buildtype=debugoptimized >/dev/null || exit 2
fi
ninja -C $B tests/fuzz/$T >/dev/null || { ninja -C $B tests/fuzz/$T | tail -30; exit 2; }
if [ "$T" = fuzz_extract ]; then
  mkdir -p $B/corpus_extract $B/artifacts
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  $B/tests/fuzz/fuzz_extract -max_total_time="$SECS" -max_len=262144 -timeout=10 -rss_limit_mb=2048 \
    -dict=tests/fuzz/extract.dict -print_final_stats=1 -artifact_prefix=$B/artifacts/ \
    $B/corpus_extract tests/fuzz/extract_seed >$B/fuzz_extract.log 2>&1
  rc=$?
  grep -E "^#[0-9]+.*(DONE|cov:)" $B/fuzz_extract.log | tail -1
  grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" $B/fuzz_extract.log
  [ $rc -eq 0 ] || { grep -E "ERROR|SUMMARY|==[0-9]+==" $B/fuzz_extract.log | head -20; echo "fuzz_extract failed (exit $rc): see $B/fuzz_extract.log" >&2; }
  exit $rc
fi
mkdir -p $B/corpus $B/seed $B/artifacts
SHARED=${GONGKAI_SHARED:-../shared}
[ -d "$SHARED/seeds" ] || SHARED=../../shared
cp -f "$SHARED"/seeds/* $B/seed/ 2>/dev/null || true
find tests/data/reports -type f -exec cp -f {} $B/seed/ \;
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
$B/tests/fuzz/fuzz_read -max_total_time="$SECS" -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
  -dict=tests/fuzz/read.dict -print_final_stats=1 -artifact_prefix=$B/artifacts/ \
  $B/corpus $B/seed >$B/fuzz.log 2>&1
rc=$?
grep -E "^#[0-9]+.*(DONE|cov:)" $B/fuzz.log | tail -1
grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" $B/fuzz.log
echo "corpus: $(ls $B/corpus | wc -l) inputs; artifacts: $(ls $B/artifacts | wc -l)"
[ $rc -eq 0 ] || { grep -E "ERROR|SUMMARY|==[0-9]+==" $B/fuzz.log | head -20; echo "fuzz_read failed (exit $rc): see $B/fuzz.log" >&2; }
exit $rc
