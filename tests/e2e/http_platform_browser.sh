#!/usr/bin/env bash
# Browser screenshots of the platform (issue 13): the platform home and the
# city office's oversight console in headless Chromium at 390 px and 1366 px
# (tests/browser/platform.py); the PNGs go to tests/out/screens/.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
. "$(dirname "$0")/platform_setup.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "not ok 1 - chromium is installed (scripts/deps.sh test installs it)"; echo "1..1"; exit 1
fi
platform_db "$TMP/g.db" || { fail "the platform database"; done_testing; exit 1; }
start_server
SCREENS=$GONGKAI_SRC/tests/out/screens
mkdir -p "$SCREENS"
python3 "$GONGKAI_SRC/tests/browser/platform.py" "$B" "$SCREENS" "$PLATFORM_PW" | grep -v '^1\.\.' | tee "$TMP/flows.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/flows.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/flows.tap")
finish
