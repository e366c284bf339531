#!/usr/bin/env bash
# Walks over the route table (tests/e2e/http_walk.py reads src/web/routes.c):
# every state-changing route refused without its CSRF token and nothing
# changed; every HTML page escapes stored text (a marker payload in every text
# field); every HTML list of applications masks the applicant's name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server
no_intake_limits "$DB"
while IFS= read -r line; do
  case $line in
    "ok "*) ok "${line#ok }" ;;
    "not ok "*) fail "${line#not ok }" ;;
    "exit 0") ;;
    "exit "*) fail "http_walk.py ran to its end (${line})" ;;
    "# "*) echo "$line" ;;
    *) echo "# $line" ;;
  esac
done < <(B=$B DB=$DB python3 "$(dirname "$0")/http_walk.py" 2>&1; echo "exit $?")
finish
