#!/usr/bin/env bash
# The files released with a reply, online (issue 16, item 3): an answer
# through the handling chain releases a DOCX list, a PDF with a text layer, a
# TXT and a scan, each holding ID numbers and mobile numbers. The applicant's
# follow-up (tracking code and phone) lists them; the DOCX, PDF and TXT
# download only as masked copies (read back: no ID or mobile number left, the
# masked forms there), with the page's pass or the code and phone again; the
# scan is never served and says why and whom to ask; a wrong phone, another
# browser or a forged pass gets nothing; the public HTML holds nothing
# personal; staff see on the application's page why a file is not online.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
MK=${GONGKAI_MKATTACH:?GONGKAI_MKATTACH must point at tests/e2e/mkattach}
start_server
A="$G --db $DB apply"
TODAY=$(date +%F)
check_status "register an application" 0 $A register --channel online --received "$TODAY" \
  --kind natural_person --name 王小明 --phone 13800001111 --request "2025年特困供养人员名单" --delivery online
NO=$(sed -n 's/^已登记 \([0-9-]*\).*/\1/p' "$TMP/out")
CODE_T=$(sed -n 's/^  查询码 *\([A-Z0-9-]*\).*/\1/p' "$TMP/out")
mkdir -p "$TMP/att"
"$MK" "$TMP/att" || fail "mkattach writes the fixtures"
printf '联系人：张三明，身份证号41282219900101123X，手机13812345678，监督电话0396-7012345。\n' >"$TMP/att/说明.txt"
check_status "the reply releases four files (through the handling chain)" 0 chain_answer "$G --db $DB" "$NO" "$TODAY" \
  --outcome granted --file "$TMP/att/list.docx" --file "$TMP/att/text.pdf" --file "$TMP/att/说明.txt" \
  --file "$TMP/att/scan.pdf"

req GET /apply/track -c "$TMP/jarT"
CT=$(form_csrf "$TMP/body")
req POST /apply/track -b "$TMP/jarT" --data-urlencode "csrf=$CT" -d phone=13800009999 --data-urlencode "code=$CODE_T"
check_code "a wrong phone: not found" 404
check_not_body "and no file listed" "随答复公开的文件|apply/track/file"
req POST /apply/track -b "$TMP/jarT" --data-urlencode "csrf=$CT" --data-urlencode "code=$CODE_T" -d phone=13800001111
check_code "the follow-up answers" 200
check_body "the files released are listed under the letter" '<h2 id="released">随答复公开的文件</h2>'
check_body "the DOCX to download" "下载 list.docx"
check_body "the PDF as its masked text" "下载 text（脱敏文本）.pdf"
check_body "the TXT" "下载 说明.txt"
check_body "the scan is not served, with the reason and whom to ask" "scan.pdf：暂不能在网上提供（PDF 第 1 页没有文字层（扫描件或图片））。请联系"
cp "$TMP/body" "$TMP/track.html"
check_nogrep "nothing personal in the public HTML" \
  "王小明|13800001111|张三明|欧阳小明|李四|41282219900101123X|412822198503150024|412822197812240010|13812345678|15900001111|18637612345" \
  "$TMP/track.html"
APP=$(grep -o 'name="app" value="[0-9]*"' "$TMP/track.html" | head -1 | sed 's/.*value="//;s/"//')
UNTIL=$(grep -o 'name="until" value="[0-9]*"' "$TMP/track.html" | head -1 | sed 's/.*value="//;s/"//')
PASS=$(grep -o 'name="pass" value="[0-9a-f]*"' "$TMP/track.html" | head -1 | sed 's/.*value="//;s/"//')
check "the page's forms carry a pass, not the phone" test ${#PASS} -eq 64
get_file() {  # get_file N OUT [curl args]: the page's pass, as its form posts it
  local n=$1 out=$2; shift 2
  CODE=$(curl -s -o "$out" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/jarT" --data-urlencode "csrf=$CT" \
    -d "app=$APP" -d "until=$UNTIL" -d "pass=$PASS" -d "f=$n" "$@" "$B/apply/track/file")
}
PEOPLE="41282219900101123X|412822198503150024|412822197812240010|13812345678|15900001111|18637612345"
n=0
for f in list.docx text.pdf 说明.txt; do
  n=$((n + 1))
  get_file $n "$TMP/got.$n"
  check_code "$f is served" 200
  check_header "as an attachment" "^Content-Disposition: attachment"
  ext=${f##*.}
  cp "$TMP/got.$n" "$TMP/copy.$ext"
  "$MK" --text "$TMP/copy.$ext" >"$TMP/text.$n" 2>"$TMP/kind.$n" || fail "$f: the copy reads back"
  check_nogrep "$f: no ID or mobile number in the copy" "$PEOPLE" "$TMP/text.$n"
  check_grep "$f: the masked forms are there" '4128\*{10}[0-9X]{4}' "$TMP/text.$n"
done
check_grep "the DOCX stays a DOCX" "^docx read" "$TMP/kind.1"
check_grep "the PDF comes as a PDF of its masked text" "^pdf read" "$TMP/kind.2"
check_grep "the office's own phone stays" "0396-7012345" "$TMP/text.3"
get_file 4 "$TMP/got.4"
check_code "the scan is not served" 404
check_grep "saying why" "没有文字层" "$TMP/got.4"
check_nogrep "and nothing of the file" "PDF-1" "$TMP/got.4"
CODE=$(curl -s -o "$TMP/got.x" -w '%{http_code}' -b "$TMP/jarT" --data-urlencode "csrf=$CT" \
  -d "app=$APP" -d "until=$UNTIL" -d "pass=$(printf '%064d' 0)" -d f=1 "$B/apply/track/file")
check "a forged pass gets nothing" test "$CODE" = 404
CODE=$(curl -s -o "$TMP/got.y" -w '%{http_code}' -b "$TMP/jarT" --data-urlencode "csrf=$CT" \
  -d "app=$APP" -d "until=$((UNTIL + 60))" -d "pass=$PASS" -d f=1 "$B/apply/track/file")
check "a pass with its time moved gets nothing" test "$CODE" = 404
req GET /apply/track -c "$TMP/jarO"
CO=$(form_csrf "$TMP/body")
CODE=$(curl -s -o "$TMP/got.o" -w '%{http_code}' -b "$TMP/jarO" --data-urlencode "csrf=$CO" \
  -d "app=$APP" -d "until=$UNTIL" -d "pass=$PASS" -d f=1 "$B/apply/track/file")
check "another browser's copy of the pass gets nothing" test "$CODE" = 404
CODE=$(curl -s -o "$TMP/got.p" -w '%{http_code}' -b "$TMP/jarO" --data-urlencode "csrf=$CO" \
  --data-urlencode "code=$CODE_T" -d phone=13800009999 -d f=1 "$B/apply/track/file")
check "the code with a wrong phone gets nothing" test "$CODE" = 404
check_nogrep "not a byte of the file" "PK" "$TMP/got.p"
CODE=$(curl -s -o "$TMP/got.q" -w '%{http_code}' -b "$TMP/jarO" --data-urlencode "csrf=$CO" \
  --data-urlencode "code=$CODE_T" -d phone=13800001111 -d f=3 "$B/apply/track/file")
check "the code and the right phone download as well" test "$CODE" = 200
check_grep "the masked TXT" '4128\*{10}123X' "$TMP/got.q"

login gongkaiban
as gongkaiban GET "/console/applications/$NO"
check_code "staff open the application" 200
check_body "staff see which copy goes online" "list.docx：<span class=\"tag ok\">网上提供脱敏副本</span>"
check_body "and why the scan does not" "scan.pdf：<span class=\"tag warn\">不在网上提供</span> PDF 第 1 页没有文字层"
done_testing
