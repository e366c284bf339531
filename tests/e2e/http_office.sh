#!/usr/bin/env bash
# The office's own work in the console (issue 18), role by role over HTTP:
# the register of documents (不予公开 needs a reason and a legal basis; the
# counts by attribute equal plain SQL; the attribute's change asked for and
# decided by different roles); channel sends with their counts and a gazette
# issue's contents; the copy package for the archive made, downloaded, read
# back and delivered; a draft reply uploaded with its files (type, size and
# count refused in Chinese), screened before approval (a file that cannot
# be read is never called screened), approved only once checked; the chain in
# the API's application (never in the public follow-up); and the case file
# with the delivery's proof, read back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
"$G" --db "$DB" demo --quiet >"$TMP/demo.out" 2>&1 || { fail "demo database"; done_testing; exit 1; }
# a per-file limit below the request's: a 21 MiB file reaches the handler
sqlite3 "$DB" "INSERT OR REPLACE INTO setting(agency_id, key, value) SELECT id, 'web.upload_limit_mb', '30' FROM agency"
start_server
for u in xinxiyuan shenhe lingdao gongkaiban admin; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
loc() { sed -n 's/^Location: \([^?]*\).*\r$/\1/p' "$TMP/hdr"; }
q() { sqlite3 "$DB" "$1"; }
TODAY=$(date +%F)

# ---- the register of documents ------------------------------------------------
as gongkaiban GET /console/register
check_code "the office opens the register" 200
as admin GET /console/register
check_code "the system administrator does not (三员: no business data)" 403
post xinxiyuan /console/register -d attr=withheld --data-urlencode "title=关于某信访事项的内部请示"
check_code "不予公开 without a reason and a basis is refused" 422
post xinxiyuan /console/register -d attr=withheld --data-urlencode "title=关于某信访事项的内部请示" \
  --data-urlencode "reason=过程性信息" -d basis=art27.on_request
check_code "a basis that backs another attribute is refused" 422
check "the refusals wrote nothing" test "$(q 'SELECT COUNT(*) FROM doc_register')" = 0
post xinxiyuan /console/register -d attr=withheld --data-urlencode "title=关于某信访事项的内部请示" \
  --data-urlencode "reason=过程性信息" -d basis=art16.process --data-urlencode "docno=青民〔2026〕3号"
check_code "the officer registers a 不予公开 document" 303
REG=$(loc | sed 's|/console/register/||')
post gongkaiban /console/register -d attr=active --data-urlencode "title=关于调整低保标准的通知"
check_code "the office registers a 主动公开 one" 303
post shenhe /console/register -d attr=active --data-urlencode "title=某通知"
check_code "a reviewer does not register" 403
as lingdao GET /console/register
for a in active:主动公开 on_request:依申请公开 withheld:不予公开; do
  n=$(q "SELECT COUNT(*) FROM doc_register WHERE attr = '${a%%:*}'")
  check_body "the count of ${a#*:} is what SQL counts ($n)" "${a#*:}<strong>$n</strong>件"
done
as lingdao GET "/console/register?attr=withheld"
check_body "the filter shows the 不予公开 document" "关于某信访事项的内部请示"
check_not_body "and not the 主动公开 one" "关于调整低保标准的通知"
check_body "with its article" "第十六条第二款"
as gongkaiban GET /console/register/$REG
check_body "the office may ask for a change" 'name="to"'
post shenhe /console/register/$REG/attr -d action=request -d to=on_request
check_code "a reviewer may not ask for a change" 403
post xinxiyuan /console/register/$REG/attr -d action=request -d to=on_request --data-urlencode "reason=可依申请提供" -d basis=art27.on_request
check_code "the officer asks for 依申请公开" 303
check "the attribute is unchanged until review" test "$(q "SELECT attr || '/' || pending_attr FROM doc_register WHERE id = $REG")" = "withheld/on_request"
post xinxiyuan /console/register/$REG/attr -d action=approve
check_code "the officer may not decide" 403
post lingdao /console/register/$REG/attr -d action=reject
check_code "a refusal needs its reason" 422
as shenhe GET "/console/register?pending=1"
check_body "the reviewer sees it waiting" "更改待审核"
post shenhe /console/register/$REG/attr -d action=approve
check_code "the reviewer approves the change" 303
check "now 依申请公开, one change" test "$(q "SELECT attr || '/' || changes FROM doc_register WHERE id = $REG")" = "on_request/1"
check "each step in the audit trail" test "$(q "SELECT COUNT(*) FROM audit WHERE entity = 'doc_register' AND entity_id = $REG")" -ge 3

# ---- channels: sends, counts, a gazette issue ---------------------------------------
PUB="state = 'published' AND withdrawn_on IS NULL"
post gongkaiban /console/channels -d kind=wechat --data-urlencode "name=青川民政"
check_code "the office adds its WeChat account" 303
post gongkaiban /console/channels -d kind=gazette --data-urlencode "name=青川市人民政府公报"
check_code "and the gazette" 303
post gongkaiban /console/channels -d kind=weibo --data-urlencode "name=青川民政"
check_code "a second channel of one name is refused" 409
as shenhe GET /console/channels/sends
check_code "a reviewer does not record sends" 403
WX=$(q "SELECT id FROM channel WHERE kind = 'wechat'"); GZ=$(q "SELECT id FROM channel WHERE kind = 'gazette'")
DOCS=$(q "SELECT id FROM doc WHERE $PUB ORDER BY id DESC LIMIT 3")
for d in $DOCS; do
  post gongkaiban /console/channels/sends -d doc=$d -d channel=$WX -d date=$TODAY --data-urlencode "ref=https://mp.weixin.qq.com/s/$d"
  [ "$CODE" = 303 ] || fail "send $d ($CODE)"
  post gongkaiban /console/channels/sends -d doc=$d -d channel=$GZ -d date=$TODAY --data-urlencode "ref=2026年第1期"
  [ "$CODE" = 303 ] || fail "gazette $d ($CODE)"
done
D1=$(echo $DOCS | cut -d' ' -f1)
post gongkaiban /console/channels/sends -d doc=$D1 -d channel=$WX -d date=$TODAY
check_code "sent twice to one channel is refused" 409
check_body "saying so" "already sent"
post gongkaiban /console/channels/sends -d doc=$D1 -d channel=$WX -d date=$(date -d '+3 days' +%F)
check_code "a send in the future is refused" 422
DRAFT=$(q "SELECT id FROM doc WHERE state <> 'published' LIMIT 1")
post gongkaiban /console/channels/sends -d doc=$DRAFT -d channel=$GZ -d date=$TODAY
check_code "a draft goes to no channel" 409
check "the refusals wrote nothing" test "$(q 'SELECT COUNT(*) FROM channel_send')" = 6
as lingdao GET "/console/channels/sends?channel=$WX&year=0"
check_body "the leader sees the WeChat sends" "发送记录（3条）"
as gongkaiban GET /console/channels
for k in wechat:政务微信 gazette:政府公报; do
  n=$(q "SELECT COUNT(DISTINCT x.doc_id) FROM channel_send x JOIN channel c ON c.id = x.channel_id WHERE c.kind = '${k%%:*}' AND x.sent LIKE '$(date +%Y)-%'")
  check_body "${k#*:}: ${n} as SQL counts" "${k#*:}${n}件"
done
as gongkaiban GET "/console/channels/$GZ/issue?ref=2026%E5%B9%B4%E7%AC%AC1%E6%9C%9F"
check_code "the gazette issue's contents" 200
check_header "as a CSV download" 'Content-Disposition: attachment'
check "three documents and the header" test "$(grep -c . "$TMP/body")" = 4
T1=$(q "SELECT title FROM doc WHERE id = $(echo $DOCS | tr ' ' '\n' | sort -n | head -1)")
check_body "with the titles" "$T1"
as gongkaiban GET "/console/channels/$WX/issue?ref=x"
check_code "WeChat has no issues" 422

# ---- the copy package for the archive -------------------------------------------
"$G" --db "$DB" archive settings --workdays 20 --from 2000-01-01 >/dev/null
as gongkaiban GET /console/channels
check_body "copies past their period are marked" 'class="overdue"'
WANT=$(q "SELECT COUNT(*) FROM doc WHERE $PUB")
as gongkaiban GET /console
check_body "the dashboard counts the copies past their period" '<h3>逾期未报送</h3><p class="big">[1-9]'
post gongkaiban /console/archive/packages -d to=archive
check_code "the office makes the archive's package" 303
check "it holds every published document" test "$(q 'SELECT COUNT(*) FROM archive_item')" = "$WANT"
post gongkaiban /console/archive/packages -d to=archive
check_code "nothing left to package: refused" 409
P=$(q "SELECT MAX(id) FROM archive_package")
as gongkaiban GET /console/archive/packages/$P/zip
check_code "the package downloads" 200
cp "$TMP/body" "$TMP/pkg.zip"
python3 - "$TMP/pkg.zip" "$WANT" > "$TMP/zip.txt" 2>&1 <<'PY'
import csv, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.reader(io.StringIO(z.read('metadata.csv').decode('utf-8-sig'))))
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
assert len([n for n in z.namelist() if n.endswith('/正文.txt')]) == int(sys.argv[2])
print('ok', len(rows) - 1)
PY
check "its metadata and texts read back" grep -q '^ok' "$TMP/zip.txt"
as gongkaiban GET /console/archive/packages/999/zip
check_code "no such package" 404
post gongkaiban /console/archive/packages/$P/deliver -d date=$TODAY
check_code "a delivery needs the receiver" 422
post gongkaiban /console/archive/packages/$P/deliver -d date=$TODAY --data-urlencode "receiver=青川市档案馆" -d ref=收字8
check_code "the delivery is recorded" 303
post gongkaiban /console/archive/packages/$P/deliver -d date=$TODAY --data-urlencode "receiver=青川市档案馆"
check_code "delivered twice: refused" 409
as gongkaiban GET /console/channels
check_body "the package shows its delivery" "$TODAY 青川市档案馆"

# ---- a draft reply with its files, screened before approval -------------------------
"$G" --db "$DB" apply settings disclosure.assigners role:office >/dev/null
"$G" --db "$DB" apply register --channel letter --received $TODAY --kind natural_person --name 王五 --phone 13900000000 \
  --request "2025年低保资金发放明细" --delivery paper_pickup >"$TMP/reg.out" 2>&1 || fail "register"
NO=$(grep -oE '[0-9]{4}-[0-9]{5}' "$TMP/reg.out" | head -1)
post gongkaiban /console/applications/$NO/events -d kind=assign -d date=$TODAY -d handler=xinxiyuan
check_code "the office assigns it" 303
printf '序号,姓名,身份证号\n1,王某,11010519491231002X\n' > "$TMP/名单.csv"
printf '\x89PNG\r\n\x1a\n0000000000000000' > "$TMP/回执.png"
printf 'MZ\x90\x00binary' > "$TMP/tool.pdf"
up() { local u=$1; shift; as $u POST "/console/applications/$NO/draft?csrf=$(csrf_of $u)" -F date=$TODAY -F outcome=granted \
  -F "detail=现提供发放明细" "$@"; }
up xinxiyuan -F "files=@$TMP/tool.pdf"
check_code "a file that is not what its name says is refused" 415
check_body "in Chinese" "只接受 PDF"
head -c $((21 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$TMP/big.txt"
up xinxiyuan -F "files=@$TMP/big.txt"
check_code "a file over 20 MiB is refused" 413
check_body "naming the limit" "超过每个文件20 MiB的上限"
rm -f "$TMP/big.txt"
many=(); for i in $(seq 1 21); do echo "第$i页" > "$TMP/p$i.txt"; many+=(-F "files=@$TMP/p$i.txt"); done
up xinxiyuan "${many[@]}"
check_code "more than 20 files are refused" 413
check_body "saying how many" "最多提供20个文件"
check "no refusal drafted anything" test "$(q "SELECT COUNT(*) FROM app_chain_file")" = 0
up gongkaiban -F "files=@$TMP/名单.csv"
check_code "someone else may not draft the officer's case" 409
up xinxiyuan -F "files=@$TMP/名单.csv" -F "files=@$TMP/回执.png"
check_code "the officer drafts the reply with two files" 303
check "both kept with the draft" test "$(q "SELECT COUNT(*) FROM app_chain_file")" = 2
as lingdao GET /console/applications/$NO
check_body "the approver sees the list screened: an ID number found" "已筛查，发现1处</span> 身份证号码1处"
check_body "and the image not screened, never called screened" "未筛查</span> 未能读取文字（不是文字文件（PNG"
post lingdao /console/applications/$NO/events -d kind=return -d date=$TODAY --data-urlencode "comment=名单须脱敏"
check_code "the leader returns it" 303
up xinxiyuan -F keep_files=1
check_code "drafted again keeping the files" 303
check "still two files" test "$(q "SELECT COUNT(*) FROM app_chain_file")" = 2
LTOKEN=$(own_token lingdao approve)
req POST /api/v1/applications/$NO/events -H "Authorization: Bearer $LTOKEN" -H "Content-Type: application/json" \
  -d "{\"kind\":\"approve\",\"date\":\"$TODAY\"}"
check_code "the API's approval before the files are checked is refused too" 409
check_body "naming the files to check" "1件未能筛查"
post lingdao /console/applications/$NO/events -d kind=approve -d date=$TODAY
check_code "approval before the files are checked is refused" 409
check_body "saying why" "1件未能筛查、发现1处疑似个人信息"
post lingdao /console/applications/$NO/events -d kind=approve -d date=$TODAY -d confirm_files=1
check_code "approved once checked" 303

# ---- the chain in the API, never in public ---------------------------------------
TOKEN=$(own_token gongkaiban api)
req GET /api/v1/applications/$NO -H "Authorization: Bearer $TOKEN"
check_code "the API gives the application" 200
python3 - "$TMP/body" > "$TMP/chain.txt" 2>&1 <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["chain"]
assert c["state"] == "approved" and c["handler"] == "xinxiyuan" and c["drafter"] == "xinxiyuan", c
assert c["approver"] == "lingdao" and c["returns"] == 1, c
assert [r["comment"] for r in c["return_comments"]] == ["名单须脱敏"], c["return_comments"]
assert [s["action"] for s in c["steps"]] == ["assign", "draft", "return", "draft", "approve"], c["steps"]
f = {x["name"]: x for x in c["files"]}
assert f["名单.csv"]["screened"] and f["名单.csv"]["hits"] == 1, f
assert not f["回执.png"]["screened"], f
print("ok")
PY
check "handler, drafter, approver, returns with comments, steps, files screened" grep -q '^ok' "$TMP/chain.txt"
sed 's/^/# /' "$TMP/chain.txt" | head -5
post gongkaiban /console/applications/$NO/events -d kind=answer -d date=$TODAY
check_code "the office answers with the approved reply" 303
read -r TRACK < <(q "SELECT tracking FROM application WHERE app_no = '$NO'")
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$TRACK\",\"phone\":\"13900000000\"}"
check_code "the public follow-up answers" 200
check_not_body "without the chain or who handled it" 'chain|handler|xinxiyuan|lingdao|名单'

# ---- the case file with the delivery's proof ----------------------------------------
printf '签收回执\n签收人：王五\n' > "$TMP/签收回执.txt"
"$G" --db "$DB" apply deliver $NO --how paper_pickup --ref 王五 --proof "本人签收" --proof-file "$TMP/签收回执.txt" \
  --date $TODAY --actor 赵敏 >"$TMP/out" 2>&1 || { fail "deliver"; sed 's/^/# /' "$TMP/out"; }
check_status "the case file" 0 "$G" --db "$DB" apply casefile $NO --out "$TMP/case.zip"
python3 - "$TMP/case.zip" > "$TMP/case.out" 2>&1 <<'PY'
import csv, hashlib, io, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
man = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8"))))
proof = [r for r in man if r["kind"] == "proof"]
assert len(proof) == 1 and proof[0]["name"] == "proof/签收回执.txt", proof
data = z.read("proof/签收回执.txt")
assert hashlib.sha256(data).hexdigest() == proof[0]["sha256"]
steps = list(csv.DictReader(io.StringIO(z.read("steps.csv").decode("utf-8"))))
d = [s for s in steps if s["event"] == "deliver"]
assert len(d) == 1 and d[0]["proof"] == "proof/签收回执.txt sha256:" + proof[0]["sha256"], d
assert {"files/名单.csv", "files/回执.png"} <= set(z.namelist())
print("ok")
PY
check "the proof in the ZIP and named on the delivery's row of steps.csv" grep -q '^ok' "$TMP/case.out"
sed 's/^/# /' "$TMP/case.out" | head -5
python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("summary.pdf"))' "$TMP/case.zip" > "$TMP/case.pdf"
pdftotext "$TMP/case.pdf" - | tr -d ' \n' > "$TMP/case.txt"
check_grep "summary.pdf states how and when it was served" "送达：${TODAY}.*签收人：王五；送达凭证：本人签收" "$TMP/case.txt"
check_grep "and the proof file with its text" '送达凭证文件：proof/签收回执.txt.*送达凭证内容：签收回执签收人：王五' "$TMP/case.txt"
stop_server
done_testing
