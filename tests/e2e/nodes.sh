#!/usr/bin/env bash
# Several web nodes on one PostgreSQL (issue 13, item 4; docs/operations.md
# §16): a primary, a streaming-replication standby, and two `gongkai serve`
# nodes with the page cache on, B reading public pages from the standby.
# A document published on A is on B's public pages within 1 s; a session
# made on A works on B; killing A with SIGKILL while a client registers
# applications through both loses none that was acknowledged; B and the
# standby go on serving public pages, even with the primary stopped.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
PC="$GONGKAI_SRC/scripts/pg_cluster.sh"
chmod 755 "$TMP"
NODE_PIDS=()
stop_nodes() { local p; for p in "${NODE_PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done; }
trap 'stop_nodes; "$PC" stop "$TMP/standby"; "$PC" stop "$TMP/primary"; rm -rf "$TMP"' EXIT
if ! CONN=$("$PC" start "$TMP/primary" 54361 2>"$TMP/pgerr"); then
  fail "the primary starts"; sed 's/^/# /' "$TMP/pgerr"; done_testing; exit 1
fi
check "the demo agency is created on the primary" "$G" --db "$CONN" demo --quiet
# one client address sends many applications: no intake limits
for k in web.applications_per_ip_hour web.applications_per_phone_day web.applications_per_id_day \
         web.applications_surge_per_hour; do
  psql "$CONN" -qAt -c "INSERT INTO setting(agency_id, key, value) SELECT id, '$k', '1000000' FROM agency
                         UNION ALL SELECT 0, '$k', '1000000'
                         ON CONFLICT (agency_id, key) DO UPDATE SET value = excluded.value" >/dev/null
done
if ! SCONN=$("$PC" standby "$TMP/standby" 54362 "$TMP/primary" 54361 2>"$TMP/pgerr"); then
  fail "the standby starts"; sed 's/^/# /' "$TMP/pgerr"; done_testing; exit 1
fi
[ "$(psql "$SCONN" -qAt -c 'SELECT pg_is_in_recovery()')" = t ] && ok "the standby replays the primary" ||
  fail "the standby replays the primary"

# start_node NAME [serve args...]: URL_NAME and PID_NAME
start_node() {
  local n=$1 u= i; shift
  "$G" --db "$CONN" serve --listen 127.0.0.1:0 --threads 4 "$@" >"$TMP/serve.$n.out" 2>"$TMP/serve.$n.err" &
  eval "PID_$n=$!"; NODE_PIDS+=($!)
  for i in $(seq 1 100); do
    u=$(sed -n 's/^gongkai: serving \(http:[^ ]*\)\/ .*/\1/p' "$TMP/serve.$n.out")
    [ -n "$u" ] && break; sleep 0.1
  done
  [ -n "$u" ] || { fail "node $n starts"; sed 's/^/# /' "$TMP/serve.$n.err"; done_testing; exit 1; }
  eval "URL_$n=$u"
}
start_node A
start_node B --replica "$SCONN"
ok "two nodes serve the same primary"
ms() { date +%s%3N; }

# ---- a document published on A is on B's public pages within 1 s ----
B=$URL_B
req GET /catalogue
check_code "B serves the catalogue (from the standby)" 200
cp "$TMP/body" "$TMP/cat.before"
B=$URL_A
post() { local u=$1 p=$2; shift 2; as "$u" POST "$p" --data-urlencode "csrf=$(csrf_of "$u")" "$@"; }
for u in xinxiyuan shenhe fushen lingdao gongkaiban; do login "$u"; done
TITLE="关于两个节点同步测试的通知$$"
post xinxiyuan /console/docs --data-urlencode "title=$TITLE" -d issuer=青川市民政局 -d written=$(date +%F) \
  --data-urlencode "body=多节点部署的测试正文。"
DOC=$(sed -n 's/^Location: \/console\/docs\/\([0-9]*\).*/\1/p' "$TMP/hdr" | tr -d '\r')
[ -n "$DOC" ] && ok "a draft is written on A" || fail "a draft is written on A (HTTP $CODE)"
post xinxiyuan /console/docs/$DOC/step -d action=submit
for u in shenhe fushen lingdao; do post $u /console/docs/$DOC/step -d action=approve -d comment=同意; done
check_code "reviewed and signed on A" 303
B=$URL_B
req GET /doc/$DOC
check_code "B does not show the draft" 404
B=$URL_A
post gongkaiban /console/docs/$DOC/step -d action=publish -d date=$(date +%F) -d channel=website
check_code "the office publishes it on A" 303
T0=$(ms); seen_doc=; seen_cat=
while [ $(( $(ms) - T0 )) -lt 3000 ]; do
  [ -z "$seen_doc" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL_B/doc/$DOC")" = 200 ] && seen_doc=$(( $(ms) - T0 ))
  [ -z "$seen_cat" ] && curl -s "$URL_B/catalogue" | grep -q "$TITLE" && seen_cat=$(( $(ms) - T0 ))
  [ -n "$seen_doc" ] && [ -n "$seen_cat" ] && break
  sleep 0.02
done
[ -n "$seen_doc" ] && [ "$seen_doc" -le 1000 ] && ok "B's document page shows it within 1 s (${seen_doc} ms)" ||
  fail "B's document page shows it within 1 s (${seen_doc:-not within 3000} ms)"
[ -n "$seen_cat" ] && [ "$seen_cat" -le 1000 ] && ok "B's cached catalogue lists it within 1 s (${seen_cat} ms)" ||
  fail "B's cached catalogue lists it within 1 s (${seen_cat:-not within 3000} ms)"
# the cache is on: a change that bypasses the notification (triggers off for
# this session) is not seen by B while its page is cached
B=$URL_B
req GET /doc/$DOC
psql "$CONN" -qAt -c "SET session_replication_role = replica; UPDATE doc SET title = title || '已改' WHERE id = $DOC" >/dev/null
sleep 1.2
req GET /doc/$DOC
check_not_body "B serves its cached page until it hears of a change" "${TITLE}已改"
psql "$CONN" -qAt -c "UPDATE setting SET value = value WHERE agency_id = 0 AND key = 'web.secret'" >/dev/null
T0=$(ms); seen=
while [ $(( $(ms) - T0 )) -lt 3000 ]; do
  curl -s "$URL_B/doc/$DOC" | grep -q "${TITLE}已改" && { seen=$(( $(ms) - T0 )); break; }
  sleep 0.02
done
[ -n "$seen" ] && [ "$seen" -le 1000 ] && ok "and drops it within 1 s of the next change it hears (${seen} ms)" ||
  fail "and drops it within 1 s of the next change it hears (${seen:-not within 3000} ms)"

# ---- a session made on A works on B ----
B=$URL_B
as gongkaiban GET /api/v1/me
check_body "the office's session from A is known on B" '"role":"office"'
as gongkaiban GET /console
check_code "B shows A's session its console" 200
as gongkaiban POST /console/docs/$DOC/step -d csrf=0000 -d action=no_such_step
check_code "a form posted on B with a wrong CSRF token is refused" 403
as gongkaiban POST /console/docs/$DOC/step --data-urlencode "csrf=$(csrf_of gongkaiban)" -d action=no_such_step
[ "$CODE" != 403 ] && [ "$CODE" -ge 400 ] && ok "with A's session's CSRF token it passes the check, and the unknown step is refused (HTTP $CODE)" ||
  fail "with A's session's CSRF token it passes the check (HTTP $CODE)"

# ---- A killed with SIGKILL while applications come through both ----
B=$URL_A
TOK=$(own_token gongkaiban nodes)
[ -n "$TOK" ] && ok "an API token made on A" || fail "an API token made on A"
MARK="节点测试$$"
send() {   # NODE-URL KEY FILE-OF-ACKS
  local c
  c=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK" -H "Content-Type: application/json" \
    -H "Idempotency-Key: $2" -d "{\"channel\":\"online\",\"received\":\"$(date +%F)\",\"kind\":\"natural_person\",\"name\":\"李四\",\"phone\":\"13900000000\",\"request\":\"$MARK $2\",\"delivery\":\"online\"}" \
    "$1/api/v1/applications")
  [ "$c" = 201 ] && echo "$2" >>"$3"
}
client() {   # NODE-URL NAME: up to 400 sends, or until told to stop
  local i
  for i in $(seq 1 400); do
    [ -f "$TMP/stop" ] && break
    send "$1" "$2-$i" "$TMP/ack.$2"
  done
}
: >"$TMP/ack.a"; : >"$TMP/ack.b"
client "$URL_A" a & CA=$!
client "$URL_B" b & CB=$!
for i in $(seq 1 100); do [ "$(wc -l <"$TMP/ack.a")" -ge 20 ] && break; sleep 0.1; done
kill -KILL "$PID_A"; wait "$PID_A" 2>/dev/null
AFTER_KILL=$(wc -l <"$TMP/ack.b")
for i in $(seq 1 100); do [ "$(wc -l <"$TMP/ack.b")" -ge $((AFTER_KILL + 20)) ] && break; sleep 0.1; done
touch "$TMP/stop"; wait $CA $CB
NA=$(wc -l <"$TMP/ack.a"); NB=$(wc -l <"$TMP/ack.b")
[ "$NA" -ge 20 ] && [ "$NB" -ge $((AFTER_KILL + 20)) ] && ok "applications acknowledged by A ($NA) and by B after the kill ($NB)" ||
  fail "applications acknowledged by A ($NA) and by B ($NB, $AFTER_KILL at the kill)"
psql "$CONN" -qAt -c "SELECT request FROM application WHERE request LIKE '$MARK %'" | sed "s/^$MARK //" | sort >"$TMP/kept"
sort -u "$TMP/ack.a" "$TMP/ack.b" >"$TMP/acked"
LOST=$(comm -23 "$TMP/acked" "$TMP/kept" | wc -l)
DUP=$(uniq -d "$TMP/kept" | wc -l)
[ "$LOST" = 0 ] && ok "no acknowledged application is lost ($(wc -l <"$TMP/acked") acknowledged)" ||
  { fail "$LOST acknowledged applications lost"; comm -23 "$TMP/acked" "$TMP/kept" | head -5 | sed 's/^/# /'; }
[ "$DUP" = 0 ] && ok "and none was made twice" || fail "$DUP applications made twice"

# ---- B and the standby go on serving, even with the primary stopped ----
B=$URL_B
req GET "/search?q=%E5%A4%9A%E8%8A%82%E7%82%B9"
check_body "B's search finds the document" "共找到 <strong>[1-9][0-9]*</strong> 条"
"$PC" stop "$TMP/primary"
for p in / /catalogue /doc/$DOC /reports; do
  req GET "$p"
  check_code "with the primary stopped, B serves $p from the standby" 200
done
req GET "/search?q=%E5%85%BB%E8%80%81"
check_code "and searches it" 200
kill -TERM "$PID_B"
for i in $(seq 1 100); do kill -0 "$PID_B" 2>/dev/null || break; sleep 0.1; done
wait "$PID_B"; st=$?
[ "$st" = 0 ] && ok "B stops cleanly on SIGTERM" || fail "B exited with status $st"
if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$TMP/serve.B.err" "$TMP/serve.A.err"; then
  fail "the nodes ran clean under the sanitizers"
  grep -hE -A12 "ERROR:|runtime error:" "$TMP/serve.B.err" "$TMP/serve.A.err" | head -40 | sed 's/^/# /'
else
  ok "the nodes ran clean under the sanitizers"
fi
done_testing
