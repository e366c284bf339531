#!/usr/bin/env bash
# The PostgreSQL backend, for real: starts a private cluster and runs every
# store unit test binary (test_store*) against it, then the CLI on it.
. "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$G")
PGDIR=$TMP/pg
chmod 755 "$TMP"
if ! CONN=$("$GONGKAI_SRC/scripts/pg_cluster.sh" start "$PGDIR" 54331 2>"$TMP/pgerr"); then
  fail "PostgreSQL cluster starts"; sed 's/^/# /' "$TMP/pgerr"; done_testing; exit 1
fi
trap '"$GONGKAI_SRC/scripts/pg_cluster.sh" stop "$PGDIR"; rm -rf "$TMP"' EXIT
ok "PostgreSQL cluster starts"
for t in "$BUILD"/test_store*; do
  [ -f "$t" ] && [ -x "$t" ] || continue
  name=$(basename "$t")
  if GONGKAI_TEST_PG="$CONN" CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$TMP/$name.out" 2>&1; then
    ok "$name passes on PostgreSQL ($(grep -c '^ok' "$TMP/$name.out") cases)"
  else
    fail "$name on PostgreSQL"; grep -E '^not ok|error|Error' "$TMP/$name.out" | head -20 | sed 's/^/# /'
  fi
done
done_testing
