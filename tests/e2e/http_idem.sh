#!/usr/bin/env bash
# Idempotent writes (issue 11, item 9): an API write sent again with its
# Idempotency-Key answers the first result (same status, Location and body)
# and writes nothing; keys are per account and bound to their request; a
# failed write keeps no key; concurrent sends of one key make one record.
# The CLI's --request-id does the same for `apply register`, `doc add` and
# `review add` and `user add`.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
login admin
tok() { own_token "$1" t; }
OFFICE=$(tok gongkaiban); OFFICE2=$(tok gongkaiban); OFFICER=$(tok xinxiyuan)
J="Content-Type: application/json"
api() { local t=$1 m=$2 p=$3; shift 3; req "$m" "$p" -H "Authorization: Bearer $t" "$@"; }
MARK="幂等测试$$"
body() { echo "{\"channel\":\"online\",\"received\":\"2026-03-02\",\"kind\":\"natural_person\",\"name\":\"张三\",\"phone\":\"13800138000\",\"request\":\"$MARK $1\",\"delivery\":\"online\"}"; }
count() { sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE request = '$MARK $1'"; }

api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-1" -d "$(body one)"
check_code "a write with a key answers 201" 201
cp "$TMP/body" "$TMP/first.body"; LOC1=$(grep -i '^Location:' "$TMP/hdr" | tr -d '\r')
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-1" -d "$(body one)"
check_code "the retry answers the first status" 201
[ "$(grep -i '^Location:' "$TMP/hdr" | tr -d '\r')" = "$LOC1" ] && [ -n "$LOC1" ] && ok "the retry answers the first Location ($LOC1)" \
  || fail "the retry answers the first Location ($LOC1)"
cmp -s "$TMP/body" "$TMP/first.body" && ok "the retry answers the first body, byte for byte" || fail "the retry answers the first body"
check_header "the retry says it is a replay" "^Idempotent-Replayed: true"
[ "$(count one)" = 1 ] && ok "one application in the database" || fail "one application in the database (found $(count one))"
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-1" -d "$(body other)"
check_code "the same key with another body is refused" 422
check_body "saying the key was used" '"code":"idempotency_key_reused"'
[ "$(count other)" = 0 ] && ok "and nothing is written" || fail "and nothing is written"
api $OFFICE2 POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-1" -d "$(body one)"
check_code "another token of the same account finds the account's key" 201
check_header "as a replay" "^Idempotent-Replayed: true"
api $OFFICER POST /api/v1/documents -H "$J" -H "Idempotency-Key: k-1" -d '{"title":"幂等文件","issuer":"民政局","written":"2026-01-05"}'
check_code "another account's key of the same name is its own" 201
check_nogrep "and is not a replay" "^Idempotent-Replayed" "$TMP/hdr"
DLOC=$(grep -i '^Location:' "$TMP/hdr" | tr -d '\r')
api $OFFICER POST /api/v1/documents -H "$J" -H "Idempotency-Key: k-1" -d '{"title":"幂等文件","issuer":"民政局","written":"2026-01-05"}'
[ "$CODE" = 201 ] && [ "$(grep -i '^Location:' "$TMP/hdr" | tr -d '\r')" = "$DLOC" ] && ok "a document draft retried: the first draft" \
  || fail "a document draft retried: the first draft (HTTP $CODE)"
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM doc WHERE title = '幂等文件'")
[ "$n" = 1 ] && ok "one draft in the database" || fail "one draft in the database (found $n)"

# a new API token's secret is shown once: never kept under a key
login gongkaiban
as gongkaiban POST /api/v1/tokens -H "$J" -H "X-CSRF-Token: $(csrf_of gongkaiban)" -H "Idempotency-Key: t-1" -d '{"name":"t"}'
check_code "a key on token creation is refused" 400
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM idem_key WHERE body LIKE '%gk_%'")
[ "$n" = 0 ] && ok "no token secret is kept with a key" || fail "a token secret is kept with a key"

# a failed write keeps no key: the corrected request under it is written
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-2" -d '{"channel":"online","kind":"natural_person"}'
check_code "a refused write answers 422" 422
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: k-2" -d "$(body two)"
check_code "the key of a refused write stays free" 201
[ "$(count two)" = 1 ] && ok "one application for it" || fail "one application for it"
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: has space" -d "$(body three)"
check_code "a key with a space is 400" 400
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: $(head -c 201 /dev/zero | tr '\0' k)" -d "$(body three)"
check_code "a key of 201 characters is 400" 400
api $OFFICE POST /api/v1/applications -H "$J" -H "Idempotency-Key: $(head -c 200 /dev/zero | tr '\0' k)" -d "$(body three)"
check_code "a key of 200 characters is taken" 201
[ "$(count three)" = 1 ] && ok "and only that one wrote" || fail "and only that one wrote (found $(count three))"

# ten concurrent sends of one key: one application, ten answers naming it
PIDS=
for i in $(seq 1 10); do
  curl -s -o "$TMP/c.$i" -w '%{http_code}\n' -H "Authorization: Bearer $OFFICE" -H "$J" -H "Idempotency-Key: k-race" \
    -d "$(body race)" "$B/api/v1/applications" >"$TMP/c.code.$i" &
  PIDS="$PIDS $!"
done
wait $PIDS   # not a bare wait: the server is a child too
[ "$(cat "$TMP"/c.code.* | sort -u)" = 201 ] && ok "ten concurrent sends of one key all answer 201" \
  || fail "ten concurrent sends of one key all answer 201 ($(cat "$TMP"/c.code.* | sort | uniq -c | tr '\n' ' '))"
[ "$(cat "$TMP"/c.[0-9]* | sort -u | wc -l)" = 1 ] && ok "with one body" || fail "with one body"
[ "$(count race)" = 1 ] && ok "one application in the database" || fail "one application in the database (found $(count race))"
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM idem_key WHERE idem_key IN ('k-1','k-2','k-race')")
[ "$n" = 4 ] && ok "the keys are kept (k-1 twice: two accounts; k-2; k-race)" || fail "the keys are kept (found $n)"

# the CLI: apply register --request-id
reg() {
  "$G" --db "$DB" apply register --channel in_person --received 2026-03-02 --kind natural_person --name 李四 \
    --phone 13900000000 --request "$MARK cli" --delivery on_site "$@"
}
check_status "apply register --request-id registers" 0 reg --request-id cli-1
cp "$TMP/out" "$TMP/cli.first"
check_status "the same --request-id again succeeds" 0 reg --request-id cli-1
cmp -s "$TMP/out" "$TMP/cli.first" && ok "printing the first application again" || fail "printing the first application again"
check_grep "saying nothing was added" "registered before: nothing added" "$TMP/err"
[ "$(count cli)" = 1 ] && ok "one application from the CLI" || fail "one application from the CLI (found $(count cli))"
check_status "a --request-id with a space is refused" 2 reg --request-id "a b"
check_grep "naming the option" "^gongkai: --request-id" "$TMP/err"
check_status "a --request-id of 101 characters is refused" 2 reg --request-id "$(head -c 101 /dev/zero | tr '\0' r)"
[ "$(count cli)" = 1 ] && ok "still one application from the CLI" || fail "still one application from the CLI"

# doc add --request-id: one draft (with its attachment), the first id printed again
printf '附件内容' >"$TMP/att.txt"
dadd() { "$G" --db "$DB" doc add --title "$MARK 草稿" --issuer 民政局 --written 2026-01-05 --attach "$TMP/att.txt" "$@"; }
ndoc() { sqlite3 "$DB" "SELECT COUNT(*) FROM doc WHERE title = '$MARK 草稿'"; }
check_status "doc add --request-id adds a draft" 0 dadd --request-id doc-1
D=$(head -1 "$TMP/out")
check_status "the same --request-id again succeeds" 0 dadd --request-id doc-1
[ "$(cat "$TMP/out")" = "$D" ] && ok "printing the first draft's id again ($D)" || fail "printing the first draft's id again"
check_grep "saying nothing was added" "was used before: nothing added, its draft is $D" "$TMP/err"
[ "$(ndoc)" = 1 ] && ok "one draft" || fail "one draft (found $(ndoc))"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM doc_attachment WHERE doc_id = $D")" = 1 ] && ok "with one attachment" \
  || fail "with one attachment"
check_status "a --request-id used by apply register is refused for doc add" 2 dadd --request-id cli-1
check_grep "naming the kind" "cli-1 was used for a application, not a document" "$TMP/err"
check_status "a refused draft keeps no key" 2 dadd --request-id doc-2 --written 2099-01-01
check_status "so the corrected retry adds it" 0 dadd --request-id doc-2
[ "$(ndoc)" = 2 ] && ok "two drafts" || fail "two drafts (found $(ndoc))"

# review add --request-id: one case, printed again
APPNO=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE request = '$MARK cli'")
radd() { "$G" --db "$DB" review add --app "$APPNO" --kind review --filed 2026-03-25 --body 驻马店市人民政府 "$@"; }
ncase() { sqlite3 "$DB" "SELECT COUNT(*) FROM review_case c JOIN application a ON a.id = c.application_id WHERE a.app_no = '$APPNO'"; }
check_status "review add --request-id adds a case" 0 radd --request-id case-1
cp "$TMP/out" "$TMP/case.first"
check_status "the same --request-id again succeeds" 0 radd --request-id case-1
cmp -s "$TMP/out" "$TMP/case.first" && ok "printing the first case again" || fail "printing the first case again"
check_grep "saying nothing was added" "was used before: nothing added, its case follows" "$TMP/err"
[ "$(ncase)" = 1 ] && ok "one case" || fail "one case (found $(ncase))"

# user add --request-id: one account; a retry is not refused as a taken login
uadd() { GONGKAI_PASSWORD=idem2026pw "$G" --db "$DB" user add "idem$$" --name 幂等 --role officer "$@"; }
check_status "user add --request-id adds an account" 0 uadd --request-id user-1
cp "$TMP/out" "$TMP/user.first"
check_status "the same --request-id again succeeds" 0 uadd --request-id user-1
cmp -s "$TMP/out" "$TMP/user.first" && ok "printing the first account again" || fail "printing the first account again"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM app_user WHERE login = 'idem$$'")" = 1 ] && ok "one account" || fail "one account"
check_status "without it, a retry is refused (the login is taken)" 2 uadd
finish
