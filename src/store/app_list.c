/* store — reading the application register: the history, the lists, the
 * due list, the public follow-up, the report tally (tables 三 and 四). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/app_internal.h"

struct step_each { int (*fn)(const struct store_app_step *, void *); void *arg; };

static int step_row(db_stmt *st, void *arg)
{
    const struct step_each *x = arg;
    struct store_app_step p = {0};
    p.id = db_col_int(st, 0);
    store_copy_col(st, 1, p.event, sizeof p.event);
    store_copy_col(st, 2, p.on_date, sizeof p.on_date);
    store_copy_col(st, 3, p.actor, sizeof p.actor);
    store_copy_col(st, 4, p.recorded_at, sizeof p.recorded_at);
    p.summary = db_col_text(st, 5);
    return x->fn(&p, x->arg);
}

int store_app_steps(store_t *s, int64_t app_id, int (*fn)(const struct store_app_step *, void *), void *arg,
                    err *e)
{
    struct step_each x = {fn, arg};
    return db_collect(s->db, e, step_row, &x,
                      "SELECT id, event, on_date, actor, recorded_at, summary FROM app_step "
                      "WHERE application_id = ? ORDER BY id",
                      "i", app_id);
}

/* A row of APP_COLS to fn (a non-zero return stops, 0 returned); a row that
 * does not read (a seal that does not open) is an error. */
struct app_each {
    store_t *s;
    struct app *a;
    int (*fn)(const struct app *, void *);
    void *arg;
    err *e;
};

static int app_each_row(db_stmt *st, void *arg)
{
    struct app_each *x = arg;
    int rc = store_app_row(x->s, st, x->a, x->e);
    return rc ? rc : x->fn(x->a, x->arg) ? 1 : 0;
}

int store_app_list(store_t *s, const struct store_app_filter *f, int (*fn)(const struct app *, void *),
                   void *arg, err *e)
{
    struct db_q q;
    db_q_init(&q, "");
    db_q_int(&q, "SELECT " APP_COLS " FROM application WHERE agency_id = ?", f->agency_id);
    if (f->state > 0) db_q_text(&q, " AND state = ?", app_states[f->state].code);
    if (f->open_only) buf_puts(&q.sql, " AND outcome IS NULL");
    if (f->year) db_q_int(&q, " AND year = ?", f->year);
    if (f->kind >= 0) db_q_text(&q, " AND kind = ?", rpt_col_keys[f->kind]);
    if (f->since) db_q_text(&q, " AND received >= ?", f->since);
    if (f->until) db_q_text(&q, " AND received <= ?", f->until);
    if (f->undelivered) buf_puts(&q.sql, " AND state = 'answered' AND dl_how = ''");
    db_q_int(&q, " ORDER BY received DESC, id DESC LIMIT ?", f->limit > 0 ? f->limit : 100);
    db_q_int(&q, " OFFSET ?", f->offset > 0 ? f->offset : 0);
    struct app_each x = {s, xmalloc(sizeof *x.a), fn, arg, e};
    int rc = db_q_each(s->db, e, &q, app_each_row, &x);
    free(x.a);
    return rc;
}

int store_app_due(store_t *s, int64_t agency_id, gk_day until, int (*fn)(const struct app *, void *), void *arg,
                  err *e)
{
    struct app_each x = {s, xmalloc(sizeof *x.a), fn, arg, e};
    int rc = db_each(s->db, e, app_each_row, &x,
                     "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND due IS NOT NULL AND due <= ? "
                     "AND intake <> 'spam' ORDER BY due, received, id",
                     "iD", agency_id, until);
    free(x.a);
    return rc;
}

int store_app_redated(store_t *s, int64_t agency_id, gk_day since, int (*fn)(const struct app *, void *),
                      void *arg, err *e)
{
    struct app_each x = {s, xmalloc(sizeof *x.a), fn, arg, e};
    int rc = db_each(s->db, e, app_each_row, &x,
                     "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND outcome IS NULL AND id IN "
                     "(SELECT application_id FROM app_step WHERE agency_id = ? AND event = 'redate' AND on_date >= ?) "
                     "ORDER BY due, received, id",
                     "iiD", agency_id, agency_id, since);
    free(x.a);
    return rc;
}

int store_app_nth_in_month(store_t *s, const struct app *a, int *nth, err *e)
{
    int y, m, d;
    date_to_ymd(a->received, &y, &m, &d);
    gk_day first = date_from_ymd(y, m, 1);
    char from[11], rec[11], who[SEAL_HASH_HEX];
    date_format(first, from);
    date_format(a->received, rec);
    store_who_hash(s, a, who);
    int64_t n = 0;
    int rc = db_query_int(s->db, e, &n,
                          "SELECT COUNT(*) FROM application WHERE agency_id = ? AND received >= ? AND "
                          "(received < ? OR (received = ? AND id <= ?)) AND who_hash = ?",
                          "isssis", a->agency_id, from, rec, rec, a->id, who);
    if (!rc)
        *nth = (int)n;
    return rc;
}

static void public_row(db_stmt *st, void *arg)
{
    struct store_app_public *out = arg;
    memset(out, 0, sizeof *out);
    out->state = app_state_from_code(db_col_text(st, 0));
    out->received = store_col_date(st, 1);
    out->reply_due = store_col_date(st, 2);
    out->concluded = store_col_date(st, 3);
    out->agency_id = db_col_int(st, 4);
    out->dl_how = store_app_delivery_from(db_col_text(st, 5));
    out->delivered = store_col_date(st, 6);
    store_copy_col(st, 7, out->no, sizeof out->no);
}

int store_app_public_status(store_t *s, const char *tracking, const char *phone, struct store_app_public *out,
                            err *e)
{
    char digits[32], hash[SEAL_HASH_HEX];
    app_phone_digits(phone, digits);
    store_phone_hash(s, digits, hash);
    int rc = db_query_one(s->db, e, public_row, out,
                          "SELECT state, received, reply_due, concluded, agency_id, dl_how, delivered, app_no "
                          "FROM application WHERE tracking = ? AND phone_hash = ? AND ? <> ''",
                          "sss", tracking ? tracking : "", hash, digits);
    return db_found(rc, e, "follow-up", "no application matches this tracking code and phone number");
}

/* ---- the report ---- */

struct tally_each { int (*fn)(const struct app_tally *, void *); void *arg; err *e; };

static int tally_row(db_stmt *st, void *arg)
{
    const struct tally_each *x = arg;
    struct app_tally t;
    t.kind = app_kind_from_code(db_col_text(st, 0));
    t.outcome = db_col_text(st, 1);       /* "" for NULL: still open */
    int64_t n_new = db_col_int(st, 2), n_done = db_col_int(st, 3), n = db_col_int(st, 4);
    t.n_new = n_new;
    t.n_in = n - n_new;
    t.n_done = n_done;
    t.n_out = n - n_done;
    if (t.kind < 0)
        return err_set(x->e, GK_EIO, "store", "an application has the unknown applicant kind '%s'",
                       db_col_text(st, 0));
    return x->fn(&t, x->arg);
}

int store_app_tally(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_tally *, void *),
                    void *arg, err *e)
{
    char start[11], end[11];
    store_year_bounds(year, start, end);
    struct tally_each x = {fn, arg, e};
    /* Applications alive in the year: received by its end, not concluded
     * before its start. Grouped by the index's leading columns, so one pass
     * over the index, no sort. */
    return db_each(s->db, e, tally_row, &x,
                   "SELECT kind, outcome,"
                   " COUNT(CASE WHEN received >= ? THEN 1 END),"
                   " COUNT(CASE WHEN concluded <= ? THEN 1 END),"
                   " COUNT(*)"
                   " FROM application"
                   " WHERE agency_id = ? AND received <= ? AND (concluded IS NULL OR concluded >= ?) AND intake <> 'spam'"
                   " GROUP BY kind, outcome",
                   "ssiss", start, end, agency_id, end, start);
}

struct report_arg { rpt *r; err *e; };

static int report_tally(const struct app_tally *t, void *arg)
{
    struct report_arg *x = arg;
    return app_report_add(x->r, t, x->e);
}

static int report_cases(const struct app_case_tally *t, void *arg)
{
    struct report_arg *x = arg;
    return app_cases_add(x->r, t, x->e);
}

int store_app_report(store_t *s, int64_t agency_id, int year, rpt *r, err *e)
{
    struct report_arg x = {r, e};
    app_report_start(r, year);
    int rc = store_app_tally(s, agency_id, year, report_tally, &x, e);
    if (rc)
        return rc;
    app_report_finish(r);
    app_cases_start(r);
    if ((rc = store_case_tally(s, agency_id, year, report_cases, &x, e)))
        return rc;
    app_cases_finish(r);
    return 0;
}

struct group_count { int64_t *groups, *rows; };

static int group_row(db_stmt *st, void *arg)
{
    const struct group_count *x = arg;
    (*x->groups)++;
    *x->rows += db_col_int(st, 2);
    return 0;
}

int store_app_count_groups(store_t *s, int64_t agency_id, int64_t *groups, int64_t *rows, err *e)
{
    *groups = *rows = 0;
    struct group_count x = {groups, rows};
    return db_collect(s->db, e, group_row, &x,
                      "SELECT kind, outcome, COUNT(*) FROM application WHERE agency_id = ? AND intake <> 'spam' "
                      "GROUP BY kind, outcome",
                      "i", agency_id);
}
