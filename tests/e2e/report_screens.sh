#!/usr/bin/env bash
# What a person sees: renders a 2021 and a 2019 report to HTML, screenshots
# them with headless Chromium into
# tests/out/screens/, prints them to PDF and checks the pages are A4 and that
# tables 三 and 四 are not split across pages. Skips when Chromium is absent.
. "$(dirname "$0")/lib.sh"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "1..0 # SKIP chromium is not installed"
  exit 0
fi
D=$GONGKAI_SRC/tests/data/report
OUT=$GONGKAI_SRC/tests/out/screens
mkdir -p "$OUT"

chrome() {
  timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d "$TMP/chrome.XXXXXX")" "$@" \
    >"$TMP/chrome.log" 2>&1
}

# png_size FILE: prints "WIDTH HEIGHT" from the PNG header
png_size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print(*struct.unpack(">II", d[16:24]))' "$1"; }

# page_of PDF TEXT: the first page whose text holds TEXT
page_of() {
  local n; n=$(pdfinfo "$1" | awk '/^Pages:/{print $2}')
  for p in $(seq 1 "$n"); do
    if pdftotext -f "$p" -l "$p" -layout "$1" - | tr -d ' ' | grep -qF -- "$2"; then echo "$p"; return; fi
  done
  echo 0
}

for f in seed004 like2019; do
  check "render $f to HTML" "$G" report render "$D/$f.json" --format html -o "$OUT/$f.html"
  check "screenshot $f" chrome --screenshot="$OUT/$f.png" --window-size=1240,1754 "file://$OUT/$f.html"
  [ "$(png_size "$OUT/$f.png" 2>/dev/null)" = "1240 1754" ] && ok "$f.png is 1240x1754" || fail "$f.png size: $(png_size "$OUT/$f.png" 2>&1)"
  sz=$(stat -c %s "$OUT/$f.png" 2>/dev/null || echo 0)
  [ "$sz" -gt 40000 ] && ok "$f.png shows a page ($sz bytes)" || fail "$f.png is nearly empty ($sz bytes)"
  check "print $f to PDF" chrome --print-to-pdf="$OUT/$f.pdf" --no-pdf-header-footer "file://$OUT/$f.html"
  check_status "pdfinfo $f" 0 pdfinfo "$OUT/$f.pdf"
  check_grep "$f.pdf is A4" "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" "$TMP/out"
  pdftotext -layout "$OUT/$f.pdf" "$TMP/$f.txt"
  check_grep "$f.pdf has its text (not an image)" "政府信息公开" "$TMP/$f.txt"
done

for f in seed004 like2019; do
  pdf=$OUT/$f.pdf
  check_grep "$f.pdf: the applicant header" "申请人情况" "$TMP/$f.txt"
  check_grep "$f.pdf: table 四's header" "未经复议直接起诉" "$TMP/$f.txt"
  a=$(page_of "$pdf" "三、收到和处理政府信息公开申请情况"); b=$(page_of "$pdf" "四、结转下年度继续办理")
  [ "$a" -gt 0 ] && [ "$a" = "$b" ] && ok "$f.pdf: table 三 on one page ($a)" || fail "$f.pdf: table 三 from page $a to $b"
  a=$(page_of "$pdf" "四、政府信息公开行政复议"); b=$(page_of "$pdf" "复议后起诉")
  [ "$a" -gt 0 ] && [ "$a" = "$b" ] && ok "$f.pdf: table 四 on one page ($a)" || fail "$f.pdf: table 四 from page $a to $b"
  a=$(page_of "$pdf" "第二十条第（一）项"); b=$(page_of "$pdf" "第二十条第（八）项")
  [ "$a" = 1 ] && [ "$b" = 1 ] && ok "$f.pdf: title and table 二 on page 1" || fail "$f.pdf: table 二 on pages $a-$b"
done
done_testing
