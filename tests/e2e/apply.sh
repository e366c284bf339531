#!/usr/bin/env bash
# The application register from the command line: register, list (masked),
# show, every step and its refusals (exit 1 with the reason, exit 2 naming the
# option, nothing written), due, review cases, settings, several agencies,
# and report generate.
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/apply.db GONGKAI_TODAY=2024-03-25 GONGKAI_USER=张科员
A="$G apply"
audit_rows() { sqlite3 "$GONGKAI_DB" "SELECT COUNT(*) FROM audit"; }

check_status "apply --help" 0 $A --help
check_grep "help lists the steps" 'supplement NO' "$TMP/out"
check_status "apply register --help" 0 $A register --help
check_grep "register help states Art. 31" 'Art. 31' "$TMP/out"
check_status "no agency yet" 1 $A list
check_grep "says to create an agency" 'no agency yet' "$TMP/err"
sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, created_at) VALUES ('zmdmzj', '驻马店市民政局', '2024-01-01')"

REG=(--channel online --received 2024-03-01 --kind natural_person --name 王小明 --id-number 11010519491231002X
     --phone 13800000000 --request "2023年全市城乡低保资金发放情况" --delivery email --email wxm@example.com)
# bad input: each names the option, writes nothing
check_status "register without a name" 2 $A register --channel online --received 2024-03-01 --kind natural_person --phone 1380000000 --request x --delivery online
check_grep "names --name" '^gongkai: --name: ' "$TMP/err"
check_status "register with an impossible date" 2 $A register "${REG[@]}" --received 2024-02-30
check_grep "names --received" '^gongkai: --received: ' "$TMP/err"
check_status "register with an unknown kind" 2 $A register "${REG[@]}" --kind person
check_grep "lists the kinds" 'natural_person' "$TMP/err"
check_status "register with a bad ID check digit" 2 $A register "${REG[@]}" --id-number 110105194912310021
check_grep "names --id-number" '^gongkai: --id-number: .*check digit' "$TMP/err"
check_status "register in person received another day" 2 $A register "${REG[@]}" --channel in_person --submitted 2024-02-29
check_grep "cites Art. 31" 'Art. 31' "$TMP/err"
# a deadline running into a year without the notice: tests/e2e/calendar_december.sh

# register
check_status "register" 0 $A register "${REG[@]}"
check_grep "prints the number" '^已登记 2024-00001' "$TMP/out"
check_grep "prints the reply deadline (20 working days)" '答复期限 2024-03-29' "$TMP/out"
check_grep "prints a tracking code" '查询码 +[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}' "$TMP/out"
check_status "register a company by registered post" 0 $A register --channel registered --submitted 2024-03-01 --received 2024-03-04 --kind commercial --name 驻马店某商贸有限公司 --phone 0396-2222222 --address 驿城区某路1号 --request "某项目环评批复文件" --delivery paper_post
check_status "register an unclear letter" 0 $A register --channel letter --received 2024-03-05 --kind natural_person --name 李四 --phone 13900000000 --request "关于那个事情的文件" --delivery paper_pickup
check_status "list" 0 $A list
check_grep "list masks names" '王\*明' "$TMP/out"
check_nogrep "list never shows the full name" '王小明|李四' "$TMP/out"
check_grep "list shows the company" '驻马店某商贸' "$TMP/out"
check_status "list --json" 0 $A list --json
check_grep "json list masks names" '"name_masked":"王\*明"' "$TMP/out"
check_nogrep "json list has no phone" '13800000000' "$TMP/out"
check_status "list --state bogus" 2 $A list --state bogus
check_status "show" 0 $A show 2024-00001
check_grep "show has the full name for staff" '申请人    王小明' "$TMP/out"
check_grep "show has the history" '登记申请（张科员）' "$TMP/out"
check_status "show an unknown number" 2 $A show 2024-09999

# supplementation (Art. 30)
check_status "supplement notice after 7 working days" 2 $A supplement 2024-00003 --what "写明文号" --by 2024-03-25 --date 2024-03-15
check_grep "says by when" '^gongkai: --date: .*within 7 working days.*2024-03-14' "$TMP/err"
check_status "supplement notice without --by" 2 $A supplement 2024-00003 --what "写明文号" --date 2024-03-06
check_grep "names --by" '^gongkai: --by: ' "$TMP/err"
check_status "supplement notice" 0 $A supplement 2024-00003 --what "请写明文件名称或文号" --by 2024-03-15 --date 2024-03-06 --letter
check_grep "the supplement deadline is next" '2024-03-15 补正期限届满' "$TMP/out"
check_grep "the notice to the applicant" '补正告知书' "$TMP/out"
check_grep "the notice says by when" '请于2024年3月15日前' "$TMP/out"
before=$(audit_rows)
check_status "answer while awaiting the supplement" 1 $A answer 2024-00003 --outcome granted
check_grep "gives the reason" 'awaiting_supplement' "$TMP/err"
check_status "a second notice" 1 $A supplement 2024-00003 --what "再补" --by 2024-03-20 --date 2024-03-07
[ "$(audit_rows)" = "$before" ] && ok "refusals wrote nothing" || fail "refusals wrote nothing"
check_status "supplement received" 0 $A supplement 2024-00003 --received --date 2024-03-12
check_grep "the clock restarts" '答复期限自该日重新计算，至2024-04-10' "$TMP/out"

# consultation (Art. 32), extension (Art. 33), fees
check_status "consult a third party" 0 $A consult 2024-00002 --third-party 驻马店某建设公司 --date 2024-03-06
check_grep "15 working days for the third party" '2024-03-27 征求意见期满' "$TMP/out"
check_status "extend while consulting" 1 $A extend 2024-00002 --days 5 --approved-by 王主任 --reason 多 --date 2024-03-07
check_status "consultation ends" 0 $A consult 2024-00002 --end --note "第三方不同意公开" --date 2024-03-22
check_grep "12 working days did not count" '不计入答复期限12个工作日，答复期限至2024-04-18' "$TMP/out"
check_status "extend by 21 days" 2 $A extend 2024-00001 --days 21 --approved-by 王主任 --reason 多 --date 2024-03-20
check_grep "names --days" '^gongkai: --days: ' "$TMP/err"
check_status "extend without approval" 2 $A extend 2024-00001 --days 10 --reason 多 --date 2024-03-20
check_grep "names --approved-by" '^gongkai: --approved-by: ' "$TMP/err"
check_status "extend" 0 $A extend 2024-00001 --days 10 --approved-by 王主任 --reason "涉及档案较多" --date 2024-03-20 --html
check_grep "the extension notice in HTML" '<h1>政府信息公开申请延期答复告知书</h1>' "$TMP/out"
check_grep "new deadline" '答复期限至2024-04-15' "$TMP/out"
check_status "a second extension" 1 $A extend 2024-00001 --days 5 --approved-by 王主任 --reason 多 --date 2024-03-21
check_grep "one extension only" 'allows one extension' "$TMP/err"
check_status "a fee for 30 pages" 2 $A fee 2024-00001 --pages 30 --date 2024-03-21
check_grep "30 pages are free" '^gongkai: --pages: no fee is due' "$TMP/err"
check_status "fee notice for 150 pages" 0 $A fee 2024-00001 --pages 150 --date 2024-03-21
check_grep "1700 yuan" '1700元' "$TMP/out"
check_status "fee lapse before the payment deadline" 1 $A fee 2024-00001 --lapse --date 2024-03-22
check_status "a letter with the payment" 2 $A fee 2024-00001 --paid --date 2024-03-22 --letter
check_status "fee paid" 0 $A fee 2024-00001 --paid --date 2024-03-22

# answers
check_status "unknown outcome" 2 $A answer 2024-00001 --outcome granted.mostly --date 2024-03-25
check_grep "names --outcome" "^gongkai: --outcome: unknown outcome 'granted.mostly'" "$TMP/err"
check_status "partly granted without detail" 2 $A answer 2024-00001 --outcome partly_granted --date 2024-03-25
check_grep "names --detail" '^gongkai: --detail: ' "$TMP/err"
check_status "a reply dated before the last step" 2 $A answer 2024-00001 --outcome granted --date 2024-03-19
check_grep "names --date" '^gongkai: --date: .*before the application' "$TMP/err"
check_status "a reply dated in the future" 2 $A answer 2024-00001 --outcome granted --date 2024-04-01
# the handling chain (issue 18): assigned, drafted, approved; only then answered
check_status "answering without an approved reply" 1 $A answer 2024-00001 --outcome partly_granted --detail "提供各县区汇总表" --date 2024-03-25
check_grep "says what is missing" 'answer refused: no approved reply: it was never assigned' "$TMP/err"
check_status "answering from a draft that does not exist" 1 $A answer 2024-00001 --date 2024-03-25
check_grep "says the handler drafts" 'no approved reply to answer with' "$TMP/err"
check_status "settings: the approvers" 0 $A settings disclosure.approvers "王主任,张科员"
check_status "settings: the assigner" 0 $A settings disclosure.assigners 公开办
check_grep "settings list them" '^disclosure.assigners +公开办' "$TMP/out"
check_status "a clerk who is no assigner may not assign" 1 $A assign 2024-00001 --to 张科员 --actor 李科员
check_grep "says who assigns" 'not among those who assign' "$TMP/err"
check_status "the office assigns" 0 $A assign 2024-00001 --to 李科员 --actor 公开办 --date 2024-03-22
check_status "reassign without a reason" 2 $A assign 2024-00001 --to 张科员 --actor 公开办 --date 2024-03-22
check_grep "names --reason" '^gongkai: --reason: ' "$TMP/err"
check_status "reassign with the reason" 0 $A assign 2024-00001 --to 张科员 --reason "李科员休假" --actor 公开办 --date 2024-03-22
check_status "a handler drafting another's case" 1 $A draft 2024-00001 --outcome granted --actor 李科员 --date 2024-03-22
check_grep "says whose it is" 'assigned to 张科员, not to 李科员' "$TMP/err"
printf '县区,户数\n驿城区,1200\n' > "$TMP/汇总表.csv"
check_status "a draft citing a document never registered" 2 $A draft 2024-00001 --outcome partly_granted --detail x --cite 99
check_grep "names --cite" '^gongkai: --cite: no registered document 99' "$TMP/err"
check_status "the handler drafts, with a file to release" 0 $A draft 2024-00001 --outcome partly_granted --detail "提供各县区汇总表" --file "$TMP/汇总表.csv" --date 2024-03-22
check_grep "drafted" '待审批' "$TMP/out"
check_status "approving one's own draft" 1 $A approve 2024-00001 --date 2024-03-25
check_grep "nobody approves their own draft" 'nobody approves their own draft' "$TMP/err"
check_status "one who is no approver" 1 $A approve 2024-00001 --actor 李科员 --date 2024-03-25
check_grep "says who approves" 'not an approver of this agency' "$TMP/err"
check_status "the approver returns it" 0 $A return 2024-00001 --comment "请写明提供方式" --actor 王主任 --date 2024-03-25
check_status "the handler's queue" 0 $A queue
check_grep "returned to me" '^退回我修改' "$TMP/out"
check_status "answering a returned draft" 1 $A answer 2024-00001 --date 2024-03-25
check_status "drafted again" 0 $A draft 2024-00001 --outcome partly_granted --detail "提供各县区汇总表" --file "$TMP/汇总表.csv" --date 2024-03-25
check_status "the approver's queue" 0 $A queue --actor 王主任
check_grep "drafts to approve" '^待我审批' "$TMP/out"
check_status "approved" 0 $A approve 2024-00001 --actor 王主任 --date 2024-03-25
check_grep "approved" '已审批' "$TMP/out"
check_status "an answer other than the one approved" 1 $A answer 2024-00001 --outcome granted --date 2024-03-25
check_grep "says which was approved" "the reply approved is 'partly_granted'" "$TMP/err"
for step in "assign 2024-00002 --to 张科员 --actor 公开办" "draft 2024-00002 --outcome withheld.third_party_rights" \
            "approve 2024-00002 --actor 王主任"; do
  # shellcheck disable=SC2086
  check_status "2024-00002: $step" 0 $A $step --date 2024-03-25
done
check_status "answer with the letter" 0 $A answer 2024-00001 --outcome partly_granted --detail "提供各县区汇总表" --date 2024-03-25 --letter
check_grep "the letter cites Art. 37" '第三十七条' "$TMP/out"
check_grep "the letter states the remedies" '60日内.*申请行政复议.*6个月内.*提起行政诉讼' "$TMP/out"
check_status "answer withheld (the approved reply)" 0 $A answer 2024-00002 --date 2024-03-25
check_grep "the answer took the approved outcome" '不予公开' "$TMP/out"
# the case file (归档): every step of the history in its manifest, the letter and the file released
check_status "case file" 0 $A casefile 2024-00001 --out "$TMP/case.zip"
python3 - "$TMP/case.zip" "$GONGKAI_DB" > "$TMP/case.out" 2>&1 <<'PY'
import csv, hashlib, io, sqlite3, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode("utf-8"))))
steps = [(r["date"], r["event"], r["actor"]) for r in rows if r["kind"] == "step"]
db = sqlite3.connect(sys.argv[2])
want = db.execute("SELECT on_date, event, actor FROM app_step s JOIN application a ON a.id = s.application_id "
                  "WHERE a.app_no = '2024-00001' ORDER BY s.id").fetchall()
print("steps", "same" if steps == [tuple(w) for w in want] else "differ", len(steps))
for r in rows:
    if r["kind"] != "step":
        data = z.read(r["name"])
        assert hashlib.sha256(data).hexdigest() == r["sha256"], r["name"]
        print("entry", r["kind"], r["name"])
print("file", z.read("files/汇总表.csv").decode("utf-8").splitlines()[1])
PY
check_grep "the case file holds every step of the history" '^steps same 1[0-9]$' "$TMP/case.out"
check_grep "the case file holds the reply letter" '^entry letter letters/答复告知书.txt' "$TMP/case.out"
check_grep "the case file holds the notices its steps sent" '^entry letter letters/延期答复告知书.html' "$TMP/case.out"
check_grep "the case file holds the file released" '^file 驿城区,1200' "$TMP/case.out"
python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("summary.pdf"))' "$TMP/case.zip" > "$TMP/case.pdf"
pdftotext "$TMP/case.pdf" - | tr -d ' \n' > "$TMP/case.txt"
check_grep "its PDF summary lists the steps (办理记录, the approval)" '办理记录.*审批同意拟办意见' "$TMP/case.txt"
check_status "the application shows who handled it" 0 $A show 2024-00001
check_grep "handler, drafter, approver" '办理 +已答复；承办人 张科员；拟办 张科员；审批 王主任' "$TMP/out"
check_status "a step after the answer" 1 $A withdraw 2024-00002
check_grep "concluded" 'concluded on 2024-03-25' "$TMP/err"
check_status "html letter" 0 $A show 2024-00002 --html
check_grep "html letter" '<h1>政府信息公开申请答复告知书</h1>' "$TMP/out"
check_status "withdraw" 0 $A withdraw 2024-00003 --reason "已通过其他途径获得"
check_status "outcomes" 0 $A outcomes
check_grep "outcomes list the report rows" 'not_processed.repeated +不予处理/重复申请' "$TMP/out"

# due
check_status "register one more" 0 $A register --channel online --received 2024-03-18 --kind research --name 某研究院 --email r@example.com --request "科研数据" --delivery email
check_status "register one overdue" 0 $A register --channel in_person --received 2024-02-01 --kind natural_person --name 赵六 --phone 13700000000 --request "旧事" --delivery on_site
check_status "due: something is overdue" 1 $G due --within 20
check_grep "overdue first" '^2024-00005  2024-03-05  逾期14个工作日' "$TMP/out"
check_grep "then the next one" '^2024-00004  2024-04-16  剩15个工作日' "$TMP/out"
check_nogrep "concluded ones are not due" '2024-0000[123] ' "$TMP/out"
check_grep "masked names in due" '赵\*' "$TMP/out"
check_status "due --within 5 (json)" 1 $G due --json
check_grep "json due" '"no":"2024-00005"' "$TMP/out"
check_status "due --within bad" 2 $G due --within many
check_status "withdraw the overdue one" 0 $A withdraw 2024-00005
check_status "due: nothing overdue" 0 $G due

# review cases (table 四)
check_status "review for an unknown application" 2 $G review add --app 2024-00099 --kind review --filed 2024-03-25
check_status "review before receipt" 2 $G review add --app 2024-00002 --kind review --filed 2024-02-01
check_status "review add" 0 $G review add --app 2024-00002 --kind review --filed 2024-03-25 --body 驻马店市人民政府
check_status "suit after a pending review" 1 $G review add --app 2024-00002 --kind litigation_after_review --filed 2024-03-25 --after 1
check_status "review close" 0 $G review close 1 --result upheld --date 2024-03-25
check_grep "closed as upheld" '结果维持' "$TMP/out"
check_status "review close twice" 1 $G review close 1 --result corrected --date 2024-03-25
check_status "suit after the review" 0 $G review add --app 2024-00002 --kind litigation_after_review --filed 2024-03-25 --after 1
check_status "review list" 0 $G review list --year 2024
check_grep "lists both" '行政诉讼（复议后起诉）' "$TMP/out"

# settings
check_status "settings" 0 $A settings
check_grep "defaults" 'disclosure.fee_stops_clock +yes \(default\)' "$TMP/out"
check_status "bad setting value" 2 $A settings disclosure.fee_stops_clock maybe
check_status "set the review body" 0 $A settings disclosure.review_body 驻马店市人民政府
check_status "the letter names it" 0 $A show 2024-00001 --letter
check_grep "review body in the letter" '60日内向驻马店市人民政府申请行政复议' "$TMP/out"

# several agencies
sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, created_at) VALUES ('dhmzj', '定海区民政局', '2024-01-01')"
check_status "two agencies need --agency" 2 $A list
check_grep "lists the codes" 'dhmzj, zmdmzj' "$TMP/err"
check_status "--agency after the command" 0 $A list --agency dhmzj
check_grep "the other agency's register is empty" '没有符合条件的申请' "$TMP/out"
check_status "--agency before the command" 0 $G --agency zmdmzj apply show 2024-00001

# report generate: tables 二, 三 and 四 from the records, checked and rendered
check_status "report generate" 0 $G --agency zmdmzj report generate --year 2024
check_grep "report json" '"schema": "gongkai.report/1"' "$TMP/out"
check_grep "generated report has the 2021 layout" '"layout": "2021"' "$TMP/out"
check_grep "generated report counts this year's applications" '"new": \[[0-9]' "$TMP/out"
check_status "report generate --format html" 0 $G --agency zmdmzj report generate --year 2024 --format html
check_grep "html rendering of the generated report" '本年新收政府信息公开申请数量' "$TMP/out"
check_status "report generate xlsx" 0 $G --agency zmdmzj report generate --year 2024 --format xlsx --out "$TMP/r.xlsx"
check "xlsx workbook written" test -s "$TMP/r.xlsx"
check_status "report generate xlsx without --out" 2 $G --agency zmdmzj report generate --year 2024 --format xlsx
check_status "report generate unknown format" 2 $G --agency zmdmzj report generate --year 2024 --format pdf
check_status "report generate for 2018" 2 $G --agency zmdmzj report generate --year 2018
done_testing
