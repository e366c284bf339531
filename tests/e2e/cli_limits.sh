#!/usr/bin/env bash
# Limits where input enters through the command line (issue 11, item 8):
# only regular files are read ('-' is standard input), NUL bytes and control
# characters in a CSV are refused with their place, a flood of bad rows
# prints at most CLI_ERRORS_SHOWN lines and "and M more", an amplifying
# .xlsx is refused within a small memory bound, a document body over the
# limit is refused.
. "$(dirname "$0")/lib.sh"
DB=$TMP/g.db
demo_db "$DB" || fail "demo database"
ndocs() { sqlite3 "$DB" "SELECT COUNT(*) FROM doc"; }
N0=$(ndocs)

# a named pipe: refused at once, not waited on
mkfifo "$TMP/pipe"
for c in "report read $TMP/pipe" "doc import $TMP/pipe.csv" "calendar import $TMP/pipe" \
         "apply register --channel fax --received 2026-03-02 --kind natural_person --name x --phone 13800000000 --delivery on_site --request-file $TMP/pipe"; do
  [ -p "$TMP/pipe.csv" ] || mkfifo "$TMP/pipe.csv"
  # shellcheck disable=SC2086
  timeout 10 "$G" --db "$DB" $c >"$TMP/out" 2>"$TMP/err"; st=$?
  if [ "$st" != 124 ] && [ "$st" != 0 ] && grep -q "is a named pipe: only a regular file is read" "$TMP/err"; then
    ok "a named pipe is refused at once: ${c%% $TMP*}"
  else
    fail "a named pipe is refused at once: ${c%% $TMP*} (exit $st)"; sed 's/^/# /' "$TMP/err" | head -3
  fi
done
check_status "a device is refused" 2 "$G" report read /dev/zero
check_grep "naming it" "/dev/zero: is a device" "$TMP/err"
check_status "'-' reads standard input" 0 sh -c "\"$G\" report read - <\"$SEEDS/$(ls "$SEEDS" | head -1)\""

# NUL and control characters in a CSV: refused with the line and the place
printf '标题,文号,发布机构,成文日期,发布日期,正文\n测试\0文件,,民政局,2026-01-05,,正文\n' >"$TMP/nul.csv"
check_status "a NUL byte inside a CSV field is refused" 2 "$G" --db "$DB" doc import "$TMP/nul.csv"
check_grep "with its line and place" "nul.csv:2: character 3 of the line is a NUL byte" "$TMP/err"
printf '标题,文号,发布机构,成文日期,发布日期,正文\n测试文件,,民政局,2026-01-05,,正\033文\n' >"$TMP/esc.csv"
check_status "an escape character inside a CSV field is refused" 2 "$G" --db "$DB" doc import "$TMP/esc.csv"
check_grep "with its line and place" "esc.csv:2: character 24 of the line is a control character \(0x1B\)" "$TMP/err"
[ "$(ndocs)" = "$N0" ] && ok "nothing was imported" || fail "nothing was imported"

# 10,000 bad rows: at most 20 lines and one "and M more"
{ echo '标题,文号,发布机构,成文日期,发布日期,正文'; for i in $(seq 1 10000); do echo "t$i,,民政局,not-a-date,,x"; done; } >"$TMP/bad.csv"
check_status "10,000 bad rows are refused" 2 "$G" --db "$DB" doc import "$TMP/bad.csv"
n=$(wc -l <"$TMP/err")
[ "$n" -le 22 ] && ok "printing $n lines (at most 20 problems, 'and M more', the summary)" || fail "printing $n lines"
check_grep "saying how many more" "and 9980 more problems not shown" "$TMP/err"
check_grep "and the count" "10000 problems in .*: nothing was imported" "$TMP/err"

# a document body over DOC_BODY_MAX_CHARS (1,000,000 characters): refused by import and by doc add
N0=$(ndocs)
python3 -c "print('标题,文号,发布机构,成文日期,发布日期,正文'); print('长文件,,民政局,2026-01-05,,' + '字' * 1000001)" >"$TMP/big.csv"
check_status "a body of 1,000,001 characters is refused by doc import" 2 "$G" --db "$DB" doc import "$TMP/big.csv"
check_grep "with the line and the limit" "big.csv:2: the body has 1000001 characters: at most 1000000" "$TMP/err"
python3 -c "print('字' * 1000001, end='')" >"$TMP/big.txt"
check_status "and by doc add --body-file" 2 "$G" --db "$DB" doc add --title 长文件 --issuer 民政局 --written 2026-01-05 --body-file "$TMP/big.txt"
check_grep "naming the body" "body.*1000001 characters: at most 1000000" "$TMP/err"
[ "$(ndocs)" = "$N0" ] && ok "nothing was stored" || fail "nothing was stored"
python3 -c "print('字' * 1000000, end='')" >"$TMP/max.txt"
check_status "a body of exactly 1,000,000 characters is taken" 0 "$G" --db "$DB" doc add --title 长文件 --issuer 民政局 --written 2026-01-05 --body-file "$TMP/max.txt"

# the limits are settings (doc.body_max_chars, doc.attachment_max_mb): refused at limit+1, taken at the limit
check_status "agency set doc.body_max_chars 10" 0 "$G" --db "$DB" agency set doc.body_max_chars 10
N0=$(ndocs)
check_status "a body of 11 characters is refused by doc add" 2 "$G" --db "$DB" doc add --title 短 --issuer 民政局 --written 2026-01-05 --body 一二三四五六七八九十一
check_grep "naming the body, the limit and the setting" "body.*11 characters: at most 10 \(setting doc.body_max_chars" "$TMP/err"
printf '标题,文号,发布机构,成文日期,发布日期,正文\n短,,民政局,2026-01-05,,一二三四五六七八九十一\n' >"$TMP/b11.csv"
check_status "and by doc import" 2 "$G" --db "$DB" doc import "$TMP/b11.csv"
check_grep "with the line" "b11.csv:2: the body has 11 characters: at most 10" "$TMP/err"
[ "$(ndocs)" = "$N0" ] && ok "nothing was stored" || fail "nothing was stored"
check_status "a body of 10 characters is taken" 0 "$G" --db "$DB" doc add --title 短 --issuer 民政局 --written 2026-01-05 --body 一二三四五六七八九十
D=$(sqlite3 "$DB" "SELECT MAX(id) FROM doc")
check_status "doc edit to 11 characters is refused" 2 "$G" --db "$DB" doc edit "$D" --body 一二三四五六七八九十一
check_grep "naming the body" "body.*11 characters: at most 10" "$TMP/err"
check_status "doc.attachment_max_mb above 64 is refused" 2 "$G" --db "$DB" agency set doc.attachment_max_mb 65
check_grep "naming the range" "doc.attachment_max_mb: '65' is not a whole number from 1 to 64" "$TMP/err"
check_status "agency set doc.attachment_max_mb 1" 0 "$G" --db "$DB" agency set doc.attachment_max_mb 1
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' a >"$TMP/over.txt"
head -c $((1024 * 1024)) /dev/zero | tr '\0' b >"$TMP/at.txt"
check_status "an attachment of 1 MiB + 1 byte is refused" 2 "$G" --db "$DB" doc attach "$D" "$TMP/over.txt"
check_grep "naming the file, the limit and the setting" "over.txt: the attachment is larger than 1 MiB \(setting doc.attachment_max_mb\)" "$TMP/err"
check_status "an attachment of 1 MiB is taken" 0 "$G" --db "$DB" doc attach "$D" "$TMP/at.txt"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM doc_attachment WHERE doc_id = $D")" = 1 ] && ok "one attachment stored" || fail "one attachment stored"

# an amplifying .xlsx (120 KB packed, 60 MB of XML unpacked): refused quickly, in little memory
python3 "$GONGKAI_SRC/tests/e2e/bomb_xlsx.py" "$TMP/bomb.xlsx"
sz=$(stat -c %s "$TMP/bomb.xlsx")
[ "$sz" -le 200000 ] && ok "the bomb is small ($sz bytes)" || fail "the bomb is small ($sz bytes)"
check_status "an amplifying .xlsx is refused" 2 /usr/bin/time -v "$G" report read "$TMP/bomb.xlsx"
check_grep "naming the part and the limit" "part xl/sharedStrings.xml is too large \(62877811 bytes unpacked, at most 4194304\)" "$TMP/err"
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/err")
[ -n "$rss" ] && [ "$rss" -lt 102400 ] && ok "with a peak RSS of $rss KB (under 100 MB, sanitizers included)" \
  || fail "peak RSS ${rss:-?} KB (wanted under 100 MB)"
done_testing
