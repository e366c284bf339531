#!/usr/bin/env bash
# 证件类型: an application registers with each type of identity paper from
# the command line, the public form and the API, each number checked by its
# own rule (a wrong one refused naming the paper's rule); and the outcome
# 已主动公开，告知获取途径 (Art. 36(一)), whose letter says where the
# information is and which table 三 counts under 予以公开.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
export GONGKAI_DB=$TMP/papers.db GONGKAI_TODAY=2024-03-25 GONGKAI_USER=张科员
A="$G apply"
sqlite3_init() { $A list >/dev/null 2>&1; sqlite3 "$GONGKAI_DB" "INSERT INTO agency(code, name, created_at) VALUES ('qcmzj', '青川市民政局', '2024-01-01')"; }
sqlite3_init
REG=(--channel in_person --received 2024-03-04 --submitted 2024-03-04 --phone 13800000000
     --request "2023年全市城乡低保资金发放情况" --delivery paper_pickup)
# type, a valid number, an invalid one, the applicant kind
PAPERS=(
  "id_card 11010519491231002X 110105194912310021 natural_person"
  "hkmo_permit H12345678 A123456(7) natural_person"
  "hkmo_residence 810000199408230021 810000199408230022 natural_person"
  "tw_permit 12345678 1234567A natural_person"
  "tw_residence 83000019850615456X 830000198506154561 natural_person"
  "passport E12345678 E1234-5678 natural_person"
  "permanent_residence USA110018503125 US1110018503125 natural_person"
  "uscc 91350100M000100Y43 91350100M000100Y44 commercial"
  "other AB-12345 A1 natural_person"
)
n=0
for p in "${PAPERS[@]}"; do
  set -- $p
  check_status "CLI: $1 with a wrong number is refused" 2 $A register "${REG[@]}" --kind "$4" --name 申请人 --id-type "$1" --id-number "$3"
  check_grep "naming the number and the paper's rule" "^gongkai: --id-number: not a valid .*: " "$TMP/err"
  check_status "CLI: an application with a $1 registers" 0 $A register "${REG[@]}" --kind "$4" --name 申请人 --id-type "$1" --id-number "$2"
  n=$((n + 1))
  no=$(printf '2024-%05d' $n)
  # the type in the clear, the number sealed (§17) and read back whole through the store
  [ "$(sqlite3 "$GONGKAI_DB" "SELECT id_type FROM application WHERE app_no = '$no'")" = "$1" ] &&
    [ "$($A show "$no" --json | python3 -c "import json,sys; print(json.load(sys.stdin)['id_number'])")" = "$2" ] &&
    ! sqlite3 "$GONGKAI_DB" "SELECT id_number FROM application WHERE app_no = '$no'" | grep -qF -- "$2" &&
    ok "kept as $1 (the number sealed)" || fail "stored: $(sqlite3 "$GONGKAI_DB" "SELECT id_type, id_number FROM application WHERE app_no = '$no'")"
done
check_status "show" 0 $A show 2024-00002
check_grep "show names the paper" "证件号码  H12345678（港澳居民来往内地通行证）" "$TMP/out"
check_status "an unknown type is refused" 2 $A register "${REG[@]}" --kind natural_person --name 申请人 --id-type 驾驶证 --id-number 123456
check_grep "naming --id-type" "^gongkai: --id-type: " "$TMP/err"
check_status "a type by its Chinese name" 0 $A register "${REG[@]}" --kind natural_person --name 申请人 --id-type 台湾居民来往大陆通行证 --id-number 87654321
check_status "register --help lists the papers" 0 $A register --help
check_grep "with their codes" "hkmo_permit 港澳居民来往内地通行证" "$TMP/out"

# Art. 36(一): already published, the letter says where
check_status "the reply needs where it is" 2 $A answer 2024-00001 --outcome granted.published --date 2024-03-20
check_grep "naming --detail" "^gongkai: --detail: " "$TMP/err"
# the reply is drafted and approved first (the handling chain, issue 18)
check_status "approver named" 0 $A settings disclosure.approvers 王主任
PUB_DETAIL="本机关门户网站“法定主动公开内容—社会救助”栏目（索引号 115111000087654321/2024-00012）"
for app in 2024-00001 2024-00002; do
  out=granted; [ $app = 2024-00001 ] && out=granted.published
  check_status "$app assigned" 0 $A assign $app --to 经办人 --actor 王主任 --date 2024-03-20
  check_status "$app drafted" 0 $A draft $app --outcome $out --detail "$([ $app = 2024-00001 ] && echo "$PUB_DETAIL")" \
    --actor 经办人 --date 2024-03-20
  check_status "$app approved" 0 $A approve $app --actor 王主任 --date 2024-03-20
done
check_status "answer: already published" 0 $A answer 2024-00001 --outcome granted.published --date 2024-03-20 \
  --detail "本机关门户网站“法定主动公开内容—社会救助”栏目（索引号 115111000087654321/2024-00012）" --letter
check_grep "the letter says it was published" "经审查，您申请获取的信息已经主动公开，您可以通过以下途径获取：本机关门户网站“法定主动公开内容—社会救助”栏目" "$TMP/out"
check_grep "and cites Art. 36(一)" "第三十六条第（一）项" "$TMP/out"
check_status "a plain grant" 0 $A answer 2024-00002 --outcome granted --date 2024-03-20
check_status "outcomes lists it" 0 $A outcomes
check_grep "counted as 予以公开" "^granted.published +予以公开$" "$TMP/out"
check_grep "under Art. 36(一)" "第三十六条第（一）项" "$TMP/out"
check_status "report generate" 0 $G report generate --year 2024
cp "$TMP/out" "$TMP/report.json"
check "table 三 counts both under 予以公开" python3 -c "
import json,sys; j=json.load(open('$TMP/report.json')); g=j['applications']['granted']
assert g[0] == 2 and g[-1] == 2, g"

# the public form and the API
unset GONGKAI_TODAY
start_server
req GET /apply -c "$TMP/jar"
check_body "the form offers the papers" '<option value="hkmo_permit">港澳居民来往内地通行证</option>'
C=$(form_csrf "$TMP/body")
form() { req POST /apply -b "$TMP/jar" --data-urlencode "csrf=$C" -d kind=natural_person -d name=陈大文 -d phone=85291234567 \
           --data-urlencode "request=2025年低保标准" -d delivery=online -d agree=1 "$@"; }
form -d id_type=hkmo_permit -d id_number=A123456
check_code "the form refuses a wrong permit number" 422
check_body "with the permit's rule in Chinese" "港澳居民来往内地通行证号码应为H或M开头加8位数字"
form -d id_type=hkmo_permit -d id_number=H12345678
check_code "the form registers a Hong Kong resident with a permit" 303
[ "$(sqlite3 "$DB" "SELECT id_type FROM application ORDER BY id DESC LIMIT 1")" = hkmo_permit ] &&
  ok "kept with its type" || fail "web: id_type not kept"
form -d id_type=hkmo_permit -d id_number=H1234567X
check_code "another wrong number" 422
T=$(own_token gongkaiban api)
api() { req POST /api/v1/applications -H "Authorization: Bearer $T" -H "Content-Type: application/json" -d "$1"; }
BODY='{"channel":"in_person","received":"%s","kind":"%s","name":"申请机构","id_type":"%s","id_number":"%s","phone":"0839-5550000","request":"某项目批复","delivery":"paper_pickup"}'
api "$(printf "$BODY" "$(date +%F)" commercial uscc 91350100M000100Y43)"
check_code "the API registers an organisation by its 统一社会信用代码" 201
check_body "answering its type" '"id_type":"uscc"'
api "$(printf "$BODY" "$(date +%F)" commercial uscc 91350100M000100Y44)"
check_code "the API refuses a wrong check character" 422
check_body "naming id_number" 'id_number'
api "$(printf "$BODY" "$(date +%F)" natural_person passport X1234567)"
check_code "the API registers a foreigner with a passport" 201
api "$(printf "$BODY" "$(date +%F)" natural_person 驾驶证 X1234567)"
check_code "the API refuses an unknown paper" 422
done_testing
