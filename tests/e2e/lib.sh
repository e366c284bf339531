# Shared helpers for gongkai's end-to-end tests: TAP output and checks.
# Source it; then call ok/fail/check_*; finish with done_testing.
set -u
: "${GONGKAI_BIN:?GONGKAI_BIN must point at the gongkai binary}"
: "${GONGKAI_SRC:=$(pwd)}"
G=$GONGKAI_BIN
SEEDS=$GONGKAI_SRC/tests/data/seeds
T_N=0
T_FAILED=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongkai-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

ok()   { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
fail() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $*"; }
# check NAME COMMAND...: passes when the command exits 0
check() { local n=$1; shift; if "$@" >"$TMP/out" 2>&1; then ok "$n"; else fail "$n"; sed 's/^/# /' "$TMP/out" | head -20; fi; }
# check_status NAME WANT COMMAND...: passes when the command exits WANT; output in $TMP/out, $TMP/err
check_status() {
  local n=$1 want=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"; local got=$?
  if [ "$got" = "$want" ]; then ok "$n"; else fail "$n (exit $got, wanted $want)"; head -c 2000 "$TMP/err" | sed 's/^/# /'; fi
}
# check_grep NAME PATTERN FILE: passes when FILE matches the extended regex
check_grep() { if grep -qE -- "$2" "$3"; then ok "$1"; else fail "$1 (no /$2/ in $3)"; head -c 1500 "$3" | sed 's/^/# /'; fi; }
check_nogrep() { if grep -qE -- "$2" "$3"; then fail "$1 (/$2/ found in $3)"; grep -nE -- "$2" "$3" | head -5 | sed 's/^/# /'; else ok "$1"; fi; }
done_testing() { echo "1..$T_N"; [ "$T_FAILED" -eq 0 ]; }
# chain_answer RUN NO DATE DRAFT-ARGS...: answers application NO through the
# handling chain (issue 18: assign, draft, approve, then the answer) on DATE;
# RUN is the command before `apply` ("$G --db $DB", "pdb dcq"); DRAFT-ARGS
# the reply (--outcome, --detail, --refer). The agency's assigner and approver
# become 公开办 and 审批人. Prints the answer's output; exits as the first
# step that fails.
chain_answer() {
  local run=$1 no=$2 date=$3; shift 3
  $run apply settings disclosure.assigners 公开办 >/dev/null &&
  $run apply settings disclosure.approvers 审批人 >/dev/null &&
  $run apply assign "$no" --to 经办人 --actor 公开办 --date "$date" >/dev/null &&
  $run apply draft "$no" "$@" --actor 经办人 --date "$date" >/dev/null &&
  $run apply approve "$no" --actor 审批人 --date "$date" >/dev/null &&
  $run apply answer "$no" --actor 经办人 --date "$date"
}
# demo_db DB: DB becomes what `gongkai --db DB demo --quiet` makes (and the
# demo's output is in $TMP/demo.out), copied with its key file from a demo
# made once per binary, day and environment (dirname $G/demo-cache/KEY, made
# under a lock by the first test that needs it): building the demo under
# ASan costs more CPU than most tests (issue 14). The copy is the same bytes
# a fresh demo would be but for its random keys, salts and codes. With
# GONGKAI_KEY_FILE or GONGKAI_AUDIT_CHECKPOINTS set (files outside DB), or
# GONGKAI_DEMO_CACHE=off, it runs the demo itself.
demo_db() {
  local db=$1 key cache f
  if [ -n "${GONGKAI_KEY_FILE:-}${GONGKAI_AUDIT_CHECKPOINTS:-}" ] || [ "${GONGKAI_DEMO_CACHE:-}" = off ]; then
    "$G" --db "$db" demo --quiet >"$TMP/demo.out" 2>&1
    return
  fi
  key=$({ stat -c '%s %Y %i' "$G"; date +%F; env | grep -E '^(GONGKAI_(TODAY|NOW|USER|PASSWORD|SEAL_CIPHER|SQLITE_SYNC)|USER)=' | sort
          [ -n "${GONGKAI_TODAY_FILE:-}" ] && cat "$GONGKAI_TODAY_FILE"; } 2>/dev/null | sha1sum | cut -c1-16)
  cache=${GONGKAI_DEMO_CACHE:-$(dirname "$G")/demo-cache}/$key
  mkdir -p "${cache%/*}" || return 1
  (
    flock 9
    if [ ! -f "$cache/g.db" ]; then
      # demos of an older binary or day go (a day old: no test runs that long)
      find "${cache%/*}" -mindepth 1 -maxdepth 1 -type d -mmin +1440 -exec rm -rf {} + 2>/dev/null
      rm -rf "$cache.new" && mkdir -p "$cache.new" &&
        "$G" --db "$cache.new/g.db" demo --quiet >"$cache.new/demo.out" 2>&1 &&
        rm -f "$cache.new/g.db-shm" && mv "$cache.new" "$cache"
    fi
  ) 9>"$cache.lock" || { cat "$cache.new/demo.out" >"$TMP/demo.out" 2>/dev/null; return 1; }
  cp "$cache/demo.out" "$TMP/demo.out"
  for f in "$cache"/g.db*; do
    cp "$f" "$db${f#"$cache"/g.db}" || return 1
  done
}
# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds
# (status 0) or SECONDS of wall time have passed (status 1). A bound in
# seconds, not in tries: on a loaded machine each try may itself take seconds.
wait_until() {
  local limit=$1 end; shift
  end=$((SECONDS + limit))
  while :; do
    "$@" && return 0
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}
