# Shared by the HTTP end-to-end tests (tests/e2e/http_*.sh): a demo database,
# a server on a free port, and curl helpers that keep the status, headers and
# body of the last response. Source it after lib.sh.
#   start_server              demo database + `gongkai serve` on 127.0.0.1:<free port>
#   req METHOD PATH [curl args...]   → $CODE, $TMP/body, $TMP/hdr
#   as USER METHOD PATH [args...]    the same with USER's cookie jar (see login)
#   login USER [PASSWORD]     logs in through the form; the jar is $TMP/jar.USER, CSRF in $TMP/csrf.USER
#   csrf_of USER              the CSRF token of USER's session
#   form_csrf FILE            the csrf hidden field of a page
#   stop_server               SIGTERM, and checks the graceful exit
DEMO_PW=gongkai2026
SERVER_PID=
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  local i
  for i in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  wait "$SERVER_PID" 2>/dev/null; SERVER_STATUS=$?
  SERVER_PID=
}
trap 'stop_server; rm -rf "$TMP"' EXIT

start_server() {
  DB=$TMP/g.db
  if [ ! -f "$DB" ]; then
    demo_db "$DB" || { fail "demo database"; cat "$TMP/demo.out" | sed 's/^/# /'; done_testing; exit 1; }
  fi
  : >"$TMP/serve.out"
  "$G" --db "$DB" serve --listen 127.0.0.1:0 --threads "${THREADS:-2}" --access-log "$TMP/access.log" "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
  SERVER_PID=$!
  # until it says where it listens (or has died): 120 s, for a loaded machine under ASan
  B=
  server_address() {
    B=$(sed -n 's/^gongkai: serving \(http:[^ ]*\)\/ .*/\1/p' "$TMP/serve.out")
    [ -n "$B" ] || ! kill -0 "$SERVER_PID" 2>/dev/null
  }
  wait_until 120 server_address
  if [ -z "$B" ]; then fail "server starts"; sed 's/^/# /' "$TMP/serve.err"; done_testing; exit 1; fi
}

req() {
  local m=$1 p=$2; shift 2
  CODE=$(curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -X "$m" "$@" "$B$p")
}
as() {
  local u=$1 m=$2 p=$3; shift 3
  CODE=$(curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/jar.$u" -c "$TMP/jar.$u" -X "$m" "$@" "$B$p")
}
form_csrf() { grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }
# own_token USER NAME: USER signs in and creates an API token for itself (a
# token acts only for the account that created it, issue 11); prints the secret.
own_token() {
  login "$1"
  as "$1" POST /api/v1/tokens -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of "$1")" \
    -d "{\"name\":\"$2\"}"
  sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body"
}

# no_intake_limits DB: lifts the per-address, per-phone and per-ID limits and
# the surge brake, for tests that file many applications from one address
# (read by the server when it starts).
no_intake_limits() {
  local k
  for k in web.applications_per_ip_hour web.applications_per_phone_day web.applications_per_id_day \
           web.applications_surge_per_hour; do
    sqlite3 "$1" "INSERT OR REPLACE INTO setting(agency_id, key, value) SELECT id, '$k', '1000000' FROM agency;
                  INSERT OR REPLACE INTO setting(agency_id, key, value) VALUES (0, '$k', '1000000')"
  done
}

login() {
  local u=$1 pw=${2:-$DEMO_PW}
  rm -f "$TMP/jar.$u"
  curl -s -o "$TMP/loginpage" -c "$TMP/jar.$u" "$B/login"
  local c; c=$(form_csrf "$TMP/loginpage")
  CODE=$(curl -s -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' -b "$TMP/jar.$u" -c "$TMP/jar.$u" \
    --data-urlencode "csrf=$c" --data-urlencode "login=$u" --data-urlencode "password=$pw" "$B/login")
  curl -s -b "$TMP/jar.$u" "$B/api/v1/me" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' >"$TMP/csrf.$u"
}
csrf_of() { cat "$TMP/csrf.$1"; }
# check_code NAME WANT: the last response's status
check_code() { if [ "$CODE" = "$2" ]; then ok "$1"; else fail "$1 (HTTP $CODE, wanted $2)"; head -c 600 "$TMP/body" | sed 's/^/# /'; fi; }
# check_header NAME REGEX: a header line of the last response
check_header() { check_grep "$1" "$2" "$TMP/hdr"; }
check_body() { check_grep "$1" "$2" "$TMP/body"; }
check_not_body() { check_nogrep "$1" "$2" "$TMP/body"; }
# finish: stops the server, which must exit 0 on SIGTERM with no sanitizer
# report (leaks, memory errors, undefined behaviour), then ends the TAP plan.
finish() {
  if [ -n "$SERVER_PID" ]; then
    stop_server
    [ "$SERVER_STATUS" = 0 ] && ok "the server stops cleanly on SIGTERM" || fail "the server exited with status $SERVER_STATUS"
    if grep -qE "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$TMP/serve.err"; then
      fail "the server ran clean under the sanitizers"; grep -E -A12 "ERROR:|runtime error:" "$TMP/serve.err" | head -40 | sed 's/^/# /'
    else
      ok "the server ran clean under the sanitizers"
    fi
  fi
  done_testing
}
