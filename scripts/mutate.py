#!/usr/bin/env python3
"""make mutate / scripts/mutate.py [--check] [--list] [ROW...]: mutation testing.

Each row of tests/mutate/mutations.tsv is one single plausible change to
gongkai (module, file, pattern, replacement, tests, meaning). The working tree
is never touched: its files (tracked and new, as `git ls-files` lists them)
are copied once into build/mutate/tree, built there (Meson, tests on, debug,
without sanitizers: faster, and a mutant must be caught by what the tests
assert, not by a sanitizer), and the tests the table names are run unmutated
first (they must pass). Then for each row: the pattern (which must occur
exactly once) is replaced in the scratch copy, `ninja` rebuilds what the
row's tests run (their executables, from `meson introspect --tests`), and
`meson test --no-rebuild` runs exactly the row's tests, two at a time; the
mutant is KILLED when one of them fails or it does not build, and SURVIVED
when all pass. The file is put back before the next row. At the end: the
kill rate, by module, and every survivor with its meaning (a survivor is a
missing test). Exit status 0 when the kill rate is at least --min (95%).

  --check    only check the table (every pattern found exactly once)
  --no-baseline  skip the unmutated run (when it passed a moment ago)
  --list     print the rows
  ROW...     run only these rows (numbers as --list prints them)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "tests", "mutate", "mutations.tsv")
WORK = os.path.join(ROOT, "build", "mutate")
TREE = os.path.join(WORK, "tree")
BUILD = os.path.join(TREE, "build")
TEST_TIMEOUT = 900


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], "\\" + s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def load_table():
    rows = []
    with open(TABLE, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 6:
                sys.exit(f"{TABLE}:{ln}: {len(cols)} columns, want 6 (module, file, pattern, replacement, tests, meaning)")
            module, path, pat, rep, tests, why = cols
            rows.append({"n": len(rows) + 1, "line": ln, "module": module, "file": path, "pattern": unescape(pat),
                         "replacement": unescape(rep), "tests": tests.split(), "why": why})
    return rows


def check_table(rows, root):
    bad = 0
    for r in rows:
        p = os.path.join(root, r["file"])
        try:
            text = open(p, encoding="utf-8").read()
        except OSError as e:
            print(f"row {r['n']} ({TABLE}:{r['line']}): {e}")
            bad += 1
            continue
        c = text.count(r["pattern"])
        if c != 1:
            print(f"row {r['n']} ({TABLE}:{r['line']}): the pattern occurs {c} times in {r['file']} (must be once)")
            bad += 1
        if not r["tests"]:
            print(f"row {r['n']} ({TABLE}:{r['line']}): no tests named")
            bad += 1
    return bad


def run(cmd, cwd, timeout=None, log=None):
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        out = p.stdout.decode("utf-8", "replace")
        rc = p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") + f"\n(timed out after {timeout} s)"
        rc = 124
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"$ {' '.join(cmd)}\n{out}\n(exit {rc})\n")
    return rc, out


def test_targets():
    """meson test name -> the ninja targets (paths in the build) it runs."""
    tests = json.loads(subprocess.run(["meson", "introspect", "--tests", BUILD], check=True,
                                      stdout=subprocess.PIPE).stdout)
    targets = json.loads(subprocess.run(["meson", "introspect", "--targets", BUILD], check=True,
                                        stdout=subprocess.PIPE).stdout)
    by_id = {t["id"]: [os.path.relpath(f, BUILD) for f in t["filename"]] for t in targets}
    out = {}
    for t in tests:
        need = []
        exe = t["cmd"][0]
        if exe.startswith(BUILD + os.sep):
            need.append(os.path.relpath(exe, BUILD))
        for d in t.get("depends", []):
            need += by_id.get(d, [])
        out[t["name"]] = sorted(set(need))
    return out


def copy_tree():
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           stdout=subprocess.PIPE).stdout.decode().split("\0")
    for f in files:
        if not f or f.startswith("build/"):
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(TREE, f)
        if not os.path.isfile(src):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(src, "rb") as a:
            data = a.read()
        if os.path.exists(dst):
            with open(dst, "rb") as b:
                if b.read() == data:
                    continue
        with open(dst, "wb") as b:
            b.write(data)
        shutil.copymode(src, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--min", type=float, default=95.0)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("rows", nargs="*", type=int)
    a = ap.parse_args()
    rows = load_table()
    if a.list:
        for r in rows:
            print(f"{r['n']:3} {r['module']:<10} {r['file']}: {r['why']}  [{' '.join(r['tests'])}]")
        return 0
    if check_table(rows, ROOT):
        return 2
    if a.check:
        print(f"{len(rows)} mutations, every pattern found once")
        return 0
    if a.rows:
        rows = [r for r in rows if r["n"] in a.rows]
    os.makedirs(TREE, exist_ok=True)
    log = os.path.join(WORK, "mutate.log")
    open(log, "w").close()
    copy_tree()
    if not os.path.exists(os.path.join(BUILD, "build.ninja")):
        rc, out = run(["meson", "setup", BUILD, "-Dtests=true", "--buildtype=debug"], TREE, log=log)
        if rc:
            print(out[-3000:])
            return 2
    rc, out = run(["ninja", "-C", BUILD], TREE, log=log)
    if rc:
        print(out[-3000:])
        print("the unmutated scratch tree does not build")
        return 2
    every = sorted({t for r in rows for t in r["tests"]})
    need = test_targets()
    unknown = [t for t in every if t not in need]
    if unknown:
        print("the table names tests meson does not know: " + " ".join(unknown))
        return 2
    t0 = time.time()
    if not a.no_baseline:
        rc, out = run(["meson", "test", "-C", BUILD, "--no-rebuild", "--num-processes", "2"] + every, TREE,
                      timeout=3 * TEST_TIMEOUT, log=log)
        if rc:
            print(out[-3000:])
            print("the tests fail without any mutation: fix them first (" + log + ")")
            return 2
        print(f"baseline: {len(every)} tests pass unmutated ({time.time() - t0:.0f} s)")
    killed, survivors, by_module = 0, [], {}
    for r in rows:
        path = os.path.join(TREE, r["file"])
        with open(path, encoding="utf-8") as f:
            orig = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(orig.replace(r["pattern"], r["replacement"], 1))
        t0 = time.time()
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"\n==== row {r['n']}: {r['file']}: {r['why']}\n")
        try:
            targets = sorted({x for t in r["tests"] for x in need[t]})
            brc, _ = run(["ninja", "-C", BUILD] + targets, TREE, log=log)
            if brc:
                verdict = "killed (does not build)"
            else:
                trc, _ = run(["meson", "test", "-C", BUILD, "--no-rebuild", "--num-processes", "2"] + r["tests"], TREE,
                             timeout=TEST_TIMEOUT, log=log)
                verdict = "killed" if trc else "SURVIVED"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)
        m = by_module.setdefault(r["module"], [0, 0])
        m[1] += 1
        if verdict.startswith("killed"):
            killed += 1
            m[0] += 1
        else:
            survivors.append(r)
        print(f"{r['n']:3} {verdict:<24} {time.time() - t0:5.0f} s  {r['module']:<10} {r['file']}: {r['why']}",
              flush=True)
    run(["ninja", "-C", BUILD], TREE, log=log)   # leave the scratch build unmutated
    n = len(rows)
    rate = 100.0 * killed / n if n else 0.0
    print("by module: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by_module.items())))
    for r in survivors:
        print(f"survivor {r['n']}: {r['file']}: {r['why']} (tests: {' '.join(r['tests'])})")
    print(f"{killed} of {n} mutants killed ({rate:.1f}%), {len(survivors)} survived")
    return 0 if rate >= a.min else 1


if __name__ == "__main__":
    sys.exit(main())
