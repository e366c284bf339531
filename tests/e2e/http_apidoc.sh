#!/usr/bin/env bash
# docs/api.md is true: every curl example in it runs against a demo server,
# in order, and answers JSON (see tests/e2e/http_apidoc.py).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
tok() {   # each account creates its own token (nobody issues one for another)
  login "$1" >/dev/null
  as "$1" POST /api/v1/tokens -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of "$1")" \
    -d '{"name":"apidoc"}'
  sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body"
}
export GK=$B OFFICER=$(tok xinxiyuan) REVIEWER=$(tok shenhe) REVIEWER2=$(tok fushen) LEADER=$(tok lingdao) \
       OFFICE=$(tok gongkaiban) ADMIN=$(tok admin)
export YEAR=$(( $(date +%Y) - 1 ))
export DOC_ID=$(sqlite3 "$DB" "SELECT id FROM doc WHERE state='published' ORDER BY id LIMIT 1")
export APP_NO=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE state='processing' AND reply_due >= date('now') AND ext_days = 0 ORDER BY received LIMIT 1")
python3 "$GONGKAI_SRC/tests/e2e/http_apidoc.py" "$GONGKAI_SRC/docs/api.md" | grep -v '^1\.\.' | tee "$TMP/doc.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/doc.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/doc.tap")
finish
