/*
 * store — the registers of talking with the public (see store_engage.h):
 * messages, suggestions, consultations and their comments, and the year's
 * counts. Each table is described once, as a list of columns that maps each
 * to its struct field (engage_internal.h); engage_table.c walks that list to
 * insert, update, read a row and write the audit JSON, so the four
 * registers share one piece of row handling. Sealing and retention of
 * their personal fields: engage_seal.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/engage_internal.h"

/* ---- the four tables ------------------------------------------------------ */
static const struct col msg_cols[] = {
    TEXT(struct msg, code), CODE(struct msg, source, msg_sources, MSG_NSOURCES),
    CODE(struct msg, kind, msg_kinds, MSG_NKINDS), CODE(struct msg, state, msg_states, MSG_NSTATES),
    TEXT(struct msg, platform), TEXT(struct msg, order_no), DAY(struct msg, received), DAY(struct msg, order_due),
    DAY(struct msg, due), BOOL(struct msg, due_provisional), PERSONAL(struct msg, name),
    PERSONAL(struct msg, phone), PERSONAL(struct msg, email), BOOL(struct msg, public_wish),
    TEXT(struct msg, subject), TEXT(struct msg, body), TEXT(struct msg, handler), TEXT(struct msg, answer),
    TEXT(struct msg, answered_by), TEXT(struct msg, review_note), DAY(struct msg, answered),
    TEXT(struct msg, rectification), TEXT(struct msg, hotline_ref), DAY(struct msg, hotline_returned),
    CODE(struct msg, rating, msg_ratings, MSG_NRATINGS), DAY(struct msg, closed), BOOL(struct msg, published),
    DAY(struct msg, last_on),
};
const struct table store_eng_msg_table = {"message", "message", msg_cols, sizeof msg_cols / sizeof msg_cols[0],
                                         offsetof(struct msg, id), offsetof(struct msg, agency_id),
                                         offsetof(struct msg, version)};

static const struct col sug_cols[] = {
    TEXT(struct sug, number), TEXT(struct sug, session), CODE(struct sug, kind, sug_kinds, SUG_NKINDS),
    CODE(struct sug, role, sug_roles, SUG_NROLES), CODE(struct sug, state, sug_states, SUG_NSTATES),
    TEXT(struct sug, author), PERSONAL(struct sug, contact), TEXT(struct sug, title), TEXT(struct sug, content),
    DAY(struct sug, assigned), DAY(struct sug, due), BOOL(struct sug, extended), TEXT(struct sug, extend_reason),
    TEXT(struct sug, reply), DAY(struct sug, replied), CODE(struct sug, cls, sug_classes, SUG_NCLASSES),
    CODE(struct sug, rating, sug_ratings, SUG_NRATINGS), DAY(struct sug, rated), INT(struct sug, rounds),
    BOOL(struct sug, published), BOOL(struct sug, summary_only), TEXT(struct sug, summary_reason),
    INT(struct sug, doc_id),
};
const struct table store_eng_sug_table = {"suggestion", "suggestion", sug_cols,
                                         sizeof sug_cols / sizeof sug_cols[0], offsetof(struct sug, id),
                                         offsetof(struct sug, agency_id), offsetof(struct sug, version)};

static const struct col consult_cols[] = {
    CODE(struct consult, kind, consult_kinds, CONS_NKINDS), TEXT(struct consult, title),
    INT(struct consult, draft_doc_id), INT(struct consult, final_doc_id), DAY(struct consult, opens),
    DAY(struct consult, closes), TEXT(struct consult, short_reason), BOOL(struct consult, result_published),
    TEXT(struct consult, result),
};
const struct table store_eng_consult_table = {"consultation", "consultation", consult_cols,
                                                 sizeof consult_cols / sizeof consult_cols[0],
                                                 offsetof(struct consult, id), offsetof(struct consult, agency_id),
                                                 offsetof(struct consult, version)};

static const struct col comment_cols[] = {
    INT(struct comment, consult_id), PERSONAL(struct comment, name), PERSONAL(struct comment, contact),
    TEXT(struct comment, body), DAY(struct comment, received),
    CODE(struct comment, state, comment_states, CMT_NSTATES), TEXT(struct comment, hide_reason),
    CODE(struct comment, adoption, comment_adoptions, CMT_NADOPTIONS), TEXT(struct comment, adoption_reason),
};
const struct table store_eng_comment_table = {"consultation_comment", "comment", comment_cols,
                                                 sizeof comment_cols / sizeof comment_cols[0],
                                                 offsetof(struct comment, id), offsetof(struct comment, agency_id),
                                                 offsetof(struct comment, version)};

/* ---- steps ---------------------------------------------------------------- */
struct eng_step_each {
    struct store_eng_step *x;
    int (*fn)(const struct store_eng_step *, void *);
    void *arg;
};

static int eng_step_row(db_stmt *st, void *arg)
{
    const struct eng_step_each *c = arg;
    store_copy_col(st, 0, c->x->event, sizeof c->x->event);
    store_copy_col(st, 1, c->x->on, sizeof c->x->on);
    store_copy_col(st, 2, c->x->actor, sizeof c->x->actor);
    store_copy_col(st, 3, c->x->text, sizeof c->x->text);
    store_copy_col(st, 4, c->x->at, sizeof c->x->at);
    return c->fn(c->x, c->arg);
}

int store_eng_steps(store_t *s, const char *reg, int64_t record_id,
                    int (*fn)(const struct store_eng_step *, void *), void *arg, err *e)
{
    struct eng_step_each c = {xmalloc(sizeof *c.x), fn, arg};
    int rc = db_each(s->db, e, eng_step_row, &c,
                     "SELECT event, on_day, actor, text, at FROM engage_step WHERE register = ? AND record_id = ? "
                     "ORDER BY id",
                     "si", reg, record_id);
    free(c.x);
    return rc;
}

/* ---- messages ------------------------------------------------------------- */
int store_msg_add(store_t *s, struct msg *m, const char *actor, err *e)
{
    int rc = store_new_tracking(m->code, e);
    if (rc)
        return rc;
    if (*m->order_no) {   /* one work order is registered once */
        struct msg other;
        rc = store_eng_rows_select(s, &store_eng_msg_table, &other, "agency_id = ? AND source = ? AND order_no = ?", "iss", NULL, NULL,
                                   e, m->agency_id, msg_sources[m->source].code, m->order_no);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return err_set(e, GK_ESTATE, "order_no", "work order %s is registered already (follow-up code %s)",
                           m->order_no, other.code);
    }
    return store_eng_add_record(s, &store_eng_msg_table, m, "register", m->received, actor, e);
}

int store_msg_get(store_t *s, int64_t agency_id, int64_t id, struct msg *out, err *e)
{
    return store_eng_get_one(s, &store_eng_msg_table, agency_id, id, out, e);
}

int store_msg_by_code(store_t *s, const char *code, struct msg *out, err *e)
{
    int rc = store_eng_rows_select(s, &store_eng_msg_table, out, "code = ?", "s", NULL, NULL, e, code);
    if (rc < 0)
        return rc;
    return rc ? 0 : err_set(e, GK_ENOTFOUND, "code", "no message with this follow-up code");
}

int store_msg_save(store_t *s, const struct msg *before, struct msg *after, const struct msg_step *st,
                   const char *actor, err *e)
{
    return store_eng_save_record(s, &store_eng_msg_table, before, after, msg_events[st->ev].code, st->on, st->text, actor, e);
}

static void msg_where(const struct store_msg_filter *f, buf *w)
{
    buf_puts(w, "agency_id = ?");
    if (f && f->year)
        buf_puts(w, " AND received >= ? AND received <= ?");
    if (f && f->open_only)
        buf_puts(w, " AND state IN ('open', 'assigned', 'review')");
    if (f && f->public_only)
        buf_puts(w, " AND published = 1 AND public_wish = 1 AND state IN ('answered', 'closed') AND kind <> 'report'");
}

int store_msg_list(store_t *s, int64_t agency_id, const struct store_msg_filter *f,
                   int (*fn)(const struct msg *, void *), void *arg, err *e)
{
    buf w;
    buf_init(&w);
    msg_where(f, &w);
    buf_printf(&w, " ORDER BY received DESC, id DESC");
    if (f && f->limit)
        buf_printf(&w, " LIMIT %d OFFSET %d", f->limit, f->offset);
    char a[11] = "", b[11] = "";
    if (f && f->year)
        store_year_bounds(f->year, a, b);
    struct msg *m = xmalloc(sizeof *m);
    int rc = f && f->year ? store_eng_rows_select(s, &store_eng_msg_table, m, w.data, "iss", (row_fn)fn, arg, e, agency_id, a, b)
                          : store_eng_rows_select(s, &store_eng_msg_table, m, w.data, "i", (row_fn)fn, arg, e, agency_id);
    free(m);
    buf_free(&w);
    return rc < 0 ? rc : 0;
}

int64_t store_msg_count(store_t *s, int64_t agency_id, const struct store_msg_filter *f, err *e)
{
    buf q;
    buf_init(&q);
    buf_puts(&q, "SELECT COUNT(*) FROM message WHERE ");
    msg_where(f, &q);
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    if (f && f->year) {
        char a[11], b[11];
        store_year_bounds(f->year, a, b);
        db_bind_text(st, 2, a);
        db_bind_text(st, 3, b);
    }
    int64_t n = 0;
    rc = db_step(st, e);
    if (rc == 1)
        n = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : n;
}

/* ---- suggestions ------------------------------------------------------------ */
int store_sug_add(store_t *s, struct sug *x, const char *actor, err *e)
{
    struct sug other;
    int rc = store_eng_rows_select(s, &store_eng_sug_table, &other, "agency_id = ? AND kind = ? AND session = ? AND number = ? AND role = ?",
                                   "issss", NULL, NULL, e, x->agency_id, sug_kinds[x->kind].code, x->session, x->number,
                                   sug_roles[x->role].code);
    if (rc < 0)
        return rc;
    if (rc > 0)
        return err_set(e, GK_ESTATE, "number", "%s %s %s is registered already (record %lld)", x->session,
                       sug_kinds[x->kind].label, x->number, (long long)other.id);
    return store_eng_add_record(s, &store_eng_sug_table, x, "assign", x->assigned, actor, e);
}

int store_sug_get(store_t *s, int64_t agency_id, int64_t id, struct sug *out, err *e)
{
    return store_eng_get_one(s, &store_eng_sug_table, agency_id, id, out, e);
}

int store_sug_save(store_t *s, const struct sug *before, struct sug *after, const char *event, const char *text,
                   gk_day on, const char *actor, err *e)
{
    return store_eng_save_record(s, &store_eng_sug_table, before, after, event, on, text, actor, e);
}

int store_sug_publish(store_t *s, const struct sug *before, struct sug *after, const char *issuer, const char *text,
                      gk_day on, const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!after->doc_id) {
        struct doc *d = xmalloc(sizeof *d);
        if ((rc = sug_reply_doc(after, issuer, d, e)) == 0 && (rc = store_doc_add(s, d, actor, e)) == 0)
            after->doc_id = d->id;
        doc_clear(d);
        free(d);
    }
    if (!rc)
        rc = store_eng_save_record(s, &store_eng_sug_table, before, after, "publish", on, text, actor, e);
    return store_end(s, rc, e);
}

int store_sug_list(store_t *s, int64_t agency_id, int year, bool published_only,
                   int (*fn)(const struct sug *, void *), void *arg, err *e)
{
    char a[11], b[11];
    store_year_bounds(year ? year : 1, a, b);
    if (!year)
        date_format(date_from_ymd(9999, 12, 31), b);
    struct sug *x = xmalloc(sizeof *x);
    int rc = store_eng_rows_select(s, &store_eng_sug_table, x,
                                   published_only ? "agency_id = ? AND assigned >= ? AND assigned <= ? AND published = 1 "
                                                    "ORDER BY assigned DESC, id DESC"
                                                  : "agency_id = ? AND assigned >= ? AND assigned <= ? ORDER BY assigned DESC, id DESC",
                                   "iss", (row_fn)fn, arg, e, agency_id, a, b);
    free(x);
    return rc < 0 ? rc : 0;
}

/* ---- consultations and comments ------------------------------------------- */
int store_consult_add(store_t *s, struct consult *k, const char *actor, err *e)
{
    return store_eng_add_record(s, &store_eng_consult_table, k, "open", k->opens, actor, e);
}

int store_consult_get(store_t *s, int64_t agency_id, int64_t id, struct consult *out, err *e)
{
    return store_eng_get_one(s, &store_eng_consult_table, agency_id, id, out, e);
}

int store_consult_of_doc(store_t *s, int64_t agency_id, int64_t doc_id, struct consult *out, err *e)
{
    int rc = store_eng_rows_select(s, &store_eng_consult_table, out,
                                   "agency_id = ? AND (final_doc_id = ? OR draft_doc_id = ?) ORDER BY final_doc_id = ? DESC, id DESC",
                                   "iiii", NULL, NULL, e, agency_id, doc_id, doc_id, doc_id);
    if (rc < 0)
        return rc;
    return rc ? 0 : err_set(e, GK_ENOTFOUND, "consultation", "no consultation for this document");
}

int store_consult_save(store_t *s, const struct consult *before, struct consult *after, const char *event,
                       const char *actor, err *e)
{
    return store_eng_save_record(s, &store_eng_consult_table, before, after, event, 0, "", actor, e);
}

int store_consult_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct consult *, void *), void *arg,
                       err *e)
{
    char a[11], b[11];
    store_year_bounds(year ? year : 1, a, b);
    if (!year)
        date_format(date_from_ymd(9999, 12, 31), b);
    struct consult *k = xmalloc(sizeof *k);
    int rc = store_eng_rows_select(s, &store_eng_consult_table, k, "agency_id = ? AND opens >= ? AND opens <= ? ORDER BY opens DESC, id DESC",
                                   "iss", (row_fn)fn, arg, e, agency_id, a, b);
    free(k);
    return rc < 0 ? rc : 0;
}

int store_comment_add(store_t *s, struct comment *m, err *e)
{
    return store_eng_add_record(s, &store_eng_comment_table, m, "comment", m->received, "public", e);
}

int store_comment_get(store_t *s, int64_t agency_id, int64_t id, struct comment *out, err *e)
{
    return store_eng_get_one(s, &store_eng_comment_table, agency_id, id, out, e);
}

int store_comment_save(store_t *s, const struct comment *before, struct comment *after, const char *event,
                       const char *actor, err *e)
{
    return store_eng_save_record(s, &store_eng_comment_table, before, after, event, 0, "", actor, e);
}

int store_comment_list(store_t *s, int64_t consult_id, bool shown_only, int (*fn)(const struct comment *, void *),
                       void *arg, err *e)
{
    struct comment *m = xmalloc(sizeof *m);
    int rc = store_eng_rows_select(s, &store_eng_comment_table, m,
                                   shown_only ? "consult_id = ? AND state = 'shown' ORDER BY id" : "consult_id = ? ORDER BY id",
                                   "i", (row_fn)fn, arg, e, consult_id);
    free(m);
    return rc < 0 ? rc : 0;
}

/* ---- the year's counts ------------------------------------------------------ */
/* One GROUP BY query; each row's key columns are codes looked up in a column
 * of the register's table. */
static int tally(store_t *s, const char *sql, int64_t agency_id, int year, int (*fn)(db_stmt *, void *), void *arg,
                 err *e)
{
    char a[11], b[11];
    store_year_bounds(year, a, b);
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, a);
    db_bind_text(st, 3, b);
    while ((rc = db_step(st, e)) == 1)
        if ((rc = fn(st, arg)) != 0)
            break;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int idx_of(const struct table *t, const char *col, const char *code)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->cols[i].name, col) == 0)
            return store_eng_code_index(&t->cols[i], code);
    return -1;
}

static int msg_row(db_stmt *st, void *arg)
{
    struct engage_year *y = arg;
    int src = idx_of(&store_eng_msg_table, "source", db_col_text(st, 0)), kind = idx_of(&store_eng_msg_table, "kind", db_col_text(st, 1));
    int rating = idx_of(&store_eng_msg_table, "rating", db_col_text(st, 2));
    if (src < 1 || kind < 1 || rating < 0)
        return 0;   /* codes are written by the store from the tables: unknown ones cannot occur */
    int n = (int)db_col_int(st, 3);
    y->msgs[src][kind] += n;
    y->msgs_answered += (int)db_col_int(st, 4);
    y->msgs_on_time += (int)db_col_int(st, 5);
    y->msgs_published += (int)db_col_int(st, 6);
    y->msgs_rated[rating] += n;
    return 0;
}

static int sug_row(db_stmt *st, void *arg)
{
    struct engage_year *y = arg;
    int kind = idx_of(&store_eng_sug_table, "kind", db_col_text(st, 0)), role = idx_of(&store_eng_sug_table, "role", db_col_text(st, 1));
    int cls = idx_of(&store_eng_sug_table, "cls", db_col_text(st, 2)), rating = idx_of(&store_eng_sug_table, "rating", db_col_text(st, 3));
    if (kind < 1 || role < 1 || cls < 0 || rating < 0)
        return 0;
    int n = (int)db_col_int(st, 4);
    y->sugs[kind][role] += n;
    if (role == SUG_LEAD) {
        y->sug_classes[cls] += n;
        y->sug_ratings[rating] += n;
    }
    y->sug_published += (int)db_col_int(st, 5);
    y->sug_on_time += (int)db_col_int(st, 6);
    return 0;
}

static int consult_row(db_stmt *st, void *arg)
{
    struct engage_year *y = arg;
    y->consults = (int)db_col_int(st, 0);
    y->comments = (int)db_col_int(st, 1);
    y->comments_adopted = (int)db_col_int(st, 2);
    y->comments_partly = (int)db_col_int(st, 3);
    return 0;
}

int store_engage_year(store_t *s, int64_t agency_id, int year, struct engage_year *y, err *e)
{
    memset(y, 0, sizeof *y);
    y->year = year;
    int rc = tally(s,
                   "SELECT source, kind, rating, COUNT(*), "
                   "SUM(CASE WHEN answered IS NOT NULL THEN 1 ELSE 0 END), "
                   "SUM(CASE WHEN answered IS NOT NULL AND answered <= due THEN 1 ELSE 0 END), "
                   "SUM(published) FROM message WHERE agency_id = ? AND received >= ? AND received <= ? "
                   "GROUP BY source, kind, rating",
                   agency_id, year, msg_row, y, e);
    if (!rc)
        rc = tally(s,
                   "SELECT kind, role, cls, rating, COUNT(*), SUM(published), "
                   "SUM(CASE WHEN replied IS NOT NULL AND replied <= due THEN 1 ELSE 0 END) "
                   "FROM suggestion WHERE agency_id = ? AND assigned >= ? AND assigned <= ? "
                   "GROUP BY kind, role, cls, rating",
                   agency_id, year, sug_row, y, e);
    if (!rc)
        rc = tally(s,
                   "SELECT COUNT(DISTINCT k.id), COUNT(c.id), "
                   "COALESCE(SUM(CASE WHEN c.adoption = 'adopted' THEN 1 ELSE 0 END), 0), "
                   "COALESCE(SUM(CASE WHEN c.adoption = 'partly' THEN 1 ELSE 0 END), 0) "
                   "FROM consultation k LEFT JOIN consultation_comment c ON c.consult_id = k.id "
                   "WHERE k.agency_id = ? AND k.opens >= ? AND k.opens <= ?",
                   agency_id, year, consult_row, y, e);
    return rc;
}
