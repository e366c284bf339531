#!/usr/bin/env bash
# code_metrics.sh — the size figures of issue 14 ("a codebase the next engineer
# can carry on"), checkable by anyone: functions in src/ over 120 and over 80
# lines, files in src/ over 1,000 lines, and (with --dup) the pairs of repeated
# places `duplicates` finds in src/.
#
# A function is what gongkai's style writes: its opening brace alone in column
# 0, its closing brace alone in column 0; its length counts from the line in
# column 0 that names it (the first of a signature on several lines) to the
# closing brace. Usage: scripts/code_metrics.sh [--list] [--dup]
#   --list  every function over 80 lines, longest first
#   --dup   also run `duplicates --seconds 120` in src/ (two minutes)
set -eu
cd "$(dirname "$0")/../src"
list=0 dup=0
for a in "$@"; do
  case $a in
    --list) list=1 ;;
    --dup) dup=1 ;;
    *) echo "usage: scripts/code_metrics.sh [--list] [--dup]" >&2; exit 2 ;;
  esac
done
funcs=$(find . -name '*.c' | sort | xargs awk '
  FNR == 1 { head = ""; name = ""; infn = 0 }
  /^\{[ \t]*$/ && !infn { infn = 1; start = headline; name = head; next }
  /^\}/ && infn { infn = 0; n = FNR - start + 1
                  sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
                  printf "%d %s:%d %s\n", n, substr(FILENAME, 3), start, name; next }
  !infn && /^[A-Za-z_]/ { head = $0; headline = FNR }
' | sort -rn)
over120=$(printf '%s\n' "$funcs" | awk '$1 > 120' | wc -l)
over80=$(printf '%s\n' "$funcs" | awk '$1 > 80' | wc -l)
files=$(find . -name '*.c' -o -name '*.h' | sort | xargs wc -l | awk '$2 != "total" && $1 > 1000 { printf "%d %s\n", $1, substr($2, 3) }' | sort -rn)
nfiles=$(printf '%s' "$files" | grep -c . || true)
echo "functions over 120 lines: $over120 (at most 0)"
echo "functions over 80 lines: $over80 (at most 5)"
echo "files over 1,000 lines: $nfiles (at most 0)"
[ -n "$files" ] && printf '%s\n' "$files" | sed 's/^/  /'
if [ $list = 1 ]; then
  echo "functions over 80 lines:"
  printf '%s\n' "$funcs" | awk '$1 > 80' | sed 's/^/  /'
fi
if [ $dup = 1 ]; then
  duplicates --seconds 120 | head -1
fi
