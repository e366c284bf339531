#!/usr/bin/env python3
"""Figures people can see (issue 16 item 2), read back from the pages.

Usage: http_stats.py BASE DB GONGKAI TOKEN REPORT_YEAR STATS_YEAR...

For the annual report page of REPORT_YEAR and the statistics page of each
STATS_YEAR: every chart's SVG (data-value of each bar or point) equals its
data table; the report's charts equal the published report JSON's cells; the
statistics equal plain SQL counts over the database (spam aside) and the
report computed by the API; the median working days equals the median of
`gongkai calendar count` over the answered applications; the CSV gives the
same numbers as the page; no applicant's name or phone reaches the page.
Prints TAP lines (without the plan).
"""
import csv
import io
import json
import math
import re
import sqlite3
import statistics
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser

BASE, DB, GONGKAI, TOKEN, REPORT_YEAR = sys.argv[1:6]
STATS_YEARS = [int(y) for y in sys.argv[6:]]
n = 0
failed = 0


def check(name, cond, detail=""):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - {name}")
    else:
        failed += 1
        print(f"not ok {n} - {name}")
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")


def get(path, token=None):
    rq = urllib.request.Request(BASE + path)
    if token:
        rq.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(rq) as r:
        return r.status, r.headers, r.read()


class Figures(HTMLParser):
    """Each <figure class="chart">: its SVG marks and its table's rows."""

    def __init__(self):
        super().__init__()
        self.figs = {}
        self.cur = None
        self.in_svg = False
        self.cell = None
        self.row = None
        self.svg_attrs = {}
        self.titles = {}
        self.tag_stack = []
        self.text_of = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure" and "chart" in a.get("class", ""):
            self.cur = {"marks": [], "rows": [], "header": [], "svg": None}
            self.figs[a["id"]] = self.cur
        if self.cur is None:
            return
        if tag == "svg":
            self.cur["svg"] = a
        if tag in ("rect", "circle") and "data-value" in a:
            self.cur["marks"].append((int(a["data-series"]), int(a["data-cat"]), float(a["data-value"])))
        if tag in ("title", "desc"):
            self.text_of = (tag, a.get("id"))
            self.cur[tag] = ""
        if tag == "tr":
            self.row = []
        if tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if self.cur is None:
            return
        if tag in ("title", "desc"):
            self.text_of = None
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        if tag == "tr" and self.row is not None:
            if not self.cur["header"]:
                self.cur["header"] = self.row
            else:
                self.cur["rows"].append(self.row)
            self.row = None
        if tag == "figure":
            self.cur = None

    def handle_data(self, data):
        if self.cur is None:
            return
        if self.text_of:
            self.cur[self.text_of[0]] += data
        if self.cell is not None:
            self.cell += data


def num(s):
    return None if s == "—" else float(s)


def table_values(fig):
    """{(series, cat): value} from the table: rows are categories, columns series."""
    out = {}
    for i, row in enumerate(fig["rows"]):
        for j, cell in enumerate(row[1:]):
            out[(j, i)] = num(cell)
    return out


def charts_match_tables(page, figs):
    for fid, fig in figs.items():
        tv = table_values(fig)
        marks = {(s, c): v for s, c, v in fig["marks"]}
        given = {k: v for k, v in tv.items() if v is not None}
        check(f"{page} {fid}: the SVG's figures equal its table", marks == given,
              f"svg {sorted(marks.items())}\ntable {sorted(given.items())}")
        svg = fig["svg"] or {}
        check(f"{page} {fid}: role=img with its title and text alternative",
              svg.get("role") == "img" and svg.get("aria-labelledby") == f"{fid}-t {fid}-d"
              and fig.get("title") and fig.get("desc"), svg)


def outcome_groups(col_of):
    """The six outcome groups from a report JSON's table 三 (total column)."""
    a = col_of

    def s(vals):
        vals = [v for v in vals if v is not None]
        return float(sum(vals)) if vals else None
    return [a["granted"], a["partly_granted"], s(a["withheld"].values()), s(a["unavailable"].values()),
            s(a["not_processed"].values()), s(a["other"].values())]


def table3_total(rep):
    """The report JSON's table 三 in the total column: {row: v} and {group: {row: v}}
    (each row is a list by applicant column, "columns" names them)."""
    apps = rep["applications"]
    t = apps["columns"].index("total")
    out = {}
    for k, v in apps.items():
        if k == "columns":
            continue
        out[k] = {kk: vv[t] for kk, vv in v.items()} if isinstance(v, dict) else v[t]
    return out


def row_by_kind(rep, row):
    apps = rep["applications"]
    return dict(zip(apps["columns"], apps[row]))


def col(fig, c):
    return [v for (s, cc), v in sorted(table_values(fig).items()) if s == c]


# ---- the annual report page ----
_, _, body = get(f"/reports/{REPORT_YEAR}")
html = body.decode()
p = Figures()
p.feed(html)
figs = p.figs
check("the report page has its four charts", set(figs) == {"rpt-outcomes", "rpt-kinds", "rpt-years", "rpt-years-outcomes"},
      sorted(figs))
charts_match_tables(f"/reports/{REPORT_YEAR}", figs)
_, _, j = get(f"/api/v1/public/reports/{REPORT_YEAR}")
rep = json.loads(j)
t3 = table3_total(rep)
want = outcome_groups(t3)
check("the outcome chart equals the report's table 三", col(figs["rpt-outcomes"], 0) == want,
      f"{col(figs['rpt-outcomes'], 0)} vs {want}")
kinds = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]
new = row_by_kind(rep, "new")
wantk = [new[k] for k in kinds]
check("the applicant-kind chart equals the report's 本年新收 row", col(figs["rpt-kinds"], 0) == wantk,
      f"{col(figs['rpt-kinds'], 0)} vs {wantk} ({new})")
_, _, yj = get("/api/v1/public/reports")
years = sorted(json.loads(yj)["years"])
cats = [r[0] for r in figs["rpt-years"]["rows"]]
check("year over year: every published year, oldest first", cats == [f"{y}年" for y in years], f"{cats} vs {years}")
ok_years = True
detail = ""
for i, y in enumerate(years):
    ry = json.loads(get(f"/api/v1/public/reports/{y}")[2])
    t = table3_total(ry)
    if [col(figs["rpt-years"], 0)[i], col(figs["rpt-years"], 1)[i]] != [t["new"], t["handled_total"]]:
        ok_years = False
        detail += f"{y}: {col(figs['rpt-years'], 0)[i]} {col(figs['rpt-years'], 1)[i]} vs {t}\n"
    grp = outcome_groups(t)
    if [col(figs["rpt-years-outcomes"], k)[i] for k in range(6)] != grp:
        ok_years = False
        detail += f"{y} outcomes vs {grp}\n"
check("year over year: each year's figures equal its published report", ok_years, detail)
kf = re.findall(r"<dt>([^<]*)</dt><dd><span class=\"num\">([^<]*)</span>", html)
check("key figures: 本年新收申请 equals table 三",
      dict(kf).get("本年新收申请") == "%d" % t3["new"], kf)

# ---- the statistics page ----
db = sqlite3.connect(DB)
ALIVE = "agency_id = (SELECT id FROM agency ORDER BY id LIMIT 1) AND intake <> 'spam'"
for year in STATS_YEARS:
    _, _, body = get(f"/stats?year={year}")
    html = body.decode()
    p = Figures()
    p.feed(html)
    figs = p.figs
    check(f"/stats?year={year} has its five charts",
          set(figs) == {"st-months", "st-ontime", "st-median", "st-outcomes", "st-cases"}, sorted(figs))
    charts_match_tables(f"/stats?year={year}", figs)
    months = [f"{m:02d}" for m in range(1, 13)]

    def per_month(sql):
        got = dict(db.execute(sql, (str(year),)).fetchall())
        return [float(got.get(m, 0)) for m in months]
    rec = per_month(f"SELECT substr(received,6,2), count(*) FROM application WHERE {ALIVE} AND substr(received,1,4)=? GROUP BY 1")
    ans = per_month(f"SELECT substr(concluded,6,2), count(*) FROM application WHERE {ALIVE} AND substr(concluded,1,4)=? GROUP BY 1")
    ont = per_month(f"SELECT substr(concluded,6,2), count(*) FROM application WHERE {ALIVE} AND substr(concluded,1,4)=? "
                    "AND concluded <= reply_due GROUP BY 1")
    check(f"{year}: received per month equals SQL", col(figs["st-months"], 0) == rec, f"{col(figs['st-months'], 0)} vs {rec}")
    check(f"{year}: answered per month equals SQL", col(figs["st-months"], 1) == ans, f"{col(figs['st-months'], 1)} vs {ans}")
    check(f"{year}: answered within the deadline per month equals SQL", col(figs["st-ontime"], 0) == ont,
          f"{col(figs['st-ontime'], 0)} vs {ont}")
    check(f"{year}: late answers per month equal SQL", col(figs["st-ontime"], 1) == [a - o for a, o in zip(ans, ont)])
    # the median: working days by the program's calendar, one `calendar count` per answer
    rows = db.execute(f"SELECT substr(concluded,6,2), clock_start, concluded FROM application WHERE {ALIVE} "
                      "AND substr(concluded,1,4)=?", (str(year),)).fetchall()
    days = {}
    for m, start, end in rows:
        out = subprocess.run([GONGKAI, "calendar", "count", start, end], capture_output=True, text=True, check=True).stdout
        days.setdefault(m, []).append(int(re.search(r"\d+", out).group()))
    wantm = [float(statistics.median(days[m])) if m in days else None for m in months]
    got_med = [num(r[1]) for r in figs["st-median"]["rows"]]
    check(f"{year}: the median working days per month equals `calendar count`'s", got_med == wantm, f"{got_med} vs {wantm}")
    alld = [d for v in days.values() for d in v]
    kf = dict(re.findall(r"<dt>([^<]*)</dt><dd><span class=\"num\">([^<]*)</span>", html))
    wmed = statistics.median(alld) if alld else None
    check(f"{year}: key figures equal SQL (received, answered, median)",
          kf.get("收到申请") == "%d" % sum(rec) and kf.get("办结") == "%d" % sum(ans)
          and (kf.get("答复用时中位数") == (("%d" % wmed) if wmed == int(wmed) else "%.1f" % wmed) if wmed is not None
               else kf.get("答复用时中位数") == "—"), f"{kf} {sum(rec)} {sum(ans)} {wmed}")
    # outcomes and cases: the report of that year as the API computes it
    _, _, rj = get(f"/api/v1/reports/{year}", TOKEN)
    r = json.loads(rj)
    check(f"{year}: outcomes equal the report's table 三", col(figs["st-outcomes"], 0) == outcome_groups(table3_total(r)),
          f"{col(figs['st-outcomes'], 0)} vs {outcome_groups(table3_total(r))}")
    rl = r["review_litigation"]
    wantc = [[rl[g][c] for g in ("review", "litigation_direct", "litigation_after_review")]
             for c in ("upheld", "corrected", "other", "pending")]
    gotc = [col(figs["st-cases"], c) for c in range(4)]
    check(f"{year}: review and litigation results equal the report's table 四", gotc == wantc, f"{gotc} vs {wantc}")
    # table 四 by plain SQL: cases filed in the year, by kind, with the result if closed by its end
    sqlc = dict(((k, res), c) for k, res, c in db.execute(
        "SELECT kind, CASE WHEN closed IS NOT NULL AND closed <= ? THEN result ELSE 'pending' END, count(*) "
        "FROM review_case WHERE agency_id = (SELECT id FROM agency ORDER BY id LIMIT 1) AND substr(filed,1,4)=? "
        "GROUP BY 1, 2", (f"{year}-12-31", str(year))).fetchall())
    wsql = [[float(sqlc.get((k, res), 0)) for k in ("review", "litigation_direct", "litigation_after_review")]
            for res in ("upheld", "corrected", "other", "pending")]
    check(f"{year}: review and litigation results equal SQL counts", gotc == wsql, f"{gotc} vs {wsql}")
    # the CSV
    st, hdr, cb = get(f"/stats.csv?year={year}")
    text = cb.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    check(f"{year}: the CSV is text/csv with its header", st == 200 and hdr["Content-Type"].startswith("text/csv")
          and rows[0] == ["项目", "类别", "数值"], rows[:1])
    by = {(a, b): c for a, b, c in rows[1:]}
    mlabels = [f"{m}月" for m in range(1, 13)]
    check(f"{year}: the CSV gives the page's numbers",
          [float(by[("收到申请", m)]) for m in mlabels] == rec and [float(by[("办结", m)]) for m in mlabels] == ans
          and [float(by[("按期答复", m)]) for m in mlabels] == ont
          and [float(by[("办理结果", o)]) if by[("办理结果", o)] else None for o in
               ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")] == col(figs["st-outcomes"], 0),
          text[:600])
    # no personal data: no applicant's name, phone or address on the page or in the CSV
    leaks = []
    for (no,) in db.execute(f"SELECT app_no FROM application WHERE {ALIVE} AND substr(received,1,4)=? LIMIT 5", (str(year),)):
        a = json.loads(subprocess.run([GONGKAI, "--db", DB, "apply", "show", no, "--json"], capture_output=True,
                                      text=True, check=True).stdout)
        for k in ("name", "phone", "address", "id_number", "email"):
            v = a.get(k) or ""
            if len(v) >= 2 and (v in html or v in text):
                leaks.append((no, k))
    check(f"{year}: no applicant's name, phone, ID, e-mail or address on the page or in the CSV", not leaks, leaks)

st = None
try:
    get("/stats?year=1999")
except urllib.error.HTTPError as e:
    st = e.code
check("a year out of range is refused with 400", st == 400, st)
sys.exit(1 if failed else 0)
