#!/usr/bin/env bash
# Several gongkai nodes on this machine, as docs/operations.md §16 deploys
# them on several: a PostgreSQL primary, a streaming-replication standby,
# two `gongkai serve` nodes (B reads public pages from the standby) and
# nginx in front of both on one port. For trying the deployment out and for
# rehearsing a failover; everything lives in DIR (Unix sockets, no TCP but
# the nodes' and nginx's loopback ports).
#   scripts/nodes.sh start DIR [PORT]   PORT: nginx's (default 8090); A and B take PORT+1, PORT+2
#   scripts/nodes.sh stop DIR
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:?start|stop}; dir=$(realpath -m "${2:?directory}"); port=${3:-8090}
G=${GONGKAI_BIN:-build/release/gongkai}
PC=scripts/pg_cluster.sh
case "$cmd" in
  start)
    [ -x "$G" ] || { make build >/dev/null; G=build/release/gongkai; }
    mkdir -p "$dir"; chmod 755 "$dir"
    conn=$($PC start "$dir/primary" 54391)
    # the demo agency, once (an empty database is migrated by any command)
    "$G" --db "$conn" agency list 2>/dev/null | grep -q . || "$G" --db "$conn" demo --quiet
    sconn=$($PC standby "$dir/standby" 54392 "$dir/primary" 54391)
    "$G" --db "$conn" serve --listen 127.0.0.1:$((port + 1)) --trust-proxy >"$dir/a.log" 2>&1 &
    echo $! >"$dir/a.pid"
    "$G" --db "$conn" serve --listen 127.0.0.1:$((port + 2)) --trust-proxy --replica "$sconn" >"$dir/b.log" 2>&1 &
    echo $! >"$dir/b.pid"
    cat >"$dir/nginx.conf" <<EOF
pid $dir/nginx.pid;
error_log $dir/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-body;
  proxy_temp_path $dir/nginx-proxy;
  upstream gongkai {
    server 127.0.0.1:$((port + 1)) max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$((port + 2)) max_fails=1 fail_timeout=5s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 64m;
    location / {
      proxy_pass http://gongkai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      # a node that does not answer: the other one takes the request (reads only:
      # nginx never sends a POST twice unless told to)
      proxy_next_upstream error timeout http_502 http_503;
    }
  }
}
EOF
    nginx -c "$dir/nginx.conf" -p "$dir"
    echo "primary: $conn"
    echo "standby: $sconn"
    echo "nodes:   http://127.0.0.1:$((port + 1))/ (A), http://127.0.0.1:$((port + 2))/ (B, public pages from the standby)"
    echo "nginx:   http://127.0.0.1:$port/"
    ;;
  stop)
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    for n in a b; do [ -f "$dir/$n.pid" ] && kill "$(cat "$dir/$n.pid")" 2>/dev/null || true; done
    $PC stop "$dir/standby"; $PC stop "$dir/primary"
    ;;
  *) echo "usage: scripts/nodes.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
