/* cli — what the application commands share (apply, due, review, report
 * generate): the database, the agency, the calendar with imported years, the
 * agency's settings, dates and table cells. See cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char *cli_app_opt(int *argc, char **argv, const char *name)
{
    const char *v, *last = NULL;
    while ((v = cli_opt(argc, argv, name)) != NULL)
        last = v;
    return last;
}

int cli_app_open(cli_ctx *ctx, const char *cmd, int *argc, char **argv, cli_app_env *env)
{
    memset(env, 0, sizeof *env);
    const char *agency = cli_app_opt(argc, argv, "--agency");
    if (!agency)
        agency = ctx->agency;
    env->actor = cli_actor(argc, argv, "staff");
    err e = {0};
    if (store_open(ctx->db_path, &env->store, &e))
        return cli_report_err(&e);
    if (store_agency_resolve(env->store, agency, &env->agency, &e)) {
        cli_app_close(env);
        if (!e.where[0])
            snprintf(e.where, sizeof e.where, "%s", cmd);
        return cli_report_err(&e);
    }
    /* the calendar of the agency's region (national when none) */
    int rc = store_calendar_for(env->store, env->agency.id, &env->cal, &e);
    if (!rc)
        rc = cli_app_rules(env->store, env->agency.id, &env->rules, &e);
    if (rc) {
        cli_app_close(env);
        return cli_report_err(&e);
    }
    cal_set_count_from_same_day(env->cal, env->rules.count_same_day);
    return 0;
}

int cli_app_rules(store_t *s, int64_t agency_id, struct app_rules *r, err *e)
{
    buf b;
    buf_init(&b);
    int rc = 0;
    app_rules_default(r, date_today());
    for (int i = 0; !rc && app_rule_keys[i]; i++) {
        buf_reset(&b);
        int got = store_setting_get(s, agency_id, app_rule_keys[i], &b, e);
        if (got == 0)
            rc = app_rules_set(r, app_rule_keys[i], b.data ? b.data : "", e);
        else if (got != GK_ENOTFOUND)
            rc = got;
    }
    buf_free(&b);
    return rc;
}

void cli_app_close(cli_app_env *env)
{
    if (env->store)
        store_close(env->store);
    if (env->cal)
        cal_free(env->cal);
    env->store = NULL;
    env->cal = NULL;
}

int cli_app_date(const char *opt, const char *text, gk_day *out)
{
    err e = {0};
    if (date_parse(text, out, &e)) {
        cli_error(opt, "'%s' is not a date (YYYY-MM-DD)", text);
        return 2;
    }
    return 0;
}

static int cp_width(uint32_t cp)
{
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000)
        return 2;
    return 1;
}

int cli_app_one_no(const char *cmd, int argc, char **argv, const char **no)
{
    int rc = cli_reject_unknown(argc, argv, cmd);
    if (rc)
        return rc;
    if (argc != 1) {
        cli_error(cmd, "expected one application number (see 'gongkai %s --help')", cmd);
        return 2;
    }
    *no = argv[0];
    return 0;
}

int cli_app_step_args(const char *cmd, int *argc, char **argv, gk_day *date, const char **no)
{
    const char *d = cli_app_opt(argc, argv, "--date");
    if (d && cli_app_date("--date", d, date))
        return 2;
    return cli_app_one_no(cmd, *argc, argv, no);
}

void cli_app_row(buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = 0;
    printf("%s\n", b->data ? b->data : "");
}

void cli_app_cell(buf *out, const char *s, int width)
{
    size_t n = strlen(s), i = 0;
    int w = 0, total = 0;
    /* the whole width first: cut only when it does not fit */
    for (size_t k = 0; k < n;) {
        uint32_t cp;
        int l = utf8_decode(s + k, n - k, &cp);
        if (l <= 0)
            l = 1, cp = '?';
        total += cp == '\n' || cp == '\t' ? 1 : cp_width(cp);
        k += (size_t)l;
    }
    bool cut = total > width;
    while (i < n) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (l <= 0)
            l = 1, cp = '?';
        int cw = cp_width(cp);
        if (cut && w + cw > width - 1)
            break;
        if (cp == '\n' || cp == '\t' || cp == '\r')
            buf_putc(out, ' ');
        else
            buf_append(out, s + i, (size_t)l);
        w += cw;
        i += (size_t)l;
    }
    if (cut) {
        buf_puts(out, "…");
        w += 1;
    }
    for (; w < width; w++)
        buf_putc(out, ' ');
}
