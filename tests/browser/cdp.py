"""A small driver for Debian's headless Chromium over the DevTools protocol,
using only Python's standard library: Chromium is started with
--remote-debugging-pipe (it reads commands on fd 3 and writes answers on fd 4,
each message a JSON text ended by a NUL byte). No npm, no network.

    with Browser() as b:
        b.goto("http://127.0.0.1:8080/")
        b.type("#q", "低保")
        b.click("button[type=submit]")
        b.screenshot("home.png")

Typing goes through Input.insertText and clicks through real mouse events at
the element's position, so the page sees what a person would do. Pages run no
script of their own (the portal's CSP forbids it); DevTools evaluation is the
test's eyes only.
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--remote-debugging-pipe", "--lang=zh-CN", "--font-render-hinting=none",
]


class BrowserError(Exception):
    pass


class Browser:
    # timeout: the longest wait for one answer of Chromium, in seconds: a bound
    # for a hung browser, not a pace (an axe run on a console page took over
    # 30 s on a machine loaded 40 deep, issue 14)
    def __init__(self, width=1280, height=900, binary=None, timeout=180):
        self.width, self.height, self.timeout = width, height, timeout
        self.binary = binary or shutil.which("chromium") or "/usr/bin/chromium"
        self.next_id = 0
        self.events = []
        self.buf = b""
        self.session = None

    # ---- process and pipe ----
    def __enter__(self):
        self.profile = tempfile.mkdtemp(prefix="gongkai-chromium-")
        cmd_r, self.cmd_w = os.pipe()       # we write commands, Chromium reads fd 3
        self.res_r, res_w = os.pipe()       # Chromium writes fd 4, we read

        def child_fds():
            # Move both ends clear of 3 and 4 first (a pipe end may sit there
            # already), then put them in place; dup2 makes them inheritable.
            a, b = os.dup(cmd_r), os.dup(res_w)
            a, b = os.dup2(a, 100), os.dup2(b, 101)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(
            [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            preexec_fn=child_fds, close_fds=False)
        os.close(cmd_r)
        os.close(res_w)
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                     session=False)["sessionId"]
            self.call("Page.enable")
            self.call("Runtime.enable")
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        try:
            if self.proc.poll() is None:
                try:
                    self.call("Browser.close", session=False, wait=2)
                except Exception:
                    pass
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        finally:
            for fd in (self.cmd_w, self.res_r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            r, _, _ = select.select([self.res_r], [], [], left)
            if not r:
                continue
            chunk = os.read(self.res_r, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the pipe (see its log)")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True, wait=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + (wait or self.timeout)
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error'].get('message')}")
                return m.get("result", {})
            if "method" in m:
                self.events.append(m)

    def wait_event(self, name, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, ev in enumerate(self.events):
                if ev["method"] == name:
                    del self.events[: i + 1]
                    return ev
            self.events.append(self._read_message(deadline))

    # ---- what a test does ----
    def goto(self, url):
        self.events.clear()
        res = self.call("Page.navigate", {"url": url})
        if res.get("errorText"):
            raise BrowserError(f"navigate {url}: {res['errorText']}")
        self.wait_event("Page.loadEventFired")

    def eval(self, expr):
        res = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in res:
            raise BrowserError(f"evaluate {expr!r}: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def url(self):
        return self.eval("location.href")

    def text(self, selector="body"):
        return self.eval(f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''")

    def exists(self, selector):
        return bool(self.eval(f"!!document.querySelector({json.dumps(selector)})"))

    def focus(self, selector):
        ok = self.eval(f"(e => {{ if (!e) return false; e.scrollIntoView({{block: 'center'}}); e.focus(); "
                       f"return document.activeElement === e; }})(document.querySelector({json.dumps(selector)}))")
        if not ok:
            raise BrowserError(f"cannot focus {selector}")

    def type(self, selector, text, clear=True):
        self.focus(selector)
        if clear:
            self.eval(f"document.querySelector({json.dumps(selector)}).select && "
                      f"document.querySelector({json.dumps(selector)}).select()")
            self.key("Backspace")
        self.call("Input.insertText", {"text": text})

    def select(self, selector, value):
        """Chooses an option of a <select> the way the keyboard would (focus, then set and notify)."""
        self.focus(selector)
        ok = self.eval(f"(e => {{ const o = [...e.options].find(o => o.value === {json.dumps(value)}); "
                       f"if (!o) return false; e.value = o.value; e.dispatchEvent(new Event('change', {{bubbles: true}})); "
                       f"return true; }})(document.querySelector({json.dumps(selector)}))")
        if not ok:
            raise BrowserError(f"no option {value} in {selector}")

    def set_value(self, selector, value):
        """For inputs a keyboard fills through a picker (dates): set and notify, as the picker does."""
        self.focus(selector)
        ok = self.eval(f"(e => {{ e.value = {json.dumps(value)}; e.dispatchEvent(new Event('input', {{bubbles: true}})); "
                       f"e.dispatchEvent(new Event('change', {{bubbles: true}})); return e.value === {json.dumps(value)}; }})"
                       f"(document.querySelector({json.dumps(selector)}))")
        if not ok:
            raise BrowserError(f"cannot set {selector} to {value}")

    def clear_cookies(self):
        self.call("Network.clearBrowserCookies")

    def key(self, key, code=None, vk=None):
        codes = {"Tab": 9, "Enter": 13, "Backspace": 8, "Space": 32}
        vk = vk or codes.get(key, 0)
        for t in ("keyDown", "keyUp"):
            p = {"type": t, "key": key, "code": code or key, "windowsVirtualKeyCode": vk}
            if key == "Enter" and t == "keyDown":
                p["text"] = "\r"
            self.call("Input.dispatchKeyEvent", p)

    def click(self, selector, navigates=True):
        box = self.eval(f"(e => {{ if (!e) return null; e.scrollIntoView({{block: 'center'}}); "
                        f"const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})"
                        f"(document.querySelector({json.dumps(selector)}))")
        if not box:
            raise BrowserError(f"nothing to click at {selector}")
        self.events.clear()
        for t in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent",
                      {"type": t, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})
        if navigates:
            self.wait_event("Page.loadEventFired")

    def resize(self, width, height):
        """The page's viewport becomes width x height CSS pixels (the emulation
        the browser started with), so that one Chromium serves several widths."""
        self.width, self.height = width, height
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def screenshot(self, path, full_page=True):
        if full_page:
            m = self.call("Page.getLayoutMetrics")
            h = int(m.get("cssContentSize", m.get("contentSize"))["height"])
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": self.width, "height": max(h, 200), "deviceScaleFactor": 1, "mobile": False})
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        if full_page:
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def tap_check(n, label, fn, arg, tail=4):
    """Runs fn(arg) as TAP check n: prints "ok n - label", or "not ok n - label:
    error" and the traceback's last `tail` lines. True when it passed; one
    check's failure must not hide the others."""
    try:
        fn(arg)
        print(f"ok {n} - {label}")
        passed = True
    except Exception as e:
        print(f"not ok {n} - {label}: {e}")
        for line in traceback.format_exc().splitlines()[-tail:]:
            print(f"# {line}")
        passed = False
    sys.stdout.flush()
    return passed
