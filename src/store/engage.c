/*
 * store — the registers of talking with the public (see store.h, "talking
 * with the public"). Each table is described once, as a list of columns that
 * maps each to its struct field (text, whole number, day, flag, or a code of
 * one of the domain's tables); inserting, updating, reading a row and the
 * audit JSON all walk that list, so the four registers share one piece of
 * row handling.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "publish/publish.h"
#include "store/store_internal.h"

/* ---- columns as data ------------------------------------------------------ */
enum col_type { CT_TEXT, CT_INT, CT_BOOL, CT_DAY, CT_CODE };
struct col {
    const char *name;
    enum col_type type;
    size_t off, size;
    const void *codes;       /* CT_CODE: an array of structs whose first member is the code */
    size_t stride;
    int n;                   /* the last index of the code table */
    bool personal;           /* staff only: never in the audit trail's JSON */
};
#define F(T, f) offsetof(T, f), sizeof(((T *)0)->f)
#define TEXT(T, f) {#f, CT_TEXT, F(T, f), NULL, 0, 0, false}
#define PERSONAL(T, f) {#f, CT_TEXT, F(T, f), NULL, 0, 0, true}
#define INT(T, f) {#f, CT_INT, F(T, f), NULL, 0, 0, false}
#define BOOL(T, f) {#f, CT_BOOL, F(T, f), NULL, 0, 0, false}
#define DAY(T, f) {#f, CT_DAY, F(T, f), NULL, 0, 0, false}
#define CODE(T, f, tbl, n) {#f, CT_CODE, F(T, f), tbl, sizeof tbl[0], n, false}

static const char *code_at(const struct col *c, int i)
{
    if (i < 0 || i > c->n)
        return NULL;
    return *(const char *const *)((const char *)c->codes + (size_t)i * c->stride);
}

static int code_index(const struct col *c, const char *code)
{
    for (int i = 0; i <= c->n; i++) {
        const char *k = code_at(c, i);
        if (k && strcmp(k, code) == 0)
            return i;
    }
    return -1;
}

/* The name a personal column is sealed under (the associated data of the
 * cipher): "<table>.<column>", so that a value moved to another column or
 * another register does not open. */
static void seal_field(const char *table, const struct col *c, char out[64])
{
    snprintf(out, 64, "%s.%s", table, c->name);
}

/* Binds the columns' values from obj, from parameter `first` on; personal
 * columns are sealed (seal.c) under the current key. */
static int cols_bind(store_t *s, const char *table, db_stmt *st, int first, const struct col *cols, int n,
                     const void *obj, err *e)
{
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        const char *p = (const char *)obj + c->off;
        int k = first + i;
        if (c->personal) {
            char field[64];
            seal_field(table, c, field);
            buf v;
            buf_init(&v);
            int rc = seal_text(s->keys, field, p, &v, e);
            db_bind_text(st, k, v.data ? v.data : "");
            buf_free(&v);
            if (rc)
                return rc;
            continue;
        }
        switch (c->type) {
        case CT_TEXT: db_bind_text(st, k, p); break;
        case CT_INT: db_bind_int(st, k, c->size == sizeof(int64_t) ? *(const int64_t *)p : *(const int *)p); break;
        case CT_BOOL: db_bind_int(st, k, *(const bool *)p); break;
        case CT_DAY: {
            gk_day d = *(const gk_day *)p;
            char day[11];
            if (d) {
                date_format(d, day);
                db_bind_text(st, k, day);
            } else {
                db_bind_null(st, k);
            }
            break;
        }
        case CT_CODE: {
            const char *code = code_at(c, *(const int *)p);
            db_bind_text(st, k, code ? code : "");
            break;
        }
        }
    }
    return 0;
}

/* Reads the columns into obj from result column `first` on; personal
 * columns are opened. */
static int cols_read(store_t *s, const char *table, db_stmt *st, int first, const struct col *cols, int n, void *obj,
                     err *e)
{
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        char *p = (char *)obj + c->off;
        int k = first + i;
        if (c->personal) {
            char field[64];
            seal_field(table, c, field);
            int rc = seal_open_text(s->keys, field, db_col_text(st, k), p, c->size, e);
            if (rc)
                return rc;
            continue;
        }
        switch (c->type) {
        case CT_TEXT: store_copy_col(st, k, p, c->size); break;
        case CT_INT:
            if (c->size == sizeof(int64_t))
                *(int64_t *)p = db_col_int(st, k);
            else
                *(int *)p = (int)db_col_int(st, k);
            break;
        case CT_BOOL: *(bool *)p = db_col_int(st, k) != 0; break;
        case CT_DAY:
            *(gk_day *)p = 0;
            if (!db_col_null(st, k) && date_parse(db_col_text(st, k), (gk_day *)p, NULL))
                return err_set(e, GK_EIO, c->name, "the stored date '%s' is not a date", db_col_text(st, k));
            break;
        case CT_CODE: {
            int v = code_index(c, db_col_text(st, k));
            if (v < 0)
                return err_set(e, GK_EIO, c->name, "the stored code '%s' is unknown", db_col_text(st, k));
            *(int *)p = v;
            break;
        }
        }
    }
    return 0;
}

static void cols_names(const struct col *cols, int n, const char *prefix, buf *b)
{
    for (int i = 0; i < n; i++)
        buf_printf(b, "%s%s%s", i ? ", " : "", prefix, cols[i].name);
}

/* The record as audit JSON, without personal data. */
static void cols_json(const struct col *cols, int n, int64_t id, const void *obj, buf *b)
{
    buf_printf(b, "{\"id\":%lld", (long long)id);
    for (int i = 0; i < n; i++) {
        const struct col *c = &cols[i];
        if (c->personal)
            continue;
        const char *p = (const char *)obj + c->off;
        buf_printf(b, ",\"%s\":", c->name);
        switch (c->type) {
        case CT_TEXT: buf_json_str(b, p); break;
        case CT_INT:
            buf_printf(b, "%lld", (long long)(c->size == sizeof(int64_t) ? *(const int64_t *)p : *(const int *)p));
            break;
        case CT_BOOL: buf_puts(b, *(const bool *)p ? "true" : "false"); break;
        case CT_DAY: {
            gk_day d = *(const gk_day *)p;
            char day[11];
            if (d) {
                date_format(d, day);
                buf_printf(b, "\"%s\"", day);
            } else {
                buf_puts(b, "null");
            }
            break;
        }
        case CT_CODE: {
            const char *code = code_at(c, *(const int *)p);
            buf_json_str(b, code ? code : "");
            break;
        }
        }
    }
    buf_putc(b, '}');
}

/* A table: its name, the name the audit trail and steps give its records, columns. */
struct table {
    const char *name, *entity;
    const struct col *cols;
    int n;
    size_t id_off, agency_off, version_off;
};

/* Whether the table has personal columns (then it has seal_key, migration 21). */
static bool table_sealed(const struct table *t)
{
    for (int i = 0; i < t->n; i++)
        if (t->cols[i].personal)
            return true;
    return false;
}
#define ID64(obj, off) (*(int64_t *)((char *)(obj) + (off)))
#define CID64(obj, off) (*(const int64_t *)((const char *)(obj) + (off)))

static int step_add(store_t *s, int64_t agency_id, const char *reg, int64_t id, const char *event, gk_day on,
                    const char *actor, const char *text, err *e)
{
    char now[32], day[11];
    store_now(now);
    date_format(on ? on : date_today(), day);
    return db_run(s->db, e, NULL,
                  "INSERT INTO engage_step(agency_id, register, record_id, event, on_day, actor, text, at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "isisssss", agency_id, reg, id, event, day, actor && *actor ? actor : "system", text ? text : "",
                  now);
}

static int audit(store_t *s, const struct table *t, const void *before, const void *after, const char *action,
                 const char *actor, err *e)
{
    buf a, b;
    buf_init(&a);
    buf_init(&b);
    int64_t id = CID64(after, t->id_off);
    if (before)
        cols_json(t->cols, t->n, id, before, &b);
    cols_json(t->cols, t->n, id, after, &a);
    int rc = store_audit_add(s, CID64(after, t->agency_off), actor, t->entity, id, action, before ? b.data : NULL,
                             a.data, e);
    buf_free(&a);
    buf_free(&b);
    return rc;
}

/* INSERT of every column (the caller's transaction); sets id and version. */
static int row_insert(store_t *s, const struct table *t, void *obj, err *e)
{
    char now[32];
    store_now(now);
    buf q;
    buf_init(&q);
    bool sealed = table_sealed(t);
    buf_printf(&q, "INSERT INTO %s(agency_id, ", t->name);
    cols_names(t->cols, t->n, "", &q);
    buf_puts(&q, sealed ? ", seal_key, version, created_at, updated_at) VALUES (?, ?" : ", version, created_at, updated_at) VALUES (?");
    for (int i = 0; i < t->n; i++)
        buf_puts(&q, ", ?");
    buf_puts(&q, ", 1, ?, ?) RETURNING id");
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    int k = 1;
    db_bind_int(st, k++, CID64(obj, t->agency_off));
    if ((rc = cols_bind(s, t->name, st, k, t->cols, t->n, obj, e))) {
        db_finalize(st);
        return rc;
    }
    k += t->n;
    if (sealed)
        db_bind_int(st, k++, seal_keys_current(s->keys));
    db_bind_text(st, k++, now);
    db_bind_text(st, k++, now);
    rc = db_step(st, e);
    if (rc == 1) {
        ID64(obj, t->id_off) = db_col_int(st, 0);
        ID64(obj, t->version_off) = 1;
        rc = db_step(st, e);
    } else if (rc == 0) {
        rc = err_set(e, GK_EIO, "store", "the new %s got no id", t->entity);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* UPDATE of every column where the version is still before's; bumps it. */
static int row_update(store_t *s, const struct table *t, const void *before, void *after, err *e)
{
    char now[32];
    store_now(now);
    buf q;
    buf_init(&q);
    bool sealed = table_sealed(t);
    buf_printf(&q, "UPDATE %s SET ", t->name);
    for (int i = 0; i < t->n; i++)
        buf_printf(&q, "%s = ?, ", t->cols[i].name);
    if (sealed)
        buf_puts(&q, "seal_key = ?, ");
    buf_puts(&q, "version = version + 1, updated_at = ? WHERE id = ? AND agency_id = ? AND version = ?");
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    if ((rc = cols_bind(s, t->name, st, 1, t->cols, t->n, after, e))) {
        db_finalize(st);
        return rc;
    }
    int k = t->n + 1;
    if (sealed)
        db_bind_int(st, k++, seal_keys_current(s->keys));
    db_bind_text(st, k++, now);
    db_bind_int(st, k++, CID64(before, t->id_off));
    db_bind_int(st, k++, CID64(before, t->agency_off));
    db_bind_int(st, k++, CID64(before, t->version_off));
    rc = db_step(st, e);
    int64_t changed = db_changes(s->db);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (changed != 1)
        return err_set(e, GK_ESTATE, t->entity, "it was changed by someone else meanwhile: reload and try again");
    ID64(after, t->version_off) = CID64(before, t->version_off) + 1;
    return 0;
}

/* SELECT id, agency_id, version, columns FROM table WHERE `where`; each row to fn. */
typedef int (*row_fn)(const void *obj, void *arg);
static int rows_select(store_t *s, const struct table *t, void *obj, const char *where, const char *types,
                       row_fn fn, void *arg, err *e, ...)
{
    buf q;
    buf_init(&q);
    buf_puts(&q, "SELECT id, agency_id, version, ");
    cols_names(t->cols, t->n, "", &q);
    buf_printf(&q, " FROM %s WHERE %s", t->name, where);
    db_stmt *st;
    int rc = db_prepare(s->db, q.data, &st, e);
    buf_free(&q);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, e);
    rc = db_vbind(st, types, ap);
    va_end(ap);
    int found = 0;
    while (!rc && (rc = db_step(st, e)) == 1) {
        ID64(obj, t->id_off) = db_col_int(st, 0);
        ID64(obj, t->agency_off) = db_col_int(st, 1);
        ID64(obj, t->version_off) = db_col_int(st, 2);
        rc = cols_read(s, t->name, st, 3, t->cols, t->n, obj, e);
        if (rc)
            break;
        found++;
        if (fn && (rc = fn(obj, arg)) != 0) {
            rc = rc > 0 ? 0 : rc;
            break;
        }
        if (!fn)
            break;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return found;
}

static int get_one(store_t *s, const struct table *t, int64_t agency_id, int64_t id, void *out, err *e)
{
    int rc = rows_select(s, t, out, "agency_id = ? AND id = ?", "ii", NULL, NULL, e, agency_id, id);
    if (rc < 0)
        return rc;
    if (rc == 0) {
        char w[48];
        snprintf(w, sizeof w, "%s %lld", t->entity, (long long)id);
        return err_set(e, GK_ENOTFOUND, w, "no such record in this agency");
    }
    return 0;
}

/* add: insert + step + audit in one transaction */
static int add_record(store_t *s, const struct table *t, void *obj, const char *event, gk_day on,
                      const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = row_insert(s, t, obj, e);
    if (!rc)
        rc = step_add(s, CID64(obj, t->agency_off), t->entity, CID64(obj, t->id_off), event, on, actor, "", e);
    if (!rc)
        rc = audit(s, t, NULL, obj, "add", actor, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

static int save_record(store_t *s, const struct table *t, const void *before, void *after, const char *event,
                       gk_day on, const char *text, const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = row_update(s, t, before, after, e);
    if (!rc)
        rc = step_add(s, CID64(after, t->agency_off), t->entity, CID64(after, t->id_off), event, on, actor, text, e);
    if (!rc)
        rc = audit(s, t, before, after, event, actor, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

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
static const struct table msg_table = {"message", "message", msg_cols, sizeof msg_cols / sizeof msg_cols[0],
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
static const struct table sug_table = {"suggestion", "suggestion", sug_cols, sizeof sug_cols / sizeof sug_cols[0],
                                       offsetof(struct sug, id), offsetof(struct sug, agency_id),
                                       offsetof(struct sug, version)};

static const struct col consult_cols[] = {
    CODE(struct consult, kind, consult_kinds, CONS_NKINDS), TEXT(struct consult, title),
    INT(struct consult, draft_doc_id), INT(struct consult, final_doc_id), DAY(struct consult, opens),
    DAY(struct consult, closes), TEXT(struct consult, short_reason), BOOL(struct consult, result_published),
    TEXT(struct consult, result),
};
static const struct table consult_table = {"consultation", "consultation", consult_cols,
                                           sizeof consult_cols / sizeof consult_cols[0],
                                           offsetof(struct consult, id), offsetof(struct consult, agency_id),
                                           offsetof(struct consult, version)};

static const struct col comment_cols[] = {
    INT(struct comment, consult_id), PERSONAL(struct comment, name), PERSONAL(struct comment, contact),
    TEXT(struct comment, body), DAY(struct comment, received),
    CODE(struct comment, state, comment_states, CMT_NSTATES), TEXT(struct comment, hide_reason),
    CODE(struct comment, adoption, comment_adoptions, CMT_NADOPTIONS), TEXT(struct comment, adoption_reason),
};
static const struct table comment_table = {"consultation_comment", "comment", comment_cols,
                                           sizeof comment_cols / sizeof comment_cols[0],
                                           offsetof(struct comment, id), offsetof(struct comment, agency_id),
                                           offsetof(struct comment, version)};

/* ---- steps ---------------------------------------------------------------- */
int store_eng_steps(store_t *s, const char *reg, int64_t record_id,
                    int (*fn)(const struct store_eng_step *, void *), void *arg, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT event, on_day, actor, text, at FROM engage_step WHERE register = ? AND record_id = ? "
                        "ORDER BY id", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, reg);
    db_bind_int(st, 2, record_id);
    struct store_eng_step *x = xmalloc(sizeof *x);
    while ((rc = db_step(st, e)) == 1) {
        store_copy_col(st, 0, x->event, sizeof x->event);
        store_copy_col(st, 1, x->on, sizeof x->on);
        store_copy_col(st, 2, x->actor, sizeof x->actor);
        store_copy_col(st, 3, x->text, sizeof x->text);
        store_copy_col(st, 4, x->at, sizeof x->at);
        if ((rc = fn(x, arg)) != 0)
            break;
    }
    free(x);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- messages ------------------------------------------------------------- */
int store_msg_add(store_t *s, struct msg *m, const char *actor, err *e)
{
    int rc = store_new_tracking(m->code, e);
    if (rc)
        return rc;
    if (*m->order_no) {   /* one work order is registered once */
        struct msg other;
        rc = rows_select(s, &msg_table, &other, "agency_id = ? AND source = ? AND order_no = ?", "iss", NULL, NULL,
                         e, m->agency_id, msg_sources[m->source].code, m->order_no);
        if (rc < 0)
            return rc;
        if (rc > 0)
            return err_set(e, GK_ESTATE, "order_no", "work order %s is registered already (follow-up code %s)",
                           m->order_no, other.code);
    }
    return add_record(s, &msg_table, m, "register", m->received, actor, e);
}

int store_msg_get(store_t *s, int64_t agency_id, int64_t id, struct msg *out, err *e)
{
    return get_one(s, &msg_table, agency_id, id, out, e);
}

int store_msg_by_code(store_t *s, const char *code, struct msg *out, err *e)
{
    int rc = rows_select(s, &msg_table, out, "code = ?", "s", NULL, NULL, e, code);
    if (rc < 0)
        return rc;
    return rc ? 0 : err_set(e, GK_ENOTFOUND, "code", "no message with this follow-up code");
}

int store_msg_save(store_t *s, const struct msg *before, struct msg *after, const struct msg_step *st,
                   const char *actor, err *e)
{
    return save_record(s, &msg_table, before, after, msg_events[st->ev].code, st->on, st->text, actor, e);
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

static void year_bounds(int year, char a[11], char b[11])
{
    date_format(date_from_ymd(year, 1, 1), a);
    date_format(date_from_ymd(year, 12, 31), b);
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
        year_bounds(f->year, a, b);
    struct msg *m = xmalloc(sizeof *m);
    int rc = f && f->year ? rows_select(s, &msg_table, m, w.data, "iss", (row_fn)fn, arg, e, agency_id, a, b)
                          : rows_select(s, &msg_table, m, w.data, "i", (row_fn)fn, arg, e, agency_id);
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
        year_bounds(f->year, a, b);
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
    int rc = rows_select(s, &sug_table, &other, "agency_id = ? AND kind = ? AND session = ? AND number = ? AND role = ?",
                         "issss", NULL, NULL, e, x->agency_id, sug_kinds[x->kind].code, x->session, x->number,
                         sug_roles[x->role].code);
    if (rc < 0)
        return rc;
    if (rc > 0)
        return err_set(e, GK_ESTATE, "number", "%s %s %s is registered already (record %lld)", x->session,
                       sug_kinds[x->kind].label, x->number, (long long)other.id);
    return add_record(s, &sug_table, x, "assign", x->assigned, actor, e);
}

int store_sug_get(store_t *s, int64_t agency_id, int64_t id, struct sug *out, err *e)
{
    return get_one(s, &sug_table, agency_id, id, out, e);
}

int store_sug_save(store_t *s, const struct sug *before, struct sug *after, const char *event, const char *text,
                   gk_day on, const char *actor, err *e)
{
    return save_record(s, &sug_table, before, after, event, on, text, actor, e);
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
        rc = save_record(s, &sug_table, before, after, "publish", on, text, actor, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int store_sug_list(store_t *s, int64_t agency_id, int year, bool published_only,
                   int (*fn)(const struct sug *, void *), void *arg, err *e)
{
    char a[11], b[11];
    year_bounds(year ? year : 1, a, b);
    if (!year)
        date_format(date_from_ymd(9999, 12, 31), b);
    struct sug *x = xmalloc(sizeof *x);
    int rc = rows_select(s, &sug_table, x,
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
    return add_record(s, &consult_table, k, "open", k->opens, actor, e);
}

int store_consult_get(store_t *s, int64_t agency_id, int64_t id, struct consult *out, err *e)
{
    return get_one(s, &consult_table, agency_id, id, out, e);
}

int store_consult_of_doc(store_t *s, int64_t agency_id, int64_t doc_id, struct consult *out, err *e)
{
    int rc = rows_select(s, &consult_table, out,
                         "agency_id = ? AND (final_doc_id = ? OR draft_doc_id = ?) ORDER BY final_doc_id = ? DESC, id DESC",
                         "iiii", NULL, NULL, e, agency_id, doc_id, doc_id, doc_id);
    if (rc < 0)
        return rc;
    return rc ? 0 : err_set(e, GK_ENOTFOUND, "consultation", "no consultation for this document");
}

int store_consult_save(store_t *s, const struct consult *before, struct consult *after, const char *event,
                       const char *actor, err *e)
{
    return save_record(s, &consult_table, before, after, event, 0, "", actor, e);
}

int store_consult_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct consult *, void *), void *arg,
                       err *e)
{
    char a[11], b[11];
    year_bounds(year ? year : 1, a, b);
    if (!year)
        date_format(date_from_ymd(9999, 12, 31), b);
    struct consult *k = xmalloc(sizeof *k);
    int rc = rows_select(s, &consult_table, k, "agency_id = ? AND opens >= ? AND opens <= ? ORDER BY opens DESC, id DESC",
                         "iss", (row_fn)fn, arg, e, agency_id, a, b);
    free(k);
    return rc < 0 ? rc : 0;
}

int store_comment_add(store_t *s, struct comment *m, err *e)
{
    return add_record(s, &comment_table, m, "comment", m->received, "public", e);
}

int store_comment_get(store_t *s, int64_t agency_id, int64_t id, struct comment *out, err *e)
{
    return get_one(s, &comment_table, agency_id, id, out, e);
}

int store_comment_save(store_t *s, const struct comment *before, struct comment *after, const char *event,
                       const char *actor, err *e)
{
    return save_record(s, &comment_table, before, after, event, 0, "", actor, e);
}

int store_comment_list(store_t *s, int64_t consult_id, bool shown_only, int (*fn)(const struct comment *, void *),
                       void *arg, err *e)
{
    struct comment *m = xmalloc(sizeof *m);
    int rc = rows_select(s, &comment_table, m,
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
    year_bounds(year, a, b);
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
            return code_index(&t->cols[i], code);
    return -1;
}

static int msg_row(db_stmt *st, void *arg)
{
    struct engage_year *y = arg;
    int src = idx_of(&msg_table, "source", db_col_text(st, 0)), kind = idx_of(&msg_table, "kind", db_col_text(st, 1));
    int rating = idx_of(&msg_table, "rating", db_col_text(st, 2));
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
    int kind = idx_of(&sug_table, "kind", db_col_text(st, 0)), role = idx_of(&sug_table, "role", db_col_text(st, 1));
    int cls = idx_of(&sug_table, "cls", db_col_text(st, 2)), rating = idx_of(&sug_table, "rating", db_col_text(st, 3));
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

/* ---- sealing and retention of the registers' personal fields (issue 15) ---- */

/* The registers that hold personal fields (table_sealed), and when a row's
 * personal fields may go (retention): the condition on the row and what it
 * says in the audit. */
static const struct {
    const struct table *t;
    const char *over;   /* SQL: the row is past the period when this holds for ? = the cut day */
} sealed_regs[] = {
    {&msg_table, "closed IS NOT NULL AND closed < ?"},       /* a message: from its closing */
    {&sug_table, "replied IS NOT NULL AND replied < ?"},     /* a suggestion: from its reply */
    {&comment_table, "received < ?"},                        /* a comment: from its receipt (the comment period is weeks) */
};
#define SEALED_REGS (sizeof sealed_regs / sizeof sealed_regs[0])
#define RESEAL_COLS 4   /* personal columns of a register, at most */

/* Re-seals up to limit rows of t not under the current key, in one
 * transaction; *done gets how many. A row changed meanwhile keeps its newer
 * value (the UPDATE matches the key it was read under). */
static int reseal_table(store_t *s, const struct table *t, int limit, int64_t *done, err *e)
{
    const struct col *pc[RESEAL_COLS];
    int np = 0;
    for (int i = 0; i < t->n && np < RESEAL_COLS; i++)
        if (t->cols[i].personal)
            pc[np++] = &t->cols[i];
    buf q;
    buf_init(&q);
    buf_puts(&q, "SELECT id, seal_key");
    for (int i = 0; i < np; i++)
        buf_printf(&q, ", %s", pc[i]->name);
    buf_printf(&q, " FROM %s WHERE seal_key <> ? ORDER BY seal_key, id LIMIT ?", t->name);
    int cur = seal_keys_current(s->keys), rc = store_begin(s, e);
    db_stmt *st = NULL;
    if (!rc && (rc = db_prepare(s->db, q.data, &st, e)))
        store_rollback(s);
    buf_free(&q);
    if (rc)
        return rc;
    db_bind_int(st, 1, cur);
    db_bind_int(st, 2, limit);
    struct row { int64_t id; int key; buf v[RESEAL_COLS]; } *v = xcalloc((size_t)limit, sizeof *v);
    int64_t n = 0;
    char *clear = xmalloc(64 * 1024 + 1);
    while (!rc && (rc = db_step(st, e)) == 1) {
        rc = 0;
        v[n].id = db_col_int(st, 0);
        v[n].key = (int)db_col_int(st, 1);
        for (int i = 0; i < np && !rc; i++) {
            char field[64];
            seal_field(t->name, pc[i], field);
            buf_init(&v[n].v[i]);
            if (!(rc = seal_open_text(s->keys, field, db_col_text(st, 2 + i), clear, 64 * 1024 + 1, e)))
                rc = seal_text(s->keys, field, clear, &v[n].v[i], e);
        }
        n++;
    }
    db_finalize(st);
    sodium_memzero(clear, 64 * 1024 + 1);
    free(clear);
    buf u;
    buf_init(&u);
    buf_printf(&u, "UPDATE %s SET ", t->name);
    for (int i = 0; i < np; i++)
        buf_printf(&u, "%s = ?, ", pc[i]->name);
    buf_puts(&u, "seal_key = ? WHERE id = ? AND seal_key = ?");
    for (int64_t r = 0; r < n && rc >= 0; r++) {
        if ((rc = db_prepare(s->db, u.data, &st, e)))
            break;
        for (int i = 0; i < np; i++)
            db_bind_text(st, 1 + i, v[r].v[i].data ? v[r].v[i].data : "");
        db_bind_int(st, np + 1, cur);
        db_bind_int(st, np + 2, v[r].id);
        db_bind_int(st, np + 3, v[r].key);
        rc = db_step(st, e);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    buf_free(&u);
    for (int64_t r = 0; r < n; r++)
        for (int i = 0; i < np; i++)
            buf_free(&v[r].v[i]);
    free(v);
    if (rc < 0) {
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e ? e->msg : "");
        store_rollback(s);
        return err_set(e, rc, "seal", "%s: %s", t->name, why);
    }
    if ((rc = store_commit(s, e)))
        return rc;
    *done = n;
    return 0;
}

int store_eng_reseal(store_t *s, int limit, int64_t *done, err *e)
{
    *done = 0;
    for (size_t i = 0; i < SEALED_REGS && *done == 0; i++) {
        int rc = reseal_table(s, sealed_regs[i].t, limit, done, e);
        if (rc)
            return rc;
    }
    return 0;
}

int store_eng_seal_count(store_t *s, int current, struct store_seal_tally *out, err *e)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < SEALED_REGS; i++) {
        char q[160];
        snprintf(q, sizeof q, "SELECT seal_key, COUNT(*) FROM %s GROUP BY seal_key", sealed_regs[i].t->name);
        db_stmt *st;
        int rc = db_prepare(s->db, q, &st, e);
        if (rc)
            return rc;
        while ((rc = db_step(st, e)) == 1) {
            int key = (int)db_col_int(st, 0);
            int64_t n = db_col_int(st, 1);
            out->total += n;
            if (key == 0)
                out->clear += n;
            else if (key == current)
                out->current += n;
            else
                out->older += n;
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int store_eng_has_clear(store_t *s, bool *any, err *e)
{
    *any = false;
    for (size_t i = 0; i < SEALED_REGS && !*any; i++) {
        char q[128];
        snprintf(q, sizeof q, "SELECT 1 FROM %s WHERE seal_key = 0 LIMIT 1", sealed_regs[i].t->name);
        db_stmt *st;
        int rc = db_prepare(s->db, q, &st, e);
        if (rc)
            return rc;
        rc = db_step(st, e);
        db_finalize(st);
        if (rc < 0)
            return rc;
        *any = rc == 1;
    }
    return 0;
}

int store_eng_retention(store_t *s, int64_t agency_id, gk_day before, const char *actor,
                        int64_t n[STORE_ENG_SEALED], err *e)
{
    char cut[11], today[11];
    date_format(before, cut);
    date_format(date_today(), today);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < SEALED_REGS && !rc; i++) {
        const struct table *t = sealed_regs[i].t;
        n[i] = 0;
        char q[256];
        snprintf(q, sizeof q, "SELECT COUNT(*) FROM %s WHERE agency_id = ? AND erased IS NULL AND %s", t->name,
                 sealed_regs[i].over);
        if ((rc = db_query_int(s->db, e, &n[i], q, "is", agency_id, cut)) || !n[i])
            continue;
        /* the personal columns emptied; codes, dates and states (the year's counts) stay */
        buf u;
        buf_init(&u);
        buf_printf(&u, "UPDATE %s SET ", t->name);
        for (int c = 0; c < t->n; c++)
            if (t->cols[c].personal)
                buf_printf(&u, "%s = '', ", t->cols[c].name);
        buf_printf(&u, "erased = ? WHERE agency_id = ? AND erased IS NULL AND %s", sealed_regs[i].over);
        rc = db_run(s->db, e, NULL, u.data, "sis", today, agency_id, cut);
        buf_free(&u);
        if (!rc) {
            char what[160];
            snprintf(what, sizeof what, "{\"register\":\"%s\",\"rows\":%lld,\"before\":\"%s\"}", t->entity,
                     (long long)n[i], cut);
            rc = store_audit_add(s, agency_id, actor, "retention", 0, "erase_personal", NULL, what, e);
        }
    }
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}
