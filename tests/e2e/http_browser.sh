#!/usr/bin/env bash
# Browser tests: headless Chromium (Debian's) drives the portal and the
# console like a person, through tests/browser/flows.py over the DevTools
# pipe; screenshots of the main pages go to tests/out/screens/.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "not ok 1 - chromium is installed (scripts/deps.sh test installs it)"; echo "1..1"; exit 1
fi
start_server
SCREENS=$GONGKAI_SRC/tests/out/screens
mkdir -p "$SCREENS"
# the flows print their TAP lines; the plan comes at the end, after the server's checks
python3 "$GONGKAI_SRC/tests/browser/flows.py" "$B" "$SCREENS" "$DEMO_PW" | grep -v '^1\.\.' | tee "$TMP/flows.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/flows.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/flows.tap")
finish
