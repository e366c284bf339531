#!/usr/bin/env bash
# Ready for an assessment (issue 15), from the command line on SQLite:
# personal data sealed in the file, a database with clear rows sealed at its
# first start, key rotation, the audit chain naming a changed, deleted or
# reordered row, retention keeping table 三, the deployment check of the three
# administrators, the security policy, the auditor's export. PostgreSQL: pg.sh.
. "$(dirname "$0")/lib.sh"
DB=$TMP/g.db
export GONGKAI_TODAY=2026-12-03
same() { if [ "$1" = "$2" ]; then ok "$3"; else fail "$3 (got '$1', wanted '$2')"; fi; }
check "the demo is created" "$G" --db "$DB" demo
check_grep "a key file is made next to the database" "^seal 1 [0-9a-f]{64}$" "$DB.keys"
same "$(stat -c %a "$DB.keys")" 600 "the key file is readable by its owner only"

# the applicants' clear values, as staff see them
for no in $(sqlite3 "$DB" "SELECT app_no FROM application ORDER BY id"); do
  "$G" --db "$DB" apply show "$no" | awk -F'  +' '/^  证件号码/ {print $3} /^  联系电话/ {print $3} /^  通信地址/ {print $3}'
done | sort -u >"$TMP/pii"
same "$(($(wc -l <"$TMP/pii") >= 60))" 1 "staff see the clear ID numbers, phones and addresses ($(wc -l <"$TMP/pii"))"
leaks() {   # leaks FILE...: values of $TMP/pii found in the bytes of the files
  local n=0 v
  while read -r v; do
    [ ${#v} -ge 5 ] || continue
    grep -qaF -- "$v" "$@" && { n=$((n + 1)); echo "# found: $v" >&2; }
  done <"$TMP/pii"
  echo $n
}
# the 互动交流 registers: askers', deputies' and commenters' personal fields
R="--db $DB"
"$G" $R message register --source website --kind complaint --body "楼道灯坏了" --name 欧阳明月 --phone 13712345678 \
  --email ouyang.mingyue@example.cn --received 2026-11-20 >/dev/null
"$G" $R message register --source hotline --kind consult --order-no GD2026112001 --body 问 --name 司马青云 \
  --phone 18698765432 --received 2026-11-20 >/dev/null
"$G" $R suggestion add --kind npc --role lead --number 第77号 --author 张代表 --title 关于低保的建议 \
  --contact "13511112222 河滨路88号" --assigned 2026-03-01 >/dev/null
"$G" $R consult open --kind decision --title 办法（征求意见稿） --opens 2026-11-01 --closes 2026-12-01 >/dev/null
"$G" $R consult comment 1 --body 建议 --name 诸葛明远 --contact zhuge.mingyuan@example.cn --date 2026-11-10 >/dev/null
for v in 欧阳明月 13712345678 ouyang.mingyue@example.cn 司马青云 18698765432 "13511112222 河滨路88号" 诸葛明远 \
         zhuge.mingyuan@example.cn; do echo "$v"; done >"$TMP/regpii"
"$G" $R message show 1 >"$TMP/m1"
check_grep "staff read a message's asker" "欧阳明月.*13712345678" "$TMP/m1"
"$G" $R consult show 1 --json >"$TMP/c1"
check_grep "and a commenter" "诸葛明远" "$TMP/c1"
cat "$TMP/regpii" >>"$TMP/pii"
cp "$DB" "$TMP/copy.db"; [ -f "$DB-wal" ] && cp "$DB-wal" "$TMP/copy.db-wal"
same "$(leaks "$TMP"/copy.db*)" 0 "a copy of the database file holds no ID number, phone or address, nor the registers' names and contacts"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM message WHERE seal_key = 0 OR name NOT LIKE 'gk1.%'")" 0 "messages are sealed"
check_status "seal status: every application sealed" 0 "$G" --db "$DB" seal status

# a database from before migration 016: clear rows, sealed at the first start
N1=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE id_number <> '' ORDER BY id LIMIT 1")
ID1=$("$G" --db "$DB" apply show "$N1" | sed -n 's/^  证件号码  //p')
PH1=$("$G" --db "$DB" apply show "$N1" | sed -n 's/^  联系电话  //p')
TR1=$(sqlite3 "$DB" "SELECT tracking FROM application WHERE app_no = '$N1'")
sqlite3 "$DB" "UPDATE application SET id_number = '$ID1', phone = '$PH1', phone_hash = '', who_hash = '', seal_key = 0
               WHERE app_no = '$N1'"
check "the clear row is in the file (the search can fail)" grep -qaF -- "$ID1" "$DB"
sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE seal_key = 0" >"$TMP/n"
check_grep "one row is clear" "^1$" "$TMP/n"
"$G" --db "$DB" seal status >"$TMP/st"
check_grep "the first start sealed it" "0 clear" "$TMP/st"
same "$(leaks "$DB"*)" 0 "and the file no longer holds it (VACUUM after sealing)"
"$G" --db "$DB" apply show "$N1" >"$TMP/show"
check_grep "staff still read it" "$ID1" "$TMP/show"
sqlite3 "$DB" "UPDATE message SET name = '欧阳明月', phone = '13712345678', seal_key = 0 WHERE id = 1"
check "a register row in clear (before migration 21) is in the file" grep -qaF -- 13712345678 "$DB"
"$G" --db "$DB" seal status >"$TMP/st"
check_grep "the first start sealed it too" "registers +[0-9]+ messages, suggestions and comments: [0-9]+ under the current key, 0 under older keys, 0 clear" "$TMP/st"
same "$(leaks "$DB"*)" 0 "and the file no longer holds it"
"$G" --db "$DB" message show 1 >"$TMP/m1"
check_grep "staff still read the asker" "欧阳明月.*13712345678" "$TMP/m1"
sqlite3 "$DB" "UPDATE consultation_comment SET name = (SELECT name FROM message WHERE id = 1) WHERE id = 1"
"$G" --db "$DB" consult show 1 --json >"$TMP/c1" 2>&1; rc=$?
same $rc 1 "a sealed value moved to another register's column does not open"
check_grep "and says so" "does not open under key [0-9]+: it was altered or moved" "$TMP/c1"
"$G" --db "$DB" consult comment 1 --body 又一条 --name 诸葛明远 --date 2026-11-11 >/dev/null
sqlite3 "$DB" "UPDATE consultation_comment SET name = (SELECT name FROM consultation_comment WHERE id = 2) WHERE id = 1"

# key rotation
"$G" --db "$DB" seal rotate --batch 7 >"$TMP/rot"
check_grep "seal rotate re-seals every application and register row under key 2" "^key 2: [0-9]+ applications and register rows sealed in [0-9]+ batches" "$TMP/rot"
"$G" --db "$DB" seal status >"$TMP/st"
check_grep "all under the current key" "applications +[0-9]+: [0-9]+ under the current key, 0 under older keys, 0 clear" "$TMP/st"
check_grep "the registers too" "registers +[0-9]+ messages, suggestions and comments: [0-9]+ under the current key, 0 under older keys, 0 clear" "$TMP/st"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM message WHERE seal_key <> 2")" 0 "every message under key 2"
"$G" --db "$DB" message show 1 >"$TMP/m1"
check_grep "staff read the asker after the rotation" "欧阳明月.*13712345678" "$TMP/m1"
check_grep "the old key is kept for older backups" "^seal 1 " "$DB.keys"
"$G" --db "$DB" apply show "$N1" >"$TMP/show"
check_grep "staff read it after the rotation" "$PH1" "$TMP/show"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'seal' AND action = 'rotate'")" 1 "the rotation is audited"
# SM4 where the deployment chooses it, and back (keys 3 and 4)
check_status "seal rotate refuses an unknown cipher" 2 "$G" --db "$DB" seal rotate --cipher sm4
check_grep "naming --cipher" "^gongkai: --cipher: 'sm4' is not a cipher" "$TMP/err"
check "seal rotate --cipher sm4-gcm" "$G" --db "$DB" seal rotate --cipher sm4-gcm
check_grep "the key file holds an SM4-GCM key" "^seal 3 [0-9a-f]{32} sm4-gcm$" "$DB.keys"
"$G" --db "$DB" seal status >"$TMP/st"
check_grep "seal status names the cipher" "^current key +3 \(sm4-gcm\)" "$TMP/st"
"$G" --db "$DB" apply show "$N1" >"$TMP/show"
check_grep "staff read under SM4" "$PH1" "$TMP/show"
"$G" --db "$DB" message show 1 >"$TMP/m1"
check_grep "and the registers" "欧阳明月.*13712345678" "$TMP/m1"
same "$(leaks "$DB"*)" 0 "nothing personal in the file under SM4"
check "seal rotate back to xchacha20poly1305" "$G" --db "$DB" seal rotate --cipher xchacha20poly1305
check_grep "key 4 is XChaCha20-Poly1305" "^seal 4 [0-9a-f]{64}$" "$DB.keys"
"$G" --db "$DB" apply show "$N1" >"$TMP/show"
check_grep "staff read after rotating back" "$PH1" "$TMP/show"

# the audit chain
check "audit checkpoint" "$G" --db "$DB" audit checkpoint
check_status "an untouched trail verifies" 0 "$G" --db "$DB" audit verify
cp "$DB" "$TMP/keep.db"
tamper() {   # tamper NAME SQL PATTERN: on a copy, verify exits 1 naming the row
  cp "$TMP/keep.db" "$TMP/t.db"; cp "$DB.keys" "$TMP/t.db.keys"; cp "$DB.checkpoints" "$TMP/t.db.checkpoints"
  rm -f "$TMP/t.db-wal" "$TMP/t.db-shm"
  sqlite3 "$TMP/t.db" "$2"
  "$G" --db "$TMP/t.db" audit verify >"$TMP/v" 2>&1; local rc=$?
  if [ $rc = 1 ] && grep -qE -- "$3" "$TMP/v"; then ok "$1: $(cat "$TMP/v")"; else fail "$1 (exit $rc)"; sed 's/^/# /' "$TMP/v"; fi
}
tamper "a changed row is named" "UPDATE audit SET actor = 'mallory' WHERE id = 50" "audit row 50: changed"
tamper "a deleted row is found at the next" "DELETE FROM audit WHERE id = 50" "audit row 51: a row before it was deleted"
tamper "reordered rows are named" "UPDATE audit SET id = -1 WHERE id = 50; UPDATE audit SET id = 50 WHERE id = 51;
  UPDATE audit SET id = 51 WHERE id = -1" "audit row 50: out of order"
LAST=$(sqlite3 "$TMP/keep.db" "SELECT MAX(id) FROM audit WHERE agency_id IS NOT NULL")
tamper "a tail cut back with its head forged is found by the checkpoint" \
  "DELETE FROM audit WHERE id >= $((LAST - 3)) AND agency_id IS NOT NULL;
   UPDATE audit_head SET seq = (SELECT MAX(chain_seq) FROM audit WHERE agency_id = chain),
     hash = (SELECT hash FROM audit WHERE agency_id = chain ORDER BY id DESC LIMIT 1) WHERE chain > 0" \
  "audit row $LAST: gone"

# retention: table 三 of the year unchanged; the registers' counts too
"$G" $R message assign 1 --handler 张经办 --date 2026-11-21 >/dev/null
"$G" $R message answer 1 --text 已修 --date 2026-11-22 >/dev/null
"$G" $R message visit 1 --rating satisfied --date 2026-11-23 >/dev/null
"$G" $R suggestion reply 1 --text 答复 --class A --date 2026-05-20 >/dev/null
"$G" $R message list --year 2026 --json >"$TMP/mbefore.json"
"$G" --db "$DB" report generate --year 2025 --format json >"$TMP/before.json"
GONGKAI_TODAY=2036-12-31 "$G" --db "$DB" retention run --actor 审计测试 >"$TMP/ret"
check_grep "retention erases the personal data of applications concluded over 10 years ago" \
  "personal data of [1-9][0-9]* applications concluded before 2026-12-31 erased" "$TMP/ret"
"$G" --db "$DB" report generate --year 2025 --format json >"$TMP/after.json"
check "table 三 of 2025 is unchanged" cmp "$TMP/before.json" "$TMP/after.json"
E1=$(sqlite3 "$DB" "SELECT app_no FROM application WHERE erased IS NOT NULL ORDER BY id LIMIT 1")
"$G" --db "$DB" apply show "$E1" >"$TMP/show"
check_nogrep "an erased application shows no ID number or phone" "[0-9]{11}" "$TMP/show"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM application WHERE erased IS NULL AND concluded IS NULL AND phone = ''")" 0 \
  "open applications keep theirs"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'retention' AND after_json LIKE '%concluded_before%'")" 1 "the erasure is audited"
# the registers (from the same run): a message closed in 2026, a suggestion replied to, the comments
check_grep "retention erases the registers' personal fields past the period" \
  "and of 1 messages closed, 1 suggestions replied to and 2 comments received before 2026-12-31" "$TMP/ret"
"$G" $R message show 1 >"$TMP/m1"
check_nogrep "the closed message shows no asker any more" "欧阳明月|13712345678" "$TMP/m1"
"$G" $R message show 2 >"$TMP/m2"
check_grep "the open one keeps its asker" "司马青云" "$TMP/m2"
"$G" $R message list --year 2026 --json >"$TMP/mafter.json"
same "$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); strip=lambda l:[{k:v for k,v in m.items() if k not in ("name","phone","email")} for m in l]; print(strip(a)==strip(b))' "$TMP/mbefore.json" "$TMP/mafter.json")" True \
  "the registers' list (kinds, states, dates: what is counted) is unchanged but for the personal fields"
same "$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE entity = 'retention'")" 4 "each register's erasure is audited too (3 more)"

# 三员分立: the deployment check
check_status "security check passes on the demo" 0 "$G" --db "$DB" security check
printf 'abcd1234x\n' | "$G" --db "$DB" user add liuyang2 --name 刘洋 --role auditor >/dev/null
"$G" --db "$DB" security check >"$TMP/chk"; rc=$?
same $rc 1 "security check fails when one person holds two of the three roles"
check_grep "and names the person and both accounts" "刘洋 holds two of the three duties: admin \(admin\) and auditor \(liuyang2\)" "$TMP/chk"
"$G" --db "$DB" user disable liuyang2 >/dev/null
check_status "and passes again once that account is disabled" 0 "$G" --db "$DB" security check

# the security administrator's policy, a security event
check "security policy sets the password length" "$G" --db "$DB" security policy security.password_min_length 12 --actor anquan
check_status "a policy value out of range is refused" 2 "$G" --db "$DB" security policy security.password_classes 5
check_status "an unknown key is refused" 2 "$G" --db "$DB" security policy web.nothing 3
"$G" --db "$DB" audit list --entity security >"$TMP/sec.csv"
check_grep "the auditor's export has the policy change" '"anquan","security","0","policy","\{""key"":""security.password_min_length"",""value"":8\}"' "$TMP/sec.csv"
# password history and age, from the command line (`user passwd`, `user list`)
check "security policy keeps the last 3 passwords" "$G" --db "$DB" security policy security.password_history 3 --actor anquan
printf 'xinxi-2027-new\n' | "$G" --db "$DB" user passwd xinxiyuan >"$TMP/pw" 2>&1; rc=$?
same $rc 0 "user passwd takes a new password of 12 characters"
printf 'short2027x\n' | "$G" --db "$DB" user passwd xinxiyuan >"$TMP/pw" 2>&1; rc=$?
same $rc 2 "user passwd applies the policy set for the agency (12 characters)"
check_grep "and says it" "密码至少12位" "$TMP/pw"
printf 'xinxi-2027-new\n' | "$G" --db "$DB" user passwd xinxiyuan >"$TMP/pw" 2>&1; rc=$?
same $rc 2 "user passwd refuses the current password again"
check_grep "naming the history" "不得与最近3次使用过的密码相同" "$TMP/pw"
printf 'xinxi-2027-two\n' | "$G" --db "$DB" user passwd xinxiyuan >/dev/null 2>&1
printf 'xinxi-2027-new\n' | "$G" --db "$DB" user passwd xinxiyuan >/dev/null 2>&1; rc=$?
same $rc 2 "and the one before it"
printf 'liu-2027-secret\n' | "$G" --db "$DB" user add liuqing --name 刘青 --role officer >/dev/null 2>&1; rc=$?
same $rc 0 "user add applies the policy too"
check "security policy sets a password age of 90 days" "$G" --db "$DB" security policy security.password_max_days 90 --actor anquan
"$G" --db "$DB" user list >"$TMP/ul"
check_nogrep "no password is past its age today" "password expired" "$TMP/ul"
GONGKAI_TODAY=2040-01-01 "$G" --db "$DB" user list >"$TMP/ul"
check_grep "user list marks a password past 90 days" "^xinxiyuan	[^	]*	officer	active	password expired$" "$TMP/ul"
check "security policy back to no age" "$G" --db "$DB" security policy security.password_max_days 0 --actor anquan
check_status "audit list refuses a bad date" 2 "$G" --db "$DB" audit list --since 2026-13-01

# logs kept at least six months, then rotated to an archive
check_status "audit rotate refuses less than six months" 2 "$G" --db "$DB" audit rotate --archive "$TMP/arch" --keep-months 5
GONGKAI_TODAY=2029-01-01 "$G" --db "$DB" audit rotate --archive "$TMP/arch.jsonl" >"$TMP/r"
check_grep "audit rotate moves old rows to the archive" "^audit: [1-9][0-9]* rows recorded before 2028-01-01 moved" "$TMP/r"
check_grep "the archive keeps the rows with their hashes" '"hash":"[0-9a-f]{64}"' "$TMP/arch.jsonl"
check_status "the trail still verifies from its new base" 0 "$G" --db "$DB" audit verify
done_testing
