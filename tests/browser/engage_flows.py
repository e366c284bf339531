#!/usr/bin/env python3
"""Browser tests of 互动交流 at a phone's and a laptop's width, printed as TAP.

usage: engage_flows.py BASE_URL SCREENS_DIR

A person leaves a message through the form and follows it by code and phone,
reads the answered messages and a draft open for comment, and comments on it.
At 390 px nothing scrolls sideways. Screenshots go to SCREENS_DIR as
engage-PAGE-WIDTH.png. The server and its records are set up by
tests/e2e/http_browser_engage.sh.
"""
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

BASE, SCREENS = sys.argv[1].rstrip("/"), sys.argv[2]
NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth + 1"


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def shot(b, name, width):
    b.screenshot(os.path.join(SCREENS, f"engage-{name}-{width}.png"))


def message_and_follow(b, width):
    b.goto(BASE + "/messages/new")
    expect("我要留言" in b.text("main h1"), "the form's heading")
    expect(b.eval(NO_SIDEWAYS), f"{width}px: the form does not scroll sideways")
    shot(b, "form", width)
    b.select("#f-kind", "consult")
    b.type("#f-subject", "临时救助怎么申请")
    b.type("#f-body", "家中突发变故，请问临时救助需要哪些材料？")
    b.type("#f-name", "孙小红")
    b.type("#f-phone", "13566667777")
    b.click("form.stack button[type=submit]")
    expect("留言已提交" in b.text("main h1"), f"the receipt, not: {b.text('main')[:200]}")
    code = b.text(".receipt .code").strip()
    expect(len(code) == 14, f"a follow-up code: {code!r}")
    expect("孙小红" not in b.text("main") and "13566667777" not in b.text("main"), "no personal data on the receipt")
    shot(b, "receipt", width)
    b.goto(BASE + "/messages/track")
    b.type("#f-code", code)
    b.type("#f-phone", "13566667777")
    b.click("form.stack button[type=submit]")
    expect("待分办" in b.text(".status-big"), "the follow-up shows the state")
    shot(b, "track", width)


def lists(b, width):
    b.goto(BASE + "/messages")
    expect("低保" in b.text("main"), "the answered message is listed")
    expect("13812340000" not in b.text("body") and "周大伟" not in b.text("body"), "the asker is not named")
    expect("周*伟" in b.text("main"), "the asker's name is masked")
    expect(b.eval(NO_SIDEWAYS), f"{width}px: the list does not scroll sideways")
    shot(b, "messages", width)
    b.goto(BASE + "/consultations")
    expect("意见征集" in b.text("main h1"), "the consultations' heading")
    expect(b.eval(NO_SIDEWAYS), f"{width}px: the consultations do not scroll sideways")
    shot(b, "consultations", width)
    b.goto(BASE + "/consultations/1")
    expect("提出意见" in b.text("main"), "an open consultation has the comment form")
    expect("建议分档提高" in b.text("main"), "a shown comment is public")
    expect("吴评论" not in b.text("body"), "its author is not")
    shot(b, "consultation", width)
    b.type("#f-body", "建议同时公布测算依据。")
    b.click("form.stack button[type=submit]")
    expect("经审核后公开" in b.text("main"), "a comment is received for moderation")
    b.goto(BASE + "/suggestions")
    expect(b.eval(NO_SIDEWAYS), f"{width}px: the suggestions do not scroll sideways")
    shot(b, "suggestions", width)


def main():
    os.makedirs(SCREENS, exist_ok=True)
    n = failed = 0
    for width, height in ((390, 844), (1366, 900)):
        with Browser(width=width, height=height) as b:
            for fn in (message_and_follow, lists):
                n += 1
                what = f"browser {width}px: {fn.__name__.replace('_', ' ')}"
                try:
                    fn(b, width)
                    print(f"ok {n} - {what}")
                except Exception as e:
                    failed += 1
                    print(f"not ok {n} - {what}: {e}")
                    for line in traceback.format_exc().splitlines()[-4:]:
                        print(f"# {line}")
                sys.stdout.flush()
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
