#!/usr/bin/env bash
# Starts or stops a private PostgreSQL cluster for gongkai's tests and
# benchmarks: its own data directory, a Unix socket in that directory, no TCP.
#   scripts/pg_cluster.sh start DIR [PORT]   prints the conninfo on stdout
#   scripts/pg_cluster.sh standby DIR PORT PRIMARY_DIR PRIMARY_PORT
#                                            a streaming-replication standby of
#                                            that primary (hot standby: it serves
#                                            reads); prints its conninfo
#   scripts/pg_cluster.sh promote DIR        the standby becomes a primary
#   scripts/pg_cluster.sh stop DIR
set -euo pipefail
cmd=${1:?start|standby|promote|stop}; dir=${2:?directory}; port=${3:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "gongkai: PostgreSQL server binaries not found (scripts/deps.sh installs them)" >&2; exit 2; }
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bin/initdb" -D "$dir/data" -U gongkai --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null
    echo "host=$dir port=$port dbname=postgres user=gongkai"
    ;;
  standby)
    pdir=${4:?primary directory}; pport=${5:?primary port}
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      # a copy of the primary that follows its WAL (-R: standby.signal and primary_conninfo)
      as_pg "$bin/pg_basebackup" -D "$dir/data" -h "$pdir" -p "$pport" -U gongkai -X stream -R -c fast >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses='' -c hot_standby=on -c fsync=off -c full_page_writes=off" \
      start >/dev/null
    echo "host=$dir port=$port dbname=postgres user=gongkai"
    ;;
  promote)
    as_pg "$bin/pg_ctl" -D "$dir/data" -w promote >/dev/null
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: scripts/pg_cluster.sh start|standby|promote|stop DIR [PORT] [PRIMARY_DIR PRIMARY_PORT]" >&2; exit 2 ;;
esac
