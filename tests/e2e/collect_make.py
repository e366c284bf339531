"""Makes the supervising office's folder for tests/e2e/report_collect.sh:
N reports of 2021, 2019 and 2008 layouts, each its own agency with its own
figures (the national tables' totals add up, so that run-together cells can
be decoded), in the forms reports are found in.

    python3 collect_make.py plan DATA_DIR OUT N    OUT/json/NAME.json, OUT/plan.tsv (NAME, FORM, ORIGINAL, BASE)
                                                   and OUT/tpl/BASE.json: each base with its figures numbered
    python3 collect_make.py forms OUT              from OUT/tpl/BASE.txt and .html (gongkai's renderings of the
                                                   numbered bases): every report's text and HTML forms in OUT/in/FORM/

Rendering each of 500 reports with gongkai would take minutes under the
sanitizers; gongkai renders each base once with its figures numbered
(7000001, 7000002, ...), and each report's text and HTML are that rendering
with its own figures and agency put in.

Forms: json, txt, html, xlsx, docx, pdf (clean: read in full); cells (cells
run together), oneline (the whole report one line), runon (each row's
numbers start the next line) — read as the reader can; cut3 (seven rows of
table 三 gone: 49 cells), cut4 (table 四 gone: 15 cells) — partial; dup (the
same report again as text), conflict (the same agency and year, other figures).
"""
import json
import os
import random
import re
import subprocess
import sys

BASES = ("seed004", "like2019", "like2008")
KEYS = ("proactive", "applications", "review_litigation", "legacy")

# (form, how many in 500); the rest are txt
FORMS = [("json", 40), ("html", 70), ("xlsx", 15), ("docx", 50), ("pdf", 12), ("cells", 40),
         ("oneline", 25), ("runon", 25), ("cut3", 8), ("cut4", 8), ("dup", 10), ("conflict", 3)]
CUT3 = ["2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息",
        "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]


def figures(v, rnd):
    """Random figures in the shape of v; a row of seven ends with its sum, a group of five with the sum of four."""
    if isinstance(v, dict):
        if set(v) == {"upheld", "corrected", "other", "pending", "total"}:
            g = {k: rnd.randrange(0, 9) for k in ("upheld", "corrected", "other", "pending")}
            g["total"] = sum(g.values())
            return g
        return {k: figures(x, rnd) for k, x in v.items()}
    if isinstance(v, list) and len(v) == 7 and all(isinstance(x, (int, float)) for x in v):
        row = [rnd.randrange(0, 40) if rnd.random() < 0.7 else 0 for _ in range(6)]
        return row + [sum(row)]
    if isinstance(v, list):
        return [figures(x, rnd) for x in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return rnd.randrange(0, 60)
    return v


def plan(data, out, n):
    bases = [json.load(open(f"{data}/{b}.json", encoding="utf-8")) for b in BASES]
    os.makedirs(f"{out}/tpl", exist_ok=True)
    for b, r in zip(BASES, bases):
        t, k = json.loads(json.dumps(r)), [0]
        for key in KEYS:
            if t.get(key) is not None:
                t[key] = numbered(t[key], k)
        json.dump(t, open(f"{out}/tpl/{b}.json", "w", encoding="utf-8"), ensure_ascii=False)
    rnd = random.Random(20)
    os.makedirs(f"{out}/json", exist_ok=True)
    forms = []
    for f, k in FORMS:
        forms += [f] * (k * n // 500)
    forms += ["txt"] * (n - len(forms))
    rnd.shuffle(forms)
    ch = "青山湖东江河平安宁德华阳春秋林石"
    rows = []
    for i, form in enumerate(forms):
        base = bases[i % 3] if form not in ("cut3", "cut4") else bases[0]
        r = json.loads(json.dumps(base))
        for k in ("proactive", "applications", "review_litigation", "legacy"):
            if r.get(k) is not None:
                r[k] = figures(r[k], rnd)
        if base.get("applications") and "columns" in base["applications"]:
            r["applications"]["columns"] = base["applications"]["columns"]
        r["agency"] = ch[i % 16] + ch[i // 16 % 16] + ch[i // 256 % 16] + "区民政局"
        r["problems"] = []
        name = f"{i:04d}"
        rows.append([name, form, "", BASES[bases.index(base)]])
        json.dump(r, open(f"{out}/json/{name}.json", "w", encoding="utf-8"), ensure_ascii=False)
    # a duplicate is an earlier clean report again (as text); a conflict has its
    # agency and year with other figures
    originals = [row[0] for row in rows if row[1] in ("json", "txt", "html", "xlsx", "docx")]
    for row in rows:
        if row[1] not in ("dup", "conflict"):
            continue
        row[2] = originals.pop(0)
        row[3] = next(x[3] for x in rows if x[0] == row[2])
        o = json.load(open(f"{out}/json/{row[2]}.json", encoding="utf-8"))
        if row[1] == "conflict":
            o["proactive"] = figures(o["proactive"], rnd) if o.get("proactive") else o.get("proactive")
            o["legacy"] = figures(o["legacy"], rnd) if o.get("legacy") else o.get("legacy")
        json.dump(o, open(f"{out}/json/{row[0]}.json", "w", encoding="utf-8"), ensure_ascii=False)
    with open(f"{out}/plan.tsv", "w", encoding="utf-8") as p:
        for row in rows:
            p.write("\t".join(row) + "\n")


def numbered(v, k):
    """v with every figure replaced by 7000001, 7000002, ... in order."""
    if isinstance(v, dict):
        return {a: numbered(b, k) for a, b in v.items()}
    if isinstance(v, list):
        return [numbered(b, k) for b in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        k[0] += 1
        return 7000000 + k[0]
    return v


def leaves(v, out):
    if isinstance(v, dict):
        for b in v.values():
            leaves(b, out)
    elif isinstance(v, list):
        for b in v:
            leaves(b, out)
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        out.append(v)
    return out


def fill(tpl, base, r):
    """A numbered rendering of base with r's figures and agency."""
    vals = []
    for key in KEYS:
        if r.get(key) is not None:
            leaves(r[key], vals)
    t = re.sub(r"(?<![0-9])7[0-9]{6}(?![0-9])", lambda m: str(vals[int(m.group(0)) - 7000001]), tpl)
    return t.replace(base["agency"], r["agency"])


def is_num(s):
    return s != "" and all(c.isdigit() or c == "-" for c in s)


def cells(t):
    """Separators dropped; a line of numbers only joined to the line before (tests/unit/test_report_degraded.c dg_cells)."""
    out = []
    for line in t.split("\n"):
        line = "".join(c for c in line if c not in "|\t \r")
        if not line:
            continue
        if is_num(line) and out:
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def runon(t):
    out = []
    for line in cells(t).split("\n"):
        k = len(line)
        while k > 0 and (line[k - 1].isdigit() or line[k - 1] == "-"):
            k -= 1
        out.append(line[:k] + "\n" + line[k:] if 0 < k < len(line) else line + "\n")
    return "".join(out)


def degraded(form, t):
    if form == "cells":
        return cells(t)
    if form == "oneline":
        return cells(t).replace("\n", "")
    if form == "runon":
        return runon(t)
    if form == "cut3":
        return "".join(x for x in t.splitlines(True) if not any(x.startswith(c) for c in CUT3))
    if form == "cut4":
        return t[:t.index("四、政府信息公开行政复议")]
    return t


def forms(out):
    here = os.path.dirname(os.path.abspath(__file__))
    tpl = {b: {e: open(f"{out}/tpl/{b}.{e}", encoding="utf-8").read() for e in ("txt", "html")} for b in BASES}
    base = {b: json.load(open(f"{out}/tpl/{b}.json", encoding="utf-8")) for b in BASES}
    os.makedirs(f"{out}/html", exist_ok=True)
    for line in open(f"{out}/plan.tsv", encoding="utf-8"):
        name, form, _, b = line.rstrip("\n").split("\t")
        if form in ("json", "xlsx"):
            continue
        r = json.load(open(f"{out}/json/{name}.json", encoding="utf-8"))
        ext = "html" if form in ("html", "docx", "pdf") else "txt"
        t = fill(tpl[b][ext], base[b], r)
        os.makedirs(f"{out}/in/{form}", exist_ok=True)
        if form == "docx":
            open(f"{out}/html/{name}.html", "w", encoding="utf-8").write(t)
            subprocess.run([sys.executable, f"{here}/docx_make.py", "report", f"{out}/html/{name}.html",
                            f"{out}/in/docx/{name}.docx"], check=True)
        elif form == "pdf":
            open(f"{out}/html/{name}.pdf.html", "w", encoding="utf-8").write(t)
        else:
            open(f"{out}/in/{form}/{name}.{ext}", "w", encoding="utf-8").write(degraded(form, t))


if __name__ == "__main__":
    if sys.argv[1] == "plan":
        plan(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        forms(sys.argv[2])
