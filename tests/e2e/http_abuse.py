#!/usr/bin/env python3
"""Concurrent clients for tests/e2e/http_abuse.sh (issue 11), loopback only.

  http_abuse.py flood BASE N          N clients from 127.0.0.1 at once
  http_abuse.py rotate BASE N FIRST   N clients, each from its own address
                                      127.0.X.Y (from FIRST), 8 at a time

Each client fetches the form (its own CSRF cookie and token), waits at a
barrier, then posts one application with its own phone number. Prints one
line per answer: "STATUS APP_NO" (303 = registered, APP_NO from the receipt) (APP_NO "-" when none), then nothing else.
Every socket has a 60 s timeout, so the run is bounded."""
import http.client
import re
import sys
import threading
import urllib.parse


def client(host, port, src, i, barrier, out):
    try:
        c = http.client.HTTPConnection(host, port, timeout=60, source_address=(src, 0))
        c.request("GET", "/apply")
        r = c.getresponse()
        body = r.read().decode()
        cookies = "; ".join(h.split(";")[0] for k, h in r.getheaders() if k.lower() == "set-cookie")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', body)
        extra = {k: v for k, v in re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', body)}
        form = dict(extra)
        form.update({"csrf": m.group(1) if m else "", "kind": "natural_person", "name": "并发测试%d" % i,
                     "phone": "1390000%04d" % i, "request": "并发测试申请第%d件" % i, "delivery": "online",
                     "agree": "1"})
        if barrier:
            barrier.wait()
        c.request("POST", "/apply", body=urllib.parse.urlencode(form),
                  headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies})
        r = c.getresponse()
        body = r.read().decode()
        status, loc = r.status, r.getheader("Location")
        if status == 303 and loc:   # Post/Redirect/Get: the receipt names the application
            c.request("GET", urllib.parse.urlsplit(loc).path, headers={"Cookie": cookies})
            r = c.getresponse()
            body = r.read().decode()
        no = re.search(r"<dt>申请编号</dt><dd>([0-9]{4}-[0-9]+)</dd>", body)
        out[i] = "%d %s" % (status, no.group(1) if no else "-")
        c.close()
    except Exception as e:  # reported as a line the test counts as a failure
        out[i] = "ERR %s" % type(e).__name__


def main():
    mode, base, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    u = urllib.parse.urlsplit(base)
    out = {}
    if mode == "flood":
        barrier = threading.Barrier(n, timeout=60)
        ts = [threading.Thread(target=client, args=(u.hostname, u.port, "127.0.0.1", i, barrier, out))
              for i in range(n)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(90)
    else:
        first = int(sys.argv[4])
        for k in range(0, n, 8):
            ts = []
            for i in range(k, min(n, k + 8)):
                a = first + i
                src = "127.0.%d.%d" % (a // 250, a % 250 + 2)
                ts.append(threading.Thread(target=client, args=(u.hostname, u.port, src, 1000 + i, None, out)))
            for t in ts:
                t.start()
            for t in ts:
                t.join(90)
    for i in sorted(out):
        print(out[i])


main()
