#!/usr/bin/env bash
# Refusals and hostile input over HTTP: oversized bodies and headers,
# malformed forms, invalid UTF-8, and XSS and SQL-injection strings stored
# and shown back harmlessly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
login admin
C=$(csrf_of admin)

# body size: the form limit is 64 KiB
head -c 70000 /dev/zero | tr '\0' 'a' >"$TMP/big"
as admin POST /console/users --data-binary "@$TMP/big" -H "Content-Type: application/x-www-form-urlencoded"
check_code "a body over the form limit is 413" 413
as admin POST /api/v1/users --data-binary "@$TMP/big" -H "Content-Type: application/json" -H "X-CSRF-Token: $C"
check_code "an API body over the limit is 413" 413
check_body "as JSON" '"code":"too_large"'
# chunked bodies are counted as they come
as admin POST /console/users --data-binary "@$TMP/big" -H "Content-Type: application/x-www-form-urlencoded" -H "Transfer-Encoding: chunked"
check_code "a chunked body over the limit is 413" 413

# headers: the connection memory limit refuses a huge header
big=$(head -c 40000 /dev/zero | tr '\0' 'b')
req GET / -H "X-Big: $big"
[ "$CODE" = 431 ] || [ "$CODE" = 413 ] || [ "$CODE" = 400 ] && ok "an oversized header is refused ($CODE)" || fail "oversized header got $CODE"

# malformed forms
as admin POST /console/users -H "Content-Type: application/x-www-form-urlencoded" --data-binary "csrf=$C&login=%ZZ"
check_code "a bad percent-escape is 400" 400
as admin POST /console/users -H "Content-Type: application/x-www-form-urlencoded" --data-binary "csrf=$C&name=%FF%FE"
check_code "invalid UTF-8 in a form is 400" 400
as admin POST /console/users -H "Content-Type: application/x-www-form-urlencoded" --data-binary "csrf=$C&name=a%00b"
check_code "a NUL byte in a form is 400" 400
as admin POST /console/users -H "Content-Type: text/xml" --data-binary "<x/>"
check_code "an unsupported content type is 400" 400
as admin POST /console/users -H "Content-Type: multipart/form-data; boundary=zz" --data-binary $'--zz\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'"$C"
check_code "an unterminated multipart body is 400" 400
fields=$(for i in $(seq 1 250); do printf 'f%d=1&' $i; done)
as admin POST /console/users -H "Content-Type: application/x-www-form-urlencoded" --data-binary "csrf=$C&$fields"
check_code "too many fields is 400" 400
req GET "/guide?q=%FF"
check_code "invalid UTF-8 in a query is 400" 400

# multipart works for a well-formed form
as admin POST /console/users -F "csrf=$C" -F login=multi -F name=表单用户 -F role=officer -F password=abcd12345
check_code "a multipart form is accepted" 303

# XSS: a name with markup is stored as text and shown escaped
XSS='<script>alert(1)</script>"'"'"
XSS2='<img src=x onerror=alert(2)>'
as admin POST /console/users --data-urlencode "csrf=$C" -d login=xss --data-urlencode "name=$XSS" -d role=officer -d password=abcd12345
check_code "a name with markup is stored" 303
as admin POST /console/users --data-urlencode "csrf=$C" -d login=xss2 --data-urlencode "name=$XSS2" -d role=officer -d password=abcd12345
as admin GET /console/users
check_not_body "the markup is not output raw" '<script>alert|<img src=x'
check_body "it is output escaped" '&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&#39;'
check_body "attributes too" '&lt;img src=x onerror=alert\(2\)&gt;'
as admin GET /api/v1/users -H "Accept: application/json"
check_body "the API gives it back as JSON text" '"name":"<script>alert\(1\)</script>'
# the login field is reflected escaped on a failed login
req GET /login -c "$TMP/jar.x"
c=$(form_csrf "$TMP/body")
req POST /login -b "$TMP/jar.x" --data-urlencode "csrf=$c" --data-urlencode 'login="><script>alert(3)</script>' -d password=x
check_not_body "a reflected login is escaped" '<script>alert\(3\)'
# the flash message takes only known keys
req GET '/login?msg=<script>alert(4)</script>'
check_not_body "an unknown flash key shows nothing" 'alert\(4\)'

# SQL injection strings are data
SQLI="x' OR '1'='1"
req POST /login -b "$TMP/jar.x" --data-urlencode "csrf=$c" --data-urlencode "login=$SQLI" --data-urlencode "password=$SQLI"
check_code "an injection in the login fails as a wrong login" 401
as admin POST /console/users --data-urlencode "csrf=$C" -d login=sqli --data-urlencode "name=Robert'); DROP TABLE app_user;--" -d role=officer -d password=abcd12345
check_code "an injection in a name is stored" 303
as admin GET /console/users
check_body "and shown as typed" "Robert&#39;\); DROP TABLE app_user;--"
check "the accounts table is still there" sqlite3 "$DB" "SELECT count(*) FROM app_user"
login shenji
as shenji GET "/console/audit?actor=$(printf '%s' "$SQLI" | sed "s/ /%20/g;s/'/%27/g")"
check_code "an injection in an audit filter is a filter" 200
check_body "that matches nothing" "没有符合条件的记录"
finish
