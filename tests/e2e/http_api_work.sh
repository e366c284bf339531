#!/usr/bin/env bash
# The workflow API's refusals: roles, malformed bodies, unknown steps and
# records, and where personal data may and may not appear.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
login admin
tok() {   # each account creates its own token (nobody issues one for another)
  login "$1" >/dev/null
  as "$1" POST /api/v1/tokens -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of "$1")" -d '{"name":"t"}'
  sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body"
}
OFFICER=$(tok xinxiyuan); REVIEWER=$(tok shenhe); OFFICE=$(tok gongkaiban); ADMIN=$(tok admin); LEADER=$(tok lingdao)
J="Content-Type: application/json"
api() { local t=$1 m=$2 p=$3; shift 3; req "$m" "$p" -H "Authorization: Bearer $t" "$@"; }

api $REVIEWER POST /api/v1/documents -H "$J" -d '{"title":"x","issuer":"y","written":"2026-01-01"}'
check_code "a reviewer may not create documents" 403
api $OFFICER POST /api/v1/documents -H "$J" -d '{"title":"","issuer":"y","written":"2026-01-01"}'
check_code "an empty title is 422" 422
check_body "with code invalid" '"code":"invalid"'
api $OFFICER POST /api/v1/documents -H "$J" -d '{"title":"t","issuer":"y","written":"yesterday"}'
check_code "a malformed date is 422" 422
api $OFFICER POST /api/v1/documents -H "$J" -d '{"title":"t","issuer":"y","written":"2026-01-01","docno":"不是文号"}'
check_code "a malformed 文号 is 422" 422
# the agency's body limit (setting doc.body_max_chars): refused at limit + 1, taken at the limit
"$G" --db "$DB" agency set doc.body_max_chars 10 >/dev/null || fail "agency set doc.body_max_chars 10"
api $OFFICER POST /api/v1/documents -H "$J" -d '{"title":"t","issuer":"y","written":"2026-01-01","body":"一二三四五六七八九十一"}'
check_code "a body of 11 characters is 422" 422
check_body "naming the body, the limit and the setting" 'body.*11 characters: at most 10 \(setting doc.body_max_chars'
api $OFFICER POST /api/v1/documents -H "$J" -d '{"title":"t","issuer":"y","written":"2026-01-01","body":"一二三四五六七八九十"}'
check_code "a body of 10 characters is 201" 201
"$G" --db "$DB" agency set doc.body_max_chars 1000000 >/dev/null || fail "agency set doc.body_max_chars back"
api $OFFICER POST /api/v1/documents -H "$J" -d '[1,2]'
check_code "a JSON array is 400" 400
api $OFFICER GET /api/v1/documents/999999
check_code "an unknown document is 404" 404
DOC=$(sqlite3 "$DB" "SELECT id FROM doc WHERE state='review1' LIMIT 1")
api $OFFICER POST /api/v1/documents/$DOC/steps -H "$J" -d '{"action":"approve"}'
check_code "the officer may not approve" 403
check_body "with code forbidden" '"code":"forbidden"'
api $REVIEWER POST /api/v1/documents/$DOC/steps -H "$J" -d '{"action":"fly"}'
check_code "an unknown action is 422" 422
api $REVIEWER POST /api/v1/documents/$DOC/steps -H "$J" -d '{"action":"return"}'
check_code "a return without a comment is refused" 409
check_body "with code refused" '"code":"refused"'
api $REVIEWER GET /api/v1/documents/$DOC
check_body "the reviewer is told what it may do" '"your_actions":\[[^]]*"approve"'
api $OFFICER GET "/api/v1/documents?state=flying"
check_code "an unknown state filter is 400" 400

api $REVIEWER GET /api/v1/applications
check_code "a reviewer may not read applications" 403
api $ADMIN GET /api/v1/due
check_code "nor may the administrator" 403
api $OFFICE GET "/api/v1/applications?limit=3"
check_body "the office reads them with the applicant's name" '"name":"'
APP=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE state='answered' LIMIT 1")
api $OFFICE POST /api/v1/applications/$APP/events -H "$J" -d '{"kind":"extend","days":5,"approver":"x","reason":"y"}'
check_code "an answered application cannot be extended" 409
api $OFFICER POST /api/v1/applications/$APP/events -H "$J" -d '{"kind":"answer","outcome":"granted"}'
check_code "an officer may not answer" 403
api $OFFICE POST /api/v1/applications/$APP/events -H "$J" -d '{"kind":"teleport"}'
check_code "an unknown event is 422" 422
api $OFFICE GET /api/v1/applications/2000-99999
check_code "an unknown application is 404" 404
OPEN=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE state='processing' LIMIT 1")
api $OFFICE GET /api/v1/applications/$OPEN/letter
check_code "an open application has no letter yet" 409
api $OFFICER POST /api/v1/applications -H "$J" -d '{"channel":"fax","kind":"natural_person","name":"x","request":"y","delivery":"on_site","phone":"123456"}'
check_code "an application without a receipt date is 422" 422
check_body "naming the field" '"message":"received:'
api $LEADER GET /api/v1/due?within=abc
check_code "a malformed within is 400" 400

api $REVIEWER GET /api/v1/reports/2025
check_code "a reviewer may not generate the report" 403
api $OFFICE GET /api/v1/reports/1999
check_code "a year before 2019 is 400" 400
api $OFFICE POST /api/v1/reports/2025/publish -d 'x=1'
check_code "publishing needs a JSON body" 415
api $OFFICE POST /api/v1/reports/2025/publish -H "$J" -d '{"narrative":"text"}'
check_code "the narrative must be an object" 422

# public answers carry no personal data, even for a logged-in office
# (sealed in the database: the clear values are what staff see in 'apply show')
NO=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE kind='natural_person' LIMIT 1")
P=$("$G" --db "$DB" apply show "$NO" | sed -n 's/^  联系电话  //p')
N=$("$G" --db "$DB" apply show "$NO" | sed -n 's/^  申请人    \(.*\)（.*/\1/p')
[ -n "$P" ] && [ -n "$N" ] && ok "an applicant's clear name and phone to look for" || fail "no clear name or phone from apply show"
for p in "/api/v1/public/documents?q=%E7%94%B3%E8%AF%B7" /api/v1/public/reports "/api/v1/public/reports/$(( $(date +%Y) - 1 ))"; do
  api $OFFICE GET "$p"
  check_not_body "no applicant name or phone in $p" "$N|$P"
done
finish
