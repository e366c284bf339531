#!/usr/bin/env bash
# December without next year's notice (issue 10): with the clock on each day
# of December 2026, an application is registered on the command line and
# through the public form, and its deadline is given as provisional when it
# runs into 2027 (no State Council notice yet). Then a notice for 2027 is
# imported as published text: a contradictory one is refused naming the line
# and nothing is stored; a good one is previewed without storing, then stored
# with --apply, re-dating the open applications (listed, earliest first; the
# history and the audit trail say so); after it nothing is provisional.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"

# check_out NAME WANT COMMAND...: the command's output is exactly WANT
check_out() {
  local n=$1 want=$2; shift 2
  local got; got=$("$@" 2>&1)
  if [ "$got" = "$want" ]; then ok "$n"; else fail "$n (got '$got', wanted '$want')"; fi
}

# one agency, nothing else: every application below is counted
DB=$TMP/g.db
export GONGKAI_DB=$DB GONGKAI_USER=张科员
"$G" apply list >/dev/null 2>&1   # creates the database
sqlite3 "$DB" "INSERT INTO agency(code, name, created_at) VALUES ('zmdmzj', '驻马店市民政局', '2024-01-01');
  INSERT INTO setting(agency_id, key, value) VALUES (0, 'web.applications_per_ip_hour', '100')"
no_intake_limits "$DB"

# ---- each day of December 2026: the command line and the form ------------
cli_bad=0 web_bad=0 prov_cli=0 prov_web=0
# one server, its clock moved day by day (GONGKAI_TODAY_FILE is read at each use)
export GONGKAI_TODAY_FILE=$TMP/today
echo 2026-12-01 >"$GONGKAI_TODAY_FILE"
start_server
for d in $(seq -w 1 31); do
  day=2026-12-$d
  export GONGKAI_TODAY=$day
  echo "$day" >"$GONGKAI_TODAY_FILE"
  if ! "$G" apply register --channel online --received "$day" --kind natural_person --name 王小明 \
       --phone 13800000000 --request "2026年${d}日申请：低保资金发放情况" --delivery online >"$TMP/reg" 2>&1; then
    cli_bad=$((cli_bad + 1)); sed "s/^/# $day: /" "$TMP/reg" | head -3
  fi
  # 20 working days after 3 December end on 31 December; from the 4th they run into 2027
  if [ "$d" -ge 4 ]; then
    grep -q '答复期限 .*（暂定）' "$TMP/reg" && grep -q '暂定期限：2027年的节假日安排尚未公布.*国务院令第795号' "$TMP/reg" &&
      prov_cli=$((prov_cli + 1))
  else
    grep -q '暂定' "$TMP/reg" || prov_cli=$((prov_cli + 1))
  fi
  req GET /apply -c "$TMP/jar"
  C=$(form_csrf "$TMP/body")
  req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d kind=natural_person --data-urlencode name=李四 \
    -d phone=13900001111 --data-urlencode "request=网上申请${d}日：养老服务补贴" -d delivery=online -d agree=1
  if [ "$CODE" != 201 ] && [ "$CODE" != 303 ]; then
    web_bad=$((web_bad + 1)); echo "# $day: HTTP $CODE"; head -c 300 "$TMP/body" | sed 's/^/# /'
  fi
  [ "$CODE" = 303 ] && req GET "$(sed -n 's/^[Ll]ocation: *//p' "$TMP/hdr" | tr -d '\r')" -b "$TMP/jar"
  if [ "$d" -ge 4 ]; then
    grep -q '暂定期限：2027年的节假日安排尚未公布' "$TMP/body" && prov_web=$((prov_web + 1))
  else
    grep -q '暂定期限' "$TMP/body" || prov_web=$((prov_web + 1))
  fi
  [ "$d" = 20 ] && TRACK=$(grep -o 'class="code">[0-9A-Z-]*<' "$TMP/body" | sed 's/.*>\(.*\)</\1/')
done
stop_server
unset GONGKAI_TODAY_FILE
export GONGKAI_TODAY=2026-12-31
[ "$cli_bad" = 0 ] && ok "every day of December: registered on the command line" || fail "command line refused $cli_bad days"
[ "$prov_cli" = 31 ] && ok "the command line says provisional exactly from 4 December" || fail "provisional on the command line: $prov_cli of 31 right"
[ "$web_bad" = 0 ] && ok "every day of December: registered through the form" || fail "the form refused $web_bad days"
[ "$prov_web" = 31 ] && ok "the receipt page says provisional exactly from 4 December" || fail "provisional on the receipt: $prov_web of 31 right"

check_status "gongkai due (some are overdue: exit 1)" 1 "$G" due --within 40
check_grep "due marks provisional deadlines" '答复期限（暂定）' "$TMP/out"
check_status "gongkai due --json" 1 "$G" due --within 40 --json
check_grep "due --json says provisional" '"provisional":true' "$TMP/out"
NO_DEC10=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE received = '2026-12-10' ORDER BY id LIMIT 1")
check_status "list --json" 0 "$G" apply list --json
check_grep "list --json: provisional on read" '"provisional":true' "$TMP/out"
check_status "show a December application" 0 "$G" apply show "$NO_DEC10"
check_grep "show: the reply deadline 2027-01-08 is provisional" '2027-01-08.*' "$TMP/out"
check_grep "show: says why" '暂定期限：2027年' "$TMP/out"

start_server
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$TRACK\",\"phone\":\"13900001111\"}"
check_code "public follow-up (JSON)" 200
check_body "public follow-up says provisional" '"provisional": *true'
stop_server

# ---- a notice with a contradiction is refused, naming the line ----------
cat >"$TMP/bad-2027.txt" <<'TXT'
国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）放假1天，不调休。
二、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。5月2日（周日）上班。
TXT
audit0=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit")
check_status "a contradictory notice is refused" 2 "$G" calendar import --apply "$TMP/bad-2027.txt"
check_grep "naming the line and the day" 'bad-2027.txt:3: 2027-05-02 is both 放假 and 上班' "$TMP/err"
printf '国务院办公厅关于2027年部分节假日安排的通知\n一、劳动节：2028年5月1日放假1天。\n' >"$TMP/bad2-2027.txt"
check_status "a date outside the year is refused" 2 "$G" calendar import --apply "$TMP/bad2-2027.txt"
check_grep "naming the line" 'bad2-2027.txt:2: 2028-05-01 is outside the notice.s year 2027' "$TMP/err"
check_out "nothing stored: no fact" 0 sqlite3 "$DB" "SELECT COUNT(*) FROM calendar_fact"
check_out "nothing stored: no audit entry" "$audit0" sqlite3 "$DB" "SELECT COUNT(*) FROM audit"

# ---- the notice for 2027 (a TEST notice: not the real one, which is not
# published yet): 元旦 1–4 January with Saturday 9 January worked, so the
# deadlines that fell on 4–8 January move one working day later.
cat >"$TMP/2027.txt" <<'TXT'
国务院办公厅关于2027年部分节假日安排的通知

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2027年元旦、春节、清明节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。
　　二、春节：2月5日（农历除夕、周五）至11日（农历正月初六、周四）放假调休，共7天。2月20日（周六）上班。
　　三、清明节：4月5日（周一）放假，与周末连休。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
TXT
check_status "preview the notice" 0 "$G" calendar import "$TMP/2027.txt"
check_grep "preview: the year replaces the provisional one" '2027年：放假.*取代该年的暂定日历' "$TMP/out"
check_grep "preview: lists the applications that would move" '存入后期限将改变的在办申请（14件' "$TMP/out"
check_grep "preview: nothing stored" '仅预览，未存入' "$TMP/out"
check_out "preview stored nothing" 0 sqlite3 "$DB" "SELECT COUNT(*) FROM calendar_fact"

check_status "import the notice with --apply" 0 "$G" calendar import --apply "$TMP/2027.txt"
check_grep "lists the applications re-dated" '期限已改变的在办申请（14件，按新期限先后）' "$TMP/out"
check_grep "the earliest first: received 4 December, 2027-01-04 -> 2027-01-05" \
  '^  [a-z]+ 2026-[0-9]+  期限 2027-01-04 → 2027-01-05' <(sed -n '/期限已改变/{n;p}' "$TMP/out")
check_grep "received 10 December: 2027-01-08 -> 2027-01-09 (the Saturday worked)" '期限 2027-01-08 → 2027-01-09' "$TMP/out"
check_nogrep "no longer provisional" '（暂定）' "$TMP/out"
check_grep "says what is known now" '已知年份：2004–2027' "$TMP/out"
check_out "the history of each: one redate step" 14 sqlite3 "$DB" "SELECT COUNT(*) FROM app_step WHERE event = 'redate'"
check_out "the audit trail: the import and each re-dating" 15 sqlite3 "$DB" \
  "SELECT COUNT(*) FROM audit WHERE (entity = 'calendar' AND action = 'import') OR action = 'redate'"
check_status "list --json after the import" 0 "$G" apply list --json
check_nogrep "list --json: nothing provisional" '"provisional":true' "$TMP/out"
check_status "show after the import" 0 "$G" apply show "$NO_DEC10"
check_grep "show: the new deadline" '2027-01-09' "$TMP/out"
check_nogrep "show: not provisional any more" '暂定' "$TMP/out"
check_status "due after the import" 1 "$G" due --within 40
check_nogrep "due: nothing provisional" '暂定' "$TMP/out"
check_status "import the same notice again" 0 "$G" calendar import --apply "$TMP/2027.txt"
check_grep "again: nothing moves" '没有在办申请的期限改变' "$TMP/out"

GONGKAI_PASSWORD=kezhang2026 check_status "an officer account" 0 "$G" user add kezhang --name 张科员 --role officer
start_server
req POST /api/v1/public/track -H "Content-Type: application/json" -d "{\"code\":\"$TRACK\",\"phone\":\"13900001111\"}"
check_body "public follow-up: not provisional after the import" '"provisional": *false'
login kezhang kezhang2026
as kezhang GET /console/applications
check_code "the console's applications" 200
check_body "the console lists the re-dated applications" '工作日历更新后期限改变的申请'
perl -0ne 'print $1 if /工作日历更新后期限改变(.*?)<\/table>/s' "$TMP/body" | grep -o '/console/applications/2026-[0-9]*"' >"$TMP/redated"
check_out "the console lists all 14, earliest first" "$(sqlite3 "$DB" "SELECT '/console/applications/' || app_no || '\"' FROM application WHERE id IN (SELECT application_id FROM app_step WHERE event = 'redate') ORDER BY due, received, id")" cat "$TMP/redated"
as kezhang GET "/console/applications/$NO_DEC10"
check_body "the application's history shows the re-dating" '工作日历更新，重新计算期限'
stop_server

# ---- a regional calendar: 新疆's layer moves only its agencies ------------
check_status "the agency counts on 新疆's calendar" 0 "$G" calendar region 新疆
check_grep "region set" '：新疆' "$TMP/out"
printf '2027-01-12\tholiday\t测试地区节日\n' >"$TMP/xj.tsv"
check_status "import a regional day" 0 "$G" calendar import --apply --region 新疆 "$TMP/xj.tsv"
check_grep "regional: deadlines after 11 January move" '期限已改变的在办申请' "$TMP/out"
check_out "regional fact kept apart" "新疆" sqlite3 "$DB" "SELECT region FROM calendar_fact WHERE date = '2027-01-12'"
check_out "the national calendar is unchanged" 2027-01-13 "$G" calendar add 2027-01-11 2
check_status "back to the national calendar" 0 "$G" calendar region --national
printf '2027-01-13\tholiday\t测试地区节日\n' >"$TMP/xz.tsv"
check_status "a layer for another region" 0 "$G" calendar import --apply --region 西藏 "$TMP/xz.tsv"
check_grep "moves nothing here" '没有在办申请的期限改变' "$TMP/out"

done_testing
