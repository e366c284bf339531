/* store — the PostgreSQL backend of the database layer (libpq), for
 * deployments that outgrow one machine: many agencies, several web nodes.
 * Statements are sent with PQexecParams in text format; '?' placeholders are
 * rewritten to $1, $2, ... outside string literals. */
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_internal.h"

#define MAXPARAM 64

typedef struct pg_stmt {
    db_stmt base;
    char *sql;                   /* with $n placeholders */
    int nparams;
    char *val[MAXPARAM];         /* owned copies; NULL = SQL NULL */
    int len[MAXPARAM];
    int fmt[MAXPARAM];           /* 1 = binary (blobs) */
    PGresult *res;
    int row, nrows;              /* row = index of the current row, -1 before the first */
    unsigned char *blob;         /* decoded bytea of the last col_blob call */
    bool copy;                   /* a COPY FROM STDIN: each step sends one row */
    buf line;                    /* the row being sent */
} pg_stmt;

typedef struct pg_db {
    PGconn *c;
    int64_t changes;
} pg_db;

static PGconn *C(db *d) { return ((pg_db *)d->impl)->c; }

static int pg_fail(db *d, err *e, const char *what, PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    /* class 23: integrity constraint violation — bad input, like SQLite's CONSTRAINT */
    int code = state && strncmp(state, "23", 2) == 0 ? GK_EINVAL : GK_EIO;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(C(d));
    char clean[400];
    snprintf(clean, sizeof clean, "%s", msg ? msg : "");
    size_t l = strlen(clean);
    while (l && (clean[l - 1] == '\n' || clean[l - 1] == ' '))
        clean[--l] = '\0';
    return err_set(e, code, "store", "%s: %s", what, clean);
}

static void pg_close(db *d)
{
    PQfinish(C(d));
    free(d->impl);
    free(d);
}

static int pg_exec(db *d, const char *sql, err *e)
{
    PGresult *r = PQexec(C(d), sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_fail(d, e, "statement failed", r);
    PQclear(r);
    return rc;
}

/* Rewrites '?' to $n, leaving string literals and quoted names alone. */
static char *rewrite(const char *sql, int *nparams)
{
    buf b;
    buf_init(&b);
    int n = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            buf_putc(&b, *p);
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            buf_putc(&b, *p);
        } else if (*p == '?') {
            buf_printf(&b, "$%d", ++n);
        } else {
            buf_putc(&b, *p);
        }
    }
    *nparams = n;
    return buf_detach(&b);
}

static int pg_prepare(db *d, const char *sql, db_stmt **out, err *e)
{
    pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.d = d;
    s->sql = rewrite(sql, &s->nparams);
    if (s->nparams > MAXPARAM) {
        free(s->sql);
        free(s);
        return err_set(e, GK_EINVAL, "store", "a statement has more than %d parameters", MAXPARAM);
    }
    s->row = -1;
    *out = &s->base;
    return 0;
}

static void set_param(db_stmt *st, int i, const char *v, int len, int fmt)
{
    pg_stmt *s = (pg_stmt *)st;
    if (i < 1 || i > MAXPARAM)
        return;
    free(s->val[i - 1]);
    s->val[i - 1] = v ? xstrndup(v, (size_t)len) : NULL;
    s->len[i - 1] = len;
    s->fmt[i - 1] = fmt;
}

static void pg_bind_int(db_stmt *s, int i, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    set_param(s, i, tmp, n, 0);
}

static void pg_bind_double(db_stmt *s, int i, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.17g", v);
    set_param(s, i, tmp, n, 0);
}

static void pg_bind_text(db_stmt *s, int i, const char *v) { set_param(s, i, v, v ? (int)strlen(v) : 0, 0); }
static void pg_bind_blob(db_stmt *s, int i, const void *p, size_t n) { set_param(s, i, p ? p : "", (int)n, 1); }
static void pg_bind_null(db_stmt *s, int i) { set_param(s, i, NULL, 0, 0); }

static int copy_row(pg_stmt *s, err *e);

static int pg_step(db_stmt *st, err *e)
{
    pg_stmt *s = (pg_stmt *)st;
    pg_db *q = st->d->impl;
    if (s->copy)
        return copy_row(s, e);
    if (!s->res) {
        s->res = PQexecParams(q->c, s->sql, s->nparams, NULL, (const char *const *)s->val, s->len,
                              s->fmt, 0);
        ExecStatusType rs = PQresultStatus(s->res);
        if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
            int rc = pg_fail(st->d, e, "statement failed", s->res);
            PQclear(s->res);
            s->res = NULL;
            return rc;
        }
        const char *ct = PQcmdTuples(s->res);
        q->changes = ct && *ct ? atoll(ct) : 0;
        s->nrows = rs == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
        s->row = -1;
    }
    if (s->row + 1 < s->nrows) {
        s->row++;
        return 1;
    }
    return 0;
}

#define S(st) ((pg_stmt *)(st))
static bool pg_col_null(db_stmt *st, int c)
{
    return !S(st)->res || S(st)->row < 0 || PQgetisnull(S(st)->res, S(st)->row, c);
}
static const char *pg_col_text(db_stmt *st, int c)
{
    if (pg_col_null(st, c))
        return "";
    return PQgetvalue(S(st)->res, S(st)->row, c);
}
static int64_t pg_col_int(db_stmt *st, int c)
{
    const char *t = pg_col_text(st, c);
    if (t[0] == 't' && t[1] == '\0')
        return 1;      /* boolean true */
    return atoll(t);
}
static double pg_col_double(db_stmt *st, int c) { return atof(pg_col_text(st, c)); }
static const void *pg_col_blob(db_stmt *st, int c, size_t *n)
{
    pg_stmt *s = S(st);
    PQfreemem(s->blob);
    s->blob = NULL;
    *n = 0;
    if (pg_col_null(st, c))
        return NULL;
    s->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(s->res, s->row, c), n);
    return s->blob;
}
static int pg_col_count(db_stmt *st) { return S(st)->res ? PQnfields(S(st)->res) : 0; }

static void pg_finalize(db_stmt *st)
{
    pg_stmt *s = S(st);
    for (int i = 0; i < MAXPARAM; i++)
        free(s->val[i]);
    PQclear(s->res);
    PQfreemem(s->blob);
    buf_free(&s->line);
    free(s->sql);
    free(s);
}

static int64_t pg_changes(db *d) { return ((pg_db *)d->impl)->changes; }

/* ---- bulk insert: COPY FROM STDIN in text format ---- */

static int pg_copy_begin(db *d, const char *table, const char *cols, int ncols, db_stmt **out, err *e)
{
    if (ncols > MAXPARAM)
        return err_set(e, GK_EINVAL, "store", "a bulk insert has more than %d columns", MAXPARAM);
    pg_stmt *s = xcalloc(1, sizeof *s);
    s->base.d = d;
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "COPY %s(%s) FROM STDIN", table, cols);
    s->sql = buf_detach(&sql);
    s->nparams = ncols;
    s->copy = true;
    buf_init(&s->line);
    PGresult *r = PQexec(C(d), s->sql);
    int rc = PQresultStatus(r) == PGRES_COPY_IN ? 0 : pg_fail(d, e, "bulk insert", r);
    PQclear(r);
    if (rc) {
        pg_finalize(&s->base);
        return rc;
    }
    *out = &s->base;
    return 0;
}

/* One value in COPY's text format: \N for NULL, bytea as \\x and hex,
 * backslash, tab, newline and carriage return escaped. */
static void copy_value(buf *b, const char *v, int len, int fmt)
{
    static const char hex[] = "0123456789abcdef";
    if (!v) {
        buf_puts(b, "\\N");
        return;
    }
    if (fmt == 1) {
        buf_puts(b, "\\\\x");
        for (int i = 0; i < len; i++) {
            buf_putc(b, hex[(unsigned char)v[i] >> 4]);
            buf_putc(b, hex[(unsigned char)v[i] & 15]);
        }
        return;
    }
    for (int i = 0; i < len; i++) {
        char c = v[i];
        if (c == '\\' || c == '\t' || c == '\n' || c == '\r')
            buf_putc(b, '\\');
        buf_putc(b, c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c);
    }
}

static int copy_row(pg_stmt *s, err *e)
{
    buf_reset(&s->line);
    for (int i = 0; i < s->nparams; i++) {
        if (i)
            buf_putc(&s->line, '\t');
        copy_value(&s->line, s->val[i], s->len[i], s->fmt[i]);
    }
    buf_putc(&s->line, '\n');
    if (PQputCopyData(C(s->base.d), s->line.data, (int)s->line.len) != 1)
        return pg_fail(s->base.d, e, "bulk insert", NULL);
    return 0;
}

static int pg_copy_end(db_stmt *st, bool keep, err *e)
{
    db *d = st->d;
    int rc = 0;
    if (PQputCopyEnd(C(d), keep ? NULL : "abandoned by gongkai") != 1)
        rc = pg_fail(d, e, "bulk insert", NULL);
    PGresult *r;
    while ((r = PQgetResult(C(d))) != NULL) {
        if (!rc && keep && PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pg_fail(d, e, "bulk insert", r);
        else if (!rc && keep)
            ((pg_db *)d->impl)->changes = atoll(PQcmdTuples(r));
        PQclear(r);
    }
    pg_finalize(st);
    return rc;
}

static const struct db_ops pg_ops = {
    pg_close, pg_exec, pg_prepare, pg_bind_int, pg_bind_double, pg_bind_text, pg_bind_blob,
    pg_bind_null, pg_step, pg_col_null, pg_col_int, pg_col_double, pg_col_text, pg_col_blob,
    pg_col_count, pg_finalize, pg_changes, pg_copy_begin, pg_copy_end, NULL,
};

static void quiet(void *arg, const char *msg) { (void)arg, (void)msg; }

int db_open_pg(const char *conninfo, db **out, err *e)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
        msg[strcspn(msg, "\n")] = '\0';
        PQfinish(c);
        return err_set(e, GK_EIO, "store", "cannot connect to PostgreSQL: %s", msg);
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    PQsetClientEncoding(c, "UTF8");
    db *d = xcalloc(1, sizeof *d);
    pg_db *q = xcalloc(1, sizeof *q);
    q->c = c;
    d->impl = q;
    d->ops = &pg_ops;
    d->kind = DB_PG;
    *out = d;
    return 0;
}

/* ---- notifications (store/watch.c) ---- */

int db_pg_wait(db *d, int timeout_ms, err *e)
{
    PGconn *c = C(d);
    int got = 0;
    for (;;) {
        PGnotify *n;
        while ((n = PQnotifies(c)) != NULL) {
            got = 1;
            PQfreemem(n);
        }
        if (got)
            return 1;
        if (PQstatus(c) != CONNECTION_OK)
            return err_set(e, GK_EIO, "store", "the PostgreSQL connection that listens was lost");
        struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r == 0)
            return 0;
        if (r < 0)
            return 0;   /* a signal: the caller asks again */
        if (!PQconsumeInput(c))
            return pg_fail(d, e, "listening", NULL);
        timeout_ms = 0;   /* what came in is read; do not wait again */
    }
}

/* for db_fault.c (tests only) */
const char *db_pg_stmt_sql(db_stmt *s) { return S(s)->sql; }
