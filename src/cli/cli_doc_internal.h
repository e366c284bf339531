/*
 * cli_doc_internal.h — what the files of the 'doc' command group share
 * (cli_doc.c: the group's table, add, edit, attach; cli_doc_step.c: the
 * workflow steps; cli_doc_show.c: show, list,
 * search; cli_doc_admin.c: import, stats, words, vocab, reindex;
 * cli_doc_register.c: the register and attributes). Included by those files only.
 */
#ifndef GONGKAI_CLI_DOC_INTERNAL_H
#define GONGKAI_CLI_DOC_INTERNAL_H

#include "cli/cli.h"
#include "calendar/calendar.h"
#include "publish/publish.h"
#include "store/store.h"

#define DOC_FILE_MAX (256u << 20)    /* an import or a body file */

/* The store and the agency the runner opened (once); the runner closes them. */
int cli_doc_open(cli_run *run, store_t **s, struct store_agency *ag);
/* Prints e (naming cmd when e names no place); returns the exit status. */
int cli_doc_err(const char *cmd, const err *e);
/* A document id (a positive number); prints the error and returns false. */
bool cli_doc_parse_id(const char *cmd, const char *s, int64_t *id);
/* Exactly one positional argument, the document's id. */
bool cli_doc_only_id(const char *cmd, int argc, char **argv, int64_t *id);
/* A date option; prints "cmd: what: ..." and returns false when bad. */
bool cli_doc_date_opt(const char *cmd, const char *what, const char *s, gk_day *d);
/* The deployment's calendar (caller frees with cal_free); an unreadable
 * imported year is reported and the built-in years are used. */
cal_t *cli_doc_calendar(store_t *s);
/* YYYY-MM-DD, or "" for DOC_NODAY. */
void cli_doc_day(gk_day d, char out[11]);
/* The screening hits of a document, one a line (only the open ones when asked). */
void cli_doc_print_hits(store_t *s, int64_t id, bool only_open);

/* The document's fields from the options of add, edit and correct
 * (--title, --body, ...) into *d; *changed says whether any was given.
 * Prints the error and returns the exit status when one is bad. */
int cli_doc_fields_from_opts(const char *cmd, int *argc, char **argv, struct doc *d, bool *changed);
/* The role a step is taken in: --role (given), else the only one the
 * transition table allows, else the author's when the actor wrote it, else
 * the stage's owner. Prints the error and returns 2 when given is bad. */
int cli_doc_pick_role(const char *cmd, const char *given, const struct doc *d, int action, const char *actor,
                      enum doc_role *out);

/* What edit and correct share: the document's ID first on the line
 * (cli_doc_edit_id; next: the option the usage line shows after it), then the document loaded, the field options read,
 * nothing else on the line and the role picked (cli_doc_edit_load; an edit
 * must change something). On success x->d holds the edited copy (caller
 * frees with doc_clear); on failure the error is printed, nothing held, and
 * the exit status returned. */
struct cli_doc_edit {
    int action;                 /* DOC_A_EDIT or DOC_A_CORRECT */
    const char *role;           /* --role, or NULL */
    int64_t id;
    store_t *s;                 /* the runner's: it closes them */
    struct store_agency ag;
    struct doc d;
    bool changed;
    enum doc_role r;
};
int cli_doc_edit_id(const char *cmd, const char *next, int argc, char **argv, int64_t *id);
int cli_doc_edit_load(cli_run *run, const char *cmd, int *argc, char **argv, struct cli_doc_edit *x);

/* The rows kept in the other files (usage text and handler). */
#define CLI_DOC_ROW(name)                                         \
    extern const char cli_doc_usage_##name[];                     \
    int cli_doc_cmd_##name(cli_run *run, int argc, char **argv);
/* the workflow steps (cli_doc_step.c): one handler, the row's arg naming the step */
enum cli_doc_step { CLI_DOC_SUBMIT, CLI_DOC_REVIEW, CLI_DOC_PUBLISH, CLI_DOC_REPEAL, CLI_DOC_EXPIRE, CLI_DOC_WITHDRAW };
extern const char cli_doc_usage_submit[], cli_doc_usage_review[], cli_doc_usage_publish[],
    cli_doc_usage_repeal[], cli_doc_usage_expire[], cli_doc_usage_withdraw[];
int cli_doc_cmd_step(cli_run *run, int argc, char **argv);
CLI_DOC_ROW(correct)
CLI_DOC_ROW(show)
CLI_DOC_ROW(list)
CLI_DOC_ROW(search)
CLI_DOC_ROW(import)
CLI_DOC_ROW(stats)
CLI_DOC_ROW(words)
CLI_DOC_ROW(synonyms)
CLI_DOC_ROW(vocab)
CLI_DOC_ROW(reindex)
/* the register of documents and their disclosure attribute (cli_doc_register.c) */
CLI_DOC_ROW(register)
CLI_DOC_ROW(attr)
CLI_DOC_ROW(registry)
CLI_DOC_ROW(bases)
#undef CLI_DOC_ROW

#endif
