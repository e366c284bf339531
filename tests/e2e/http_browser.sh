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
python3 "$GONGKAI_SRC/tests/browser/flows.py" "$B" "$SCREENS" "$DEMO_PW"
