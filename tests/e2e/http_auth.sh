#!/usr/bin/env bash
# Staff login over HTTP: sessions and their cookies, CSRF on every form,
# roles, login throttling, idle timeout, password change, logout.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server

req GET /console
check_code "console without login redirects" 303
check_header "to the login page, remembering where" "^Location: /login\?next=%2Fconsole"

req GET /login -c "$TMP/jar.anon"
check_code "login page answers 200" 200
check_header "anonymous CSRF cookie is HttpOnly and SameSite=Strict" "^Set-Cookie: gk_csrf=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Strict"
check_header "login page is not stored" "^Cache-Control: no-store"
c=$(form_csrf "$TMP/body")

req POST /login -b "$TMP/jar.anon" -d login=admin -d password=$DEMO_PW
check_code "login without the CSRF field is refused" 403
req POST /login -d "csrf=$c" -d login=admin -d password=$DEMO_PW
check_code "login with a CSRF field but no cookie is refused" 403
req POST /login -b "$TMP/jar.anon" -d "csrf=$c" -d login=admin -d password=wrong1234
check_code "wrong password is 401" 401
check_body "wrong password says so in Chinese" "用户名或密码错误"
req POST /login -b "$TMP/jar.anon" -d "csrf=$c" -d login=nobody -d password=wrong1234
check_code "unknown login is 401 too" 401
req POST /login -b "$TMP/jar.anon" -d "csrf=$c" -d login=admin
check_code "missing password is 400" 400

login admin
check_code "admin logs in" 303
check_header "session cookie is HttpOnly and SameSite=Strict" "^Set-Cookie: gk_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict"
check_header "and goes to the console" "^Location: /console"
as admin GET /console
check_code "console answers 200 when logged in" 200
check_body "console greets the user by name" "刘洋，您好"
check_header "console pages are not stored" "^Cache-Control: no-store"
check_body "console has the logout form with a CSRF token" 'action="/logout"'

for u in xinxiyuan shenhe lingdao gongkaiban; do
  login $u
  check_code "$u logs in" 303
  as $u GET /console
  check_code "$u sees the console" 200
done

# roles: user management is the administrator's
as xinxiyuan GET /console/users
check_code "officer may not open user management" 403
check_body "403 page says why" "无权"
as lingdao GET /console/audit
check_code "leader may read the audit trail" 200
as xinxiyuan GET /console/audit
check_code "officer may not read the audit trail" 403
as admin GET /console/users
check_code "admin opens user management" 200
check_body "the list shows the officer" "xinxiyuan"

# 三员分立: the three administrators, each refused the others' work (issue 15)
for u in anquan shenji; do
  login $u
  check_code "$u logs in" 303
done
while read -r u m p want what; do
  if [ "$m" = POST ]; then
    as $u POST "$p" -H "X-CSRF-Token: $(cat "$TMP/csrf.$u")" -d login=sneaky -d name=x -d role=auditor -d password=abcd12345
  else
    as $u GET "$p"
  fi
  check_code "$u: $what" "$want"
done <<'ROWS'
admin GET /console/audit 403 系统管理员 may not read the audit trail
admin GET /console/logins 403 系统管理员 may not read the failed logins
admin GET /api/v1/audit 403 系统管理员 may not read the audit trail through the API
admin GET /console/applications 403 系统管理员 sees no application
anquan GET /console/users 403 安全管理员 may not manage accounts
anquan POST /console/users 403 安全管理员 may not create an account
anquan GET /console/audit 403 安全管理员 may not read the audit trail
anquan GET /console/applications 403 安全管理员 sees no application
anquan GET /console/docs/new 403 安全管理员 may not draft a document
shenji GET /console/audit 200 审计管理员 reads the audit trail
shenji GET /console/logins 200 审计管理员 reads the failed logins
shenji GET /api/v1/audit 200 审计管理员 reads the audit trail through the API
shenji GET /console/users 403 审计管理员 may not manage accounts
shenji POST /console/users 403 审计管理员 may not create an account
shenji GET /console/applications 403 审计管理员 sees no application
shenji GET /console/docs/new 403 审计管理员 may not draft a document
shenji GET /console/report 403 审计管理员 may not open the annual report
ROWS
check "no account was created by the refused" sh -c "[ \$(sqlite3 '$DB' \"SELECT COUNT(*) FROM app_user WHERE login = 'sneaky'\") = 0 ]"

# CSRF on state-changing console forms
as admin POST /console/users -d login=newbie -d name=新人 -d role=officer -d password=abcd12345
check_code "creating a user without CSRF is refused" 403
as admin POST /console/users -d "csrf=0000" -d login=newbie -d name=新人 -d role=officer -d password=abcd12345
check_code "creating a user with a wrong CSRF token is refused" 403
as admin POST /console/users -d "csrf=$(csrf_of admin)" -d login=newbie -d name=新人 -d role=officer -d password=abcd12345
check_code "creating a user with the CSRF token works" 303
as admin POST /console/users -d "csrf=$(csrf_of admin)" -d login=newbie -d name=又一个 -d role=officer -d password=abcd12345
check_code "a taken login is refused" 409
as admin POST /console/users -d "csrf=$(csrf_of admin)" -d login=weak -d name=弱密码 -d role=officer -d password=abc
check_code "a weak password is refused" 422
check_body "the policy is explained" "至少8位"
as admin POST /console/users -d "csrf=$(csrf_of admin)" -d login=Bad%20Login -d name=x -d role=officer -d password=abcd12345
check_code "a malformed login is refused" 422
as admin POST /console/users -d "csrf=$(csrf_of admin)" -d login=rooty -d name=x -d role=root -d password=abcd12345
check_code "an unknown role is refused" 422
as xinxiyuan POST /console/users -d "csrf=$(csrf_of xinxiyuan)" -d login=sneaky -d name=x -d role=admin -d password=abcd12345
check_code "an officer may not create accounts even with a valid token" 403

login newbie abcd12345
check_code "the new account logs in" 303

# the only administrator cannot be disabled
adminid=$(sqlite3 "$DB" "SELECT id FROM app_user WHERE login='admin'")
as admin POST /console/users/$adminid -d "csrf=$(csrf_of admin)" -d name=刘洋 -d role=admin
check_code "disabling the only administrator is refused" 409
# disabling an account ends its sessions
newid=$(sqlite3 "$DB" "SELECT id FROM app_user WHERE login='newbie'")
as admin POST /console/users/$newid -d "csrf=$(csrf_of admin)" -d name=新人 -d role=officer
check_code "admin disables the new account" 303
as newbie GET /console
check_code "the disabled account's session has ended" 303

# password change
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=wrong -d new=newpass123 -d confirm=newpass123
check_code "password change with the wrong current password is refused" 422
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=$DEMO_PW -d new=newpass123 -d confirm=newpass124
check_code "password change with a mismatch is refused" 422
as xinxiyuan POST /console/account/password -d "csrf=$(csrf_of xinxiyuan)" -d current=$DEMO_PW -d new=newpass123 -d confirm=newpass123
check_code "password change works" 303
login xinxiyuan newpass123
check_code "the new password logs in" 303

# idle timeout: a session not seen for longer than the idle limit is over
login shenhe
sqlite3 "$DB" "UPDATE web_session SET seen = seen - 7200 WHERE user_id = (SELECT id FROM app_user WHERE login='shenhe')"
as shenhe GET /console
check_code "an idle session is over" 303
# maximum age: a session in use all along ends 12 hours after its login
login fushen
as fushen GET /console
check_code "a fresh session opens the console" 200
sqlite3 "$DB" "UPDATE web_session SET created = created - 13*3600 WHERE user_id = (SELECT id FROM app_user WHERE login='fushen')"
as fushen GET /console
check_code "a session older than its maximum age is over, though never idle" 303

# logout
as lingdao POST /logout -d "csrf=$(csrf_of lingdao)"
check_code "logout redirects" 303
check_header "logout clears the cookie" "^Set-Cookie: gk_session=; .*Max-Age=0"
as lingdao GET /console
check_code "after logout the console needs a login again" 303

# throttling: five failures lock the login for a while, even with the right password
for i in 1 2 3 4 5; do
  curl -s -o /dev/null -b "$TMP/jar.anon" -d "csrf=$c" -d login=gongkaiban -d password=bad$i "$B/login"
done
req POST /login -b "$TMP/jar.anon" -d "csrf=$c" -d login=gongkaiban -d password=$DEMO_PW
check_code "after 5 failures the login is throttled" 429
check_body "the page says when to retry" "分钟后再试"
check_header "with Retry-After" "^Retry-After:"

as shenji GET "/console/audit?entity=user"
check_body "logins are in the audit trail" ">登录<"
check_body "failed logins are in the audit trail" ">登录失败<"
as shenji GET "/console/audit?since=notadate"
check_code "a malformed audit filter is 400" 400

# large-text mode survives a form: the redirect after login keeps it
req GET "/login?size=large" -c "$TMP/jar.lg"
check_body "the login form carries large-text mode" 'name="size" value="large"'
c3=$(form_csrf "$TMP/body")
req POST /login -b "$TMP/jar.lg" -c "$TMP/jar.lg" -d "csrf=$c3" -d login=admin -d password=$DEMO_PW -d size=large
check_header "and the redirect after login keeps it" "^Location: /console\?size=large"

# open redirect: next must stay on this site
req GET /login -c "$TMP/jar.or"
c2=$(form_csrf "$TMP/body")
req POST /login -b "$TMP/jar.or" -c "$TMP/jar.or" -d "csrf=$c2" -d login=admin -d password=$DEMO_PW --data-urlencode "next=//evil.example/x"
check_header "an off-site next goes to the console instead" "^Location: /console"
finish
