#!/usr/bin/env bash
# Browser test: refreshing the receipt, going back and resubmitting, and a
# double click file one application (issue 10, item 6). Headless Chromium
# drives the public form through tests/browser/resubmit.py; the applications
# it made are then counted in the database.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "not ok 1 - chromium is installed (scripts/deps.sh test installs it)"; echo "1..1"; exit 1
fi
start_server
MARK="重复提交测试$$"
python3 "$GONGKAI_SRC/tests/browser/resubmit.py" "$B" "$MARK" | tee "$TMP/flow.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/flow.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/flow.tap")
count() { sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE request = '$MARK：$1'"; }
n=$(count 刷新与后退)
[ "$n" = 1 ] && ok "submit, reload, back and resubmit: one application in the database" \
  || fail "submit, reload, back and resubmit: one application in the database (found $n)"
n=$(count 双击)
[ "$n" = 1 ] && ok "the same form sent twice: one application in the database" \
  || fail "the same form sent twice: one application in the database (found $n)"
n=$(sqlite3 "$DB" "SELECT COUNT(*) FROM form_token t JOIN application a ON a.id = t.record_id WHERE a.request LIKE '$MARK%'")
[ "$n" = 2 ] && ok "each kept with its form token" || fail "each kept with its form token (found $n)"
finish
