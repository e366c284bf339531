#!/usr/bin/env bash
# scripts/scan.sh: the clang static analyzer (scan-build) over gongkai, its
# tests and benchmarks, in build/scan; prints the findings and exits 1 when
# there is any (zero is the rule: a false positive is answered by making the
# code plain enough for the analyzer, not by silencing it). Run by .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."
B=build/scan
scripts/deps.sh all >/dev/null || { echo "gongkai: could not install the packages the analyzer needs" >&2; exit 2; }
command -v scan-build >/dev/null || { echo "gongkai: scan-build is missing (apt-get install clang-tools)" >&2; exit 2; }
rm -rf $B/report
if [ ! -f $B/build.ninja ]; then
  CC=clang meson setup $B -Dtests=true --buildtype=debug >/dev/null || exit 2
fi
ninja -C $B -t clean >/dev/null
scan-build --status-bugs --use-cc=clang -o $B/report ninja -C $B >$B/scan.log 2>&1
rc=$?
grep -E "warning:.*\[(core|unix|deadcode|security|cplusplus|nullability|optin|alpha)\." $B/scan.log | sort -u
grep -E "scan-build: [0-9]+ bugs? found|scan-build: No bugs found" $B/scan.log | tail -1
[ $rc -eq 0 ] || echo "scan-build: findings above (report in $B/report)" >&2
exit $rc
