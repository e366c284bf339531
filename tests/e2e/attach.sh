#!/usr/bin/env bash
# Attachments are read whatever their format (src/files): a 低保 recipient list
# attached as .xlsx, .docx and .csv is published as gongkai's masked copy
# (downloaded over HTTP and read back: no full name, ID number, mobile number
# or street left); the same list as a text-layer PDF (printed by Chromium) is
# read and screened but cannot be masked, and a scan (an image-only PDF)
# cannot be read: neither is published without a reviewer's confirmation
# naming it, kept in the audit trail. An ID number or a sensitive word in an
# attachment is a screening hit. A zip bomb and a damaged file of each format
# are refused with a message, nothing stored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
MK=${GONGKAI_MKATTACH:?GONGKAI_MKATTACH must point at tests/e2e/mkattach}
CHROME=$(command -v chromium || command -v chromium-browser || true)
export GONGKAI_TODAY=2026-11-30
DB=$TMP/g.db
export GONGKAI_DB=$DB
D="$G doc"
F=$TMP/f
mkdir -p "$F"
check "write the test files" "$MK" "$F"
demo_db "$GONGKAI_DB" || { fail "demo database"; done_testing; exit 1; }

# the list as a PDF with a text layer, as an office prints it
if [ -n "$CHROME" ]; then
  timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$TMP/chrome" \
    --print-to-pdf="$F/list.pdf" --no-pdf-header-footer "file://$F/list.html" >"$TMP/chrome.log" 2>&1
  check "Chromium printed the list to PDF" test -s "$F/list.pdf"
else
  fail "chromium is installed (scripts/deps.sh test installs it)"
fi
check_status "the PDF has a text layer gongkai reads" 0 "$MK" --text "$F/list.pdf"
check_grep "with the names in it" "欧阳小明" "$TMP/out"
check_grep "read, not unread" "^pdf read" "$TMP/err"
check_status "the scan has none" 0 "$MK" --text "$F/scan.pdf"
check_grep "said so" "^pdf unread PDF 第 1 页没有文字层" "$TMP/err"

# ---- a recipient list with its attachments ----
check_status "add a recipient list" 0 $D add --title '2026年11月竹沟镇城乡低保对象名单公示' --issuer 确山县民政局 \
  --written 2026-11-25 --genre 公示 --body '名单见附件。' --as 张三
LIST=$(cat "$TMP/out")
for f in list.xlsx list.docx list.csv list.pdf scan.pdf; do
  check_status "attach $f" 0 $D attach "$LIST" "$F/$f" --as 张三
done
check_status "show the list" 0 $D show "$LIST"
sed -n '/^附件/,/^批注/p' "$TMP/out" >"$TMP/att"
check_nogrep "no blanket claim that everything is masked" "姓名、身份证号、电话、住址已按规定脱敏）" "$TMP/out"
for f in list.xlsx list.docx list.csv; do
  grep -A1 "^  $f " "$TMP/att" >"$TMP/one"
  check_grep "$f: read, screened and masked" "已读取、筛查并脱敏（公开的是脱敏副本）（脱敏 3 行" "$TMP/one"
done
grep -A1 "^  list.pdf " "$TMP/att" >"$TMP/one"
check_grep "list.pdf: read but not masked, needs a confirmation" "pdf  已读取并筛查，但未能脱敏.*发布前须审核人确认：gongkai doc publish $LIST --confirm-unread 'list.pdf'" "$TMP/one"
grep -A1 "^  scan.pdf " "$TMP/att" >"$TMP/one"
check_grep "scan.pdf: not read, says why" "pdf  无法读取文字，未筛查、未脱敏（PDF 第 1 页没有文字层（扫描件或图片））；发布前须审核人确认" "$TMP/one"
check_status "show --json" 0 $D show "$LIST" --json
check_grep "JSON says what was read" '"name":"scan.pdf",[^}]*"kind":"pdf","text":"unread"' "$TMP/out"
check_grep "and what was masked" '"name":"list.xlsx",[^}]*"kind":"xlsx","text":"masked"' "$TMP/out"

# the stored copies hold no personal data
for f in list.xlsx list.docx list.csv; do
  $D attachment "$LIST" "$f" >"$TMP/copy.$f" 2>"$TMP/err"
  check_status "the stored $f reads back" 0 "$MK" --text "$TMP/copy.$f"
  check_nogrep "no full name, ID number, mobile number or street in $f" \
    "张三明|欧阳小明|李四|41282219900101123X|412822198503150024|412822197812240010|13812345678|15900001111|18637612345|3组18号|东街9号" "$TMP/out"
  check_grep "the masked values are there in $f" "欧阳\*明.*4128\*\*\*\*\*\*\*\*\*\*0024" "$TMP/out"
done

# ---- damaged files and zip bombs: refused, nothing stored ----
n0=$(sqlite3 "$DB" "SELECT (SELECT COUNT(*) FROM doc_attachment) || '/' || (SELECT COUNT(*) FROM doc_blob)")
while IFS='|' read -r f msg; do
  check_status "$f is refused" 2 $D attach "$LIST" "$F/$f" --as 张三
  check_grep "$f: the message says why" "$msg" "$TMP/err"
done <<'EOF'
bomb.xlsx|bomb.xlsx: part xl/worksheets/sheet1.xml inflates more than 200 times its compressed size \(a zip bomb\?\)
bad.xlsx|bad.xlsx: not a readable zip package
bad.docx|bad.docx: part word/document.xml is not well-formed XML
bad.pdf|bad.pdf: not a PDF that can be read
bad.csv|bad.csv: line 2: text after the closing quote
bad.odt|bad.odt: part content.xml is missing
EOF
n1=$(sqlite3 "$DB" "SELECT (SELECT COUNT(*) FROM doc_attachment) || '/' || (SELECT COUNT(*) FROM doc_blob)")
[ "$n0" = "$n1" ] && ok "nothing stored from the refused files ($n1 attachments/blobs)" || fail "rows changed: $n0 -> $n1"

# ---- screening reads every attachment ----
check_status "add a notice" 0 $D add --title 关于走访慰问困难群众的通知 --issuer 确山县民政局 --written 2026-11-25 --body '各乡镇：见附件。' --as 张三
NOTE=$(cat "$TMP/out")
check_status "attach the unmasked list as .xlsx" 0 $D attach "$NOTE" "$F/list.xlsx" --as 张三
check_status "attach a .docx with a secrecy marking" 0 $D attach "$NOTE" "$F/secret.docx" --as 张三
check_status "submit" 0 $D submit "$NOTE" --as 张三
check_status "show the hits" 0 $D show "$NOTE" --json
check_grep "an ID number in the .xlsx is a hit" '"source":"list.xlsx","kind":"id_number"' "$TMP/out"
check_grep "a mobile number in the .xlsx is a hit" '"source":"list.xlsx","kind":"mobile"' "$TMP/out"
check_grep "a sensitive word in the .docx is a hit" '"source":"secret.docx","kind":"word"[^}]*"found":"内部资料"' "$TMP/out"

# ---- publishing the list: the unread files need a named confirmation ----
check_status "submit the list" 0 $D submit "$LIST" --as 张三
for h in $(sqlite3 "$DB" "SELECT id FROM doc_hit WHERE doc_id = $LIST AND status = 'open'"); do
  $D review "$LIST" --clear "$h" --comment '名单 PDF 由审核人逐页核对' --as 孙七 >/dev/null 2>&1
done
check_grep "the text-layer PDF was screened (its ID numbers were hits)" "list.pdf" <(sqlite3 "$DB" "SELECT source FROM doc_hit WHERE doc_id = $LIST")
check_status "first review" 0 $D review "$LIST" --approve --as 李四
check_status "second review" 0 $D review "$LIST" --approve --as 王五
check_status "sign-off" 0 $D review "$LIST" --approve --as 赵六
check_status "publication is refused without the confirmations" 1 $D publish "$LIST" --as 孙七
check_grep "naming the first file" "could not read \(or, for a recipient list, mask\) 2 attachments, first 'list.pdf'" "$TMP/err"
check_status "confirming one is not enough" 1 $D publish "$LIST" --confirm-unread list.pdf --as 孙七
check_grep "names the other" "1 attachment, first 'scan.pdf'" "$TMP/err"
check_status "a file that was read needs no confirmation" 2 $D publish "$LIST" --confirm-unread list.xlsx --confirm-unread list.pdf --confirm-unread scan.pdf --as 孙七
check_grep "says so" "'list.xlsx' was read and masked by gongkai: there is nothing to confirm" "$TMP/err"
check_status "no such attachment" 2 $D publish "$LIST" --confirm-unread nosuch.pdf --as 孙七
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM doc_attachment WHERE doc_id = $LIST AND confirmed_by <> ''")" = 0 ] \
  && ok "a refused publication confirms nothing" || fail "confirmations left by a refused publication"

# the console: one checkbox naming each file, refused without them
start_server
login gongkaiban
as gongkaiban GET /console/docs/$LIST
check_body "the publish form names list.pdf" 'name="confirm_unread" value="list.pdf"'
check_body "and scan.pdf" 'name="confirm_unread" value="scan.pdf"'
check_not_body "but not a masked file" 'name="confirm_unread" value="list.xlsx"'
check_body "the console says which files were masked" "list.xlsx</a>.*已读取、筛查并脱敏"
as gongkaiban POST /console/docs/$LIST/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d action=publish -d date=2026-11-30 -d channel=website -d confirm_unread=scan.pdf
check_code "publishing with one of two confirmed is refused" 409
check_body "saying a reviewer confirms each" "请审核人逐个核对"
as gongkaiban POST /console/docs/$LIST/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d action=publish -d date=2026-11-30 -d channel=website -d confirm_unread=scan.pdf -d confirm_unread=list.pdf
check_code "publishing with both confirmed" 303
check_status "show" 0 $D show "$LIST"
check_grep "who confirmed the scan, and when" "已由 gongkaiban 于 [0-9]{4}-[0-9]{2}-[0-9]{2}T.* 确认发布" "$TMP/out"
check_grep "the audit trail names each confirmed file" 'attach.confirm' "$TMP/out"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE action = 'attach.confirm' AND entity_id = $LIST AND actor = 'gongkaiban' AND after_json LIKE '%scan.pdf%'")" = 1 ] \
  && ok "one audit entry for scan.pdf" || fail "audit entry for scan.pdf: $(sqlite3 "$DB" "SELECT action, after_json FROM audit WHERE entity_id = $LIST")"

# the command line: a scan published with its confirmation
check_status "add a second list" 0 $D add --title '2026年11月竹沟镇特困供养人员名单公示' --issuer 确山县民政局 \
  --written 2026-11-25 --genre 公示 --body '名单见附件（扫描件）。' --as 张三
LIST2=$(cat "$TMP/out")
check_status "attach the scan" 0 $D attach "$LIST2" "$F/scan.pdf" --as 张三
check_status "submit" 0 $D submit "$LIST2" --as 张三
for who in 李四 王五 赵六; do check_status "approve ($who)" 0 $D review "$LIST2" --approve --as $who; done
check_status "refused without the confirmation" 1 $D publish "$LIST2" --as 孙七
check_status "published with it" 0 $D publish "$LIST2" --confirm-unread scan.pdf --as 孙七
check_status "show" 0 $D show "$LIST2"
check_grep "confirmed by 孙七" "已由 孙七 于 [0-9]{4}-[0-9]{2}-[0-9]{2}T.* 确认发布" "$TMP/out"

# ---- the public downloads the masked copies ----
req GET /doc/$LIST
check_code "the list is public" 200
for f in list.xlsx list.docx list.csv; do
  AID=$(sqlite3 "$DB" "SELECT id FROM doc_attachment WHERE doc_id = $LIST AND name = '$f'")
  curl -s -o "$TMP/dl.$f" "$B/doc/$LIST/files/$AID"
  check_status "the served $f is a valid $f" 0 "$MK" --text "$TMP/dl.$f"
  check_grep "read back as $f" "^${f#list.} read" "$TMP/err"
  check_nogrep "the served $f holds no full name, ID number, mobile number or street" \
    "张三明|欧阳小明|李四|41282219900101123X|412822198503150024|412822197812240010|13812345678|15900001111|18637612345|3组18号|东街9号" "$TMP/out"
  if grep -aqE "41282219900101123X|13812345678|张三明" "$TMP/dl.$f"; then fail "raw bytes of $f hold personal data"; else ok "nor do its raw bytes"; fi
done
if command -v python3 >/dev/null; then
  check "the served .xlsx and .docx are well-formed zip packages of well-formed XML" python3 - "$TMP/dl.list.xlsx" "$TMP/dl.list.docx" <<'EOF'
import sys, zipfile, xml.dom.minidom
for p in sys.argv[1:]:
    z = zipfile.ZipFile(p)
    assert z.testzip() is None, p
    for n in z.namelist():
        if n.endswith('.xml') or n.endswith('.rels'):
            xml.dom.minidom.parseString(z.read(n))
EOF
fi
finish
