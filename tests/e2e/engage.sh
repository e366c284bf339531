#!/usr/bin/env bash
# Talking with the public from the command line: messages (12345 work orders,
# complaints about disclosure work), suggestions and proposals, comment on
# drafts — every step and its refusals (exit 1 with the reason, exit 2 naming
# the option, nothing written), the audit trail without personal data, and
# the report's narrative for a generated year equal to plain SQL counts.
. "$(dirname "$0")/lib.sh"
export GONGKAI_DB=$TMP/engage.db GONGKAI_TODAY=2024-10-15 GONGKAI_USER=张科员
M="$G message"; S="$G suggestion"; C="$G consult"
q() { sqlite3 "$GONGKAI_DB" "$1"; }
"$G" agency add zmdmzj --name 驻马店市民政局 >/dev/null

# ---- messages -------------------------------------------------------------
check_status "message --help" 0 $M --help
check_grep "help names the kinds" 'consult, suggest, complaint, report, help, disclosure' "$TMP/out"
check_status "a work order without its number" 2 $M register --source hotline --kind consult --body 问
check_grep "names --order-no" '^gongkai: --order-no: ' "$TMP/err"
check_status "an unknown source" 2 $M register --source fax --kind consult --body 问
check_grep "names --source" '^gongkai: --source: ' "$TMP/err"
check_status "an empty message" 2 $M register --source phone --kind consult --body ""
check_status "a message from the future" 2 $M register --source phone --kind consult --body 问 --received 2024-10-16
check_grep "names --received" '^gongkai: --received: ' "$TMP/err"
check_status "an over-long subject" 2 $M register --source phone --kind consult --body 问 --subject "$(printf '长%.0s' $(seq 201))"
check_grep "says the limit" 'at most 200 characters \(this one has 201\)' "$TMP/err"
check "nothing written by the refusals" test "$(q 'SELECT COUNT(*) FROM message')" = 0

check_status "register a 12345 work order" 0 $M register --source hotline --kind consult --order-no GD20240927001 \
  --body "城市低保怎么申请？" --name 王小明 --phone 13800000000 --public --received 2024-09-27
check_grep "due after the National Day (5 working days)" '期限 2024-10-10' "$TMP/out"
check_grep "prints a follow-up code" '跟踪码 [2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}' "$TMP/out"
check_status "the same work order twice" 1 $M register --source hotline --kind consult --order-no GD20240927001 --body x
check_grep "is refused, naming the first" 'GD20240927001 is registered already' "$TMP/err"
check "registered once" test "$(q 'SELECT COUNT(*) FROM message')" = 1
check_status "the hotline's own deadline prevails" 0 $M register --source hotline --kind help --order-no GD2 \
  --order-due 2024-10-01 --body 求助 --received 2024-09-27
check_grep "due on the order's day" '期限 2024-10-01' "$TMP/out"
check_status "a complaint about disclosure work" 0 $M register --source website --kind disclosure \
  --body "贵局未公开2023年低保资金发放情况" --name 李四 --phone 13900000000 --public --received 2024-10-08

check_status "answer before assignment" 1 $M answer 1 --text 答
check_grep "says why" 'not possible when the message is 待分办' "$TMP/err"
check_status "assign" 0 $M assign 1 --handler 张经办 --date 2024-09-29
check_status "answer dated before the assignment" 2 $M answer 1 --text 答 --date 2024-09-28
check_grep "names --date" '^gongkai: --date: ' "$TMP/err"
check_status "answer" 0 $M answer 1 --text "持身份证、户口簿到户籍所在地街道办事处申请。" --date 2024-10-08
check_grep "answered" '已答复' "$TMP/out"
check_status "close before the reply goes back to 12345" 1 $M visit 1 --rating satisfied
check_grep "says to return it first" 'return the reply to the platform' "$TMP/err"
check_status "return the reply to 12345" 0 $M hotline 1 --text HF-20241008-17
check_status "visit with an unknown rating" 2 $M visit 1 --rating happy
check_status "visit" 0 $M visit 1 --rating satisfied
check_grep "closed" '已办结' "$TMP/out"
check_status "publish (the asker allowed it)" 0 $M publish 1
check_status "publish what the asker did not allow" 1 $M publish 2
# answers approved by another person
check_status "a bad setting" 2 "$G" agency set message.review maybe
check_status "answers are approved by another person" 0 "$G" agency set message.review on
check_status "assign the complaint" 0 $M assign 3 --handler 李经办
check_status "answer the complaint" 0 $M answer 3 --text "已补充公开。" --actor 李经办
check_grep "waits for approval" '答复待审核' "$TMP/out"
check_status "the writer approves their own answer" 1 $M approve 3 --actor 李经办
check_grep "is refused" 'someone other than the person who wrote it' "$TMP/err"
check_status "approve" 0 $M approve 3 --actor 王科长
check_status "close a complaint without its rectification" 1 $M visit 3 --rating basic
check_grep "asks for the rectification" 'rectification' "$TMP/err"
check_status "rectify" 0 $M rectify 3 --text "已于10月15日补充公开2023年低保资金发放情况。"
check_status "visit the complaint" 0 $M visit 3 --rating basic
check_status "show --json" 0 $M show 1 --json
check_grep "every step is listed" '"event": "hotline"' "$TMP/out"
check_status "list --open" 0 $M list --open
check_grep "the open one" 'GD2|求助' "$TMP/out"
check_nogrep "not the closed ones" '低保怎么' "$TMP/out"
check "the audit trail has every step" test "$(q "SELECT COUNT(*) FROM audit WHERE entity = 'message'")" -ge 12
check "the audit trail has no asker's name or phone" test "$(q "SELECT COUNT(*) FROM audit WHERE after_json LIKE '%13800000000%' OR after_json LIKE '%王小明%' OR before_json LIKE '%13900000000%'")" = 0

# ---- suggestions and proposals -------------------------------------------
check_status "suggestion without a number" 2 $S add --kind npc --role lead --author 刘代表 --title 建议
check_grep "names --number" '^gongkai: --number: ' "$TMP/err"
check_status "add a deputy's suggestion (lead)" 0 $S add --kind npc --role lead --number 第128号 --session 市五届人大四次会议 \
  --author 刘代表 --contact 13700000000 --title 关于加强农村低保动态管理的建议 --assigned 2024-03-20
check_grep "due in three months" '期限 2024-06-20' "$TMP/out"
check_status "the same suggestion twice" 1 $S add --kind npc --role lead --number 第128号 --session 市五届人大四次会议 \
  --author 刘代表 --title 关于加强农村低保动态管理的建议 --assigned 2024-03-20
check_status "a member's proposal (joint)" 0 $S add --kind cppcc --role joint --number 第56号 --author 陈委员 \
  --title 关于完善临时救助制度的提案 --assigned 2024-03-25
check_grep "a joint opinion is due in one month" '期限 2024-04-25' "$TMP/out"
check_status "the lead's reply without a class" 2 $S reply 1 --text 答复 --date 2024-06-10
check_status "reply" 0 $S reply 1 --text "经研究，已建立动态管理机制……" --class A --date 2024-06-10
check_status "rate: not satisfied" 0 $S rate 1 --rating not --date 2024-06-20
check_grep "handled again" '重新办理' "$TMP/out"
check_status "reply again" 0 $S reply 1 --text "再次研究后……" --class A --date 2024-08-20
check_status "rate: satisfied" 0 $S rate 1 --rating satisfied --date 2024-08-25
check_status "publish a summary without the reason" 2 $S publish 1 --summary ""
check_status "publish the full reply" 0 $S publish 1
check_grep "enters the catalogue as a draft" '文件草稿进入目录' "$TMP/out"
check "the draft is in the catalogue under 建议提案办理" test "$(q "SELECT COUNT(*) FROM doc WHERE category = '建议提案办理' AND state = 'draft'")" = 1
check_status "a joint handler cannot rate" 0 $S reply 2 --text 协办意见 --date 2024-04-20
check_status "rate a joint opinion" 1 $S rate 2 --rating satisfied

# ---- comment on drafts -----------------------------------------------------
check_status "a decision put out for 20 days" 2 $C open --kind decision --title 城市低保标准调整方案 --opens 2024-09-01 --closes 2024-09-21
check_grep "cites the minimum" '一般不少于30日' "$TMP/err"
check_status "open for 30 days" 0 $C open --kind decision --title 城市低保标准调整方案（征求意见稿） --opens 2024-09-01 --closes 2024-10-01
check_status "a comment after the period" 1 $C comment 1 --body 建议提高 --date 2024-10-02
check_status "a comment" 0 $C comment 1 --body "建议提高城市低保标准。" --name 赵六 --contact 13600000000 --date 2024-09-10
check_status "spam" 0 $C comment 1 --body "广告" --date 2024-09-11
check_status "hide without a reason" 2 $C moderate 2 --hide ""
check_status "hide spam" 0 $C moderate 2 --hide 与征求意见内容无关
check_status "show the comment" 0 $C moderate 1 --show
check_status "not adopted without a reason" 2 $C adopt 1 --decision not
check_status "partly adopted" 0 $C adopt 1 --decision partly --reason 财政承受能力有限，分步提高
check_status "the result" 0 $C result 1
check_grep "counts the comments" '共收到意见建议2条' "$TMP/out"
check_status "the result twice" 1 $C result 1

# ---- a generated year: the narrative equals plain SQL counts -------------------
python3 - "$GONGKAI_DB" <<'PY'
import sqlite3, sys, random
random.seed(17)
db = sqlite3.connect(sys.argv[1])
ag = db.execute("SELECT id FROM agency").fetchone()[0]
srcs = ['website', 'phone', 'in_person', 'letter', 'hotline', 'platform']
kinds = ['consult', 'suggest', 'complaint', 'report', 'help', 'disclosure']
rows = []
for i in range(10000):
    d = '2023-%02d-%02d' % (random.randint(1, 12), random.randint(1, 28))
    answered = d if random.random() < 0.9 else None
    due = '2023-12-31'
    if answered and random.random() < 0.1:   # answered late
        due, answered = d, '2023-12-31'

    rows.append((ag, 'G%06d' % i, random.choice(srcs), random.choice(kinds), 'closed' if answered else 'assigned',
                 d, due, '某某', 'x', answered, random.choice(['none', 'satisfied', 'basic', 'not']),
                 1 if random.random() < 0.2 else 0, d, d))
db.executemany("INSERT INTO message(agency_id, code, source, kind, state, received, due, name, body, answered, rating,"
               " published, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
for i in range(200):
    d = '2023-%02d-10' % random.randint(1, 12)
    role = random.choice(['lead', 'joint'])
    db.execute("INSERT INTO suggestion(agency_id, number, kind, role, state, author, title, assigned, due, cls, rating,"
               " published, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (ag, 'N%d' % i, random.choice(['npc', 'cppcc']), role, 'rated', '代表', '建议', d, '2023-12-31',
                random.choice(['A', 'B', 'C']) if role == 'lead' else '',
                random.choice(['satisfied', 'basic', 'not']) if role == 'lead' else 'none', random.randint(0, 1), d, d))
for k in range(20):
    cur = db.execute("INSERT INTO consultation(agency_id, kind, title, opens, closes, created_at, updated_at)"
                     " VALUES (?, 'decision', '草案', '2023-05-01', '2023-06-01', 'x', 'x')", (ag,))
    cid = cur.lastrowid
    db.executemany("INSERT INTO consultation_comment(agency_id, consult_id, body, received, state, adoption, created_at,"
                   " updated_at) VALUES (?,?,?,?,?,?,?,?)",
                   [(ag, cid, '意见', '2023-05-10', 'shown', random.choice(['adopted', 'partly', 'not', 'out_of_scope']),
                     'x', 'x') for _ in range(250)])
db.commit()
PY
check_status "narrative of the generated year" 0 "$G" narrative show --year 2023 --json
J=$TMP/out
want_total=$(q "SELECT COUNT(*) FROM message WHERE received BETWEEN '2023-01-01' AND '2023-12-31'")
check_grep "messages: the total of SQL" "共受理群众咨询、建议、投诉等${want_total}件" "$J"
for s in website phone in_person letter hotline platform; do
  n=$(q "SELECT COUNT(*) FROM message WHERE source = '$s' AND received LIKE '2023-%'")
  check_grep "messages from $s: $n" "\"$s\": $n($|[,}])" "$J"
done
for k in consult suggest complaint report help disclosure; do
  n=$(q "SELECT COUNT(*) FROM message WHERE kind = '$k' AND received LIKE '2023-%'")
  check_grep "messages of kind $k: $n" "\"$k\": $n($|[,}])" "$J"
done
n=$(q "SELECT COUNT(*) FROM message WHERE received LIKE '2023-%' AND answered IS NOT NULL AND answered <= due")
check_grep "answered on time: $n" "\"on_time\": $n($|[,}])" "$J"
for c in A B C; do
  n=$(q "SELECT COUNT(*) FROM suggestion WHERE cls = '$c' AND role = 'lead' AND assigned LIKE '2023-%'")
  check_grep "suggestions of class $c: $n" "\"$c\": $n($|[,}])" "$J"
done
n=$(q "SELECT COUNT(*) FROM suggestion WHERE kind = 'npc' AND assigned LIKE '2023-%'")
check_grep "deputies' suggestions: $n" "\"npc\": $n($|[,}])" "$J"
n=$(q "SELECT COUNT(*) FROM consultation_comment c JOIN consultation k ON k.id = c.consult_id WHERE k.opens LIKE '2023-%'")
check_grep "comments: $n" "\"comments\": $n($|[,}])" "$J"
n=$(q "SELECT COUNT(*) FROM consultation_comment c JOIN consultation k ON k.id = c.consult_id WHERE k.opens LIKE '2023-%' AND c.adoption = 'adopted'")
check_grep "comments adopted: $n" "\"adopted\": $n($|[,}])" "$J"
check_grep "drafts: 20" '"drafts": 20($|[,}])' "$J"
done_testing
