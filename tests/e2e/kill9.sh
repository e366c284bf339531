#!/usr/bin/env bash
# The kill -9 loop (issue 11, item 9): applications arrive at once through
# the public form (its one-time token), the API (Idempotency-Key) and the CLI
# (--request-id); at a random moment the server and the running CLI process
# are killed with SIGKILL; the server restarts and every request that got no
# answer is sent again with its key. Over ROUNDS rounds (default 3; run by
# hand with ROUNDS=10 for the long form): every acknowledged request is in
# the database, and no key made more than one application.
# Loopback only; every loop is bounded.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
# gongkai's default durability (synchronous=FULL), not the tests' NORMAL (meson.build)
unset GONGKAI_SQLITE_SYNC
ROUNDS=${ROUNDS:-3}
PER_ROUND=${PER_ROUND:-400}   # a bound on each client's sends per round; the kill comes first
MARK="断电测试$$"
TODAY=2026-03-02
J="Content-Type: application/json"

start_server
no_intake_limits "$DB"
TOK=$(own_token gongkaiban kill9)
[ -n "$TOK" ] && ok "an API token for the client" || { fail "an API token for the client"; finish; exit 1; }

# one send per channel: 0 and a line in ack.CHANNEL when the answer came back
send_form() {
  local c; c=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -b "$TMP/jar.anon" --data-urlencode "csrf=$FORM_CSRF" \
    -d "form_token=$1" -d kind=natural_person -d name=张三 -d phone=13800138000 \
    --data-urlencode "request=$MARK $1" -d delivery=online -d agree=1 "$B/apply")
  [ "$c" = 303 ]
}
send_api() {
  local c; c=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK" -H "$J" -H "Idempotency-Key: $1" \
    -d "{\"channel\":\"online\",\"received\":\"$TODAY\",\"kind\":\"natural_person\",\"name\":\"李四\",\"phone\":\"13900000000\",\"request\":\"$MARK $1\",\"delivery\":\"online\"}" \
    "$B/api/v1/applications")
  [ "$c" = 201 ]
}
send_cli() {
  "$G" --db "$DB" apply register --channel in_person --received $TODAY --kind natural_person --name 王五 \
    --phone 13700000000 --request "$MARK $1" --delivery on_site --request-id "$1" >/dev/null 2>>"$TMP/cli.err" &
  echo $! >"$TMP/cli.pid"
  wait $!
}
send() {   # CHANNEL KEY
  echo "$2" >>"$TMP/sent.$1"
  if "send_$1" "$2"; then echo "$2" >>"$TMP/ack.$1"; fi
}
client() {   # CHANNEL ROUND
  local i key
  for i in $(seq 1 "$PER_ROUND"); do
    case $1 in
      form) key=$(printf '%032x' $((($2 << 20) + i))) ;;
      *) key="$1-$2-$i" ;;
    esac
    send "$1" "$key"
  done
}
pending() { sort -u "$TMP/sent.$1" 2>/dev/null | comm -23 - <(sort -u "$TMP/ack.$1" 2>/dev/null); }
anon_csrf() { rm -f "$TMP/jar.anon"; curl -s -c "$TMP/jar.anon" -o "$TMP/form.html" "$B/apply"; FORM_CSRF=$(form_csrf "$TMP/form.html"); }
# every request not answered yet, sent again with its key (bounded: 3 tries each)
retry_pending() {
  local ch key t
  for ch in form api cli; do
    for key in $(pending $ch); do
      for t in 1 2 3; do send "$ch" "$key" && break; grep -qx "$key" "$TMP/ack.$ch" && break; sleep 0.2; done
    done
  done
}

for round in $(seq 1 "$ROUNDS"); do
  anon_csrf
  retry_pending
  PIDS=
  for ch in form api cli; do client $ch "$round" & PIDS="$PIDS $!"; done
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.8 + r / 32768 * 2.2 }')"
  kill -KILL "$SERVER_PID" 2>/dev/null
  kill -KILL "$(cat "$TMP/cli.pid" 2>/dev/null)" 2>/dev/null
  kill -KILL $PIDS 2>/dev/null
  wait $PIDS "$SERVER_PID" 2>/dev/null
  kill -KILL "$(cat "$TMP/cli.pid" 2>/dev/null)" 2>/dev/null   # one started between the two kills
  SERVER_PID=
  sent=$(cat "$TMP"/sent.* | sort -u | wc -l); acked=$(cat "$TMP"/ack.* | sort -u | wc -l)
  echo "# round $round: $sent sent, $acked acknowledged so far; killed"
  start_server
done
anon_csrf
retry_pending
for ch in form api cli; do
  n=$(pending $ch | wc -l)
  [ "$n" = 0 ] && ok "$ch: every request answered after the retries" || fail "$ch: $n requests still unanswered"
  a=$(sort -u "$TMP/ack.$ch" | wc -l)
  [ "$a" -ge "$ROUNDS" ] && ok "$ch: $a requests acknowledged over $ROUNDS rounds" || fail "$ch: only $a requests acknowledged"
done
# the answers, checked against the database
stop_server
sqlite3 "$DB" "SELECT substr(request, length('$MARK ') + 1), COUNT(*) FROM application WHERE request LIKE '$MARK %' GROUP BY request" >"$TMP/found"
for ch in form api cli; do
  missing=$(sort -u "$TMP/ack.$ch" | comm -23 - <(cut -d'|' -f1 "$TMP/found" | sort -u) | wc -l)
  [ "$missing" = 0 ] && ok "$ch: acknowledged = found in the database" || fail "$ch: $missing acknowledged requests not found"
done
dup=$(awk -F'|' '$2 > 1' "$TMP/found" | wc -l)
[ "$dup" = 0 ] && ok "retried keys made no duplicates ($(wc -l <"$TMP/found") applications, one per key)" \
  || { fail "$dup keys made more than one application"; awk -F'|' '$2 > 1' "$TMP/found" | head -5 | sed 's/^/# /'; }
extra=$(cut -d'|' -f1 "$TMP/found" | sort -u | comm -23 - <(cat "$TMP"/sent.* | sort -u) | wc -l)
[ "$extra" = 0 ] && ok "nothing in the database that was not sent" || fail "$extra applications nobody sent"
retried=$(cat "$TMP"/sent.* | sort | uniq -d | wc -l)
echo "# $(cat "$TMP"/sent.* | sort -u | wc -l) keys, $retried of them sent more than once"
check_nogrep "the server ran clean under the sanitizers" "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$TMP/serve.err"
done_testing
