#!/usr/bin/env python3
"""Screenshots of the platform (issue 13) at a phone's and a desktop's width.

usage: platform.py BASE_URL SCREENS_DIR PASSWORD

The server serves the platform of tests/e2e/platform_setup.sh (started by
tests/e2e/http_platform_browser.sh). At 390 px and 1366 px: the platform home
(the tree, search with the agency filter) and the city office's oversight
console; each page must fit the width (tables scroll inside their own box),
and is screenshotted to SCREENS_DIR/platform-*-WIDTH.png. Prints TAP.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

BASE, SCREENS, PW = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
n = failed = 0


def check(cond, what):
    global n, failed
    n += 1
    if cond:
        print(f"ok {n} - browser: {what}")
    else:
        failed += 1
        print(f"not ok {n} - browser: {what}")
    sys.stdout.flush()


OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"

for width in (390, 1366):
    with Browser(width=width, height=900) as b:
        b.goto(BASE + "/")
        text = b.text("main")
        check("青川市人民政府" in text and "东城区人民政府" in text and "南河县人民政府" in text,
              f"{width}px: the platform home shows the tree")
        check(b.exists("select#agency"), f"{width}px: search has the agency filter")
        check(b.eval(OVERFLOW_JS) <= 0, f"{width}px: the platform home fits the width")
        b.screenshot(os.path.join(SCREENS, f"platform-home-{width}.png"))
        b.clear_cookies()
        b.goto(BASE + "/qcs/login")
        b.type("#login", "qcs-office")
        b.type("#password", PW)
        b.click("form.stack button[type=submit]")
        check("/console" in b.url(), f"{width}px: the city office signs in")
        b.goto(BASE + "/qcs/console/oversight?year=2025")
        text = b.text("main")
        check("政务公开监督" in text and "已逾期" in text and "逾期发布" in text,
              f"{width}px: the office console shows overdue work and late reports")
        check(b.eval(OVERFLOW_JS) <= 0, f"{width}px: the office console fits the width (tables scroll)")
        b.screenshot(os.path.join(SCREENS, f"platform-oversight-{width}.png"))

print(f"1..{n}")
sys.exit(1 if failed else 0)
