#!/usr/bin/env bash
# Figures people can see (issue 16 item 2): the annual report page's charts
# and the statistics page, read back by tests/e2e/http_stats.py and compared
# with the published report JSON, the report the API computes and plain SQL
# counts over the demo database; 2024's report is published first so the
# year-over-year chart has two years.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; sed 's/^/# /' "$TMP/demo.out"; done_testing; exit 1; }
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
stop_server
[ "${SERVER_STATUS:-1}" = 0 ] && ok "the server stops cleanly" || fail "the server stops cleanly ($SERVER_STATUS)"
check_nogrep "the server ran clean under the sanitizers" "ERROR: AddressSanitizer|runtime error" "$TMP/serve.err"

# ---- the platform: its own page sums every agency, each agency has its page ----
. "$(dirname "$0")/platform_setup.sh"
mv "$DB" "$TMP/demo.db"
platform_db "$TMP/g.db" || { fail "the platform database"; done_testing; exit 1; }
start_server
python3 - "$B" "$TMP/g.db" >"$TMP/plat.tap" 2>&1 <<'PY'
import re, sqlite3, sys, urllib.request
base, dbp = sys.argv[1:3]
db = sqlite3.connect(dbp)
def page(p):
    with urllib.request.urlopen(base + p) as r:
        return r.read().decode("utf-8-sig")
def keyf(html):
    return dict(re.findall(r'<dt>([^<]*)</dt><dd><span class="num">([^<]*)</span>', html))
for year in (2025, 2026):
    html = page(f"/stats?year={year}")
    total = db.execute("SELECT count(*) FROM application WHERE intake <> 'spam' AND substr(received,1,4)=?", (str(year),)).fetchone()[0]
    done = db.execute("SELECT count(*) FROM application WHERE intake <> 'spam' AND substr(concluded,1,4)=?", (str(year),)).fetchone()[0]
    k = keyf(html)
    print(("ok" if k.get("收到申请") == str(total) and k.get("办结") == str(done) else "not ok")
          + f" - platform {year}: received and answered over every agency equal SQL ({k} vs {total}, {done})")
    rows = re.findall(r'<tr><th scope="row"><a href="/([a-z0-9-]+)/stats\?year=\d+">[^<]*</a></th><td>(\d+)</td><td>(\d+)</td>', html)
    want = {c: n for c, n in db.execute("SELECT g.code, count(a.id) FROM agency g LEFT JOIN application a ON a.agency_id = g.id "
                                         "AND a.intake <> 'spam' AND substr(a.received,1,4)=? GROUP BY g.code", (str(year),))}
    got = {c: int(n) for c, n, _ in rows}
    print(("ok" if got == want else "not ok") + f" - platform {year}: one row per agency, received equal SQL ({got} vs {want})")
    print(("ok" if sum(got.values()) == total else "not ok") + f" - platform {year}: the rows add up to the total")
    for code in ("dcq", "xsx"):
        k = keyf(page(f"/{code}/stats?year={year}"))
        print(("ok" if k.get("收到申请") == str(want[code]) else "not ok") + f" - /{code}/stats?year={year}: received {k.get('收到申请')} = {want[code]}")
csv = page("/stats.csv?year=2026")
print(("ok" if csv.startswith("项目,类别,数值") and "收到申请,全年," in csv else "not ok") + " - the platform's CSV")
PY
PY=$?
while IFS= read -r line; do
  case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
    *) echo "# $line" ;;
  esac
done <"$TMP/plat.tap"
[ "$PY" = 0 ] && ok "the platform checker ran to its end" || fail "the platform checker ran to its end (exit $PY)"
done_testing
