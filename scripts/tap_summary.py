#!/usr/bin/env python3
"""Sums the TAP results of every test that meson ran (each cmocka case and each
end-to-end check counts one) and prints the failures, then one closing line
"N passed, N failed". Exits 1 when anything failed."""
import json, re, sys

passed = failed = skipped = 0
failures = []
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        t = json.loads(line)
        out = t.get("stdout") or ""
        cases = 0
        for l in out.splitlines():
            m = re.match(r"^(not ok|ok)\b\s*\d*\s*-?\s*(.*)$", l)
            if not m:
                continue
            cases += 1
            name = m.group(2)
            if "# SKIP" in name:
                skipped += 1
            elif m.group(1) == "ok":
                passed += 1
            else:
                failed += 1
                failures.append(f"{t['name']}: {name}")
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL") and cases == 0:
            failed += 1
            failures.append(f"{t['name']}: {t['result']}")
        elif t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
            # the TAP lines passed but the program failed (sanitizer, crash, bad plan)
            if not any(x.startswith(t["name"] + ":") for x in failures):
                failed += 1
                failures.append(f"{t['name']}: {t['result']} (exit status; see build/test/meson-logs/testlog.txt)")
        if t["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
            tail = "\n".join(out.splitlines()[-30:])
            sys.stdout.write(f"--- {t['name']} ({t['result']}) last output:\n{tail}\n")
for x in failures:
    print("FAILED", x)
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
