/*
 * cli — the gongkai command line: one function per command group, each
 * translating arguments into calls on the domain modules and printing the
 * result. Exit status: 0 done / nothing found, 1 findings or a refused
 * action, 2 bad input or usage. Errors go to stderr as one line
 * "gongkai: WHERE: WHAT" (cli_error).
 */
#ifndef GONGKAI_CLI_H
#define GONGKAI_CLI_H

#include "base/base.h"

typedef struct cli_ctx {
    const char *db_path;   /* --db, else $GONGKAI_DB, else var/gongkai.db */
    const char *agency;    /* --agency CODE when given before the command */
} cli_ctx;

/* Prints "gongkai: WHERE: WHAT" (or "gongkai: WHAT" when where is empty). */
void cli_error(const char *where, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints an err record the same way; returns 2 for bad input, 1 otherwise. */
int cli_report_err(const err *e);

/* Minimal option scanning for "--name value" and "--flag" forms.
 * cli_opt returns the value of --name (removing both words from argv) or NULL;
 * cli_flag returns true when --name is present (removing it). Both work on
 * the argument vector in place so the positional arguments remain. */
const char *cli_opt(int *argc, char **argv, const char *name);
bool cli_flag(int *argc, char **argv, const char *name);
/* After options are taken: the first remaining "--x" is an unknown option. */
int cli_reject_unknown(int argc, char **argv, const char *cmd);
bool cli_wants_help(int argc, char **argv);

int cli_report(cli_ctx *ctx, int argc, char **argv);
int cli_calendar(cli_ctx *ctx, int argc, char **argv);
int cli_apply(cli_ctx *ctx, int argc, char **argv);
int cli_due(cli_ctx *ctx, int argc, char **argv);
int cli_review(cli_ctx *ctx, int argc, char **argv);
int cli_doc(cli_ctx *ctx, int argc, char **argv);
int cli_serve(cli_ctx *ctx, int argc, char **argv);
int cli_demo(cli_ctx *ctx, int argc, char **argv);
int cli_agency(cli_ctx *ctx, int argc, char **argv);
int cli_user(cli_ctx *ctx, int argc, char **argv);

#endif
