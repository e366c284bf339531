#!/usr/bin/env bash
# make run: installs what is missing, builds build/release, checks the
# published seed reports, creates var/gongkai.db with the demo agency when
# there is none, and serves the portal, the console and the API on
# 127.0.0.1:8080 (LISTEN=ADDR:PORT to change it) until Ctrl-C.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build || { echo "gongkai: could not install the packages the build needs" >&2; exit 2; }
B=build/release
if [ ! -f $B/build.ninja ]; then
  meson setup $B --buildtype=release -Dtests=false >/dev/null || exit 2
fi
ninja -C $B >/dev/null || { ninja -C $B | tail -30; exit 2; }
G=$B/gongkai

# The published reports kept as test data (tests/data/seeds), read and checked.
SEEDS=tests/data/seeds
if [ -d "$SEEDS" ] && "$G" report --help >/dev/null 2>&1; then
  n=$(ls "$SEEDS"/*.txt 2>/dev/null | wc -l)
  out=$(mktemp)
  "$G" report check "$SEEDS"/*.txt >"$out" 2>&1
  rc=$?
  errs=$(grep -c ' error ' "$out" || true)
  rm -f "$out"
  case $rc in
    0|1) echo "gongkai: $n seed reports read and checked ($errs consistency errors found; gongkai report check $SEEDS/*.txt shows them)" ;;
    *)   echo "gongkai: the seed reports could not all be read (gongkai report check $SEEDS/*.txt says why)" ;;
  esac
fi

DB=${GONGKAI_DB:-var/gongkai.db}
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then
  "$G" --db "$DB" demo || exit 1
else
  echo "gongkai: using $DB ('$G --db $DB demo --reset' rebuilds the demo)"
  "$G" demo --logins
fi
exec "$G" --db "$DB" serve --listen "${LISTEN:-127.0.0.1:8080}"
