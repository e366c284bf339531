#!/usr/bin/env bash
# make bench: builds gongkai optimised (build/release) and runs every benchmark;
# each prints its own figures and ratios against a baseline measured in the
# same run. Usage: scripts/bench.sh [NAME...]   (default: all of them)
# Names: calendar read collect report apply publish import search_friso search search_pg platform web
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh all || { echo "gongkai: could not install the packages the benchmarks need" >&2; exit 2; }
B=build/release
if [ ! -f $B/build.ninja ]; then
  meson setup $B --buildtype=release >/dev/null
fi
ninja -C $B >/dev/null

run() { echo "== $1"; shift; "$@"; echo; }
names=("$@")
sel() { [ ${#names[@]} -eq 0 ] && return 0; for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }

if sel calendar; then
  run "calendar: deadline arithmetic for 1,000,000 applications" $B/bench/bench_calendar
fi
if sel read; then
  run "report read: reports/s and MB/s on 12,000 reports made from the seeds" \
    $B/bench/read_bench tests/data/seeds 12000
fi
if sel collect; then
  run "report collect: a folder of 500 generated reports in mixed formats (PDF printed by Chromium)" \
    bench/collect_bench.sh $B/gongkai 500
fi
if sel report; then
  run "report check/render/read-back/sum" $B/bench/bench_report
fi
if sel seal; then
  run "seal rotate: 100,000 applications re-sealed while another process keeps looking them up" \
    $B/bench/seal_bench 100000
fi
if sel apply; then
  run "applications: tables 三/四 from 1,000,000 applications vs one GROUP BY pass" $B/bench/apply_bench
fi
if sel publish; then
  run "publish: screening, import, search" $B/bench/bench_publish
fi
if sel import; then
  # IMPORT_BENCH_DOCS: the sizes, e.g. "2000 10000" for a quick look
  # shellcheck disable=SC2086
  run "import: doc import of 20,000 and 100,000 documents (linear, peak memory) vs sqlite3 .import" \
    bench/import_bench.sh $B/gongkai ${IMPORT_BENCH_DOCS:-20000 100000}
fi
# search: tokenizer choice (gongkai bigrams vs the friso dictionary segmenter),
# then latency on 1,000,000 documents against SQLite's trigram tokenizer.
if sel search_friso && [ -x $B/bench/search_friso ]; then
  run "search_friso: recall and speed, gongkai vs friso" $B/bench/search_friso
fi
if sel search; then
  run "search: 1,000,000 documents, gongkai vs trigram" $B/bench/search_bench "${SEARCH_BENCH_DOCS:-1000000}"
fi
if sel search_pg; then
  PGB=$(mktemp -d /tmp/gongkai-pgbench.XXXXXX); chmod 755 "$PGB"
  if CONN=$(scripts/pg_cluster.sh start "$PGB/c" 54377); then
    run "search on PostgreSQL: GIN over gongkai tokens vs reading every document" \
      $B/bench/pg_search_bench "$CONN" "${PG_SEARCH_BENCH_DOCS:-100000}" || true
    scripts/pg_cluster.sh stop "$PGB/c"
  fi
  rm -rf "$PGB"
fi
# platform: 300 agencies, 1,000,000 documents and 1,000,000 applications on
# PostgreSQL (PLATFORM_BENCH="AGENCIES DOCS APPS" for a quick look, e.g. "30 20000 20000").
# The cluster is kept in build/bench-data/platform-AGENCIES-DOCS-APPS: a
# second run finds the province there and skips the generation (remove the
# directory to generate afresh).
if sel platform; then
  sizes=(${PLATFORM_BENCH:-300 1000000 1000000})
  PGB="$PWD/build/bench-data/platform-${sizes[0]}-${sizes[1]}-${sizes[2]}"
  mkdir -p "$PGB"; chmod 755 build/bench-data "$PGB"
  if CONN=$(scripts/pg_cluster.sh start "$PGB/c" 54378); then
    # shellcheck disable=SC2086
    run "platform: search, the office's console and the summed report on PostgreSQL" \
      env PLATFORM_PGDATA="$PGB/c/data" $B/bench/platform_bench "$CONN" "${sizes[@]}" || true
    scripts/pg_cluster.sh stop "$PGB/c"
  fi
fi
# --- web (bench/web_bench.sh): the portal under wrk beside nginx serving the same bytes ---
if sel web; then
  run "web: catalogue, document and search pages, gongkai vs nginx; 1,000 connections (SQLite)" bench/web_bench.sh "$B/gongkai"
  run "web: the same on PostgreSQL" env BACKEND=pg bench/web_bench.sh "$B/gongkai"
fi
# --- end web ---
