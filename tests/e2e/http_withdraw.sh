#!/usr/bin/env bash
# Taking back and correcting what was published, over HTTP with the page
# cache on: 撤回 (the page, every attachment, search, the catalogue, the home
# page's list and the public JSON show nothing of the document at once; the
# page and files answer 410 with a one-line notice), 公示期 (a 公示 is gone
# the day after its last day without any action, cached page or not), 更正
# (the correction goes through the chain while the published text stays; then
# the page shows the corrected text with its 更正说明, staff read the earlier
# version), and a repealed recipient list whose files are no longer served.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
unset GONGKAI_TODAY
T0=$(date +%F)
T1=$(date -d "$T0 +1 day" +%F)
echo "$T0" >"$TMP/today"
export GONGKAI_TODAY_FILE=$TMP/today   # the clock of the server and the CLI, moved below
start_server
for u in xinxiyuan shenhe fushen lingdao gongkaiban; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
loc() { sed -n 's/^Location: \([^?]*\).*\r$/\1/p' "$TMP/hdr"; }
new_doc() {   # TITLE BODY [more fields...] → $ID
  local t=$1 b=$2; shift 2
  post xinxiyuan /console/docs --data-urlencode "title=$t" -d issuer=青川市民政局 -d written=$T0 -d category=社会救助 \
    --data-urlencode "body=$b" "$@"
  ID=$(loc | sed 's|/console/docs/||')
}
attach() { as xinxiyuan POST "/console/docs/$1/attachments?csrf=$(csrf_of xinxiyuan)" -F "file=@$2;type=text/plain"; }
chain() {     # ID [author]: submit, three approvals, publication today
  post ${2:-xinxiyuan} /console/docs/$1/step -d action=submit
  for u in shenhe fushen lingdao; do post $u /console/docs/$1/step -d action=approve -d comment=同意; done
  post gongkaiban /console/docs/$1/step -d action=publish -d date=$T0 -d channel=website
}
enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
# every public place a document shows: its page, its file, search, the
# catalogue, the home page's list, the public JSON list and item
public_views() {   # ID FILEURL TERM → $TMP/v.* (status and body of each)
  local id=$1 f=$2 q; q=$(enc "$3")
  local i=0
  for p in /doc/$id "$f" "/search?q=$q" /catalogue / "/api/v1/public/documents?q=$q" /api/v1/public/documents/$id; do
    i=$((i + 1))
    curl -s -o "$TMP/v.$i" -w '%{http_code}' "$B$p" >"$TMP/c.$i"
  done
}
code_of() { cat "$TMP/c.$1"; }

# ---- 撤回 ----
new_doc "关于撤回检验甲号事项的通知" "撤回检验正文：请各单位周知。"
W=$ID
printf '撤回检验附件内容\n' >"$TMP/w.txt"
attach $W "$TMP/w.txt"
check_code "the attachment is added" 303
chain $W
WF=$(sqlite3 "$DB" "SELECT '/doc/' || doc_id || '/files/' || id FROM doc_attachment WHERE doc_id = $W")
for round in 1 2; do public_views $W "$WF" 撤回检验; done   # the second round comes from the cache
[ "$(code_of 1)" = 200 ] && ok "the page is public" || fail "the page: $(code_of 1)"
check_grep "the page shows the text" "撤回检验正文" "$TMP/v.1"
req GET "$WF"
check_header "caches in front may keep the file a minute only" "^Cache-Control: public, max-age=60"
[ "$(code_of 2)" = 200 ] && ok "the attachment is public" || fail "the attachment: $(code_of 2)"
check_grep "search finds it" "撤回检验甲号" "$TMP/v.3"
check_grep "the catalogue lists it" "撤回检验甲号" "$TMP/v.4"
check_grep "the home page lists it" "撤回检验甲号" "$TMP/v.5"
check_grep "the public JSON lists it" '"total":1' "$TMP/v.6"
post lingdao /console/docs/$W/step -d action=withdraw
check_code "a withdrawal without a reason is refused" 409
check_body "saying a reason is needed" "撤回须填写理由"
post shenhe /console/docs/$W/step -d action=withdraw -d comment=不应公开
check_code "a reviewer may not withdraw" 403
as lingdao GET /console/docs/$W
check_body "the leader has the withdraw form" 'name="action" value="withdraw"'
post lingdao /console/docs/$W/step -d action=withdraw --data-urlencode "comment=含未经审查的内部信息"
check_code "the leader withdraws it" 303
public_views $W "$WF" 撤回检验
[ "$(code_of 1)" = 410 ] && ok "the page answers 410 at once (page cache on)" || fail "the page: $(code_of 1)"
check_grep "with a one-line notice and the date" "该文件已于 $T0 撤回，不再公开。" "$TMP/v.1"
check_nogrep "and nothing of the document" "撤回检验|甲号" "$TMP/v.1"
[ "$(code_of 2)" = 410 ] && ok "the attachment answers 410" || fail "the attachment: $(code_of 2)"
check_nogrep "without its content" "撤回检验附件内容" "$TMP/v.2"
req GET "$WF"
check_header "the 410 is not cached" "^Cache-Control: no-store"
check_nogrep "search does not find it" "撤回检验甲号" "$TMP/v.3"
check_grep "search says nothing was found" "没有找到相关信息" "$TMP/v.3"
check_nogrep "the catalogue does not list it" "撤回检验甲号" "$TMP/v.4"
check_nogrep "the home page does not list it" "撤回检验甲号" "$TMP/v.5"
check_grep "the public JSON list has nothing" '"total":0' "$TMP/v.6"
[ "$(code_of 7)" = 410 ] && ok "the public JSON item answers 410" || fail "the JSON item: $(code_of 7)"
check_grep "with the code withdrawn" '"code":"withdrawn"' "$TMP/v.7"
as gongkaiban GET /console/docs/$W
check_body "staff still see it, marked 已撤回" "已撤回"
check_body "with the reason" "含未经审查的内部信息"
check_not_body "and no withdraw button any more" 'value="withdraw"'
as gongkaiban GET "/console/docs/$(echo $WF | sed 's|/doc/[0-9]*/files/||;s|^|'$W'/files/|')"
check_code "staff still read its attachment" 200
check "the audit trail has who withdrew it and why" sh -c \
  "sqlite3 '$DB' \"SELECT actor || ' ' || after_json FROM audit WHERE entity='document' AND entity_id=$W AND action='withdraw'\" | grep -q '^lingdao .*含未经审查的内部信息'"
post lingdao /console/docs/$W/step -d action=repeal -d date=$T0
check_code "a withdrawn document takes no other step" 409

# ---- 公示期: gone after its last day, without any action ----
new_doc "关于公示检验乙号人员的公示" "公示检验正文：公示期内如有异议请反映。" -d publicity_until=$T0
P=$ID
printf '公示检验附件\n' >"$TMP/p.txt"
attach $P "$TMP/p.txt"
chain $P
PF=$(sqlite3 "$DB" "SELECT '/doc/' || doc_id || '/files/' || id FROM doc_attachment WHERE doc_id = $P")
for round in 1 2; do public_views $P "$PF" 公示检验; done
[ "$(code_of 1)" = 200 ] && ok "the 公示 is public on its last day" || fail "the 公示: $(code_of 1)"
check_grep "the page shows the 公示期" "公示期至 $T0" "$TMP/v.1"
check_grep "search finds it" "公示检验乙号" "$TMP/v.3"
cp "$TMP/v.1" "$TMP/p.cached"
echo "$T1" >"$TMP/today"   # midnight: no request, no write, no job
public_views $P "$PF" 公示检验
[ "$(code_of 1)" = 410 ] && ok "the day after, the page answers 410 (the cached page does not survive)" \
  || fail "the day after: $(code_of 1)"
check_grep "saying the 公示期 ended, with its date" "公示期已于 $T0 结束" "$TMP/v.1"
check_nogrep "and nothing of it" "公示检验" "$TMP/v.1"
[ "$(code_of 2)" = 410 ] && ok "its attachment answers 410" || fail "the attachment: $(code_of 2)"
check_nogrep "search does not find it" "公示检验乙号" "$TMP/v.3"
check_nogrep "the catalogue does not list it" "公示检验乙号" "$TMP/v.4"
check_nogrep "the home page does not list it" "公示检验乙号" "$TMP/v.5"
check_grep "the public JSON list has nothing" '"total":0' "$TMP/v.6"
as gongkaiban GET /console/docs/$P
check_body "staff see it as 公示期满" "公示期满"
echo "$T0" >"$TMP/today"

# ---- 更正 ----
new_doc "关于调整更正检验津贴的通知" "津贴标准为每月一百元。"
C=$ID
chain $C
req GET /doc/$C
check_body "the first text is public" "每月一百元"
post xinxiyuan /console/docs/$C/edit --data-urlencode "title=改" -d issuer=青川市民政局 -d written=$T0 -d body=x
check_code "a published document is not edited" 403
post xinxiyuan /console/docs/$C/step -d action=correct
check_code "a correction needs its 更正说明" 409
post xinxiyuan /console/docs/$C/step -d action=correct --data-urlencode "comment=津贴标准由每月一百元更正为每月一百二十元"
check_code "the author starts a correction" 303
K=$(loc | sed 's|/console/docs/||')
[ -n "$K" ] && [ "$K" != "$C" ] && ok "the correction is a draft of its own ($K)" || fail "correction draft: '$K'"
post xinxiyuan /console/docs/$K/edit --data-urlencode "title=关于调整更正检验津贴的通知" -d issuer=青川市民政局 \
  -d written=$T0 -d category=社会救助 --data-urlencode "body=津贴标准为每月一百二十元。"
check_code "the author corrects the text" 303
req GET /doc/$K
check_code "the correction draft is not public" 404
chain $K
req GET /doc/$C
check_body "once published, the page shows the corrected text" "每月一百二十元"
sed 's/.*<div class="doc-body">//' "$TMP/body" >"$TMP/docbody"
check_nogrep "and not the old one" "每月一百元" "$TMP/docbody"
check_body "with its 更正说明" "更正说明</strong>（$T0更正）：津贴标准由每月一百元更正为每月一百二十元"
req GET "/search?q=$(enc 一百二十元)"
check_body "search finds the corrected text" "更正检验津贴"
as gongkaiban GET /console/docs/$C
check_body "the console lists the earlier version" "/console/docs/$C/versions/1"
as gongkaiban GET /console/docs/$C/versions/1
check_code "staff read it" 200
check_body "the earlier text" "每月一百元"

# ---- the same through the JSON API ----
login admin
tok() {
  as admin POST /api/v1/tokens -H "Content-Type: application/json" -H "X-CSRF-Token: $(csrf_of admin)" -d "{\"user\":\"$1\",\"name\":\"t\"}"
  sed -n 's/.*"token":"\(gk_[0-9a-f]*\)".*/\1/p' "$TMP/body"
}
OFFICER=$(tok xinxiyuan); LEADER=$(tok lingdao)
api() { local t=$1 m=$2 p=$3; shift 3; req "$m" "$p" -H "Authorization: Bearer $t" -H "Content-Type: application/json" "$@"; }
api $OFFICER GET "/api/v1/documents?state=published"
check_body "the staff list marks the withdrawn document" "\"id\":$W,[^}]*\"withdrawn_on\":\"$T0\""
check_body "with its label" '"state_label":"已撤回"'
api $OFFICER POST /api/v1/documents/$C/steps -d "{\"action\":\"correct\",\"comment\":\"再次更正\",\"fields\":{\"title\":\"关于调整更正检验津贴的通知\",\"issuer\":\"青川市民政局\",\"written\":\"$T0\",\"body\":\"津贴标准为每月一百三十元。\"}}"
check_code "a correction through the API" 200
check_body "names the correction draft" '"document":[0-9]+'
K2=$(sed -n 's/.*"document":\([0-9]*\).*/\1/p' "$TMP/body")
api $OFFICER GET /api/v1/documents/$K2
check_body "which holds the corrected fields" "每月一百三十元"
check_body "and the document it corrects" "\"corrects\":$C"
api $OFFICER POST /api/v1/documents/$C/steps -d '{"action":"withdraw","comment":"x"}'
check_code "the officer may not withdraw through the API" 403
api $LEADER POST /api/v1/documents/$C/steps -d '{"action":"withdraw","comment":"津贴政策暂停执行"}'
check_code "the leader withdraws through the API" 200
req GET /api/v1/public/documents/$C
check_code "the public JSON answers 410" 410
req GET /doc/$C
check_code "and the page" 410

# ---- a repealed recipient list keeps its page, not its files ----
new_doc "关于低保对象名单的公示" "姓名	住址
张三明	青川县乔庄镇城北社区" -d recipient_list=1
L=$ID
printf '姓名\t住址\n张三明\t青川县乔庄镇城北社区\n' >"$TMP/l.txt"
attach $L "$TMP/l.txt"
chain $L
LF=$(sqlite3 "$DB" "SELECT '/doc/' || doc_id || '/files/' || id FROM doc_attachment WHERE doc_id = $L")
req GET "$LF"
check_code "a list in force: its masked file is served" 200
req GET /doc/$L
check_body "a list in force shows its (masked) list" "张\*明"
post gongkaiban /console/docs/$L/step -d action=repeal -d date=$T0
check_code "the list is repealed" 303
req GET /doc/$L
check_code "its page stays readable" 200
check_body "marked 已废止" "已废止"
check_not_body "without links to its files" "/files/"
check_not_body "nor the list itself" "张\*明"
check_body "saying so" "名单内容和附件不再公开"
req GET /api/v1/public/documents/$L
check_not_body "the public JSON has no body either" '"body":'
req GET "/search?q=$(enc 城北社区)"
check_body "search still lists the repealed list" "低保对象名单"
check_not_body "a search snippet shows no line of it" "张\*明"
req GET "$LF"
check_code "its file answers 410" 410
finish
