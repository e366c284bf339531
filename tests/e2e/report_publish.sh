#!/usr/bin/env bash
# The annual report waits for its year (《条例》第四十九条、第五十条), on the
# command line and over HTTP with the program's clock set (GONGKAI_TODAY):
# on 2026-12-03 the 2026 report can be drafted but not signed off or
# published, with the reason and the date it will be allowed; on 2027-01-02
# it is refused without the 分管领导's sign-off and published with it; a
# correction replaces it publicly with its 更正说明 while staff keep the
# earlier version; the dashboard and `report status` show Art. 49's deadline;
# every step is in the audit trail.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
export GONGKAI_TODAY=2026-12-03 GONGKAI_NOW=2026-12-03T10:00:00

# ---- the command line ----
CDB=$TMP/cli.db
check "a demo database for the command line" demo_db "$CDB"
gk() { "$G" --db "$CDB" "$@"; }
check_status "report status answers" 0 gk report status
check_grep "it shows the 2026 report's deadline, 31 January 2027" "2026年度报告.*期限 2027-01-31（县级以上人民政府部门" "$TMP/out"
check_grep "with the days left and the status" "none	剩余59天" "$TMP/out"
check_status "a draft of 2026 is saved in December" 0 gk report draft --year 2026 --overview 二〇二六年总体情况。 --actor gongkaiban
check_status "publishing 2026 on 2026-12-03 is refused" 1 gk report publish --year 2026 --actor gongkaiban
check_grep "with the reason and the date" "2026年度报告须于2027年1月1日后发布" "$TMP/err"
check_status "signing it off on 2026-12-03 is refused too" 1 gk report signoff --year 2026 --actor lingdao
check_grep "with the date" "2026年度报告须于2027年1月1日后签发" "$TMP/err"
check_status "a stray option is refused" 2 gk report publish --year 2026 --note x
check_grep "naming it" "^gongkai: --note: " "$TMP/err"
check "nothing was published" sh -c "[ \"\$(sqlite3 '$CDB' 'SELECT count(*) FROM report_version WHERE year=2026')\" = 0 ]"

export GONGKAI_TODAY=2027-01-02 GONGKAI_NOW=2027-01-02T09:00:00
check_status "on 2027-01-02, publishing without the sign-off is refused" 1 gk report publish --year 2026 --actor gongkaiban
check_grep "saying who must sign" "须经分管领导签发后才能发布" "$TMP/err"
check_status "the office may not sign in the leader's place" 1 gk report signoff --year 2026 --actor gongkaiban
check_grep "saying whose sign-off it needs" "须由本机关指定的分管领导签发" "$TMP/err"
check_status "the 分管领导 signs it off" 0 gk report signoff --year 2026 --actor lingdao
check_status "and it is published" 0 gk report publish --year 2026 --actor gongkaiban
check_grep "as version 1" "已发布（第1版）" "$TMP/out"
check_status "a changed draft without 更正说明 is saved" 0 gk report draft --year 2026 --overview 更正后的总体情况。 --actor gongkaiban
check_status "but its sign-off is refused" 1 gk report signoff --year 2026 --actor lingdao
check_grep "it needs the 更正说明" "更正版须填写更正说明" "$TMP/err"
check_status "with the note it is signed" 0 sh -c "'$G' --db '$CDB' report draft --year 2026 --note 表三数字有误，已更正。 --actor gongkaiban && '$G' --db '$CDB' report signoff --year 2026 --actor lingdao"
check_status "and published as the correction" 0 gk report publish --year 2026 --actor gongkaiban
check_grep "version 2" "已发布（第2版，更正版）" "$TMP/out"
check_status "history lists both versions" 0 gk report history --year 2026
check_grep "the public one with its note" "第2版（公众可见）.*更正说明：表三数字有误，已更正。" "$TMP/out"
check_grep "and the first" "^第1版	发布 2027-01-02 gongkaiban	签发 2027-01-02 lingdao" "$TMP/out"
check "every step is in the audit trail" sh -c "[ \"\$(sqlite3 '$CDB' \"SELECT group_concat(action || '/' || actor, ' ') FROM (SELECT action, actor FROM audit WHERE entity='report' AND entity_id=2026 ORDER BY id)\")\" = 'draft_saved/gongkaiban signed_off/lingdao published/gongkaiban draft_saved/gongkaiban draft_saved/gongkaiban signed_off/lingdao corrected/gongkaiban' ]"
check_status "an unknown agency kind is refused" 2 gk report settings --kind ministry
check_grep "naming the option and the kinds" "^gongkai: --kind: 'ministry': the agency kind is department" "$TMP/err"
check_status "a sign-off role that cannot open the report is refused" 2 gk report settings --signoff-role officer
check_grep "naming the option" "^gongkai: --signoff-role: 'officer'" "$TMP/err"
check_status "a report of a year not begun is refused" 2 gk report draft --year 2028 --overview x
check_grep "saying so" "2028 has not begun" "$TMP/err"
check_status "a government's deadline is 31 March" 0 gk report settings --kind government --actor admin
check_status "status after the deadline" 0 env GONGKAI_TODAY=2027-04-01 "$G" --db "$CDB" report status --year 2027
check_grep "2027's report is due 2028-03-31" "2027年度报告.*期限 2028-03-31（县级以上地方人民政府" "$TMP/out"
gk report draft --year 2025 --overview x --actor gongkaiban >/dev/null 2>&1
check_status "a year never published past its deadline" 0 env GONGKAI_TODAY=2027-04-01 "$G" --db "$CDB" report status --year 2026
sqlite3 "$CDB" "DELETE FROM report_version WHERE year=2026; UPDATE report_publication SET version=0, report_json=NULL WHERE year=2026"
check_status "is late" 0 env GONGKAI_TODAY=2027-04-01 "$G" --db "$CDB" report status --year 2026
check_grep "and says by how much" "late	逾期1天" "$TMP/out"

# ---- over HTTP: the console, the portal, the dashboard ----
export GONGKAI_TODAY=2026-12-03 GONGKAI_NOW=2026-12-03T10:00:00
start_server
for u in lingdao gongkaiban; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
as gongkaiban GET /console
check_body "the dashboard shows Art. 49" "年度报告（《条例》第四十九条）"
check_body "the 2026 report's deadline and days left" "2027-01-31（县级以上人民政府部门）</td><td>59天"
as gongkaiban GET "/console/report?year=2026"
check_code "the 2026 report opens in December" 200
check_body "with the date it may be published" "2026年度报告须于2027年1月1日后发布"
check_not_body "and no publish button" 'value="publish"'
post gongkaiban /console/report/2026 --data-urlencode "overview=二〇二六年总体情况。" -d problems=无 -d other=无 -d action=save
check_code "the draft is saved in December" 303
post gongkaiban /console/report/2026 -d action=publish
check_code "publishing 2026 on 2026-12-03 is refused" 409
check_body "with the reason and the date" "2026年度报告须于2027年1月1日后发布"
post lingdao /console/report/2026 -d action=signoff
check_code "so is the sign-off" 409
api() { local u=$1 p=$2; shift 2; as $u POST "$p" -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of $u)" "$@"; }
api gongkaiban /api/v1/reports/2026/publish -d '{}'
check_code "the API refuses it the same way" 409
check_body "with the message" '"message":"2026年度报告须于2027年1月1日后发布'
api gongkaiban /api/v1/reports/2026/draft -d '{"narrative":{"overview":"二〇二六年总体情况。","problems":"无","other":"无"},"correction_note":"x"}'
check_code "the API saves a draft in December" 200
req GET /reports/2026
check_code "the portal has no 2026 report" 404
stop_server

export GONGKAI_TODAY=2027-01-02 GONGKAI_NOW=2027-01-02T09:00:00
start_server
post gongkaiban /console/report/2026 -d action=publish
check_code "on 2027-01-02, publishing without the sign-off is refused" 409
check_body "saying whose sign-off it needs" "须经分管领导签发后才能发布"
post gongkaiban /console/report/2026 -d action=signoff
check_code "the office may not sign off" 409
as lingdao GET "/console/report?year=2026"
check_body "the leader is offered the sign-off" 'value="signoff"'
api lingdao /api/v1/reports/2026/publish -d '{"narrative":{}}'
check_code "the API's publish takes no narrative" 422
post lingdao /console/report/2026 -d action=signoff
check_code "the 分管领导 signs it off" 303
post gongkaiban /console/report/2026 -d action=publish
check_code "and it is published" 303
req GET /reports/2026
check_code "the portal shows the 2026 report" 200
check_body "with its text" "二〇二六年总体情况。"
check_not_body "and no 更正说明" "更正说明"
post gongkaiban /console/report/2026 --data-urlencode "overview=更正后的总体情况。" -d problems=无 -d other=无 \
  --data-urlencode "correction_note=表三第（三）项数字有误，已更正。" -d action=save
check_code "a corrected draft is saved" 303
req GET /reports/2026
check_body "the public still reads version 1 before the sign-off" "二〇二六年总体情况。"
post gongkaiban /console/report/2026 -d action=publish
check_code "the correction is refused without a new sign-off" 409
post lingdao /console/report/2026 -d action=signoff
check_code "the leader signs the correction" 303
post gongkaiban /console/report/2026 -d action=publish
check_code "and it is published" 303
req GET /reports/2026
check_body "the public sees the corrected text" "更正后的总体情况。"
check_not_body "and not the old one" "二〇二六年总体情况。"
check_body "with the 更正说明" "<h2>更正说明</h2><p>表三第（三）项数字有误，已更正。</p>"
check_body "and its date" "更正日期：2027-01-02（第2版"
req GET /api/v1/public/reports/2026
check_body "the API says version 2 with its note" '"version": *2'
cp "$TMP/body" "$TMP/api2026.json"
check_status "report read takes the API's JSON (narrative, publication)" 0 "$G" report read --json "$TMP/api2026.json"
cp "$TMP/out" "$TMP/read2026.json"
check "and gives the same JSON back" python3 "$GONGKAI_SRC/tests/e2e/json_same.py" "$TMP/api2026.json" "$TMP/read2026.json"
req GET /reports/2026/report.json
cp "$TMP/body" "$TMP/portal2026.json"
check_status "and the portal's report.json" 0 "$G" report read --json "$TMP/portal2026.json"
cp "$TMP/out" "$TMP/readp2026.json"
check "the same JSON again" python3 "$GONGKAI_SRC/tests/e2e/json_same.py" "$TMP/portal2026.json" "$TMP/readp2026.json"
as gongkaiban GET "/console/report?year=2026"
check_body "staff see the history" "第1版（2027-01-02 发布，已被更正）"
check_body "with the earlier text" "二〇二六年总体情况。"
check "the console's steps are in the audit trail" sh -c "[ \"\$(sqlite3 '$DB' \"SELECT group_concat(action || '/' || actor, ' ') FROM (SELECT action, actor FROM audit WHERE entity='report' AND entity_id=2026 ORDER BY id)\")\" = 'draft_saved/gongkaiban draft_saved/gongkaiban signed_off/lingdao published/gongkaiban draft_saved/gongkaiban signed_off/lingdao corrected/gongkaiban' ]"
finish
