#!/usr/bin/env bash
# 主动公开 from the command line: a draft through the review to publication,
# screening and masking, validity, the catalogue import (all rows or none),
# search, and the yearly figures of table 二.
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/g.db GONGKAI_TODAY=2024-06-28
unset GONGKAI_USER
D="$G doc"

check_status "doc --help" 0 $D --help
check_grep "help lists the commands" '^  import FILE' "$TMP/out"
for c in add edit attach submit review publish repeal expire show list import search stats words; do
  check_status "doc $c --help" 0 $D $c --help
done
check_status "unknown doc command" 2 $D frobnicate
check_status "no agency yet" 1 $D list
check_grep "says to create an agency" 'no agency yet' "$TMP/err"
sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, org_code, created_at) VALUES ('zmdmzj', '驻马店市民政局', '11410000005184320J', '2024-01-01')"

# ---- a draft through the review ----
check_status "add needs title, issuer, written" 2 $D add --title 标题 --as 张三
check_status "add refuses a 文号 that does not parse" 2 $D add --title 标题 --issuer 驻马店市民政局 --written 2024-06-03 --docno 驻民文2024-12号 --as 张三
check_grep "names the bad 文号" "驻民文2024-12号" "$TMP/err"
check_status "add refuses an unknown category" 2 $D add --title 标题 --issuer 驻马店市民政局 --written 2024-06-03 --category 火星事务 --as 张三
check_grep "unknown category named" "unknown category '火星事务'" "$TMP/err"
check_status "add refuses a date in the future" 2 $D add --title 标题 --issuer 驻马店市民政局 --written 2024-07-01 --as 张三
check_grep "future date named" "in the future" "$TMP/err"
printf '各县区：\n联系人王某，身份证号412801199001011238，手机13812345678。\n此件为内部资料。\n' >"$TMP/body.txt"
check_status "add a draft" 0 $D add --title 关于开展养老服务检查的通知 --issuer 驻马店市民政局 --written 2024-06-03 \
  --docno '驻民文[2024]12号' --category 养老 --genre 通知 --item 11 --body-file "$TMP/body.txt" --as 张三
ID=$(cat "$TMP/out")
check_grep "prints the id" '^1$' "$TMP/out"
check_status "someone else cannot submit as the author... but may: the role is the author's" 0 $D show "$ID"
check_grep "draft state" '\[草稿\]' "$TMP/out"
check_grep "文号 canonical" '驻民文〔2024〕12号' "$TMP/out"
check_grep "deadline shown for a draft" '尚余 [0-9]+ 个工作日' "$TMP/out"
check_status "approve a draft is refused" 1 $D review "$ID" --approve --as 李四
check_grep "refusal says what the draft allows" 'cannot be approved' "$TMP/err"
check_status "submit" 0 $D submit "$ID" --as 张三
check_grep "screening lists the ID number" '身份证号码「412801199001011238」' "$TMP/out"
check_grep "screening lists the mobile" '手机号码「13812345678」' "$TMP/out"
check_grep "screening lists the marking" '敏感词「内部资料」' "$TMP/out"
check_status "the author cannot approve their own document" 1 $D review "$ID" --approve --as 张三
check_grep "separation of duties" 'review needs another person' "$TMP/err"
check_status "return needs a comment" 1 $D review "$ID" --return --as 李四
check_status "first review returns with a comment" 0 $D review "$ID" --return --comment '请删除个人信息' --as 李四
check_status "author fixes the text" 0 $D edit "$ID" --body '各县区：联系人王某。此件为内部资料。' --as 张三
check_status "resubmit" 0 $D submit "$ID" --as 张三
check_grep "one hit left" '筛查发现 1 处' "$TMP/out"
check_status "first review approves" 0 $D review "$ID" --approve --as 李四
check_status "same person cannot approve twice" 1 $D review "$ID" --approve --as 李四
check_status "second review approves" 0 $D review "$ID" --approve --as 王五
check_status "comment at sign-off" 0 $D review "$ID" --comment '注意时效' --as 赵六
check_status "leader signs off" 0 $D review "$ID" --approve --as 赵六
check_grep "hits still open" '尚有 1 处筛查提示' "$TMP/out"
check_status "publication blocked by the open hit" 1 $D publish "$ID" --as 孙七
check_grep "says why" 'screening hit is still open' "$TMP/err"
HIT=$($D show "$ID" --json | python3 -c 'import json,sys; print([h["id"] for h in json.load(sys.stdin)["hits"] if h["status"]=="open"][0])')
check_status "clearing needs a note" 1 $D review "$ID" --clear "$HIT" --as 孙七
check_status "the office clears the hit" 0 $D review "$ID" --clear "$HIT" --comment '引用的文件名称，非密级标志' --as 孙七
# the disclosure attribute (issue 18): registered at drafting; a change goes through review;
# only 主动公开 is ever published
check_status "a 不予公开 document is not linked to the review chain" 2 $D register --title 关于开展养老服务检查的通知 \
  --attr withheld --reason 过程稿 --basis art16.process --doc "$ID" --as 张三
check_status "不予公开 needs its legal basis" 2 $D register --title 请示 --attr withheld --reason 过程稿 --as 张三
check_grep "names --basis" '^gongkai: --basis: ' "$TMP/err"
check_status "register the draft as 主动公开" 0 $D register --title 关于开展养老服务检查的通知 --docno '驻民文〔2024〕12号' \
  --attr active --doc "$ID" --as 张三
REG=$(sed -n 's/^已登记 \([0-9]*\) .*/\1/p' "$TMP/out")
check_status "the author asks to withhold it" 0 $D attr "$REG" --to withheld --reason 过程性信息 --basis art16.process --role author --as 张三
check_grep "awaiting review" '更改待审核' "$TMP/out"
check_status "publication waits for the review of the attribute" 1 $D publish "$ID" --as 孙七
check_grep "says why" 'awaits review' "$TMP/err"
check_status "nobody decides on their own request" 1 $D attr "$REG" --approve --role reviewer1 --as 张三
check_status "an author does not decide" 1 $D attr "$REG" --reject --comment 应主动公开 --role author --as 李四
check_status "a reviewer refuses the change" 0 $D attr "$REG" --reject --comment 属于应主动公开的通知 --role reviewer1 --as 李四
check_status "register 不予公开 and 依申请公开 documents" 0 $D register --title 关于机构调整的请示 --attr withheld \
  --reason 请示报告 --basis art16.process --as 张三
check_status "and one on request" 0 $D register --title 某企业处罚决定书 --attr on_request --reason 涉及特定企业 \
  --basis art27.on_request --as 张三
check_status "the register" 0 $D registry
check_grep "counted by attribute" '^共3件：主动公开1件，依申请公开1件，不予公开1件$' "$TMP/out"
check_grep "with the article" '第十六条第二款：请示报告' "$TMP/out"
check_status "publish" 0 $D publish "$ID" --date 2024-06-20 --channels website,wechat --as 孙七
check_grep "index number from the pattern" '^11410000005184320J/2024-00001$' "$TMP/out"
check_status "asking to withhold it once published" 0 $D attr "$REG" --to withheld --reason 过程性信息 --basis art16.process --role author --as 张三
check_status "is refused while it is published" 1 $D attr "$REG" --approve --role leader --as 赵六
check_grep "withdraw first" 'withdraw it' "$TMP/err"
check_status "the request is rejected" 0 $D attr "$REG" --reject --comment 已发布 --role leader --as 赵六
check_status "publishing twice is refused" 1 $D publish "$ID" --as 孙七
check_status "show" 0 $D show "$ID"
for f in '\[已发布\]' '按期发布' '政府网站、政务微信' '一审 李四 · 二审 王五 · 签发 赵六 · 发布 孙七' \
         '\[已核销\]' '\[已修改\]' '退回修改：请删除个人信息' '孙七 publish'; do
  check_grep "show: $f" "$f" "$TMP/out"
done
check_status "show --json" 0 $D show "$ID" --json
cp "$TMP/out" "$TMP/j"
check_status "show --json is JSON with the audit trail" 0 python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
acts=[a["action"] for a in d["audit"]][::-1]
assert acts==["add","submit","return","edit","submit","approve","approve","comment","approve","clear","publish"], acts
pub=d["audit"][0]
assert pub["before"]["state"]=="signed" and pub["after"]["state"]=="published"
assert d["validity"]=="in_force" and d["index_no"].endswith("2024-00001")' "$TMP/j"

# ---- a recipient list is masked before anyone can publish it ----
printf '序号,户主姓名,身份证号码,家庭住址,联系电话,保障人数\n1,张三明,412801199001011238,驿城区老街街道健康社区交通路15号,13812345678,3\n2,欧阳小明,41282219851231002X,正阳县永兴镇大刘庄村3组,0396-2816123,1\n' >"$TMP/list.csv"
check_status "add a recipient list" 0 $D add --title '2024年6月城市低保对象名单公示' --issuer 驻马店市民政局 --written 2024-06-25 \
  --genre 公示 --body-file "$TMP/list.csv" --as 张三
LIST=$(cat "$TMP/out")
check_status "show the list" 0 $D show "$LIST"
check_grep "names masked" '1,张\*明,4128\*\*\*\*\*\*\*\*\*\*1238,驿城区老街街道健康社区,3' "$TMP/out"
check_grep "compound surname" '2,欧阳\*明,4128\*\*\*\*\*\*\*\*\*\*002X,正阳县永兴镇大刘庄村,1' "$TMP/out"
check_nogrep "no phone numbers left" '13812345678|2816123' "$TMP/out"
check_nogrep "no full ID left" '412801199001011238' "$TMP/out"
printf '姓名\t身份证号\n李四\t41282219851231002X\n' >"$TMP/att.tsv"
check_status "attach a list file" 0 $D attach "$LIST" "$TMP/att.tsv" --as 张三
check_status "the attachment is masked" 0 $D attachment "$LIST" att.tsv
check_grep "attachment masked" '李\*	4128\*\*\*\*\*\*\*\*\*\*002X' "$TMP/out"

# ---- validity ----
check_status "repeal a draft is refused" 1 $D repeal "$LIST" --date 2024-06-26 --as 孙七
check_status "repeal needs a date" 2 $D repeal "$ID" --as 孙七
check_status "repeal before publication is bad input" 2 $D repeal "$ID" --date 2024-06-01 --by-docno '驻民文〔2024〕20号' --as 孙七
check_status "repeal" 0 $D repeal "$ID" --date 2024-06-27 --by-docno '驻民文(2024)20号' --as 孙七
check_status "show repealed" 0 $D show "$ID"
check_grep "repealed with date and document" '已废止（2024-06-27 起废止 驻民文〔2024〕20号）' "$TMP/out"
check_status "repeal twice is refused" 1 $D repeal "$ID" --date 2024-06-28 --as 孙七

# ---- import: all rows or none ----
cat >"$TMP/bad.csv" <<'EOF'
title,docno,issuer,written,published,body,category,genre,index_no
好的文件,,驻马店市民政局,2020-01-02,2020-01-03,正文,,,
坏日期,,驻马店市民政局,2020-02-30,2020-03-01,正文,,,
将来的文件,,驻马店市民政局,2024-07-01,2024-07-02,正文,,,
未知分类,,驻马店市民政局,2020-01-02,2020-01-03,正文,火星事务,,
坏文号,驻民文2020年第1号,驻马店市民政局,2020-01-02,2020-01-03,正文,,,
,,驻马店市民政局,2020-01-02,2020-01-03,正文,,,
重号甲,,驻马店市民政局,2020-01-02,2020-01-03,正文,,,X-1
重号乙,,驻马店市民政局,2020-01-02,2020-01-03,正文,,,X-1
"引号"坏,,驻马店市民政局,2020-01-02,2020-01-03,正文,,,
EOF
check_status "a file with bad rows" 2 $D import "$TMP/bad.csv" --publish --as 孙七
for want in 'bad.csv:3: written' 'bad.csv:4: written: 2024-07-01 is in the future' "bad.csv:5: category: unknown category '火星事务'" \
            "bad.csv:6: docno: '驻民文2020年第1号' is not a document number" 'bad.csv:7: title: missing' \
            'bad.csv:9: index_no: X-1 is also the index number of the row on line 8' 'bad.csv:10: text after the closing quote' \
            '8 problems in .*nothing was imported'; do
  check_grep "lists: $want" "$want" "$TMP/err"
done
check_nogrep "good row not blamed" 'bad.csv:2:' "$TMP/err"
check_status "list after the failed import" 0 $D list --limit 1000
check_nogrep "nothing half-imported" '好的文件' "$TMP/out"
printf '[\n {"title": "甲", "docno": "", "issuer": "某局", "written": "2020-01-02", "published": "2020-01-03", "body": ""},\n {"title": "乙", "docno": "豫政〔2020〕", "issuer": "某局", "written": "2020-01-02", "published": "2020-01-03", "body": ""}\n]\n' >"$TMP/bad.json"
check_status "a JSON file with a bad row" 2 $D import "$TMP/bad.json" --publish
check_grep "JSON row line" "bad.json:3: docno" "$TMP/err"
printf 'title,docno\n\xff,x\n' >"$TMP/enc.csv"
check_status "invalid UTF-8" 2 $D import "$TMP/enc.csv"
check_grep "says UTF-8" 'enc.csv:2: the text is not valid UTF-8' "$TMP/err"

# a good catalogue: BOM, CRLF, quoted commas and line breaks, an interpretation
printf '\xef\xbb\xbftitle,docno,issuer,written,published,body,category,genre,item,index_no,channels,interprets\r\n' >"$TMP/good.csv"
printf '关于印发《驻马店市最低生活保障实施办法》的通知,驻民文(2018)149号,驻马店市民政局,2018-06-01,2018-06-05,"第一条 为了规范最低生活保障工作，制定本办法。\r\n第二条 本办法适用于城乡最低生活保障工作，包括“低保”对象认定。",社会救助,规范性文件,（一）,11410000005184320J/2018-00007,"website,wechat",\r\n' >>"$TMP/good.csv"
printf '《实施办法》政策解读,,驻马店市民政局,2018-06-05,2018-06-06,"解读：标准按照当地居民生活必需费用确定,逐年调整。",低保,解读,11,,,驻民文〔2018〕149号\r\n' >>"$TMP/good.csv"
printf '关于提高城乡低保标准的通知,驻民文〔2019〕8号,驻马店市民政局,2019-01-10,2019-01-15,城市低保标准提高到每人每月600元。,社会救助,通知,11,,,\r\n' >>"$TMP/good.csv"
check_status "import a good catalogue" 0 $D import "$TMP/good.csv" --publish --as 孙七
check_grep "says how many" '已导入 3 份文件' "$TMP/out"
check_status "import the same numbers again" 2 $D import "$TMP/good.csv" --publish --as 孙七
check_grep "taken index number" 'in the database already' "$TMP/err"
check_status "list" 0 $D list --state published
check_grep "serial continues after the imported one" '11410000005184320J/2018-00008' "$TMP/out"

# ---- search ----
check_status "search --json" 0 $D search 低保 --json
cp "$TMP/out" "$TMP/j"
check_status "search total and fields" 0 python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert r["total"]==2, r
assert [x["title"] for x in r["results"]]
for x in r["results"]:
    assert set(x)=={"id","title","docno","published","validity","validity_label","snippet"}, x
    assert x["validity"]=="in_force" and x["validity_label"]=="现行有效", x
    assert "<mark>低保</mark>" in x["snippet"], x' "$TMP/j"
check_status "search by 文号 in another bracket form" 0 $D search '驻民文【2018】149号' --json
check_grep "finds the document by 文号" '"docno": "驻民文〔2018〕149号"' "$TMP/out"
check_status "search paging keeps the exact total" 0 $D search 低保 --json --limit 1 --sort date
cp "$TMP/out" "$TMP/j"
check_status "one result, total 2" 0 python3 -c '
import json,sys
r=json.load(open(sys.argv[1])); assert r["total"]==2 and len(r["results"])==1 and r["results"][0]["published"]=="2019-01-15", r' "$TMP/j"
check_status "filters: genre" 0 $D search 低保 --genre 通知 --json
check_grep "only the notice" '"total": 1' "$TMP/out"
check_status "filters: year" 0 $D search 实施办法 --year 2018 --json
check_grep "2018 only" '"total": 2' "$TMP/out"
check_status "filters: year excludes" 0 $D search 实施办法 --year 2019 --json
check_grep "none in 2019" '"total": 0' "$TMP/out"
check_status "filters: validity" 0 $D search 养老服务 --validity repealed --json
check_grep "the repealed notice" '"total": 1' "$TMP/out"
check_status "search text output" 0 $D search 低保
check_grep "marked with brackets on a terminal" '【低保】' "$TMP/out"
check_status "empty query is bad input" 2 $D search '""'
check_status "bad --sort" 2 $D search 低保 --sort size

# ---- table 二 ----
check_status "stats set" 0 $D stats set --year 2019 --licensing 92 --penalty 3 --fees 1.25 compulsion.decisions=0
check_status "stats set refuses computed figures" 2 $D stats set --year 2019 normative.issued=5
check_status "stats set refuses fractions of decisions" 2 $D stats set --year 2019 --licensing 1.5
check_status "stats show --json (2019 layout)" 0 $D stats show --year 2019 --layout 2021 --json
cp "$TMP/out" "$TMP/j"
check_status "table 二 2019 figures" 0 python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["proactive"]
assert r["normative"]=={"issued":0,"repealed":0,"in_force":1}, r
assert r["licensing"]["decisions"]==92 and r["fees"]["amount_10k_yuan"]==1.25, r' "$TMP/j"
check_status "stats show, 2008 layout" 0 $D stats show --year 2018 --json
cp "$TMP/out" "$TMP/j"
check_status "channels counted once" 0 python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))["legacy"]
assert r["proactive.total"]==2 and r["proactive.website"]==2 and r["proactive.wechat"]==1, r' "$TMP/j"

# ---- the word list ----
check_status "words show" 0 $D words --show
check_grep "default list" '内部资料' "$TMP/out"
printf '# 本单位\n试点名单\n' >"$TMP/words.txt"
check_status "words set" 0 $D words --set "$TMP/words.txt" --as 孙七
check_status "a draft with the agency's word" 0 $D add --title 试点 --issuer 驻马店市民政局 --written 2024-06-03 --body '试点名单如下' --as 张三
W=$(cat "$TMP/out")
check_status "submit it" 0 $D submit "$W" --as 张三
check_grep "the agency's word is a hit" '敏感词「试点名单」' "$TMP/out"
check_status "words reset" 0 $D words --reset --as 孙七
check_status "vocab" 0 $D vocab
check_grep "vocab lists Art. 20" '（十五）' "$TMP/out"
# ---- a catalogue larger than the import's read block (1 MB): read and written
# a record at a time; a row the store refuses at the end, or SIGKILL in the
# middle, leaves nothing ----
python3 - "$TMP/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("title,docno,issuer,written,published,body\n")
    for i in range(400):
        body = "第%d号通知正文，" % i + "城乡低保标准按季度调整，请各县区民政局认真落实。\n" * 120
        f.write('流式导入测试%d,,驻马店市民政局,2021-03-01,2021-03-05,"%s"\n' % (i, body))
PY
check_status "doc.body_max_chars 20000" 0 "$G" agency set doc.body_max_chars 20000
printf '流式导入超长,,驻马店市民政局,2021-03-01,2021-03-05,%s\n' "$(head -c 70000 /dev/zero | tr '\0' 'x')" >>"$TMP/big.csv"
check_status "a refused last row: nothing imported" 2 $D import "$TMP/big.csv" --publish --as 孙七
check_grep "the row and the limit" 'big.csv:[0-9]+: .*at most 20000' "$TMP/err"
check_status "search after the refused import" 0 $D list --limit 1000
check_nogrep "none of the 400 written rows stayed" '流式导入测试' "$TMP/out"
sed -i '$d' "$TMP/big.csv"
wal0=$(stat -c %s "$TMP/g.db-wal" 2>/dev/null || echo 0)
$D import "$TMP/big.csv" --publish --as 孙七 >"$TMP/k.out" 2>&1 &
kpid=$!
grew=   # the second reading is writing rows: the WAL has grown by 2 MB since
for _ in $(seq 1 600); do
  [ "$(stat -c %s "$TMP/g.db-wal" 2>/dev/null || echo 0)" -gt $((wal0 + 2000000)) ] && { grew=1; break; }
  kill -0 $kpid 2>/dev/null || break
  sleep 0.05
done
kill -KILL $kpid 2>/dev/null; wait $kpid 2>/dev/null
[ -n "$grew" ] && ok "SIGKILL while rows were being written" || fail "SIGKILL while rows were being written (the WAL did not grow)"
check_status "list after SIGKILL in the middle" 0 $D list --limit 1000
check_nogrep "nothing of the killed import" '流式导入测试' "$TMP/out"
check_status "the same file imports whole" 0 $D import "$TMP/big.csv" --publish --as 孙七
check_grep "all 400" '已导入 400 份文件' "$TMP/out"
check_status "agency set doc.body_max_chars back" 0 "$G" agency set doc.body_max_chars 1000000
done_testing
