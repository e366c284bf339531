#!/usr/bin/env bash
# gongkai calendar: add, count, show, import, export, and their errors.
. "$(dirname "$0")/lib.sh"
# imported years go to this database; add/count/show read it when it exists
export GONGKAI_DB="$TMP/calendar.db"

# check_out NAME WANT COMMAND...: exits 0 and prints exactly WANT
check_out() {
  local n=$1 want=$2; shift 2
  local got
  got=$("$@" 2>"$TMP/err"); local rc=$?
  if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then ok "$n"; else fail "$n (exit $rc, printed '$got', wanted '$want')"; sed 's/^/# /' "$TMP/err" | head -5; fi
}
# check_err NAME PATTERN COMMAND...: exits 2 with one stderr line matching PATTERN, nothing on stdout
check_err() {
  local n=$1 pat=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"; local rc=$?
  if [ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -qE -- "$pat" "$TMP/err" && [ ! -s "$TMP/out" ]; then
    ok "$n"
  else
    fail "$n (exit $rc)"; sed 's/^/# /' "$TMP/err" | head -5; sed 's/^/# out: /' "$TMP/out" | head -5
  fi
}

# add / count: deadlines over the holidays
check_out "20 working days from a Friday receipt" 2024-03-29 "$G" calendar add 2024-03-01 20
check_out "Saturday receipt gives the same deadline" 2024-03-29 "$G" calendar add 2024-03-02 20
check_out "--same-day counts the receipt day" 2024-03-28 "$G" calendar add --same-day 2024-03-01 20
check_out "across the 2024 Spring Festival" 2024-03-14 "$G" calendar add 2024-02-09 20
check_out "onto a make-up Sunday" 2024-02-18 "$G" calendar add 2024-02-09 1
check_out "2020 extended Spring Festival" 2020-02-03 "$G" calendar add 2020-01-23 1
check_out "N = 0 gives the date" 2024-02-10 "$G" calendar add 2024-02-10 0
check_out "also 2024年2月9日" 2024-02-18 "$G" calendar add 2024年2月9日 1
check_out "count over National Day 2024" 5 "$G" calendar count 2024-09-27 2024-10-10
check_out "count backwards is 0" 0 "$G" calendar count 2024-10-10 2024-09-27
check_out "count across years" 251 "$G" calendar count 2023-12-31 2024-12-31

# errors: exit 2, one line
check_out "date in a provisional year" 2027-01-18 "$G" calendar add 2026-12-20 20
check_out "date in a provisional year after liblunar-date's table" 2101-01-17 "$G" calendar add 2100-12-20 20
check_out "date after the last calendar year: Monday to Friday" 2200-01-17 "$G" calendar add 2199-12-20 20
check_err "date before the known years" '^gongkai: calendar add: .*2003' "$G" calendar add 2003-05-06 3
check_err "count before the known years" '^gongkai: calendar count: .*2003' "$G" calendar count 2003-03-01 2004-01-10
check_err "bad date" "^gongkai: calendar add: DATE: '2024-02-30' is not a date" "$G" calendar add 2024-02-30 1
check_err "not a date" "not a date" "$G" calendar count 2024-01-01 tomorrow
check_err "bad N" "^gongkai: calendar add: N: 'x'" "$G" calendar add 2024-03-01 x
check_err "negative N" "N: '-1'" "$G" calendar add 2024-03-01 -1
check_err "N with a fraction" "N: '1.5'" "$G" calendar add 2024-03-01 1.5
check_err "missing N" "expected DATE and N" "$G" calendar add 2024-03-01
check_err "unknown option" "unknown option '--bogus'" "$G" calendar add --bogus 2024-03-01 1
check_err "unknown subcommand" "unknown command 'frob'" "$G" calendar frob
check_status "no subcommand is a usage error" 2 "$G" calendar

# help
for sub in add count show import export; do
  check_status "calendar $sub --help" 0 "$G" calendar $sub --help
  check_grep "calendar $sub --help shows usage" "^usage: gongkai calendar $sub" "$TMP/out"
done
check_status "calendar --help" 0 "$G" calendar --help
check_grep "calendar --help lists import" '^  import FILE' "$TMP/out"

# show
check_status "show 2024" 0 "$G" calendar show 2024
check_grep "show: Spring Festival with its make-up days" '^春节：2月10日（周六）至17日（周六）放假，共8天；2月4日（周日）、2月18日（周日）上班$' "$TMP/out"
check_grep "show: working days in the year" '^全年工作日251天$' "$TMP/out"
check_status "show 2020" 0 "$G" calendar show 2020
check_grep "show: the extended 2020 Spring Festival" '^春节：1月24日（周五）至2月2日（周日）放假，共10天；1月19日（周日）上班$' "$TMP/out"
check_status "show 2023" 0 "$G" calendar show 2023
check_grep "show: 中秋 and 国庆 in one period" '^中秋、国庆节：9月29日（周五）至10月6日（周五）放假，共8天' "$TMP/out"
check_err "show a year before the known ones" 'no working-day calendar for 2003' "$G" calendar show 2003
check_err "show a year beyond every calendar" 'YEAR: 2200 is outside the years a calendar holds \(1949–2199\)' "$G" calendar show 2200
check_status "show a provisional year after liblunar-date's table" 0 "$G" calendar show 2101
check_grep "show 2101: 春节 from the ICU table (除夕 and 初一–初三)" '^春节：1月28日（周五）至31日（周一）放假，共4天$' "$TMP/out"
check_status "show a provisional year" 0 "$G" calendar show 2030
check_grep "show: provisional, with the decree" '^2030年：暂定日历.*国务院令第795号' "$TMP/out"
check_grep "show: provisional Spring Festival (除夕 and 初一–初三)" '^春节：2月2日（周六）至5日（周二）放假，共4天$' "$TMP/out"
check_err "show a bad year" 'expected a YEAR' "$G" calendar show 20x4

# import: a year's notice as .ics, then used with --with
cat >"$TMP/2027.ics" <<'ICS'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//gongkai e2e//CN
BEGIN:VEVENT
UID:1
DTSTART;VALUE=DATE:20270101
DTEND;VALUE=DATE:20270104
SUMMARY:元旦 放假
END:VEVENT
BEGIN:VEVENT
UID:2
DTSTART;VALUE=DATE:20270206
DTEND;VALUE=DATE:20270214
SUMMARY:春节 放假
END:VEVENT
BEGIN:VEVENT
UID:3
DTSTART;VALUE=DATE:20270214
SUMMARY:春节 补班
END:VEVENT
BEGIN:VEVENT
UID:4
DTSTART;VALUE=DATE:20271001
DTEND;VALUE=DATE:20271008
SUMMARY:国庆节 假期
END:VEVENT
END:VCALENDAR
ICS
check_status "import --dry-run" 0 "$G" calendar import --dry-run "$TMP/2027.ics"
check_grep "dry run reports the year" '2027年：放假18天，调休上班1天；取代该年的暂定日历' "$TMP/out"
check_status "import without --apply" 0 "$G" calendar import "$TMP/2027.ics"
check_grep "import without --apply is a preview" '仅预览，未存入' "$TMP/out"
check_out "a preview stores nothing" 2027-01-18 "$G" calendar add 2026-12-20 20
check_status "import a .ics" 0 "$G" calendar import --apply "$TMP/2027.ics"
check_grep "import reports the year" '2027年：放假18天，调休上班1天；取代该年的暂定日历' "$TMP/out"
check_grep "import reports the known years" '已存入数据库 .*已知年份：2004–2027' "$TMP/out"
check_out "the imported year is kept" 2027-01-18 "$G" calendar add 2026-12-20 20
check_out "count into the imported year" 14 "$G" calendar count 2026-12-20 2027-01-08
check_status "show the imported year" 0 "$G" calendar show 2027
check_grep "show: imported Spring Festival" '^春节：2月6日（周六）至13日（周六）放假，共8天；2月14日（周日）上班$' "$TMP/out"
check_status "show the sources" 0 "$G" calendar show
check_grep "show: imported years named" '已知年份：2004–2027' "$TMP/out"
check_status "export includes the imported year" 0 "$G" calendar export 2027
check_grep "export: imported make-up day" '^2027-02-14	workday	春节$' "$TMP/out"
check_status "import again" 0 "$G" calendar import --apply "$TMP/2027.ics"
check_grep "import again changes nothing" '日历已有该年的通知，工作日改变0天' "$TMP/out"
check_out "add with the imported year" 2027-01-18 "$G" calendar add --with "$TMP/2027.ics" 2026-12-20 20
check_out "over the imported Spring Festival" 2027-02-14 "$G" calendar add --with "$TMP/2027.ics" 2027-02-05 1

# import: .tsv, exported and read back
check_status "export 2024" 0 "$G" calendar export 2024
cp "$TMP/out" "$TMP/2024.tsv"
check_grep "export lines" '^2024-02-04	workday	春节$' "$TMP/2024.tsv"
check_status "import the export" 0 "$G" calendar import --apply "$TMP/2024.tsv"
check_grep "import: same as built in" '2024年：放假.*工作日改变0天' "$TMP/out"

# import errors: file:line, exit 2, nothing loaded
printf '2027-05-01\tholiday\t劳动节\n2027-05-03\tworkday\t劳动节\n' >"$TMP/bad.tsv"
check_err "tsv: make-up day on a weekday" "^gongkai: .*bad.tsv:2: 2027-05-03 is a Monday" "$G" calendar import --apply "$TMP/bad.tsv"
printf '2027-05-01\tholiday\n2027-02-29\tholiday\n' >"$TMP/bad2.tsv"
check_err "tsv: bad date" "bad2.tsv:2: '2027-02-29' is not a date" "$G" calendar import --apply "$TMP/bad2.tsv"
printf '2027-05-01\tfeast\n' >"$TMP/bad3.tsv"
check_err "tsv: bad kind" "bad3.tsv:1: 'feast' is not a kind of day" "$G" calendar import --apply "$TMP/bad3.tsv"
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270501T080000Z\nSUMMARY:劳动节 假\nEND:VEVENT\nEND:VCALENDAR\n' >"$TMP/bad.ics"
check_err "ics: date-time" "bad.ics:3: DTSTART is a date-time" "$G" calendar import --apply "$TMP/bad.ics"
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270501\nSUMMARY:团建\nEND:VEVENT\nEND:VCALENDAR\n' >"$TMP/bad2.ics"
check_err "ics: summary neither 休/假 nor 班" "bad2.ics:4: SUMMARY '团建'" "$G" calendar import --apply "$TMP/bad2.ics"
check_err "import a missing file" "nope.tsv: cannot open" "$G" calendar import --apply "$TMP/nope.tsv"
check_err "--with a bad file" "bad.tsv:2" "$G" calendar add --with "$TMP/bad.tsv" 2024-03-01 1
check_err "import needs a file" "expected one FILE" "$G" calendar import
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20280429\nDTEND;VALUE=DATE:20280503\nSUMMARY:劳动节 假\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20280430\nSUMMARY:补班\nEND:VEVENT\nEND:VCALENDAR\n' >"$TMP/2028.ics"
check_err "ics: holiday and make-up day on one date" "2028.ics:7: 2028-04-30 is a make-up working day here but a holiday in the VEVENT of line 2" "$G" calendar import --apply "$TMP/2028.ics"
check_status "a refused import stores nothing" 0 "$G" calendar show 2028
check_grep "a refused import stores nothing: 2028 still provisional" '^2028年：暂定日历' "$TMP/out"
done_testing
