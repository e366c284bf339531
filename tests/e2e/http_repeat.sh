#!/usr/bin/env bash
# Repeated requests (《条例》第四十四条, issue 16 item 7): ten applicants ask
# for the same list in their own words, among unrelated applications; the
# console groups exactly those ten and proposes publishing the list once one
# of them was answered 予以公开; "publish" makes a draft that the officer
# submits and the reviewer is offered, the applications are linked to it,
# and a second publication of the same group, one mixing in another
# application, or malformed ids are refused. The threshold is a setting.
# Three applications worded differently whose replies released the same
# file are grouped too, and proposed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; done_testing; exit 1; }
SAME=(
  "申请公开2025年青川市城乡最低生活保障对象名单"
  "请提供青川市2025年城乡最低生活保障对象名单。"
  "我想了解2025年度青川市城乡最低生活保障对象的名单"
  "要求公开青川市城乡最低生活保障对象名单（2025年）"
  "2025年青川市城乡低保对象名单"
  "青川市2025年城乡最低生活保障对象名单公示"
  "请公开贵局2025年城乡最低生活保障对象名单（青川市）"
  "本人申请获取2025年青川市城乡最低生活保障对象名单一份"
  "关于2025年青川市城乡最低生活保障对象名单的政府信息"
  "申请：青川市城乡最低生活保障对象2025年名单"
)
OTHER=("2025年青川市政府工作报告全文" "青川市养老机构床位补贴发放标准" "2026年第三季度殡葬服务收费项目" "某小区拆迁补偿安置方案")
reg() {  # reg NAME PHONE REQUEST -> prints the application number
  "$G" --db "$DB" apply register --channel in_person --received 2026-11-02 --kind natural_person --name "$1" \
    --phone "$2" --request "$3" --delivery paper_pickup --actor xinxiyuan | sed -n 's/.*\(2026-[0-9]\{5\}\).*/\1/p' | head -1
}
NOS=() ; i=0
for q in "${SAME[@]}"; do NOS+=("$(reg "申请人$i" "1380000$(printf %04d $i)" "$q")"); i=$((i + 1)); done
ONOS=()
for q in "${OTHER[@]}"; do ONOS+=("$(reg "其他人$i" "1390000$(printf %04d $i)" "$q")"); i=$((i + 1)); done
[ "${#NOS[@]}" = 10 ] && [ -n "${NOS[9]}" ] && [ -n "${ONOS[3]}" ] && ok "fourteen applications registered" \
  || fail "fourteen applications registered (${NOS[*]} / ${ONOS[*]})"
start_server
for u in xinxiyuan shenhe; do login $u; done
post() { local u=$1 p=$2; shift 2; as $u POST "$p" --data-urlencode "csrf=$(csrf_of $u)" "$@"; }
# the group holding the first of the ten, as application numbers
group_of() { python3 - "$TMP/body" "$1" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
for sec in re.findall(r'<section class="repeat-group".*?</section>', html, re.S):
    nos = re.findall(r'/console/applications/([0-9-]+)"', sec)
    if sys.argv[2] in nos:
        print(" ".join(sorted(set(nos))))
        print("PROPOSED" if "建议主动公开</span>" in sec else "NOT")
        print("FORM" if 'name="apps"' in sec else "NOFORM")
        m = re.search(r'name="apps" value="([0-9,]*)"', sec)
        print(m.group(1) if m else "")
PY
}
as xinxiyuan GET /console/repeats
group_of "${NOS[0]}" >"$TMP/g1"
WANT=$(printf '%s\n' "${NOS[@]}" | sort | tr '\n' ' ' | sed 's/ $//')
[ "$(sed -n 1p "$TMP/g1")" = "$WANT" ] && ok "the ten are one group, and nothing else is in it" \
  || fail "the ten are one group ($(sed -n 1p "$TMP/g1") vs $WANT)"
check_grep "the group counts ten applicants" "第[0-9]+组：10件申请，10位申请人" "$TMP/body"
[ "$(sed -n 2p "$TMP/g1")" = NOT ] && ok "not proposed while none was answered 予以公开" || fail "not proposed while none was answered"
check_status "one of them is answered 予以公开" 0 chain_answer "$G --db $DB" "${NOS[3]}" 2026-11-20 --outcome granted
as xinxiyuan GET /console/repeats
group_of "${NOS[0]}" >"$TMP/g1"
[ "$(sed -n 2p "$TMP/g1")" = PROPOSED ] && [ "$(sed -n 3p "$TMP/g1")" = FORM ] \
  && ok "now proposed for proactive publication, with the publishing form" || fail "proposed: $(cat "$TMP/g1")"
BAD=
for n in "${ONOS[@]}"; do
  group_of "$n" >"$TMP/g2"
  [ "$(sed -n 2p "$TMP/g2")" = PROPOSED ] && BAD="$BAD $n"
done
[ -z "$BAD" ] && ok "no unrelated application is proposed" || fail "unrelated applications proposed:$BAD"
APPS=$(sed -n 4p "$TMP/g1")
# the threshold is a setting: eleven applicants needed, the ten are not proposed
check_status "art44.min_applicants 1 is refused" 2 "$G" --db "$DB" apply settings art44.min_applicants 1 --actor gongkaiban
check_grep "naming the setting and the range" "art44.min_applicants: '1' is not a number of applicants from 2 to 1000" "$TMP/err"
check_status "art44.min_applicants is set to 11" 0 "$G" --db "$DB" apply settings art44.min_applicants 11 --actor gongkaiban
as xinxiyuan GET /console/repeats
group_of "${NOS[0]}" >"$TMP/g3"
[ "$(sed -n 2p "$TMP/g3")" = NOT ] && ok "with art44.min_applicants = 11 the ten are not proposed" || fail "threshold setting: $(cat "$TMP/g3")"
post xinxiyuan /console/repeats --data-urlencode "apps=$APPS" -d title=x --data-urlencode "body=y"
check_code "and publishing them is refused" 409
check_status "and back to 3" 0 "$G" --db "$DB" apply settings art44.min_applicants 3 --actor gongkaiban
OTHER_ID=$(sqlite3 "$DB" "SELECT id FROM application WHERE app_no = '${ONOS[0]}'")
post xinxiyuan /console/repeats --data-urlencode "apps=$APPS,$OTHER_ID" -d title=x --data-urlencode "body=y"
check_code "a set mixing in an unrelated application is refused" 409
post xinxiyuan /console/repeats --data-urlencode "apps=12,x" -d title=x -d body=y
check_code "malformed ids are refused" 422
post xinxiyuan /console/repeats --data-urlencode "apps=$APPS" -d title= --data-urlencode "body=y"
check_code "a draft without a title is refused" 422
check "and nothing was linked" sh -c "[ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM repeat_link')\" = 0 ]"
post shenhe /console/repeats --data-urlencode "apps=$APPS" -d title=x -d body=y
check_code "a reviewer may not draft" 403
post xinxiyuan /console/repeats --data-urlencode "apps=$APPS" --data-urlencode "title=2025年青川市城乡最低生活保障对象名单" \
  --data-urlencode "body=根据《条例》第四十四条纳入主动公开。名单见附件。"
check_code "the officer makes the draft" 303
DOC=$(sed -n 's/^Location: \/console\/docs\/\([0-9]*\).*\r$/\1/p' "$TMP/hdr")
check "it is a draft of the agency with the title" sh -c "[ \"\$(sqlite3 '$DB' \"SELECT state || '|' || title FROM doc WHERE id = '$DOC'\")\" = 'draft|2025年青川市城乡最低生活保障对象名单' ]"
check "the ten applications are linked to it" sh -c "[ \"\$(sqlite3 '$DB' \"SELECT count(*) FROM repeat_link WHERE doc_id = '$DOC'\")\" = 10 ]"
check "the audit trail records the proposal with the applications" sh -c "sqlite3 '$DB' \"SELECT after_json FROM audit WHERE action = 'art44_proposed' AND entity_id = '$DOC'\" | grep -q '\"article\":\"44\"'"
as xinxiyuan GET /console/repeats
check_grep "the group now shows its draft" "已拟稿主动公开：<a href=\"/console/docs/$DOC\">" "$TMP/body"
post xinxiyuan /console/repeats --data-urlencode "apps=$APPS" -d title=x -d body=y
check_code "the same group cannot be published twice" 409
# the draft goes through the review chain like any other
post xinxiyuan /console/docs/$DOC/step -d action=submit
check_code "the officer submits the draft for review" 303
as shenhe GET /console/docs/$DOC
check_grep "the reviewer is offered the approval" 'value="approve"' "$TMP/body"
as shenhe GET /console/docs
check_grep "and finds it in the document list" "/console/docs/$DOC\"" "$TMP/body"
# worded differently, the same file released: grouped by what the replies released
R1=$(reg 征收人甲 13700000001 "某小区房屋征收补偿安置方案")
R2=$(reg 征收人乙 13700000002 "请公开旧城改造项目的补偿标准")
printf '某小区房屋征收补偿安置方案（公示稿）\n一、补偿标准……\n' >"$TMP/方案.txt"
for no in "${ONOS[3]}" "$R1" "$R2"; do
  check_status "$no answered, releasing the scheme" 0 chain_answer "$G --db $DB" "$no" 2026-11-20 --outcome granted \
    --file "$TMP/方案.txt"
done
as xinxiyuan GET /console/repeats
group_of "${ONOS[3]}" >"$TMP/g3"
WANT=$(printf '%s\n' "${ONOS[3]}" "$R1" "$R2" | sort | tr '\n' ' ' | sed 's/ $//')
[ "$(sed -n 1p "$TMP/g3")" = "$WANT" ] && ok "three requests worded differently that released the same file are one group" \
  || fail "grouped by the file released ($(sed -n 1p "$TMP/g3") vs $WANT)"
[ "$(sed -n 2p "$TMP/g3")" = PROPOSED ] && ok "proposed for Art. 44 publication" || fail "proposed for Art. 44 publication"
check_grep "the page says why they are one group" "归组依据包括答复中公开的相同文件" "$TMP/body"
stop_server
[ "${SERVER_STATUS:-1}" = 0 ] && ok "the server stops cleanly" || fail "the server stops cleanly ($SERVER_STATUS)"
check_nogrep "the server ran clean under the sanitizers" "ERROR: AddressSanitizer|runtime error" "$TMP/serve.err"
done_testing
