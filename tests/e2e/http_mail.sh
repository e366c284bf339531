#!/usr/bin/env bash
# E-mail through a real SMTP server (issue 16, item 3) and the delivery of the
# reply (送达): a local SMTP server (Debian's python3-aiosmtpd, smtp_sink.py)
# writes each message it accepts to a directory. The server's worker sends:
# an application registered, a supplementation notice, the supplement, the
# answer: the applicant's three mails and staff's notice arrive once each,
# with the right content (parsed by Python's email package); the reply by
# e-mail counts as delivered, the public follow-up says so and shows the
# letter. With the SMTP server stopped, the mail is kept, retried, shown on
# the console, and sent once when the server is back. A reply by post is
# delivered only when staff record its tracking number.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
PY=/usr/bin/python3   # Debian's, where python3-aiosmtpd is
MBOX=$TMP/mbox
SINK_PID=
stop_sink() { [ -n "$SINK_PID" ] && kill -TERM "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; SINK_PID=; }
trap 'stop_sink; stop_server; rm -rf "$TMP"' EXIT
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_sink() {
  : >"$TMP/sink.out"
  $PY "$GONGKAI_SRC/tests/e2e/smtp_sink.py" "$MBOX" "$PORT" >"$TMP/sink.out" 2>&1 &
  SINK_PID=$!
  local i
  wait_until 60 grep -q '^ready' "$TMP/sink.out" && return 0
  fail "the SMTP server starts"; sed 's/^/# /' "$TMP/sink.out"
}
# mails: one line per message: To, Subject, then the body's lines joined by " / "
mails() {
  $PY - "$MBOX" <<'PYEOF'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    body = m.get_content().replace("\n", " / ")
    print("%s\t%s\t%s\t%s" % (m["To"], m["Subject"], m["Message-ID"], body))
PYEOF
}

start_sink
DB=$TMP/g.db
demo_db "$DB" || fail "demo database"
M="$G --db $DB mail"
for kv in "mail.host 127.0.0.1" "mail.port $PORT" "mail.from gongkai@qc.gov.cn" "mail.starttls no" \
          "mail.staff_to staff@qc.gov.cn" "mail.retry_s 1"; do
  $M settings $kv >/dev/null 2>"$TMP/err" || { fail "mail settings $kv"; sed 's/^/# /' "$TMP/err"; }
done
check_status "mail settings shows them" 0 $M settings
check_grep "the host" "^mail.host +127.0.0.1" "$TMP/out"
check_status "an unknown setting is refused" 2 $M settings mail.hots x
check_grep "naming it" "mail.hots: unknown setting" "$TMP/err"
start_server

A="$G --db $DB apply"
TODAY=$(date +%F)
check_status "register an application asking for e-mail" 0 $A register --channel online --received "$TODAY" \
  --kind natural_person --name 王小明 --phone 13800001111 --email wxm@example.com \
  --request "2025年城乡低保资金发放情况" --delivery email
NO=$(sed -n 's/^已登记 \([0-9-]*\).*/\1/p' "$TMP/out")
CODE_T=$(sed -n 's/^  查询码 *\([A-Z0-9-]*\).*/\1/p' "$TMP/out")
# wait_for PATTERN: until a mail matching PATTERN has arrived (120 s at most)
mail_seen() { mails 2>/dev/null | grep -q "$1"; }
wait_for() { wait_until 120 mail_seen "$1"; }
if wait_for "^staff@qc.gov.cn	新的政府信息公开申请 $NO	" && wait_for "^wxm@example.com	.*已收到（$NO）"; then
  ok "the worker sends the receipt and staff's notice"
else
  fail "no mail arrived"; sed 's/^/# /' "$TMP/serve.err"
fi
check_status "the supplementation notice" 0 $A supplement "$NO" --what "请写明所需信息的年度和区县" --by "$(date -d '+10 days' +%F)"
wait_for "补正告知书（$NO）" || fail "the notice was not mailed"
check_status "the supplement received" 0 $A supplement "$NO" --received
check_status "the answer (through the handling chain)" 0 chain_answer "$G --db $DB" "$NO" "$(date +%F)" --outcome granted
wait_for "答复告知书（$NO）" || fail "the reply was not mailed"
mails >"$TMP/mails"
check_grep "the receipt to the applicant, subject encoded and read back" "^wxm@example.com	青川市民政局：政府信息公开申请已收到（$NO）	" "$TMP/mails"
check_grep "it names the applicant and gives the tracking code" "王小明： .*查询码：$CODE_T" "$TMP/mails"
check_grep "staff's notice of the new application" "^staff@qc.gov.cn	新的政府信息公开申请 $NO	.*2025年城乡低保资金发放情况" "$TMP/mails"
check_nogrep "staff's notice carries no personal data" "^staff@.*(王小明|13800001111)" "$TMP/mails"
check_grep "the supplementation notice with what to supplement" "^wxm@example.com	青川市民政局：政府信息公开申请补正告知书（$NO）	.*请写明所需信息的年度和区县" "$TMP/mails"
check_grep "the reply letter with its outcome" "^wxm@example.com	青川市民政局：政府信息公开申请答复告知书（$NO）	.*予以公开" "$TMP/mails"
check_grep "with the remedies" "答复告知书（$NO）.*行政复议" "$TMP/mails"
check "four messages about it, each once" test "$(grep -c "$NO）\|申请 $NO" "$TMP/mails")" -eq 4
check_grep "staff's due-soon reminders went out for the demo's urgent applications" "^staff@qc.gov.cn	申请 [0-9-]+ 将于.*到期（答复期限）" "$TMP/mails"
check "every Message-ID differs" test "$(cut -f3 "$TMP/mails" | sort -u | wc -l)" -eq "$(wc -l <"$TMP/mails")"
check_status "the outbox lists them" 0 $M list
check_grep "all sent" "待发送 0 封" "$TMP/out"

# the reply mailed to an applicant who asked for e-mail is its delivery
served() { $A show "$NO" >"$TMP/show" 2>&1; grep -q '^  送达      [0-9]' "$TMP/show"; }
wait_until 120 served
check_grep "the mail is recorded as the delivery" "^  送达      $TODAY 电子文本，电子邮件；收件邮箱：wxm@example.com" "$TMP/show"
check_grep "with the proof" "送达证明  答复告知书以电子邮件发送，邮件服务器已接收（Message-ID <gongkai" "$TMP/show"
req GET /apply/track -c "$TMP/jarT"
CT=$(form_csrf "$TMP/body")
req POST /apply/track -b "$TMP/jarT" --data-urlencode "csrf=$CT" --data-urlencode "code=$CODE_T" -d phone=13800001111
check_code "the follow-up answers" 200
check_body "it says delivered, how and when" "答复书已于[0-9]+年[0-9]+月[0-9]+日以电子邮件方式送达"
check_body "the applicant reads the reply letter online" '<h2 id="letter">答复告知书</h2>'
check_body "with the outcome" "予以公开"
check_body "the addressee masked" "王\*明："
check_not_body "never the full name or the phone" "王小明|13800001111"

# a reply by post: delivered only once staff record the tracking number
check_status "register one by post" 0 $A register --channel letter --received "$TODAY" --kind natural_person \
  --name 赵六 --phone 13800002222 --address "青川县某路2号" --request "敬老院名单" --delivery paper_post
NO2=$(sed -n 's/^已登记 \([0-9-]*\).*/\1/p' "$TMP/out")
CODE2=$(sed -n 's/^  查询码 *\([A-Z0-9-]*\).*/\1/p' "$TMP/out")
check_status "answered (through the handling chain)" 0 chain_answer "$G --db $DB" "$NO2" "$(date +%F)" --outcome granted
req POST /apply/track -b "$TMP/jarT" --data-urlencode "csrf=$CT" --data-urlencode "code=$CODE2" -d phone=13800002222
check_body "the follow-up no longer claims delivery before it happened" "答复书正在按您选择的方式送达"
check_not_body "it does not say delivered" "已于.*送达"
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$CODE2\",\"phone\":\"13800002222\"}"
check_body "the JSON says not delivered" '"delivered":false'
login gongkaiban
as gongkaiban GET /console/applications
check_body "the console lists replies not delivered" "已答复待送达的申请"
check_body "with this one" "/console/applications/$NO2\""
as gongkaiban GET "/console/applications/$NO2"
check_body "its page offers the delivery step" 'name="kind" value="deliver"'
C=$(csrf_of gongkaiban)
as gongkaiban POST "/console/applications/$NO2/events" --data-urlencode "csrf=$C" -d kind=deliver -d how=paper_post
check_code "by post without a tracking number it is refused" 422
check_body "saying what is missing" "postal tracking number"
as gongkaiban POST "/console/applications/$NO2/events" --data-urlencode "csrf=$C" -d kind=deliver -d how=paper_post \
  --data-urlencode "ref=EMS 1187654321" --data-urlencode "proof=邮政签收回执"
check_code "with it, delivered" 303
as gongkaiban GET /console/applications
grep -o '已答复待送达的申请.*' "$TMP/body" | sed 's#</table>.*##' >"$TMP/undelivered"
check_nogrep "no longer listed as not delivered" "/console/applications/$NO2\"" "$TMP/undelivered"
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$CODE2\",\"phone\":\"13800002222\"}"
check_body "the JSON says delivered by post" '"delivered":true.*"delivered_by":"paper_post"'
sqlite3 "$DB" "SELECT action FROM audit WHERE entity = 'application' ORDER BY id DESC LIMIT 1" >"$TMP/a"
check_grep "the delivery is in the audit trail" "^deliver$" "$TMP/a"
as gongkaiban POST "/console/applications/$NO2/events" --data-urlencode "csrf=$C" -d kind=deliver -d how=paper_post \
  --data-urlencode "ref=EMS 2"
check_code "a second delivery is refused" 409

# the SMTP server down: kept, retried, shown, then sent once
stop_sink
check_status "register while the SMTP server is down" 0 $A register --channel online --received "$TODAY" \
  --kind natural_person --name 钱七 --phone 13800003333 --email qq@example.com --request "临时救助标准" --delivery email
NO3=$(sed -n 's/^已登记 \([0-9-]*\).*/\1/p' "$TMP/out")
tried() { $M list --pending >"$TMP/pend" 2>&1; grep -q 'attempts=[1-9]' "$TMP/pend"; }
wait_until 120 tried
check_grep "the failure is kept with its error" "receipt .*attempts=[1-9].*error: smtp: 127.0.0.1:$PORT" "$TMP/pend"
as gongkaiban GET /console
check_body "the dashboard says mail is failing" "封邮件发送失败"
as gongkaiban GET /console/mail
check_body "the console's mail page shows the failure" "发送失败</span> 已尝试[0-9]+次"
check_body "with the reason" "smtp: 127.0.0.1:$PORT"
as gongkaiban POST /console/mail/retry --data-urlencode "csrf=$C"
check_code "retry now (the console)" 303
# the command line, with no worker racing it
stop_server
$M retry >/dev/null
check_status "mail send from the command line fails too, exit 1" 1 $M send
check_status "right after, nothing is due: the next try waits (backoff)" 0 $M send
check_grep "nothing sent, nothing failed" "已发送 0 封，失败 0 封" "$TMP/out"
$M list --pending >"$TMP/pend"
check_grep "the attempts are counted" "receipt .*attempts=([2-9]|[1-9][0-9])" "$TMP/pend"
start_sink
$M retry >/dev/null
check_status "the server back, mail send sends" 0 $M send
if wait_for "^qq@example.com	.*已收到（$NO3）"; then ok "sent when the server is back"; else fail "not sent after the server came back"; fi
# no worker runs and `mail send` has returned: with nothing left pending, no
# second copy can come (this waited a fixed 3 s before)
$M list --pending >"$TMP/pend" 2>&1
check_grep "nothing left to send" "待发送 0 封" "$TMP/pend"
mails >"$TMP/mails"
check "the receipt arrived exactly once" test "$(grep -c "^qq@example.com	青川市民政局：政府信息公开申请已收到（$NO3）" "$TMP/mails")" -eq 1
check "staff's notice exactly once" test "$(grep -c "^staff@qc.gov.cn	新的政府信息公开申请 $NO3	" "$TMP/mails")" -eq 1
start_server
check_status "nothing pending" 0 $M list --pending
check_grep "none waiting" "待发送 0 封" "$TMP/out"
as gongkaiban GET /console
check_not_body "the dashboard is quiet again" "封邮件发送失败"

# staff's due-soon reminder: once per application and deadline
check_status "mail due: the worker queued the reminders already" 0 $M due
check_grep "it says how many" "已排入 0 封到期提醒" "$TMP/out"
sqlite3 "$DB" "SELECT COUNT(*), COUNT(DISTINCT app_id || ref) FROM mail_outbox WHERE kind = 'staff_due'" >"$TMP/due"
check_grep "one reminder per application and deadline" "^([1-9][0-9]*)\|\1$" "$TMP/due"
check_status "again: nothing new" 0 $M due
check_grep "none the second time" "已排入 0 封" "$TMP/out"

stop_server
check "the server stops cleanly with its mail worker" test "${SERVER_STATUS:-1}" -eq 0
done_testing
