#!/usr/bin/env python3
"""Runs every ```sh example of docs/api.md, in order, against a running
server, and prints TAP: each example must exit 0 and print JSON (one value
per line; an example may print nothing). A line "# the test suite sets VAR
from the answer's "id"" in an example sets VAR for the later ones.

usage: http_apidoc.py API.md   (the variables come from the environment)"""
import json
import os
import re
import subprocess
import sys

text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
env = dict(os.environ)
n = failed = 0
for b in blocks:
    n += 1
    first = next((l for l in b.splitlines() if l.startswith("curl")), b.splitlines()[0])
    name = first[:90]
    p = subprocess.run(["bash", "-e", "-c", b], env=env, capture_output=True, text=True, timeout=60)
    problem = None
    values = []
    if p.returncode != 0:
        problem = f"exit {p.returncode}: {p.stderr.strip()[:300]}"
    else:
        for line in p.stdout.splitlines():
            if not line.strip():
                continue
            try:
                values.append(json.loads(line))
            except ValueError:
                problem = f"not JSON: {line[:200]}"
                break
    m = re.search(r"sets (\w+) from the answer's \"(\w+)\"", b)
    if not problem and m:
        v = values[0].get(m.group(2)) if values and isinstance(values[0], dict) else None
        if v is None:
            problem = f"no {m.group(2)} in the answer: {p.stdout[:300]}"
        else:
            env[m.group(1)] = str(v)
    # an example that is not about errors must not answer with one
    is_error_example = "Errors, for the record" in text[: text.find(b)].split("## ")[-1] or "may not take" in text[max(0, text.find(b) - 300): text.find(b)] or "/public/track" in b
    if not problem and not is_error_example:
        for v in values:
            if isinstance(v, dict) and "error" in v:
                problem = f"answered with an error: {json.dumps(v, ensure_ascii=False)[:300]}"
    if problem:
        failed += 1
        print(f"not ok {n} - docs/api.md example: {name}")
        print(f"# {problem}")
    else:
        print(f"ok {n} - docs/api.md example: {name}")
print(f"1..{n}")
sys.exit(1 if failed else 0)
