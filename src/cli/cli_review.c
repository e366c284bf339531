/*
 * cli — the 'review' command group: administrative review and litigation
 * cases arising from applications, with their results (report table 四).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage_main[] =
    "usage: gongkai review COMMAND [ARGS...]\n\n"
    "Administrative review (行政复议) and lawsuits (行政诉讼) arising from applications.\n"
    "Table 四 of the annual report counts the cases filed in the year, with their result as\n"
    "of 31 December (a case decided later counts as 尚未审结).\n\n"
    "Commands:\n"
    "  add    --app NO --kind K --filed DATE [--body NAME] [--case-no X] [--after ID] [--note TEXT]\n"
    "         K: review, litigation_direct, litigation_after_review (--after: the review case)\n"
    "  close  ID --result upheld|corrected|other [--date DATE] [--note TEXT]\n"
    "  list   [--year Y]\n\n"
    "add takes --request-id ID, an idempotency key chosen by the caller (1-100 visible ASCII):\n"
    "a retry with the same key adds nothing and prints the first case.\n"
    "Every command takes --agency CODE when the database serves several agencies.\n"
    "Exit status: 0 done, 1 refused, 2 bad input.\n";

static void print_case(const struct app_case *c)
{
    char f[11], d[11] = "-";
    date_format(c->filed, f);
    if (c->closed)
        date_format(c->closed, d);
    buf b;
    buf_init(&b);
    buf_printf(&b, "%-5lld %s  %s  ", (long long)c->id, c->app_no, f);
    cli_app_cell(&b, app_case_kinds[c->kind].label, 30);
    buf_puts(&b, "  ");
    cli_app_cell(&b, app_case_results[c->result].label, 10);
    buf_printf(&b, "  %s  ", d);
    cli_app_cell(&b, c->body, 24);
    buf_printf(&b, "  %s", c->case_no);
    cli_app_row(&b);
    buf_free(&b);
}

/* --after N: the earlier case this one follows (a litigation after review). */
static int case_prior(cli_app_env *env, const char *after, struct app_case *prior, int64_t *id)
{
    err e = {0};
    if (!parse_i64(after, strlen(after), id) || *id < 1) {
        cli_error("--after", "'%s' is not a case number", after);
        return 2;
    }
    int rc = store_case_get(env->store, env->agency.id, *id, prior, &e);
    if (rc) {
        snprintf(e.where, sizeof e.where, "--after");
        return rc == GK_ENOTFOUND ? (cli_report_err(&e), 2) : cli_report_err(&e);
    }
    return 0;
}

/* The case checked against its application and kept, with the request id
 * (both or neither). */
static int case_keep(cli_app_env *env, struct app_case *c, const struct app *a, const struct app_case *prior,
                     const char *token)
{
    err e = {0};
    c->app_id = a->id;
    snprintf(c->app_no, sizeof c->app_no, "%s", a->no);
    if (app_case_check_new(c, a, prior, env->rules.today, &e) || store_begin(env->store, &e) ||
        store_case_add(env->store, c, env->actor, &e) ||
        (token && store_form_token_put(env->store, env->agency.id, token, "review_case", c->id, &e))) {
        store_rollback(env->store);   /* nothing when no transaction was begun */
        return cli_report_err(&e);
    }
    if (store_commit(env->store, &e))
        return cli_report_err(&e);
    print_case(c);
    return 0;
}

/* The case's fields from the options: kind, date filed, texts within their limits. */
static int case_fields(struct app_case *c, const char *kind, const char *filed, const char *body,
                       const char *case_no, const char *note)
{
    if (kind && (c->kind = app_case_kind_from_code(kind)) < 0) {
        cli_error("--kind", "unknown case kind '%s' (review, litigation_direct, litigation_after_review)", kind);
        return 2;
    }
    if (filed && cli_app_date("--filed", filed, &c->filed))
        return 2;
    /* limits in characters (base/limits.h): refused whole, never cut */
    const struct { const char *v; char *dst; size_t cap; enum lim_field f; } texts[] = {
        {body, c->body, sizeof c->body, LIM_F_CASE_BODY}, {case_no, c->case_no, sizeof c->case_no, LIM_F_CASE_NO},
        {note, c->note, sizeof c->note, LIM_F_CASE_NOTE}};
    err e = {0};
    for (size_t i = 0; i < 3; i++)
        if (lim_copy(texts[i].f, texts[i].dst, texts[i].cap, texts[i].v, &e))
            return cli_report_err(&e);
    return 0;
}

static int cmd_add(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *no = cli_app_opt(&argc, argv, "--app"), *kind = cli_app_opt(&argc, argv, "--kind"),
               *filed = cli_app_opt(&argc, argv, "--filed"), *body = cli_app_opt(&argc, argv, "--body"),
               *case_no = cli_app_opt(&argc, argv, "--case-no"), *after = cli_app_opt(&argc, argv, "--after"),
               *note = cli_app_opt(&argc, argv, "--note"), *request_id = cli_app_opt(&argc, argv, "--request-id");
    int rc = cli_reject_unknown(argc, argv, "review add");
    if (rc)
        return rc;
    char token[CLI_REQUEST_TOKEN_CAP];
    if (request_id && cli_request_token(request_id, token))
        return 2;
    if (argc) {
        cli_error("review add", "unexpected argument '%s'", argv[0]);
        return 2;
    }
    struct app_case c = {.agency_id = env->agency.id};
    if ((rc = case_fields(&c, kind, filed, body, case_no, note)))
        return rc;
    if (!no) {
        cli_error("--app", "a case is linked to the application it arises from: give its number");
        return 2;
    }
    /* a retry under the same --request-id: the first case, nothing added */
    int64_t first;
    err e = {0};
    int found = request_id ? cli_request_find(env->store, env->agency.id, token, "review_case", &first) : 0;
    if (found < 0)
        return -found;
    if (found > 0) {
        if (store_case_get(env->store, env->agency.id, first, &c, &e))
            return cli_report_err(&e);
        fprintf(stderr, "gongkai: --request-id %s was used before: nothing added, its case follows\n", request_id);
        print_case(&c);
        return 0;
    }
    struct app *a = xmalloc(sizeof *a);
    struct app_case prior;
    rc = store_app_get(env->store, env->agency.id, no, a, &e);
    if (rc == GK_ENOTFOUND) {
        cli_error("--app", "no application %s in %s", no, env->agency.code);
        rc = 2;
    } else if (rc) {
        rc = cli_report_err(&e);
    }
    if (!rc && after)
        rc = case_prior(env, after, &prior, &c.prior_id);
    if (!rc)
        rc = case_keep(env, &c, a, after ? &prior : NULL, request_id ? token : NULL);
    free(a);
    return rc;
}

static int cmd_close(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *result = cli_app_opt(&argc, argv, "--result"), *date = cli_app_opt(&argc, argv, "--date"),
               *note = cli_app_opt(&argc, argv, "--note");
    int rc = cli_reject_unknown(argc, argv, "review close");
    if (rc)
        return rc;
    int64_t id;
    if (argc != 1 || !parse_i64(argv[0], strlen(argv[0]), &id) || id < 1) {
        cli_error("review close", "expected one case number (see 'gongkai review --help')");
        return 2;
    }
    gk_day on = env->rules.today;
    if (date && cli_app_date("--date", date, &on))
        return 2;
    int r = result ? app_case_result_from_code(result) : 0;
    if (r < 0) {
        cli_error("--result", "unknown result '%s' (upheld, corrected, other)", result);
        return 2;
    }
    struct app_case before, after;
    err e = {0};
    if ((rc = store_case_get(env->store, env->agency.id, id, &before, &e)))
        return rc == GK_ENOTFOUND ? (cli_report_err(&e), 2) : cli_report_err(&e);
    after = before;
    if (note && lim_copy(LIM_F_CASE_NOTE, after.note, sizeof after.note, note, &e))
        return cli_report_err(&e);
    if (app_case_close(&after, r, on, env->rules.today, &e) || store_case_save(env->store, &before, &after,
                                                                                env->actor, &e))
        return cli_report_err(&e);
    print_case(&after);
    return 0;
}

static int list_cb(const struct app_case *c, void *arg)
{
    (*(int *)arg)++;
    print_case(c);
    return 0;
}

static int cmd_list(cli_run *run, int argc, char **argv)
{
    cli_app_env *env = run->app;
    const char *year = cli_app_opt(&argc, argv, "--year");
    int rc = cli_reject_unknown(argc, argv, "review list");
    if (rc)
        return rc;
    int64_t y = 0;
    if (year && (!parse_i64(year, strlen(year), &y) || y < 1900 || y > 9999)) {
        cli_error("--year", "'%s' is not a year", year);
        return 2;
    }
    if (argc) {
        cli_error("review list", "unexpected argument '%s'", argv[0]);
        return 2;
    }
    int n = 0;
    err e = {0};
    if (store_case_list(env->store, env->agency.id, (int)y, list_cb, &n, &e))
        return cli_report_err(&e);
    if (!n)
        puts("没有行政复议、行政诉讼案件");
    return 0;
}

static const struct cli_sub review_subs[] = {
    {"add", NULL, cmd_add, CLI_APPS | CLI_WRITES, 0},
    {"close", NULL, cmd_close, CLI_APPS | CLI_WRITES, 0},
    {"list", NULL, cmd_list, CLI_APPS, 0},
};

int cli_review(cli_ctx *ctx, int argc, char **argv)
{
    static const struct cli_group g = {"review", usage_main, review_subs,
                                       sizeof review_subs / sizeof review_subs[0], "staff"};
    return cli_run_group(ctx, &g, argc, argv);
}
