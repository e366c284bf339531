"""Writes a small PDF seed for fuzz_pdf: a report's title and rows of
tables 三 and 四 drawn cell by cell at column positions, Chinese text in a
Type0 font (Identity-H, a ToUnicode map, no embedded font file), content
stream not compressed, so that the fuzzer's mutations land on text
operators, positions and numbers rather than on deflate.

    python3 pdf_seed.py TEXT_FILE OUT.pdf     (lines; cells split by '|')
"""
import sys

TOUNICODE = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
             b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
             b"1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
             b"CMapName currentdict /CMap defineresource pop end end")


def utf16(s):
    return "".join(f"{ord(c):04X}" for c in s if ord(c) < 0x10000)


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    ops, y = ["BT /F1 8 Tf"], 800
    for line in lines:
        if not line.strip():
            continue
        for k, cell in enumerate(c.strip() for c in line.split("|")):
            if cell:
                x = 40 if k == 0 else 300 + 40 * (k - 1)
                ops.append(f"1 0 0 1 {x} {y} Tm <{utf16(cell)}> Tj")
        y -= 12
    ops.append("ET")
    content = "\n".join(ops).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(TOUNICODE) + TOUNICODE + b"\nendstream",
    ]
    out, offs = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(sys.argv[2], "wb").write(out)


if __name__ == "__main__":
    main()
