#!/usr/bin/env bash
# Talking with the public over HTTP: the message form (CSRF, validation,
# hostile input, one record per form, the per-address limit), follow-up by
# code and phone, the console's message steps by role (refusals shown with
# the reason), comment on drafts (form, moderation, 采纳情况), suggestions
# published only once their reply passed the review chain — and no asker's,
# commenter's or deputy's personal data on any public page or public API.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
day() { date -u -d "$1 days" +%F; }   # the server runs on today's date
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; done_testing; exit 1; }
# a consultation that has ended, with a comment received on paper while it ran
GONGKAI_TODAY=$(day -10) "$G" --db "$DB" consult open --kind other --title 已结束的草案 --opens $(day -40) --closes $(day -10) >/dev/null
GONGKAI_TODAY=$(day -10) "$G" --db "$DB" consult comment 1 --body 纸质意见 --name 纸质提交人 --contact 13522220000 --date $(day -20) >/dev/null
start_server
PHONE=13712345678
XSS='<script>alert("x")</script>'

req GET /messages/new -c "$TMP/jar"
check_code "the message form answers 200" 200
for f in kind subject body name phone email; do
  check_body "the form has a labelled field $f" "<label for=\"f-$f\">"
done
check_header "the form page is not stored" "^Cache-Control: no-store"
C=$(form_csrf "$TMP/body")
T=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
send() { req POST /messages -b "$TMP/jar" --data-urlencode "csrf=$C" "$@"; }
req POST /messages -b "$TMP/jar" -d kind=consult -d body=问 -d phone=$PHONE
check_code "without the CSRF token it is refused" 403
send -d kind=consult -d phone=$PHONE
check_code "an empty message is refused" 422
check_body "saying so" "请填写留言内容"
send -d kind=consult --data-urlencode "body=问" 
check_code "without a phone it is refused" 422
send -d kind=consult --data-urlencode "body=$(printf '长%.0s' $(seq 5001))" -d phone=$PHONE
check_code "an over-long message is refused whole" 422
send -d kind=consult --data-urlencode "subject=低保申请材料$XSS" --data-urlencode "body=请问城市低保需要什么材料？$XSS" \
  --data-urlencode "name=王大明" -d phone=$PHONE -d email=wdm@example.com -d public=1 -d form_token=$T
check_code "a message is accepted" 200
check_body "the receipt shows a follow-up code" 'class="code">[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}<'
CODE1=$(grep -o 'class="code">[^<]*' "$TMP/body" | sed 's/.*>//')
check_body "and the deadline" "答复期限"
send -d kind=consult --data-urlencode "body=请问城市低保需要什么材料？" -d phone=$PHONE -d form_token=$T
check_code "the same form again answers with the first receipt" 200
check_body "the same code" "$CODE1"
check "one message for one form" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM message")" = 1

req GET /messages/track -c "$TMP/jar2"
C2=$(form_csrf "$TMP/body")
req POST /messages/track -b "$TMP/jar2" --data-urlencode "csrf=$C2" -d code=$CODE1 -d phone=13700000000
check_code "follow-up with another phone finds nothing" 404
req POST /messages/track -b "$TMP/jar2" --data-urlencode "csrf=$C2" -d code=$(echo $CODE1 | tr -d - | tr A-Z a-z) -d phone=$PHONE
check_code "follow-up by code (typed in lower case) and phone" 200
check_body "shows the state" "待分办"

# ---- the console -------------------------------------------------------------
login xinxiyuan
login gongkaiban
as gongkaiban GET /console/messages
check_code "the office sees the register" 200
check_body "the message is listed" "$CODE1"
check_body "its text escaped" '&lt;script&gt;'
check_not_body "never raw" '<script>alert'
ID=$(sqlite3 "$DB" "SELECT id FROM message WHERE code = '$CODE1'")
step() { local u=$1; shift; as $u POST /console/messages/$ID/step --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
as gongkaiban POST /console/messages/$ID/step -d event=assign -d text=张经办
check_code "a step without the CSRF token is refused" 403
step gongkaiban -d event=answer --data-urlencode "text=答"
check_code "answering before assignment is refused" 409
check_body "with the reason" "待分办"
step gongkaiban -d event=assign --data-urlencode "text=张经办"
check_code "assign" 303
step gongkaiban -d event=answer --data-urlencode "text=请携带身份证、户口簿到街道办事处申请。$XSS"
check_code "answer" 303
step gongkaiban -d event=visit -d rating=satisfied
check_code "visit closes it" 303
step gongkaiban -d event=publish
check_code "publish (the asker allowed it)" 303
step xinxiyuan -d event=unpublish
check_code "an officer cannot take steps" 403
as gongkaiban GET /console/messages/$ID
check_body "the history lists every step" "visit"
check_body "staff see the phone" "$PHONE"

# a 12345 work order about disclosure work, registered in the console, answers approved by another person
"$G" --db "$DB" agency set message.review on >/dev/null
as gongkaiban GET /console/messages
MT=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
as gongkaiban POST /console/messages --data-urlencode "csrf=$(csrf_of gongkaiban)" -d form_token=$MT -d source=hotline \
  -d kind=disclosure -d order_no=GD-HTTP-1 --data-urlencode "body=投诉未公开低保资金情况" --data-urlencode "name=投诉人乙" -d phone=13600001234
check_code "the office registers a work order" 303
as gongkaiban POST /console/messages --data-urlencode "csrf=$(csrf_of gongkaiban)" -d form_token=$MT -d source=hotline \
  -d kind=disclosure -d order_no=GD-HTTP-1 --data-urlencode "body=投诉未公开低保资金情况"
check_code "the same form again leads to the same record" 303
check "registered once" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM message WHERE order_no = 'GD-HTTP-1'")" = 1
ID=$(sqlite3 "$DB" "SELECT id FROM message WHERE order_no = 'GD-HTTP-1'")
step gongkaiban -d event=assign --data-urlencode "text=赵敏"
step gongkaiban -d event=answer --data-urlencode "text=已补充公开。"
check_code "answered, waiting for approval" 303
check "waits for approval" test "$(sqlite3 "$DB" "SELECT state FROM message WHERE id = $ID")" = review
step gongkaiban -d event=approve
check_code "the writer cannot approve" 409
login admin
as admin GET /console/messages/$ID
check_code "the administrator is not given the register" 403
step gongkaiban -d event=return --data-urlencode "text=补充链接"
check_code "returned" 303
check "back to the handler" test "$(sqlite3 "$DB" "SELECT state FROM message WHERE id = $ID")" = assigned
step gongkaiban -d event=answer --data-urlencode "text=已补充公开，见链接。"
login lingdao
step lingdao -d event=answer --data-urlencode "text=x"
check_code "the leader takes no handling step" 403
step lingdao -d event=approve
check_code "the leader approves the answer" 303
check "answered" test "$(sqlite3 "$DB" "SELECT state FROM message WHERE id = $ID")" = answered
step gongkaiban -d event=visit -d rating=basic
check_code "closing before the hotline reply is refused" 409
step gongkaiban -d event=hotline --data-urlencode "text=HF-1"
check_code "the reply returned to 12345" 303
step gongkaiban -d event=visit -d rating=basic
check_code "closing without the rectification is refused" 409
step gongkaiban -d event=rectify --data-urlencode "text=已补充公开2025年低保资金发放情况。"
check_code "rectified" 303
step gongkaiban -d event=visit -d rating=basic
check_code "closed" 303
"$G" --db "$DB" agency set message.review off >/dev/null

# the public list
req GET /messages
check_code "the public list answers 200" 200
check_body "shows the exchange" "街道办事处申请"
check_body "the asker's name masked" "王\*明"
check_not_body "not the full name" "王大明"
check_not_body "no phone" "$PHONE"
check_not_body "no e-mail" "wdm@example.com"
check_not_body "never raw script" '<script>alert'

# ---- comment on drafts ---------------------------------------------------------
as xinxiyuan GET /console/consultations
FT=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
as xinxiyuan POST /console/consultations --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d form_token=$FT -d kind=decision \
  --data-urlencode "title=城市低保标准调整方案（征求意见稿）" -d opens=$(day 0) -d closes=$(day 14)
check_code "a 14-day period for a decision is refused" 422
check_body "citing the minimum" "一般不少于30日"
as xinxiyuan POST /console/consultations --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d form_token=$FT -d kind=decision \
  --data-urlencode "title=城市低保标准调整方案（征求意见稿）" -d opens=$(day 0) -d closes=$(day 30)
check_code "a 30-day consultation is opened" 303
req GET /consultations/2 -c "$TMP/jar3"
check_code "its public page" 200
check_body "has the comment form" '<label for="f-body">'
C3=$(form_csrf "$TMP/body")
T3=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
req POST /consultations/2/comments -b "$TMP/jar3" --data-urlencode "csrf=$C3" -d form_token=$T3 \
  --data-urlencode "body=建议提高标准$XSS" --data-urlencode "name=评论人甲" -d contact=13811112222
check_code "a comment is received" 200
check_body "awaiting moderation" "经审核后公开"
req POST /consultations/2/comments -b "$TMP/jar3" --data-urlencode "csrf=$C3" -d form_token=$T3 \
  --data-urlencode "body=建议提高标准$XSS"
check "one comment for one form" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM consultation_comment WHERE consult_id = 2")" = 1
req GET /consultations/1 -c "$TMP/jar4"
check_not_body "an ended consultation has no form" '<label for="f-body">'
CID=$(sqlite3 "$DB" "SELECT id FROM consultation_comment WHERE consult_id = 2")
as xinxiyuan POST /console/consultations/2/comments/$CID --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d decision=hide
check_code "hiding without a reason is refused" 422
as xinxiyuan POST /console/consultations/2/comments/$CID --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d decision=show
check_code "shown" 303
req GET /consultations/2
check_body "the comment is public" "建议提高标准"
check_not_body "not its author" "评论人甲"
check_not_body "nor the contact" "13811112222"
check_not_body "escaped" '<script>alert'
as xinxiyuan POST /console/consultations/2/result --data-urlencode "csrf=$(csrf_of xinxiyuan)"
check_code "the 采纳情况 before the end is refused" 409
# the ended one: decide, then publish the result
PID=$(sqlite3 "$DB" "SELECT id FROM consultation_comment WHERE consult_id = 1")
as xinxiyuan POST /console/consultations/1/result --data-urlencode "csrf=$(csrf_of xinxiyuan)"
check_code "the 采纳情况 with an undecided comment is refused" 409
as xinxiyuan POST /console/consultations/1/comments/$PID --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d decision=show
as xinxiyuan POST /console/consultations/1/comments/$PID --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d decision=not
check_code "not adopted without a reason is refused" 422
as xinxiyuan POST /console/consultations/1/comments/$PID --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d decision=not \
  --data-urlencode "reason=超出本次征求意见范围"
check_code "decided" 303
as xinxiyuan POST /console/consultations/1/result --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d final_doc=1
check_code "the 采纳情况 is published" 303
req GET /consultations/1
check_body "with the counts" "共收到意见建议1条"
check_body "and a link to the final document" 'href="/doc/1"'
check_not_body "not the paper commenter" "纸质提交人"
req GET "/doc/1"
check_body "the final document links its consultation" 'href="/consultations/1"'
check_body "and shows the 采纳情况" "共收到意见建议1条"
check_not_body "nor the paper contact" "13522220000"

# ---- suggestions: public once the reply passed the review chain ---------------------
as gongkaiban GET /console/suggestions
ST=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
as gongkaiban POST /console/suggestions --data-urlencode "csrf=$(csrf_of gongkaiban)" -d form_token=$ST -d kind=npc -d role=lead \
  -d number=第7号 --data-urlencode "author=刘代表" -d contact=13900001111 --data-urlencode "title=关于完善临时救助的建议" -d assigned=$(day -30)
check_code "a suggestion is registered" 303
SID=$(sqlite3 "$DB" "SELECT id FROM suggestion")
as gongkaiban POST /console/suggestions/$SID/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d event=reply \
  --data-urlencode "text=经研究，已采纳。" -d class=A
check_code "replied" 303
as gongkaiban POST /console/suggestions/$SID/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d event=rate -d rating=satisfied
check_code "rated by the deputy" 303
as gongkaiban POST /console/suggestions/$SID/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d event=extend \
  -d until=$(day 200) --data-urlencode "text=涉及多部门"
check_code "an extension after the reply is refused" 409
as gongkaiban POST /console/suggestions/$SID/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d event=publish
check_code "sent to publication" 303
check "a catalogue draft under 建议提案办理" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM doc WHERE category = '建议提案办理' AND state = 'draft'")" = 1
req GET /suggestions
check_not_body "not public before review" "临时救助"
DID=$(sqlite3 "$DB" "SELECT doc_id FROM suggestion")
# published behind the server's back (the review chain itself is e2e_http_docs'); the large-text
# page is another cache entry, made afresh
sqlite3 "$DB" "UPDATE doc SET state = 'published', published = '$(day 0)', index_no = 'X/2026-99999' WHERE id = $DID"
req GET "/suggestions?size=large"
check_body "public once published" "关于完善临时救助的建议"
check_not_body "no deputy's contact" "13900001111"

# ---- no personal data anywhere public ------------------------------------------------
for p in / /messages /consultations /consultations/1 /consultations/2 /suggestions /api/v1/public/documents; do
  req GET "$p"
  for pii in "$PHONE" 13811112222 13522220000 13900001111 王大明 评论人甲 纸质提交人 wdm@example.com; do
    if grep -q -- "$pii" "$TMP/body"; then fail "$p shows $pii"; fi
  done
done
ok "no public page shows an asker's, a commenter's or a deputy's personal data"
finish
