#!/usr/bin/env bash
# 撤回, 更正 and 公示期 from the command line: who may withdraw and with what,
# what staff still see, search and table 二 after a withdrawal, a correction
# through the chain with its version history, and a 公示 that leaves search
# the day after its last day (set with --publicity-until or an import column).
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/g.db GONGKAI_TODAY=2024-06-28
unset GONGKAI_USER GONGKAI_TODAY_FILE
D="$G doc"
for c in withdraw correct; do check_status "doc $c --help" 0 $D $c --help; done
check_grep "correct --help says the text stays public meanwhile" "published text stays public" "$TMP/out"
$D list >/dev/null 2>&1
sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, org_code, created_at) VALUES ('zmdmzj', '驻马店市民政局', '11410000005184320J', '2024-01-01')"
publish() {   # ID: the whole chain, published on 2024-06-20
  $D submit "$1" --as 张三 >/dev/null && $D review "$1" --approve --as 李四 >/dev/null &&
  $D review "$1" --approve --as 王五 >/dev/null && $D review "$1" --approve --as 赵六 >/dev/null &&
  $D publish "$1" --date 2024-06-20 --as 孙七 >/dev/null 2>&1
}
total() { $D search "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
published_2024() {
  $D stats show --year 2024 --layout 2008 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["legacy"]["proactive.total"])'
}

# ---- 撤回 ----
W=$($D add --title 关于撤回检验事项的通知 --issuer 驻马店市民政局 --written 2024-06-03 --body 撤回检验正文 --as 张三 2>/dev/null)
printf '撤回检验附件\n' >"$TMP/w.txt"
check_status "attach" 0 $D attach "$W" "$TMP/w.txt" --as 张三
check "publish" publish "$W"
[ "$(total 撤回检验)" = 1 ] && ok "search finds it" || fail "search before: $(total 撤回检验)"
check_status "a withdrawal needs --reason" 2 $D withdraw "$W" --as 孙七
check_grep "saying so" "reason TEXT is required" "$TMP/err"
check_status "the author alone may not withdraw" 1 $D withdraw "$W" --reason 错了 --role author --as 张三
check_grep "naming who may" "only 签发领导或公开办 may withdraw" "$TMP/err"
check_status "the office withdraws" 0 $D withdraw "$W" --reason "含未经审查的内部信息" --as 孙七
check_grep "saying it is off the site from today" "已于 2024-06-28 撤回" "$TMP/out"
[ "$(total 撤回检验)" = 0 ] && ok "search no longer finds it" || fail "search after: $(total 撤回检验)"
check_status "show" 0 $D show "$W"
check_grep "staff see it marked 已撤回" '\[已撤回\]' "$TMP/out"
check_grep "with the date, who and why" "撤回      2024-06-28 由 孙七 撤回：含未经审查的内部信息" "$TMP/out"
check_grep "the audit trail has it" "孙七 withdraw" "$TMP/out"
check_status "list" 0 $D list
check_grep "the list marks it" "已撤回" "$TMP/out"
check_status "staff still read its attachment" 0 $D attachment "$W" w.txt
check_status "withdrawn twice is refused" 1 $D withdraw "$W" --reason again --as 孙七
check_status "nor is it repealed" 1 $D repeal "$W" --date 2024-06-28 --as 孙七
check_grep "saying it was withdrawn" "was withdrawn" "$TMP/err"
O=$($D add --title 关于另一事项的通知 --issuer 驻马店市民政局 --written 2024-06-03 --body 另一正文 --as 张三 2>/dev/null)
publish "$O"
[ "$(published_2024)" = 1 ] && ok "table 二 counts only what is still published" || fail "table 二: $(published_2024)"

# ---- 更正 ----
C=$($D add --title 关于调整津贴标准的通知 --issuer 驻马店市民政局 --written 2024-06-03 --body 津贴每月一百元。 --as 张三 2>/dev/null)
publish "$C"
check_status "a published document is not edited" 1 $D edit "$C" --body x --as 张三
check_grep "the refusal names correct" "correct" "$TMP/err"
check_status "a correction needs --note" 2 $D correct "$C" --as 张三
check_status "start a correction with the corrected text" 0 $D correct "$C" --note 标准由一百元更正为一百二十元 \
  --body 津贴每月一百二十元。 --as 张三
K=$(cat "$TMP/out")
check_status "one correction at a time" 1 $D correct "$C" --note 又一处 --as 张三
[ "$(total 一百二十元)" = 0 ] && ok "in review, the correction is not searchable" || fail "correction found early"
[ "$(total 一百元)" = 1 ] && ok "and the published text stays" || fail "published text gone early"
check_status "show the correction draft" 0 $D show "$K"
check_grep "it is a 更正稿" "本稿为文件 $C 的更正稿" "$TMP/out"
check "the correction goes through the chain" publish "$K"
[ "$(total 一百二十元)" = 1 ] && ok "published, search finds the corrected text" || fail "corrected text not found"
[ "$(total 一百元)" = 0 ] && ok "and not the old one" || fail "old text still found"
check_status "show the document" 0 $D show "$C"
check_grep "it shows the 更正说明" "更正      2024-06-20 更正；更正说明：标准由一百元更正为一百二十元" "$TMP/out"
check_grep "and its versions" "第 1 版  关于调整津贴标准的通知" "$TMP/out"
check_status "show --version 1" 0 $D show "$C" --version 1
check_grep "the earlier text" "津贴每月一百元。" "$TMP/out"
check_status "an unknown version" 1 $D show "$C" --version 9
check_status "the correction draft is merged" 1 $D show "$K"
check_status "show --json" 0 $D show "$C" --json
cp "$TMP/out" "$TMP/j"
check "the JSON has the versions and the note" python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["correction_note"]=="标准由一百元更正为一百二十元" and d["corrected_on"]=="2024-06-20", d
assert [v["version"] for v in d["versions"]]==[1]' "$TMP/j"

# ---- 公示期 ----
check_status "--publicity-until before the date written is refused" 2 $D add --title 公示 --issuer 驻马店市民政局 \
  --written 2024-06-03 --publicity-until 2024-06-01 --as 张三
check_grep "naming the field" "publicity_until" "$TMP/err"
P=$($D add --title 关于公示检验人员的公示 --issuer 驻马店市民政局 --written 2024-06-03 --body 公示检验正文 \
  --publicity-until 2024-07-05 --as 张三 2>/dev/null)
publish "$P"
[ "$(GONGKAI_TODAY=2024-07-05 total 公示检验)" = 1 ] && ok "public on its last day" || fail "not public on its last day"
[ "$(GONGKAI_TODAY=2024-07-06 total 公示检验)" = 0 ] && ok "gone the day after, without any action" || fail "still found"
GONGKAI_TODAY=2024-07-06 $D show "$P" >"$TMP/out"
check_grep "staff see the 公示期 ended" "公示期至  2024-07-05（已期满，不再公开）" "$TMP/out"
printf 'title,docno,issuer,written,published,body,公示期至\n导入公示检验,,驻马店市民政局,2024-06-01,2024-06-02,导入公示正文,2024-06-10\n' >"$TMP/im.csv"
check_status "import with a 公示期 column" 0 $D import "$TMP/im.csv" --publish --as 孙七
[ "$(total 导入公示)" = 0 ] && ok "an imported 公示 past its end is not public" || fail "imported 公示 found"
printf 'title,docno,issuer,written,published,body,publicity_until\n坏,,驻马店市民政局,2024-06-01,2024-06-02,x,2024-05-01\n' >"$TMP/bad.csv"
check_status "an import 公示期 before the date written is refused" 2 $D import "$TMP/bad.csv" --publish --as 孙七
check_grep "naming the line and the field" "publicity_until" "$TMP/err"
done_testing
