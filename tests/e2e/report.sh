#!/usr/bin/env bash
# gongkai report read|check|render|sum on report JSON, workbooks and the seeds.
. "$(dirname "$0")/lib.sh"
D=$GONGKAI_SRC/tests/data/report

# ---- check ---------------------------------------------------------------------
check_status "check: seed-004 figures have errors (exit 1)" 1 "$G" report check "$D/seed004.json"
check_grep "check: R1 in 科研机构" "^$D/seed004.json: R1 error 三/科研机构: .*\(本年新收 1 \+ 上年结转 0 = 1 ≠ 办理结果总计 0 \+ 结转下年度 0 = 0\)$" "$TMP/out"
check_grep "check: R1 in 总计" "R1 error 三/总计: " "$TMP/out"
check_grep "check: R2 in 科研机构" "R2 error 三/科研机构: .*（一）予以公开 1" "$TMP/out"
check_grep "check: R2 in 总计" "R2 error 三/总计: " "$TMP/out"
[ "$(wc -l <"$TMP/out")" -eq 4 ] && ok "check: exactly those four findings" || fail "check: $(wc -l <"$TMP/out") findings, wanted 4"
check_status "check: seed-001 figures are clean (exit 0)" 0 "$G" report check "$D/seed001.json"
[ -s "$TMP/out" ] && fail "check: seed 001 printed findings" || ok "check: seed 001 prints nothing"
check_status "check: several files, one with errors" 1 "$G" report check "$D/seed001.json" "$D/like2019.json" "$D/seed004.json"
check_nogrep "check: the clean files print nothing" "seed001|like2019" "$TMP/out"
check_status "check: the 2008 fixture's cumulative column" 1 "$G" report check "$D/like2008.json"
check_grep "check: L1 in 历年累计" "L1 error 统计表/历年累计/收到申请数" "$TMP/out"
check_status "check --rules lists the rules" 0 "$G" report check --rules
check_grep "check --rules: X2" "^X2 warning" "$TMP/out"

# cross-year: the same agency in 2022 and 2023, carried over wrongly
sed -e 's/"year": 2023/"year": 2022/' -e 's/"carried_out": \[0, 0, 0, 0, 0, 0, 0\]/"carried_out": [2, 0, 0, 0, 0, 0, 2]/' \
  -e 's/"new": \[0, 0, 0, 0, 0, 0, 0\]/"new": [2, 0, 0, 0, 0, 0, 2]/' "$D/seed001.json" >"$TMP/y2022.json"
check_status "check: consecutive years of one agency" 1 "$G" report check "$TMP/y2022.json" "$D/seed001.json"
check_grep "check: X1 on the later year" "seed001.json: X1 error 三/自然人: .*2023年上年结转 0 ≠ 2022年结转下年度继续办理 2" "$TMP/out"
check_nogrep "check: X1 not on the earlier year" "y2022.json: X1" "$TMP/out"
sed -e 's/"agency": *"[^"]*"/"agency": "另一个局"/' "$TMP/y2022.json" >"$TMP/other2022.json"
check_status "check: different agencies are not compared" 0 "$G" report check "$TMP/other2022.json" "$D/seed001.json"

# ---- bad input --------------------------------------------------------------------
check_status "check: a missing file is exit 2" 2 "$G" report check "$TMP/nope.json"
check_grep "check: the error names the file" "^gongkai: $TMP/nope.json: " "$TMP/err"
printf '{"schema":"gongkai.report/1","applications":{"new":[0,0,123456789012345678901234567890,0,0,0,0]}}' >"$TMP/big.json"
check_status "bad JSON: a 30-digit number is exit 2" 2 "$G" report read "$TMP/big.json"
check_grep "bad JSON: error names file and key" "^gongkai: $TMP/big.json: key 'applications.new\[2\]': .*too large" "$TMP/err"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok "bad JSON: one line" || fail "bad JSON: $(wc -l <"$TMP/err") lines"
printf '{"schema":"other/1"}' >"$TMP/schema.json"
check_status "bad JSON: wrong schema" 2 "$G" report render "$TMP/schema.json" --format html
check_grep "bad JSON: names the schema key" "key 'schema'" "$TMP/err"
[ -s "$TMP/out" ] && fail "bad JSON: printed output" || ok "bad JSON: no output"
printf '{"schema":"gongkai.report/1","year":"2023"}' >"$TMP/type.json"
check_status "bad JSON: wrong type" 2 "$G" report check "$TMP/type.json"
check_grep "bad JSON: names the year key" "key 'year': expected a year" "$TMP/err"
check_status "bad JSON: check goes on with the other files" 2 "$G" report check "$TMP/type.json" "$D/seed004.json"
check_grep "bad JSON: the good file is still checked" "R1 error 三/科研机构" "$TMP/out"
printf 'PK\003\004not really a zip' >"$TMP/fake.xlsx"
check_status "bad xlsx is exit 2" 2 "$G" report read "$TMP/fake.xlsx"
check_grep "bad xlsx: names the file" "^gongkai: $TMP/fake.xlsx: not an .xlsx workbook" "$TMP/err"
: >"$TMP/empty.txt"
check_status "an empty file is exit 2" 2 "$G" report check "$TMP/empty.txt"
check_grep "an empty file: one line naming it once" "^gongkai: $TMP/empty.txt: empty file" "$TMP/err"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok "an empty file: one line" || fail "an empty file: $(wc -l <"$TMP/err") lines"
check_status "xlsx into a missing folder is exit 2" 2 "$G" report render "$D/seed001.json" -o "$TMP/no/such/x.xlsx"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && ok "xlsx into a missing folder: one line" || fail "xlsx error: $(cat "$TMP/err")"
[ ! -e "$TMP/no" ] && ok "xlsx into a missing folder: nothing written" || fail "xlsx into a missing folder wrote something"
check_status "unknown subcommand" 2 "$G" report frob
check_status "unknown format" 2 "$G" report render "$D/seed001.json" --format pdf
check_status "report --help" 0 "$G" report --help
check_grep "help names render" "report render FILE" "$TMP/out"

# ---- read ----------------------------------------------------------------------
check_status "read: summary" 0 "$G" report read "$D/seed004.json"
check_grep "read: agency" "机关：新疆维吾尔自治区民政厅" "$TMP/out"
check_grep "read: layout" "格式：2021年版国家格式" "$TMP/out"
check_grep "read: key figures" "本年新收 1，上年结转 0，办理结果总计 0" "$TMP/out"
check_grep "read: problems counted" "检查：4 个错误，0 个警告" "$TMP/out"
check_status "read --json: one object" 0 "$G" report read --json "$D/seed004.json"
cp "$TMP/out" "$TMP/j1"
check "read --json: valid, with findings" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="gongkai.report/1" and len(d["problems"])==4' "$TMP/j1"
check_status "read --json: several files" 0 "$G" report read --json "$D/seed004.json" "$D/like2019.json" "$D/narrative.json"
cp "$TMP/out" "$TMP/j3"
check "read --json: an array of three" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["layout"] for x in d]==["2021","2019","narrative"]' "$TMP/j3"

# ---- render ----------------------------------------------------------------------
for f in seed004 like2019 like2008 narrative; do
  for fmt in txt md html json; do
    check_status "render $f --format $fmt" 0 "$G" report render "$D/$f.json" --format $fmt -o "$TMP/$f.$fmt"
  done
  check_status "render $f to xlsx" 0 "$G" report render "$D/$f.json" -o "$TMP/$f.xlsx"
  # round trip through JSON and the workbook: the same JSON comes back
  "$G" report render "$D/$f.json" --format json >"$TMP/$f.a.json"
  "$G" report render "$TMP/$f.json" --format json | sed "s#$TMP/$f.json#X#" >"$TMP/$f.b.json"
  check "render $f: JSON round trip" cmp "$TMP/$f.a.json" "$TMP/$f.b.json"
  "$G" report render "$TMP/$f.xlsx" --format json >"$TMP/$f.c.json"
  check "render $f: xlsx round trip" cmp "$TMP/$f.a.json" "$TMP/$f.c.json"
done
check_grep "render html: A4" "@page\{size:A4" "$TMP/seed004.html"
check_grep "render txt: the seed-001 style" "^行政许可 \| 9 \| 342 \| 12 \|$" "$TMP/seed004.txt"
check_grep "render md: a header row" "^\| 项目 \|" "$TMP/seed004.md"
[ ! -e "$TMP/seed004.xlsx.tmp" ] && ok "render xlsx: no temporary file left" || fail "render xlsx: temporary file left"
check_status "render: format from the extension" 0 "$G" report render "$D/seed001.json" -o "$TMP/x.html"
check_grep "render: .html means HTML" "<!DOCTYPE html>" "$TMP/x.html"
check_status "render: txt to stdout by default" 0 "$G" report render "$D/seed001.json"
check_grep "render: stdout txt" "^行政许可 \| 92 \| \|\|$" "$TMP/out"
check_status "render: xlsx to a pipe" 0 sh -c "\"$G\" report render \"$D/seed001.json\" --format xlsx | cat >\"$TMP/pipe.xlsx\""
check "render: the piped workbook reads back" "$G" report read "$TMP/pipe.xlsx"

# ---- the seeds: what gongkai renders, it reads back (every format) ----------------
if [ -d "$SEEDS" ]; then
  check_status "check: seed 004 has its real errors" 1 "$G" report check "$SEEDS"/004_*
  check_grep "check: seed 004 R1 科研机构" "R1 error 三/科研机构: " "$TMP/out"
  check_grep "check: seed 004 R1 总计" "R1 error 三/总计: " "$TMP/out"
  check_grep "check: seed 004 R2 科研机构" "R2 error 三/科研机构: " "$TMP/out"
  check_grep "check: seed 004 R2 总计" "R2 error 三/总计: " "$TMP/out"
  [ "$(grep -c ' error ' "$TMP/out")" -eq 4 ] && ok "check: seed 004 has exactly four errors" || fail "check: seed 004 errors: $(grep -c ' error ' "$TMP/out")"
  check_status "check: seed 001 is clean" 0 "$G" report check "$SEEDS"/001_*
  [ -s "$TMP/out" ] && fail "check: seed 001 printed findings" || ok "check: seed 001 prints nothing"
  check_status "check: all five seeds" 1 "$G" report check "$SEEDS"/*
  check_nogrep "check: only seed 004 has errors" "^[^:]*/00[0-3][^:]*: [A-Z][0-9] error" "$TMP/out"
  for s in "$SEEDS"/*; do
    n=$(basename "$s"); n=${n%%_*}
    "$G" report render "$s" --format json >"$TMP/s$n.json"
    for fmt in txt md html xlsx json; do
      "$G" report render "$s" --format $fmt -o "$TMP/s$n.$fmt" &&
        "$G" report render "$TMP/s$n.$fmt" --format json >"$TMP/s$n.$fmt.json" 2>"$TMP/err"
      check "seed $n: rendered as $fmt, read back the same" python3 -c '
import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
if sys.argv[3] != "json":   # the reader'"'"'s own notes on the seed do not come back
    a["problems"]=[p for p in a["problems"] if p["rule"]!="READ"]
assert a==b, [k for k in a if a[k]!=b.get(k)]' "$TMP/s$n.json" "$TMP/s$n.$fmt.json" $fmt
    done
  done
  # ---- issue 12: the seeds as they are found: cells run together, one line ----------
  for s in "$SEEDS"/001_* "$SEEDS"/000_*; do
    n=$(basename "$s"); n=${n%%_*}
    "$G" report read --json "$s" >"$TMP/c$n.json"
    tr -d ' |\t\n' <"$s" >"$TMP/one$n.txt"
    check_status "seed $n on one line: read (exit 0)" 0 "$G" report read --json "$TMP/one$n.txt"
    cp "$TMP/out" "$TMP/o$n.json"
    check "seed $n on one line: the same figures" python3 -c '
import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
for d in (a,b): d.pop("problems")
assert a==b, [k for k in a if a[k]!=b.get(k)]' "$TMP/c$n.json" "$TMP/o$n.json"
    check_status "seed $n on one line: report check finds what it finds on the seed" 0 "$G" report check "$TMP/one$n.txt"
  done
  # a table cut off: the rest is read, the cut cells are null, exit 1 with the JSON
  awk '/1.属于国家秘密/{print "(三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0"; exit} {print}' "$SEEDS"/001_* >"$TMP/cut.txt"
  check_status "read: a cut-off table is exit 1" 1 "$G" report read --json "$TMP/cut.txt"
  cp "$TMP/out" "$TMP/cut.json"
  check "read: the cut file still prints its JSON" python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["year"]==2023 and d["proactive"]["licensing"]["decisions"]==92
assert any(p["rule"]=="READ" and p["severity"]=="error" for p in d["problems"])' "$TMP/cut.json"
else
  echo "# no seeds found: seed checks left out"
fi
printf '这是一份会议通知，不是年度报告。\n请各单位于周五前报送材料。\n' >"$TMP/notice.txt"
check_status "read: a text that is no report is exit 2" 2 "$G" report read "$TMP/notice.txt"
check_grep "read: the refusal names the file" "^gongkai: $TMP/notice.txt: " "$TMP/err"
printf '\xff\xff\xff\xff' >"$TMP/gbk.txt"   # no encoding has these bytes
check_status "read: bytes of no encoding are exit 2" 2 "$G" report read "$TMP/gbk.txt"
check_grep "read: the refusal names the file" "^gongkai: $TMP/gbk.txt" "$TMP/err"

# ---- sum ---------------------------------------------------------------------------
sed -e 's/"agency": *"[^"]*"/"agency": "乙局"/' "$D/seed004.json" >"$TMP/b.json"
sed -e 's/"agency": *"[^"]*"/"agency": "甲局"/' -e 's/"year": *2023/"year": 2021/' "$D/seed001.json" >"$TMP/a.json"
check_status "sum: two agencies (the sum keeps seed 004's errors)" 1 "$G" report sum "$TMP/a.json" "$TMP/b.json"
cp "$TMP/out" "$TMP/sum.json"
check "sum: JSON of the sum" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["agency"]=="2个机关合计" and d["applications"]["new"][2]==1 and d["proactive"]["licensing"]["decisions"]==104' "$TMP/sum.json"
check_grep "sum: findings on stderr" "^sum: R1 error 三/科研机构" "$TMP/err"
check_status "sum: --name and --format html" 1 "$G" report sum "$TMP/a.json" "$TMP/b.json" --name "某市民政系统" --format html -o "$TMP/sum.html"
check_grep "sum: named" "<h1>某市民政系统2021年政府信息公开工作年度报告</h1>" "$TMP/sum.html"
check_status "sum: mixed years refused" 2 "$G" report sum "$TMP/a.json" "$TMP/b.json" "$D/seed001.json"
check_grep "sum: names the odd file" "^gongkai: $D/seed001.json: reporting year 2023, but the other reports are for 2021" "$TMP/err"
sed -e 's/"year": 2020/"year": 2018/' -e 's/"agency": *"[^"]*"/"agency": "丙局"/' "$D/like2019.json" >"$TMP/c2018.json"
check_status "sum: mixed layouts refused" 2 "$G" report sum "$D/like2008.json" "$TMP/c2018.json"
check_grep "sum: names the odd layout" "^gongkai: $TMP/c2018.json: layout 2019, but the other reports use the 2008 layout" "$TMP/err"
check_status "sum --csv" 1 "$G" report sum --csv "$TMP/a.json" "$TMP/b.json"
check_grep "sum --csv: header" "^机关,年度,格式,本年新收申请" "$TMP/out"
check_grep "sum --csv: a row per agency" "^乙局,2021,2021,1,0,0,0,1,0,0,0,,5,2,62,12,15,0,0,4,0," "$TMP/out"
check_grep "sum --csv: the total row" "^2个机关合计,2021," "$TMP/out"
cp "$TMP/out" "$TMP/s0.csv"
check "sum --csv: parses as CSV" python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8",newline=""))); assert len(r)==4 and all(len(x)==len(r[0]) for x in r)' "$TMP/s0.csv"
check_status "sum --csv --bom" 1 "$G" report sum --csv --bom "$TMP/a.json" "$TMP/b.json" -o "$TMP/s.csv"
check "sum --csv --bom: starts with a BOM" sh -c "head -c 3 \"$TMP/s.csv\" | od -An -tx1 | grep -q 'ef bb bf'"
check_status "sum: --bom without --csv" 2 "$G" report sum --bom "$TMP/a.json"
done_testing
