#!/usr/bin/env bash
# bench/web_bench.sh — gongkai's portal under load, beside nginx serving the
# same bytes as static files in the same run (the baseline).
#
# For each page (the catalogue, a document, a search) it saves the bytes
# gongkai serves, puts them under an nginx root, and runs wrk against both:
# requests/s, p99 latency and the ratio gongkai/nginx. Then 1,000 concurrent
# connections against gongkai, counting errors and non-2xx answers.
#
# usage: bench/web_bench.sh [GONGKAI_BIN]     (default build/release/gongkai)
# env:   PAGES (space-separated paths instead of the three), DURATION (seconds per run, default 10), CONNS (default 100), THREADS (wrk, default 2)
#        BACKEND=sqlite (default) or pg: the demo database on a private PostgreSQL cluster (scripts/pg_cluster.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/gongkai}
DURATION=${DURATION:-10}
CONNS=${CONNS:-100}
WRK_THREADS=${THREADS:-2}
for t in wrk nginx curl; do
  command -v $t >/dev/null || { echo "web_bench: $t is missing (scripts/deps.sh test installs it)" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "web_bench: $BIN is not built (make bench builds it)" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

W=$(mktemp -d /tmp/gongkai-webbench.XXXXXX)
GK_PID= NG_PID=
cleanup() {
  [ -n "$GK_PID" ] && kill -TERM "$GK_PID" 2>/dev/null && wait "$GK_PID" 2>/dev/null || true
  [ -n "$NG_PID" ] && kill -TERM "$NG_PID" 2>/dev/null && wait "$NG_PID" 2>/dev/null || true
  [ -n "${GK2_PID:-}" ] && kill -TERM "$GK2_PID" 2>/dev/null && wait "$GK2_PID" 2>/dev/null || true
  [ -f "$W/pg/data/postmaster.pid" ] && scripts/pg_cluster.sh stop "$W/pg" >/dev/null 2>&1 || true
  rm -rf "$W"
}
trap cleanup EXIT

BACKEND=${BACKEND:-sqlite}
DB="$W/g.db"
if [ "$BACKEND" = pg ]; then
  chmod 755 "$W"
  DB=$(scripts/pg_cluster.sh start "$W/pg" "${PG_PORT:-54379}") || { echo "web_bench: PostgreSQL did not start" >&2; exit 1; }
fi
"$BIN" --db "$DB" demo --quiet
# two servers on the same database: the normal one (public pages cached while
# the content is unchanged) and one that renders every page afresh
start_gk() {
  "$BIN" --db "$DB" serve --listen 127.0.0.1:0 "$@" >"$W/serve$#.out" 2>"$W/serve$#.err" &
  local pid=$! url=
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^gongkai: serving \(http:[^ ]*\)\/ .*/\1/p' "$W/serve$#.out"); [ -n "$url" ] && break; sleep 0.1
  done
  [ -n "$url" ] || { echo "web_bench: gongkai did not start" >&2; cat "$W/serve$#.err" >&2; exit 1; }
  echo "$pid $url"
}
read -r GK_PID GK < <(start_gk)
read -r GK2_PID GK2 < <(start_gk --no-page-cache)

# The pages: the catalogue's first page, the first document it links, and a
# search for a word the demo documents hold.
if [ -z "${PAGES:-}" ]; then
  curl -sf "$GK/catalogue" -o "$W/cat.html" || { echo "web_bench: no /catalogue page" >&2; exit 1; }
  DOC=$(grep -o 'href="/doc/[0-9]*"' "$W/cat.html" | head -1 | sed 's/href="//;s/"//')
  [ -n "$DOC" ] || { echo "web_bench: the catalogue links no document" >&2; exit 1; }
  PAGES="/catalogue $DOC /search?q=%E4%BD%8E%E4%BF%9D"
fi
FIRST=${PAGES%% *}

# nginx serves the very same bytes, one file per page, with the same type.
mkdir -p "$W/root"
i=0
for p in $PAGES; do
  i=$((i + 1))
  curl -sf "$GK$p" -o "$W/root/page$i.html"
done
cat >"$W/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $W/nginx.pid;
error_log $W/nginx.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $W/tmp; proxy_temp_path $W/tmp; fastcgi_temp_path $W/tmp;
  uwsgi_temp_path $W/tmp; scgi_temp_path $W/tmp;
  server {
    listen 127.0.0.1:18099;
    root $W/root;
    default_type text/html;
    location / { try_files /page\$arg_p.html =404; }
  }
}
EOF
mkdir -p "$W/tmp"
nginx -c "$W/nginx.conf" -p "$W" 2>"$W/nginx.start" &
NG_PID=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:18099/?p=1" -o /dev/null && break; sleep 0.1; done

# wrk URL → "requests/s p99_ms errors"
run_wrk() {
  local out; out=$(wrk -t"$WRK_THREADS" -c"$1" -d"${DURATION}s" --latency "$2" 2>&1)
  local rps p99 err non2xx
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  err=$(echo "$out" | awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ {print $5}')
  echo "$rps $(to_ms "$p99") $(( ${err:-0} + ${non2xx:-0} ))"
}
to_ms() {   # wrk prints 1.23ms, 456.00us, 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

echo "web_bench ($BACKEND): gongkai vs nginx on the same bytes; wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s; $(nproc) cores shared by both and wrk"
printf "%-28s %12s %8s %12s %8s %12s %8s %7s %7s\n" "page" "gongkai r/s" "p99 ms" "uncached r/s" "p99 ms" \
  "nginx r/s" "p99 ms" "ratio" "uncached"
i=0
for p in $PAGES; do
  i=$((i + 1))
  read -r grps gp99 gerr < <(run_wrk "$CONNS" "$GK$p")
  read -r urps up99 uerr < <(run_wrk "$CONNS" "$GK2$p")
  read -r nrps np99 nerr < <(run_wrk "$CONNS" "http://127.0.0.1:18099/?p=$i")
  ratio=$(awk -v a="$grps" -v b="$nrps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  uratio=$(awk -v a="$urps" -v b="$nrps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  label=$p; [ "${#label}" -gt 28 ] && label="${label:0:25}..."
  printf "%-28s %12.0f %8s %12.0f %8s %12.0f %8s %6sx %6sx" "$label" "$grps" "$gp99" "$urps" "$up99" "$nrps" "$np99" \
    "$ratio" "$uratio"
  [ "$((gerr + uerr))" != 0 ] && printf "  (%s errors)" "$((gerr + uerr))"
  echo
done
echo "(ratio: gongkai / nginx; uncached: gongkai --no-page-cache, every page rendered from the database / nginx)"

# 1,000 concurrent connections on the catalogue: no error allowed.
read -r crps cp99 cerr < <(run_wrk 1000 "$GK$FIRST")
printf "1000 connections, $FIRST: %.0f r/s, p99 %s ms, %s errors or non-2xx\n" "$crps" "$cp99" "$cerr"
[ "$cerr" = 0 ] || { echo "web_bench: errors under 1,000 connections" >&2; exit 1; }
