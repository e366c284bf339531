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
