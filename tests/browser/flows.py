#!/usr/bin/env python3
"""Browser tests: what a person does in headless Chromium, printed as TAP.

usage: flows.py BASE_URL SCREENS_DIR DEMO_PASSWORD

The server (a demo database) is started by tests/e2e/http_browser.sh. Each
flow is a function; a failing step fails its flow with the reason, and the
others still run. Screenshots of the main pages go to SCREENS_DIR.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser, tap_check  # noqa: E402

BASE, SCREENS, PW = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
results = []


def flow(fn):
    results.append(fn)
    return fn


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def login(b, user, password=None):
    b.clear_cookies()          # a flow that failed half-way leaves no session behind
    b.goto(BASE + "/login")
    b.type("#login", user)
    b.type("#password", password or PW)
    b.click("form.stack button[type=submit]")
    expect("/console" in b.url(), f"{user}: login ends on the console, not {b.url()}")


def logout(b):
    b.click("form[action='/logout'] button")
    expect("/login" in b.url(), "logout ends on the login page")


@flow
def portal_home(b):
    """the portal home renders, names the agency, and is screenshotted"""
    b.goto(BASE + "/")
    expect("青川市民政局" in b.text("header"), "the header names the agency")
    nav = b.text("nav")
    for s in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"):
        expect(s in nav, f"navigation lists {s}")
    b.screenshot(os.path.join(SCREENS, "portal-home.png"))


@flow
def keyboard_navigation(b):
    """the keyboard reaches the skip link first, and it leads to the main content"""
    b.goto(BASE + "/guide")
    b.key("Tab")
    expect(b.eval("document.activeElement.className") == "skip", "first Tab focuses the skip link")
    expect(b.eval("getComputedStyle(document.activeElement).left") == "0px", "the focused skip link is visible")
    b.key("Enter")
    expect(b.eval("location.hash") == "#main", "Enter on the skip link goes to #main")
    # every form field has a label, on the public forms
    for page in ("/login", "/apply", "/apply/track", "/search?q=x"):
        b.goto(BASE + page)
        unlabelled = b.eval("[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                            ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")
        expect(unlabelled == [], f"{page}: fields without a label: {unlabelled}")
        lang = b.eval("document.documentElement.lang")
        expect(lang == "zh-CN", f"{page}: lang is {lang}")
        expect(b.eval("document.querySelectorAll('script').length") == 0, f"{page}: no script")


@flow
def large_text_mode(b):
    """the large-text link works without JavaScript and makes the text larger"""
    b.goto(BASE + "/guide")
    normal = float(b.eval("parseFloat(getComputedStyle(document.body).fontSize)"))
    b.click("a[href*='size=large']")
    large = float(b.eval("parseFloat(getComputedStyle(document.body).fontSize)"))
    expect(large >= normal * 1.25, f"large text {large}px vs {normal}px")
    b.click("nav a[href^='/rules']")
    expect("size=large" in b.url(), "large-text mode follows the navigation")


@flow
def login_every_role(b):
    """each role logs in through the form and sees its console"""
    for user, role in (("xinxiyuan", "信息员"), ("shenhe", "审核人"), ("lingdao", "分管领导"),
                       ("gongkaiban", "政务公开办"), ("admin", "系统管理员")):
        login(b, user)
        expect(role in b.text("header"), f"{user}: the header shows the role {role}")
        expect("工作台" in b.text("main h1"), f"{user}: the dashboard is shown")
        if user == "gongkaiban":
            b.screenshot(os.path.join(SCREENS, "console-dashboard.png"))
        logout(b)


@flow
def admin_creates_account(b):
    """the administrator creates an account with the form (one workflow step)"""
    login(b, "admin")
    b.goto(BASE + "/console/users/new")
    b.type("#login", "browseruser")
    b.type("#name", "浏览器用户")
    b.select("#role", "reviewer")
    b.type("#password", "browser2026")
    b.click("form.stack button[type=submit]")
    expect("/console/users" in b.url(), "after saving, the list is shown")
    expect("browseruser" in b.text("main"), "the new account is listed")
    expect("已创建" in b.text("main"), "a confirmation is shown")
    logout(b)


@flow
def document_and_search(b):
    """a person finds a document by search and reads it (screenshots of both)"""
    b.goto(BASE + "/")
    b.type("#q", "低保标准")
    b.click("form[role=search] button[type=submit]")
    expect("/search" in b.url(), "the search box leads to the results")
    expect(b.exists("mark"), "matched terms are highlighted")
    b.screenshot(os.path.join(SCREENS, "portal-search.png"))
    b.click("ul.results li h3 a")
    expect("/doc/" in b.url(), "a result opens its document")
    meta = b.text("table.meta-table")
    for k in ("标题", "索引号", "主题分类", "发文机关", "成文日期", "发文字号", "发布日期", "有效性"):
        expect(k in meta, f"the gov.cn metadata table shows {k}")
    b.screenshot(os.path.join(SCREENS, "portal-document.png"))


@flow
def apply_and_follow(b):
    """a person applies online, gets a tracking code, and follows the application"""
    b.goto(BASE + "/apply")
    b.screenshot(os.path.join(SCREENS, "portal-apply-form.png"))
    b.select("#f-kind", "natural_person")
    b.type("#f-name", "周小梅")
    b.type("#f-phone", "13511112222")
    b.type("#f-request", "2025年本市城乡低保资金发放总额和人数")
    b.select("#f-delivery", "online")
    b.click("#f-agree", navigates=False)
    b.click("form.stack button[type=submit]")
    expect("申请已提交" in b.text("main h1"), f"the receipt is shown, not: {b.text('main')[:200]}")
    code = b.text(".receipt .code").strip()
    expect(len(code) == 14, f"a tracking code is given: {code!r}")
    expect("周小梅" not in b.text("main"), "the receipt does not echo the name")
    b.screenshot(os.path.join(SCREENS, "portal-apply-receipt.png"))
    b.goto(BASE + "/apply/track")
    b.type("#f-code", code)
    b.type("#f-phone", "13511112222")
    b.click("form.stack button[type=submit]")
    expect("办理中" in b.text(".status-big"), "the follow-up shows the state")
    expect("答复期限" in b.text("main"), "and the deadline")
    expect("周小梅" not in b.text("main") and "低保资金" not in b.text("main"), "never personal data or the request")


@flow
def officer_submits_draft(b):
    """the officer writes a draft and submits it for review"""
    login(b, "xinxiyuan")
    b.goto(BASE + "/console/docs/new")
    b.type("#f-title", "关于开展敬老月活动的通知")
    b.set_value("#f-written", "2026-01-10")
    unlabelled = b.eval("[...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]"
                        ".filter(e => !e.labels || e.labels.length === 0).map(e => e.name)")
    expect(unlabelled == [], f"console form fields without a label: {unlabelled}")
    b.select("#f-category", "养老服务")
    b.select("#f-genre", "通知")
    b.type("#f-body", "各乡镇人民政府、街道办事处：\n今年敬老月期间，请组织开展走访慰问高龄老人活动。")
    b.click("form.stack button[type=submit]")
    expect("/console/docs/" in b.url(), "the draft's page is shown")
    b.click("form.step input[value=submit] ~ button")
    expect("待一审" in b.text("main"), "the draft waits for the first review")
    logout(b)


@flow
def reviewer_approves(b):
    """the reviewer approves a draft in first review"""
    login(b, "shenhe")
    b.goto(BASE + "/console/docs")
    b.click("#q1 tbody a")
    b.type("form.step textarea[name=comment]", "内容准确，同意。")
    b.click("form.step input[value=approve] ~ button")
    expect("待二审" in b.text("main"), "the document moves to the second review")
    logout(b)


@flow
def leader_signs(b):
    """the leader signs off a document"""
    login(b, "lingdao")
    b.goto(BASE + "/console/docs")
    b.click("#q3 tbody a")
    b.click("form.step input[value=approve] ~ button")
    expect("已签发" in b.text("main"), "the document is signed and waits for publication")
    logout(b)


@flow
def office_answers(b):
    """the disclosure office answers an application and prints the reply letter"""
    login(b, "gongkaiban")
    b.screenshot(os.path.join(SCREENS, "console-office-dashboard.png"))
    b.click("tr.soon td a")
    expect("/console/applications/" in b.url(), "the urgent application opens")
    app = b.url()
    # the handling chain (issue 18): the office assigns it to itself, drafts the
    # reply, the leader approves it, then the office answers with it
    b.eval("document.querySelectorAll('details').forEach(d => d.open = true)")
    b.type("#c-handler", "gongkaiban")
    b.click("form input[value=assign] ~ button")
    b.eval("document.querySelectorAll('details').forEach(d => d.open = true)")
    b.select("#c-outcome", "granted")
    b.type("#c-detail", "现将相关数据以电子文本形式提供给您。")
    b.click("form[action*=\"/draft\"] button[type=submit]")
    expect("待审批" in b.text("main"), "the draft awaits approval")
    logout(b)
    login(b, "lingdao")
    b.goto(app)
    b.eval("document.querySelectorAll('details').forEach(d => d.open = true)")
    b.click("form input[value=approve] ~ button")
    expect("已审批" in b.text("main"), "the leader approved the draft")
    logout(b)
    login(b, "gongkaiban")
    b.goto(app)
    b.eval("document.querySelectorAll('details').forEach(d => d.open = true)")
    b.click("form input[value=answer] ~ button")
    expect("已答复" in b.text("main"), "the application is answered")
    b.click("a[href$='/letter']")
    letter = b.text(".letter")
    expect("60日" in letter and "6个月" in letter, "the letter states the remedies")
    logout(b)


CONTRAST_JS = """
(() => {
  const rgb = s => s.match(/[0-9.]+/g).map(Number);
  const lum = c => { const a = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * a[0] + 0.7152 * a[1] + 0.0722 * a[2]; };
  const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
  const worst = [];
  for (const e of document.querySelectorAll('p, li, a, h1, h2, h3, th, td, label, button, dt, dd, span')) {
    if (!e.offsetParent || !e.textContent.trim()) continue;
    const f = rgb(getComputedStyle(e).color), b = bg(e);
    const [l1, l2] = [lum(f), lum(b)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    if (ratio < 4.5) worst.push(e.tagName + ' ' + e.textContent.trim().slice(0, 20) + ' ' + ratio.toFixed(2));
  }
  return worst.slice(0, 5);
})()
"""


@flow
def contrast(b):
    """text contrast is at least 4.5:1 (WCAG AA) on the portal's and the console's pages"""
    for page in ("/", "/guide", "/catalogue", "/search?q=%E4%BD%8E%E4%BF%9D", "/apply"):
        b.goto(BASE + page)
        low = b.eval(CONTRAST_JS)
        expect(low == [], f"{page}: low contrast: {low}")
    login(b, "gongkaiban")
    low = b.eval(CONTRAST_JS)
    expect(low == [], f"console: low contrast: {low}")
    logout(b)


def main():
    os.makedirs(SCREENS, exist_ok=True)
    n = failed = 0
    with Browser() as b:
        for fn in results:
            n += 1
            if not tap_check(n, f"browser: {fn.__doc__}", fn, b, tail=6):
                failed += 1
                try:
                    b.screenshot(os.path.join(SCREENS, f"failed-{fn.__name__}.png"), full_page=False)
                except Exception:
                    pass
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
