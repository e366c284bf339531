#!/usr/bin/env bash
# Layout and accessibility in headless Chromium at 390 px and 1366 px
# (tests/browser/screens.py): screenshots to tests/out/screens/w390-*.png and
# w1366-*.png, no sideways scrolling on the phone, 大字版 larger, and
# axe-core (scripts/axe.sh installs it from the npm registry) with no WCAG
# 2.1 A/AA violation on every public and console page at both widths.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "not ok 1 - chromium is installed (scripts/deps.sh test installs it)"; echo "1..1"; exit 1
fi
AXE=$("$GONGKAI_SRC/scripts/axe.sh" 2>"$TMP/axe.err") || {
  echo "not ok 1 - axe-core installs (scripts/axe.sh)"; sed 's/^/# /' "$TMP/axe.err"; echo "1..1"; exit 1; }
DB=$TMP/g.db
"$G" --db "$DB" demo --quiet >"$TMP/demo.out" 2>&1 || { fail "demo database"; done_testing; exit 1; }
# the office's own work, for its console pages (issue 18): a register row with a change
# under review, a channel with a send, a copy package waiting for its delivery (the
# rule from the fifth newest publication: a short table, axe stays quick)
{ "$G" --db "$DB" doc register --title 关于某信访事项的内部请示 --attr withheld --reason 过程性信息 --basis art16.process &&
  "$G" --db "$DB" doc attr 1 --to on_request --reason 可依申请提供 --basis art27.on_request --role office &&
  "$G" --db "$DB" channel add --kind gazette --name 青川市人民政府公报 &&
  "$G" --db "$DB" channel send "$(sqlite3 "$DB" "SELECT MAX(id) FROM doc WHERE state = 'published' AND withdrawn_on IS NULL")" \
    --channel 1 --ref 2026年第1期 &&
  "$G" --db "$DB" archive settings --from "$(sqlite3 "$DB" "SELECT published FROM doc WHERE state = 'published' AND
    withdrawn_on IS NULL ORDER BY published DESC LIMIT 1 OFFSET 4")" &&
  "$G" --db "$DB" archive package --to archive --out "$TMP/pkg.zip"; } >"$TMP/office.out" 2>&1 ||
  { fail "the office's records"; sed 's/^/# /' "$TMP/office.out"; }
start_server
SCREENS=$GONGKAI_SRC/tests/out/screens
mkdir -p "$SCREENS"
DOC=$(sqlite3 "$DB" "SELECT id FROM doc WHERE genre='行政规范性文件' AND issuer LIKE '%、%' AND state='published' AND withdrawn_on IS NULL ORDER BY id DESC LIMIT 1")
YEAR=$(sqlite3 "$DB" "SELECT year FROM report_publication WHERE published_at <> '' ORDER BY year DESC LIMIT 1" 2>/dev/null)
[ -n "$YEAR" ] || YEAR=$(( $(date +%Y) - 1 ))
# the phone is sealed in the database (§17): read back through the store, as staff see it
read -r TRACK APPNO < <(sqlite3 -separator ' ' "$DB" "SELECT tracking, app_no FROM application WHERE outcome IS NULL AND phone <> '' AND intake = '' ORDER BY id LIMIT 1")
PHONE=$("$G" --db "$DB" apply show "$APPNO" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['phone'])")
python3 "$GONGKAI_SRC/tests/browser/screens.py" "$B" "$SCREENS" "$DEMO_PW" "$AXE" "$DOC" "$YEAR" "$TRACK" "$PHONE" "$APPNO" \
  | grep -v '^1\.\.' | tee "$TMP/screens.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/screens.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/screens.tap")
finish
