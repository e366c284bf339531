/* store — reading the application register: the history, the lists, the
 * due list, the public follow-up, the report tally (tables 三 and 四). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/app_internal.h"

int store_app_steps(store_t *s, int64_t app_id, int (*fn)(const struct store_app_step *, void *), void *arg,
                    err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, event, on_date, actor, recorded_at, summary FROM app_step "
                        "WHERE application_id = ? ORDER BY id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, app_id);
    while ((rc = db_step(st, e)) == 1) {
        struct store_app_step p = {0};
        p.id = db_col_int(st, 0);
        store_copy_col(st, 1, p.event, sizeof p.event);
        store_copy_col(st, 2, p.on_date, sizeof p.on_date);
        store_copy_col(st, 3, p.actor, sizeof p.actor);
        store_copy_col(st, 4, p.recorded_at, sizeof p.recorded_at);
        p.summary = db_col_text(st, 5);
        if (fn(&p, arg)) {
            rc = 0;
            break;
        }
    }
    return db_done(st, rc);
}

/* Runs a SELECT of APP_COLS and calls fn per row. */
static int each_app(store_t *s, db_stmt *st, int (*fn)(const struct app *, void *), void *arg, err *e)
{
    struct app *a = xmalloc(sizeof *a);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        if ((rc = store_app_row(s, st, a, e)))
            break;
        if (fn(a, arg)) {
            rc = 0;
            break;
        }
    }
    free(a);
    return db_done(st, rc);
}

int store_app_list(store_t *s, const struct store_app_filter *f, int (*fn)(const struct app *, void *),
                   void *arg, err *e)
{
    buf sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT " APP_COLS " FROM application WHERE agency_id = ?");
    /* conditions in a fixed order, bound in the same order */
    if (f->state > 0) buf_puts(&sql, " AND state = ?");
    if (f->open_only) buf_puts(&sql, " AND outcome IS NULL");
    if (f->year) buf_puts(&sql, " AND year = ?");
    if (f->kind >= 0) buf_puts(&sql, " AND kind = ?");
    if (f->since) buf_puts(&sql, " AND received >= ?");
    if (f->until) buf_puts(&sql, " AND received <= ?");
    if (f->undelivered) buf_puts(&sql, " AND state = 'answered' AND dl_how = ''");
    buf_puts(&sql, " ORDER BY received DESC, id DESC LIMIT ? OFFSET ?");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int i = 1;
    db_bind_int(st, i++, f->agency_id);
    if (f->state > 0) db_bind_text(st, i++, app_states[f->state].code);
    if (f->year) db_bind_int(st, i++, f->year);
    if (f->kind >= 0) db_bind_text(st, i++, rpt_col_keys[f->kind]);
    if (f->since) db_bind_text(st, i++, f->since);
    if (f->until) db_bind_text(st, i++, f->until);
    db_bind_int(st, i++, f->limit > 0 ? f->limit : 100);
    db_bind_int(st, i++, f->offset > 0 ? f->offset : 0);
    return each_app(s, st, fn, arg, e);
}

int store_app_due(store_t *s, int64_t agency_id, gk_day until, int (*fn)(const struct app *, void *), void *arg,
                  err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND due IS NOT NULL AND due <= ? AND intake <> 'spam' "
                        "ORDER BY due, received, id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    store_bind_date(st, 2, until);
    return each_app(s, st, fn, arg, e);
}

int store_app_redated(store_t *s, int64_t agency_id, gk_day since, int (*fn)(const struct app *, void *),
                      void *arg, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND outcome IS NULL AND id IN "
                        "(SELECT application_id FROM app_step WHERE agency_id = ? AND event = 'redate' AND on_date >= ?) "
                        "ORDER BY due, received, id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, agency_id);
    store_bind_date(st, 3, since);
    return each_app(s, st, fn, arg, e);
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
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT COUNT(*) FROM application WHERE agency_id = ? AND received >= ? AND "
                        "(received < ? OR (received = ? AND id <= ?)) AND who_hash = ?",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, a->agency_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, rec);
    db_bind_text(st, 4, rec);
    db_bind_int(st, 5, a->id);
    db_bind_text(st, 6, who);
    rc = db_step(st, e);
    if (rc == 1)
        *nth = (int)db_col_int(st, 0);
    return db_done(st, rc);
}

int store_app_public_status(store_t *s, const char *tracking, const char *phone, struct store_app_public *out,
                            err *e)
{
    char digits[32], hash[SEAL_HASH_HEX];
    app_phone_digits(phone, digits);
    store_phone_hash(s, digits, hash);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT state, received, reply_due, concluded, agency_id, dl_how, delivered, app_no FROM application "
                        "WHERE tracking = ? AND phone_hash = ? AND ? <> ''", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, tracking ? tracking : "");
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, digits);
    rc = db_step(st, e);
    if (rc == 1) {
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
    db_finalize(st);
    return db_found(rc, e, "follow-up", "no application matches this tracking code and phone number");
}

/* ---- the report ---- */

int store_app_tally(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_tally *, void *),
                    void *arg, err *e)
{
    char start[11], end[11];
    date_format(date_from_ymd(year, 1, 1), start);
    date_format(date_from_ymd(year, 12, 31), end);
    db_stmt *st;
    /* Applications alive in the year: received by its end, not concluded
     * before its start. Grouped by the index's leading columns, so one pass
     * over the index, no sort. */
    int rc = db_prepare(s->db,
                        "SELECT kind, outcome,"
                        " COUNT(CASE WHEN received >= ? THEN 1 END),"
                        " COUNT(CASE WHEN concluded <= ? THEN 1 END),"
                        " COUNT(*)"
                        " FROM application"
                        " WHERE agency_id = ? AND received <= ? AND (concluded IS NULL OR concluded >= ?) AND intake <> 'spam'"
                        " GROUP BY kind, outcome", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, start);
    db_bind_text(st, 2, end);
    db_bind_int(st, 3, agency_id);
    db_bind_text(st, 4, end);
    db_bind_text(st, 5, start);
    while ((rc = db_step(st, e)) == 1) {
        struct app_tally t;
        t.kind = app_kind_from_code(db_col_text(st, 0));
        t.outcome = db_col_text(st, 1);       /* "" for NULL: still open */
        int64_t n_new = db_col_int(st, 2), n_done = db_col_int(st, 3), n = db_col_int(st, 4);
        t.n_new = n_new;
        t.n_in = n - n_new;
        t.n_done = n_done;
        t.n_out = n - n_done;
        if (t.kind < 0) {
            rc = err_set(e, GK_EIO, "store", "an application has the unknown applicant kind '%s'", db_col_text(st, 0));
            break;
        }
        if ((rc = fn(&t, arg)))
            break;
    }
    return db_done(st, rc);
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

int store_app_count_groups(store_t *s, int64_t agency_id, int64_t *groups, int64_t *rows, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT kind, outcome, COUNT(*) FROM application WHERE agency_id = ? AND intake <> 'spam' "
                        "GROUP BY kind, outcome",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    *groups = *rows = 0;
    while ((rc = db_step(st, e)) == 1) {
        (*groups)++;
        *rows += db_col_int(st, 2);
    }
    return db_done(st, rc);
}
