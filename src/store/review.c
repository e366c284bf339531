/* store — review and litigation cases arising from applications (report
 * table 四). See store.h ("review cases"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define CASE_COLS \
    "c.id, c.agency_id, c.application_id, COALESCE(c.prior_id, 0), a.app_no, c.kind, c.filed, c.closed, " \
    "c.result, c.body, c.case_no, c.note"

static void case_row(db_stmt *st, void *arg)
{
    struct app_case *c = arg;
    memset(c, 0, sizeof *c);
    c->id = db_col_int(st, 0);
    c->agency_id = db_col_int(st, 1);
    c->app_id = db_col_int(st, 2);
    c->prior_id = db_col_int(st, 3);
    store_copy_col(st, 4, c->app_no, sizeof c->app_no);
    c->kind = app_case_kind_from_code(db_col_text(st, 5));
    date_parse(db_col_text(st, 6), &c->filed, NULL);
    if (!db_col_null(st, 7))
        date_parse(db_col_text(st, 7), &c->closed, NULL);
    int r = app_case_result_from_code(db_col_text(st, 8));
    c->result = r < 0 ? APP_CR_PENDING : r;
    store_copy_col(st, 9, c->body, sizeof c->body);
    store_copy_col(st, 10, c->case_no, sizeof c->case_no);
    store_copy_col(st, 11, c->note, sizeof c->note);
}

static void case_json(const void *arg, buf *b)
{
    const struct app_case *c = arg;
    char f[11], d[11] = "";
    date_format(c->filed, f);
    if (c->closed)
        date_format(c->closed, d);
    buf_printf(b, "{\"id\":%lld,\"app_no\":", (long long)c->id);
    buf_json_str(b, c->app_no);
    buf_printf(b, ",\"kind\":\"%s\",\"filed\":\"%s\",\"result\":\"%s\",\"closed\":", app_case_kinds[c->kind].code, f,
               app_case_results[c->result].code);
    if (c->closed)
        buf_printf(b, "\"%s\"", d);
    else
        buf_puts(b, "null");
    buf_puts(b, ",\"body\":");
    buf_json_str(b, c->body);
    buf_puts(b, ",\"case_no\":");
    buf_json_str(b, c->case_no);
    buf_putc(b, '}');
}

int store_case_add(store_t *s, struct app_case *c, const char *actor, err *e)
{
    if (c->kind < 1 || c->kind > APP_NCASE_KINDS || !c->filed || !c->app_id)
        return err_set(e, GK_EINVAL, "store", "a case must be checked (app_case_check_new) before it is stored");
    char now[32], filed[11];
    store_now(now);
    date_format(c->filed, filed);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, &c->id,
                "INSERT INTO review_case(agency_id, application_id, prior_id, kind, filed, body, case_no, result, "
                "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
                "iiosssssss", c->agency_id, c->app_id, c->prior_id, app_case_kinds[c->kind].code, filed, c->body,
                c->case_no, c->note, now, now);
    if (rc == GK_ENOTFOUND)
        rc = err_set(e, GK_EIO, "store", "the new case got no id");
    if (!rc) {
        c->result = APP_CR_PENDING;
        c->closed = 0;
        rc = store_audit_pair(s, c->agency_id, actor, "review_case", c->id, "add", case_json, NULL, c, e);
    }
    return store_end(s, rc, e);
}

int store_case_get(store_t *s, int64_t agency_id, int64_t id, struct app_case *out, err *e)
{
    int rc = db_query_one(s->db, e, case_row, out,
                          "SELECT " CASE_COLS " FROM review_case c JOIN application a ON a.id = c.application_id "
                          "WHERE c.agency_id = ? AND c.id = ?",
                          "ii", agency_id, id);
    char w[32];
    snprintf(w, sizeof w, "case %lld", (long long)id);
    return db_found(rc, e, w, "no such review or litigation case in this agency");
}

int store_case_save(store_t *s, const struct app_case *before, const struct app_case *after, const char *actor,
                    err *e)
{
    char now[32], closed[11] = "";
    store_now(now);
    if (after->closed)
        date_format(after->closed, closed);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, NULL,
                "UPDATE review_case SET result = ?, closed = ?, note = ?, updated_at = ? "
                "WHERE id = ? AND agency_id = ? AND result = ?",
                "ssssiis", app_case_results[after->result].code, after->closed ? closed : NULL, after->note, now,
                before->id, before->agency_id, app_case_results[before->result].code);
    if (!rc && db_changes(s->db) != 1)
        rc = err_set(e, GK_ESTATE, "review close", "the case was changed by someone else meanwhile");
    if (!rc)
        rc = store_audit_pair(s, after->agency_id, actor, "review_case", after->id, "close", case_json, before, after,
                              e);
    return store_end(s, rc, e);
}

struct case_each {
    int (*fn)(const struct app_case *, void *);
    int (*tally)(const struct app_case_tally *, void *);
    void *arg;
    err *e;
};

static int case_each_row(db_stmt *st, void *arg)
{
    const struct case_each *x = arg;
    struct app_case c;
    case_row(st, &c);
    return x->fn(&c, x->arg);
}

int store_case_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_case *, void *), void *arg,
                    err *e)
{
    char start[11], end[11];
    date_format(date_from_ymd(year ? year : 1, 1, 1), start);
    date_format(date_from_ymd(year ? year : 9999, 12, 31), end);
    struct case_each x = {.fn = fn, .arg = arg};
    return db_collect(s->db, e, case_each_row, &x,
                      "SELECT " CASE_COLS " FROM review_case c JOIN application a ON a.id = c.application_id "
                      "WHERE c.agency_id = ? AND c.filed >= ? AND c.filed <= ? ORDER BY c.filed DESC, c.id DESC",
                      "iss", agency_id, start, end);
}

static int case_tally_row(db_stmt *st, void *arg)
{
    const struct case_each *x = arg;
    struct app_case_tally t;
    t.kind = app_case_kind_from_code(db_col_text(st, 0));
    const char *r = db_col_text(st, 1);
    t.result = strcmp(r, "pending") == 0 ? APP_CR_PENDING : app_case_result_from_code(r);
    t.n = db_col_int(st, 2);
    if (t.kind < 0 || t.result < 0)
        return err_set(x->e, GK_EIO, "store", "a case has an unknown kind or result");
    return x->tally(&t, x->arg);
}

int store_case_tally(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_case_tally *, void *),
                     void *arg, err *e)
{
    char start[11], end[11];
    store_year_bounds(year, start, end);
    struct case_each x = {.tally = fn, .arg = arg, .e = e};
    return db_each(s->db, e, case_tally_row, &x,
                   "SELECT kind, CASE WHEN closed IS NOT NULL AND closed <= ? THEN result ELSE 'pending' END, "
                   "COUNT(*) FROM review_case WHERE agency_id = ? AND filed >= ? AND filed <= ? GROUP BY 1, 2",
                   "siss", end, agency_id, start, end);
}
