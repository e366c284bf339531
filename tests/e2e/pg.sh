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

# Search on PostgreSQL: a GIN index over each document's gongkai tokens picks
# the candidates; documents without tokens yet (published before migration
# 5) get them at the next search, with the same results.
P() { runuser -u postgres -- psql -h "$PGDIR" -p 54331 -U gongkai -d "${PDB:-postgres}" -Atc "$1" 2>&1; }
P "CREATE DATABASE search" >/dev/null
PDB=search
CONN=${CONN/dbname=postgres/dbname=search}
total() { "$G" --db "$CONN" doc search "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
same() { if [ "$1" = "$2" ]; then ok "$3"; else fail "$3 (got '$1', wanted '$2')"; fi; }
check "the demo is created on PostgreSQL" "$G" --db "$CONN" demo
n_pub=$(P "SELECT count(*) FROM doc WHERE state = 'published'")
same "$(P "SELECT count(search_tokens) FROM doc WHERE state = 'published'")" "$n_pub" \
  "every published document has its tokens ($n_pub)"
# the index alone, checked against the tokens: no synonyms (低保 would find 最低生活保障 too)
: >"$TMP/nosyn.txt"
"$G" --db "$CONN" doc synonyms --set "$TMP/nosyn.txt" >/dev/null
before=$(total 低保)
tsq="(''低保'') | ''*gongkai-any*''"
same "$(P "SELECT count(*) FROM doc WHERE search_tokens @@ CAST('$tsq' AS tsquery)")" "$before" \
  "the index picks exactly the documents holding 低保 ($before of $n_pub)"
P "SET enable_seqscan = off; EXPLAIN SELECT id FROM doc WHERE search_tokens @@ CAST('$tsq' AS tsquery)" >"$TMP/plan"
check_grep "the search can use the GIN index" "doc_search_tokens" "$TMP/plan"
P "UPDATE doc SET search_tokens = NULL" >/dev/null
same "$(total 低保)" "$before" "documents without tokens are found the same"
same "$(P "SELECT count(search_tokens) FROM doc WHERE state = 'published'")" "$n_pub" "and have their tokens again"
same "$(total '"最低生活保障" 低保')" "$(total '低保 最低生活保障')" "terms in any order"
done_testing
