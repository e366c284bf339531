#!/usr/bin/env bash
# The console's workflows over HTTP, role by role: a document through the
# whole review chain to the portal (with the refusals: wrong role, one person
# approving twice, a return without a reason, publication with an open
# screening hit), attachments checked by type and size, an application
# registered and taken to its reply letter, a review case, the annual report
# generated, checked, downloaded and published, and the audit trail of it all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
for u in xinxiyuan shenhe fushen lingdao gongkaiban admin; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
loc() { sed -n 's/^Location: \([^?]*\).*\r$/\1/p' "$TMP/hdr"; }

# ---- a document through the chain ----
post xinxiyuan /console/docs -d title=关于调整高龄津贴标准的通知 --data-urlencode "docno=青民发[2026]31号" \
  -d issuer=青川市民政局 -d written=$(date +%F) -d category=养老服务 -d genre=通知 -d item=11 \
  --data-urlencode "body=经市人民政府同意，自下月起提高高龄津贴标准。"
check_code "the officer creates a draft" 303
DOC=$(loc | sed 's|/console/docs/||')
check "the 文号 is kept canonically" sh -c "sqlite3 '$DB' \"SELECT docno FROM doc WHERE id=$DOC\" | grep -q '青民发〔2026〕31号'"
post xinxiyuan /console/docs -d title= -d issuer=x -d written=2026-01-01
check_code "a draft without a title is refused" 422
post xinxiyuan /console/docs -d title=明日之文 -d issuer=青川市民政局 -d written=2099-01-01
check_code "a draft written in the future is refused" 422
post shenhe /console/docs -d title=审核人起草 -d issuer=x -d written=2026-01-01
check_code "a reviewer may not draft" 403

post shenhe /console/docs/$DOC/step -d action=approve
check_code "a draft cannot be approved before it is submitted" 403
post xinxiyuan /console/docs/$DOC/step -d action=submit
check_code "the author submits it" 303
as shenhe GET /console/docs/$DOC
check_body "the reviewer is offered the approval" 'value="approve"'
post xinxiyuan /console/docs/$DOC/step -d action=approve
check_code "the author may not approve" 403
post shenhe /console/docs/$DOC/step -d action=return
check_code "a return needs a reason" 409
check_body "and says so" "退回修改须填写意见"
post shenhe /console/docs/$DOC/step -d action=approve -d comment=同意
check_code "first review approves" 303
post shenhe /console/docs/$DOC/step -d action=approve -d comment=同意
check_code "the same reviewer may not approve the second review" 409
check_body "and is told why in Chinese" "一审和二审须由不同的人办理"
post fushen /console/docs/$DOC/step -d action=approve -d comment=同意
check_code "a second reviewer approves" 303
post gongkaiban /console/docs/$DOC/step -d action=publish -d date=$(date +%F) -d channel=website
check_code "it cannot be published before the leader signs" 403
post lingdao /console/docs/$DOC/step -d action=approve -d comment=同意发布
check_code "the leader signs off" 303
post gongkaiban /console/docs/$DOC/step -d action=publish -d date=$(date +%F) -d channel=website -d channel=wechat
check_code "the office publishes" 303
req GET /doc/$DOC
check_code "the document is on the portal" 200
check_body "with its index number" "115111000087654321/20[0-9]{2}-[0-9]{5}"
req GET "/search?q=%E9%AB%98%E9%BE%84%E6%B4%A5%E8%B4%B4"
check_body "and found by search at once" "关于调整高龄津贴标准的通知"

# ---- screening holds a draft with personal data ----
post xinxiyuan /console/docs -d title=某某救助情况说明 -d issuer=青川市民政局 -d written=$(date +%F) \
  --data-urlencode "body=申请人电话13912345678，身份证号110101199003074514。"
HDOC=$(loc | sed 's|/console/docs/||')
post xinxiyuan /console/docs/$HDOC/step -d action=submit
as shenhe GET /console/docs/$HDOC
check_body "the reviewer sees the screening hits" "手机号码"
check_body "and the ID number" "身份证号码"
for u in shenhe fushen lingdao; do post $u /console/docs/$HDOC/step -d action=approve -d comment=同意 >/dev/null; done
post gongkaiban /console/docs/$HDOC/step -d action=publish -d date=$(date +%F) -d channel=website
check_code "publication with open screening hits is refused" 409
check_body "saying what to do" "存在未处理的保密和个人信息审查提示"

# ---- attachments ----
# a one-page PDF without text (gongkai reads it: a scan, to be confirmed at publication)
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' >"$TMP/a.pdf"
as xinxiyuan POST "/console/docs/$HDOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/a.pdf;type=application/pdf"
check_code "the author may not attach in review" 403
post xinxiyuan /console/docs -d title=带附件的通知 -d issuer=青川市民政局 -d written=$(date +%F) -d body=见附件。
ADOC=$(loc | sed 's|/console/docs/||')
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/a.pdf;filename=通知附件.pdf"
check_code "a PDF is attached" 303
as xinxiyuan GET /console/docs/$ADOC
check_body "the console says the PDF's text was not read" "无法读取文字，未筛查、未脱敏"
check_body "and that a reviewer confirms it before publication" "发布前须审核人核对并确认"
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('word/document.xml','<w:document><w:p>'); z.close()" "$TMP/bad.docx"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/bad.docx"
check_code "a damaged .docx is refused" 422
check_body "saying what is wrong" "word/document.xml is not well-formed XML"
printf 'MZ\x90\x00\x03\x00\x00\x00' >"$TMP/evil.pdf"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/evil.pdf"
check_code "an executable named .pdf is refused" 415
cp "$TMP/a.pdf" "$TMP/a.exe"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/a.exe"
check_code "a PDF named .exe is refused" 415
head -c $((21 * 1024 * 1024)) /dev/zero >"$TMP/big.pdf"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/big.pdf"
check_code "an upload over 20 MB is refused" 413
# the agency's attachment limit (setting doc.attachment_max_mb): refused at limit + 1, taken at the limit
"$G" --db "$DB" agency set doc.attachment_max_mb 1 >/dev/null || fail "agency set doc.attachment_max_mb 1"
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' a >"$TMP/over.txt"
head -c $((1024 * 1024)) "$TMP/over.txt" >"$TMP/at.txt"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/over.txt"
check_code "an attachment of 1 MiB + 1 byte is refused" 413
check_body "naming the limit and the setting" "超过上限 1 MiB（设置 doc.attachment_max_mb）"
as xinxiyuan POST "/console/docs/$ADOC/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/at.txt"
check_code "an attachment of 1 MiB is taken" 303
"$G" --db "$DB" agency set doc.attachment_max_mb 64 >/dev/null || fail "agency set doc.attachment_max_mb 64"
as xinxiyuan POST /console/docs/$ADOC/attachments -F "file=@$TMP/a.pdf"
check_code "an upload without the CSRF token is refused" 403
as xinxiyuan GET /console/docs/$ADOC
AID=$(grep -o "/console/docs/$ADOC/files/[0-9]*" "$TMP/body" | head -1)
as xinxiyuan GET "$AID"
check_code "the attachment downloads" 200
check_header "as an attachment" "^Content-Disposition: attachment"

# ---- applications ----
as shenhe GET /console/applications
check_code "a reviewer may not see applications (personal data)" 403
as admin GET /console/applications
check_code "nor may the administrator" 403
as gongkaiban GET /console/applications
check_code "the office sees the register" 200
check_body "with overdue rows in red" 'class="overdue"'
check_body "and rows due within 3 working days in amber" 'class="soon"'
post xinxiyuan /console/applications -d channel=in_person -d received=$(date +%F) -d submitted=$(date +%F) \
  -d kind=natural_person -d name=王五 -d id_number=110101199003074514 -d phone=13700001234 \
  --data-urlencode "request=2025年本市临时救助资金使用情况" -d delivery=paper_pickup
check_code "the officer registers a paper application" 303
ANO=$(loc | sed 's|/console/applications/||')
post xinxiyuan /console/applications -d channel=in_person -d received=2099-01-01 -d kind=natural_person -d name=x -d phone=123456 -d request=x -d delivery=on_site
check_code "a receipt date in the future is refused" 422
as gongkaiban GET /console/applications/$ANO
check_body "the office sees the applicant" "王五"
check_body "and the tracking code" "查询码"
post xinxiyuan /console/applications/$ANO/events -d kind=answer -d outcome=granted
check_code "the officer may not answer" 403
post gongkaiban /console/applications/$ANO/events -d kind=extend -d days=30 -d approver=赵敏 -d reason=量大
check_code "an extension over 20 working days is refused" 422
post gongkaiban /console/applications/$ANO/events -d kind=supplement_request -d date=$(date +%F) --data-urlencode "what=请写明乡镇" -d by=$(date -d '+10 days' +%F)
check_code "the office asks for supplementation" 303
post gongkaiban /console/applications/$ANO/events -d kind=supplement_request -d date=$(date +%F) -d what=again -d by=$(date -d '+10 days' +%F)
check_code "only one supplementation notice" 409
post gongkaiban /console/applications/$ANO/events -d kind=supplement_received -d date=$(date +%F)
check_code "the supplement arrives" 303
post gongkaiban /console/applications/$ANO/events -d kind=answer -d date=$(date +%F) -d outcome=granted --data-urlencode "detail=现提供相关文件2页。"
check_code "no answer before the reply is drafted and approved (issue 18)" 409
check_body "saying what is missing" "no approved reply"
as gongkaiban GET /console/applications/$ANO
check_body "the office sees the assignment form" 'name="handler"'
check_nogrep "and no answer form yet" 'value="answer"' "$TMP/body"
post xinxiyuan /console/applications/$ANO/events -d kind=assign -d date=$(date +%F) -d handler=xinxiyuan
check_code "the officer may not assign" 409
post gongkaiban /console/applications/$ANO/events -d kind=assign -d date=$(date +%F) -d handler=xinxiyuan
check_code "the office assigns it to the officer" 303
as xinxiyuan GET /console
check_body "the officer's dashboard lists it under 交我承办" "交我承办（1）"
post gongkaiban /console/applications/$ANO/events -d kind=draft -d date=$(date +%F) -d outcome=granted
check_code "someone else may not draft the officer's case" 409
post xinxiyuan /console/applications/$ANO/events -d kind=draft -d date=$(date +%F) -d outcome=granted --data-urlencode "detail=现提供相关文件2页。"
check_code "the officer drafts the reply" 303
as lingdao GET /console
check_body "the leader's dashboard lists it under 待我审批" "待我审批（1）"
post lingdao /console/applications/$ANO/events -d kind=return -d date=$(date +%F)
check_code "a return needs the comment" 422
post lingdao /console/applications/$ANO/events -d kind=return -d date=$(date +%F) --data-urlencode "comment=请注明页数"
check_code "the leader returns it" 303
as xinxiyuan GET /console
check_body "back on the officer's dashboard" "退回我修改（1）"
post xinxiyuan /console/applications/$ANO/events -d kind=draft -d date=$(date +%F) -d outcome=granted --data-urlencode "detail=现提供相关文件2页。"
check_code "drafted again" 303
post lingdao /console/applications/$ANO/events -d kind=approve -d date=$(date +%F)
check_code "the leader approves" 303
as gongkaiban GET /console/applications/$ANO
check_body "the answer form gives the approved reply" "按审批同意的意见答复"
post gongkaiban /console/applications/$ANO/events -d kind=answer -d date=$(date +%F)
check_code "the office answers with the approved reply" 303
as gongkaiban GET /console/applications/$ANO/letter
check_code "the reply letter prints" 200
check_body "it states the remedies: review within 60 days" "60日"
check_body "or a lawsuit within 6 months" "6个月"
check_body "with the legal basis" "第三十六条"

# ---- a review case ----
post gongkaiban /console/cases -d kind=review -d app=$ANO -d filed=$(date +%F) -d body=青川市人民政府 -d case_no=青府复〔2026〕1号
check_code "the office records a review case" 303
CID=$(sqlite3 "$DB" "SELECT max(id) FROM review_case")
post gongkaiban /console/cases/$CID/close -d result=upheld -d date=$(date +%F)
check_code "and closes it" 303
post shenhe /console/cases -d kind=review -d app=$ANO -d filed=$(date +%F) -d body=x
check_code "a reviewer may not record cases" 403

# ---- the annual report ----
Y=$(( $(date +%Y) - 1 ))
as shenhe GET "/console/report?year=$Y"
check_code "a reviewer may not generate the report" 403
as gongkaiban GET "/console/report?year=$Y"
check_code "the office generates last year's report" 200
check_body "it is checked" "勾稽关系校验"
check_body "with a preview of table 三" "本年新收政府信息公开申请数量"
as gongkaiban GET "/console/report/$Y/report.xlsx"
check_code "the XLSX downloads" 200
as gongkaiban GET "/console/report/$Y/report.docx"
check_code "the report as a 公文 in Word (issue 18)" 200
check "a Word document" sh -c "head -c 2 '$TMP/body' | grep -q PK"
as gongkaiban GET "/console/report/$Y/report.pdf"
check_code "and as PDF" 200
check "a PDF" sh -c "head -c 5 '$TMP/body' | grep -q '%PDF-'"
as gongkaiban GET /console
check_body "the dashboard shows copies for the archive and the library past their period" "逾期未报送"
as gongkaiban GET /console/channels
check_code "the office's 渠道与报送 page" 200
check_body "lists the copies waiting, those past their day marked" '<tr class="overdue"><td>档案馆</td>'
as xinxiyuan GET /console/channels
check_code "an officer may not open it" 403
as gongkaiban GET "/console/report?year=1990"
check_code "a year before 2019 is refused" 400
# the demo published it: a correction is a new draft with its 更正说明, signed off, published
post gongkaiban /console/report/$Y --data-urlencode "overview=本年度工作总体情况。" -d problems=无 -d other=无 \
  --data-urlencode "correction_note=更正总体情况的文字。" -d action=save
check_code "the office saves a corrected draft" 303
post gongkaiban /console/report/$Y -d action=publish
check_code "it cannot be published before the sign-off" 409
post lingdao /console/report/$Y -d action=signoff
check_code "the leader signs it off" 303
post gongkaiban /console/report/$Y -d action=publish
check_code "the office publishes the correction" 303
req GET /reports/$Y
check_body "the portal shows the new text" "本年度工作总体情况。"
check_body "with its 更正说明" "更正总体情况的文字。"

# ---- the other console pages ----
for u_p in "gongkaiban /console/account" "admin /console/users/new" "admin /console/tokens" \
           "xinxiyuan /console/applications/new" "gongkaiban /console/cases" "lingdao /console/docs" \
           "xinxiyuan /console/docs/new" "gongkaiban /console/applications?state=answered"; do
  set -- $u_p
  as $1 GET "$2"
  check_code "$1 opens $2" 200
done
UID3=$(sqlite3 "$DB" "SELECT id FROM app_user WHERE login='xinxiyuan'")
as admin GET /console/users/$UID3
check_body "the account form shows the login" "xinxiyuan"
post admin /console/tokens -d user=$UID3 -d name=浏览器发放
check_code "admin cannot issue a token for another account" 403
post xinxiyuan /console/tokens -d name=浏览器发放
check_code "the account creates its own token in the console" 200
check_body "shown once" "gk_[0-9a-f]{64}"
TID=$(sqlite3 "$DB" "SELECT max(id) FROM api_token")
post admin /console/tokens/$TID/revoke
check_code "and the administrator revokes it" 303
post xinxiyuan /console/docs -d title=待修改的稿件 -d issuer=青川市民政局 -d written=$(date +%F) -d body=初稿。
EDOC=$(loc | sed 's|/console/docs/||')
as xinxiyuan GET /console/docs/$EDOC/edit
check_code "the author opens the edit form" 200
post xinxiyuan /console/docs/$EDOC/edit -d title=已修改的稿件 -d issuer=青川市民政局 -d written=$(date +%F) -d body=二稿。
check_code "and saves a new version" 303
check "the title changed" sh -c "sqlite3 '$DB' \"SELECT title FROM doc WHERE id=$EDOC\" | grep -q 已修改的稿件"
as shenhe GET /console/docs/$EDOC/edit
check_code "a reviewer may not edit a draft" 403

# ---- the audit trail ----
login shenji
as shenji GET "/console/audit?entity=document&id=$DOC"
check_body "the document's steps are in the audit trail" "提交审核"
check_body "with who published it" "gongkaiban"
as lingdao GET "/console/audit?entity=application"
check_code "the leader reads the audit trail" 200
finish
