#!/usr/bin/env python3
"""Runs one test (meson test --wrapper) and records its CPU time.

usage: test_cpu.py COMMAND [ARGS...]     (GONGKAI_TEST_TIMES=FILE names the record)

The CPU time of a test is its own and that of every process it started, also
those that left it (PostgreSQL's postmaster started by pg_ctl, servers
started in the background): this wrapper makes itself the "child subreaper"
(prctl PR_SET_CHILD_SUBREAPER, Linux), so orphaned descendants are re-parented
to it, and it reaps every child as it ends; getrusage(RUSAGE_CHILDREN) then
holds them all. Processes still running 3 s after the test ended (none
should) are left to init and not counted.

It appends one JSON line per test to FILE: the command, user and system CPU
seconds, wall seconds, the largest resident set (KiB) and the exit status.
scripts/test_times.sh joins it with meson's testlog.json. The test's exit
status is passed on unchanged; without GONGKAI_TEST_TIMES nothing is written.
"""
import ctypes
import json
import os
import resource
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_GRACE_S = 3.0


def subreaper():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans():
    """Reaps re-parented descendants that end within the grace period."""
    deadline = time.monotonic() + ORPHAN_GRACE_S
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return 0
        if pid == 0:
            time.sleep(0.05)
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        n += 1
            except (OSError, ValueError, IndexError):
                pass
    return n


def main(argv):
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    reaper = subreaper()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            sys.stderr.write(f"test_cpu.py: {argv[0]}: {e.strerror}\n")
            os._exit(127)
    # a timeout (meson's SIGTERM) or ^C: passed on; the test is still recorded
    def forward(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = None
    while status is None:      # reap orphans as they end, so that `kill -0` sees them gone
        try:
            got, st = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if got == pid:
            status = st
    wall = time.monotonic() - t0
    left = reap_orphans() if reaper else 0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = os.waitstatus_to_exitcode(status) if status is not None else 1
    out = os.environ.get("GONGKAI_TEST_TIMES")
    if out:
        rec = {"command": argv, "user": round(ru.ru_utime, 2), "sys": round(ru.ru_stime, 2),
               "wall": round(wall, 2), "maxrss_kib": ru.ru_maxrss, "status": code,
               "subreaper": reaper, "left_running": left}
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
