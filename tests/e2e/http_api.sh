#!/usr/bin/env bash
# The JSON API (/api/v1/) over HTTP: token and session authentication, the
# same permissions as the console, errors as JSON with a code and a message.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
J="Content-Type: application/json"

req GET /api/v1/me
check_code "the API without credentials is 401" 401
check_body "401 is a JSON error with a code" '^\{"error":\{"code":"unauthenticated","message":'
check_header "401 names the Bearer scheme" "^WWW-Authenticate: Bearer"
check_header "API answers are JSON" "^Content-Type: application/json"
req GET /api/v1/me -H "Authorization: Bearer gk_0000000000000000000000000000000000000000000000000000000000000000"
check_code "an unknown token is 401" 401
req GET /api/v1/nothing
check_code "an unknown endpoint is 404 JSON" 404
check_body "404 has code not_found" '"code":"not_found"'

login admin
as admin GET /api/v1/me
check_code "session works for the API" 200
check_body "me gives the role" '"role":"admin"'
check_body "me gives the permissions" '"permissions":\[[^]]*"users"'
check_body "me gives a browser session its CSRF token" '"csrf":"[0-9a-f]{64}"'

# a token for a machine client, made through the API with the session + CSRF header
as admin POST /api/v1/tokens -H "$J" -d '{"user":"gongkaiban","name":"汇总脚本"}'
check_code "a session POST without X-CSRF-Token is refused" 403
check_body "with code csrf" '"code":"csrf"'
as admin POST /api/v1/tokens -H "$J" -H "X-CSRF-Token: $(csrf_of admin)" -d '{"user":"gongkaiban","name":"汇总脚本"}'
check_code "the administrator cannot issue a token for another account" 403
check_body "with code forbidden" '"code":"forbidden"'
login gongkaiban
as gongkaiban POST /api/v1/tokens -H "$J" -H "X-CSRF-Token: $(csrf_of gongkaiban)" -d '{"name":"汇总脚本"}'
check_code "the office creates its own token" 201
TOK=$(sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body")
TID=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/body")
[ -n "$TOK" ] && ok "the token is shown once in the answer" || fail "no token in the answer"
A="Authorization: Bearer $TOK"
req GET /api/v1/me -H "$A"
check_code "the token authenticates" 200
check_body "as its account" '"login":"gongkaiban"'
check_not_body "a token client gets no CSRF token" '"csrf"'
req GET /api/v1/users -H "$A"
check_code "the office's token may not list accounts" 403
check_body "403 has code forbidden" '"code":"forbidden"'
req GET /api/v1/audit -H "$A"
check_code "the office's token reads the audit trail" 200
check_body "audit answers with items" '"items":\['

as admin POST /api/v1/tokens -H "$J" -H "X-CSRF-Token: $(csrf_of admin)" -d '{"user":"admin","name":"管理脚本"}'
ATOK=$(sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body")
AA="Authorization: Bearer $ATOK"

# users through the API
req GET /api/v1/users -H "$AA"
check_code "admin's token lists accounts" 200
check_body "accounts carry their role label" '"role_label":"信息员"'
check_not_body "accounts never carry password hashes" 'argon2|pw_hash'
req POST /api/v1/users -H "$AA" -H "$J" -d '{"login":"apiuser","name":"接口用户","role":"reviewer","password":"abc12345xyz"}'
check_code "creating an account through the API" 201
UID2=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/body")
req POST /api/v1/users -H "$AA" -H "$J" -d '{"login":"apiuser","name":"重复","role":"reviewer","password":"abc12345xyz"}'
check_code "a taken login is 409" 409
check_body "409 has code conflict" '"code":"conflict"'
req POST /api/v1/users -H "$AA" -H "$J" -d '{"login":"x","name":"短","role":"reviewer","password":"abc12345xyz"}'
check_code "a bad login is 422" 422
req POST /api/v1/users -H "$AA" -H "$J" -d '{"login":"apiuser2",'
check_code "malformed JSON is 400" 400
check_body "with code bad_json" '"code":"bad_json"'
req POST /api/v1/users -H "$AA" -d 'login=apiuser3'
check_code "a form body where JSON is wanted is 415" 415
req POST /api/v1/users -H "$AA" -H "$J" -d '{"login":"dup","login":"dup2","name":"x","role":"officer","password":"abc12345xyz"}'
check_code "duplicate keys are refused" 400
req GET /api/v1/users/$UID2 -H "$AA"
check_code "reading one account" 200
check_body "it is the new reviewer" '"role":"reviewer"'
req PUT /api/v1/users/$UID2 -H "$AA" -H "$J" -d '{"role":"leader","active":false}'
check_code "updating an account with PUT" 200
check_body "the update shows" '"role":"leader","role_label":"分管领导","active":false'
req POST /api/v1/users/$UID2 -H "$AA" -H "$J" -d '{"active":"no"}'
check_code "active must be a boolean" 422
req GET /api/v1/users/999999 -H "$AA"
check_code "an unknown account is 404" 404
req GET /api/v1/users/abc -H "$AA"
check_code "a non-numeric id is 404" 404

# revoking the office's token ends its access
req POST /api/v1/tokens/$TID/revoke -H "$AA"
check_code "admin revokes a token" 200
check_body "the token shows revoked" '"revoked":true'
req GET /api/v1/me -H "$A"
check_code "a revoked token no longer authenticates" 401
req GET /api/v1/tokens -H "$AA"
check_not_body "token listings never carry the token or its hash" '"token"|"hash"'

req GET "/api/v1/audit?entity=user&actor=admin" -H "$AA"
check_code "the system administrator does not read the audit trail (三员分立)" 403
UTOK=$(own_token shenji 审计脚本)
req GET "/api/v1/audit?entity=user&actor=admin" -H "Authorization: Bearer $UTOK"
check_body "audit filters by entity and actor" '"actor":"admin","entity":"user"'
check_not_body "filtered audit has no other actor" '"actor":"gongkaiban"'
req GET "/api/v1/audit?until=2026-13-45" -H "Authorization: Bearer $UTOK"
check_code "a bad date filter is 400" 400
req GET /api/v1/health
check_code "health needs no login" 200
finish
