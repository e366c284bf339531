#!/usr/bin/env bash
# The staff's view (issue 16 item 8), role by role: every console role finds
# any document of its agency by state (drafts and submitted ones too),
# 主题分类, year, drafter and words; the information officer keeps sight of
# the draft he submitted; the review page shows the text before the comment
# boxes; the application register and the audit trail export as CSV and XLSX
# over a date range (the roles that may see them only; formulas defused; a
# bad range refused); the new pages pass the link and label checks.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
ROLES="xinxiyuan shenhe fushen lingdao gongkaiban admin anquan shenji"
for u in $ROLES; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
loc() { sed -n 's/^Location: \([^?]*\).*\r$/\1/p' "$TMP/hdr"; }
today=$(date +%F)

# the officer drafts two documents and submits one
post xinxiyuan /console/docs -d title=员工视图测试：城乡低保标准 -d issuer=青川市民政局 -d written=2025-02-03 \
  -d category=社会救助 -d genre=通知 --data-urlencode "body=城乡低保标准提高10%，自下月起执行。"
check_code "the officer drafts a document" 303
D1=$(loc | sed 's|/console/docs/||')
post xinxiyuan /console/docs -d title=员工视图测试：养老补贴 -d issuer=青川市民政局 -d written=$today \
  -d category=养老服务 -d genre=通知 --data-urlencode "body=高龄津贴按月发放。"
D2=$(loc | sed 's|/console/docs/||')
post xinxiyuan /console/docs/$D1/step -d action=submit
check_code "and submits the first" 303
as xinxiyuan GET /console/docs
check_body "the officer's page lists what he drafted, submitted ones too" '我撰稿的文件'
perl -0ne 'print $1 if /<caption>我撰稿的文件(.*?)<\/table>/s' "$TMP/body" > "$TMP/mine"
check_grep "the submitted draft is in sight, 待一审" "docs/$D1\">员工视图测试：城乡低保标准</a>.*待一审" "$TMP/mine"
check_grep "and the other draft" "docs/$D2\"" "$TMP/mine"

# every role finds both by words; each filter narrows
for u in $ROLES; do
  as $u GET "/console/docs?q=%E5%91%98%E5%B7%A5%E8%A7%86%E5%9B%BE%E6%B5%8B%E8%AF%95"   # 员工视图测试
  if [ "$CODE" = 200 ] && grep -q "docs/$D1\"" "$TMP/body" && grep -q "docs/$D2\"" "$TMP/body"; then
    ok "$u finds both drafts by words"; else fail "$u finds both drafts by words (HTTP $CODE)"; fi
done
# filter -> which of D1 D2 it shows
while read -r name query want; do
  as shenhe GET "/console/docs?$query"
  got=""
  grep -q "docs/$D1\"" "$TMP/body" && got="${got}1"
  grep -q "docs/$D2\"" "$TMP/body" && got="${got}2"
  [ -n "$got" ] || got=none
  [ "$CODE" = 200 ] && [ "$got" = "$want" ] && ok "filter $name" || fail "filter $name: HTTP $CODE, shows '$got', want '$want'"
done <<EOS
submitted state=review1&q=%E5%91%98%E5%B7%A5 1
drafts state=draft&q=%E5%91%98%E5%B7%A5 2
category category=%E7%A4%BE%E4%BC%9A%E6%95%91%E5%8A%A9&q=%E5%91%98%E5%B7%A5 1
year year=2025&q=%E5%91%98%E5%B7%A5 1
drafter drafter=xinxiyuan&q=%E5%91%98%E5%B7%A5 12
other-drafter drafter=gongkaiban&q=%E5%91%98%E5%B7%A5 none
percent-literal q=10%25 1
body-words q=%E9%AB%98%E9%BE%84%E6%B4%A5%E8%B4%B4 2
EOS
as shenhe GET "/console/docs?state=bogus"
check_code "an unknown state is refused" 400
as shenhe GET "/console/docs?year=20x5"
check_code "a bad year is refused" 400
as shenhe GET "/console/docs?all=1&q=%3Cscript%3E"
check_code "words with markup are a search" 200
check_nogrep "and come back escaped" 'value="<script>' "$TMP/body"

# the review page: the text first, the comment boxes after
as shenhe GET /console/docs/$D1
check_code "the reviewer opens the submitted draft" 200
python3 - "$TMP/body" <<'PY' && ok "the text comes before the comment box and the actions" || fail "the text is not first"
import sys
b = open(sys.argv[1], encoding="utf-8").read()
text, box, acts = b.find('id="body"'), b.find('name="comment"'), b.find('id="acts"')
sys.exit(0 if 0 <= text < box and text < acts else 1)
PY

# the register exported
post xinxiyuan /console/applications -d channel=in_person -d received=$today -d submitted=$today \
  -d kind=natural_person -d name=钱七 -d id_number=110101199003074514 -d phone=13700004321 \
  --data-urlencode "request==HYPERLINK(\"http://example.com\")" -d delivery=paper_pickup
check_code "a paper application with a formula for a request" 303
ANO=$(loc | sed 's|/console/applications/||')
as gongkaiban GET /console/applications
check_body "the register offers the export" 'action="/console/applications/export"'
as gongkaiban GET "/console/applications/export?format=csv&since=$today&until=$today"
check_code "the office exports the register as CSV" 200
check_grep "as a CSV attachment" "Content-Disposition: attachment; filename=\"applications-.*-$today-$today.csv\"" "$TMP/hdr"
cp "$TMP/body" "$TMP/reg.csv"
python3 - "$TMP/reg.csv" "$ANO" <<'PY' && ok "the CSV: header, the application, the formula defused, no phone or ID number" || fail "the register CSV"
import csv, sys
data = open(sys.argv[1], encoding="utf-8-sig").read()
rows = list(csv.reader(data.splitlines()))
assert rows[0][:2] == ["申请编号", "收到申请日期"], rows[0]
row = [r for r in rows if r[0] == sys.argv[2]]
assert row, "application missing"
assert row[0][4] == "钱七" and row[0][5].startswith("'=HYPERLINK"), row[0]
assert "13700004321" not in data and "110101199003074514" not in data
PY
n_all=$(sqlite3 "$DB" "SELECT COUNT(*) FROM application a JOIN agency g ON g.id = a.agency_id WHERE g.id = (SELECT MIN(id) FROM agency)")
as gongkaiban GET "/console/applications/export?format=csv"
[ "$(python3 -c "import csv,sys; print(len(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig').read().splitlines()))) - 1)" "$TMP/body")" = "$n_all" ] &&
  ok "without a range: every application of the agency ($n_all)" || fail "row count of the whole register"
as gongkaiban GET "/console/applications/export?format=xlsx&since=$today&until=$today"
check_code "and as XLSX" 200
cp "$TMP/body" "$TMP/reg.xlsx"
python3 - "$TMP/reg.xlsx" "$ANO" <<'PY' && ok "the XLSX holds the application, the formula as text" || fail "the register XLSX"
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
assert sys.argv[2] in xml and "钱七" in xml and "<f>" not in xml
PY
while read -r name query want; do
  as gongkaiban GET "/console/applications/export?$query"
  check_code "register export: $name" "$want"
done <<EOS
no-format since=$today 400
bad-format format=pdf 400
bad-date format=csv&since=2025-02-30 400
reversed-range format=csv&since=2025-03-02&until=2025-03-01 400
EOS
for u in admin anquan shenji; do
  as $u GET "/console/applications/export?format=csv"
  check_code "$u may not export the register" 403
done

# the audit trail exported, over a date range
as shenji GET /console/audit
check_body "the audit page offers the export" '/console/audit/export\?format=xlsx'
as shenji GET "/console/audit/export?format=csv&since=$today&until=$today"
check_code "the auditor exports today's audit trail as CSV" 200
python3 - "$TMP/body" "$today" <<'PY' && ok "every row dated today, the draft's submission among them" || fail "the audit CSV"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig").read().splitlines()))
assert rows[0][:3] == ["编号", "时间", "操作人"], rows[0]
assert len(rows) > 2 and all(r[1].startswith(sys.argv[2]) for r in rows[1:]), rows[:3]
assert any(r[5] == "提交审核" for r in rows[1:])
PY
as shenji GET "/console/audit/export?format=xlsx&since=2000-01-01&until=2000-01-02"
check_code "an empty range exports the header only (XLSX)" 200
python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); x=z.read('xl/worksheets/sheet1.xml').decode(); assert x.count('<row ') == 1, x" "$TMP/body" &&
  ok "one row: the header" || fail "the empty audit XLSX"
as shenji GET "/console/audit/export?format=csv&since=2025-03-02&until=2025-03-01"
check_code "a reversed range is refused" 400
for u in xinxiyuan admin; do
  as $u GET "/console/audit/export?format=csv"
  check_code "$u may not export the audit trail" 403
done
stop_server
done_testing
