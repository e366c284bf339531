#!/usr/bin/env bash
# The office's own work (issue 18, items 3-5) from the command line, on the
# demo agency's year: channels and what was sent (counts equal to plain SQL,
# a gazette issue's contents, a post's text), archive and library copies (a
# package read back, one past its period, its delivery), and the annual
# report as a document: section 一 drafted from the records citing the
# figures plain SQL counts give, and 文号, introduction and addressee read
# back from HTML, text, XLSX, JSON, DOCX and PDF.
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/ch.db GONGKAI_USER=张科员
unset GONGKAI_TODAY
q() { sqlite3 "$GONGKAI_DB" "$1"; }
demo_db "$GONGKAI_DB" || { fail "demo"; done_testing; exit 1; }
Y=$(( $(date +%Y) - 1 ))
PUB="state = 'published' AND withdrawn_on IS NULL"

# ---- channels ----------------------------------------------------------------
check_status "channel --help" 0 "$G" channel --help
check_grep "help names the kinds" 'wechat \(政务微信\)' "$TMP/out"
check_status "an unknown kind" 2 "$G" channel add --kind fax --name 传真
check_grep "names --kind" '^gongkai: --kind: ' "$TMP/err"
check_status "WeChat" 0 "$G" channel add --kind wechat --name 青川民政
check_status "the gazette" 0 "$G" channel add --kind gazette --name 青川市人民政府公报
check_status "a newspaper" 0 "$G" channel add --kind 报纸 --name 青川日报
check_status "the same name twice" 1 "$G" channel add --kind weibo --name 青川民政
check "three channels, nothing from the refusals" test "$(q 'SELECT COUNT(*) FROM channel')" = 3
DOCS=$(q "SELECT id FROM doc WHERE $PUB AND published LIKE '$Y-%' ORDER BY id LIMIT 6")
n=0
for d in $DOCS; do
  n=$((n + 1))
  "$G" channel send "$d" --channel 1 --date "$Y-12-28" --ref "https://mp.weixin.qq.com/s/$d" >/dev/null || fail "send $d"
  [ $n -le 4 ] && { "$G" channel send "$d" --channel 2 --date "$Y-12-30" --ref "${Y}年第12期" >/dev/null || fail "gazette $d"; }
  [ $n -le 2 ] && { "$G" channel send "$d" --channel 3 --date "$Y-12-29" --ref "第3版" >/dev/null || fail "paper $d"; }
done
D1=$(echo $DOCS | cut -d' ' -f1)
check_status "sent twice to one channel" 1 "$G" channel send "$D1" --channel 1 --date "$Y-12-29"
check_grep "says it was sent" 'already sent to 青川民政' "$TMP/err"
P1=$(q "SELECT published FROM doc WHERE id = $D1")
check_status "sent before it was published" 2 "$G" channel send "$D1" --channel 3 --date "$(date -d "$P1 -1 day" +%F)"
check_grep "names --date" '^gongkai: --date: .*before the document was published' "$TMP/err"
DRAFT=$(q "SELECT id FROM doc WHERE state <> 'published' LIMIT 1")
if [ -n "$DRAFT" ]; then
  check_status "a draft goes to no channel" 1 "$G" channel send "$DRAFT" --channel 1
fi
check "the refusals wrote nothing" test "$(q 'SELECT COUNT(*) FROM channel_send')" = 12
check_status "counts of the year" 0 "$G" channel counts --year $Y
for k in wechat gazette newspaper weibo; do
  want=$(q "SELECT COUNT(DISTINCT x.doc_id) FROM channel_send x JOIN channel c ON c.id = x.channel_id WHERE c.kind = '$k' AND x.sent LIKE '$Y-%'")
  check_grep "$k: $want as SQL counts" "\"$k\": $want(,|$)" "$TMP/out"
done
check_status "the gazette issue's contents" 0 "$G" channel issue --channel 2 --ref "${Y}年第12期" --out "$TMP/issue.csv"
check "four rows and the header" test "$(wc -l < "$TMP/issue.csv")" = 5
T1=$(q "SELECT title FROM doc WHERE id = $D1")
check_grep "with the titles" "^1,$T1," "$TMP/issue.csv"
check_status "a newspaper has no issues" 2 "$G" channel issue --channel 3 --ref x
check_status "a WeChat post" 0 "$G" channel post "$D1" --channel 1 --out "$TMP/post"
check_grep "its text begins with the title" "^$T1\$" "$TMP/post/post.txt"
check_nogrep "no ID number in a post" '[0-9]{17}[0-9Xx]' "$TMP/post/post.txt"

# ---- archive and library copies ---------------------------------------------------
check_status "the rule" 0 "$G" archive settings --workdays 20 --from "$Y-01-01"
check_grep "20 working days" '^workdays	20' "$TMP/out"
check_status "a bad period" 2 "$G" archive settings --workdays 300
check_grep "names --workdays" '^gongkai: --workdays: ' "$TMP/err"
check_status "copies past their period: exit 1" 1 "$G" archive pending --to archive
check_grep "one is 逾期" '逾期' "$TMP/out"
WANT=$(q "SELECT COUNT(*) FROM doc WHERE $PUB AND published >= '$Y-01-01'")
check "every document published since the rule's first day waits" test "$(grep -c . "$TMP/out")" = "$WANT"
check_status "the package for the archive" 0 "$G" archive package --to archive --out "$TMP/copies.zip"
python3 - "$TMP/copies.zip" "$WANT" > "$TMP/zip.txt" 2>&1 <<'PY'
import csv, io, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
rows = list(csv.reader(io.StringIO(z.read('metadata.csv').decode('utf-8-sig'))))
assert rows[0][:3] == ['序号', '索引号', '标题'], rows[0]
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
root = ET.fromstring(z.read('metadata.xml'))
docs = root.findall('document')
assert root.get('recipient') == 'archive' and len(docs) == int(sys.argv[2])
assert [d.findtext('title') for d in docs] == [r[2] for r in rows[1:]]
texts = [n for n in z.namelist() if n.endswith('/正文.txt')]
assert len(texts) == len(docs), texts
print('ok', len(docs))
PY
check "metadata as CSV and XML and each text, read back" grep -q '^ok' "$TMP/zip.txt"
check_status "delivered" 0 "$G" archive deliver 1 --receiver 青川市档案馆 --ref 收字2026-8 --date "$(date +%F)"
check_status "delivered twice" 1 "$G" archive deliver 1 --receiver 青川市档案馆
check_status "nothing past its period for the archive now" 0 "$G" archive pending --to archive
check_status "the library's copies are still overdue" 1 "$G" archive pending --to library
check_status "the packages" 0 "$G" archive list
check_grep "with the delivery" '^1	档案馆	.*交付 [0-9-]+ 青川市档案馆' "$TMP/out"

# ---- section 一 from the records: the figures of plain SQL ------------------------------
check_status "compose the year's section 一" 0 "$G" report compose --year $Y --save --replace
J=$TMP/out
n=$(q "SELECT COUNT(*) FROM doc WHERE $PUB AND published LIKE '$Y-%'")
check_grep "documents published: $n" "主动公开政府信息${n}条" "$J"
n=$(q "SELECT COUNT(*) FROM doc WHERE $PUB AND published LIKE '$Y-%' AND interprets IS NOT NULL")
check_grep "interpretations: $n" "发布政策解读${n}篇" "$J"
for k in wechat:政务微信 gazette:政府公报 newspaper:报纸; do
  n=$(q "SELECT COUNT(DISTINCT x.doc_id) FROM channel_send x JOIN channel c ON c.id = x.channel_id WHERE c.kind = '${k%%:*}' AND x.sent LIKE '$Y-%'")
  check_grep "${k#*:}: $n" "${k#*:}${n}条" "$J"
done
n=$(q "SELECT COUNT(*) FROM application WHERE received LIKE '$Y-%'")
check_grep "applications received: $n" "新收政府信息公开申请${n}件" "$J"
n=$(q "SELECT COUNT(*) FROM review_case WHERE kind = 'review' AND filed LIKE '$Y-%'")
check_grep "administrative review: $n" "被申请行政复议${n}件" "$J"
n=$(q "SELECT COUNT(*) FROM review_case WHERE kind <> 'review' AND filed LIKE '$Y-%'")
check_grep "litigation: $n" "被提起行政诉讼${n}件" "$J"
n=$(q "SELECT COUNT(*) FROM channel")
check_grep "channels: $n" "发布渠道${n}个" "$J"
check_grep "the addressee is the agency above or the supervisor" '"addressee": ".+"' "$J"
check_grep "the introduction cites Art. 49 and 50" '"introduction": "根据《中华人民共和国政府信息公开条例》.*第四十九条、第五十条' "$J"

# ---- the report as a document, read back in every format ----------------------------------
check_status "the 文号" 0 "$G" report draft --year $Y --doc-no "青民办〔$((Y + 1))〕5号"
ADDR=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["document"]["addressee"])' "$J")
for f in html txt json xlsx docx pdf; do
  check_status "report document $f" 0 "$G" report document --year $Y --format $f --out "$TMP/r.$f"
done
for f in html txt json; do
  check_grep "$f: 文号" "青民办〔$((Y + 1))〕5号" "$TMP/r.$f"
  check_grep "$f: addressee" "$ADDR" "$TMP/r.$f"
  check_grep "$f: introduction" "现将青川市民政局${Y}年度政府信息公开工作情况报告如下" "$TMP/r.$f"
  check_grep "$f: section 一's first part" '（一）主动公开' "$TMP/r.$f"
done
python3 -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())' "$TMP/r.xlsx" > "$TMP/xlsx.txt"
for f in xlsx docx pdf; do
  # a PDF's lines wrap where the page ends: read its text as one line
  [ $f != xlsx ] && "$G" report text "$TMP/r.$f" 2>&1 | tr -d '\n' > "$TMP/$f.txt"
  check_grep "$f read back: 文号" "青民办〔$((Y + 1))〕5号" "$TMP/$f.txt"
  check_grep "$f read back: addressee" "$ADDR" "$TMP/$f.txt"
  check_grep "$f read back: introduction" "现将青川市民政局${Y}年度政府信息公开工作情况报告如下" "$TMP/$f.txt"
done
check_status "report read takes the document back" 0 "$G" report read "$TMP/r.json" --json
python3 - "$TMP/r.json" "$TMP/out" <<'PY' > "$TMP/rt.txt" 2>&1
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a['document'] == b['document'], (a['document'], b['document'])
assert a['narrative'] == b['narrative']
print('ok')
PY
check "round trip: document and narrative equal" grep -q '^ok' "$TMP/rt.txt"
done_testing
