/* store — the backend-neutral part of the database layer: dispatch,
 * convenience calls, transactions and migrations. See db.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_internal.h"

void db_close(db *d) { if (d) d->ops->close(d); }
enum db_backend db_kind(const db *d) { return d->kind; }
int db_exec(db *d, const char *sql, err *e) { return d->ops->exec(d, sql, e); }
int db_prepare(db *d, const char *sql, db_stmt **out, err *e) { return d->ops->prepare(d, sql, out, e); }
void db_bind_int(db_stmt *s, int i, int64_t v) { s->d->ops->bind_int(s, i, v); }
void db_bind_double(db_stmt *s, int i, double v) { s->d->ops->bind_double(s, i, v); }
void db_bind_text(db_stmt *s, int i, const char *v) { s->d->ops->bind_text(s, i, v); }
void db_bind_blob(db_stmt *s, int i, const void *p, size_t n) { s->d->ops->bind_blob(s, i, p, n); }
void db_bind_null(db_stmt *s, int i) { s->d->ops->bind_null(s, i); }
int db_step(db_stmt *s, err *e) { return s->d->ops->step(s, e); }
bool db_col_null(db_stmt *s, int c) { return s->d->ops->col_null(s, c); }
int64_t db_col_int(db_stmt *s, int c) { return s->d->ops->col_int(s, c); }
double db_col_double(db_stmt *s, int c) { return s->d->ops->col_double(s, c); }
const char *db_col_text(db_stmt *s, int c) { return s->d->ops->col_text(s, c); }
const void *db_col_blob(db_stmt *s, int c, size_t *n) { return s->d->ops->col_blob(s, c, n); }
int db_col_count(db_stmt *s) { return s->d->ops->col_count(s); }
void db_finalize(db_stmt *s) { if (s) s->d->ops->finalize(s); }

int db_copy_begin(db *d, const char *table, const char *cols, db_stmt **out, err *e)
{
    int ncols = 1;
    for (const char *p = cols; *p; p++)
        ncols += *p == ',';
    if (d->ops->copy_begin)
        return d->ops->copy_begin(d, table, cols, ncols, out, e);
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "INSERT INTO %s(%s) VALUES (?", table, cols);
    for (int i = 1; i < ncols; i++)
        buf_puts(&sql, ", ?");
    buf_putc(&sql, ')');
    int rc = db_prepare(d, sql.data, out, e);
    buf_free(&sql);
    return rc;
}

void db_reset(db_stmt *st)
{
    if (st->d->ops->reset)
        st->d->ops->reset(st);
}

int db_copy_end(db_stmt *st, bool keep, err *e)
{
    if (st->d->ops->copy_end)
        return st->d->ops->copy_end(st, keep, e);
    db_finalize(st);
    return 0;
}
int64_t db_changes(db *d) { return d->ops->changes(d); }

int db_vbind(db_stmt *s, const char *types, va_list ap)
{
    int idx = 1;
    for (const char *t = types; *t; t++, idx++) {
        switch (*t) {
        case 'i': db_bind_int(s, idx, va_arg(ap, int64_t)); break;
        case 'I': db_bind_int(s, idx, va_arg(ap, int)); break;
        case 'd': db_bind_double(s, idx, va_arg(ap, double)); break;
        case 's': db_bind_text(s, idx, va_arg(ap, const char *)); break;
        case 'n': db_bind_null(s, idx); break;
        case 'o': {   /* an optional id: 0 binds NULL */
            int64_t v = va_arg(ap, int64_t);
            if (v)
                db_bind_int(s, idx, v);
            else
                db_bind_null(s, idx);
            break;
        }
        case 'b': {   /* a blob: const void *, then its size_t length */
            const void *p = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            db_bind_blob(s, idx, p, n);
            break;
        }
        case 'D': {   /* a day (gk_day, promoted to int): "YYYY-MM-DD", 0 binds NULL */
            gk_day v = (gk_day)va_arg(ap, int);
            char day[11];
            if (v)
                date_format(v, day);
            db_bind_text(s, idx, v ? day : NULL);
            break;
        }
        default: return GK_EINVAL;
        }
    }
    return 0;
}

/* A statement with RETURNING writes at its first step and finishes at a
 * later one; outside a transaction both run in one of their own, so that a
 * failure after the row came back keeps nothing of the write. */
static int run_steps(db *d, err *e, int64_t *out_id, const char *sql, const char *types, va_list ap)
{
    db_stmt *s;
    int rc = db_prepare(d, sql, &s, e);
    if (rc)
        return rc;
    db_vbind(s, types ? types : "", ap);
    rc = db_step(s, e);
    if (rc < 0) {
        db_finalize(s);
        return rc;
    }
    if (out_id) {
        if (rc == 0) {
            db_finalize(s);
            return GK_ENOTFOUND;
        }
        *out_id = db_col_int(s, 0);
    }
    /* drain so that the statement completes (matters for RETURNING) */
    while (rc == 1)
        rc = db_step(s, e);
    return db_done(s, rc);
}

int db_run(db *d, err *e, int64_t *out_id, const char *sql, const char *types, ...)
{
    bool own = out_id && d->tx_depth == 0;
    int rc = own ? db_begin(d, e) : 0;
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, types);
    rc = run_steps(d, e, out_id, sql, types, ap);
    va_end(ap);
    if (own) {
        if (rc)
            db_rollback(d);
        else
            rc = db_commit(d, e);
    }
    return rc;
}

int db_done(db_stmt *st, int rc)
{
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int db_found(int rc, err *e, const char *where, const char *fmt, ...)
{
    if (rc != 0)
        return rc < 0 ? rc : 0;
    char msg[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set(e, GK_ENOTFOUND, where, "%s", msg);
}

static int vquery_one(db *d, err *e, void (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types,
                      va_list ap)
{
    db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc)
        return rc;
    db_vbind(st, types ? types : "", ap);
    rc = db_step(st, e);
    if (rc == 1 && row)
        row(st, arg);
    db_finalize(st);
    return rc;
}

int db_query_one(db *d, err *e, void (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vquery_one(d, e, row, arg, sql, types, ap);
    va_end(ap);
    return rc;
}

static void int_row(db_stmt *st, void *out)
{
    *(int64_t *)out = db_col_int(st, 0);
}

int db_query_int(db *d, err *e, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vquery_one(d, e, int_row, out, sql, types, ap);
    va_end(ap);
    return rc < 0 ? rc : 0;
}

/* The loop of db_collect and db_each: a row's non-zero stops it; when
 * errors, a negative one is returned. */
static int vcollect(db *d, err *e, int (*row)(db_stmt *, void *), void *arg, bool errors, const char *sql,
                    const char *types, va_list ap)
{
    db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc)
        return rc;
    db_vbind(st, types ? types : "", ap);
    while ((rc = db_step(st, e)) == 1)
        if ((rc = row(st, arg))) {
            rc = errors && rc < 0 ? rc : 0;
            break;
        }
    return db_done(st, rc);
}

int db_collect(db *d, err *e, int (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vcollect(d, e, row, arg, false, sql, types, ap);
    va_end(ap);
    return rc;
}

int db_each(db *d, err *e, int (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vcollect(d, e, row, arg, true, sql, types, ap);
    va_end(ap);
    return rc;
}

struct array_rows {
    void (*row)(db_stmt *, void *);
    size_t size, n, cap;
    char *v;
};

static int array_row(db_stmt *st, void *arg)
{
    struct array_rows *a = arg;
    if (a->n == a->cap)
        a->v = xrealloc(a->v, (a->cap *= 2) * a->size);
    void *elem = a->v + a->n++ * a->size;
    memset(elem, 0, a->size);
    a->row(st, elem);
    return 0;
}

int db_collect_array(db *d, err *e, void (*row)(db_stmt *, void *), size_t size, void *out, size_t *n,
                     const char *sql, const char *types, ...)
{
    struct array_rows a = {row, size, 0, 8, xmalloc(8 * size)};
    va_list ap;
    va_start(ap, types);
    int rc = vcollect(d, e, array_row, &a, false, sql, types, ap);
    va_end(ap);
    if (rc) {
        free(a.v);
        return rc;
    }
    memcpy(out, &a.v, sizeof a.v);
    *n = a.n;
    return 0;
}

void db_q_init(struct db_q *q, const char *sql)
{
    memset(q, 0, sizeof *q);
    buf_init(&q->sql);
    buf_puts(&q->sql, sql);
}

static void q_value(struct db_q *q, const char *sql, char type)
{
    if (q->n >= DB_Q_MAX)
        abort();   /* a list's filters are ours: more values than that is a bug */
    buf_puts(&q->sql, sql);
    q->types[q->n] = type;
}

void db_q_int(struct db_q *q, const char *sql, int64_t v)
{
    q_value(q, sql, 'i');
    q->i[q->n++] = v;
}

void db_q_text(struct db_q *q, const char *sql, const char *v)
{
    q_value(q, sql, 's');
    q->s[q->n++] = v ? xstrdup(v) : NULL;
}

void db_q_free(struct db_q *q)
{
    for (int k = 0; k < q->n; k++)
        free(q->s[k]);
    buf_free(&q->sql);
    memset(q, 0, sizeof *q);
}

int db_q_each(db *d, err *e, struct db_q *q, int (*row)(db_stmt *, void *), void *arg)
{
    db_stmt *st;
    int rc = db_prepare(d, q->sql.data, &st, e);
    if (!rc) {
        for (int k = 0; k < q->n; k++)
            if (q->types[k] == 'i')
                db_bind_int(st, k + 1, q->i[k]);
            else
                db_bind_text(st, k + 1, q->s[k]);
        while ((rc = db_step(st, e)) == 1)
            if ((rc = row(st, arg))) {
                rc = rc < 0 ? rc : 0;
                break;
            }
        rc = db_done(st, rc);
    }
    db_q_free(q);
    return rc;
}

int db_begin(db *d, err *e)
{
    if (d->tx_depth++ > 0)
        return 0;
    d->tx_failed = false;
    d->tx_seq++;
    int rc = db_exec(d, d->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", e);
    if (rc)
        d->tx_depth = 0;
    return rc;
}

int db_commit(db *d, err *e)
{
    if (d->tx_depth <= 0)
        return err_set(e, GK_ESTATE, "store", "commit without a transaction");
    if (--d->tx_depth > 0)
        return 0;
    if (d->tx_failed) {
        db_exec(d, "ROLLBACK", NULL);
        return err_set(e, GK_ESTATE, "store", "an inner step failed: the whole change was rolled back");
    }
    int rc = db_exec(d, "COMMIT", e);
    if (rc)
        db_exec(d, "ROLLBACK", NULL);
    else
        d->tx_committed = d->tx_seq;
    return rc;
}

uint64_t db_tx_gen(const db *d) { return d->tx_depth > 0 ? d->tx_seq : 0; }
bool db_tx_committed(const db *d, uint64_t g) { return g && d->tx_committed == g; }

void db_rollback(db *d)
{
    if (d->tx_depth <= 0)
        return;
    if (--d->tx_depth > 0) {
        d->tx_failed = true;   /* the outermost commit will roll back */
        return;
    }
    db_exec(d, "ROLLBACK", NULL);
}

/* ---- migrations ---- */

struct embedded_file { const char *name; const unsigned char *data; size_t len; };
extern const struct embedded_file store_migrations[];

/* Replaces the @MARKERS@ of the portable migration SQL with the backend's words,
 * and keeps only this backend's blocks (--@sqlite / --@pg ... --@end). */
static char *dialect(db *d, const char *sql)
{
    static const char *const map[][3] = {
        {"@ID@", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"@BLOB@", "BLOB", "BYTEA"},
        {"@REAL@", "REAL", "DOUBLE PRECISION"},
    };
    buf b;
    buf_init(&b);
    const char *p = sql;
    bool skip = false;   /* inside a block for the other backend */
    while (*p) {
        /* Lines "--@sqlite", "--@pg" open a block for one backend; "--@end" closes it. */
        if ((p == sql || p[-1] == '\n') && strncmp(p, "--@", 3) == 0) {
            if (strncmp(p + 3, "sqlite", 6) == 0)
                skip = d->kind != DB_SQLITE;
            else if (strncmp(p + 3, "pg", 2) == 0)
                skip = d->kind != DB_PG;
            else
                skip = false;
            p += strcspn(p, "\n");
            continue;
        }
        if (skip) {
            p++;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++) {
            size_t l = strlen(map[k][0]);
            if (strncmp(p, map[k][0], l) == 0) {
                buf_puts(&b, map[k][d->kind == DB_SQLITE ? 1 : 2]);
                p += l;
                break;
            }
        }
        if (k == sizeof map / sizeof map[0])
            buf_putc(&b, *p++);
    }
    return buf_detach(&b);
}

int db_schema_version(db *d)
{
    db_stmt *s;
    if (db_prepare(d, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &s, NULL))
        return 0;
    int v = 0;
    if (db_step(s, NULL) == 1)
        v = (int)db_col_int(s, 0);
    db_finalize(s);
    return v;
}

int db_schema_latest(void)
{
    int v = 0;
    for (const struct embedded_file *m = store_migrations; m->name; m++)
        if (atoi(m->name) > v)
            v = atoi(m->name);
    return v;
}

int db_migrate(db *d, err *e)
{
    int rc = db_exec(d, "CREATE TABLE IF NOT EXISTS schema_version ("
                        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", e);
    if (rc)
        return rc;
    for (const struct embedded_file *m = store_migrations; m->name; m++) {
        int v = atoi(m->name);
        /* Each migration is applied when its own version is missing, so that
         * migrations written on parallel branches apply whatever order they land in. */
        db_stmt *q;
        bool have = false;
        if ((rc = db_prepare(d, "SELECT 1 FROM schema_version WHERE version = ?", &q, e)))
            return rc;
        db_bind_int(q, 1, v);
        have = db_step(q, NULL) == 1;
        db_finalize(q);
        if (have)
            continue;
        char *sql = dialect(d, (const char *)m->data);
        if ((rc = db_begin(d, e)) == 0) {
            rc = db_exec(d, sql, e);
            if (!rc) {
                char today[11];
                date_format(date_today(), today);
                rc = db_run(d, e, NULL, "INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)",
                            "Iss", v, m->name, today);
            }
            if (rc)
                db_rollback(d);
            else
                rc = db_commit(d, e);
        }
        free(sql);
        if (rc) {
            char why[512];
            snprintf(why, sizeof why, "%s", e ? e->msg : "");
            return err_set(e, rc, m->name, "migration failed: %s", why);
        }
    }
    return 0;
}
