/*
 * disclosure — report tables 三 and 四 from the register's tallies. The store
 * counts in one GROUP BY pass; these functions put each count in its row
 * (through the outcome taxonomy) and column, and derive the totals. Review
 * cases and their checks live here too.
 */
#include <stdio.h>
#include <string.h>

#include "disclosure/disclosure.h"

enum rpt_layout app_report_layout(int year)
{
    return year >= 2021 ? RPT_LAYOUT_2021 : year >= 2019 ? RPT_LAYOUT_2019 : RPT_LAYOUT_2008;
}

void app_report_start(rpt *r, int year)
{
    r->year = year;
    r->layout = app_report_layout(year);
    for (int i = 0; i < APP_NROWS; i++) {
        bool shown = r->layout == RPT_LAYOUT_2021 || rpt_app_rows[i].in_2019;
        for (int c = 0; c < RPT_NCOLS; c++)
            r->app[i][c] = shown ? 0 : RPT_NULL;
    }
}

int app_report_add(rpt *r, const struct app_tally *t, err *e)
{
    if (t->kind < COL_NATURAL || t->kind >= COL_TOTAL)
        return err_set(e, GK_EINVAL, "report", "applicant kind %d is not a report column", t->kind);
    r->app[APP_NEW][t->kind] += (double)t->n_new;
    r->app[APP_CARRIED_IN][t->kind] += (double)t->n_in;
    r->app[APP_CARRIED_OUT][t->kind] += (double)t->n_out;
    if (t->n_done) {
        const struct app_outcome *o = app_outcome_find(t->outcome);
        if (!o)
            return err_set(e, GK_EINVAL, "report", "%lld concluded applications carry the unknown outcome '%s'",
                           (long long)t->n_done, t->outcome ? t->outcome : "");
        int row = o->row;
        /* the 2019 layout prints （六）其他处理 as one row */
        if (rpt_is_null(r->app[row][t->kind]))
            row = APP_O_OTHER;
        r->app[row][t->kind] += (double)t->n_done;
    }
    return 0;
}

void app_report_finish(rpt *r)
{
    for (int c = 0; c < COL_TOTAL; c++) {
        double sum = 0;
        for (int i = 0; i < APP_NROWS; i++)
            if (rpt_app_rows[i].outcome && !rpt_is_null(r->app[i][c]))
                sum += r->app[i][c];
        r->app[APP_HANDLED_TOTAL][c] = sum;
    }
    for (int i = 0; i < APP_NROWS; i++) {
        if (rpt_is_null(r->app[i][COL_NATURAL]))
            continue;
        double sum = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            sum += r->app[i][c];
        r->app[i][COL_TOTAL] = sum;
    }
}

/* ---- table 四 ---- */

void app_cases_start(rpt *r)
{
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            r->rl[g][c] = 0;
}

int app_cases_add(rpt *r, const struct app_case_tally *t, err *e)
{
    if (t->kind < 1 || t->kind > APP_NCASE_KINDS || t->result < 0 || t->result > APP_NCASE_RESULTS)
        return err_set(e, GK_EINVAL, "report", "case kind %d / result %d is not in table 四", t->kind, t->result);
    r->rl[app_case_kinds[t->kind].group][app_case_results[t->result].col] += (double)t->n;
    return 0;
}

void app_cases_finish(rpt *r)
{
    for (int g = 0; g < RL_NGROUPS; g++)
        r->rl[g][RL_TOTAL] = r->rl[g][RL_UPHELD] + r->rl[g][RL_CORRECTED] + r->rl[g][RL_OTHER] + r->rl[g][RL_PENDING];
}

int app_case_check_new(const struct app_case *c, const struct app *from, const struct app_case *prior,
                       gk_day today, err *e)
{
    char d[11], r[11];
    if (c->kind < 1 || c->kind > APP_NCASE_KINDS)
        return err_field(e, GK_EINVAL, "kind", "missing or unknown case kind (review, litigation_direct, litigation_after_review)");
    if (!from)
        return err_field(e, GK_EINVAL, "app", "a case is linked to the application it arises from");
    if (!c->filed)
        return err_field(e, GK_EINVAL, "filed", "the filing date is required");
    date_format(c->filed, d);
    date_format(from->received, r);
    if (c->filed > today)
        return err_field(e, GK_EINVAL, "filed", "%s is in the future", d);
    if (c->filed < from->received)
        return err_field(e, GK_EINVAL, "filed", "%s is before the application was received (%s)", d, r);
    if (c->kind == APP_CASE_LIT_AFTER_REVIEW) {
        if (!prior)
            return err_field(e, GK_EINVAL, "after", "a suit after review names the review case it follows");
        if (prior->kind != APP_CASE_REVIEW)
            return err_field(e, GK_EINVAL, "after", "case %lld is not an administrative review", (long long)prior->id);
        if (prior->app_id != c->app_id)
            return err_field(e, GK_EINVAL, "after", "review case %lld arises from another application", (long long)prior->id);
        if (!prior->closed)
            return err_field(e, GK_ESTATE, "after", "review case %lld is not concluded yet: a suit after review follows its decision",
                           (long long)prior->id);
        if (prior->closed > c->filed)
            return err_field(e, GK_EINVAL, "filed", "%s is before the review decision it follows", d);
    } else if (prior) {
        return err_field(e, GK_EINVAL, "after", "only a suit after review (litigation_after_review) follows a review case");
    }
    const char *texts[][2] = {{c->body, "body"}, {c->case_no, "case_no"}, {c->note, "note"}};
    for (size_t i = 0; i < 3; i++) {
        size_t bad;
        if (!utf8_valid(texts[i][0], strlen(texts[i][0]), &bad))
            return err_field(e, GK_EINVAL, texts[i][1], "not valid UTF-8 (byte %zu)", bad);
    }
    return 0;
}

int app_case_close(struct app_case *c, int result, gk_day date, gk_day today, err *e)
{
    char d[11], f[11];
    if (c->closed) {
        date_format(c->closed, d);
        return err_set(e, GK_ESTATE, "review close", "case %lld was already concluded on %s (%s)", (long long)c->id, d,
                       app_case_results[c->result].code);
    }
    if (result < APP_CR_UPHELD || result > APP_NCASE_RESULTS)
        return err_field(e, GK_EINVAL, "result", "missing or unknown result (upheld, corrected, other)");
    date_format(date, d);
    date_format(c->filed, f);
    if (date > today)
        return err_field(e, GK_EINVAL, "date", "%s is in the future", d);
    if (date < c->filed)
        return err_field(e, GK_EINVAL, "date", "%s is before the case was filed (%s)", d, f);
    c->result = result;
    c->closed = date;
    return 0;
}
