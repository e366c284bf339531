#!/usr/bin/env bash
# Letters to stamp from the console (issue 16 item 4): a paper application
# registered by the officer gets a printable receipt with its tracking code;
# the application page links every letter it has as Word and PDF; each
# download reads back with the 公文 parts in order; a letter not due yet is
# 409, an unknown one 404, a role that may not see applications 403.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
for u in xinxiyuan gongkaiban admin; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
loc() { sed -n 's/^Location: \([^?]*\).*\r$/\1/p' "$TMP/hdr"; }
# in_order NAME FILE PART...: the text of FILE (white space removed) holds the parts in order
in_order() {
  local name=$1 file=$2; shift 2
  case "$file" in *.pdf) pdftotext "$file" - ;; *) "$G" report text "$file" ;; esac | tr -d ' \t\r\n\f' >"$TMP/flat"
  python3 - "$TMP/flat" "$@" <<'PY' && ok "$name" || fail "$name"
import sys
text, at = open(sys.argv[1], encoding="utf-8").read(), 0
for part in sys.argv[2:]:
    i = text.find(part, at)
    if i < 0:
        print("# missing: %s\n# in: %s" % (part, text[at:at + 300])); sys.exit(1)
    at = i + len(part)
PY
}
AGENCY=$(sqlite3 "$DB" "SELECT name FROM agency ORDER BY id LIMIT 1")

post xinxiyuan /console/applications -d channel=in_person -d received=$(date +%F) -d submitted=$(date +%F) \
  -d kind=natural_person -d name=王五 -d id_number=110101199003074514 -d phone=13700001234 \
  --data-urlencode "request=2025年本市临时救助资金使用情况<&>" -d delivery=paper_pickup
check_code "the officer registers a paper application" 303
ANO=$(loc | sed 's|/console/applications/||')
as xinxiyuan GET /console/applications/$ANO
CODE_T=$(grep -o '<dt>查询码</dt><dd>[^<]*' "$TMP/body" | sed 's/.*<dd>//')
[ -n "$CODE_T" ] && ok "the page shows the tracking code ($CODE_T)" || fail "no tracking code"
check_body "links the receipt as PDF" "/console/applications/$ANO/documents/receipt.pdf"
check_body "and as Word" "/console/applications/$ANO/documents/receipt.docx"
check_nogrep "no reply letter link while open" 'documents/reply\.' "$TMP/body"
for f in pdf docx; do
  as xinxiyuan GET /console/applications/$ANO/documents/receipt.$f; cp "$TMP/body" "$TMP/receipt.$f"
  check_code "the receipt downloads as $f" 200
  check_grep "its content type" "^Content-Type: $([ $f = pdf ] && echo application/pdf || echo application/vnd.openxmlformats-officedocument.wordprocessingml.document)" "$TMP/hdr"
  check_grep "as an attachment named by number" "Content-Disposition: attachment; filename=\"$ANO-receipt.$f\"" "$TMP/hdr"
  in_order "the $f receipt: 版头, 发文字号, 标题, 主送, 查询码, 落款, 成文日期" "$TMP/receipt.$f" \
    "$AGENCY" "编号：$ANO" 政府信息公开申请受理回执 王五： "资金使用情况<&>" "查询码：$CODE_T" "$AGENCY" "$(date +%Y)年"
done
as xinxiyuan GET /console/applications/$ANO/documents/reply.pdf
check_code "no reply letter while open (409)" 409
check_body "says so" '还没有答复告知书'
for bad in memo.pdf receipt.doc receipt receipt.pdf.exe .pdf; do
  as xinxiyuan GET "/console/applications/$ANO/documents/$bad"
  check_code "unknown document '$bad' (404)" 404
done
as xinxiyuan GET /console/applications/2099-99999/documents/receipt.pdf
check_code "unknown application (404)" 404
as admin GET /console/applications/$ANO/documents/receipt.pdf
check_code "the system administrator may not see applications (403)" 403
req GET /console/applications/$ANO/documents/receipt.pdf
check_code "nobody signed in gets the login page" 303

post gongkaiban /console/applications/$ANO/events -d kind=supplement_request -d date=$(date +%F) --data-urlencode "what=请写明乡镇" -d by=$(date -d '+10 days' +%F)
check_code "a supplementation notice" 303
post gongkaiban /console/applications/$ANO/events -d kind=supplement_received -d date=$(date +%F)
check_status "the office answers (through the handling chain)" 0 \
  chain_answer "$G --db $DB" "$ANO" "$(date +%F)" --outcome granted --detail "现提供相关文件2页。"
as gongkaiban GET /console/applications/$ANO
for k in receipt supplement reply; do
  check_body "the page links the $k" "documents/$k.pdf"
done
for f in pdf docx; do
  as gongkaiban GET /console/applications/$ANO/documents/supplement.$f; cp "$TMP/body" "$TMP/sup.$f"
  check_code "the supplementation notice as $f" 200
  in_order "in order" "$TMP/sup.$f" "$AGENCY" "编号：$ANO" 政府信息公开申请补正告知书 王五： 请写明乡镇 第三十条 "$AGENCY"
  as gongkaiban GET /console/applications/$ANO/documents/reply.$f; cp "$TMP/body" "$TMP/reply.$f"
  check_code "the reply letter as $f" 200
  in_order "in order" "$TMP/reply.$f" "$AGENCY" "编号：$ANO" 政府信息公开申请答复告知书 王五： 现答复如下： 现提供相关文件2页。 "$AGENCY"
done
stop_server
done_testing
