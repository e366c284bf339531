#!/usr/bin/env python3
"""Writes an amplifying .xlsx (a decompression bomb) for tests/e2e/cli_limits.sh:
a valid workbook whose shared strings part unpacks from about 120 KB to
60 MB (under the 64 MB per-part cap gongkai had, which let it build a 1.8 GB
XML tree before refusing). Usage: bomb_xlsx.py OUT.xlsx"""
import sys
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="一" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetData/></worksheet>')


def main():
    with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", SHEET)
        head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            chunk = ("<si><t>a</t></si>" * 4096).encode()
            for _ in range(60 * 1024 * 1024 // len(chunk)):
                f.write(chunk)
            f.write(b"</sst>")


main()
