"""Makes Word .docx files for the reader's tests (src/report/read_docx.c):
a zip holding word/document.xml, with the HTML report's tables as w:tbl
(colspan as w:gridSpan, rowspan as w:vMerge) and its headings and paragraphs
as w:p. Also makes zip bombs.

    python3 docx_make.py report IN.html OUT.docx
    python3 docx_make.py bomb-size OUT.docx     (declares 100 MB inflated)
    python3 docx_make.py bomb-ratio OUT.docx    (8 MB of spaces, ratio ~1000)
"""
import html.parser
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
      'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
      'main+xml"/></Types>')
BLOCKS = {"h1", "h2", "h3", "h4", "p", "div", "li", "caption", "title"}


class Conv(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.body = []
        self.text = None          # text of the open paragraph or cell
        self.rows = None          # open table: list of rows of (text, colspan, rowspan)
        self.cell = None
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("style", "script", "head"):
            self.skip += tag != "head"
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = [[], int(a.get("colspan", 1)), int(a.get("rowspan", 1))]
        elif tag == "br":
            self._put(" ")
        elif tag in BLOCKS and self.cell is None:
            self._flush()
            self.text = []

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skip -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(("".join(self.cell[0]).strip(), self.cell[1], self.cell[2]))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self._flush()
            self.body.append(table(self.rows))
            self.rows = None
        elif tag in BLOCKS and self.cell is None:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self._put(data)

    def _put(self, s):
        if self.cell is not None:
            self.cell[0].append(s)
        elif self.text is not None:
            self.text.append(s)

    def _flush(self):
        if self.text is not None:
            t = " ".join("".join(self.text).split())
            if t:
                self.body.append(para(t))
        self.text = None


def para(t):
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>'


def table(rows):
    out, pending = ["<w:tbl>"], {}   # column -> rows still covered by a rowspan above
    for row in rows:
        out.append("<w:tr>")
        col, cells = 0, list(row)
        while cells or pending.get(col, (0,))[0] > 0:
            if pending.get(col, (0,))[0] > 0:
                left, span = pending[col]
                pending[col] = (left - 1, span)
                gs = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                out.append(f"<w:tc><w:tcPr>{gs}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                col += span
                continue
            text, cs, rs = cells.pop(0)
            pr = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + ('<w:vMerge w:val="restart"/>' if rs > 1 else "")
            out.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{para(text) if text else '<w:p/>'}</w:tc>")
            if rs > 1:
                pending[col] = (rs - 1, cs)
            col += cs
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def write(path, doc, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", doc)


def main():
    what, args = sys.argv[1], sys.argv[2:]
    if what == "report":
        c = Conv()
        c.feed(open(args[0], encoding="utf-8").read())
        c._flush()
        write(args[1], f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
                       + "".join(c.body) + "</w:body></w:document>")
    elif what == "bomb-size":
        write(args[0], f"<w:document {W}><w:body>" + " " * (100 << 20) + "</w:body></w:document>")
    elif what == "bomb-ratio":
        write(args[0], f"<w:document {W}><w:body>" + " " * (8 << 20) + "</w:body></w:document>")
    else:
        sys.exit("usage: docx_make.py report IN.html OUT.docx | bomb-size OUT | bomb-ratio OUT")


if __name__ == "__main__":
    main()
