#!/usr/bin/env bash
# Long work shows progress (issue 16, item 11): a 20,000-row `doc import`,
# `doc reindex` of 3,000 documents and `report generate`, run
# on a pseudo-terminal (Python's pty module) rewrite one line with \r
# (done / total, rate, time left); with standard error in a file they write
# plain lines instead (`report sum` of 24 reports too); the console imports a 20,000-row CSV in the
# background while a progress page that reloads itself (meta refresh, no
# script) shows it advancing, polled here until it says done. The size is
# issue 16's ("a 20,000-row import shows progress on a terminal and in the
# console"); the reindex and the log-mode import use 3,000.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
N=20000
# gen N PUBLISHED: a catalogue of N rows, with the publication date or (drafts) without
gen() {
  python3 - "$1" "$2" <<'PYEOF'
import sys
n, pub = int(sys.argv[1]), sys.argv[2] == "1"
print("标题,文号,发文机关,成文日期,发布日期,正文")
for i in range(n):
    y = 2001 + i % 24; m = 1 + i % 12; d = 1 + i % 28
    date = f"{y}-{m:02d}-{d:02d}"
    print(f"关于第{i + 1}批养老服务机构名录的通知,青民导〔{y}〕{i + 1}号,青川市民政局,{date}," + (date if pub else "")
          + f",现将第{i + 1}批养老服务机构名录予以公布，请遵照执行。")
PYEOF
}
gen $N 1 >"$TMP/pub.csv"
gen $N 0 >"$TMP/draft.csv"
gen 3000 1 >"$TMP/small.csv"

# on_pty OUT STDOUT CMD...: runs CMD with standard error on a pseudo-terminal
# (kept in OUT), standard output in STDOUT; exits as CMD.
on_pty() {
  python3 - "$@" <<'PYEOF'
import os, pty, subprocess, sys
out, so = sys.argv[1:3]
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[3:], stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
chunks = []
while True:
    try:
        b = os.read(master, 65536)
    except OSError:
        break
    if not b:
        break
    chunks.append(b)
rc = p.wait()
open(out, "wb").write(b"".join(chunks))
open(so, "wb").write(p.stdout.read())
sys.exit(rc)
PYEOF
}

# ---- the command line on a terminal ----
export GONGKAI_DB=$TMP/cli.db
"$G" agency add qc --name 青川市民政局 --org-code 11510000008765432X >/dev/null || fail "agency add"
on_pty "$TMP/pty.out" "$TMP/pty.stdout" "$G" doc import "$TMP/pub.csv" --publish
check "the $N-row import on a terminal succeeds" test $? -eq 0
check_grep "it says what it imported" "已导入 $N 份文件" "$TMP/pty.stdout"
tr '\r' '\n' <"$TMP/pty.out" >"$TMP/pty.lines"
check_grep "the progress line is rewritten with carriage returns" $'\r' "$TMP/pty.out"
check_grep "it gives done / total and the percentage" "^导入 [0-9]+/$N（[0-9.]+%）" "$TMP/pty.lines"
check_grep "the rate" "[0-9]+份/秒" "$TMP/pty.lines"
check_grep "and the time left" "剩余约[0-9]+(秒|分)" "$TMP/pty.lines"
check_grep "it ends at $N/$N" "^导入 $N/$N（100.0%）" "$TMP/pty.lines"
n=$(grep -oE "^导入 [0-9]+/$N" "$TMP/pty.lines" | sort -u | wc -l)
check "it advanced through many values ($n)" test "$n" -ge 5
check_nogrep "no plain log lines on a terminal" "^gongkai: 导入" "$TMP/pty.lines"

# ---- the command line into a log ----
export GONGKAI_DB=$TMP/log.db
"$G" agency add qc --name 青川市民政局 --org-code 11510000008765432X >/dev/null || fail "agency add"
check_status "an import with standard error in a file" 0 "$G" doc import "$TMP/small.csv" --publish
check_nogrep "no carriage returns in a log" $'\r' "$TMP/err"
check_grep "plain lines with done / total" "^gongkai: 导入 [0-9]+/3000（" "$TMP/err"
check_grep "the last one complete" "^gongkai: 导入 3000/3000（100.0%）" "$TMP/err"
n=$(wc -l <"$TMP/err")
check "a few lines, not one per row ($n)" test "$n" -le 40
# reindexing the 3,000 documents: the sample, the count, each agency
on_pty "$TMP/re.out" "$TMP/re.stdout" "$G" doc reindex
check "doc reindex on a terminal succeeds" test $? -eq 0
check_grep "and says what it mined" "^frequent strings: [0-9]+ kept .* of 3000 documents" "$TMP/re.stdout"
tr '\r' '\n' <"$TMP/re.out" >"$TMP/re.lines"
check_grep "its progress line is rewritten with carriage returns" $'\r' "$TMP/re.out"
for phase in 取样 计数 按机关计数; do
  check_grep "reindex shows the $phase to 3000/3000" "^$phase 3000/3000（100.0%）" "$TMP/re.lines"
done
# (a terminal line is rewritten at most every 100 ms, so how many values show
# depends on the machine's speed: the start and the end always do; the rate
# shows once time has passed, which the 20,000-row import above checks)
n=$(grep -oE "^计数 [0-9]+/3000" "$TMP/re.lines" | sort -u | wc -l)
check "the count advanced from its start to its end ($n values)" test "$n" -ge 2
on_pty "$TMP/gen.out" "$TMP/gen.stdout" "$G" report generate --year 2024 --format txt
check "report generate on a terminal succeeds" test $? -eq 0
tr '\r' '\n' <"$TMP/gen.out" >"$TMP/gen.lines"
check_grep "it shows its steps" "^生成年报：统计依申请公开（表三、表四） 0/4" "$TMP/gen.lines"
check_grep "to the end" "^生成年报：完成 4/4（100.0%）" "$TMP/gen.lines"
check_grep "the report itself on standard output" "2024年政府信息公开工作年度报告" "$TMP/gen.stdout"

"$G" report collect "$SEEDS" >"$TMP/out" 2>"$TMP/err"
check_grep "report collect reports its progress in a log too" "^gongkai: 读取 ([0-9]+)/\1（100.0%）" "$TMP/err"
"$G" report generate --year 2024 --format json >"$TMP/r.json" 2>"$TMP/err"
check_grep "report generate in a log: plain lines" "^gongkai: 生成年报：完成 4/4（100.0%）" "$TMP/err"
for i in $(seq 1 24); do sed "s/\"agency\": \"[^\"]*\"/\"agency\": \"第${i}局\"/" "$TMP/r.json" >"$TMP/r$i.json"; done
"$G" report sum "$TMP"/r[0-9]*.json >"$TMP/sum.json" 2>"$TMP/err"
check_grep "report sum of 24 reports shows its reading in a log" "^gongkai: 读取年报 24/24（100.0%）" "$TMP/err"
"$G" report sum "$TMP/r1.json" "$TMP/r2.json" >"$TMP/sum.json" 2>"$TMP/err"
check_nogrep "two reports are quick: no progress" "读取年报" "$TMP/err"

# ---- the console ----
start_server
login xinxiyuan
as xinxiyuan GET /console/docs
check_body "the documents page offers the import" 'href="/console/docs/import"'
as xinxiyuan GET /console/docs/import
check_code "the import form" 200
check_body "it takes a CSV file" 'type="file" id="f-file" name="file"'
printf '标题,文号\n只有标题,\n' >"$TMP/bad.csv"
as xinxiyuan POST "/console/docs/import?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/bad.csv;type=text/csv"
check_code "a bad file is refused whole" 422
check_body "listing its rows" "第[0-9]+行"
as xinxiyuan POST "/console/docs/import?csrf=$(csrf_of xinxiyuan)" -F "file=@$TMP/draft.csv;type=text/csv"
check_code "the $N-row CSV is taken" 303
JOB=$(sed -n 's#^[Ll]ocation: .*/console/docs/import/\([0-9a-f]*\).*#\1#p' "$TMP/hdr" | tr -d '\r')
check "it points to a progress page" test -n "$JOB"
seen_mid=0; seen_refresh=0; done_=0; vals=""
for i in $(seq 1 4500); do   # at most 15 minutes
  as xinxiyuan GET "/console/docs/import/$JOB"
  [ "$CODE" = 200 ] || break
  if grep -q '导入完成：' "$TMP/body"; then done_=1; cp "$TMP/body" "$TMP/final"; break; fi
  grep -q '<meta http-equiv="refresh" content="1">' "$TMP/body" && seen_refresh=1
  v=$(grep -o "<progress max=\"$N\" value=\"[0-9]*\"" "$TMP/body" | sed 's/.*value="//;s/"//')
  if [ -n "$v" ] && [ "$v" -gt 0 ] && [ "$v" -lt "$N" ]; then seen_mid=1; vals="$vals $v"; cp "$TMP/body" "$TMP/mid"; fi
  sleep 0.2
done
check "the page reloads itself while the import runs (meta refresh)" test "$seen_refresh" -eq 1
check "it showed the import part way ($(echo $vals | wc -w) readings)" test "$seen_mid" -eq 1
[ -f "$TMP/mid" ] && check_grep "with done / total, rate and time left" "导入</strong> [0-9]+/$N（[0-9.]+%），每秒[0-9]+份(，剩余约[0-9]+秒)?" "$TMP/mid"
[ -f "$TMP/mid" ] && check_nogrep "and no script" "<script" "$TMP/mid"
check "the page says when it is done" test "$done_" -eq 1
[ -f "$TMP/final" ] && check_grep "with what it imported" "已导入 $N 份文件（草稿" "$TMP/final"
[ -f "$TMP/final" ] && check_nogrep "the finished page no longer reloads" 'http-equiv="refresh"' "$TMP/final"
sqlite3 "$DB" "SELECT COUNT(*) FROM doc WHERE docno LIKE '青民导%'" >"$TMP/n"
check_grep "the $N drafts are in the database" "^$N$" "$TMP/n"
as xinxiyuan GET /console/docs/import/0123456789abcdef0123456789abcdef
check_code "an unknown job is 404" 404
stop_server
done_testing
