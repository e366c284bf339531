#!/usr/bin/env bash
# Letters to stamp (issue 16 item 4): `apply letter` writes the receipt with
# the tracking code, the supplementation and extension notices and the reply
# letter as DOCX and PDF in the 公文 layout; each is read back (DOCX through
# gongkai's own reader, src/report/read_docx.c, and as XML; PDF through
# poppler's pdftotext) with its parts in the order of GB/T 9704; awkward
# text survives; a letter not yet due, an unknown kind or format is refused.
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/letters.db GONGKAI_TODAY=2024-03-25 GONGKAI_USER=张科员
A="$G apply"
$A list >/dev/null 2>&1
sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, created_at) VALUES ('zmdmzj', '驻马店市民政局', '2024-01-01')"

# text of FILE with all white space removed: pdf by pdftotext, docx by gongkai
flat() {
  case "$1" in
    *.pdf) pdftotext "$1" - ;;
    *.docx) $G report text "$1" ;;
  esac | tr -d ' \t\r\n\f'
}
# in_order NAME FILE PART...: each part found after the one before
in_order() {
  local name=$1 file=$2; shift 2
  flat "$file" > "$TMP/flat" || { fail "$name (not read back)"; return; }
  python3 - "$TMP/flat" "$@" <<'PY' && ok "$name" || fail "$name"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
at = 0
for part in sys.argv[2:]:
    i = text.find(part.replace(" ", ""), at)
    if i < 0:
        print("# missing after offset %d: %s\n# in: %s" % (at, part, text[at:at + 300]))
        sys.exit(1)
    at = i + len(part)
PY
}

# a paper application by letter, with the XML specials in its request
check_status "register a paper application" 0 $A register --channel letter --received 2024-03-05 --kind natural_person \
  --name 李四 --phone 13900000000 --request "关于<低保>&\"特困\"的'文件'" --delivery paper_pickup
code=$($A show 2024-00001 | sed -n 's/^申请 2024-00001（查询码 \(.*\)）$/\1/p')
[ -n "$code" ] && ok "the application has a tracking code ($code)" || fail "no tracking code"
for f in pdf docx; do
  check_status "receipt as $f" 0 $A letter 2024-00001 --kind receipt --format $f -o "$TMP/receipt.$f"
  check_grep "says what it wrote" "2024-00001 受理回执（$f）" "$TMP/out"
  in_order "the $f receipt: 版头, 发文字号, 标题, 主送, the request, the tracking code, 落款, 成文日期" "$TMP/receipt.$f" \
    驻马店市民政局 编号：2024-00001 政府信息公开申请受理回执 李四： "关于<低保>&\"特困\"的'文件'" "2024年4月" "查询码：$code" 驻马店市民政局 2024年3月5日
done
[ "$(head -c 5 "$TMP/receipt.pdf")" = "%PDF-" ] && ok "the PDF is a PDF" || fail "not a PDF"
pdfinfo "$TMP/receipt.pdf" > "$TMP/info" 2>&1
check_grep "A4 (595 x 842 pt)" 'Page size: +595(\.[0-9]+)? x 841\.[0-9]+|Page size: +595(\.[0-9]+)? x 842' "$TMP/info"
check_grep "the title in the PDF's metadata" 'Title: +政府信息公开申请受理回执' "$TMP/info"
pdffonts "$TMP/receipt.pdf" > "$TMP/fonts" 2>&1
check_grep "Noto CJK embedded" 'NotoSerifCJK.* yes ' "$TMP/fonts"
# the DOCX as XML: well-formed, the specials escaped once, A4 and the red 版头
unzip -p "$TMP/receipt.docx" word/document.xml > "$TMP/document.xml"
check "document.xml is well-formed XML" xmllint --noout "$TMP/document.xml"
check_grep "the request escaped" '关于&lt;低保&gt;&amp;&quot;特困&quot;的&apos;文件&apos;' "$TMP/document.xml"
check_grep "A4 page, GB/T 9704 margins (37 mm top, 28 mm left)" '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"' "$TMP/document.xml"
check_grep "the agency in red" '<w:color w:val="FF0000"/><w:sz w:val="60"/>.*驻马店市民政局' "$TMP/document.xml"
for part in '\[Content_Types\].xml' word/footer1.xml docProps/core.xml; do
  unzip -p "$TMP/receipt.docx" "$part" > "$TMP/part.xml" && xmllint --noout "$TMP/part.xml" && ok "$part well-formed" || fail "$part"
done

# the supplementation notice (Art. 30)
check_status "no supplementation notice before the step" 1 $A letter 2024-00001 --kind supplement --format pdf -o "$TMP/s.pdf"
check_grep "says there is none" 'no 补正告知书 for this application' "$TMP/err"
[ ! -e "$TMP/s.pdf" ] && ok "nothing written" || fail "a file was written"
check_status "supplementation notice" 0 $A supplement 2024-00001 --what "请写明文件名称或文号" --by 2024-03-15 --date 2024-03-06
for f in pdf docx; do
  check_status "supplementation notice as $f" 0 $A letter 2024-00001 --kind supplement --format $f -o "$TMP/sup.$f"
  in_order "the $f notice in order" "$TMP/sup.$f" 驻马店市民政局 编号：2024-00001 政府信息公开申请补正告知书 李四： \
    请写明文件名称或文号 2024年3月15日 第三十条 驻马店市民政局 2024年3月6日
done

# the extension notice (Art. 33) and the reply letter of another application
check_status "register online" 0 $A register --channel online --received 2024-03-01 --kind natural_person --name 王小明 \
  --id-number 11010519491231002X --phone 13800000000 --request "2023年全市城乡低保资金发放情况" --delivery email --email wxm@example.com
check_status "extend" 0 $A extend 2024-00002 --days 10 --approved-by 王主任 --reason "涉及档案较多" --date 2024-03-20
check_status "reply letter while open" 1 $A letter 2024-00002 --format pdf -o "$TMP/r.pdf"
check_grep "says it is still open" 'no 答复告知书 for this application: it is still open' "$TMP/err"
for f in pdf docx; do
  check_status "extension notice as $f" 0 $A letter 2024-00002 --kind extend --format $f -o "$TMP/ext.$f"
  in_order "the $f extension notice in order" "$TMP/ext.$f" 驻马店市民政局 编号：2024-00002 政府信息公开申请延期答复告知书 \
    王小明： 涉及档案较多 10个工作日 第三十三条 驻马店市民政局 2024年3月20日
done
check_status "answer" 0 chain_answer "$G" 2024-00002 2024-03-25 --outcome granted
for f in pdf docx; do
  check_status "reply letter as $f" 0 $A letter 2024-00002 --format $f -o "$TMP/reply.$f"
  in_order "the $f reply letter: 版头, 发文字号, 标题, 主送, 正文, 落款, 成文日期" "$TMP/reply.$f" 驻马店市民政局 编号：2024-00002 \
    政府信息公开申请答复告知书 王小明： 2023年全市城乡低保资金发放情况 现答复如下： 行政复议 驻马店市民政局 2024年3月25日
done
# the same lines as the text letter (in the 公文's order), none lost
$A show 2024-00002 --letter | tr -d ' \t\r　' | grep -v '^$' | sort > "$TMP/text_letter"
$G report text "$TMP/reply.docx" | tr -d ' \t\r　' | grep -v '^$' | sort > "$TMP/docx_letter"
cmp -s "$TMP/text_letter" "$TMP/docx_letter" && ok "the DOCX holds every line of the text letter" ||
  { fail "the DOCX differs from the text letter"; diff "$TMP/text_letter" "$TMP/docx_letter" | head -5 | sed 's/^/# /'; }

# bad input names the option and writes nothing
check_status "unknown kind" 2 $A letter 2024-00002 --kind memo --format pdf -o "$TMP/x.pdf"
check_grep "names --kind" '^gongkai: --kind: ' "$TMP/err"
check_status "unknown format" 2 $A letter 2024-00002 --format doc -o "$TMP/x.doc"
check_grep "names --format" '^gongkai: --format: ' "$TMP/err"
check_status "no output file" 2 $A letter 2024-00002 --format pdf
check_grep "names -o" '^gongkai: -o: ' "$TMP/err"
check_status "unknown application" 2 $A letter 2024-09999 --format pdf -o "$TMP/x.pdf"
[ ! -e "$TMP/x.pdf" ] && [ ! -e "$TMP/x.doc" ] && ok "nothing written" || fail "a file was written"
done_testing
