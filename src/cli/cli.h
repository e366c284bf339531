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
/* The most problems of one input printed one per line; past it, one line
 * "and M more" (garbage input once printed 805,385 lines, issue 11). */
#define CLI_ERRORS_SHOWN 20
/* Prints an err record the same way, a field of the domain spelled as its
 * option ("id_number" -> "--id-number"); returns the exit status of its code
 * (GK_ERRORS in base.h: 2 for bad input, 1 otherwise). */
int cli_report_err(const err *e);
/* The same, naming cmd when the record names no place. */
int cli_report_err_in(const char *cmd, const err *e);
/* The exit status of an err record (1 when it carries no code). */
int cli_exit_status(const err *e);
/* Where an err record points, as the command line spells it: a field of the
 * domain as its option; returns e->where or out. */
#define CLI_WHERE_CAP 260
const char *cli_where(const err *e, char out[CLI_WHERE_CAP]);

/* Minimal option scanning for "--name value" and "--flag" forms.
 * cli_opt returns the value of --name (removing both words from argv) or NULL;
 * cli_flag returns true when --name is present (removing it). Both work on
 * the argument vector in place so the positional arguments remain. */
const char *cli_opt(int *argc, char **argv, const char *name);
bool cli_flag(int *argc, char **argv, const char *name);
/* After options are taken: the first remaining "--x" is an unknown option. */
int cli_reject_unknown(int argc, char **argv, const char *cmd);
/* After options are taken, nothing may be left: an unknown option or an
 * unexpected argument is reported; returns 0 or the exit status (2). */
int cli_no_args(int argc, char **argv, const char *cmd);
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
/* `agency import FILE.csv` and `agency tree` (cli_agency_tree.c); cli_agency dispatches here. */
int cli_agency_import(cli_ctx *ctx, int argc, char **argv);
int cli_agency_tree(cli_ctx *ctx, int argc, char **argv);
int cli_user(cli_ctx *ctx, int argc, char **argv);
/* cli_secure.c (issue 15): seal, audit, retention, security */
int cli_seal(cli_ctx *ctx, int argc, char **argv);
int cli_audit(cli_ctx *ctx, int argc, char **argv);
int cli_retention(cli_ctx *ctx, int argc, char **argv);
int cli_security(cli_ctx *ctx, int argc, char **argv);
int cli_message(cli_ctx *ctx, int argc, char **argv);
int cli_suggestion(cli_ctx *ctx, int argc, char **argv);
int cli_consult(cli_ctx *ctx, int argc, char **argv);
int cli_narrative(cli_ctx *ctx, int argc, char **argv);
/* cli_channel.c (issue 18): channels and what was sent; archive and library copies */
int cli_channel(cli_ctx *ctx, int argc, char **argv);
int cli_archive(cli_ctx *ctx, int argc, char **argv);
/* cli_progress.c: progress of long work on standard error: one line
 * rewritten with \r on a terminal, plain lines in a log (issue 16). Hand
 * *out to the library call; cli_progress_end after it. unit: "条", "份". */
#include "base/progress.h"
struct cli_progress {
    bool tty, shown;
    const char *unit;
    char what[64];
    int64_t t0_ms, last_ms;
    int tenth;
};
void cli_progress_init(struct cli_progress *c, const char *unit, struct gk_progress *out);
void cli_progress_end(struct cli_progress *c);
/* cli_mail.c: the e-mail outbox and its settings (issue 16) */
int cli_mail(cli_ctx *ctx, int argc, char **argv);

/* ---- applications: what apply, due, review and report generate share
 * (cli_app.c) ---------------------------------------------------------- */
#include "store/store.h"

/* ---- the command runner: each group is a table of subcommands ----------
 * A group (doc, apply, review, report, user, agency, calendar) is one
 * `struct cli_group`: its usage and a table of `struct cli_sub` rows. The
 * runner (cli_run_group) answers --help for the group and for each row,
 * takes --agency after the command, takes the actor for rows that write
 * (--actor, with --as as the older spelling), opens the store and resolves
 * the agency once when the row asks (or on the handler's first cli_open),
 * runs the handler and closes what it opened. */
enum cli_sub_flags {
    CLI_NEEDS_STORE = 1 << 0,   /* the store is open before the handler runs */
    CLI_NEEDS_AGENCY = 1 << 1,  /* ... and the agency resolved (implies the store) */
    CLI_WRITES = 1 << 2,        /* changes records: the actor is taken */
    CLI_APPS = 1 << 3,          /* applications' environment (cli_app_open: store, agency,
                                 * calendar, settings, actor) in r->app */
};

struct cli_run;
struct cli_sub {
    const char *name;
    const char *usage;          /* printed for 'gongkai GROUP NAME --help'; NULL: the group's */
    int (*run)(struct cli_run *r, int argc, char **argv);
    unsigned flags;             /* enum cli_sub_flags */
    int arg;                    /* handed to the handler as r->arg (rows sharing one handler) */
};

struct cli_group {
    const char *name;           /* "doc" */
    const char *usage;          /* the group's usage, for --help and a missing command */
    const struct cli_sub *subs;
    size_t nsubs;
    const char *actor_default;  /* the actor when neither option nor environment names one */
};

struct cli_app_env;
typedef struct cli_run {
    cli_ctx *ctx;
    const struct cli_sub *sub;
    char cmd[64];               /* "doc add": where the command's own errors are reported */
    int arg;                    /* the row's arg */
    const char *actor;          /* --actor / --as, else $GONGKAI_USER, else $USER (CLI_WRITES) */
    store_t *store;             /* open after cli_open (or CLI_NEEDS_STORE); the runner closes it */
    struct store_agency agency; /* resolved after cli_open (or CLI_NEEDS_AGENCY) */
    bool have_agency;
    struct cli_app_env *app;    /* CLI_APPS: the applications' environment */
} cli_run;

/* Runs argv[0] of the group's table with the rest of argv; returns the exit
 * status. */
int cli_run_group(cli_ctx *ctx, const struct cli_group *g, int argc, char **argv);
/* Opens the store and resolves the agency (once per run; later calls return
 * 0 at once). Prints the error and returns the exit status on failure. */
int cli_open(cli_run *r);
/* Opens the store only (commands over the whole database). */
int cli_open_store(cli_run *r);
/* --actor NAME (or --as NAME), else $GONGKAI_USER, else $USER, else dflt. */
const char *cli_actor(int *argc, char **argv, const char *dflt);
/* A command's JSON on standard output with a final newline, dumped with
 * jansson's flags (JSON_COMPACT, 0 for one line with ", " and ": ",
 * JSON_INDENT(n)); steals the reference to v. Returns 0, or 1 when it could
 * not be written (or v is NULL: a value jansson refused). */
#include <jansson.h>
int cli_json_print(json_t *v, size_t flags);

/* ---- --request-id: a retried creation adds nothing (issue 11, item 9) ----
 * The caller's key is kept as the one-time token "cli:<id>" (migration 008;
 * web form tokens are 32 hex digits, so they never collide) in the same
 * transaction as the record it created. */
#define CLI_REQUEST_ID_MAX 100
#define CLI_REQUEST_TOKEN_CAP (8 + CLI_REQUEST_ID_MAX)
/* Checks the key (1..CLI_REQUEST_ID_MAX visible ASCII) and writes the token;
 * prints the error and returns 2 when bad. */
int cli_request_token(const char *id, char token[CLI_REQUEST_TOKEN_CAP]);
/* What the token created before: 1 with *id when it was used for a record of
 * `kind`, 0 when never used; prints the error and returns the exit status (as
 * a negative number) when it cannot be read or was used for another kind. */
int cli_request_find(store_t *s, int64_t agency_id, const char *token, const char *kind, int64_t *id);

typedef struct cli_app_env {
    store_t *store;
    struct store_agency agency;
    cal_t *cal;                /* built-in years plus those imported into the database */
    struct app_rules rules;    /* the agency's settings; today = date_today() */
    const char *actor;         /* --actor, else $GONGKAI_USER, else $USER */
} cli_app_env;
/* Takes --agency and --actor out of argv, opens the database, resolves the
 * agency, loads the calendar and the settings. Prints the error and returns
 * the exit status on failure. */
int cli_app_open(cli_ctx *ctx, const char *cmd, int *argc, char **argv, cli_app_env *env);
void cli_app_close(cli_app_env *env);
/* The deadline settings of an agency (app_rule_keys) with today's date. */
int cli_app_rules(store_t *s, int64_t agency_id, struct app_rules *r, err *e);
/* cli_opt where a repeated option's last value wins (and every copy is taken). */
const char *cli_app_opt(int *argc, char **argv, const char *name);
/* Parses a date option; prints "gongkai: OPT: ..." and returns 2 when bad. */
int cli_app_date(const char *opt, const char *text, gk_day *out);
/* Appends s padded with spaces to `width` display columns (CJK counts 2),
 * cut with "…" when longer. */
void cli_app_cell(buf *out, const char *s, int width);
/* Prints the row of cells in b as one line, without the padding at its end. */
void cli_app_row(buf *b);
/* What a step on one application takes last: --date DATE (into *date when
 * given), no unknown option, exactly one application number (*no). 0, or
 * the exit status with the error printed. */
int cli_app_step_args(const char *cmd, int *argc, char **argv, gk_day *date, const char **no);
/* The same without --date: no unknown option, exactly one number. */
int cli_app_one_no(const char *cmd, int argc, char **argv, const char **no);
/* The handling chain of applications (cli_apply_chain.c): rows of the
 * 'apply' table, and the helpers 'apply answer' and 'apply show' use. */
extern const char cli_chain_usage_assign[], cli_chain_usage_draft[], cli_chain_usage_return[],
    cli_chain_usage_approve[], cli_chain_usage_queue[], cli_chain_usage_casefile[];
int cli_chain_assign(cli_run *run, int argc, char **argv);
int cli_chain_draft(cli_run *run, int argc, char **argv);
int cli_chain_return(cli_run *run, int argc, char **argv);
int cli_chain_approve(cli_run *run, int argc, char **argv);
int cli_chain_queue(cli_run *run, int argc, char **argv);
int cli_chain_casefile(cli_run *run, int argc, char **argv);
/* Without --outcome, the answer takes the approved draft's outcome, detail
 * and referral (keep holds them); prints and returns 2 when there is none. */
int cli_chain_answer_fill(cli_app_env *env, const char *no, struct app_event *ev, struct app_chain *keep);
void cli_chain_show(cli_app_env *env, const struct app *a);
/* Checks that every id cited is a document registered in the agency
 * (cli_doc_register.c); prints and returns the exit status otherwise. */
int cli_chain_check_cites(cli_app_env *env, const int64_t *ids, int n);
/* "《title》（文号）、…" of the documents the application's reply cites, appended. */
void cli_chain_cites(store_t *s, const struct app *a, buf *out);
/* 'gongkai report generate': tables 三 and 四 of a year from the register
 * (cli_generate.c); a row of cli_report's table (CLI_APPS). */
extern const char cli_report_generate_usage[];
int cli_report_generate(cli_run *run, int argc, char **argv);
/* 'gongkai report status|draft|signoff|publish|history|settings': the
 * agency's annual report on its way to the portal (cli_report_pub.c); rows
 * of cli_report's table (CLI_APPS), the row's name says which. */
extern const char cli_report_pub_usage[];
int cli_report_pub(cli_run *run, int argc, char **argv);

#endif
