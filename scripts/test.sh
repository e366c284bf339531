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
meson test -C $B --num-processes 2 --print-errorlogs >$B/meson-test.out 2>&1
python3 scripts/tap_summary.py $B/meson-logs/testlog.json
