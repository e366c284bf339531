/*
 * cli_engage_internal.h — what the engage command groups share (cli_engage.c:
 * message, suggestion; cli_consult.c: consult, narrative). Included by those
 * two files only.
 */
#ifndef GONGKAI_CLI_ENGAGE_INTERNAL_H
#define GONGKAI_CLI_ENGAGE_INTERNAL_H

#include "cli/cli.h"
#include "engage/engage.h"

/* The agency's settings for the registers (eng_rule_keys) with today's date;
 * prints the error and returns the exit status when one is bad. */
int cli_eng_load_rules(cli_run *r, struct eng_rules *out);
/* Exactly one record number as the argument; prints the error and returns 2. */
int cli_eng_one_id(cli_run *r, int argc, char **argv, int64_t *id);
/* A date option (removed from argv) into *out when given; 0 or 2. */
int cli_eng_day_opt(int *argc, char **argv, const char *opt, gk_day *out);
/* YYYY-MM-DD in out, or "-" for no date; returns the text. */
const char *cli_eng_day_s(gk_day d, char out[11]);
/* --year Y: 0 when absent; prints the error and returns false when not a year. */
bool cli_eng_year_opt(const char *year, int64_t *y);

#endif
