#!/usr/bin/env bash
# Nothing is cut, nothing is filed twice (issue 10, item 6).
# Every limit of an application's typed fields (base/limits.h) is tried at the
# limit -1, at the limit and at the limit +1 character, with 1-, 2-, 3- and
# 4-byte characters (a, é, 中, 𠀀), through the public form, the JSON API and
# the command line: accepted and read back from the database byte for byte,
# or refused naming the field and the limit, and nothing stored. Then the
# one-time form token: the same form submitted twice, the receipt reloaded,
# the console's registration repeated — one application each time; and the
# POSTs that create answer 303 to what they created (201 + Location in the API).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; sed 's/^/# /' "$TMP/demo.out"; done_testing; exit 1; }
# many applications from one address in this test; a fixed day inside the calendar
no_intake_limits "$DB"
export GONGKAI_TODAY=2026-11-02 GONGKAI_USER=张科员
start_server
login admin
OFFICER=$(own_token xinxiyuan limits)
OFFICE=$(own_token gongkaiban limits)
login xinxiyuan
[ -n "$OFFICER" ] && ok "an API token for the officer" || fail "an API token for the officer"

apps() { sqlite3 "$DB" "SELECT COUNT(*) FROM application"; }
# rep STRING N: STRING N times (in the shell: a Python per value cost more than the request)
rep() { local pad; printf -v pad '%*s' "$2" ''; printf %s "${pad// /"$1"}"; }
hexof() { printf %s "$1" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F; }
# value FIELD CHAR N: N characters for the field, valid for its format
value() {
  case $1 in
    email) printf '%s@x.cn' "$(rep "$2" $(($3 - 5)))" ;;
    phone) printf '%s%s' "$(rep 1 20)" "$(rep "$2" $(($3 - 20)))" ;;
    *) rep "$2" "$3" ;;
  esac
}
# the stored column of the newest application numbered NO, as hex, vs. what was sent
stored_is() {  # NAME COLUMN WHERE VALUE
  local got want no
  case $2 in
    name|id_number|phone|email|address)   # sealed in the database (issue 15): what staff read back
      no=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE $3 ORDER BY id DESC LIMIT 1")
      got=$("$G" --db "$DB" apply show "$no" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]].encode().hex().upper())' "$2")
      ;;
    *) got=$(sqlite3 "$DB" "SELECT hex($2) FROM application WHERE $3 ORDER BY id DESC LIMIT 1") ;;
  esac
  want=$(hexof "$4")
  if [ -n "$got" ] && [ "$got" = "$want" ]; then ok "$1"; else
    fail "$1"; echo "# stored ${#got} hex digits, sent ${#want}"; fi
}
LIMITS="name:100 address:200 request:2000 email:100"
CHARS="a é 中 𠀀"
TODAY=$GONGKAI_TODAY

# ---- the public form ----
req GET /apply -c "$TMP/jar"
C=$(form_csrf "$TMP/body")
check_body "the form's name field says its limit in characters" 'id="f-name"[^>]*maxlength="100"'
form() {  # FIELD VALUE
  local -A base=([name]=张三 [phone]=13800138000 [request]=x)
  local args=() k
  for k in "${!base[@]}"; do [ "$k" = "$1" ] || args+=(--data-urlencode "$k=${base[$k]}"); done
  req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d kind=natural_person -d delivery=online -d agree=1 \
    "${args[@]}" --data-urlencode "$1=$2"
}
for fl in $LIMITS; do
  f=${fl%%:*} n=${fl##*:}
  for c in $CHARS; do
    for k in $((n - 1)) $n; do
      v=$(value "$f" "$c" "$k")
      form "$f" "$v"
      check_code "form: $f of $k × '$c' is accepted (303 to the receipt)" 303
      loc=$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")
      req GET "$loc"
      t=$(sed -n 's/.*class="code">\([0-9A-Z-]*\)<.*/\1/p' "$TMP/body")
      stored_is "form: $f of $k × '$c' is stored exactly" "$f" "tracking='$t'" "$v"
    done
    before=$(apps)
    form "$f" "$(value "$f" "$c" $((n + 1)))"
    check_code "form: $f of $((n + 1)) × '$c' is refused" 422
    check_body "naming the field and its limit in Chinese" "href=\"#f-$f\">[^<]*不能超过${n}个字（现为$((n + 1))个字）"
    [ "$(apps)" = "$before" ] && ok "and nothing is stored" || fail "and nothing is stored"
  done
done
# formats with limits: ASCII at the limit and one past it
form id_number "$(rep A 30)"; check_code "form: an identity document number of 30 characters is accepted" 303
form id_number "$(rep A 31)"; check_code "form: 31 are refused" 422
check_body "naming the field and the limit" 'href="#f-id_number">证件号码不能超过30个字（现为31个字）'
form phone "$(value phone - 30)"; check_code "form: a phone of 30 characters is accepted" 303
form phone "$(value phone - 31)"; check_code "form: 31 are refused" 422
check_body "naming the field and the limit" 'href="#f-phone">联系电话不能超过30个字（现为31个字）'
# the case of the issue: 180 characters of address, 95 of name, 1,500 of request
v_name=$(rep 张 95) v_addr=$(rep 四川省青川县乔庄镇 20) v_req=$(rep 请公开二〇二五年低保资金发放情况。 100)
req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d kind=natural_person -d delivery=paper_post -d agree=1 \
  -d phone=13800138000 --data-urlencode "name=$v_name" --data-urlencode "address=$v_addr" --data-urlencode "request=$v_req"
check_code "form: 95-character name, 180-character address, 1,700-character request by post: accepted" 303
req GET "$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")"
t=$(sed -n 's/.*class="code">\([0-9A-Z-]*\)<.*/\1/p' "$TMP/body")
stored_is "the name is stored whole" name "tracking='$t'" "$v_name"
stored_is "the address is stored whole" address "tracking='$t'" "$v_addr"
stored_is "the request is stored whole" request "tracking='$t'" "$v_req"

# ---- the JSON API ----
J="Content-Type: application/json"
api_app() {  # FIELD VALUE
  python3 -c 'import json, sys
a = {"channel": "online", "received": sys.argv[1], "kind": "natural_person", "name": "张三",
     "phone": "13800138000", "request": "x", "delivery": "online"}
a[sys.argv[2]] = sys.argv[3]
sys.stdout.write(json.dumps(a, ensure_ascii=False))' "$TODAY" "$1" "$2" >"$TMP/json"
  req POST /api/v1/applications -H "Authorization: Bearer $OFFICER" -H "$J" --data-binary "@$TMP/json"
}
for fl in $LIMITS; do
  f=${fl%%:*} n=${fl##*:}
  for c in $CHARS; do
    for k in $((n - 1)) $n; do
      v=$(value "$f" "$c" "$k")
      api_app "$f" "$v"
      check_code "API: $f of $k × '$c' is accepted" 201
      no=$(sed -n 's/.*"no":"\([0-9-]*\)".*/\1/p' "$TMP/body")
      stored_is "API: $f of $k × '$c' is stored exactly" "$f" "app_no='$no'" "$v"
    done
    before=$(apps)
    api_app "$f" "$(value "$f" "$c" $((n + 1)))"
    check_code "API: $f of $((n + 1)) × '$c' is refused" 422
    check_body "naming the field and its limit" "\"$f: [^\"]*不能超过${n}个字（现为$((n + 1))个字）"
    [ "$(apps)" = "$before" ] && ok "and nothing is stored" || fail "and nothing is stored"
  done
done
api_app name 李四
check_header "API: 201 says where the new application is" "^Location: /api/v1/applications/[0-9]{4}-[0-9]{5}"
req GET "$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")" -H "Authorization: Bearer $OFFICER"
check_code "and that address answers" 200
check_body "with the application" '"name":"李四"'

# ---- the command line ----
cli_app() {  # OPTION VALUE
  local -A base=([--name]=张三 [--phone]=13800138000 [--request]=x)
  local args=() k
  for k in "${!base[@]}"; do [ "$k" = "$1" ] || args+=("$k" "${base[$k]}"); done
  "$G" --db "$DB" apply register --channel online --received "$TODAY" --kind natural_person --delivery online \
    "${args[@]}" "$1" "$2" --json >"$TMP/out" 2>"$TMP/err"
}
for fl in $LIMITS; do
  f=${fl%%:*} n=${fl##*:}
  for c in $CHARS; do
    for k in $((n - 1)) $n; do
      v=$(value "$f" "$c" "$k")
      cli_app "--$f" "$v" && ok "CLI: --$f of $k × '$c' is accepted" || { fail "CLI: --$f of $k × '$c' is accepted"; sed 's/^/# /' "$TMP/err"; }
      no=$(sed -n 's/.*"no":"\([0-9-]*\)".*/\1/p' "$TMP/out")
      stored_is "CLI: --$f of $k × '$c' is stored exactly" "$f" "app_no='$no'" "$v"
    done
    before=$(apps)
    cli_app "--$f" "$(value "$f" "$c" $((n + 1)))"
    [ $? = 2 ] && ok "CLI: --$f of $((n + 1)) × '$c' is refused (exit 2)" || fail "CLI: --$f of $((n + 1)) × '$c' is refused (exit 2)"
    check_grep "naming the option and its limit in characters" "^gongkai: --$f: at most $n characters \\(this one has $((n + 1))\\)" "$TMP/err"
    [ "$(apps)" = "$before" ] && ok "and nothing is stored" || fail "and nothing is stored"
  done
done
v=$(rep 𠀀 2000)
printf %s "$v" >"$TMP/req.txt"
"$G" --db "$DB" apply register --channel online --received "$TODAY" --kind natural_person --delivery online \
  --name 张三 --phone 13800138000 --request-file "$TMP/req.txt" --json >"$TMP/out" 2>"$TMP/err" \
  && ok "CLI: --request-file of 2000 × '𠀀' (8,000 bytes) is accepted" || fail "CLI: --request-file of 2000 × '𠀀' is accepted"
stored_is "and stored exactly" request "app_no='$(sed -n 's/.*"no":"\([0-9-]*\)".*/\1/p' "$TMP/out")'" "$v"
printf %s "${v}a" >"$TMP/req.txt"
check_status "CLI: --request-file of 2001 characters is refused" 2 "$G" --db "$DB" apply register --channel online \
  --received "$TODAY" --kind natural_person --delivery online --name 张三 --phone 13800138000 --request-file "$TMP/req.txt"
check_grep "naming the option" '^gongkai: --request-file: at most 2000 characters' "$TMP/err"
no=$(sqlite3 "$DB" "SELECT app_no FROM application ORDER BY id DESC LIMIT 1")
check_status "CLI: an answer's --detail of 2001 characters is refused" 2 "$G" --db "$DB" apply answer "$no" \
  --outcome partly_granted --detail "$(rep 中 2001)"
check_grep "naming the option and the limit" '^gongkai: --detail: at most 2000 characters \(this one has 2001\)' "$TMP/err"
v=$(rep 𠀀 2000)
"$G" --db "$DB" apply settings disclosure.approvers "role:leader,局长" >/dev/null
"$G" --db "$DB" apply assign "$no" --to 经办人 --actor 局长 >/dev/null
check_status "CLI: a draft's --detail of 2000 × '𠀀' is kept" 0 "$G" --db "$DB" apply draft "$no" --outcome partly_granted \
  --detail "$v" --actor 经办人
"$G" --db "$DB" apply approve "$no" --actor 局长 >/dev/null
check_status "CLI: one of 2000 × '𠀀' is kept" 0 "$G" --db "$DB" apply answer "$no" --outcome partly_granted --detail "$v"
stored_is "whole" detail "app_no='$no'" "$v"

# ---- documents, staff, cases: the same rule ----
json() { python3 -c 'import json, sys; a = sys.argv[1:]; print(json.dumps(dict(zip(a[::2], a[1::2])), ensure_ascii=False))' "$@" >"$TMP/json"; }
stored_in() {  # NAME TABLE COLUMN WHERE VALUE
  local got want
  got=$(sqlite3 "$DB" "SELECT hex($3) FROM $2 WHERE $4 ORDER BY id DESC LIMIT 1"); want=$(hexof "$5")
  if [ -n "$got" ] && [ "$got" = "$want" ]; then ok "$1"; else fail "$1"; echo "# stored ${#got} hex digits, sent ${#want}"; fi
}
for c in 中 𠀀; do
  v=$(rep "$c" 300)
  json title "$v" issuer "$(rep "$c" 100)" written 2026-01-05
  req POST /api/v1/documents -H "Authorization: Bearer $OFFICER" -H "$J" --data-binary "@$TMP/json"
  check_code "API: a document title of 300 × '$c' and an issuer of 100 are accepted" 201
  check_header "201 says where the document is" "^Location: /api/v1/documents/[0-9]+"
  id=$(sed -n 's/^Location: \/api\/v1\/documents\/\([0-9]*\).*/\1/p' "$TMP/hdr")
  stored_in "the title is stored exactly" doc title "id=${id:-0}" "$v"
  stored_in "the issuer too" doc issuer "id=${id:-0}" "$(rep "$c" 100)"
  json title "$(rep "$c" 301)" issuer x written 2026-01-05
  req POST /api/v1/documents -H "Authorization: Bearer $OFFICER" -H "$J" --data-binary "@$TMP/json"
  check_code "API: a title of 301 × '$c' is refused" 422
  check_body "naming the field and the limit" '标题不能超过300个字（现为301个字）'
  check_status "CLI: doc add --title of 300 × '$c' is accepted" 0 "$G" --db "$DB" doc add --title "$v" --issuer 青川市民政局 --written 2026-01-05
  stored_in "and stored exactly" doc title "title=CAST(x'$(hexof "$v")' AS TEXT)" "$v"
  check_status "CLI: doc add --title of 301 × '$c' is refused" 2 "$G" --db "$DB" doc add --title "$(rep "$c" 301)" --issuer x --written 2026-01-05
  check_grep "naming the option and the limit" '^gongkai: --title: at most 300 characters \(this one has 301\)' "$TMP/err"
done
as admin POST /api/v1/users -H "$J" -H "X-CSRF-Token: $(csrf_of admin)" \
  -d "{\"login\":\"limits.a\",\"name\":\"$(rep 𠀀 40)\",\"role\":\"officer\",\"password\":\"limits2026x\"}"
check_code "API: a staff name of 40 × '𠀀' is accepted" 201
check_header "201 says where the account is" "^Location: /api/v1/users/[0-9]+"
stored_in "and stored exactly" app_user name "login='limits.a'" "$(rep 𠀀 40)"
as admin POST /api/v1/users -H "$J" -H "X-CSRF-Token: $(csrf_of admin)" \
  -d "{\"login\":\"limits.b\",\"name\":\"$(rep 𠀀 41)\",\"role\":\"officer\",\"password\":\"limits2026x\"}"
check_code "API: 41 are refused" 422
check_body "saying the limit" '最多40字'
as admin POST /console/users --data-urlencode "csrf=$(csrf_of admin)" -d login=limits.c --data-urlencode "name=$(rep 中 40)" \
  -d role=officer -d password=limits2026x
check_code "console: creating an account answers 303" 303
check_header "to the account created" "^Location: /console/users/[0-9]+\?msg=created"
first_app=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE channel='online' ORDER BY id LIMIT 1")
json app "$first_app" kind review filed "$TODAY" body "$(rep 𠀀 100)" case_no "$(rep 中 50)"
req POST /api/v1/cases -H "Authorization: Bearer $OFFICE" -H "$J" --data-binary "@$TMP/json"
check_code "API: a case with a body of 100 × '𠀀' and a case number of 50 × '中' is accepted" 201
stored_in "the body is stored exactly" review_case body "1=1" "$(rep 𠀀 100)"
stored_in "the case number too" review_case case_no "1=1" "$(rep 中 50)"
json app "$first_app" kind review filed "$TODAY" body "$(rep 𠀀 101)"
req POST /api/v1/cases -H "Authorization: Bearer $OFFICE" -H "$J" --data-binary "@$TMP/json"
check_code "API: a body of 101 is refused" 422
check_body "naming the field and the limit" '复议机关或法院不能超过100个字（现为101个字）'

# ---- one form, one application ----
req GET /apply -b "$TMP/jar" -c "$TMP/jar"
FT=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
[ ${#FT} = 32 ] && ok "the form carries a one-time token" || fail "the form carries a one-time token ($FT)"
once() { req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d "form_token=$FT" -d kind=natural_person \
           -d delivery=online -d agree=1 -d phone=13800138000 --data-urlencode "name=王五" --data-urlencode "request=$1"; }
once ""
check_code "a submission with errors shows the form again" 422
check_body "with the same token" "name=\"form_token\" value=\"$FT\""
before=$(apps)
once "重复提交测试"
check_code "the submission is accepted" 303
check_header "and answered with its receipt" "^Location: /apply/receipt/$FT"
once "重复提交测试"
check_code "the same form again (back and resubmit)" 303
check_header "leads to the same receipt" "^Location: /apply/receipt/$FT"
req GET "/apply/receipt/$FT"
check_code "the receipt is a page of its own" 200
check_header "never stored by the browser" "^Cache-Control: no-store"
r1=$(sed -n 's/.*class="code">\([0-9A-Z-]*\)<.*/\1/p' "$TMP/body")
req GET "/apply/receipt/$FT"
r2=$(sed -n 's/.*class="code">\([0-9A-Z-]*\)<.*/\1/p' "$TMP/body")
[ -n "$r1" ] && [ "$r1" = "$r2" ] && ok "reloading it shows the same tracking code" || fail "reloading shows the same tracking code ($r1, $r2)"
[ "$(apps)" = $((before + 1)) ] && ok "one application in the database" || fail "one application in the database ($(apps) - $before)"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM form_token WHERE token='$FT'")" = 1 ] && ok "the token is kept with it" || fail "the token is kept with it"
req GET "/apply/receipt/0123456789abcdef0123456789abcdef"
check_code "an unknown receipt is 404" 404
req GET "/apply/receipt/x'%20OR%201=1"
check_code "a malformed one too" 404

# the console's registration
as xinxiyuan GET /console/applications/new
CT=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
[ ${#CT} = 32 ] && ok "the console's registration form carries a token" || fail "the console's form carries a token"
reg() { as xinxiyuan POST /console/applications --data-urlencode "csrf=$(csrf_of xinxiyuan)" -d "form_token=$CT" -d channel=letter \
          -d "received=$TODAY" -d kind=natural_person --data-urlencode "name=$1" -d phone=13800138000 \
          --data-urlencode "request=信函申请" -d delivery=paper_pickup; }
reg "$(rep 中 101)"
check_code "console: a name of 101 characters is refused" 422
check_body "in Chinese, naming the field and the limit" "姓名或名称不能超过100个字（现为101个字）"
before=$(apps)
v=$(rep 𠀀 100)
reg "$v"
check_code "console: 100 × '𠀀' is registered (303)" 303
loc1=$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")
reg "$v"
check_code "the same form again" 303
loc2=$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")
[ -n "$loc1" ] && [ "$loc1" = "$loc2" ] && ok "leads to the same application ($loc1)" || fail "leads to the same application ($loc1, $loc2)"
[ "$(apps)" = $((before + 1)) ] && ok "one application in the database" || fail "one application in the database"
stored_is "its name is stored whole" name "channel='letter'" "$v"

# the console's other creating forms: a draft, an account, a review case
token_of() { grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | head -1 | sed 's/.*value="//;s/"$//'; }
twice() {  # NAME TABLE USER PATH ARGS... : the same form sent twice creates one record, both answers lead to it
  local name=$1 table=$2 u=$3 path=$4; shift 4
  local before l1 l2
  before=$(sqlite3 "$DB" "SELECT COUNT(*) FROM $table")
  as "$u" POST "$path" --data-urlencode "csrf=$(csrf_of "$u")" -d "form_token=$FT2" "$@"; l1=$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")
  [ "$CODE" = 303 ] && ok "console: $name answers 303 ($l1)" || { fail "console: $name answers 303 (HTTP $CODE)"; head -c 400 "$TMP/body" | sed 's/^/# /'; }
  as "$u" POST "$path" --data-urlencode "csrf=$(csrf_of "$u")" -d "form_token=$FT2" "$@"; l2=$(sed -n 's/^Location: \([^[:space:]]*\).*/\1/p' "$TMP/hdr")
  [ "$CODE" = 303 ] && [ -n "$l1" ] && [ "$l1" = "$l2" ] && ok "the same form again leads to the same record" \
    || fail "the same form again leads to the same record (HTTP $CODE, $l1, $l2)"
  [ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM $table")" = $((before + 1)) ] && ok "one record in $table" || fail "one record in $table"
}
as xinxiyuan GET /console/docs/new; FT2=$(token_of)
[ ${#FT2} = 32 ] && ok "the new-document form carries a token" || fail "the new-document form carries a token"
twice "a new draft" doc xinxiyuan /console/docs --data-urlencode "title=$(rep 𠀀 300)" --data-urlencode "issuer=青川市民政局" -d written=2026-01-05
stored_in "its title is stored whole" doc title "1=1" "$(rep 𠀀 300)"
as admin GET /console/users/new; FT2=$(token_of)
twice "a new account" app_user admin /console/users -d login=limits.d --data-urlencode "name=$(rep 𠀀 40)" -d role=officer -d password=limits2026x
login gongkaiban
as gongkaiban GET /console/cases; FT2=$(token_of)
[ ${#FT2} = 32 ] && ok "the case form carries a token" || fail "the case form carries a token"
twice "a new review case" review_case gongkaiban /console/cases -d kind=review -d "app=$first_app" -d "filed=$TODAY" \
  --data-urlencode "body=$(rep 中 100)" --data-urlencode "case_no=$(rep 𠀀 50)"
stored_in "its case number is stored whole" review_case case_no "1=1" "$(rep 𠀀 50)"
finish
