#!/usr/bin/env bash
# 互动交流 in headless Chromium at 390 px and 1366 px (tests/browser/engage_flows.py):
# the message form, receipt and follow-up, the answered messages, a draft open
# for comment with its form; screenshots in tests/out/screens/engage-*.png.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "not ok 1 - chromium is installed (scripts/deps.sh test installs it)"; echo "1..1"; exit 1
fi
DB=$TMP/g.db
demo_db "$DB" || { fail "demo database"; done_testing; exit 1; }
day() { date -u -d "$1 days" +%F; }
M="$G --db $DB message"
$M register --source website --kind consult --subject 低保申请材料 --body "城市低保需要准备哪些材料？" --name 周大伟 \
  --phone 13812340000 --public --received $(day -5) >/dev/null
$M assign 1 --handler 张经办 >/dev/null
$M answer 1 --text "持身份证、户口簿和收入证明到户籍所在地街道办事处申请。" >/dev/null
$M publish 1 >/dev/null
"$G" --db "$DB" consult open --kind decision --title 城市低保标准调整方案（征求意见稿） --opens $(day -5) --closes $(day 30) >/dev/null
"$G" --db "$DB" consult comment 1 --body "建议分档提高标准。" --name 吴评论 --contact 13700001111 >/dev/null
"$G" --db "$DB" consult moderate 1 --show >/dev/null
start_server
SCREENS=$GONGKAI_SRC/tests/out/screens
mkdir -p "$SCREENS"
python3 "$GONGKAI_SRC/tests/browser/engage_flows.py" "$B" "$SCREENS" | grep -v '^1\.\.' | tee "$TMP/flows.tap"
T_N=$(grep -cE '^(not )?ok ' "$TMP/flows.tap")
T_FAILED=$(grep -c '^not ok ' "$TMP/flows.tap")
finish
