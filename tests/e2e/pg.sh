#!/usr/bin/env bash
# The PostgreSQL backend, for real: starts a private cluster and runs every
# store unit test binary (test_store*) against it, then the CLI on it.
. "$(dirname "$0")/lib.sh"
# the keys and audit checkpoints of this test's databases, outside them (issue 15)
export GONGKAI_KEY_FILE=$TMP/gongkai.keys GONGKAI_AUDIT_CHECKPOINTS=$TMP/gongkai.checkpoints
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
# the counts of frequent strings on PostgreSQL too (migration 19): mined, then read
check "doc reindex mines the frequent strings on PostgreSQL" "$G" --db "$CONN" doc reindex
check_grep "and --show tells what was mined" "frequent strings" <("$G" --db "$CONN" doc reindex --show)
same "$(total 低保)" "$before" "the same total once counted ($before)"
same "$(P "SELECT count(DISTINCT agency_id) > 0 FROM doc_gram_agency")" "t" "each agency's counts are kept"

# Personal data sealed on PostgreSQL too (issue 15): a pg_dump holds no
# applicant's ID number, phone or address; clear rows of an older database
# are sealed at the first start.
DUMP() { runuser -u postgres -- pg_dump -h "$PGDIR" -p 54331 -U gongkai -d search 2>&1; }
for no in $(P "SELECT app_no FROM application ORDER BY id"); do
  "$G" --db "$CONN" apply show "$no" | awk -F'  +' '/^  证件号码/ {print $3} /^  联系电话/ {print $3} /^  通信地址/ {print $3}'
done | sort -u >"$TMP/pii"
same "$(($(wc -l <"$TMP/pii") >= 60))" 1 "staff see the clear values on PostgreSQL ($(wc -l <"$TMP/pii"))"
leaks() { local n=0 v; while read -r v; do [ ${#v} -ge 5 ] && grep -qaF -- "$v" "$1" && n=$((n + 1)); done <"$TMP/pii"; echo $n; }
DUMP >"$TMP/dump.sql"
check_grep "pg_dump dumps the register" "COPY public.application" "$TMP/dump.sql"
same "$(leaks "$TMP/dump.sql")" 0 "a pg_dump holds no ID number, phone or address"
N1=$(P "SELECT app_no FROM application WHERE id_number <> '' ORDER BY id LIMIT 1")
ID1=$("$G" --db "$CONN" apply show "$N1" | sed -n 's/^  证件号码  //p')
P "UPDATE application SET id_number = '$ID1', who_hash = '', seal_key = 0 WHERE app_no = '$N1'" >/dev/null
DUMP >"$TMP/dump.sql"
check "a clear row shows in the dump (the search can fail)" grep -qaF -- "$ID1" "$TMP/dump.sql"
check_status "seal status: the first start sealed it" 0 "$G" --db "$CONN" seal status
DUMP >"$TMP/dump.sql"
same "$(leaks "$TMP/dump.sql")" 0 "and the dump holds it no more"
check "the rotation on PostgreSQL" "$G" --db "$CONN" seal rotate --batch 50
check_status "the audit trail verifies on PostgreSQL" 0 "$G" --db "$CONN" audit verify
P "UPDATE audit SET actor = 'mallory' WHERE id = 40" >/dev/null
"$G" --db "$CONN" audit verify >"$TMP/v"
check_grep "a row changed by SQL is named on PostgreSQL" "audit row 40: changed" "$TMP/v"
done_testing
