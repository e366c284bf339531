# A platform for the tests of issue 13 (tests/e2e/http_platform.sh,
# tests/e2e/http_platform_browser.sh): the agencies of
# tests/data/platform/agencies.csv (青川市 with two counties and departments,
# 白河市 with one county), an account of every role, applications overdue and
# due soon, documents late and without interpretation, and the 2025 annual
# reports filed on time, late, or not at all. The clock is 10 March 2026
# (GONGKAI_TODAY); source it after lib.sh, then `platform_db DB`.
PLATFORM_PW=platform2026
export GONGKAI_TODAY=2026-03-10 GONGKAI_USER=setup

# pdb CODE ARGS...: gongkai on the platform database for one agency
pdb() { local a=$1; shift; "$G" --db "$PDB" --agency "$a" "$@"; }

# papp CODE RECEIVED REQUEST: an online application received on that day
papp() {
  pdb "$1" apply register --channel online --received "$2" --kind natural_person --name 张三 \
    --phone 13800000000 --request "$3" --delivery online
}

# preport CODE YEAR DAY: the report of YEAR drafted, signed off and published on DAY
preport() {
  GONGKAI_TODAY=$3 GONGKAI_NOW=${3}T10:00:00 pdb "$1" report draft --year "$2" --overview 概述 &&
  GONGKAI_TODAY=$3 GONGKAI_NOW=${3}T10:00:00 pdb "$1" report signoff --year "$2" --role leader &&
  GONGKAI_TODAY=$3 GONGKAI_NOW=${3}T10:00:00 pdb "$1" report publish --year "$2"
}

platform_db() {
  PDB=$1
  rm -f "$PDB"
  "$G" --db "$PDB" agency import "$GONGKAI_SRC/tests/data/platform/agencies.csv" >/dev/null || return 1
  local u
  for u in qcs:qcs-office:office qcs:qcs-admin:admin qcs:qcs-officer:officer qcs:qcs-reviewer:reviewer \
           qcs:qcs-leader:leader dcq:dcq-office:office bhs:bhs-office:office qcs-jyj:jyj-officer:officer; do
    IFS=: read -r ag login role <<<"$u"
    GONGKAI_PASSWORD=$PLATFORM_PW pdb "$ag" user add "$login" --name "$login" --role "$role" >/dev/null || return 1
  done
  # applications: one overdue in 东城区, one due soon and one not yet in 西山县, one last year each
  papp dcq 2026-01-05 "东城区2025年老旧小区改造项目清单" >/dev/null &&
  papp xsx 2026-02-09 "西山县2025年财政预算执行情况" >/dev/null &&
  papp xsx 2026-03-06 "西山县高滩镇宅基地审批情况" >/dev/null &&
  papp bhs 2026-01-05 "白河市2025年重大建设项目批准情况" >/dev/null &&
  papp dcq 2025-06-02 "东城区2024年教育经费" >/dev/null &&
  papp dcq-jyj 2025-07-01 "东城区学区划分依据" >/dev/null || return 1
  local no
  for no in dcq:2025-00001 dcq-jyj:2025-00001; do
    (export GONGKAI_TODAY=2025-08-01; chain_answer "pdb ${no%%:*}" "${no#*:}" 2025-07-20 --outcome granted) \
      >/dev/null || return 1
  done
  # documents: a normative document of 东城区 published late and without its interpretation
  cat >"$TMP/pdocs.csv" <<'CSV'
title,docno,issuer,written,published,body,genre
东城区义务教育阶段学校招生入学实施办法,东府规〔2026〕1号,东城区人民政府,2026-01-05,2026-03-02,学校招生入学按照划片就近的原则实施。,规范性文件
CSV
  pdb dcq doc import "$TMP/pdocs.csv" --publish >/dev/null || return 1
  cat >"$TMP/pdocs2.csv" <<'CSV'
title,docno,issuer,written,published,body,genre
青川市教育局关于做好2026年义务教育招生入学工作的通知,青教发〔2026〕3号,青川市教育局,2026-02-27,2026-03-02,各区县教育局：做好招生入学工作。,通知
CSV
  pdb qcs-jyj doc import "$TMP/pdocs2.csv" --publish >/dev/null || return 1
  # the 2025 reports: 市教育局 on time, 东城区 on time, 东城区教育局 late, 市民政局 none
  preport qcs-jyj 2025 2026-01-20 >/dev/null &&
  preport dcq 2025 2026-03-05 >/dev/null &&
  preport dcq-jyj 2025 2026-02-10 >/dev/null || return 1
}
