#!/usr/bin/env bash
# The command line's front door: help, version, unknown commands and options.
. "$(dirname "$0")/lib.sh"
check_status "gongkai --help exits 0" 0 "$G" --help
check_grep "help lists the report command" '^  report' "$TMP/out"
check_status "gongkai --version exits 0" 0 "$G" --version
check_status "no command is a usage error" 2 "$G"
check_grep "and prints the usage" '^usage: gongkai ' "$TMP/err"
check_status "a first run on an empty database is refused" 1 "$G" --db "$TMP/first.db" serve --listen 127.0.0.1:0
check_grep "naming the commands to run" "gongkai agency add CODE --name NAME.*gongkai user add LOGIN --name NAME --role admin.*gongkai demo" "$TMP/err"
check_status "unknown command is a usage error" 2 "$G" frobnicate
check_grep "unknown command named in the error" "gongkai: unknown command 'frobnicate'" "$TMP/err"
check_status "unknown global option is a usage error" 2 "$G" --bogus report
done_testing
