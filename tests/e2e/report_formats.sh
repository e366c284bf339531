#!/usr/bin/env bash
# Reports as they are found: the five seeds and reports gongkai renders itself
# (2008, 2019, 2021 layouts) turned into other formats — PDF printed by
# headless Chromium at three paper sizes (labels wrap, tables break across
# pages, running heads and page numbers), Word .docx made from the HTML
# (merged cells as gridSpan/vMerge), the xlsx workbook, GB18030, Big5,
# UTF-16 — must each read to the same JSON as the clean HTML report.
# Then bad input (exit 2 naming the file and the place), `report collect` on
# a mixed folder, and `report sum` with the same report twice.
. "$(dirname "$0")/lib.sh"
S=$GONGKAI_SRC
SEEDS=$S/tests/data/seeds
W=$TMP/fmt
mkdir -p "$W"
same() { # same NAME CLEAN.json FILE [--encoding-note]
  local name=$1 clean=$2 f=$3; shift 3
  if ! "$G" report read --json "$f" >"$TMP/other.json" 2>"$TMP/err"; then
    fail "$name: read failed: $(head -c 300 "$TMP/err")"; return
  fi
  if python3 "$S/tests/e2e/json_same.py" "$clean" "$TMP/other.json" "$@" >"$TMP/diff"; then ok "$name"
  else fail "$name differs from the clean report"; head -20 "$TMP/diff" | sed 's/^/# /'; fi
}

# ---- the clean forms: gongkai's own HTML rendering of each report ----
names=""
for f in "$SEEDS"/*.txt "$S"/tests/data/report/like2008.json "$S"/tests/data/report/like2019.json \
         "$S"/tests/data/report/seed004.json; do
  n=$(basename "${f%.*}"); names="$names $n"
  "$G" report render "$f" --format html -o "$W/$n.html" && "$G" report read --json "$W/$n.html" >"$W/$n.clean.json" \
    || fail "render and read $n"
  "$G" report render "$f" --format xlsx -o "$W/$n.xlsx" && same "$n: xlsx" "$W/$n.clean.json" "$W/$n.xlsx"
  python3 "$S/tests/e2e/docx_make.py" report "$W/$n.html" "$W/$n.docx" && same "$n: docx" "$W/$n.clean.json" "$W/$n.docx"
done
# tables that a script writes (document.write of an escaped string)
python3 -c 'import re,sys
h=open(sys.argv[1],encoding="utf-8").read()
def js(m):
    t=m.group(0).replace("\\","\\\\").replace("\x27","\\\x27").replace("\n","\\n").replace("/","\\/")
    return "<script>document.write(\x27"+t+"\x27);</script>"
open(sys.argv[2],"w",encoding="utf-8").write(re.sub(r"<table.*?</table>",js,h,flags=re.S))' "$W/seed004.html" "$W/script.html"
grep -q "document.write('<table" "$W/script.html" && ok "tables moved into scripts" || fail "no script tables made"
same "seed004: tables inside <script> strings" "$W/seed004.clean.json" "$W/script.html"
# the layouts are all here
for l in 2008 2019 2021 narrative; do
  grep -lq "\"layout\": \"$l\"" "$W"/*.clean.json && ok "corpus has the $l layout" || fail "corpus lacks the $l layout"
done

# ---- PDF, printed by Chromium ----
if command -v chromium >/dev/null; then
  if timeout 300 python3 "$S/tests/browser/print_pdf.py" "$W" "$W"/*.html >"$TMP/print.log" 2>&1; then
    for n in $names; do
      for p in a4 a5 short; do same "$n: pdf $p" "$W/$n.clean.json" "$W/$n.$p.pdf"; done
    done
    pages=$(pdfinfo "$W/seed004.short.pdf" | awk '/^Pages:/{print $2}')
    [ "${pages:-0}" -ge 3 ] && ok "short paper breaks the tables across $pages pages" || fail "seed004.short.pdf has $pages pages"
    check_status "the PDF text drops the page numbers" 0 "$G" report text "$W/seed004.a5.pdf"
    check_nogrep "no 'N/M' page number left" "^[0-9]+/[0-9]+$|file://" "$TMP/out"
    check_grep "a wrapped label is one cell" "^2\.其他法律行政法规禁止公开 \| " "$TMP/out"
    check_grep "a merged group cell sits with its first row" "（三）不予公开 \| 1\.属于国家秘密" "$TMP/out"
  else
    fail "Chromium printed no PDF"; tail -5 "$TMP/print.log" | sed 's/^/# /'
  fi
else
  echo "# SKIP PDF: chromium is not installed"
fi

# ---- encodings ----
for f in "$SEEDS"/*.txt; do
  n=$(basename "${f%.*}")
  "$G" report read --json "$f" >"$W/$n.utf8.json"
  for enc in gb18030 utf-16 utf-16-be-bom; do
    python3 -c 'import sys
t=open(sys.argv[1],encoding="utf-8").read()
e=sys.argv[3]
d=(b"\xfe\xff"+t.encode("utf-16-be")) if e=="utf-16-be-bom" else t.encode(e)
open(sys.argv[2],"wb").write(d)' "$f" "$W/$n.$enc.txt" "$enc" || { fail "encode $n as $enc"; continue; }
    same "$n: $enc" "$W/$n.utf8.json" "$W/$n.$enc.txt" --encoding-note
  done
done
# Big5: the traditional seed, with the few characters Big5 lacks replaced, in UTF-8 and in Big5
python3 -c 'import sys,unicodedata
t=open(sys.argv[1],encoding="utf-8").read().replace("墻","牆").replace("谕","諭")
t="".join(c for c in unicodedata.normalize("NFD",t) if unicodedata.category(c)!="Mn")
open(sys.argv[2],"w",encoding="utf-8").write(t); open(sys.argv[3],"wb").write(t.encode("big5"))' \
  "$SEEDS"/003_*.txt "$W/trad.utf8.txt" "$W/trad.big5.txt"
"$G" report read --json "$W/trad.utf8.txt" >"$W/trad.json"
same "traditional seed: big5" "$W/trad.json" "$W/trad.big5.txt" --encoding-note
check_grep "the note says Big5" "按 Big5 读取" "$TMP/other.json"

# ---- bad input: exit 2, the file and the place named ----
bad() { # bad NAME FILE REGEX
  check_status "$1: exit 2" 2 "$G" report read "$2"
  check_grep "$1: names the file and the place" "$(basename "$2").*$3" "$TMP/err"
}
# random bytes after a byte no text starts with (random bytes alone may open
# with '{' or '<' and be read as broken JSON or HTML, also with the place named)
{ printf '\x89'; head -c 3999 /dev/urandom; } >"$W/random.bin"
bad "binary file" "$W/random.bin" "(byte offset|not a readable|line 1, column)"
printf '这是一份会议纪要，与年度报告无关。\n' >"$W/notes.txt"
bad "not a report" "$W/notes.txt" "no report content"
sz=$(stat -c %s "$W/seed004.a4.pdf"); head -c $((sz * 6 / 10)) "$W/seed004.a4.pdf" >"$W/truncated.pdf"
bad "truncated PDF" "$W/truncated.pdf" "truncated PDF.*byte $((sz * 6 / 10))"
printf '%%PDF-1.7\n1 0 obj <<>> garbage\n%%%%EOF\n' >"$W/broken.pdf"
bad "broken PDF" "$W/broken.pdf" "not a readable PDF"
python3 "$S/tests/e2e/docx_make.py" bomb-size "$W/bomb-size.docx"
bad "DOCX bomb (size)" "$W/bomb-size.docx" "word/document.xml: [0-9]+ bytes inflated"
python3 "$S/tests/e2e/docx_make.py" bomb-ratio "$W/bomb-ratio.docx"
bad "DOCX bomb (ratio)" "$W/bomb-ratio.docx" "compressed [0-9]+ times.*zip bomb"
python3 -c 'import zipfile,sys
z=zipfile.ZipFile(sys.argv[1],"w"); z.writestr("word/document.xml","<w:document>\n<w:body><w:p>")' "$W/badxml.docx"
bad "DOCX with broken XML" "$W/badxml.docx" "not well-formed XML \(line [0-9]+\)"
printf '\x80\x80\xff\xfe\xff\x80 \xa1' >"$W/badenc.txt"
bad "invalid in every encoding" "$W/badenc.txt" "invalid text encoding: not UTF-8 \(byte offset [0-9]+\), not GB18030"
printf '\xff\xfe\x6c\x51\x00\xd8' >"$W/badutf16.txt"
bad "invalid UTF-16" "$W/badutf16.txt" "invalid UTF-16.*byte offset [0-9]+"

# ---- report collect: a folder of mixed formats ----
C=$W/collect; mkdir -p "$C/2021/pdf" "$C/2008" "$C/other"
cp "$W/seed004.html" "$C/2021/"
[ -f "$W/seed004.a4.pdf" ] && cp "$W/seed004.a4.pdf" "$C/2021/pdf/"        # the same report again
cp "$W/like2019.docx" "$W/like2008.xlsx" "$C/other/"
cp "$W/000_38bdb9a3c301c0de.gb18030.txt" "$C/2008/"
cp "$SEEDS"/001_*.txt "$C/other/001.txt"
# like2008.xlsx is 驻马店市民政局 2018 too, with other figures than seed 000: a conflict
cp "$W/notes.txt" "$W/truncated.pdf" "$C/other/"
check_status "collect: exit 1 (unreadable files, a conflict)" 1 "$G" report collect "$C" -o "$W/sum.json" \
  --csv "$W/all.csv" --xlsx "$W/all.xlsx"
cp "$TMP/out" "$W/collect.out"
check_grep "collect: a row per file" "other/like2019.docx \| 某市自然资源和规划局 \| 2020 \| 2019 \| 完整 \| 0 错误 0 警告 \| —" "$W/collect.out"
[ -f "$W/seed004.a4.pdf" ] && check_grep "collect: the same report as HTML and PDF is counted once" \
  "2021/seed004.html \| [^|]*自治区民政厅 \| 2021 \| 2021 \| 完整 .*与 .*pdf/seed004.a4.pdf 是同一份报告：只计一次" "$W/collect.out"
check_grep "collect: the same agency and year with other figures is a conflict" \
  "like2008.xlsx \| 驻马店市民政局 \| 2018 .*与 .*000_38bdb9a3c301c0de.gb18030.txt 同一机关同一年度但数字不同：未计入合计" "$W/collect.out"
check_grep "collect: unreadable, with the reason" "truncated.pdf \| — .*无法读取：.*truncated PDF" "$W/collect.out"
check_grep "collect: GB18030 file read, note shown" "000_38bdb9a3c301c0de.gb18030.txt \| 驻马店市民政局 \| 2018 \| 2008 \| 完整 .*READ" "$W/collect.out"
check_grep "collect: the counts" "^8 个文件：6 份完整，0 份部分读出，2 份无法读取；重复 2 份（其中数字不同 1 份）" "$W/collect.out"
check_grep "collect: a sum per year" "^== 合计（2021年度，1份）" "$W/collect.out"
ls "$W"/sum-*.json >/dev/null 2>&1 && ok "collect -o: one sum per year" || fail "collect -o wrote no sums"
n=$(grep -c "" "$W/all.csv"); [ "$n" -eq 5 ] && ok "collect --csv: header + 4 reports" || fail "all.csv has $n lines"
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert "xl/worksheets/sheet1.xml" in z.namelist()' "$W/all.xlsx" \
  && ok "collect --xlsx: a workbook" || fail "all.xlsx is not a workbook"
check_status "collect: a missing folder is exit 2" 2 "$G" report collect "$W/collect/none"
mkdir -p "$W/empty"; check_status "collect: no report in the folder: exit 2" 2 "$G" report collect "$W/empty"

# ---- report sum: the same report twice is counted once, a differing one refused ----
check_status "sum: html + its docx counted once" 0 "$G" report sum "$W/like2019.html" "$W/like2019.docx" --csv
check_grep "sum: says so" "like2019.docx: the same report as .*like2019.html .*counted once" "$TMP/err"
check_status "sum: differing duplicates refused" 2 "$G" report sum "$C/2008/000_38bdb9a3c301c0de.gb18030.txt" "$C/other/like2008.xlsx"
check_grep "sum: names both files" "like2008.xlsx.*also in .*gb18030.txt with different figures" "$TMP/err"
done_testing
