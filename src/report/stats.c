/* report/stats — monthly counts, answers within the deadline and median
 * working days to answer; table 三 by group of outcome (stats.h). */
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "report/stats.h"

void rpt_stats_init(struct rpt_stats *s, int year)
{
    memset(s, 0, sizeof *s);
    s->year = year;
    for (int m = 0; m < 12; m++)
        s->median[m] = NAN;
    s->median_total = NAN;
}

void rpt_stats_free(struct rpt_stats *s)
{
    free(s->answers);
    s->answers = NULL;
    s->nanswers = s->cap = 0;
}

static void push(struct rpt_stats *s, int month, int days)
{
    if (s->nanswers == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->answers = xrealloc(s->answers, s->cap * sizeof *s->answers);
    }
    s->answers[s->nanswers].month = month;
    s->answers[s->nanswers].days = days;
    s->nanswers++;
}

int rpt_stats_add(struct rpt_stats *s, const struct cal_t *cal, const struct rpt_stats_app *a, err *e)
{
    int y, m, d;
    date_to_ymd(a->received, &y, &m, &d);
    if (a->received && y == s->year)
        s->received[m - 1]++;
    if (!a->concluded)
        return 0;
    date_to_ymd(a->concluded, &y, &m, &d);
    if (y != s->year)
        return 0;
    int days;
    int rc = cal_count_workdays(cal, a->clock_start ? a->clock_start : a->received, a->concluded, &days, e);
    if (rc)
        return rc;
    s->answered[m - 1]++;
    if (a->reply_due && a->concluded <= a->reply_due)
        s->on_time[m - 1]++;
    push(s, m - 1, days);
    return 0;
}

void rpt_stats_merge(struct rpt_stats *dst, const struct rpt_stats *src)
{
    for (int m = 0; m < 12; m++) {
        dst->received[m] += src->received[m];
        dst->answered[m] += src->answered[m];
        dst->on_time[m] += src->on_time[m];
    }
    for (size_t i = 0; i < src->nanswers; i++)
        push(dst, src->answers[i].month, src->answers[i].days);
}

static int by_month_days(const void *a, const void *b)
{
    const struct { int month, days; } *x = a, *y = b;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->days > y->days) - (x->days < y->days);
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

double rpt_median_sorted(const int *v, size_t n)
{
    if (!n)
        return NAN;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

void rpt_stats_finish(struct rpt_stats *s)
{
    s->received_total = s->answered_total = s->on_time_total = 0;
    for (int m = 0; m < 12; m++) {
        s->received_total += s->received[m];
        s->answered_total += s->answered[m];
        s->on_time_total += s->on_time[m];
        s->median[m] = NAN;
    }
    if (s->nanswers)
        qsort(s->answers, s->nanswers, sizeof *s->answers, by_month_days);
    int *days = xmalloc((s->nanswers ? s->nanswers : 1) * sizeof *days);
    for (size_t i = 0; i < s->nanswers;) {
        size_t j = i, k = 0;
        while (j < s->nanswers && s->answers[j].month == s->answers[i].month)
            days[k++] = s->answers[j++].days;
        s->median[s->answers[i].month] = rpt_median_sorted(days, k);
        i = j;
    }
    for (size_t i = 0; i < s->nanswers; i++)
        days[i] = s->answers[i].days;
    if (s->nanswers)
        qsort(days, s->nanswers, sizeof *days, by_int);
    s->median_total = rpt_median_sorted(days, s->nanswers);
    free(days);
}

/* The groups of table 三's outcomes, by the rows' JSON group (layout.c). */
const char *const rpt_outcome_labels[RPT_NOUTCOMES] = {"予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"};
static const struct { int row; const char *group; } outcome_of[RPT_NOUTCOMES] = {
    {APP_GRANTED, NULL}, {APP_PARTLY, NULL}, {-1, "withheld"}, {-1, "unavailable"}, {-1, "not_processed"}, {-1, "other"},
};

void rpt_outcome_groups(const rpt *r, int col, double out[RPT_NOUTCOMES])
{
    for (int g = 0; g < RPT_NOUTCOMES; g++) {
        out[g] = NAN;
        for (int row = 0; row < APP_NROWS; row++) {
            bool in = outcome_of[g].row >= 0 ? row == outcome_of[g].row
                                             : rpt_app_rows[row].group && strcmp(rpt_app_rows[row].group, outcome_of[g].group) == 0;
            double v = r->app[row][col];
            if (in && !rpt_is_null(v))
                out[g] = rpt_is_null(out[g]) ? v : out[g] + v;
        }
    }
}
