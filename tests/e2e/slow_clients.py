#!/usr/bin/env python3
"""Hostile slow clients for tests/e2e/http_hostile.sh, loopback only, every
loop bounded.

  slow_clients.py flood PORT N SECONDS
      N connections from 127.0.0.1, each sending a request's headers one byte
      at a time and never finishing them, for SECONDS; meanwhile, once a
      second, another client from 127.0.0.2 asks for /healthz. Prints
      "open=K" (connections still open at the end), "other_max_ms=X" and
      "other_ok=J/M" (answers with status 200 out of the attempts).
  slow_clients.py drip PORT KIND SECONDS
      one connection dripping a byte every 0.5 s for at most SECONDS: KIND
      "headers" never finishes its headers, "body" sends POST /login headers
      with Content-Length 4000 and then the body byte by byte. Prints
      "closed_after_s=T" when the server closed it, or "open" at the end.
"""
import socket
import sys
import time


def connect(port, src="127.0.0.1"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    s.settimeout(2)
    s.connect(("127.0.0.1", port))
    return s


def other_client(port):
    """One whole request from 127.0.0.2: (status or 0, milliseconds)."""
    t0 = time.monotonic()
    try:
        s = connect(port, "127.0.0.2")
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while len(data) < 64 * 1024:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        status = 0
    return status, (time.monotonic() - t0) * 1000.0


def alive(s):
    """False once the server has closed (or reset) the connection."""
    try:
        s.setblocking(False)
        try:
            return s.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            return True
        finally:
            s.setblocking(True)
    except OSError:
        return False


def flood(port, n, seconds):
    head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10000
    socks = []
    for _ in range(n):
        try:
            s = connect(port)
            s.send(head[:16])
            socks.append(s)
        except OSError:
            pass
    worst, oks, tries = 0.0, 0, 0
    end = time.monotonic() + seconds
    pos = 16
    while time.monotonic() < end and pos < len(head):
        for s in socks:
            try:
                s.send(head[pos:pos + 1])
            except OSError:
                pass
        pos += 1
        status, ms = other_client(port)
        tries += 1
        oks += status == 200
        worst = max(worst, ms)
        time.sleep(1)
    still = sum(1 for s in socks if alive(s))
    for s in socks:
        s.close()
    print("open=%d" % still)
    print("other_max_ms=%.0f" % worst)
    print("other_ok=%d/%d" % (oks, tries))


def drip(port, kind, seconds):
    s = connect(port)
    if kind == "body":
        s.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 4000\r\n\r\n")
        data = b"a" * 4000
    else:
        data = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
    t0 = time.monotonic()
    for i in range(int(seconds * 2)):
        if not alive(s):
            print("closed_after_s=%.1f" % (time.monotonic() - t0))
            return
        try:
            s.send(data[i:i + 1])
        except OSError:
            print("closed_after_s=%.1f" % (time.monotonic() - t0))
            return
        time.sleep(0.5)
    print("open")


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "flood":
        flood(port, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "drip":
        drip(port, sys.argv[3], float(sys.argv[4]))
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
