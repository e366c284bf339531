#!/usr/bin/env bash
# Figures people can see (issue 16 item 2): the annual report page's charts
# and the statistics page, read back by tests/e2e/http_stats.py and compared
# with the published report JSON, the report the API computes and plain SQL
# counts over the demo database; 2024's report is published first so the
# year-over-year chart has two years.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
"$G" --db "$DB" demo --quiet >"$TMP/demo.out" 2>&1 || { fail "demo database"; sed 's/^/# /' "$TMP/demo.out"; done_testing; exit 1; }
gk() { "$G" --db "$DB" "$@"; }
check "2024's report is drafted, signed off and published" sh -c "
  '$G' --db '$DB' report draft --year 2024 --overview 2024年度 --actor gongkaiban &&
  '$G' --db '$DB' report signoff --year 2024 --actor lingdao && '$G' --db '$DB' report publish --year 2024 --actor gongkaiban"
start_server
TOKEN=$(own_token gongkaiban stats)
[ -n "$TOKEN" ] && ok "a token for the report API" || fail "a token for the report API"
python3 "$GONGKAI_SRC/tests/e2e/http_stats.py" "$B" "$DB" "$G" "$TOKEN" 2025 2025 2026 >"$TMP/stats.tap" 2>&1
PY=$?
while IFS= read -r line; do
  case $line in
    "ok "*) ok "${line#ok * - }" ;;
    "not ok "*) fail "${line#not ok * - }" ;;
    *) echo "# $line" ;;
  esac
done <"$TMP/stats.tap"
[ "$PY" = 0 ] && ok "the checker ran to its end" || fail "the checker ran to its end (exit $PY)"
check_grep "the statistics page is linked from the reports list" 'href="/stats"' <(curl -s "$B/reports")
done_testing
