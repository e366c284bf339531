#!/usr/bin/env bash
# make bench: builds gongkai optimised (build/release) and runs every benchmark;
# each prints its own figures and ratios against a baseline measured in the
# same run. Usage: scripts/bench.sh [NAME...]   (default: all of them)
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

# search: tokenizer choice (gongkai bigrams vs the friso dictionary segmenter),
# then latency on 1,000,000 documents against SQLite's trigram tokenizer.
if sel search_friso && [ -x $B/bench/search_friso ]; then
  run "search_friso: recall and speed, gongkai vs friso" $B/bench/search_friso
fi
if sel search; then
  run "search: 1,000,000 documents, gongkai vs trigram" $B/bench/search_bench "${SEARCH_BENCH_DOCS:-1000000}"
fi

if sel calendar; then
  run "calendar: deadline arithmetic for 1,000,000 applications" $B/bench/bench_calendar
fi
# publish: screening, the catalogue import and search over 20,000 documents.
if sel publish; then
  run "publish: screening, import, search" $B/bench/bench_publish
fi
