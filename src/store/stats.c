/* store — the dates behind the public statistics (report/stats.h): for each
 * application of an agency received or answered in a year, its receipt,
 * clock start, answer and reply deadline. No personal field is read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
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
    store_year_bounds(year, start, end);
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

/* ---- repeated requests (disclosure/repeat.h, migration 024) ---- */

/* The files released by issued replies, (application, hash), in
 * application order: read first, then joined to each row. */
struct released_file { int64_t app; char sha[65]; };
struct times_arg {
    int (*fn)(const struct store_repeat_row *, void *);
    void *arg;
    struct released_file *files;
    size_t nfiles, cap;
    buf released;
};

static int file_of(db_stmt *st, void *arg)
{
    struct times_arg *x = arg;
    if (x->nfiles == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->files = xrealloc(x->files, x->cap * sizeof *x->files);
    }
    struct released_file *f = &x->files[x->nfiles++];
    f->app = db_col_int(st, 0);
    store_copy_col(st, 1, f->sha, sizeof f->sha);
    return 0;
}

/* "doc:3,doc:7,file:ab12…" of application app: docs is the chain's list of
 * registered documents cited (ids, comma-separated). */
static const char *released_of(struct times_arg *x, int64_t app, const char *docs)
{
    buf_reset(&x->released);
    for (const char *p = docs ? docs : ""; *p;) {
        size_t n = strcspn(p, ",");
        if (n)
            buf_printf(&x->released, "%sdoc:%.*s", x->released.len ? "," : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    size_t lo = 0, hi = x->nfiles;   /* the first file of app */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->files[mid].app < app)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < x->nfiles && x->files[i].app == app; i++)
        buf_printf(&x->released, "%sfile:%s", x->released.len ? "," : "", x->files[i].sha);
    return x->released.data ? x->released.data : "";
}

static int repeat_row(db_stmt *st, void *arg)
{
    struct times_arg *x = arg;
    struct store_repeat_row r = {
        .id = db_col_int(st, 0),
        .app_no = db_col_text(st, 1),
        .received = day_of(st, 2),
        .request = db_col_text(st, 3),
        .who = db_col_text(st, 4),
        .outcome = db_col_text(st, 5),
        .doc_id = db_col_null(st, 6) ? 0 : db_col_int(st, 6),
    };
    r.released = released_of(x, r.id, db_col_null(st, 7) ? "" : db_col_text(st, 7));
    return x->fn(&r, x->arg);
}

int store_repeat_rows(store_t *s, int64_t agency_id, gk_day since, int limit,
                      int (*fn)(const struct store_repeat_row *, void *), void *arg, err *e)
{
    char from[11];
    date_format(since, from);
    struct times_arg x = {fn, arg, NULL, 0, 0, {0}};
    buf_init(&x.released);
    /* only what an issued reply released counts (a draft's files may change) */
    int rc = db_collect(s->db, e, file_of, &x,
                        "SELECT f.application_id, f.sha256 FROM app_chain_file f JOIN app_chain c"
                        " ON c.application_id = f.application_id AND c.state = 'issued'"
                        " JOIN application a ON a.id = f.application_id"
                        " WHERE f.agency_id = ? AND a.received >= ? ORDER BY f.application_id, f.id",
                        "is", agency_id, from);
    if (!rc)
        rc = db_collect(s->db, e, repeat_row, &x,
                        "SELECT a.id, a.app_no, a.received, a.request, a.who_hash, COALESCE(a.outcome, ''), l.doc_id,"
                        " CASE WHEN c.state = 'issued' THEN c.docs ELSE '' END"
                        " FROM application a LEFT JOIN repeat_link l ON l.application_id = a.id"
                        " LEFT JOIN app_chain c ON c.application_id = a.id"
                        " WHERE a.agency_id = ? AND a.received >= ? AND a.intake <> 'spam'"
                        " ORDER BY a.received DESC, a.id DESC LIMIT ?",
                        "isI", agency_id, from, limit);
    free(x.files);
    buf_free(&x.released);
    return rc < 0 ? rc : 0;
}

int store_repeat_publish(store_t *s, int64_t agency_id, const int64_t *app_ids, size_t n, struct doc *d,
                         const char *actor, err *e)
{
    if (!n)
        return err_set(e, GK_EINVAL, "applications", "no application to publish for");
    char now[32];
    store_now(now);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    d->agency_id = agency_id;
    rc = store_doc_add(s, d, actor, e);
    buf ids;
    buf_init(&ids);
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t linked = 0;
        rc = db_query_int(s->db, e, &linked, "SELECT doc_id FROM repeat_link WHERE application_id = ?", "i", app_ids[i]);
        if (!rc && linked)
            rc = err_set(e, GK_ESTATE, "applications", "application %lld is already covered by document %lld",
                         (long long)app_ids[i], (long long)linked);
        int64_t got = 0;
        if (!rc)
            rc = db_run(s->db, e, &got,
                        "INSERT INTO repeat_link (application_id, agency_id, doc_id, actor, created_at)"
                        " SELECT id, agency_id, ?, ?, ? FROM application WHERE id = ? AND agency_id = ? RETURNING application_id",
                        "issii", d->id, actor, now, app_ids[i], agency_id);
        if (rc == GK_ENOTFOUND)
            rc = err_set(e, GK_ENOTFOUND, "applications", "application %lld is not one of this agency's",
                         (long long)app_ids[i]);
        buf_printf(&ids, "%s%lld", i ? "," : "", (long long)app_ids[i]);
    }
    if (!rc) {
        buf j;
        buf_init(&j);
        buf_printf(&j, "{\"article\":\"44\",\"applications\":[%s]}", ids.data ? ids.data : "");
        rc = store_audit_add(s, agency_id, actor, "document", d->id, "art44_proposed", NULL, j.data, e);
        buf_free(&j);
    }
    buf_free(&ids);
    return store_end(s, rc, e);
}
