#!/usr/bin/env bash
# `report collect` as a supervising office runs it: a folder of 200 reports
# (tests/e2e/collect_make.py: 2021, 2019 and 2008 layouts, each its own
# agency) in every form they are found in — JSON, text, HTML, xlsx, Word,
# PDF printed by Chromium, cells run together, one line, labels run on —
# plus reports with table 三 or 四 cut away (partial), the same report twice,
# the same agency and year with other figures, and files that are no report
# (unreadable). Each file's status must be the reader's own (`report read`
# exits 0, 1, 2 for 完整, 部分, 无法读取), the counts and sums add up, and the
# CSV and XLSX hold every agency once. (200 keeps every form and every kind
# of bad file; GONGKAI_COLLECT_N=500 for the folder of 500 this test used
# before issue 14 cut the time of make test.)
. "$(dirname "$0")/lib.sh"
S=$GONGKAI_SRC
N=${GONGKAI_COLLECT_N:-200}
W=$TMP/office
I=$W/in
mkdir -p "$W/pdf" "$I"/{json,xlsx,pdf,bad}
python3 "$S/tests/e2e/collect_make.py" plan "$S/tests/data/report" "$W" "$N" || fail "collect_make.py plan"

# ---- the forms: gongkai renders each base with its figures numbered, and xlsx ----
for b in seed004 like2019 like2008; do
  for e in txt html; do "$G" report render "$W/tpl/$b.json" --format $e -o "$W/tpl/$b.$e" || fail "render $b as $e"; done
done
while IFS=$'\t' read -r name form other base; do
  case $form in
    json) cp "$W/json/$name.json" "$I/json/" ;;
    xlsx) "$G" report render "$W/json/$name.json" --format xlsx -o "$I/xlsx/$name.xlsx" || fail "render $name as xlsx" ;;
  esac
done <"$W/plan.tsv"
python3 "$S/tests/e2e/collect_make.py" forms "$W" || fail "collect_make.py forms"
npdf=$(grep -c $'\tpdf\t' "$W/plan.tsv")
if command -v chromium >/dev/null && [ "$npdf" -gt 0 ]; then
  timeout 600 python3 "$S/tests/browser/print_pdf.py" --paper a4 "$W/pdf" "$W"/html/*.pdf.html >"$TMP/print.log" 2>&1 \
    || { fail "Chromium printed no PDF"; tail -5 "$TMP/print.log" | sed 's/^/# /'; }
  for f in "$W"/pdf/*.pdf.a4.pdf; do [ -f "$f" ] && mv "$f" "$I/pdf/$(basename "$f" .pdf.a4.pdf).pdf"; done
else
  echo "# SKIP PDF: chromium is not installed; the $npdf PDF reports are HTML instead"
  for f in "$W"/html/*.pdf.html; do [ -f "$f" ] && cp "$f" "$I/html/$(basename "$f" .pdf.html).html"; done
fi
# files that are no report: the reader refuses each, naming the file and the place
head -c 3000 /dev/urandom >"$I/bad/random.pdf"
printf '这是一份会议纪要，与年度报告无关。\n' >"$I/bad/notes.txt"
src=$(ls "$I"/pdf/*.pdf "$I"/docx/*.docx 2>/dev/null | head -1); ext=${src##*.}
head -c $(($(stat -c %s "$src") / 2)) "$src" >"$I/bad/truncated.$ext"
python3 "$S/tests/e2e/docx_make.py" bomb-ratio "$I/bad/bomb.docx"
printf '\x80\x80\xff\xfe\xff\x80 \xa1' >"$I/bad/badenc.txt"
: >"$I/bad/empty.html"
nbad=$(ls "$I/bad" | wc -l)
total=$(find "$I" -type f | wc -l)
[ "$total" -eq $((N + nbad)) ] && ok "$total files in the folder ($N reports, $nbad no report)" \
  || fail "$total files in the folder, wanted $((N + nbad))"

# ---- the run ----
check_status "collect: exit 1 (partial and unreadable files, conflicts)" 1 "$G" report collect "$I" \
  -o "$W/sum.json" --csv "$W/all.csv" --xlsx "$W/all.xlsx"
cp "$TMP/out" "$W/collect.out"; cp "$TMP/err" "$W/collect.err"
rows=$(grep -c "^$I/" "$W/collect.out")
[ "$rows" -eq "$total" ] && ok "collect: one row per file ($rows)" || fail "collect: $rows rows for $total files"

# every row's status is the reader's own: report read exits 0 / 1 / 2
python3 - "$W/collect.out" "$I" >"$W/status.tsv" <<'PY'
import sys
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith(sys.argv[2] + "/"):
        continue
    c = line.rstrip("\n").split(" | ")
    st = c[4]
    print(c[0], 0 if st == "完整" else 1 if st.startswith("部分") else 2 if st.startswith("无法读取") else 9, sep="\t")
PY
# (the files read in full in one run of report read, the others one by one)
awk -F'\t' '$2 == 0 {print $1}' "$W/status.tsv" >"$W/full.lst"
if [ -s "$W/full.lst" ]; then
  xargs -d '\n' "$G" report read <"$W/full.lst" >/dev/null 2>"$TMP/rerr"; got=$?
  [ $got -eq 0 ] && ok "report read: the $(wc -l <"$W/full.lst") files collect calls 完整 read in full" \
    || { fail "report read of the files collect calls 完整 exits $got"; head -5 "$TMP/rerr" | sed 's/^/# /'; }
fi
# (partial and unreadable: the unreadable, the cut and every fifth of the others, one by one)
bad=0
k=0
while IFS=$'\t' read -r f want; do
  [ "$want" = 0 ] && continue
  case $f in */bad/*|*/cut3/*|*/cut4/*) ;; *) k=$((k + 1)); [ $((k % 5)) -eq 1 ] || continue ;; esac
  "$G" report read "$f" >/dev/null 2>"$TMP/rerr"; got=$?
  [ "$got" = "$want" ] || { bad=$((bad + 1)); [ $bad -le 5 ] && echo "# $f: collect says $want, report read exits $got"; }
done <"$W/status.tsv"
[ $bad -eq 0 ] && ok "partial and unreadable files: report read exits as collect says (1, 2)" \
  || fail "$bad files' statuses differ from report read's"

# the clean forms read in full; cut tables are partial, with the cells they lost
for d in json txt html xlsx docx pdf dup conflict; do
  n=$(ls "$I/$d" | wc -l); [ "$n" -gt 0 ] || continue
  full=$(grep -cE "^$I/$d/[^|]* \| [^|]* \| [0-9]{4} \| (2021|2019|2008) \| 完整 \|" "$W/collect.out")
  [ "$full" -eq "$n" ] && ok "collect: $d: all $n read in full" || fail "collect: $d: $full of $n read in full"
done
for d in cells oneline runon; do
  n=$(ls "$I/$d" | wc -l)
  full=$(grep -cE "^$I/$d/.* \| 完整 \|" "$W/collect.out")
  part=$(grep -cE "^$I/$d/.* \| 部分（" "$W/collect.out")
  [ $((full + part)) -eq "$n" ] && ok "collect: $d: $full of $n in full, $part partial, none refused" \
    || fail "collect: $d: $full full + $part partial of $n"
done
n=$(ls "$I/cut3" | wc -l)
check_grep "collect: table 三 cut: partial, 49 cells missing" "^$I/cut3/[0-9]+\.txt \| [^|]+ \| 2021 \| 2021 \| 部分（缺 49 格） \|" "$W/collect.out"
[ "$(grep -cE "^$I/cut3/.* \| 部分（缺 49 格） \|" "$W/collect.out")" -eq "$n" ] && ok "collect: all $n cut3 files partial" || fail "cut3 not all partial"
n=$(ls "$I/cut4" | wc -l)
[ "$(grep -cE "^$I/cut4/.* \| 部分（缺 15 格） \|" "$W/collect.out")" -eq "$n" ] \
  && ok "collect: all $n reports without table 四 partial, 15 cells missing" || fail "cut4 not all partial with 15 missing"
nr=$(grep -c "^$I/" "$W/collect.out"); nck=$(grep -cE "^$I/.* \| ([0-9]+ 错误 [0-9]+ 警告(（[A-Z0-9 ]+）)?|—) \| " "$W/collect.out")
[ "$nr" -eq "$nck" ] && ok "collect: the check's findings on every row, rules named" || fail "$((nr - nck)) rows without findings"
check_grep "collect: a finding's rules named" "^$I/cut3/.* \| [0-9]+ 错误 [0-9]+ 警告（R" "$W/collect.out"

# unreadable: the reason, naming the file and the place
check_grep "unreadable: random bytes" "^$I/bad/random.pdf \| — \| — \| — \| 无法读取：.*random.pdf" "$W/collect.out"
check_grep "unreadable: not a report" "^$I/bad/notes.txt \| — .*无法读取：.*no report content" "$W/collect.out"
check_grep "unreadable: truncated" "^$I/bad/truncated\.(pdf|docx) \| — .*无法读取：.*(truncated|byte)" "$W/collect.out"
check_grep "unreadable: a zip bomb" "^$I/bad/bomb.docx \| — .*无法读取：.*zip bomb" "$W/collect.out"
check_grep "unreadable: invalid encoding, with the byte offset" "^$I/bad/badenc.txt \| — .*无法读取：.*byte offset [0-9]+" "$W/collect.out"
check_grep "unreadable: an empty file" "^$I/bad/empty.html \| — .*无法读取：.*empty" "$W/collect.out"

# duplicates: the same report twice is one report; other figures are a conflict, left out of the sum
ndup=$(grep -c $'\tdup\t' "$W/plan.tsv"); nconf=$(grep -c $'\tconflict\t' "$W/plan.tsv")
check_grep "collect: the same report twice is counted once" " 是同一份报告：只计一次$" "$W/collect.out"
check_grep "collect: the same agency and year, other figures" " 同一机关同一年度但数字不同：未计入合计$" "$W/collect.out"
nf=$(grep -c "^$I/.* | 完整 |" "$W/collect.out"); np=$(grep -c "^$I/.* | 部分（" "$W/collect.out")
nu=$((total - nf - np - nbad))
check_grep "collect: the counts" \
  "^$total 个文件：$nf 份完整，$np 份部分读出，$nbad 份无法读取；重复 $((ndup + nconf)) 份（其中数字不同 $nconf 份）；计入合计 $((total - nbad - ndup - nconf)) 份$" \
  "$W/collect.out"
[ "$nu" -eq 0 ] && ok "no file without a status" || fail "$nu files without a status"

# ---- the sums, the CSV and the workbook ----
for y in 2021 2020 2018; do
  check_grep "collect: a sum for $y" "^== 合计（${y}年度，[0-9]+份）" "$W/collect.out"
done
python3 - "$W" "$I" "$total" "$nbad" "$ndup" "$nconf" <<'PY' && ok "sums: each year's total of new applications is the sum of its reports' (CSV, sum JSON)" || fail "sums do not add up"
import csv, glob, json, sys
w, root = sys.argv[1], sys.argv[2]
total, nbad, ndup, nconf = map(int, sys.argv[3:7])
rows = list(csv.reader(open(f"{w}/all.csv", encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
want = total - nbad - ndup - nconf
assert len(body) == want, f"{len(body)} CSV rows, wanted {want}"
agencies = [(r[0], r[1]) for r in body]
assert len(set(agencies)) == len(agencies), "an agency and year twice in the CSV"
sums = {}
for f in glob.glob(f"{w}/sum*.json"):
    s = json.load(open(f, encoding="utf-8"))
    sums[(s["year"], s["layout"])] = s
assert len(sums) == 3, sorted(sums)
col = next(i for i, h in enumerate(head) if "新收" in h)
for (year, layout), s in sums.items():
    if layout == "2008":
        continue
    got = s["applications"]["new"][-1]
    mine = sum(int(r[col]) for r in body if r[1] == str(year) and r[col] not in ("", "—"))
    assert got == mine, f"{year}: sum says {got}, the CSV rows add to {mine}"
PY
python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert "xl/worksheets/sheet1.xml" in z.namelist()' "$W/all.xlsx" \
  && ok "collect --xlsx: a workbook" || fail "all.xlsx is not a workbook"
done_testing
