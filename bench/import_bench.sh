#!/usr/bin/env bash
# bench/import_bench.sh — `gongkai doc import --publish` of generated
# catalogues of N documents (default 20,000 and 100,000) into a fresh SQLite
# database each: wall time, documents/s, peak memory (RSS), and the ratio of
# each size's time to the first one's (linear import: 100,000 should take at
# most 5.5x 20,000, issue 13). The baseline, in the same run on the same
# file: sqlite3's .import of the CSV into a plain table (no checks, no
# index), the floor of writing those bytes.
# Usage: bench/import_bench.sh GONGKAI [N...]
set -euo pipefail
G=$(realpath "${1:?path to the gongkai binary}"); shift
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(20000 100000)
for t in python3 sqlite3 /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "import_bench: $t is missing (scripts/deps.sh)" >&2; exit 2; }
done
W=$(mktemp -d /tmp/gongkai-import.XXXXXX); trap 'rm -rf "$W"' EXIT
# The catalogue: titles and bodies from a vocabulary of an agency's words,
# 文号 unique, dates over 24 years (the same documents for every size: the
# first N of one sequence).
gen() {
  python3 - "$1" <<'EOF'
import random, sys
n = int(sys.argv[1]); random.seed(13)
base = ("养老 服务 机构 名录 低保 救助 婚姻 登记 殡葬 管理 社会 组织 慈善 志愿 儿童 福利 残疾人 补贴 城乡 居民 "
        "最低 生活 保障 标准 调整 通知 关于 印发 实施 办法 意见 工作 方案 年度 报告 公开 政府 信息 教育 学校 "
        "招生 卫生 健康 医疗 医保 住房 公积金 交通 道路 规划 环境 保护 水利 农业 农村 扶贫 就业 创业 培训 "
        "税收 财政 预算 决算 审计 统计 市场 监管 食品 安全 药品 应急 消防 公安 司法 法律 援助 退役 军人 "
        "民族 宗教 文化 旅游 体育 科技 工业 信息化 商务 投资 项目 审批 许可 备案 公示 公告 决定 批复 函").split()
syll = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
def word():
    return random.choice(base) if random.random() < 0.7 else "".join(random.choice(syll) for _ in range(2))
print("标题,文号,发文机关,成文日期,发布日期,正文")
for i in range(n):
    t = "关于" + "".join(word() for _ in range(4)) + "的通知"
    body = "。".join("".join(word() for _ in range(random.randint(6, 14))) for _ in range(random.randint(8, 30)))
    y = 2001 + i % 24; m = 1 + i % 12; d = 1 + i % 28
    print(f"{t},驻民文〔{y}〕{i + 1}号,驻马店市民政局,{y}-{m:02d}-{d:02d},{y}-{m:02d}-{d:02d},{body}")
EOF
}
first=
# wall time, and CPU time (user + system: what a busy shared machine does not inflate)
printf '%-8s %5s %9s %8s %9s %8s %8s %9s %9s\n' docs MB wall_s cpu_s docs/cpu_s peak_MB floor_s "x wall" "x cpu"
for n in "${sizes[@]}"; do
  gen "$n" >"$W/c.csv"
  mb=$(( $(stat -c %s "$W/c.csv") / 1000000 ))
  rm -f "$W/f.db"; t0=$(date +%s.%N)
  sqlite3 "$W/f.db" ".mode csv" ".import $W/c.csv raw"
  floor=$(echo "$(date +%s.%N) - $t0" | bc)
  rm -f "$W"/g.db*
  "$G" --db "$W/g.db" agency add zmdmzj --name 驻马店市民政局 --org-code 11410000005184320J >/dev/null
  /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$G" --db "$W/g.db" doc import "$W/c.csv" --publish >"$W/out" 2>&1 ||
    { echo "import of $n documents failed:" >&2; tail -5 "$W/out" >&2; exit 1; }
  read -r secs us ss kb <"$W/time"
  cpu=$(echo "$us + $ss" | bc -l)
  [ -n "$first" ] || { first=$secs; first_cpu=$cpu; }
  printf '%-8s %5s %9.1f %8.1f %9.0f %8.0f %8.2f %9.2f %9.2f\n' "$n" "$mb" "$secs" "$cpu" "$(echo "$n / $cpu" | bc -l)" \
    "$((kb / 1024))" "$floor" "$(echo "$secs / $first" | bc -l)" "$(echo "$cpu / $first_cpu" | bc -l)"
done
echo "aim: 100,000 documents take at most 5.5x the time of 20,000; 20,000 within 60 s"
