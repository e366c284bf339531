/* store — applications loaded many at once (store_app_bulk: benchmarks, a
 * register moved from another system): one transaction, the rows numbered
 * and sealed exactly as store_app_add does (store_app_bind_new,
 * store_seal_app), sent by COPY on PostgreSQL and through one prepared
 * INSERT on SQLite (db_copy_begin). A register of 1,000,000 applications
 * took one round trip a row before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/app_internal.h"

/* The next serial of each receipt year met so far. */
#define BULK_MAX_YEARS 64
struct bulk {
    store_t *s;
    int64_t agency_id;
    db_stmt *copy;              /* open while rows go in; closed to ask for a serial */
    struct { int year, seq; } years[BULK_MAX_YEARS];
    int nyears;
    char now[32];
};

/* The next serial of year (the first time: from the database, with the
 * COPY closed, as the connection can do nothing else during one). */
static int bulk_seq(struct bulk *b, int year, int *seq, err *e)
{
    int k;
    for (k = 0; k < b->nyears && b->years[k].year != year; k++)
        ;
    if (k == b->nyears) {
        if (b->nyears == BULK_MAX_YEARS)
            return err_set(e, GK_EINVAL, "bulk", "more than %d receipt years in one load", BULK_MAX_YEARS);
        int rc = 0;
        if (b->copy) {
            rc = db_copy_end(b->copy, true, e);
            b->copy = NULL;
        }
        if (rc || (rc = store_app_next_seq(b->s, b->agency_id, year, &b->years[k].seq, e)))
            return rc;
        b->years[k].year = year;
        b->nyears++;
    }
    *seq = b->years[k].seq++;
    return 0;
}

/* One row: checked, numbered, sealed, sent. */
static int bulk_row(struct bulk *b, struct app *a, err *e)
{
    a->agency_id = b->agency_id;
    if (!store_app_valid_codes(a, e))
        return e->code;
    int y, m, d, seq = 0;
    date_to_ymd(a->received, &y, &m, &d);
    int rc = bulk_seq(b, y, &seq, e);
    if (!rc)
        rc = store_new_tracking(a->tracking, e);
    if (!rc && !b->copy)
        rc = db_copy_begin(b->s->db, "application", STORE_APP_INSERT_COLS, &b->copy, e);
    if (rc)
        return rc;
    struct store_sealed sv;
    if ((rc = store_seal_app(b->s, a, &sv, e)))
        return rc;
    store_app_bind_new(b->copy, a, &sv, y, seq, b->now);
    rc = db_step(b->copy, e);
    db_reset(b->copy);
    store_sealed_free(&sv);
    return rc < 0 ? rc : 0;
}

static int bulk_rows(struct bulk *b, int (*next)(struct app *, void *), void *arg, int64_t *n, err *e)
{
    struct app *a = xmalloc(sizeof *a);
    int rc = 0;
    for (;;) {
        memset(a, 0, sizeof *a);
        int got = next(a, arg);
        if (got == 1)
            break;
        if (got < 0) {
            rc = err_set(e, GK_EINVAL, "bulk", "the row source failed after %lld rows", (long long)*n);
            break;
        }
        if ((rc = bulk_row(b, a, e)))
            break;
        ++*n;
    }
    free(a);
    if (b->copy) {
        int end = db_copy_end(b->copy, rc == 0, e);
        b->copy = NULL;
        if (!rc)
            rc = end;
    }
    return rc;
}

int store_app_bulk(store_t *s, int64_t agency_id, int (*next)(struct app *, void *), void *arg,
                   const char *actor, int64_t *count, err *e)
{
    struct bulk *b = xcalloc(1, sizeof *b);
    b->s = s;
    b->agency_id = agency_id;
    store_now(b->now);
    int64_t n = 0;
    int rc = store_begin(s, e);
    if (!rc)
        rc = bulk_rows(b, next, arg, &n, e);
    free(b);
    if (!rc) {
        char what[64];
        snprintf(what, sizeof what, "{\"rows\":%lld}", (long long)n);
        rc = store_audit_add(s, agency_id, actor, "application", 0, "bulk_load", NULL, what, e);
    }
    if (rc) {
        store_rollback(s);
        return rc;
    }
    if ((rc = store_commit(s, e)))
        return rc;
    if (count)
        *count = n;
    return 0;
}
