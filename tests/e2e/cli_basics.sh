#!/usr/bin/env bash
# The command line's front door: help, version, unknown commands and options.
. "$(dirname "$0")/lib.sh"
check_status "gongkai --help exits 0" 0 "$G" --help
check_grep "help lists the report command" '^  report' "$TMP/out"
check_status "gongkai --version exits 0" 0 "$G" --version
check_status "no command is a usage error" 2 "$G"
check_status "unknown command is a usage error" 2 "$G" frobnicate
check_grep "unknown command named in the error" "gongkai: unknown command 'frobnicate'" "$TMP/err"
check_status "unknown global option is a usage error" 2 "$G" --bogus report
done_testing
