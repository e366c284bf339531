#!/usr/bin/env python3
"""Walks over the route table (src/web/routes.c, read from the source, so that
a new route is walked without editing this file) against a running server on
the demo database. Prints one line per check, "ok NAME" or "not ok NAME" with
"# " lines of detail; tests/e2e/http_walk.sh turns them into TAP.

  csrf     every state-changing route (POST, PUT) is refused, for every demo
           account and for an anonymous visitor, without its CSRF token, with
           a wrong one, with a prefix of the right one, with an empty JSON
           body, and with the right one from another site (Sec-Fetch-Site:
           cross-site, a browser's word for a forged form) (the routes that take JSON without a token take no cookie); the
           refusal is the CSRF one for at least one account (not only the
           permission check), and the database is the same after the walk
           (the audit trail aside from the denied-access rows it must keep)
  escape   records are stored with a marker payload in every text field the
           console takes (an application, a document taken to publication, a
           review case, an account, a token); every HTML page of every GET
           route, for every account and anonymous, never holds the marker
           raw, and each page that shows one of these records holds it escaped
  mask     every HTML list of applications shows the applicant's name masked
           (an officer's list, the dashboard, the intake list)
Environment: B (base URL), DB (the SQLite file), GONGKAI_SRC.
"""
import http.client
import json
import os
import re
import sqlite3
import sys
import urllib.parse

B = os.environ["B"]
DB = os.environ["DB"]
SRC = os.environ.get("GONGKAI_SRC", ".")
HOST = urllib.parse.urlparse(B)
USERS = ["xinxiyuan", "shenhe", "fushen", "lingdao", "gongkaiban", "admin"]
PW = "gongkai2026"
MARK = '<script>gk("x")</script>\'&'
RAW = ['<script>gk(', 'gk("x")']
ESC = "&lt;script&gt;gk("
NAME = "欧阳娜娜"       # a natural person's name with a compound surname
NAME_MASKED = "欧*娜"  # app_mask_name: first character, *, last character
CSRF_PAGE = "表单已过期或来源无效"
PERM_PAGE = "您的角色无权进行此项操作"
results = []


def check(name, cond, detail=""):
    results.append(name)
    print(("ok " if cond else "not ok ") + name)
    if not cond and detail:
        for line in str(detail).splitlines()[:12]:
            print("# " + line)
    return cond


class Client:
    def __init__(self, user=None):
        self.user, self.cookies, self.csrf = user, {}, ""

    def req(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=60)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, dict):
            body = urllib.parse.urlencode(body, doseq=True)
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read().decode("utf-8", "replace")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                val = rest.split(";")[0]
                if val:
                    self.cookies[name] = val
                else:
                    self.cookies.pop(name, None)
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def login(self):
        st, _, page = self.req("GET", "/login")
        tok = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
        st, _, _ = self.req("POST", "/login", {"csrf": tok, "login": self.user, "password": PW})
        st, _, me = self.req("GET", "/api/v1/me")
        self.csrf = json.loads(me).get("csrf", "")
        return st == 200 and self.csrf

    def post(self, path, fields):
        f = dict(fields)
        f["csrf"] = self.csrf
        return self.req("POST", path, f)

    def form_token(self, path):
        st, _, page = self.req("GET", path)
        m = re.search(r'name="form_token" value="([^"]+)"', page)
        return m.group(1) if m else ""


def routes():
    text = open(os.path.join(SRC, "src/web/routes.c"), encoding="utf-8").read()
    out = []
    for m in re.finditer(r'\{(M_[A-Z_ |]+),\s*"([^"]+)",\s*(\w+),\s*([^,]+),\s*([^,]+),', text):
        out.append({"methods": [x.strip() for x in m.group(1).split("|")], "path": m.group(2), "handler": m.group(3),
                    "flags": m.group(4), "perm": m.group(5).strip()})
    return out


def snapshot():
    """Every table but the bookkeeping a request may touch (sessions, rate
    events, the search index's shadow tables, idempotency keys) and the
    audit trail's denied-access rows and the head of its hash chain (a
    refused visit to personal data and every refused permission are recorded
    as security events, §17)."""
    con = sqlite3.connect(DB)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    skip = re.compile(r"^(web_session|rate_event|idem_key|audit_head|doc_fts.*|doc_gram.*|sqlite_.*)$")
    snap = {}
    for t in tables:
        if skip.match(t):
            continue
        q = f"SELECT * FROM {t}"
        if t == "audit":
            q += " WHERE action NOT IN ('denied', 'permission_denied')"
        snap[t] = sorted(repr(r) for r in con.execute(q))
    con.close()
    return snap


def diff(a, b):
    out = []
    for t in sorted(set(a) | set(b)):
        if a.get(t) != b.get(t):
            added = set(b.get(t, [])) - set(a.get(t, []))
            gone = set(a.get(t, [])) - set(b.get(t, []))
            out.append(f"{t}: +{len(added)} -{len(gone)} {sorted(added)[:2]}")
    return "\n".join(out)


def fill(path, ids):
    def sub(m):
        name = m.group(1)
        return ids.get((path, name), ids.get(name, "1"))
    p = re.sub(r":(\w+)", sub, path)
    return p.replace("*", "gongkai.css")


# ---- the records with the marker ------------------------------------------

def make_records(cl):
    ids = {}
    con = sqlite3.connect(DB)
    today = con.execute("SELECT date('now')").fetchone()[0]
    answered = con.execute("SELECT app_no FROM application WHERE state='answered' ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    officer, office, admin = cl["xinxiyuan"], cl["gongkaiban"], cl["admin"]
    # an application (the officer registers it) with the marker in its texts
    tok = officer.form_token("/console/applications/new")
    st, h, body = officer.post("/console/applications", {
        "form_token": tok, "channel": "in_person", "received": today, "kind": "natural_person", "name": NAME,
        "phone": "13800001111", "address": "青川市" + MARK, "request": "请公开" + MARK, "delivery": "paper_pickup"})
    m = re.search(r"/console/applications/([0-9-]+)", h.get("location", ""))
    check("walk setup: an application with the marker is registered", st == 303 and m, f"{st} {body[:400]}")
    ids["no"] = m.group(1) if m else "2026-99999"
    # a document with the marker, taken through review to publication
    st, h, body = officer.post("/console/docs", {
        "title": "关于" + MARK + "的通知", "docno": "", "issuer": "青川市民政局" + MARK, "written": today,
        "category": "养老服务", "genre": "通知", "item": "11", "body": "正文" + MARK})
    m = re.search(r"/console/docs/(\d+)", h.get("location", ""))
    check("walk setup: a draft with the marker is saved", st == 303 and m, f"{st} {body[:400]}")
    doc = m.group(1) if m else "999999"
    steps = [("xinxiyuan", {"action": "submit"}), ("shenhe", {"action": "approve", "comment": "同意" + MARK}),
             ("fushen", {"action": "approve", "comment": "同意"}), ("lingdao", {"action": "approve", "comment": "同意"}),
             ("gongkaiban", {"action": "publish", "date": today, "channel": "website"})]
    ok = True
    for u, f in steps:
        st, _, body = cl[u].post(f"/console/docs/{doc}/step", f)
        ok = ok and st == 303
        if st != 303:
            print(f"# {u} {f['action']}: {st} {body[:300]}")
            break
    check("walk setup: the marked document is published", ok)
    ids["id"] = doc
    # a review case with the marker in its body and number
    tok = office.form_token("/console/cases")
    st, _, body = office.post("/console/cases", {"form_token": tok, "kind": "review", "filed": today, "app": answered,
                                                 "body": "青川市人民政府" + MARK, "case_no": "青府复" + MARK})
    check("walk setup: a review case with the marker is filed", st in (200, 303), f"{st} {body[:300]}")
    con = sqlite3.connect(DB)
    ids[("/console/cases/:id/close", "id")] = str(con.execute("SELECT max(id) FROM review_case").fetchone()[0])
    ids[("/api/v1/cases/:id/close", "id")] = ids[("/console/cases/:id/close", "id")]
    con.close()
    # an account and a token named with the marker
    tok = admin.form_token("/console/users/new")
    st, _, body = admin.post("/console/users", {"form_token": tok, "login": "walker", "name": "巡检" + MARK,
                                                "role": "officer", "password": "Walk2026walk"})
    check("walk setup: an account named with the marker", st in (200, 303), f"{st} {body[:300]}")
    st, _, body = office.post("/console/tokens", {"name": "巡检" + MARK})
    check("walk setup: a token named with the marker", st == 200, f"{st} {body[:300]}")
    con = sqlite3.connect(DB)
    ids[("/console/users/:id", "id")] = str(con.execute("SELECT id FROM app_user WHERE login='walker'").fetchone()[0])
    ids[("/api/v1/users/:id", "id")] = ids[("/console/users/:id", "id")]
    ids["year"] = "2025"
    ids["n"] = "1"
    row = con.execute("SELECT tracking FROM application WHERE app_no=?", (ids["no"],)).fetchone()
    ids["token"] = row[0] if row else "x"
    con.close()
    return ids


# ---- the walks ---------------------------------------------------------------

def walk_csrf(rts, cl, anon, ids):
    before = snapshot()
    for rt in rts:
        if not any(m in ("M_POST", "M_PUT") for m in rt["methods"]):
            continue
        path = fill(rt["path"], {})
        if "R_JSON_NO_CSRF" in rt["flags"]:
            # takes JSON without a token: it must then take no cookie either
            st, _, body = cl["gongkaiban"].req("POST", path, "{}", {"Content-Type": "application/json"})
            check(f"csrf: {path} (JSON without a token) answers the same with and without a session",
                  st == anon.req("POST", path, "{}", {"Content-Type": "application/json"})[0], f"{st} {body[:200]}")
            continue
        clients = [anon] if "PUB" in rt["flags"] else [cl[u] for u in USERS]
        passed_gate, bad = [], []
        for c in clients:
            who = c.user or "anonymous"
            st, _, body = c.req("POST", path, {"x": "1"})
            is_csrf = st == 403 and (CSRF_PAGE in body or '"csrf"' in body)
            is_perm = st == 403 and (PERM_PAGE in body or '"forbidden"' in body)
            if not (is_csrf or is_perm):
                bad.append(f"{who}: no token: HTTP {st} {body[:150]!r}")
                continue
            if not is_csrf:
                continue
            passed_gate.append(who)
            tok = c.csrf or "0" * 32
            wrong = tok[:-1] + ("0" if tok[-1] != "0" else "1")
            variants = [("a wrong token", {"x": "1", "csrf": wrong}, None),
                        ("a prefix of the token", {"x": "1", "csrf": tok[:8]}, None),
                        ("an empty JSON body", "", {"Content-Type": "application/json"}),
                        ("a wrong X-CSRF-Token", "", {"Content-Type": "application/json", "X-CSRF-Token": wrong}),
                        ("the right token from another site", {"x": "1", "csrf": tok},
                         {"Sec-Fetch-Site": "cross-site", "X-CSRF-Token": tok})]
            for what, body_, hdr in variants:
                st, _, body = c.req("POST", path, body_, hdr)
                if st != 403:
                    bad.append(f"{who}: {what}: HTTP {st} {body[:150]!r}")
        check(f"csrf: POST {rt['path']} refused without its token ({', '.join(passed_gate) or 'nobody past the gate'})",
              not bad and passed_gate, "\n".join(bad))
    after = snapshot()
    check("csrf: the refused requests changed nothing in the database", before == after, diff(before, after))


def pages_to_walk(rts):
    for rt in rts:
        if "M_GET" in rt["methods"]:
            yield rt


def walk_escape(rts, cl, anon, ids):
    shown = {}   # page -> whether the escaped marker was seen
    bad = []
    for rt in pages_to_walk(rts):
        path = fill(rt["path"], ids)
        if rt["path"].startswith("/static") or rt["path"] in ("/favicon.ico", "/robots.txt"):
            continue
        clients = [anon] + [cl[u] for u in USERS]
        for c in clients:
            st, h, body = c.req("GET", path)
            ctype = h.get("content-type", "")
            if "text/html" not in ctype:
                continue
            for raw in RAW:
                if raw in body:
                    i = body.index(raw)
                    bad.append(f"{path} as {c.user or 'anonymous'}: raw {raw!r}: ...{body[max(0, i - 80):i + 40]!r}")
            if ESC in body:
                shown[rt["path"]] = True
    check("escape: no HTML page of any GET route holds the marker raw", not bad, "\n".join(bad[:10]))
    must = ["/console/applications/:no", "/console/docs/:id", "/doc/:id", "/console/cases", "/console/users",
            "/console/users/:id", "/console/tokens", "/console/docs", "/catalogue", "/console/audit"]
    for p in must:
        check(f"escape: {p} shows the stored marker escaped", shown.get(p, False))
    # the search page shows the found title escaped
    st, _, body = anon.req("GET", "/search?q=" + urllib.parse.quote("通知"))
    check("escape: /search shows a found title escaped, never raw",
          not any(r in body for r in RAW), body[:200])


def walk_mask(cl, ids):
    lists = [("gongkaiban", "/console/applications"), ("gongkaiban", "/console/applications?state=processing"),
             ("gongkaiban", "/console"), ("gongkaiban", "/console/intake"), ("xinxiyuan", "/console/applications")]
    for u, p in lists:
        st, _, body = cl[u].req("GET", p)
        check(f"mask: {p} (as {u}) names the applicant only masked",
              st == 200 and NAME not in body and (NAME_MASKED in body or p.startswith("/console/intake")),
              f"HTTP {st}; full name shown: {NAME in body}; masked shown: {NAME_MASKED in body}")
    st, _, body = cl["gongkaiban"].req("GET", f"/console/applications/{ids['no']}")
    check("mask: the application's own page, for staff who handle it, has the full name", st == 200 and NAME in body)


def main():
    rts = routes()
    check(f"the route table is read ({len(rts)} routes)", len(rts) > 50)
    anon = Client()
    cl = {u: Client(u) for u in USERS}
    for u in USERS:
        check(f"{u} signs in", bool(cl[u].login()))
    anon.req("GET", "/apply")   # an anonymous visitor with its CSRF cookie
    anon.csrf = anon.cookies.get("gk_csrf", "")
    walk_csrf(rts, cl, anon, {})
    ids = make_records(cl)
    walk_escape(rts, cl, anon, ids)
    walk_mask(cl, ids)
    return 0


if __name__ == "__main__":
    sys.exit(main())
