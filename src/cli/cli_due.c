/*
 * cli — 'gongkai due': the applications that need someone today. Overdue
 * first, then those whose next deadline falls within N working days, most
 * urgent first. The next deadline is the reply deadline while the clock
 * runs, else the date the applicant or the other side had (supplement,
 * consultation, payment): past it, staff record what happened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: gongkai due [--within N] [--json] [--agency CODE]\n\n"
    "Applications overdue or due within N working days (default 5), most urgent first:\n"
    "the reply deadline (Art. 33, with extension and stopped time), or the end of the\n"
    "supplementation period, of a consultation's 15 working days, or of the payment period.\n"
    "（暂定） after the kind of deadline: counted over a year whose State Council notice is not\n"
    "imported yet (a provisional calendar); it moves when the notice is imported.\n"
    "Names are masked. Exit status: 0 nothing overdue, 1 something is overdue, 2 bad input.\n";

struct due_arg {
    cli_app_env *env;
    json_t *json;   /* the array --json prints, else NULL */
    int n, overdue, today;
};

static int due_row(const struct app *a, void *arg)
{
    struct due_arg *x = arg;
    cli_app_env *env = x->env;
    int left = 0;
    err e = {0};
    bool known = app_days_left(env->cal, env->rules.today, a->due, &left, &e) == 0;
    char due[11];
    date_format(a->due, due);
    buf b, cell;
    buf_init(&b);
    buf_init(&cell);
    if (known && left < 0)
        x->overdue++;
    else if (a->due == env->rules.today)
        x->today++;
    if (x->json) {
        app_mask_name(a->name, a->kind, &cell);
        json_array_append_new(x->json, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:s}", "no", a->no, "due", due,
                                                 "due_kind", app_due_codes[a->due_kind], "days_left",
                                                 known ? json_integer(left) : json_null(), "provisional",
                                                 app_provisional(env->cal, a), "state", app_states[a->state].code,
                                                 "name_masked", cell.data ? cell.data : "", "request", a->request));
    } else {
        buf_printf(&b, "%s  %s  ", a->no, due);
        if (!known)
            buf_puts(&cell, "?");
        else if (left < 0)
            buf_printf(&cell, "逾期%d个工作日", -left);
        else if (a->due == env->rules.today)
            buf_puts(&cell, "今天到期");
        else
            buf_printf(&cell, "剩%d个工作日", left);
        cli_app_cell(&b, cell.data, 14);
        buf_puts(&b, "  ");
        buf_reset(&cell);
        buf_printf(&cell, "%s%s", app_due_labels[a->due_kind], app_provisional(env->cal, a) ? "（暂定）" : "");
        cli_app_cell(&b, cell.data, 16);
        buf_puts(&b, "  ");
        buf_reset(&cell);
        app_status_label(a, &cell);
        cli_app_cell(&b, cell.data, 26);
        buf_puts(&b, "  ");
        buf_reset(&cell);
        app_mask_name(a->name, a->kind, &cell);
        cli_app_cell(&b, cell.data ? cell.data : "", 12);
        buf_puts(&b, "  ");
        cli_app_cell(&b, a->request, 30);
        cli_app_row(&b);
    }
    x->n++;
    buf_free(&b);
    buf_free(&cell);
    return 0;
}

int cli_due(cli_ctx *ctx, int argc, char **argv)
{
    const char *cmd = "due";
    if (cli_wants_help(argc, argv)) {
        fputs(usage, stdout);
        return 0;
    }
    cli_app_env env;
    int rc = cli_app_open(ctx, cmd, &argc, argv, &env);
    if (rc)
        return rc;
    const char *within = cli_app_opt(&argc, argv, "--within");
    bool json = cli_flag(&argc, argv, "--json");
    int64_t n = 5;
    if ((rc = cli_reject_unknown(argc, argv, cmd)) == 0 && argc) {
        cli_error(cmd, "unexpected argument '%s' (see 'gongkai due --help')", argv[0]);
        rc = 2;
    }
    if (!rc && within && (!parse_i64(within, strlen(within), &n) || n < 0 || n > 250)) {
        cli_error("--within", "'%s' is not a number of working days from 0 to 250", within);
        rc = 2;
    }
    gk_day until = env.rules.today;
    err e = {0};
    if (!rc && cal_add_workdays(env.cal, env.rules.today, (int)n, &until, &e))
        rc = cli_report_err(&e);
    struct due_arg x = {&env, json ? json_array() : NULL, 0, 0, 0};
    if (!rc) {
        char u[11];
        date_format(until, u);
        if (!json)
            printf("%s 逾期或%lld个工作日内（%s前）到期的申请\n", env.agency.name, (long long)n, u);
        if (store_app_due(env.store, env.agency.id, until, due_row, &x, &e))
            rc = cli_report_err(&e);
    }
    if (!rc) {
        if (json) {
            cli_json_print(x.json, JSON_COMPACT);
            x.json = NULL;
        } else if (!x.n)
            puts("没有逾期或即将到期的申请");
        else
            printf("共%d件：逾期%d件，今天到期%d件，其余%d件\n", x.n, x.overdue, x.today, x.n - x.overdue - x.today);
        rc = x.overdue ? 1 : 0;
    }
    json_decref(x.json);
    cli_app_close(&env);
    return rc;
}
