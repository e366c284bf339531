#!/usr/bin/env bash
# A hostile visitor over HTTP (issue 11): anonymous uploads that must not be
# buffered, slow connections that must not shut others out, query strings
# that must not poison the page cache, and paths that must not forge lines
# in the access log. Loopback only; every loop is bounded.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
PORT_OF() { echo "$B" | sed 's|.*:||'; }
vm() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status"; }
setting() { sqlite3 "$DB" "INSERT OR REPLACE INTO setting(agency_id, key, value) VALUES (0, '$1', '$2')"; }
unset_setting() { sqlite3 "$DB" "DELETE FROM setting WHERE agency_id = 0 AND key = '$1'"; }
start_server

# ---- 1. nothing unauthenticated is buffered ----
head -c $((19 * 1024 * 1024)) /dev/zero >"$TMP/big.bin"
before=$(vm "$SERVER_PID" VmRSS)
: >"$TMP/codes"
pids=
for i in $(seq 1 100); do
  if [ $((i % 2)) = 0 ]; then p=/api/v1/documents/1/attachments; else p=/console/docs/1/attachments; fi
  curl -s -o /dev/null -w '%{http_code}\n' -X POST -T "$TMP/big.bin" \
    -H "Content-Type: multipart/form-data; boundary=zz" "$B$p" >>"$TMP/codes" 2>/dev/null &
  pids="$pids $!"
done
wait $pids
peak=$(vm "$SERVER_PID" VmHWM)
echo "# RSS before the flood ${before} kB, peak (VmHWM) after 100 anonymous 19 MiB uploads ${peak} kB"
[ "$peak" -lt $((200 * 1024)) ] && ok "100 anonymous 19 MiB uploads leave the peak RSS under 200 MB (${peak} kB)" \
  || fail "peak RSS ${peak} kB after the upload flood"
n401=$(grep -c '^401$' "$TMP/codes"); n303=$(grep -c '^303$' "$TMP/codes")
[ "$n401" -ge 40 ] && [ "$n303" -ge 40 ] && ok "refused on the headers: API 401 ($n401), console to the login ($n303)" \
  || { fail "refusals: $(sort "$TMP/codes" | uniq -c | tr '\n' ' ')"; }
# anonymous routes take small bodies: a 100 KB login is refused before its body
head -c 100000 /dev/zero | tr '\0' 'a' >"$TMP/100k"
req POST /login -H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$TMP/100k"
check_code "a 100 KB login body is over the anonymous limit" 413
# an upload needs its CSRF token on the headers, before the body
login xinxiyuan
printf '%%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%%%EOF\n' >"$TMP/a.pdf"
as xinxiyuan POST /console/docs/1/attachments -F "csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/a.pdf"
check_code "an upload with its token only in the body is refused" 403
# a form from another site (the browser says so) is refused on the headers
req POST /login -H "Sec-Fetch-Site: cross-site" -H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$TMP/100k"
check_code "a cross-site form is refused before its body" 403
# a request with a body to an unknown path is refused on the headers
req POST /no/such/thing -H "Content-Type: application/x-www-form-urlencoded" --data-binary "@$TMP/100k"
check_code "a body to an unknown path: 404 without reading it" 404

# the memory for bodies in flight has a cap: beyond it, 503 with Retry-After
stop_server
setting web.body_memory_mb 1
start_server
login xinxiyuan
head -c $((2 * 1024 * 1024)) /dev/zero >"$TMP/2m.pdf"
as xinxiyuan POST "/console/docs/1/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/2m.pdf"
check_code "a body over the memory cap for bodies in flight is 503" 503
check_header "with Retry-After" '^Retry-After: [0-9]+'
as xinxiyuan POST "/console/docs/1/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/2m.pdf" -H "Transfer-Encoding: chunked"
check_code "a chunked body is counted as it comes: 503" 503
req GET /healthz
check_code "and the server answers the next request" 200
unset_setting web.body_memory_mb

# ---- 2. connection fairness ----
stop_server
start_server
python3 "$(dirname "$0")/slow_clients.py" flood "$(PORT_OF)" 4100 4 >"$TMP/flood" 2>&1
sed 's/^/# /' "$TMP/flood"
open=$(sed -n 's/^open=//p' "$TMP/flood"); worst=$(sed -n 's/^other_max_ms=//p' "$TMP/flood")
oks=$(sed -n 's/^other_ok=//p' "$TMP/flood")
[ -n "$open" ] && [ "$open" -le 64 ] && ok "4,100 slow connections from one address: at most 64 kept ($open)" || fail "open: $open"
[ -n "$worst" ] && [ "$worst" -lt 1000 ] && [ "${oks%/*}" = "${oks#*/}" ] && [ "${oks%/*}" -ge 3 ] \
  && ok "meanwhile a client from another address is served within 1 s (worst ${worst} ms, $oks)" \
  || fail "the other client: worst ${worst} ms, $oks"
# the header deadline does not restart with every byte; a body has a minimum rate
stop_server
setting web.header_timeout_s 2
setting web.connections_per_ip 0
start_server
python3 "$(dirname "$0")/slow_clients.py" drip "$(PORT_OF)" headers 8 >"$TMP/drip" 2>&1
t=$(sed -n 's/^closed_after_s=//p' "$TMP/drip")
[ -n "$t" ] && awk "BEGIN{exit !($t >= 1.5 && $t <= 6)}" && ok "headers dripped a byte at a time are cut at the 2 s deadline (${t} s)" \
  || fail "headers drip: $(cat "$TMP/drip")"
python3 "$(dirname "$0")/slow_clients.py" drip "$(PORT_OF)" body 10 >"$TMP/drip" 2>&1
t=$(sed -n 's/^closed_after_s=//p' "$TMP/drip")
[ -n "$t" ] && awk "BEGIN{exit !($t <= 6)}" && ok "a body under the minimum rate is cut (${t} s)" || fail "body drip: $(cat "$TMP/drip")"
req GET /healthz
check_code "and the server answers the next request" 200
unset_setting web.header_timeout_s
unset_setting web.connections_per_ip

# ---- 4. a cache that cannot be poisoned ----
stop_server
start_server
total() { sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$TMP/body"; }
req GET "/api/v1/public/documents?q=%E6%B0%91%E6%94%BF%26sort%3Ddate"
poisoned=$(total)
req GET "/api/v1/public/documents?q=%E6%B0%91%E6%94%BF&sort=date"
plain=$(total)
req GET "/api/v1/public/documents?sort=date&q=%E6%B0%91%E6%94%BF&utm_source=x"
same=$(total)
echo "# the %26 form: $poisoned results; the plain form after it: $plain; reordered with junk: $same"
[ -n "$plain" ] && [ "$plain" -gt 0 ] && [ "$plain" != "$poisoned" ] \
  && ok "the poisoning pair: the plain query still shows its $plain results (the %26 form $poisoned)" || fail "plain $plain, poisoned $poisoned"
[ "$same" = "$plain" ] && ok "the same query reordered, with an unknown parameter, is the same page" || fail "reordered: $same"
req GET "/search?q=%E6%B0%91%E6%94%BF%26sort%3Ddate"
cp "$TMP/body" "$TMP/search.poisoned"
req GET "/search?q=%E6%B0%91%E6%94%BF&sort=date"
n=$(grep -o '共[0-9]*' "$TMP/body" | head -1)
check_body "the same on /search: the plain query finds documents" 'doc/[0-9]+'
check_nogrep "and is not the %26 form's page" 'value="民政&amp;sort=date"' "$TMP/body"
req GET "/search?q=%E6%B0%91%E6%94%BF&sort=date&junk=EVILMARK"
check_not_body "an unknown parameter is not echoed into the page's links" 'EVILMARK'
# what a hit costs against a miss: 200 requests on one kept-alive connection,
# the same URL (hits) against 200 different ones (misses), summed by curl
hits=; misses=
for i in $(seq 1 200); do
  hits="$hits $B/search?q=%E6%B0%91%E6%94%BF&sort=date"
  misses="$misses $B/search?q=%E6%B0%91%E6%94%BF&sort=date&year=$((1990 + i % 100))&page=$((i / 100 + 1))"
done
t_hit=$(curl -s -o /dev/null -w '%{time_total}\n' $hits | awk '{s += $1} END {printf "%.1f", s * 1000}')
t_miss=$(curl -s -o /dev/null -w '%{time_total}\n' $misses | awk '{s += $1} END {printf "%.1f", s * 1000}')
echo "# /search: 200 cache hits ${t_hit} ms in all, 200 misses ${t_miss} ms"
awk "BEGIN{exit !($t_hit < $t_miss)}" && ok "a cache hit costs less than a miss (${t_hit} ms against ${t_miss} ms for 200)" \
  || fail "hits ${t_hit} ms, misses ${t_miss} ms"

# ---- 6. logs that cannot lie ----
req GET "/x%0aforged%20200%20line%0d%1b[31m" -g
check_code "a path with a newline is a 404" 404
lines=$(grep -c 'x\\x0aforged 200 line\\x0d\\x1b\[31m' "$TMP/access.log")
[ "$lines" = 1 ] && ok "it is one access-log line, escaped" || fail "escaped lines: $lines"; 
check_nogrep "no line of the log starts with what the path forged" '^forged' "$TMP/access.log"
check_nogrep "every line is one structured record" '^[^t]|^t[^i]' "$TMP/access.log"
finish
