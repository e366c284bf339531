/*
 * Unit tests of the public statistics (src/report/stats.c): applications
 * counted by month of receipt and of answer, answers within the deadline,
 * median working days on the built-in calendar (2025's Spring Festival and
 * National Day holidays in the cases), merging agencies, and table 三 by
 * group of outcome. Cases are tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "calendar/calendar.h"
#include "report/stats.h"

static gk_day D(const char *s)
{
    gk_day d = 0;
    err e = {0};
    assert_int_equal(date_parse(s, &d, &e), 0);
    return d;
}

static void test_median(void **state)
{
    (void)state;
    static const struct { int v[6]; size_t n; double want; } cases[] = {
        {{0}, 0, NAN}, {{7}, 1, 7}, {{3, 9}, 2, 6}, {{1, 2, 10}, 3, 2}, {{1, 2, 3, 4}, 4, 2.5}, {{5, 5, 5, 6, 20, 21}, 6, 5.5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double m = rpt_median_sorted(cases[i].v, cases[i].n);
        if (!(isnan(cases[i].want) ? isnan(m) : m == cases[i].want))
            fail_msg("median case %zu: %g, want %g", i, m, cases[i].want);
    }
}

/* The applications of the cases: receipt, clock start, answer, deadline. */
static const struct {
    const char *received, *clock, *concluded, *due;
} apps[] = {
    {"2024-12-20", "2024-12-20", "2025-01-10", "2025-01-17"},   /* last year's, answered in January: on time */
    {"2025-01-20", "2025-01-20", "2025-02-14", "2025-02-24"},   /* across the Spring Festival: on time */
    {"2025-01-22", "2025-01-22", "2025-03-03", "2025-02-26"},   /* late */
    {"2025-03-03", "2025-03-10", "2025-03-20", "2025-04-08"},   /* supplemented: counted from 03-10 */
    {"2025-09-26", "2025-09-26", "2025-10-20", "2025-10-31"},   /* across National Day */
    {"2025-12-29", "2025-12-29", NULL, NULL},                   /* open */
    {"2025-12-30", "2025-12-30", "2026-01-05", "2026-01-28"},   /* answered next year: not counted here */
};

static void test_stats_year(void **state)
{
    (void)state;
    cal_t *cal = cal_builtin();
    struct rpt_stats s;
    rpt_stats_init(&s, 2025);
    int want_days[5];
    size_t nd = 0;
    for (size_t i = 0; i < sizeof apps / sizeof apps[0]; i++) {
        struct rpt_stats_app a = {D(apps[i].received), D(apps[i].clock), apps[i].concluded ? D(apps[i].concluded) : 0,
                                  apps[i].due ? D(apps[i].due) : 0};
        err e = {0};
        assert_int_equal(rpt_stats_add(&s, cal, &a, &e), 0);
        if (a.concluded && apps[i].concluded[3] == '5')
            assert_int_equal(cal_count_workdays(cal, a.clock_start, a.concluded, &want_days[nd++], &e), 0);
    }
    rpt_stats_finish(&s);
    static const int64_t received[12] = {2, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 2};
    static const int64_t answered[12] = {1, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    static const int64_t on_time[12] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    for (int m = 0; m < 12; m++) {
        if (s.received[m] != received[m] || s.answered[m] != answered[m] || s.on_time[m] != on_time[m])
            fail_msg("month %d: %lld %lld %lld", m + 1, (long long)s.received[m], (long long)s.answered[m],
                     (long long)s.on_time[m]);
        assert_true(answered[m] ? !isnan(s.median[m]) : isnan(s.median[m]));
    }
    assert_int_equal(s.received_total, 6);
    assert_int_equal(s.answered_total, 5);
    assert_int_equal(s.on_time_total, 4);
    /* March: two answers, the median is their mean; the year's is the middle of five */
    assert_true(s.median[2] == (want_days[2] + want_days[3]) / 2.0);
    int sorted[5];
    memcpy(sorted, want_days, sizeof sorted);
    for (int i = 1; i < 5; i++)
        for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
            int t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    assert_true(s.median_total == sorted[2]);
    /* the Spring Festival's days off are not working days: 2025-01-20 → 02-14 is 15, not 19 */
    assert_int_equal(want_days[1], 15);

    /* merging: the platform's figures are every answer's, not a mean of medians */
    struct rpt_stats t, u;
    rpt_stats_init(&t, 2025);
    rpt_stats_init(&u, 2025);
    rpt_stats_merge(&u, &s);
    rpt_stats_merge(&u, &t);
    rpt_stats_finish(&u);
    assert_int_equal(u.answered_total, 5);
    assert_true(u.median_total == s.median_total);
    rpt_stats_free(&s);
    rpt_stats_free(&t);
    rpt_stats_free(&u);
    cal_free(cal);
}

static void test_outcome_groups(void **state)
{
    (void)state;
    rpt *r = rpt_new();
    r->app[APP_GRANTED][COL_TOTAL] = 12;
    r->app[APP_PARTLY][COL_TOTAL] = 2;
    r->app[APP_W_STATE_SECRET][COL_TOTAL] = 1;
    r->app[APP_W_PROCESS][COL_TOTAL] = 2;
    r->app[APP_U_NOT_HELD][COL_TOTAL] = 4;
    r->app[APP_O_OTHER][COL_TOTAL] = 0;
    double g[RPT_NOUTCOMES];
    rpt_outcome_groups(r, COL_TOTAL, g);
    const double want[RPT_NOUTCOMES] = {12, 2, 3, 4, NAN, 0};   /* 不予处理: every row null */
    for (int i = 0; i < RPT_NOUTCOMES; i++)
        if (!(isnan(want[i]) ? isnan(g[i]) : g[i] == want[i]))
            fail_msg("%s: %g, want %g", rpt_outcome_labels[i], g[i], want[i]);
    rpt_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_median),
        cmocka_unit_test(test_stats_year),
        cmocka_unit_test(test_outcome_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
