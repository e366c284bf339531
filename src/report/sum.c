/*
 * report — summing the reports of many agencies (what a supervising office
 * does with the reports it receives), and the one-row-per-agency CSV of key
 * figures it looks at first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static const char *name_of(const rpt *r)
{
    return r->source ? r->source : r->agency ? r->agency : "(a report)";
}

static double add(double a, double b)
{
    if (rpt_is_null(a))
        return b;
    if (rpt_is_null(b))
        return a;
    return a + b;
}

int rpt_sum(rpt *const *reps, size_t n, rpt **out, err *e)
{
    *out = NULL;
    if (n == 0)
        return err_set(e, GK_EINVAL, "sum", "no reports to sum");
    for (size_t i = 0; i < n; i++) {
        if (!reps[i]->year)
            return err_set(e, GK_EINVAL, name_of(reps[i]),
                           "the reporting year is not known: cannot sum it with others");
        if (reps[i]->layout == RPT_LAYOUT_UNKNOWN)
            return err_set(e, GK_EINVAL, name_of(reps[i]),
                           "the layout is not known: cannot sum it with others");
    }
    /* the year and layout most reports share; the first report that differs is the odd one */
    size_t best = 0, best_n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += reps[j]->year == reps[i]->year && reps[j]->layout == reps[i]->layout;
        if (k > best_n)
            best = i, best_n = k;
    }
    const rpt *ref = reps[best];
    for (size_t i = 0; i < n; i++) {
        const rpt *r = reps[i];
        if (r->year != ref->year)
            return err_set(e, GK_EINVAL, name_of(r),
                           "reporting year %d, but the other reports are for %d: sum reports of one year",
                           r->year, ref->year);
        if (r->layout != ref->layout)
            return err_set(e, GK_EINVAL, name_of(r),
                           "layout %s, but the other reports use the %s layout: sum reports of one layout",
                           rpt_layout_name(r->layout), rpt_layout_name(ref->layout));
        for (size_t j = 0; j < i; j++)
            if (r->agency && reps[j]->agency && strcmp(r->agency, reps[j]->agency) == 0)
                return err_set(e, GK_EINVAL, name_of(r),
                               "%s %d is also in %s: it would be counted twice", r->agency, r->year,
                               name_of(reps[j]));
    }
    rpt *s = rpt_new();
    s->year = ref->year;
    s->layout = ref->layout;
    for (size_t k = 0; k < n; k++) {
        const rpt *r = reps[k];
        for (int f = 0; f < PRO_NFIELDS; f++)
            s->pro[f] = add(s->pro[f], r->pro[f]);
        for (int i = 0; i < APP_NROWS; i++)
            for (int c = 0; c < RPT_NCOLS; c++)
                s->app[i][c] = add(s->app[i][c], r->app[i][c]);
        for (int g = 0; g < RL_NGROUPS; g++)
            for (int c = 0; c < RL_NCOLS; c++)
                s->rl[g][c] = add(s->rl[g][c], r->rl[g][c]);
        for (int i = 0; i < rpt_legacy_n; i++) {
            s->legacy[i] = add(s->legacy[i], r->legacy[i]);
            s->legacy_cum[i] = add(s->legacy_cum[i], r->legacy_cum[i]);
            s->legacy_from_text[i] |= r->legacy_from_text[i];
        }
    }
    char name[64];
    snprintf(name, sizeof name, "%zu个机关合计", n);
    rpt_set_agency(s, name);
    *out = s;
    return 0;
}

/* ---- CSV ------------------------------------------------------------------ */

static void csv_text(buf *b, const char *s)
{
    if (!s) {
        return;
    }
    /* A text starting like a formula would run in a spreadsheet: keep it text. */
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_putc(b, '"');
    if (formula)
        buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote)
        buf_putc(b, '"');
}

static void csv_num(buf *b, double v)
{
    if (rpt_is_null(v))
        return;
    if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        buf_printf(b, "%lld", (long long)v);
    else
        buf_printf(b, "%.15g", v);
}

static double legacy(const rpt *r, const char *key)
{
    int i = rpt_legacy_index(key);
    return i >= 0 ? r->legacy[i] : RPT_NULL;
}

static bool tables(const rpt *r)
{
    return r->layout == RPT_LAYOUT_2021 || r->layout == RPT_LAYOUT_2019;
}

/* The key figures, each for any layout (2008 and narrative reports give the
 * application figures under legacy keys). */
static double fig_new(const rpt *r)
{
    return tables(r) ? r->app[APP_NEW][COL_TOTAL] : legacy(r, "applications.received");
}
static double fig_carried_in(const rpt *r) { return tables(r) ? r->app[APP_CARRIED_IN][COL_TOTAL] : RPT_NULL; }
static double fig_handled(const rpt *r)
{
    return tables(r) ? r->app[APP_HANDLED_TOTAL][COL_TOTAL] : legacy(r, "applications.completed");
}
static double fig_carried_out(const rpt *r) { return tables(r) ? r->app[APP_CARRIED_OUT][COL_TOTAL] : RPT_NULL; }
static double fig_granted(const rpt *r)
{
    return tables(r) ? r->app[APP_GRANTED][COL_TOTAL] : legacy(r, "replies.granted");
}
static double fig_partly(const rpt *r)
{
    return tables(r) ? r->app[APP_PARTLY][COL_TOTAL] : legacy(r, "replies.partly");
}
static double fig_review(const rpt *r)
{
    return tables(r) ? r->rl[RL_REVIEW][RL_TOTAL] : legacy(r, "review.total");
}
static double fig_litigation(const rpt *r)
{
    if (!tables(r))
        return legacy(r, "litigation.total");
    return add(r->rl[RL_LIT_DIRECT][RL_TOTAL], r->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL]);
}
static double fig_proactive_total(const rpt *r) { return legacy(r, "proactive.total"); }
static double fig_rules_in_force(const rpt *r) { return r->pro[PRO_RULES_IN_FORCE]; }
static double fig_norm_issued(const rpt *r) { return r->pro[PRO_NORM_ISSUED]; }
static double fig_norm_in_force(const rpt *r) { return r->pro[PRO_NORM_IN_FORCE]; }
static double fig_licensing(const rpt *r) { return r->pro[PRO_LIC_DECISIONS]; }
static double fig_penalty(const rpt *r) { return r->pro[PRO_PEN_DECISIONS]; }
static double fig_compulsion(const rpt *r) { return r->pro[PRO_COMP_DECISIONS]; }
static double fig_fees(const rpt *r) { return r->pro[PRO_FEES_AMOUNT]; }

static const struct {
    const char *header;
    double (*get)(const rpt *);
} csv_figs[] = {
    {"本年新收申请", fig_new},
    {"上年结转", fig_carried_in},
    {"办理结果总计", fig_handled},
    {"结转下年度", fig_carried_out},
    {"予以公开", fig_granted},
    {"部分公开", fig_partly},
    {"行政复议", fig_review},
    {"行政诉讼", fig_litigation},
    {"主动公开信息数", fig_proactive_total},
    {"规章现行有效", fig_rules_in_force},
    {"规范性文件本年制发", fig_norm_issued},
    {"规范性文件现行有效", fig_norm_in_force},
    {"行政许可决定", fig_licensing},
    {"行政处罚决定", fig_penalty},
    {"行政强制决定", fig_compulsion},
    {"收费金额（万元）", fig_fees},
};

static size_t count_sev(const rpt *r, enum rpt_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nproblems; i++)
        n += r->problems[i].severity == s;
    return n;
}

static void csv_row(buf *out, const rpt *r, const char *file)
{
    csv_text(out, r->agency);
    buf_putc(out, ',');
    if (r->year)
        buf_printf(out, "%d", r->year);
    buf_putc(out, ',');
    csv_text(out, rpt_layout_name(r->layout));
    for (size_t k = 0; k < sizeof csv_figs / sizeof csv_figs[0]; k++) {
        buf_putc(out, ',');
        csv_num(out, csv_figs[k].get(r));
    }
    buf_printf(out, ",%zu,%zu,", count_sev(r, RPT_ERROR), count_sev(r, RPT_WARNING));
    csv_text(out, file);
    buf_puts(out, "\r\n");
}

void rpt_csv(rpt *const *reps, size_t n, const rpt *total, bool bom, buf *out)
{
    if (bom)
        buf_puts(out, "\xEF\xBB\xBF");
    buf_puts(out, "机关,年度,格式");
    for (size_t k = 0; k < sizeof csv_figs / sizeof csv_figs[0]; k++)
        buf_printf(out, ",%s", csv_figs[k].header);
    buf_puts(out, ",错误,警告,文件\r\n");
    for (size_t i = 0; i < n; i++)
        csv_row(out, reps[i], reps[i]->source);
    if (total && n > 1)
        csv_row(out, total, NULL);
}
