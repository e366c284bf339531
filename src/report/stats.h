/*
 * report/stats — the public statistics of applications (issue 16 item 2):
 * per month of a year, the applications received, those answered, those
 * answered within the deadline (concluded on or before the reply deadline
 * that applied, lifecycle.c) and the median number of working days from the
 * start of the clock (receipt, or the day a supplemented application
 * arrived: Art. 30) to the answer, counted on the agency's calendar; and the
 * figures of the annual report's table 三 gathered in the six groups of
 * outcomes a reader knows. Only counts and medians: no field of an
 * applicant ever enters them.
 *
 * The store yields the dates of each application (store_app_times); the
 * platform's page merges the agencies' statistics (rpt_stats_merge) so its
 * medians are medians of every answer, not of medians.
 */
#ifndef GONGKAI_REPORT_STATS_H
#define GONGKAI_REPORT_STATS_H

#include "base/base.h"
#include "report/report.h"

struct cal_t;

/* One application's dates, as the store gives them (0 = none). */
struct rpt_stats_app {
    gk_day received, clock_start, concluded, reply_due;
};

struct rpt_stats {
    int year;
    int64_t received[12];     /* by month of receipt */
    int64_t answered[12];     /* by month of the answer (concluded) */
    int64_t on_time[12];      /* of those, concluded on or before the reply deadline */
    double median[12];        /* working days to answer; NaN for a month without answers */
    int64_t received_total, answered_total, on_time_total;
    double median_total;      /* NaN when nothing was answered */
    /* private: (month, working days) of every answer, for the medians */
    struct { int month, days; } *answers;
    size_t nanswers, cap;
};

void rpt_stats_init(struct rpt_stats *s, int year);   /* zeros; free with rpt_stats_free */
void rpt_stats_free(struct rpt_stats *s);
/* Counts one application: its receipt when in the year, its answer when
 * concluded in the year (working days counted on cal: GK_ERANGE when the
 * calendar cannot count them). */
int rpt_stats_add(struct rpt_stats *s, const struct cal_t *cal, const struct rpt_stats_app *a, err *e);
/* Adds src's counts and answers to dst (same year). */
void rpt_stats_merge(struct rpt_stats *dst, const struct rpt_stats *src);
/* Computes the totals and medians; call after the last add or merge. */
void rpt_stats_finish(struct rpt_stats *s);
/* The median of n sorted numbers (NaN for n = 0): the middle one, or the
 * mean of the two middle ones. */
double rpt_median_sorted(const int *v, size_t n);

/* Table 三 in the groups of its outcomes (予以公开, 部分公开, 不予公开, 无法
 * 提供, 不予处理, 其他处理) for column col: the sum of the group's rows
 * (NaN when all of them are null). */
#define RPT_NOUTCOMES 6
extern const char *const rpt_outcome_labels[RPT_NOUTCOMES];
void rpt_outcome_groups(const rpt *r, int col, double out[RPT_NOUTCOMES]);

#endif
