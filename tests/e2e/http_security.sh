#!/usr/bin/env bash
# What an assessor checks on the console (issue 15): the login notice (last
# login, its address, the failures since), the three administrators' pages
# (each refused the others'), the security administrator's policy page (a
# security event), the auditor's filters and CSV/XLSX export, and a password
# past its age changed before anything else, not to one of the last ones.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server

# the login notice
login shenji
as shenji GET /console
check_body "a first login says so" "这是您的账户首次登录"
for i in 1 2; do
  curl -s -o /dev/null -b "$TMP/jar.anon" -c "$TMP/jar.anon" "$B/login"
  c=$(curl -s -b "$TMP/jar.anon" -c "$TMP/jar.anon" "$B/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -b "$TMP/jar.anon" -d "csrf=$c" -d login=shenji -d password=wrong$i "$B/login"
done
login shenji
as shenji GET /console
check_body "the next login shows the last one's time and address" "上次登录：[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}，地址 127\.0\.0\.1"
check_body "and the failed logins since" "此后登录失败 2 次"
as shenji GET /console/account
check_body "the account page shows it too" "此后登录失败 2 次"
login shenji
as shenji GET /console
check_body "a clean login after that says no failure" "此后没有登录失败记录"

# 三员分立: every role x page of the three administrators
for u in admin anquan; do login $u; done
while read -r u m p want what; do
  if [ "$m" = POST ]; then
    as $u POST "$p" -H "X-CSRF-Token: $(csrf_of $u)" -d security.password_min_length=20
  else
    as $u GET "$p"
  fi
  check_code "$u $m $p: $what" "$want"
done <<'ROWS'
admin GET /console/security 403 系统管理员 may not open the security policy
admin POST /console/security 403 系统管理员 may not change it
admin GET /console/audit 403 系统管理员 may not read the audit trail
admin GET /console/audit/export?format=csv 403 系统管理员 may not export it
admin GET /console/users 200 系统管理员 manages accounts
anquan GET /console/security 200 安全管理员 opens the security policy
anquan GET /console/audit 403 安全管理员 may not read the audit trail
anquan GET /console/audit/export?format=csv 403 安全管理员 may not export it
anquan GET /console/users 403 安全管理员 may not manage accounts
anquan GET /console/logins 403 安全管理员 may not read the failed logins
shenji GET /console/security 403 审计管理员 may not open the security policy
shenji POST /console/security 403 审计管理员 may not change it
shenji GET /console/audit 200 审计管理员 reads the audit trail
shenji GET /console/audit/export?format=csv 200 审计管理员 exports it
shenji GET /console/users 403 审计管理员 may not manage accounts
ROWS
check "the refused changes left the policy alone" sh -c "[ \$(sqlite3 '$DB' \"SELECT COUNT(*) FROM setting WHERE key = 'security.password_min_length'\") = 0 ]"

# the security administrator's page
as anquan GET /console/security
check_body "the policy page lists the password history" "不得与最近几次使用过的密码相同"
check_body "and the password age" 'name="security.password_max_days"'
check_body "and is a form with a CSRF token" 'name="csrf" value="[0-9a-f]{64}"'
form() {   # the policy form with the defaults, KEY=VALUE arguments in their place
  local args=() k o v
  for k in security.password_min_length=8 security.password_classes=2 security.password_history=5 \
           security.password_max_days=0 web.session_idle_minutes=30 web.session_max_hours=12 web.login_fail_max=5 \
           web.login_fail_window_minutes=15; do
    v=$k
    for o in "$@"; do [ "${o%%=*}" = "${k%%=*}" ] && v=$o; done
    args+=(-d "$v")
  done
  as anquan POST /console/security -d "csrf=$(csrf_of anquan)" "${args[@]}"
}
form security.password_max_days=99999
check_code "a value out of range is refused" 422
check_body "naming the field" "密码最长使用天数"
as anquan POST /console/security -d security.password_max_days=90
check_code "a change without the CSRF token is refused" 403
form security.password_history=3 security.password_max_days=90
check_code "安全管理员 saves the policy" 303
same() { if [ "$1" = "$2" ]; then ok "$3"; else fail "$3 (got '$1', wanted '$2')"; fi; }
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'security' AND action = 'policy' AND actor = 'anquan'")" 2 \
  "each changed setting is a security event (2), the unchanged ones none"

# the auditor's filters and export
as shenji GET "/console/audit?kind=security"
check_body "the security events: failed logins" ">登录失败<"
check_body "refused access" ">越权访问被拒绝<"
check_body "policy changes" ">修改安全策略<"
check_not_body "and not the plain logins" ">登录<"
as shenji GET "/console/audit?kind=security&actor=anquan&since=2000-01-01&until=2100-12-31"
check_body "filters combine: actor and dates" ">修改安全策略<"
check_not_body "(only anquan's events)" ">登录失败<"
as shenji GET "/console/audit?kind=nonsense"
check_code "an unknown kind is 400" 400
as shenji GET "/console/audit/export?format=csv&kind=security"
check_code "CSV export" 200
check_header "as a file" '^Content-Disposition: attachment; filename="audit-[^"]*\.csv"'
check_grep "with a BOM and the Chinese header" $'^\xEF\xBB\xBF"编号","时间","操作人","对象类型","对象编号","操作","变更前","变更后"' "$TMP/body"
check_body "holding the policy change with its values" '"anquan","安全事件","","修改安全策略","\{""key"":""security.password_max_days"",""value"":0\}","\{""key"":""security.password_max_days"",""value"":90\}"'
check_not_body "and only security events" '"登录"'
as shenji GET "/console/audit/export?format=xlsx&kind=security"
check_code "XLSX export" 200
check_header "is a spreadsheet" "^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
check_grep "a real one (zip)" "^PK" "$TMP/body"
python3 - "$TMP/body" >"$TMP/xlsx.txt" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
# strings shared or inline (the export writes in constant memory)
print("".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")))
PY
check_grep "whose cells hold the policy change" "修改安全策略" "$TMP/xlsx.txt"
as shenji GET "/console/audit/export?format=pdf"
check_code "an unknown format is 400" 400
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'audit' AND action = 'downloaded' AND actor = 'shenji'")" 3 \
  "each export is itself recorded (3)"

# a password past security.password_max_days (90, set above) is changed first
login xinxiyuan
as xinxiyuan GET /console
check_code "a fresh password opens the console" 200
sqlite3 "$DB" "UPDATE app_user SET pw_changed = '2000-01-01T08:00:00' WHERE login = 'xinxiyuan'"
as xinxiyuan GET /console
check_code "an expired password sends the console to the account page" 303
check_header "with the reason" "^Location: /console/account\?expired=1"
as xinxiyuan GET /console/account
check_code "the account page opens" 200
check_body "and says the password must be changed" "您的密码已使用超过90天"
as xinxiyuan POST /console/docs -d "csrf=$(csrf_of xinxiyuan)" -d title=x
check_code "other forms are refused until it is changed" 403
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=$DEMO_PW -d new=$DEMO_PW -d confirm=$DEMO_PW
check_code "the same password again is refused (history of 3)" 422
check_body "saying why" "不得与最近3次使用过的密码相同"
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=$DEMO_PW -d new=fresh2027pw -d confirm=fresh2027pw
check_code "a new password is taken" 303
as xinxiyuan GET /console
check_code "and the console opens again" 200
login xinxiyuan fresh2027pw
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=fresh2027pw -d new=$DEMO_PW -d confirm=$DEMO_PW
check_code "going back to the previous password is refused too" 422
finish
