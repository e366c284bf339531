/*
 * cli_apply_internal.h — what the files of the 'apply' command group share
 * (cli_apply.c: the group's table, register, the steps, settings;
 * cli_apply_view.c: list, show, letter). Included by those files only.
 */
#ifndef GONGKAI_CLI_APPLY_INTERNAL_H
#define GONGKAI_CLI_APPLY_INTERNAL_H

#include "cli/cli.h"

/* Reads application NO of the run's agency into *out (its provisional flag
 * computed); prints the error and returns the exit status when it cannot. */
int cli_apply_get(cli_app_env *env, const char *no, struct app *out);
/* YYYY-MM-DD, or "-" for no date. */
void cli_apply_date_or_dash(gk_day d, char out[11]);
/* "剩4个工作日", "今天到期", "逾期2个工作日" (or "-") appended to out. */
void cli_apply_left_label(cli_app_env *env, gk_day due, buf *out);
/* Fills the letter's agency and its settings (review body, court, contact);
 * ctx borrows vals[0..2], which this initialises (even on failure): the
 * caller frees them with buf_free after the letter is written. */
int cli_apply_letter_ctx(cli_app_env *env, struct app_letter_ctx *ctx, buf vals[3]);
/* Prints the reply letter (event 0 or APP_EV_ANSWER) or the notice a step
 * sends, as text or HTML; returns the exit status. */
int cli_apply_print_letter(cli_app_env *env, const struct app *a, int event, bool html);

/* The rows kept in cli_apply_view.c (usage text and handler). */
extern const char cli_apply_usage_list[], cli_apply_usage_show[], cli_apply_usage_letter[];
int cli_apply_cmd_list(cli_run *run, int argc, char **argv);
int cli_apply_cmd_show(cli_run *run, int argc, char **argv);
int cli_apply_cmd_letter(cli_run *run, int argc, char **argv);

#endif
