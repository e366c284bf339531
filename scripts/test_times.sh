#!/usr/bin/env bash
# What the tests cost: the 20 slowest by wall time and the 20 slowest by CPU
# time, and the sums. CPU time (user + system, of the test and every process
# it started: scripts/test_cpu.py) is the fair figure on a shared machine;
# `make test` must stay under 10 minutes on 2 cores, so the sum of the tests'
# CPU should stay under 2 x 480 s.
#   scripts/test_times.sh [BUILD]              the figures of the last run in BUILD
#                                              (default build/test; `make test`
#                                              records them)
#   scripts/test_times.sh --run [MESON-TEST-ARGS...]
#                                              runs meson test in build/test (nice,
#                                              the same number of processes as
#                                              scripts/test.sh) with the CPU
#                                              recorded, then prints the figures
#   TOP=N                                      show N rows instead of 20
set -uo pipefail
cd "$(dirname "$0")/.."
B=build/test
if [ "${1:-}" = "--run" ]; then
  shift
  [ -f $B/build.ninja ] || { echo "gongkai: no $B (run make test or meson setup first)" >&2; exit 2; }
  rm -f $B/test-cpu.jsonl $B/meson-logs/testlog-test_cpu.py.json
  GONGKAI_TEST_TIMES=$PWD/$B/test-cpu.jsonl nice meson test -C $B --num-processes "${TEST_PROCESSES:-3}" \
    --wrapper "$PWD/scripts/test_cpu.py" --print-errorlogs "$@" >$B/meson-test.out 2>&1
  echo "meson test: exit $? ($(tail -1 $B/meson-test.out))"
elif [ $# -gt 0 ]; then
  B=$1
fi
# meson's log of the last run: with the wrapper it is named after it
LOG=$B/meson-logs/testlog-test_cpu.py.json
[ -f "$LOG" ] && [ ! "$B/meson-logs/testlog.json" -nt "$LOG" ] || LOG=$B/meson-logs/testlog.json
[ -f "$LOG" ] || { echo "gongkai: no $LOG (no test run yet)" >&2; exit 2; }
python3 - "$LOG" "$B/test-cpu.jsonl" "${TOP:-20}" <<'EOF'
import json, os, sys
log, cpu_file, top = sys.argv[1], sys.argv[2], int(sys.argv[3])
tests = [json.loads(l) for l in open(log, encoding="utf-8", errors="replace")]
cpu = {}
if os.path.exists(cpu_file):
    for l in open(cpu_file, encoding="utf-8"):
        r = json.loads(l)
        cpu[tuple(r["command"])] = r
rows = []
for t in tests:
    cmd = t.get("command") or []
    # meson records the wrapper's command line in front of the test's
    r = next((cpu[tuple(cmd[i:])] for i in range(len(cmd)) if tuple(cmd[i:]) in cpu), None)
    name = t["name"].split(" / ")[-1]
    rows.append((name, t["duration"], (r["user"] + r["sys"]) if r else None, r))
if not rows:
    sys.exit("no tests in " + log)
start = min(t["starttime"] for t in tests)
end = max(t["starttime"] + t["duration"] for t in tests)
print(f"{len(rows)} tests; run from first start to last end: {end - start:.0f} s wall")
wall_sum = sum(r[1] for r in rows)
measured = [r for r in rows if r[2] is not None]
print(f"sum of the tests' wall time: {wall_sum:.0f} s")
if measured:
    cpu_sum = sum(r[2] for r in measured)
    print(f"sum of the tests' CPU time (user+sys, {len(measured)} of {len(rows)} measured): {cpu_sum:.0f} s"
          f" = {cpu_sum / 2:.0f} s on 2 cores (aim: under 480 s)")
    left = [r[0] for r in measured if r[3].get("left_running")]
    if left:
        print("processes left running after (their CPU not counted):", ", ".join(left))
else:
    print(f"no CPU figures ({cpu_file}): run `scripts/test_times.sh --run` or `make test`")
def table(title, key):
    print(f"\n{title}")
    print(f"{'wall s':>8} {'CPU s':>8}  {'CPU/wall':>8}  test")
    for name, wall, c, _ in sorted(rows, key=key)[:top]:
        cs = f"{c:8.1f}" if c is not None else f"{'-':>8}"
        ratio = f"{c / wall:8.2f}" if c is not None and wall > 0 else f"{'-':>8}"
        print(f"{wall:8.1f} {cs}  {ratio}  {name}")
table(f"the {top} slowest by wall time", lambda r: -r[1])
if measured:
    table(f"the {top} slowest by CPU time", lambda r: -(r[2] if r[2] is not None else -1))
EOF
