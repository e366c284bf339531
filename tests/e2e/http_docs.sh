#!/usr/bin/env bash
# The public side of proactive disclosure over HTTP: the home page's latest
# documents, the catalogue by Art. 20 item and category with paging, document
# pages (metadata, validity banner, interpretations, attachments), search with
# filters and highlighted snippets, annual reports with their downloads, and
# the public JSON; never a trace of personal data.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
start_server

req GET /
check_body "home lists the latest documents" "最新公开"
check_body "home links a document" 'href="/doc/[0-9]+"'

req GET /catalogue
check_code "catalogue answers 200" 200
check_body "the side navigation lists Art. 20 items" "（十一）扶贫、教育、医疗、社会保障"
check_body "and topic categories" "社会救助"
check_body "the catalogue pages" 'rel="next"'
check_body "it says how many there are" "共 [0-9]+ 条"
req GET "/catalogue?page=2"
check_code "second page" 200
check_body "marks page 2 current" 'aria-current="page">2<'
req GET "/catalogue?item=7"
check_body "item 7 shows the budget" "部门预算公开"
check_not_body "item 7 does not show welfare lists" "最低生活保障对象名单"
req GET "/catalogue?category=%E7%A4%BE%E4%BC%9A%E7%BB%84%E7%BB%87"
check_body "a category lists its documents" "社会组织成立登记的公告"
req GET "/catalogue?item=99"
check_code "an item out of range is 400" 400
req GET "/catalogue?page=abc"
check_code "a malformed page is 400" 400

# a normative document with its interpretation
sqlite3 "$DB" "SELECT id FROM doc WHERE genre='行政规范性文件' AND docno LIKE '青民发%' AND state='published' ORDER BY id LIMIT 1" >"$TMP/id"
POL=$(cat "$TMP/id")
req GET /doc/$POL
check_code "a document page answers 200" 200
for f in 标题 索引号 主题分类 发文机关 成文日期 发文字号 发布日期 有效性; do check_body "the gov.cn metadata table has $f" "<th scope=\"row\">$f</th>"; done
check_body "two pairs a row: 索引号 with 主题分类" '<th scope="row">索引号</th><td>[^<]*</td><th scope="row">主题分类</th>'
check_body "【字体：大 中 小】【打印】" '【字体：<a href="/doc/[0-9]+\?size=large"'
check_body "with 打印" '】【<a href="/doc/[0-9]+\?print=1">打印</a>】'
sqlite3 "$DB" "SELECT id FROM doc WHERE issuer LIKE '%、%' AND state='published' ORDER BY id DESC LIMIT 1" >"$TMP/joint"
req GET "/doc/$(cat "$TMP/joint")"
check_body "a joint document shows every issuer" '<span class="issuer">青川市民政局</span><br><span class="issuer">青川市财政局</span>'
req GET "/doc/$POL?print=1"
check_body "the print view marks the page for print" '<html lang="zh-CN" class="print">'
req GET "/doc/$POL?size=large"
check_body "大字版 scales the root" '<html lang="zh-CN" class="large">'
req GET /
check_body "the home page has 政策文件" '<h2 id="policies">政策文件</h2>'
check_body "and 政策解读" '<h2 id="readings">政策解读</h2>'
check_body "lists show validity" 'class="validity validity-in_force">现行有效<'
check_body "the footer has the 网站标识码" '网站标识码：5108000000'
check_body "the ICP number" '川ICP备00000000号'
check_body "and the 公安机关备案号" '川公网安备 51080002000000号'
req GET "/catalogue?page=2"
check_body "the pager has a first page" '>首页</a>'
check_body "and a last page" '>末页</a>'
check_body "and a page jump" '<label for="page-jump">跳转到第</label>'
req GET "/search?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E7%AB%A0"
check_body "a misspelt search suggests the right words" '您是不是要找：<a href="/search\?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C">最低生活保障</a>'
req GET "/api/v1/public/documents?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E7%AB%A0"
check_body "the JSON too" '"suggestion": *"最低生活保障"'
req GET "/api/v1/public/documents?q=%E4%B8%B4%E6%97%B6%E6%95%91%E5%8A%A9%E5%AE%9E%E6%96%BD%E7%BB%86%E5%88%99&validity=repealed"
check_body "repealed results are marked in the JSON" '"validity": *"repealed", *"validity_label": *"已废止"'
req GET "/search?q=%E4%B8%B4%E6%97%B6%E6%95%91%E5%8A%A9%E5%AE%9E%E6%96%BD%E7%BB%86%E5%88%99&validity=repealed"
check_body "and in the HTML" 'class="validity validity-repealed">已废止<'
req GET "/search?q=%E4%BD%8E%E4%BF%9D"
check_body "低保 finds the documents that say 最低生活保障" '<mark>最低生活保障</mark>'
req GET /doc/$POL

check_body "the 文号 is shown canonically" "青民发〔20[0-9]{2}〕[0-9]+号"
check_body "it links its interpretation" "政策解读</h2>"
# a repealed document carries the banner
REP=$(sqlite3 "$DB" "SELECT id FROM doc WHERE repealed_on IS NOT NULL LIMIT 1")
if [ -n "$REP" ]; then
  req GET /doc/$REP
  check_body "a repealed document has the validity banner" 'class="banner-repealed"'
  check_body "naming the repealing document" "已废止"
else
  ok "no repealed document yet this early in the year # SKIP"
fi
# a recipient list is masked: no full ID number, no mobile number
LIST=$(sqlite3 "$DB" "SELECT id FROM doc WHERE recipient_list=1 AND state='published' LIMIT 1")
req GET /doc/$LIST
check_body "a recipient list is a table" "<th scope=\"col\">姓名</th>"
check_body "names are masked" "<td>.\\*.+</td>"
sed 's/.*<div class="doc-body">//' "$TMP/body" >"$TMP/docbody"
check_nogrep "no full ID number in the list" "[0-9]{17}[0-9X]" "$TMP/docbody"
check_nogrep "no mobile number in the list" "1[3-9][0-9]{9}" "$TMP/docbody"
# drafts are not public
DRAFT=$(sqlite3 "$DB" "SELECT id FROM doc WHERE state<>'published' LIMIT 1")
req GET /doc/$DRAFT
check_code "a draft is not on the portal" 404
req GET /doc/999999
check_code "an unknown document is 404" 404
req GET /doc/abc
check_code "a malformed id is 404" 404

# a public attachment
ATT=$(sqlite3 "$DB" "SELECT a.doc_id || '/files/' || a.id FROM doc_attachment a JOIN doc d ON d.id = a.doc_id WHERE d.state='published' LIMIT 1")
req GET /doc/${ATT%%/*}
check_body "the document lists its attachment" "附件</h2>"
req GET /doc/$ATT
check_code "the attachment downloads" 200
check_header "as an attachment with its name" "^Content-Disposition: attachment; .*filename\*=UTF-8''"
check_body "with its content" "部门预算收支总表"
req GET /doc/${ATT%%/*}/files/999999
check_code "an unknown attachment is 404" 404
req GET /doc/$DRAFT/files/1
check_code "a draft's attachments are not public" 404

# search
req GET "/search?q=%E4%BD%8E%E4%BF%9D"
check_code "search answers 200" 200
check_body "it counts its results" "共找到 <strong>[0-9]+</strong> 条"
check_body "snippets mark the terms" "<mark>低保</mark>"
req GET "/search?q=%E4%BD%8E%E4%BF%9D&genre=%E8%A1%8C%E6%94%BF%E8%A7%84%E8%8C%83%E6%80%A7%E6%96%87%E4%BB%B6&sort=date"
check_body "a genre filter narrows it" "最低生活保障标准的通知"
check_not_body "to that genre" "统计数据</a>"
req GET "/search?q=%E9%9D%92%E6%B0%91%E5%8F%91%5B2026%5D"
check_code "a 文号 typed with other brackets searches" 200
req GET "/search?q=xyzzynothing"
check_body "nothing found is said plainly" "没有找到相关信息"
req GET "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"
check_not_body "the query is shown escaped" "<script>alert"
check_body "as text" "&lt;script&gt;alert"
req GET "/search?q=%22"
[ "$CODE" = 200 ] || [ "$CODE" = 400 ] && ok "a lone quote is handled ($CODE)" || fail "a lone quote: $CODE"
req GET "/search?year=abc"
check_code "a bad year filter is 400" 400
req GET "/search?q=x%27%20OR%201%3D1--"
check_code "an injection string is just a query" 200

# reports
req GET /reports
check_body "the reports page lists last year's report" "/reports/20[0-9]{2}\""
Y=$(sqlite3 "$DB" "SELECT year FROM report_publication WHERE report_json IS NOT NULL LIMIT 1")
req GET /reports/$Y
check_code "a published report answers 200" 200
check_body "it has the four national sections" "三、收到和处理政府信息公开申请情况"
check_body "and the narrative" "一、总体情况"
check_body "and the table of applications" "本年新收政府信息公开申请数量"
req GET /reports/$Y/report.xlsx
check_code "the XLSX download" 200
check_header "is a spreadsheet" "^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
check "the XLSX is a zip archive" sh -c "head -c 2 '$TMP/body' | grep -q PK"
req GET /reports/$Y/report.html
check_header "the HTML download is an attachment" "^Content-Disposition: attachment"
check_body "it is a whole page" "<!DOCTYPE html>"
req GET /reports/$Y/report.pdf
check_code "the report as a PDF 公文 (issue 18)" 200
check "it is a PDF" sh -c "head -c 5 '$TMP/body' | grep -q '%PDF-'"
req GET /reports/$Y/report.doc
check_code "an unknown format is 404" 404
req GET /reports/1999
check_code "an unpublished year is 404" 404

# public JSON
req GET "/api/v1/public/documents?q=%E5%85%BB%E8%80%81"
check_code "public document search as JSON" 200
check_body "with a total" '"total":[0-9]+'
req GET /api/v1/public/documents/$POL
check_body "a public document as JSON" '"index_no":"'
check_not_body "without the internal review chain" '"reviewer1"|"author"'
req GET /api/v1/public/documents/$DRAFT
check_code "drafts are not in the public API" 404
req GET /api/v1/public/reports
check_body "report years" '"years":\[20'
req GET /api/v1/public/reports/$Y
check_body "a published report as JSON" '"schema":"gongkai.report/1"'

# no personal data anywhere public: the applicants' names, IDs and phones
# (sealed in the database: the clear values are what staff see in 'apply show')
for no in $(sqlite3 "$DB" "SELECT app_no FROM application LIMIT 40"); do
  "$G" --db "$DB" apply show "$no" | awk -F'  +' '/^  申请人/ {sub(/（.*/, "", $3); n=$3} /^  证件号码/ {i=$3}
    /^  联系电话/ {p=$3} END {print n, i, p}'
done >"$TMP/pii"
[ "$(wc -l <"$TMP/pii")" -ge 20 ] && ok "applicants' clear names, IDs and phones to look for" || fail "too few applicants in $TMP/pii"
for p in / /catalogue "/catalogue?page=2" "/catalogue?item=11" "/search?q=%E7%94%B3%E8%AF%B7" /reports /reports/$Y \
         "/api/v1/public/documents?q=%E4%BD%8E%E4%BF%9D" /apply /apply/track; do
  curl -s "$B$p" >>"$TMP/public"
done
leaks=0
while read -r name id phone; do
  for v in "$name" "$id" "$phone"; do
    [ -n "$v" ] && [ "${#v}" -ge 3 ] && grep -qF -- "$v" "$TMP/public" && { leaks=$((leaks+1)); echo "# found: $v"; }
  done
done <"$TMP/pii"
[ "$leaks" = 0 ] && ok "no applicant's name, ID number or phone on any public page" || fail "$leaks personal data items on public pages"
finish
