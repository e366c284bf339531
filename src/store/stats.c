/* store — the dates behind the public statistics (report/stats.h): for each
 * application of an agency received or answered in a year, its receipt,
 * clock start, answer and reply deadline. No personal field is read. */
#include <stdio.h>

#include "report/stats.h"
#include "store/store_internal.h"

static gk_day day_of(db_stmt *st, int c)
{
    gk_day d = 0;
    if (!db_col_null(st, c) && date_parse(db_col_text(st, c), &d, NULL) != 0)
        d = 0;
    return d;
}

int store_app_times(store_t *s, int64_t agency_id, int year, int (*fn)(const struct rpt_stats_app *, void *),
                    void *arg, err *e)
{
    char start[11], end[11];
    date_format(date_from_ymd(year, 1, 1), start);
    date_format(date_from_ymd(year, 12, 31), end);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT received, clock_start, concluded, reply_due FROM application"
                        " WHERE agency_id = ? AND intake <> 'spam'"
                        " AND ((received >= ? AND received <= ?) OR (concluded >= ? AND concluded <= ?))",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, start);
    db_bind_text(st, 3, end);
    db_bind_text(st, 4, start);
    db_bind_text(st, 5, end);
    while ((rc = db_step(st, e)) == 1) {
        struct rpt_stats_app a = {day_of(st, 0), day_of(st, 1), day_of(st, 2), day_of(st, 3)};
        if ((rc = fn(&a, arg)))
            break;
    }
    return db_done(st, rc);
}
