#!/usr/bin/env bash
# make fuzz / scripts/fuzz.sh SECONDS [TARGET]: builds the libFuzzer targets
# with clang in build/fuzz (ASan + UBSan, coverage on the whole library) and
# runs fuzz_TARGET for SECONDS (default 60). The targets, one row each below:
# read (the default) and load (annual reports: seeded from tests/data/seeds and
# tests/data/reports), pdf and docx (reports in those formats), extract
# (attachment readers, src/files), notice (the State Council's holiday notice).
# Each is also seeded from tests/fuzz/corpus_TARGET/ when it exists. New
# crashers land in build/fuzz/artifacts/; copy each into the target's corpus
# (reports: tests/data/reports/fuzz/) once fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
T=${2:-read}
T=${T#fuzz_}
# target  dictionary  report-seeds  max_len
case $T in
  read)    DICT=read.dict    REPORTS=1 MAXLEN=131072 ;;
  load)    DICT=read.dict    REPORTS=1 MAXLEN=131072 ;;
  pdf)     DICT=read.dict    REPORTS=1 MAXLEN=1048576 ;;
  docx)    DICT=read.dict    REPORTS=1 MAXLEN=1048576 ;;
  extract) DICT=extract.dict REPORTS=0 MAXLEN=262144 ;;
  notice)  DICT=notice.dict  REPORTS=0 MAXLEN=65536 ;;
  *) echo "usage: scripts/fuzz.sh [SECONDS] [read|load|pdf|docx|extract|notice]" >&2; exit 2 ;;
esac
B=build/fuzz
scripts/deps.sh all || { echo "gongkai: could not install the packages fuzzing needs" >&2; exit 2; }
if [ ! -f $B/build.ninja ]; then
  CC=clang meson setup $B -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link --buildtype=debugoptimized >/dev/null || exit 2
fi
ninja -C $B tests/fuzz/fuzz_$T >/dev/null || { ninja -C $B tests/fuzz/fuzz_$T | tail -30; exit 2; }
mkdir -p $B/corpus_$T $B/seed_$T $B/artifacts
if [ $REPORTS = 1 ]; then
  cp -f tests/data/seeds/* $B/seed_$T/
  find tests/data/reports -type f -exec cp -f {} $B/seed_$T/ \;
fi
[ -d tests/fuzz/corpus_$T ] && cp -f tests/fuzz/corpus_$T/* $B/seed_$T/
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
$B/tests/fuzz/fuzz_$T -max_total_time="$SECS" -max_len=$MAXLEN -timeout=10 -rss_limit_mb=2048 \
  -dict=tests/fuzz/$DICT -print_final_stats=1 -artifact_prefix=$B/artifacts/ \
  $B/corpus_$T $B/seed_$T >$B/fuzz_$T.log 2>&1
rc=$?
grep -E "^#[0-9]+.*(DONE|cov:)" $B/fuzz_$T.log | tail -1
grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" $B/fuzz_$T.log
echo "corpus: $(ls $B/corpus_$T | wc -l) inputs; artifacts: $(ls $B/artifacts | wc -l)"
[ $rc -eq 0 ] || { grep -E "ERROR|SUMMARY|==[0-9]+==" $B/fuzz_$T.log | head -20; echo "fuzz_$T failed (exit $rc): see $B/fuzz_$T.log" >&2; }
exit $rc
