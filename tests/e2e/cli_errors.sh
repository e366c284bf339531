#!/usr/bin/env bash
# Every error path of the command line says what and where (issue 14, item 3):
# a table of refused commands, one or more per command group, each with the
# exit status GK_ERRORS gives its error (2 bad input, 1 refused or failed)
# and what the first line of standard error must say. Each row also asserts
# that the message is one line "gongkai: ..." (or the group's usage) with
# text after the place, never empty, never a bare "failed", and that a
# field of the domain is spelled as the option ("--date", "--id-number").
. "$(dirname "$0")/lib.sh"
DB=$TMP/g.db
demo_db "$DB" || fail "demo database"
APP=$("$G" --db "$DB" apply list | awk 'NR==1 {print $1}')
DRAFT=$(sqlite3 "$DB" "SELECT id FROM doc WHERE state = 'draft' LIMIT 1")
PUB=$(sqlite3 "$DB" "SELECT id FROM doc WHERE state = 'published' LIMIT 1")
CASE=$(sqlite3 "$DB" "SELECT MIN(id) FROM review_case")

# exit | pattern the first line of stderr matches (extended regex) | arguments
while IFS='|' read -r want pat args; do
  [ -z "$want" ] && continue
  case $want in \#*) continue ;; esac
  args=${args//@APP@/$APP}; args=${args//@DRAFT@/$DRAFT}; args=${args//@PUB@/$PUB}; args=${args//@CASE@/$CASE}
  eval "set -- $args"
  "$G" --db "$DB" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null; got=$?
  first=$(head -1 "$TMP/err")
  name="$args: exit $want"
  if [ "$got" != "$want" ]; then
    fail "$name (exit $got)"; head -3 "$TMP/err" | sed 's/^/# /'; continue
  fi
  if ! printf '%s\n' "$first" | grep -qE '^(gongkai: .*[^ :]|usage: gongkai .+)$' ||
     printf '%s\n' "$first" | grep -qE '^gongkai: ([^:]*: )?failed$'; then
    fail "$name: a message naming what and where (got '$first')"; continue
  fi
  if ! printf '%s\n' "$first" | grep -qE -- "$pat"; then
    fail "$name: /$pat/ (got '$first')"; continue
  fi
  ok "$name: $first"
done <<'ROWS'
# main and the groups
2|unknown command 'nosuch'|nosuch
2|^usage: gongkai|doc
2|doc: unknown command 'nosuch'|doc nosuch
2|apply: unknown command 'nosuch'|apply nosuch
2|report: unknown (sub)?command 'nosuch'|report nosuch
2|user: unknown (sub)?command 'nosuch'|user nosuch
2|calendar: unknown command 'nosuch'|calendar nosuch
1|agency: no agency with code 'nosuch'|--agency nosuch doc list
# doc
1|no document 99999|doc show 99999
2|doc show: 'abc' is not a document id|doc show abc
2|doc submit: expected the document's ID|doc submit
1|cannot be published|doc publish @DRAFT@
2|doc repeal: --date DATE is required|doc repeal @DRAFT@
2|doc review: unknown option '--decision'|doc review @DRAFT@ --decision maybe
2|--written: '2026-13-01' is not a date|doc add --title x --written 2026-13-01
2|doc add: unknown option '--nosuch'|doc add --nosuch
2|doc search: expected a QUERY|doc search
1|has no attachment 'nosuch.pdf'|doc attachment @PUB@ nosuch.pdf
1|/nonexistent.csv: cannot open|doc import /nonexistent.csv
2|doc withdraw: --reason TEXT is required|doc withdraw @PUB@
2|doc correct: --note TEXT is required|doc correct @PUB@
1|no document 99999|doc edit 99999 --title x
1|/nonexistent: cannot open|doc words --set /nonexistent
# apply: the domain names the field, the command line spells it as the option
2|no application with this number|apply show 2099-00001
2|^gongkai: --received: the receipt date is required|apply register --channel fax
2|^gongkai: --channel: unknown value 'nosuch'|apply register --channel nosuch --received 2026-03-02
2|^gongkai: --days: an extension is 1 to 20 working days|apply extend @APP@ --days 99 --approved-by x --reason y
2|^gongkai: --outcome: unknown outcome 'nosuch'|apply answer @APP@ --outcome nosuch
2|^gongkai: --date: 2099-01-01 is in the future|apply answer @APP@ --outcome granted --date 2099-01-01
2|^gongkai: --kind: 'memo' is not a letter|apply letter @APP@ --kind memo --format pdf -o never.pdf
2|^gongkai: --format: 'doc' is not a document format|apply letter @APP@ --format doc -o never.doc
2|^gongkai: -o: required|apply letter @APP@ --format pdf
2|^gongkai: --id-number: |apply register --channel fax --received 2026-03-02 --kind natural_person --name x --phone 13800000000 --delivery on_site --request y --id-number 12
2|^gongkai: --name: at most 100 characters|apply register --channel fax --received 2026-03-02 --kind natural_person --name xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx --phone 13800000000 --delivery on_site --request y
2|apply supplement: say one of|apply supplement @APP@ --date 2026-12-04
2|apply fee: say one of|apply fee @APP@
# review
2|^gongkai: --kind: missing or unknown case kind|review add --app @APP@
2|^gongkai: --kind: unknown case kind 'nosuch'|review add --app @APP@ --kind nosuch --filed 2026-12-01
2|no such review or litigation case|review close 99999 --result upheld
2|^gongkai: --result: unknown result 'nosuch'|review close @CASE@ --result nosuch
2|^gongkai: --year: 'abc' is not a year|review list --year abc
# report
2|/nonexistent: cannot open|report read /nonexistent
2|/nonexistent: cannot open|report check /nonexistent
2|/nonexistent: cannot open|report render /nonexistent
2|--year: give the reporting year|report generate --year abc
2|--year: .*give the report's year|report status --year 1800
1|须经分管领导签发后才能发布|report publish --year 2025
# user, agency
2|user add: give LOGIN, --name and --role|user add
2|--role: 'nosuch' is not a role|user add x --name y --role nosuch
2|give the password on standard input|user passwd nosuch
2|agency add: give the code and --name|agency add
2|'nosuch' is not a portal detail|agency set nosuch 1
2|web.login_fail_max: '0' is not a whole number|agency set web.login_fail_max 0
# calendar, due, serve
2|'2026-13-01' is not a date in the calendar|calendar add 2026-13-01 5
2|calendar count: expected FROM and TO|calendar count 2026-01-01
2|/nonexistent: cannot open|calendar import /nonexistent
2|^gongkai: --within: 'abc' is not a number|due --within abc
2|^gongkai: --listen: 'nonsense' is not ADDR:PORT|serve --listen nonsense
ROWS
done_testing
