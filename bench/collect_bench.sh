#!/usr/bin/env bash
# collect_bench — `gongkai report collect` on a folder of N generated reports
# (default 500) in mixed formats: JSON, text, HTML, xlsx, PDF (printed by
# headless Chromium) and .docx, each with its own agency and random figures,
# plus ten files that are the same report again. Prints the time of the run
# and the rows per second, against `cat` of the same files (the floor).
# usage: bench/collect_bench.sh GONGKAI_BINARY [N]
set -euo pipefail
G=$1; N=${2:-500}
SRC=$(cd "$(dirname "$0")/.." && pwd)
D=$(mktemp -d /tmp/gongkai-collect-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$D"' EXIT
mkdir -p "$D/json" "$D/reports/json" "$D/reports/txt" "$D/reports/html" "$D/reports/xlsx" \
         "$D/reports/pdf" "$D/reports/docx" "$D/reports/dup" "$D/html4pdf"
python3 - "$SRC/tests/data/report" "$D/json" "$N" <<'PY'
import json, random, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
bases = [json.load(open(f"{src}/{b}.json", encoding="utf-8")) for b in ("seed004", "like2019", "like2008")]
rnd = random.Random(12)
def shake(v):
    if isinstance(v, dict): return {k: shake(x) for k, x in v.items()}
    if isinstance(v, list): return [shake(x) for x in v]
    if isinstance(v, (int, float)) and not isinstance(v, bool): return rnd.randrange(0, 60)
    return v
for i in range(n):
    r = json.loads(json.dumps(bases[i % 3]))
    for k in ("proactive", "applications", "review_litigation", "legacy"):
        if k in r and r[k] is not None:
            r[k] = shake(r[k])
    if r.get("applications") and bases[i % 3].get("applications") and "columns" in bases[i % 3]["applications"]:
        r["applications"]["columns"] = bases[i % 3]["applications"]["columns"]
    ch = "青山湖东江河平安宁德华阳春秋林石"
    r["agency"] = ch[i % 16] + ch[i // 16 % 16] + ch[i // 256 % 16] + "区民政局"
    r["problems"] = []
    json.dump(r, open(f"{out}/{i:04d}.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
for f in "$D"/json/*.json; do
  i=$(basename "$f" .json); k=$((10#$i % 6))
  case $k in
    0) cp "$f" "$D/reports/json/" ;;
    1) "$G" report render "$f" --format txt -o "$D/reports/txt/$i.txt" ;;
    2) "$G" report render "$f" --format html -o "$D/reports/html/$i.html" ;;
    3) "$G" report render "$f" --format xlsx -o "$D/reports/xlsx/$i.xlsx" ;;
    4) "$G" report render "$f" --format html -o "$D/html4pdf/$i.html" ;;
    5) "$G" report render "$f" --format html -o "$D/html4pdf/$i.d.html"
       python3 "$SRC/tests/e2e/docx_make.py" report "$D/html4pdf/$i.d.html" "$D/reports/docx/$i.docx"
       rm "$D/html4pdf/$i.d.html" ;;
  esac
done
if ls "$D"/html4pdf/*.html >/dev/null 2>&1; then
  python3 "$SRC/tests/browser/print_pdf.py" --paper a4 "$D/reports/pdf" "$D"/html4pdf/*.html
fi
find "$D/reports" -type f -name "0*" | sort | sed -n 1,10p | while read -r f; do cp "$f" "$D/reports/dup/"; done
files=$(find "$D/reports" -type f | wc -l); bytes=$(du -sb "$D/reports" | cut -f1)
echo "collect_bench: $files files, $((bytes / 1000)) kB: $(for d in json txt html xlsx pdf docx dup; do printf '%s %s ' $d "$(ls "$D/reports/$d" | wc -l)"; done)"
t0=$(date +%s.%N); find "$D/reports" -type f -exec cat {} + >/dev/null; t1=$(date +%s.%N)
"$G" report collect "$D/reports" --csv "$D/all.csv" --xlsx "$D/all.xlsx" -o "$D/sum.json" >"$D/out.txt" || true
t2=$(date +%s.%N)
grep -E "^[0-9]+ 个文件" "$D/out.txt" || tail -5 "$D/out.txt"
echo "sums printed: $(grep -c "^== 合计" "$D/out.txt" || true)"
python3 -c "import sys; a,b,c,f=map(float,sys.argv[1:5]); print(f'report collect: {c-b:.2f} s wall, {f/(c-b):.0f} files/s; cat of the same files {b-a:.3f} s')" "$t0" "$t1" "$t2" "$files"
