#!/usr/bin/python3
"""A local SMTP server for the mail tests (Debian's python3-aiosmtpd): every
message it accepts is written whole to DIR/NNNN.eml (written to a temporary
name, then renamed, so a reader never sees half a message), with the
envelope's recipients in DIR/NNNN.rcpt. Prints "ready PORT" once listening;
stops on SIGTERM. Run by Debian's /usr/bin/python3, where the package is.
usage: smtp_sink.py DIR PORT"""
import signal
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out):
        self.out = out
        self.n = len([f for f in os.listdir(out) if f.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.out, "%04d" % self.n)
        with open(base + ".rcpt.tmp", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"


def main():
    out, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    c = Controller(Sink(out), hostname="127.0.0.1", port=port)
    c.start()
    print("ready", port, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (c.stop(), sys.exit(0)))
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
