#!/usr/bin/env python3
"""Browser tests of the layout and accessibility at a phone's and a laptop's
width, printed as TAP.

usage: screens.py BASE_URL SCREENS_DIR DEMO_PASSWORD AXE_JS DOC_ID YEAR TRACK_CODE TRACK_PHONE APP_NO

At 390 px and 1366 px: screenshots of home, catalogue, document, report,
form and follow-up (SCREENS_DIR/w390-*.png, w1366-*.png); on the phone no
page scrolls sideways and the content starts on the first screen; 大字版
makes the body text larger; axe-core (AXE_JS, installed by scripts/axe.sh)
runs on every public and console page at both widths and must find no
violation of WCAG 2.1 A/AA.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, tap_check  # noqa: E402

(BASE, SCREENS, PW, AXE, DOC, YEAR, TRACK, PHONE, APPNO) = sys.argv[1:10]
BASE = BASE.rstrip("/")
WIDTHS = (390, 1366)
HEIGHTS = {390: 844, 1366: 900}
AXE_SRC = open(AXE, encoding="utf-8").read()
AXE_RUN = ("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
           ".then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + "
           "v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))")

PUBLIC = ["/", "/guide", "/rules", "/catalogue", "/catalogue?item=1", f"/doc/{DOC}", "/search?q=%E4%BD%8E%E4%BF%9D",
          "/search?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E7%AB%A0", "/reports", f"/reports/{YEAR}",
          "/stats", f"/stats?year={YEAR}", "/apply", "/apply/track", "/login"]
CONSOLE = [("gongkaiban", p) for p in ("/console", "/console/docs", f"/console/docs/{DOC}", "/console/docs/new",
                                       "/console/applications", f"/console/applications/{APPNO}",
                                       "/console/applications/new", "/console/cases", "/console/report",
                                       "/console/intake", "/console/account", "/console/tokens",
                                       "/console/repeats", "/console/docs?all=1&q=%E4%BD%8E%E4%BF%9D",
                                       "/console/docs?drafter=xinxiyuan",
                                       # the office's own work (issue 18): register, channels, sends
                                       "/console/register", "/console/register/1", "/console/channels",
                                       "/console/channels/sends")] + \
          [("admin", p) for p in ("/console/users", "/console/users/new", "/console/audit", "/console/logins")] + \
          [("anquan", "/console/security"), ("shenji", "/console"), ("shenji", "/console/audit?kind=security")]
SHOTS = [("home", "/"), ("catalogue", "/catalogue"), ("document", f"/doc/{DOC}"), ("report", f"/reports/{YEAR}"),
         ("statistics", f"/stats?year={YEAR}"), ("form", "/apply")]

results = []


def check(name):
    def wrap(fn):
        results.append((name, fn))
        return fn
    return wrap


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def goto(b, path):
    b.goto(BASE + path)


def axe(b):
    if not b.eval("typeof axe !== 'undefined'"):
        b.eval(AXE_SRC + "\n;true")
    return b.eval(AXE_RUN)


def sideways(b):
    return b.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def login(b, user):
    b.clear_cookies()
    goto(b, "/login")
    b.type("#login", user)
    b.type("#password", PW)
    b.click("form.stack button[type=submit]")
    expect("/console" in b.url(), f"{user}: login ends on the console, not {b.url()}")


def follow_up(b):
    goto(b, "/apply/track")
    b.type("#f-code", TRACK)
    b.type("#f-phone", PHONE)
    b.click("form.stack button[type=submit]")
    expect(b.exists(".status-big"), f"the follow-up shows the state: {b.text('main')[:200]}")


# One Chromium for every check (starting one costs more CPU than most pages):
# each check starts with the viewport it needs and no cookies, as a fresh
# browser of that size would.
BROWSER = None


def browser(width, height):
    BROWSER.resize(width, height)
    BROWSER.clear_cookies()
    return BROWSER


def each_width(fn):
    """Runs fn(b, width) at each width; the failures of all, joined."""
    problems = []
    for w in WIDTHS:
        b = browser(w, HEIGHTS[w])
        problems += [f"{w} px: {p}" for p in fn(b, w)]
    expect(not problems, "; ".join(problems[:12]) + (f" (and {len(problems) - 12} more)" if len(problems) > 12 else ""))


@check("screenshots of home, catalogue, document, report, statistics, form and follow-up at 390 and 1366 px")
def screenshots(_):
    def run(b, w):
        for name, path in SHOTS:
            goto(b, path)
            b.screenshot(os.path.join(SCREENS, f"w{w}-{name}.png"))
        follow_up(b)
        b.screenshot(os.path.join(SCREENS, f"w{w}-follow-up.png"))
        missing = [f"w{w}-{n}.png" for n, _ in SHOTS + [("follow-up", "")]
                   if os.path.getsize(os.path.join(SCREENS, f"w{w}-{n}.png")) < 5000]
        return [f"empty screenshot {m}" for m in missing]
    each_width(run)


@check("on a 390 px phone no page scrolls sideways and the content starts on the first screen")
def phone_layout(_):
    bad = []
    b = browser(390, 844)
    for path in PUBLIC:
        goto(b, path)
        over = sideways(b)
        if over > 0:
            wide = b.eval("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
                          "document.documentElement.clientWidth + 1 && !e.closest('table, .table-wrap'))"
                          ".slice(0, 3).map(e => e.tagName + '.' + e.className)")
            bad.append(f"{path} scrolls {over} px sideways ({wide})")
        top = b.eval("document.querySelector('main').getBoundingClientRect().top")
        if top > 844 / 2:
            bad.append(f"{path}: the content starts {top:.0f} px down")
    goto(b, f"/reports/{YEAR}")
    boxed = b.eval("[...document.querySelectorAll('main table')].every(t => getComputedStyle(t).overflowX === 'auto')")
    if not boxed:
        bad.append("the report's tables do not scroll in their own box")
    goto(b, "/")
    if b.eval("getComputedStyle(document.querySelector('.nav-narrow')).display") == "none":
        bad.append("the menu is not a list on the phone")
    login(b, "gongkaiban")
    for _, path in CONSOLE[:9]:
        goto(b, path)
        over = sideways(b)
        if over > 0:
            bad.append(f"{path} scrolls {over} px sideways")
    expect(not bad, "; ".join(bad))


@check("each chart has its table and text alternative, fits the phone and reads at 13 px or more")
def charts(_):
    def run(b, w):
        out = []
        for path in (f"/reports/{YEAR}", f"/stats?year={YEAR}"):
            goto(b, path)
            figs = b.eval("[...document.querySelectorAll('figure.chart')].map(f => { const s = f.querySelector('svg'); "
                          "const r = s.getBoundingClientRect(); return {id: f.id, img: s.getAttribute('role'), "
                          "title: !!s.querySelector('title'), desc: !!s.querySelector('desc'), "
                          "rows: f.querySelectorAll('table tbody tr').length, marks: s.querySelectorAll('[data-value]').length, "
                          "right: r.right, width: r.width, vb: s.viewBox.baseVal.width}; })")
            if len(figs) < 4:
                out.append(f"{path}: {len(figs)} charts")
            for f in figs:
                if f["img"] != "img" or not f["title"] or not f["desc"] or not f["rows"]:
                    out.append(f"{path} {f['id']}: role, title, desc or table missing ({f})")
                if f["right"] > w + 1:
                    out.append(f"{path} {f['id']}: runs {f['right'] - w:.0f} px past the screen")
                if f["width"] / f["vb"] * 13 < 12.5:
                    out.append(f"{path} {f['id']}: its text shows at {f['width'] / f['vb'] * 13:.1f} px")
        return out
    each_width(run)


@check("大字版 and 【字体：大】 enlarge the body text and the document's text")
def large_text(_):
    b = browser(1366, 900)
    sizes = {}
    for mode in ("", "?size=large", "?size=small"):
        goto(b, f"/doc/{DOC}{mode}")
        sizes[mode] = b.eval("[...['.doc-body p', 'main .meta-table td', 'main h1', 'footer p']]"
                             ".map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))")
    for i, what in enumerate(("the document's text", "the metadata", "the title", "the footer")):
        expect(sizes["?size=large"][i] >= 1.25 * sizes[""][i],
               f"大字版: {what} {sizes['?size=large'][i]} px, not larger than {sizes[''][i]} px")
        expect(sizes["?size=small"][i] < sizes[""][i], f"小: {what} is not smaller")
    goto(b, f"/doc/{DOC}")
    expect("【字体：" in b.text(".text-tools") and "打印" in b.text(".text-tools"), "【字体：大 中 小】【打印】")
    b.click(".text-tools a[href*='size=large']")
    expect("size=large" in b.url(), "大 leads to the large text")


@check("axe-core finds no WCAG 2.1 A/AA violation on the public pages at 390 and 1366 px")
def axe_public(_):
    def run(b, w):
        out = []
        for path in PUBLIC + [p + ("&" if "?" in p else "?") + "size=large" for p in ("/", f"/doc/{DOC}")]:
            goto(b, path)
            out += [f"{path}: {v}" for v in axe(b)]
        follow_up(b)
        out += [f"follow-up: {v}" for v in axe(b)]
        return out
    each_width(run)


@check("axe-core finds no WCAG 2.1 A/AA violation on the console pages at 390 and 1366 px")
def axe_console(_):
    def run(b, w):
        out = []
        user = None
        for u, path in CONSOLE:
            if u != user:
                login(b, u)
                user = u
            goto(b, path)
            out += [f"{path}: {v}" for v in axe(b)]
        return out
    each_width(run)


def main():
    global BROWSER
    os.makedirs(SCREENS, exist_ok=True)
    failed = 0
    n = 0
    while n < len(results):
        try:
            with Browser(width=WIDTHS[0], height=HEIGHTS[WIDTHS[0]]) as BROWSER:
                while n < len(results):
                    name, fn = results[n]
                    n += 1
                    if not tap_check(n, f"screens: {name}", fn, None):
                        failed += 1
                        if BROWSER.proc.poll() is not None:
                            break   # Chromium died: the next check gets a new one
        except Exception as e:  # Chromium did not start: the check it was for fails
            failed += 1
            n += 1
            print(f"not ok {n} - screens: {results[n - 1][0]}: Chromium: {e}")
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
