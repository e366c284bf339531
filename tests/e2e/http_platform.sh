#!/usr/bin/env bash
# One platform for a city (issue 13): one `gongkai serve` for the agencies of
# tests/data/platform/agencies.csv; the platform home and search; each
# agency's section under /{code}/ and on its host name; accounts scoped to
# their agency and, for the 政务公开办 and the administrator, to its subtree
# (every role × scope, table-driven); the city office drills into its
# counties' overdue applications and missing reports, is refused on another
# city's agencies, returns a report and publishes the summed report of its
# area; exports as CSV and XLSX; the guide written for the agency's kind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
. "$(dirname "$0")/platform_setup.sh"

# the CSV: all or nothing, errors name the line and the column
cat >"$TMP/bad.csv" <<'CSV'
code,name,parent,kind,level
qcs,青川市人民政府,,government,city
dcq,东城区人民政府,qcs,government,township
Xx,坏,,department,
CSV
check_status "a bad CSV of agencies is refused" 1 "$G" --db "$TMP/bad.db" agency import "$TMP/bad.csv"
check_grep "the refusal names line 3, column 3 (the tree)" '^line 3, column 3: a township government \(dcq\) stands under a county' "$TMP/err"
check_grep "... and line 4, column 1 (the code)" "^line 4, column 1: a code starts with a letter" "$TMP/err"
"$G" --db "$TMP/bad.db" agency list >"$TMP/list" 2>&1
check_nogrep "nothing of it was imported" 'qcs' "$TMP/list"

platform_db "$TMP/g.db" || { fail "the platform database"; done_testing; exit 1; }
ok "the platform: 9 agencies from the CSV, accounts, applications, documents, reports"
"$G" --db "$TMP/g.db" agency tree >"$TMP/tree"
check_grep "agency tree shows the counties under the city" '^  dcq 东城区人民政府 \(政府, 县级\)$' "$TMP/tree"
check_status "importing the same file again is refused (codes taken)" 1 "$G" --db "$TMP/g.db" agency import \
  "$GONGKAI_SRC/tests/data/platform/agencies.csv"
check_grep "... naming the line" "^line 2, column 1: code 'qcs' is taken" "$TMP/err"

start_server
DEMO_PW=$PLATFORM_PW

# ---- the platform and the agencies' sections ----
req GET /
check_code "the platform home" 200
check_body "it shows the tree" '<li><a href="/qcs/">青川市人民政府</a><ul><li><a href="/dcq/">东城区人民政府</a>'
check_body "... and the latest publications of every agency" '东城区义务教育阶段学校招生入学实施办法.*|青川市教育局关于做好'
req GET "/search?q=%E6%8B%9B%E7%94%9F"
check_body "platform search finds both agencies' documents" '共找到 <strong>2</strong> 条'
req GET "/search?q=%E6%8B%9B%E7%94%9F&agency=qcs-jyj"
check_body "... and one with the agency filter" '共找到 <strong>1</strong> 条'
check_body "... the right one" '青川市教育局关于做好'
req GET /doc/1
check_code "a document on the platform goes to its agency" 303
check_header "... /dcq/doc/1" '^Location: /dcq/doc/1'
req GET /dcq/doc/1
check_code "the agency's document page" 200
check_body "its links stay in the agency's section" 'href="/dcq/catalogue"'
req GET /guide
check_code "a page of an agency needs an agency on a platform" 404
req GET / -H "Host: xishan.example.cn"
check_body "an agency's host name serves its home" '西山县人民政府'
req GET /qcs-jyj/guide
check_code "a department's guide" 200
check_not_body "... names no civil-affairs matters" '低保|婚姻登记|最低生活保障'
check_body "... its report by 31 January (Art. 49)" '每年1月31日前公布'
check_body "... review goes to the government of its level" '向青川市人民政府提出'
req GET /qcs/guide
check_body "a government's guide: its report by 31 March" '每年3月31日前公布'
check_body "... with the statistics of Art. 20 (4)" '国民经济和社会发展统计信息'
req GET /xsx-gtz/guide
check_body "a township's guide: Art. 21" '宅基地使用情况审核'

# ---- every role × scope (table): user, path, expected status ----
for u in qcs-office qcs-admin qcs-officer qcs-reviewer qcs-leader dcq-office bhs-office jyj-officer; do login "$u"; done
while read -r user path want; do
  [ -z "$user" ] && continue
  as "$user" GET "$path"
  check_code "$user GET $path" "$want"
done <<'TABLE'
qcs-office   /qcs/console                    200
qcs-office   /qcs/console/oversight          200
qcs-office   /dcq/console                    200
qcs-office   /dcq/console/oversight          200
qcs-office   /dcq-jyj/console/applications   200
qcs-office   /xsx-gtz/console/applications   200
qcs-office   /bhs/console                    403
qcs-office   /nhx/console/applications       403
qcs-office   /nhx/console/oversight          403
qcs-admin    /qcs/console/users              200
qcs-admin    /dcq/console/users              200
qcs-admin    /bhs/console/users              403
qcs-admin    /qcs/console/oversight          403
qcs-admin    /dcq/console/applications       403
qcs-officer  /qcs/console                    200
qcs-officer  /qcs/console/applications       200
qcs-officer  /qcs/console/oversight          403
qcs-officer  /dcq/console                    403
qcs-officer  /qcs-jyj/console                403
qcs-reviewer /qcs/console/docs               200
qcs-reviewer /dcq/console/docs               403
qcs-reviewer /qcs/console/applications       403
qcs-leader   /qcs/console/report             200
qcs-leader   /qcs/console/oversight          403
qcs-leader   /dcq/console/report             403
dcq-office   /dcq/console/oversight          200
dcq-office   /dcq-jyj/console/applications   200
dcq-office   /qcs/console                    403
dcq-office   /xsx/console/applications       403
bhs-office   /bhs/console/oversight          200
bhs-office   /nhx/console/applications       200
bhs-office   /qcs/console/oversight          403
jyj-officer  /qcs-jyj/console/applications   200
jyj-officer  /qcs/console                    403
jyj-officer  /qcs-jyj/api/v1/applications    200
jyj-officer  /qcs/api/v1/applications        403
qcs-office   /dcq/api/v1/applications        200
bhs-office   /dcq/api/v1/applications        403
TABLE
# on the platform's own paths the console is the account's agency's
as dcq-office GET /console
check_body "on the platform the console is the account's own agency's" '东城区人民政府'
# another agency's account is anonymous on a portal it does not work for
as bhs-office GET /qcs/login
check_body "another city's account meets the login form on 青川" 'name="password"'

# a return path after login never leaves the site, whatever it looks like
rm -f "$TMP/jar.x"
curl -s -o "$TMP/lp" -c "$TMP/jar.x" "$B/qcs/login"
CODE=$(curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/jar.x" -c "$TMP/jar.x" \
  --data-urlencode "csrf=$(form_csrf "$TMP/lp")" --data-urlencode login=qcs-office \
  --data-urlencode "password=$PLATFORM_PW" --data-urlencode "next=/-//evil.example/x" "$B/qcs/login")
check_code "login under an agency's path" 303
check_nogrep "... never redirects to another host" '^Location: //' "$TMP/hdr"

# ---- the city office's view ----
as qcs-office GET "/qcs/console/oversight?year=2025"
check_code "the city office's oversight" 200
check_body "it lists the counties and their departments" '东城区人民政府.*|西山县高滩镇人民政府'
check_body "东城区 has one overdue application, linked to the list" 'href="/qcs/console/oversight/apps\?agency=dcq&amp;which=overdue&amp;year=2025">1</a>'
check_body "西山县 has one due within 3 working days" 'href="/qcs/console/oversight/apps\?agency=xsx&amp;which=soon&amp;year=2025">1</a>'
check_body "a document published after 20 working days" 'agency=dcq&amp;which=late&amp;year=2025">1</a>'
check_body "a normative document without its interpretation" 'agency=dcq&amp;which=uninterpreted&amp;year=2025">1</a>'
check_body "市民政局's 2025 report is missing and late (31 January)" 'qcs-mzj&amp;which=report&amp;year=2025">已逾期</a>'
check_body "东城区教育局's report was published late" 'agency=dcq-jyj&amp;which=report&amp;year=2025">逾期发布</a>'
check_body "copies for the archive and the library, per agency (issue 18)" '<table id="t-archive">'
check_body "东城区's document of 2 March waits for its two copies, due 30 March" '<tr><th scope="row">东城区人民政府</th><td>2</td><td>0</td></tr>'
check_body "totals: 3 published, 1 missing past its deadline" '已发布3个，逾期未发布1个'
check_not_body "nothing of the other city" '白河市|南河县'
as qcs-office GET "/qcs/console/oversight/apps?agency=dcq&which=overdue"
check_code "drill-down: 东城区's overdue applications" 200
check_body "... the application, linked into 东城区's console" 'href="/dcq/console/applications/2026-00001">2026-00001</a></td><td>2026-01-05</td><td>2026-02-02'
as qcs-office GET /dcq/console/applications/2026-00001
check_code "... which the city office opens" 200
as qcs-office GET "/qcs/console/oversight/reports?agency=qcs-mzj&year=2025"
check_body "drill-down: 市民政局's missing report and its deadline" '<dt>公布期限</dt><dd>2026-01-31</dd><dt>状态</dt><dd>已逾期</dd>'
as qcs-office GET "/qcs/console/oversight/apps?agency=nhx&which=overdue"
check_code "another city's county is refused in the drill-down" 403
as qcs-office GET "/qcs/console/oversight/reports?agency=bhs&year=2025"
check_code "... and its reports" 403
as bhs-office GET "/bhs/console/oversight?year=2025"
check_body "白河市's office sees its overdue application" 'agency=bhs&amp;which=overdue&amp;year=2025">1</a>'
check_not_body "... and nothing of 青川" '青川|东城区'

# exports
as qcs-office GET "/qcs/console/oversight/export?table=apps&format=csv&year=2025"
check_header "CSV export" '^Content-Type: text/csv'
check_body "... 东城区: 1 overdue" '^"东城区人民政府",1,0'
check_body "... totals" '^"合计",1,1'
as qcs-office GET "/qcs/console/oversight/export?table=reports&format=xlsx&year=2025"
check_header "XLSX export" 'spreadsheetml'
if [ "$(head -c 2 "$TMP/body")" = PK ]; then ok "... a workbook (zip)"; else fail "... a workbook (zip)"; fi
as qcs-office GET "/qcs/console/oversight/export?table=nope&format=csv"
check_code "an unknown table is refused" 400

# a report sent back with comments
C=$(csrf_of qcs-office)
as qcs-office POST /qcs/console/oversight/return --data-urlencode "csrf=$C" --data-urlencode year=2025 \
  --data-urlencode agency=dcq-jyj --data-urlencode "comment=表三与正文数字不一致，请更正。"
check_code "the office returns 东城区教育局's report" 303
as qcs-office POST /qcs/console/oversight/return --data-urlencode "csrf=$C" --data-urlencode year=2025 \
  --data-urlencode agency=qcs-mzj --data-urlencode "comment=请发布"
check_code "a report never published cannot be returned" 409
as qcs-office POST /qcs/console/oversight/return --data-urlencode "csrf=$C" --data-urlencode year=2025 \
  --data-urlencode agency=nhx --data-urlencode "comment=越权"
check_code "another city's report cannot be returned" 403
GONGKAI_PASSWORD=$PLATFORM_PW "$G" --db "$TMP/g.db" --agency dcq-jyj user add djy-office --name 东城教育 --role office >/dev/null
login djy-office
as djy-office GET /dcq-jyj/console
check_body "东城区教育局 sees the comment on its dashboard" '表三与正文数字不一致，请更正。'

# the summed report of the area
as qcs-office POST /qcs/console/oversight/sum --data-urlencode "csrf=$C" --data-urlencode year=2025
check_code "the city office publishes the summed report" 303
check_header "... at its section's /reports/area/2025" '^Location: /qcs/reports/area/2025'
req GET /qcs/reports/area/2025
check_code "the summed report is public" 200
check_body "... names what it sums" '汇总范围：东城区人民政府、东城区教育局、青川市教育局；'
check_body "... and who has not published" '未发布年报、未计入：青川市人民政府、青川市民政局、西山县人民政府、西山县高滩镇人民政府。'
python3 - "$TMP/g.db" <<'PY' >"$TMP/sum.out" 2>&1
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
area = json.loads(db.execute("SELECT report_json FROM area_report").fetchone()[0])
parts = [json.loads(r[0]) for r in db.execute(
    "SELECT report_json FROM report_publication p JOIN agency a ON a.id = p.agency_id "
    "WHERE p.year = 2025 AND a.code IN ('dcq', 'dcq-jyj', 'qcs-jyj')")]
def walk(a, ps, path):
    if isinstance(a, dict):
        for k, v in a.items():
            if k in ("agency", "problems", "source", "year", "layout", "narrative"):
                continue
            walk(v, [p.get(k) if isinstance(p, dict) else None for p in ps], path + "/" + k)
    elif isinstance(a, list):
        for i, v in enumerate(a):
            walk(v, [p[i] if isinstance(p, list) and i < len(p) else None for p in ps], path + "/%d" % i)
    elif isinstance(a, (int, float)) and not isinstance(a, bool):
        s = sum(p for p in ps if isinstance(p, (int, float)) and not isinstance(p, bool))
        assert abs(s - a) < 1e-9, (path, a, s)
        walk.n += 1
walk.n = 0
walk(area, parts, "")
print("cells", walk.n, "new applications", area["applications"]["new"][-1])
PY
check_grep "every figure of the summed report is the sum of the three (2 new applications in 2025)" \
  '^cells [1-9][0-9]* new applications 2$' "$TMP/sum.out"
as dcq-office POST /dcq/console/oversight/sum --data-urlencode "csrf=$(csrf_of dcq-office)" --data-urlencode year=2025
check_code "东城区's office publishes its own area's sum" 303
as bhs-office POST /bhs/console/oversight/sum --data-urlencode "csrf=$(csrf_of bhs-office)" --data-urlencode year=2025
check_code "白河市 has no report to sum: refused" 409

# the agency's details, 指南 and 制度 in the console
as qcs-office POST /qcs-jyj/console/agency --data-urlencode "csrf=$C" \
  --data-urlencode "guide.scope=学前教育、义务教育招生入学政策及划片范围" --data-urlencode "agency.phone=0838-1234601" \
  --data-urlencode "rules.notes=本局每季度检查一次公开专栏。"
check_code "the office edits 市教育局's guide" 303
req GET /qcs-jyj/guide
check_body "the guide shows the agency's own items" '<li>学前教育、义务教育招生入学政策及划片范围</li>'
check_body "... and the new phone" '0838-1234601'
req GET /qcs-jyj/rules
check_body "the rules show the agency's own addition" '本局每季度检查一次公开专栏。'
as jyj-officer GET /qcs-jyj/console/agency
check_code "an officer may not edit them" 403
finish
