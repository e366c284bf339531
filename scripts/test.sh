#!/usr/bin/env bash
# make test: installs what is missing, builds gongkai with AddressSanitizer and
# UndefinedBehaviorSanitizer and -Werror (a warning fails the build), runs
# every unit, fuzz (each target a few seconds, tests/fuzz/driver.c) and
# end-to-end test, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh all || { echo "gongkai: could not install the packages the tests need" >&2; exit 2; }
B=build/test
if [ ! -f $B/build.ninja ]; then
  meson setup $B -Dtests=true -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debug -Dwerror=true >/dev/null || exit 2
else
  meson configure $B -Dwerror=true >/dev/null || exit 2
fi
ninja -C $B >/dev/null || { ninja -C $B | tail -40; echo "0 passed, 1 failed"; exit 1; }
# Each test runs under scripts/test_cpu.py, which records its CPU time (and
# that of everything it started) in $B/test-cpu.jsonl; scripts/test_times.sh
# prints the slowest by wall and by CPU, written to $B/test-times.txt.
# TEST_PROCESSES: how many tests at once (default 4 on 2 cores: 7 min 19 s against 12 min with 3: most tests
# spend part of their time waiting on servers, Chromium and the disk).
# (with a wrapper, meson names its log after it: testlog-test_cpu.py.json)
rm -f $B/test-cpu.jsonl $B/meson-logs/testlog-test_cpu.py.json
GONGKAI_TEST_TIMES=$PWD/$B/test-cpu.jsonl meson test -C $B --num-processes "${TEST_PROCESSES:-4}" \
  --wrapper "$PWD/scripts/test_cpu.py" --print-errorlogs >$B/meson-test.out 2>&1
scripts/test_times.sh $B >$B/test-times.txt 2>&1 && sed -n '1,3p' $B/test-times.txt | sed 's/^/test times: /'
python3 scripts/tap_summary.py $B/meson-logs/testlog-test_cpu.py.json
