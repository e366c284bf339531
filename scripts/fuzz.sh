#!/usr/bin/env bash
# make fuzz / scripts/fuzz.sh [SECONDS] [TARGET|all]: builds the libFuzzer
# targets with clang in build/fuzz (ASan + UBSan, coverage on the whole
# library) and runs fuzz_TARGET for SECONDS (default 60), or every target one
# after the other, each for SECONDS (all, the default of `make fuzz`).
# scripts/fuzz.sh --smoke SECONDS: every target for SECONDS on its seeds only
# (no new corpus kept), one TAP line each; make test runs it.
# The targets, one row each below: read and load (annual reports: seeded from
# tests/data/seeds and tests/data/reports), pdf and docx (reports in those
# formats), extract (attachment readers, src/files), notice (the State
# Council's holiday notice), form (urlencoded bodies and queries), multipart
# (uploads), cookie (the Cookie header), csv (CSV and the catalogue import),
# json (the catalogue import and the API's application body), ics (calendar
# .ics/.tsv/regional imports), docno (文号 and 索引号), agency_csv (the CSV of
# agencies, `gongkai agency import`), docgen (the document writer), casefile (an
# application's case file read back). Each is seeded from
# tests/fuzz/corpus_TARGET/ when it exists. New crashers land in
# build/fuzz/artifacts/; copy each into the target's corpus (reports:
# tests/data/reports/fuzz/) once fixed. To keep a minimised corpus:
#   build/fuzz/tests/fuzz/fuzz_T -merge=1 tests/fuzz/corpus_T.min tests/fuzz/corpus_T build/fuzz/corpus_T
set -uo pipefail
cd "$(dirname "$0")/.."
TARGETS="read load pdf docx extract notice form multipart cookie csv json ics docno agency_csv docgen casefile"
SMOKE=0
if [ "${1:-}" = --smoke ]; then SMOKE=1; shift; fi
SECS=${1:-60}
WHICH=${2:-all}
WHICH=${WHICH#fuzz_}
# target  dictionary  report-seeds  max_len
row() {
  case $1 in
    read)      DICT=read.dict      REPORTS=1 MAXLEN=131072 ;;
    load)      DICT=read.dict      REPORTS=1 MAXLEN=131072 ;;
    pdf)       DICT=read.dict      REPORTS=1 MAXLEN=1048576 ;;
    docx)      DICT=read.dict      REPORTS=1 MAXLEN=1048576 ;;
    extract)   DICT=extract.dict   REPORTS=0 MAXLEN=262144 ;;
    notice)    DICT=notice.dict    REPORTS=0 MAXLEN=65536 ;;
    form)      DICT=form.dict      REPORTS=0 MAXLEN=65536 ;;
    multipart) DICT=multipart.dict REPORTS=0 MAXLEN=65536 ;;
    cookie)    DICT=cookie.dict    REPORTS=0 MAXLEN=8192 ;;
    csv)       DICT=csv.dict       REPORTS=0 MAXLEN=65536 ;;
    json)      DICT=json.dict      REPORTS=0 MAXLEN=65536 ;;
    ics)       DICT=ics.dict       REPORTS=0 MAXLEN=65536 ;;
    docno)     DICT=docno.dict     REPORTS=0 MAXLEN=512 ;;
    agency_csv) DICT=agency_csv.dict REPORTS=0 MAXLEN=65536 ;;
    casefile)  DICT=casefile.dict  REPORTS=0 MAXLEN=262144 ;;
    docgen)    DICT=docgen.dict    REPORTS=0 MAXLEN=65536 ;;
    *) return 1 ;;
  esac
}
if [ "$WHICH" != all ] && ! row "$WHICH"; then
  echo "usage: scripts/fuzz.sh [--smoke] [SECONDS] [all|${TARGETS// /|}]" >&2
  exit 2
fi
B=build/fuzz
scripts/deps.sh all >/dev/null || { echo "gongkai: could not install the packages fuzzing needs" >&2; exit 2; }
if [ ! -f $B/build.ninja ]; then
  CC=clang meson setup $B -Dfuzz=true -Dtests=false -Db_sanitize=address,undefined \
    -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link --buildtype=debugoptimized >/dev/null || exit 2
fi
[ "$WHICH" = all ] && LIST=$TARGETS || LIST=$WHICH
NINJA_TARGETS=$(for t in $LIST; do printf 'tests/fuzz/fuzz_%s ' "$t"; done)
ninja -C $B $NINJA_TARGETS >/dev/null || { ninja -C $B $NINJA_TARGETS | tail -30; exit 2; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# the same suppressions as the tests: leaks inside fontconfig and cairo 1.16, not gongkai's
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

seeds() {   # fills $B/seed_$1 from the shared seeds, the test reports and the corpus
  mkdir -p $B/seed_$1
  if [ $REPORTS = 1 ]; then
    cp -f tests/data/seeds/* $B/seed_$1/
    find tests/data/reports -type f -exec cp -f {} $B/seed_$1/ \;
  fi
  [ -d tests/fuzz/corpus_$1 ] && cp -f tests/fuzz/corpus_$1/* $B/seed_$1/
  return 0
}

run() {     # run TARGET SECONDS [CORPUS-DIRS...]
  local t=$1 s=$2
  shift 2
  mkdir -p $B/artifacts
  $B/tests/fuzz/fuzz_$t -max_total_time="$s" -max_len=$MAXLEN -timeout=10 -rss_limit_mb=2048 \
    -dict=tests/fuzz/$DICT -print_final_stats=1 -artifact_prefix=$B/artifacts/ "$@" >$B/fuzz_$t.log 2>&1
}

if [ $SMOKE = 1 ]; then
  set -- $LIST
  echo "1..$#"
  n=0 bad=0
  for t in $LIST; do
    n=$((n + 1))
    row $t
    seeds $t
    rm -rf $B/smoke_$t && mkdir -p $B/smoke_$t
    if run $t "$SECS" $B/smoke_$t $B/seed_$t; then
      echo "ok $n - fuzz_$t: $(grep -oE 'stat::number_of_executed_units: *[0-9]+' $B/fuzz_$t.log | grep -oE '[0-9]+$') runs in ${SECS}s, no finding"
    else
      bad=1
      echo "not ok $n - fuzz_$t: see $B/fuzz_$t.log"
      grep -E "ERROR|SUMMARY" $B/fuzz_$t.log | head -5 | sed 's/^/# /'
    fi
  done
  exit $bad
fi

rc=0
for t in $LIST; do
  row $t
  seeds $t
  mkdir -p $B/corpus_$t
  run $t "$SECS" $B/corpus_$t $B/seed_$t
  r=$?
  echo "fuzz_$t: $(grep -E "^#[0-9]+.*(DONE|cov:)" $B/fuzz_$t.log | tail -1)"
  grep -E "stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" $B/fuzz_$t.log
  echo "corpus: $(ls $B/corpus_$t | wc -l) inputs; artifacts: $(ls $B/artifacts | wc -l)"
  if [ $r -ne 0 ]; then
    grep -E "ERROR|SUMMARY|==[0-9]+==" $B/fuzz_$t.log | head -20
    echo "fuzz_$t failed (exit $r): see $B/fuzz_$t.log" >&2
    rc=$r
  fi
done
exit $rc
