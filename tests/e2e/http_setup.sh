#!/usr/bin/env bash
# A real deployment from an empty database: the agency and the first
# administrator from the command line, then login over HTTP; bad input to the
# setup commands is refused with exit status 2.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/http_common.sh"
DB=$TMP/g.db
check "agency add" "$G" --db "$DB" agency add hzmz --name 河州市民政局 --org-code 11411700MB0000001X
check "agency set the phone" "$G" --db "$DB" agency set agency.phone 0371-1234567
check_status "an unknown portal detail is refused" 2 "$G" --db "$DB" agency set agency.color red
check_status "a duplicate agency code is refused" 2 "$G" --db "$DB" agency add hzmz --name 另一个
check_status "user add with an unknown role" 2 sh -c "echo pass12345 | '$G' --db '$DB' user add boss --name 局长 --role king"
check_status "user add with a weak password" 2 sh -c "echo weak | '$G' --db '$DB' user add boss --name 局长 --role admin"
check "user add reads the password from stdin" sh -c "echo 'first2026pw' | '$G' --db '$DB' user add boss --name 局长 --role admin"
check_status "a taken login is refused" 2 sh -c "echo 'first2026pw' | '$G' --db '$DB' user add boss --name 又一个 --role admin"
check "user add takes \$GONGKAI_PASSWORD" env GONGKAI_PASSWORD=clerk2026pw "$G" --db "$DB" user add clerk --name 办事员 --role office
"$G" --db "$DB" user list >"$TMP/users"
check_grep "user list shows both" "^boss	局长	admin	active" "$TMP/users"
check "user disable" "$G" --db "$DB" user disable clerk
"$G" --db "$DB" user list >"$TMP/users"
check_grep "the clerk is disabled" "^clerk	.*disabled" "$TMP/users"
check_status "an unknown subcommand" 2 "$G" --db "$DB" user frob

start_server
req GET /
check_body "the portal names the new agency" "河州市民政局"
check_body "with its phone" "0371-1234567"
login boss first2026pw
check_code "the administrator made on the command line logs in" 303
login clerk clerk2026pw
check_code "the disabled account cannot" 401
check "user passwd" sh -c "echo 'second2026pw' | '$G' --db '$DB' user passwd boss"
as boss GET /console
check_code "a new password ends the old sessions" 303
login boss second2026pw
check_code "and the new password logs in" 303
finish
