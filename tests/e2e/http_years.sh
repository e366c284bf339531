#!/usr/bin/env bash
# Years after 2100 (issue 16): the calendar counts deadlines to 2199, so an
# application registered in 2150 and a document of 2150 (its 文号 〔2150〕 and
# 成文日期) must be found by every year filter: the console's applications
# and documents, the public search, the report JSON read back. One range for all of
# them (base/limits.h LIM_YEAR_FIRST..LIM_YEAR_LAST); past it, refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
export GONGKAI_TODAY=2150-03-02
check "agency add" "$G" --db "$DB" agency add hzmz --name 河州市民政局 --org-code 11411700MB0000001X
check "user add" env GONGKAI_PASSWORD=office2026pw "$G" --db "$DB" user add ban --name 公开办 --role office
check_status "an application received in 2150 registers" 0 "$G" --db "$DB" apply register --channel letter \
  --received 2150-03-02 --kind natural_person --name 王小明 --phone 13800001111 --request "2150年养老补贴名单" --delivery paper_pickup
NO=$(sed -n 's/^已登记 \([0-9-]*\).*/\1/p' "$TMP/out")
check_status "a document of 2150 with its 文号 〔2150〕" 0 "$G" --db "$DB" doc add --title 关于2150年养老补贴的通知 \
  --issuer 河州市民政局 --written 2150-02-20 --docno "河民〔2150〕3号" --body 正文 --actor ban
start_server
login ban office2026pw
as ban GET "/console/applications?year=2150"
check_code "the console's applications filtered by 2150" 200
check_body "list the application" "$NO"
check_body "the year field runs to 2199" 'name="year" min="2019" max="2199"' 
as ban GET "/console/applications?year=2200"
check_code "a year past the range is refused" 400
as ban GET "/console/docs?year=2150"
check_code "the console's documents filtered by 2150" 200
check_body "list the document" "关于2150年养老补贴的通知"
as ban GET "/console/docs?year=2200"
check_body "past the range: the range named" "年度应为1949至2199之间的年份"
req GET "/search?year=2150"
check_code "the public search takes 2150" 200
check_status "the report of 2150 is generated from the register" 0 "$G" --db "$DB" report generate --year 2150 --out "$TMP/r.json"
check_status "and its JSON reads back (a reporting year to 2199)" 0 "$G" report check "$TMP/r.json"
sed -i 's/"year": 2150/"year": 2200/' "$TMP/r.json"
check_status "a JSON report of 2200 is refused" 2 "$G" report check "$TMP/r.json"
check_grep "naming the range" "not a reporting year \(1990–2199\)" "$TMP/err"
done_testing
