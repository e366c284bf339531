#!/usr/bin/env bash
# 依申请公开 for the public over HTTP: the online form (validation, CSRF,
# hostile input), the receipt with its tracking code and the receipt date,
# the follow-up by tracking code and phone (state and deadlines only), the
# per-address limit, and the public JSON follow-up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server

req GET /apply -c "$TMP/jar"
check_code "the application form answers 200" 200
for f in kind name id_number phone email address request delivery; do
  check_body "the form has a labelled field $f" "<label for=\"f-$f\">"
done
check_body "the form explains the 20 working days" "20个工作日"
check_header "the form page is not stored" "^Cache-Control: no-store"
C=$(form_csrf "$TMP/body")

apply() { req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" "$@"; }
apply -d kind=natural_person -d name=张三 -d phone=13800138000 --data-urlencode "request=2025年低保资金发放情况" -d delivery=email -d agree=1
check_code "without an e-mail for e-mail delivery it is refused" 422
check_body "naming the field" 'href="#f-email"'
apply -d kind=natural_person -d phone=13800138000 -d delivery=online -d agree=1
check_code "missing name and request are refused" 422
check_body "the name error is tied to its field" 'aria-describedby="[^"]*e-name"'
check_body "the request error is listed" "请写明所需政府信息"
apply -d kind=natural_person -d name=张三 -d id_number=110101199003074519 -d phone=13800138000 --data-urlencode "request=x" -d delivery=online -d agree=1
check_code "a wrong ID check digit is refused" 422
check_body "saying so in Chinese" "校验位"
apply -d kind=martian -d name=张三 -d phone=13800138000 -d request=x -d delivery=online -d agree=1
check_code "an unknown applicant kind is refused" 422
apply -d kind=natural_person -d name=张三 -d phone=13800138000 -d request=x -d delivery=online
check_code "without the confirmation it is refused" 422
req POST /apply -b "$TMP/jar" -d kind=natural_person -d name=张三 -d phone=13800138000 -d request=x -d delivery=online -d agree=1
check_code "without the CSRF token it is refused" 403

XSS='<script>alert("x")</script>'
apply -d kind=natural_person --data-urlencode "name=李四$XSS" -d id_number=110101199003074514 -d phone=139-0000-1111 \
  --data-urlencode "request=本市2025年养老服务补贴发放名单$XSS' OR 1=1--" -d delivery=online -d agree=1
check_code "a valid application is accepted: 303 to its receipt" 303
check_header "the receipt has an address of its own" "^Location: /apply/receipt/[0-9a-f]{32}"
req GET "$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")"
check_code "the receipt is read with GET" 200
check_body "the receipt gives a tracking code" 'class="code">[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}<'
check_body "and the receipt date the deadline runs from" "答复期限自此日起算"
check_body "and the reply deadline" "20个工作日"
check_not_body "the receipt does not echo the name" "李四"
check_not_body "or the phone" "139-0000-1111"
check_header "the receipt is not stored" "^Cache-Control: no-store"
CODE_T=$(sed -n 's/.*class="code">\([0-9A-Z-]*\)<.*/\1/p' "$TMP/body")
NO=$(sed -n 's/.*<dt>申请编号<\/dt><dd>\([0-9-]*\)<.*/\1/p' "$TMP/body")
check "the application is in the register with the text as typed" \
  sh -c "sqlite3 '$DB' \"SELECT request FROM application WHERE app_no='$NO'\" | grep -qF 'OR 1=1--'"
check "received online today" sh -c "sqlite3 '$DB' \"SELECT channel, received FROM application WHERE app_no='$NO'\" | grep -q \"online|$(date +%F)\""

# follow-up
req GET /apply/track -c "$TMP/jar2"
C2=$(form_csrf "$TMP/body")
track() { req POST /apply/track -b "$TMP/jar2" --data-urlencode "csrf=$C2" "$@"; }
track --data-urlencode "code=$CODE_T" -d phone=13900001111
check_code "follow-up with code and phone answers" 200
check_body "it shows the state" 'class="status-big">办理中<'
check_body "and the deadline" "答复期限"
check_not_body "never the name" "李四"
check_not_body "never the request text" "养老服务补贴发放名单"
lower=$(echo "$CODE_T" | tr 'A-Z' 'a-z' | tr -d '-')
track --data-urlencode "code=$lower" -d phone=13900001111
check_code "the code may be typed in lower case without dashes" 200
track --data-urlencode "code=$CODE_T" -d phone=13900002222
check_code "a wrong phone finds nothing" 404
check_body "without saying which was wrong" "查询码和联系电话相符"
track -d code=short -d phone=1
check_code "a malformed code is 422" 422
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$CODE_T\",\"phone\":\"13900001111\"}"
check_code "the JSON follow-up needs no CSRF token" 200
check_body "it gives the state code" '"state":"processing"'
check_not_body "and no personal data" "李四|13900001111|养老"
req POST /api/v1/public/track -d "code=$CODE_T&phone=13900001111"
check_code "a form post to the JSON follow-up needs the CSRF token" 403

# the per-address limit: 5 an hour (one used above)
for i in 1 2 3 4; do
  apply -d kind=legal_services -d name=某律师事务所 -d phone=0839-5550000 --data-urlencode "request=第$i件" -d delivery=online -d agree=1
done
check_code "the fifth application in an hour is accepted" 303
apply -d kind=legal_services -d name=某律师事务所 -d phone=0839-5550000 -d request=第6件 -d delivery=online -d agree=1
check_code "the sixth is refused" 429
check_body "with a reason" "一小时内提交的申请过多"

# guessing codes: 20 misses an hour
for i in $(seq 1 20); do
  curl -s -o /dev/null -b "$TMP/jar2" --data-urlencode "csrf=$C2" -d "code=ABCD-EFGH-JK$(printf '%02d' $i | tr 0-9 A-J)" -d phone=1 "$B/apply/track"
done
track --data-urlencode "code=$CODE_T" -d phone=13900001111
check_code "after 20 misses the follow-up waits" 429
finish
