"""Prints HTML reports to PDF with one headless Chromium (DevTools
Page.printToPDF), at several paper sizes, so that the PDF reader
(src/report/read_pdf.c) meets wrapped labels, tables broken across pages,
and Chromium's running heads and page numbers.

    python3 print_pdf.py [--paper NAME] OUTDIR FILE.html...

writes OUTDIR/NAME.PAPER.pdf for every paper of PAPERS (or only the one named). The page's own
"keep this table on one page" rules are switched off, so tables break.
"""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

# name, width and height in inches, header/footer (date, title, URL, page x/y)
PAPERS = [
    ("a4", 8.27, 11.69, True),
    ("a5", 5.83, 8.27, True),        # narrow: labels wrap over two or three lines
    ("short", 8.27, 5.0, False),     # short pages: tables break across pages
]
BREAK_TABLES = ("var s=document.createElement('style');"
                "s.textContent='section.keep,tr,table{break-inside:auto!important;"
                "page-break-inside:auto!important}';document.head.appendChild(s);true")


def main():
    args, papers = sys.argv[1:], PAPERS
    if args[:1] == ["--paper"]:
        papers = [p for p in PAPERS if p[0] == args[1]]
        args = args[2:]
    out, files = args[0], args[1:]
    with Browser(width=900, height=1200) as b:
        b.call("Page.enable")
        for f in files:
            b.goto("file://" + os.path.abspath(f))
            b.eval(BREAK_TABLES)
            name = os.path.splitext(os.path.basename(f))[0]
            for paper, w, h, hf in papers:
                res = b.call("Page.printToPDF", {
                    "paperWidth": w, "paperHeight": h, "preferCSSPageSize": False,
                    "displayHeaderFooter": hf, "printBackground": False,
                    "marginTop": 0.6, "marginBottom": 0.6, "marginLeft": 0.4, "marginRight": 0.4,
                }, wait=60)
                with open(os.path.join(out, f"{name}.{paper}.pdf"), "wb") as fh:
                    fh.write(base64.b64decode(res["data"]))


if __name__ == "__main__":
    main()
