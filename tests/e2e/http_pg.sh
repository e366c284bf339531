#!/usr/bin/env bash
# The web server on the PostgreSQL backend: a private cluster, the demo
# agency created in it, and the portal, a login, an online application and a
# workflow step served from it.
. "$(dirname "$0")/lib.sh"
# the keys and audit checkpoints of this test's databases, outside them (issue 15)
export GONGKAI_KEY_FILE=$TMP/gongkai.keys GONGKAI_AUDIT_CHECKPOINTS=$TMP/gongkai.checkpoints
. "$(dirname "$0")/http_common.sh"
PGDIR=$TMP/pg
chmod 755 "$TMP"
if ! CONN=$("$GONGKAI_SRC/scripts/pg_cluster.sh" start "$PGDIR" 54341 2>"$TMP/pgerr"); then
  fail "PostgreSQL cluster starts"; sed 's/^/# /' "$TMP/pgerr"; done_testing; exit 1
fi
trap 'stop_server; "$GONGKAI_SRC/scripts/pg_cluster.sh" stop "$PGDIR"; rm -rf "$TMP"' EXIT
DB=$CONN
check "the demo agency is created in PostgreSQL" "$G" --db "$CONN" demo --quiet
THREADS=8 start_server
req GET /catalogue
check_code "the catalogue from PostgreSQL" 200
check_body "lists the demo documents" "共 [0-9]{2,} 条"
DOC=$(sed -n 's/.*href="\/doc\/\([0-9]*\)".*/\1/p' "$TMP/body" | head -1)
req GET /doc/$DOC
check_code "a document page" 200
req GET "/search?q=%E5%85%BB%E8%80%81"
check_body "search works" "共找到 <strong>[0-9]+</strong> 条"
req GET /reports/$(( $(date +%Y) - 1 ))
check_body "last year's published report" "三、收到和处理政府信息公开申请情况"
req GET /apply -c "$TMP/jar"
C=$(form_csrf "$TMP/body")
FT=$(grep -o 'name="form_token" value="[0-9a-f]*"' "$TMP/body" | sed 's/.*value="//;s/"$//')
pg_apply() { req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d "form_token=$FT" -d kind=natural_person -d name=赵六 \
  -d phone=13600000000 --data-urlencode "request=本市养老机构名录" -d delivery=online -d agree=1; }
pg_apply
check_code "an online application is accepted (303 to its receipt)" 303
check_header "the receipt is named by the form's token" "^Location: /apply/receipt/$FT"
pg_apply
check_code "the same form again" 303
check_header "leads to the same receipt, kept in PostgreSQL" "^Location: /apply/receipt/$FT"
req GET "/apply/receipt/$FT"
check_code "which answers" 200
# the per-address limit is atomic on PostgreSQL too: 40 at once, 4 more pass (5 an hour)
python3 "$(dirname "$0")/http_abuse.py" flood "$B" 40 >"$TMP/flood"
N=$(grep -c '^303 ' "$TMP/flood"); R=$(grep -c '^429 ' "$TMP/flood")
[ "$N" = 4 ] && [ "$R" = 36 ] && ok "40 concurrent applications from one address: exactly the limit passes" ||
  { fail "$N accepted, $R refused, wanted 4 and 36"; sort "$TMP/flood" | cut -c1-3 | uniq -c | sed 's/^/# /'; }
login gongkaiban
check_code "the office logs in" 303
as gongkaiban GET /console
check_body "its dashboard lists applications by urgency" 'class="overdue"'
as gongkaiban GET /api/v1/me
check_body "the API answers from PostgreSQL" '"role":"office"'
finish
