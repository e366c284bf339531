#!/usr/bin/env python3
"""Browser test: an application submitted once is filed once, whatever the
browser does next. Printed as TAP (no plan line: the caller adds its checks).

usage: resubmit.py BASE_URL MARK

Headless Chromium (tests/browser/cdp.py) fills the public form with a request
text starting with MARK and submits it; then reloads the receipt, goes back
and submits the restored form again, and sends the same form twice the way a
double click does. tests/e2e/http_resubmit.sh starts the server and then
counts the applications whose request starts with MARK in the database.
"""
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

BASE, MARK = sys.argv[1].rstrip("/"), sys.argv[2]
n = failed = 0


def check(cond, what):
    global n, failed
    n += 1
    if not cond:
        failed += 1
    print(f"{'ok' if cond else 'not ok'} {n} - browser: {what}")
    sys.stdout.flush()


def wait_load(b, action, event="Page.loadEventFired"):
    """Runs action (a CDP call or a script) and waits for the page it loads."""
    b.events.clear()
    action()
    b.wait_event(event)


def fill(b, request):
    b.select("#f-kind", "natural_person")
    b.type("#f-name", "赵六")
    b.type("#f-phone", "13600001111")
    b.type("#f-request", request)
    b.select("#f-delivery", "online")
    b.click("#f-agree", navigates=False)


def token(b):
    return b.eval("(document.querySelector('input[name=form_token]') || {}).value || ''")


def main():
    with Browser() as b:
        # 1. submit, reload the receipt, go back and submit the same form again
        b.goto(BASE + "/apply")
        fill(b, MARK + "：刷新与后退")
        t1 = token(b)
        check(len(t1) == 32, f"the form carries a one-time token ({t1!r})")
        b.click("form.stack button[type=submit]")
        url = b.url()
        check("/apply/receipt/" in url, f"submitting leads to the receipt page ({url})")
        code = b.text(".receipt .code").strip()
        check(len(code) == 14, f"the receipt gives a tracking code ({code!r})")
        wait_load(b, lambda: b.call("Page.reload"))
        check(b.url() == url and b.text(".receipt .code").strip() == code,
              "reloading the receipt shows the same application")
        # back may restore the page from the back/forward cache: no load event then
        wait_load(b, lambda: b.eval("history.back()"), "Page.frameNavigated")
        check(b.url().endswith("/apply"), f"back leads to the form ({b.url()})")
        if token(b) == t1 and b.eval("document.querySelector('#f-request').value") == MARK + "：刷新与后退":
            # Chromium restored the form as it was: submitting it is the same form again
            b.click("form.stack button[type=submit]")
            check(b.url() == url and b.text(".receipt .code").strip() == code,
                  "submitting the restored form again leads to the first receipt")
        else:
            # a fresh form: what is on it now is a new application, not this one again
            check(token(b) != t1, "the form shown again is a new form with a new token")
        # 2. the same form sent twice before the answer comes (a double click)
        # the page's CSP (default-src 'none') forbids scripts to send requests;
        # the test's own script sends the form's first copy, as a double click would
        b.call("Page.setBypassCSP", {"enabled": True})
        b.goto(BASE + "/apply")
        fill(b, MARK + "：双击")
        first = b.eval("fetch('/apply', {method: 'POST', body: new URLSearchParams(new FormData("
                       "document.querySelector('form.stack'))), redirect: 'follow'})"
                       ".then(r => r.url)")
        check("/apply/receipt/" in (first or ""), f"the first of two sends is filed ({first})")
        b.click("form.stack button[type=submit]")
        check(b.url() == first, f"the second send of the same form shows the first receipt ({b.url()})")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a broken step is a failure with its reason, never a pass
        failed += 1
        n += 1
        print(f"not ok {n} - browser: the resubmission flow runs: {e}")
        for line in traceback.format_exc().splitlines()[-6:]:
            print(f"# {line}")
    sys.exit(1 if failed else 0)
