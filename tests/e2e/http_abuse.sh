#!/usr/bin/env bash
# Holding up under attack over HTTP (issue 11, items 3, 5 and 7), loopback
# only: 40 concurrent applications from one address pass exactly the limit;
# a surge from rotating addresses (each client bound to its own 127.0.X.Y;
# the server does not trust X-Forwarded-For here) is registered in full and
# marked for staff to confirm; spam marked by staff is absent from table 三;
# an attacker's wrong passwords do not stop the owner logging in from
# another address; the system administrator gets 403 on every route that
# shows personal data, by session and by token, and cannot issue tokens for
# others.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
PY="python3 $(dirname "$0")/http_abuse.py"
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; done_testing; exit 1; }
check_status "the agency sets the surge brake" 0 "$G" --db "$DB" agency set web.applications_surge_per_hour 20
check_status "a limit must be a whole number" 2 "$G" --db "$DB" agency set web.applications_per_id_day 0
start_server
YEAR=${GONGKAI_TODAY:-$(date +%F)}; YEAR=${YEAR:0:4}
count_apps() { sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE channel = 'online'"; }
BEFORE=$(count_apps)

# ---- 40 at once from one address: exactly the limit (5 an hour) ----
$PY flood "$B" 40 >"$TMP/flood"
ACC=$(grep -c '^303 ' "$TMP/flood"); REF=$(grep -c '^429 ' "$TMP/flood")
[ "$ACC" = 5 ] && ok "40 concurrent applications from one address: exactly 5 accepted" || fail "accepted $ACC of 40, wanted 5"
[ "$REF" = 35 ] && ok "the other 35 are refused with 429" || { fail "refused $REF, wanted 35"; sort "$TMP/flood" | uniq -c | sed 's/^/# /'; }
[ $(( $(count_apps) - BEFORE )) = 5 ] && ok "and exactly 5 are in the register" || fail "register grew by $(( $(count_apps) - BEFORE ))"
apply_once() { # an application from 127.0.0.1 by curl, to read the refusal
  curl -s -o "$TMP/form" -c "$TMP/ajar" "$B/apply"
  req POST /apply -b "$TMP/ajar" --data-urlencode "csrf=$(form_csrf "$TMP/form")" \
    -d "form_token=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/form" | sed 's/.*value="//;s/"$//')" -d kind=natural_person -d name=王五 \
    -d phone=13700000000 -d request=再来一件 -d delivery=online -d agree=1
}
apply_once
check_code "the next one from that address is refused" 429
check_body "saying why" "同一网络地址在一小时内提交的申请已达上限"
check_body "when to try again" "[0-9]+分钟后再提交"
check_body "and offering the other channels" "信函或当面"

# ---- a surge from 60 rotating addresses: all registered, beyond 20 an hour marked ----
$PY rotate "$B" 60 0 >"$TMP/rotate"
ACC=$(grep -c '^303 ' "$TMP/rotate")
[ "$ACC" = 60 ] && ok "a surge from 60 addresses: all 60 registered, none lost" || { fail "registered $ACC of 60"; sort "$TMP/rotate" | uniq -c | head | sed 's/^/# /'; }
[ $(( $(count_apps) - BEFORE )) = 65 ] && ok "the register holds all 65" || fail "register grew by $(( $(count_apps) - BEFORE ))"
MARKED=$(sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE intake = 'surge'")
[ "$MARKED" = 45 ] && ok "the 45 beyond 20 an hour are marked for confirmation" || fail "$MARKED marked, wanted 45"
NODUE=$(sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE intake = 'surge' AND (reply_due IS NULL OR received IS NULL)")
[ "$NODUE" = 0 ] && ok "marked ones have their receipt date and statutory deadline" || fail "$NODUE marked without a deadline"

login gongkaiban
as gongkaiban GET /console/intake
check_code "the office sees the surge list" 200
N=$(grep -o 'name="verdict" value="spam"' "$TMP/body" | wc -l)
[ "$N" = 45 ] && ok "listing the 45 marked applications" || fail "the list has $N"
tally() { "$G" --db "$DB" report generate --year "$YEAR" --format json 2>/dev/null |
  python3 -c 'import json,sys; a=json.load(sys.stdin)["applications"]; print(a["new"][0], a["carried_out"][0])'; }
T0=$(tally)
SPAM=$(grep '^303 ' "$TMP/rotate" | tail -3 | cut -d' ' -f2)
for no in $SPAM; do
  as gongkaiban POST "/console/intake/$no" --data-urlencode "csrf=$(csrf_of gongkaiban)" -d verdict=spam --data-urlencode "reason=同一内容批量提交，确认为垃圾申请"
done
check_code "the office marks confirmed spam" 303
GEN=$(grep '^303 ' "$TMP/rotate" | tail -4 | head -1 | cut -d' ' -f2)
as gongkaiban POST "/console/intake/$GEN" --data-urlencode "csrf=$(csrf_of gongkaiban)" -d verdict=genuine -d reason=电话核实
check_code "and confirms a genuine one" 303
as gongkaiban POST "/console/intake/$GEN" --data-urlencode "csrf=$(csrf_of gongkaiban)" -d verdict=spam -d reason=
check_code "a verdict without a reason is refused" 422
as gongkaiban GET "/console/intake?intake=spam"
N=$(grep -o "同一内容批量提交" "$TMP/body" | wc -l)
[ "$N" = 3 ] && ok "the spam filter lists the 3 with their reason" || fail "spam filter shows $N"
T1=$(tally)
read n0 o0 <<<"$T0"; read n1 o1 <<<"$T1"
[ "$n1" = $((n0 - 3)) ] && ok "spam is absent from table 三 (new: $n0 → $n1)" || fail "table 三 new went $n0 → $n1"
[ "$o1" = $((o0 - 3)) ] && ok "and from carried over (四): $o0 → $o1" || fail "carried_out went $o0 → $o1"
AUD=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'application' AND action = 'intake' AND actor = 'gongkaiban' AND after_json LIKE '%垃圾申请%'")
[ "$AUD" = 3 ] && ok "each spam verdict is audited with its reason" || fail "$AUD audited"

# ---- lockouts hurt the attacker: per account and address, growing delays ----
wrong() { curl -s --interface "$1" -o "$TMP/lp" -c "$TMP/jar.x$1" "$B/login"
  CODE=$(curl -s --interface "$1" -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/jar.x$1" -c "$TMP/jar.x$1" \
    --data-urlencode "csrf=$(form_csrf "$TMP/lp")" -d login=gongkaiban --data-urlencode "password=$2" "$B/login"); }
for i in 1 2 3 4 5; do wrong 127.0.0.2 wrong-password-$i; done
check_code "five wrong passwords from the attacker's address" 401
wrong 127.0.0.2 wrong-password-6
check_code "the sixth attempt from that address waits" 429
check_header "with Retry-After" "Retry-After: (5[0-9]|60)"
wrong 127.0.0.2 "$DEMO_PW"
check_code "even the right password from that address waits" 429
wrong 127.0.0.3 "$DEMO_PW"
check_code "the owner logs in from another address" 303
wrong 127.0.0.4 "$DEMO_PW"
check_code "and the administrator's account is not touched either" 303
as gongkaiban GET /console/logins
check_code "the office sees failed logins on the console" 200
check_body "per account and address" "<td>gongkaiban</td><td>127\.0\.0\.2</td><td>5</td>"
check_body "with the wait" "须等待[0-9]+分钟"

# ---- separation of duties: the administrator reaches no personal data ----
login admin
NO=$(grep '^303 ' "$TMP/flood" | head -1 | cut -d' ' -f2)
as admin POST /api/v1/tokens -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of admin)" -d '{"name":"管理脚本"}'
check_code "the administrator creates a token for himself" 201
AA="Authorization: Bearer $(sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body")"
OID=$(sqlite3 "$DB" "SELECT id FROM app_user WHERE login = 'gongkaiban'")
as admin POST /console/tokens --data-urlencode "csrf=$(csrf_of admin)" -d "user=$OID" -d name=越权
check_code "but not for the office's account (console)" 403
req POST /api/v1/tokens -H "$AA" -H "Content-Type: application/json" -d "{\"user_id\":$OID,\"name\":\"越权\"}"
check_code "nor through the API with his token" 403
# every route of the permission table that shows personal data (R_PERSONAL, staff or API)
grep -E 'R_PERSONAL' src/web/routes.c | grep -E 'STAFF|API' |
  sed -n 's/.*{\(M_[A-Z]*\)[^"]*"\([^"]*\)".*/\1 \2/p' >"$TMP/personal"
[ "$(wc -l <"$TMP/personal")" -ge 10 ] && ok "the permission table names $(wc -l <"$TMP/personal") personal-data routes" || fail "routes: $(cat "$TMP/personal")"
while read -r m p; do
  p=${p//:no/$NO}; p=${p//:id/1}
  if [ "$m" = M_GET ]; then
    [[ $p == /api/* ]] || { as admin GET "$p"; check_code "admin session: GET $p is 403" 403; }
    req GET "$p" -H "$AA"; check_code "admin token: GET $p is 403" 403
  else
    if [[ $p == /api/* ]]; then
      req POST "$p" -H "$AA" -H "Content-Type: application/json" -d '{}'
      check_code "admin token: POST $p is 403" 403
    else
      as admin POST "$p" --data-urlencode "csrf=$(csrf_of admin)" -d x=1
      check_code "admin session: POST $p is 403" 403
      check_body "refused by role, not by CSRF" "您的角色无权"
    fi
  fi
  check_not_body "and shows no personal data" "1390000[0-9]{4}|并发测试"
done <"$TMP/personal"
DEN=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'personal_data' AND action = 'denied' AND actor = 'admin'")
[ "$DEN" -ge "$(wc -l <"$TMP/personal")" ] && ok "every refused attempt is audited ($DEN)" || fail "$DEN denials audited"
DEN=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'token' AND action = 'create_denied' AND actor = 'admin'")
[ "$DEN" = 2 ] && ok "so are the refused tokens for others" || fail "$DEN token refusals audited"
finish
