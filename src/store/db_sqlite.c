/* store — the SQLite backend of the database layer: WAL, foreign keys,
 * a busy timeout, and a cache of prepared statements. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include "store/db_internal.h"
#include "store/fts5.h"

#define CACHE_MAX 128

typedef struct sq_stmt {
    db_stmt base;
    sqlite3_stmt *st;
    char *sql;
    bool in_use;
    struct sq_stmt *next;
} sq_stmt;

typedef struct sq_db {
    sqlite3 *h;
    sq_stmt *cache;
    int ncache;
} sq_db;

static sqlite3 *H(db *d) { return ((sq_db *)d->impl)->h; }

static int sq_err(db *d, err *e, const char *what)
{
    int code = sqlite3_extended_errcode(H(d));
    int gk = (code & 0xff) == SQLITE_CONSTRAINT ? GK_EINVAL : GK_EIO;
    return err_set(e, gk, "store", "%s: %s", what, sqlite3_errmsg(H(d)));
}

static void sq_close(db *d)
{
    sq_db *q = d->impl;
    for (sq_stmt *s = q->cache, *n; s; s = n) {
        n = s->next;
        sqlite3_finalize(s->st);
        free(s->sql);
        free(s);
    }
    sqlite3_close(q->h);
    free(q);
    free(d);
}

static int sq_exec(db *d, const char *sql, err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(H(d), sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = err_set(e, GK_EIO, "store", "%s", msg ? msg : sqlite3_errmsg(H(d)));
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

static int sq_prepare(db *d, const char *sql, db_stmt **out, err *e)
{
    sq_db *q = d->impl;
    for (sq_stmt *s = q->cache; s; s = s->next) {
        if (!s->in_use && strcmp(s->sql, sql) == 0) {
            s->in_use = true;
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            *out = &s->base;
            return 0;
        }
    }
    sqlite3_stmt *st;
    if (sqlite3_prepare_v3(H(d), sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return sq_err(d, e, "cannot prepare a statement");
    sq_stmt *s = xcalloc(1, sizeof *s);
    s->base.d = d;
    s->st = st;
    s->sql = xstrdup(sql);
    s->in_use = true;
    if (q->ncache < CACHE_MAX) {
        s->next = q->cache;
        q->cache = s;
        q->ncache++;
    }
    *out = &s->base;
    return 0;
}

#define ST(s) (((sq_stmt *)(s))->st)
static void sq_bind_int(db_stmt *s, int i, int64_t v) { sqlite3_bind_int64(ST(s), i, v); }
static void sq_bind_double(db_stmt *s, int i, double v) { sqlite3_bind_double(ST(s), i, v); }
static void sq_bind_text(db_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(ST(s), i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(ST(s), i);
}
static void sq_bind_blob(db_stmt *s, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(ST(s), i, p, n, SQLITE_TRANSIENT);
}
static void sq_bind_null(db_stmt *s, int i) { sqlite3_bind_null(ST(s), i); }

static int sq_step(db_stmt *s, err *e)
{
    int rc = sqlite3_step(ST(s));
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return sq_err(s->d, e, "statement failed");
}

static bool sq_col_null(db_stmt *s, int c) { return sqlite3_column_type(ST(s), c) == SQLITE_NULL; }
static int64_t sq_col_int(db_stmt *s, int c) { return sqlite3_column_int64(ST(s), c); }
static double sq_col_double(db_stmt *s, int c) { return sqlite3_column_double(ST(s), c); }
static const char *sq_col_text(db_stmt *s, int c)
{
    const char *t = (const char *)sqlite3_column_text(ST(s), c);
    return t ? t : "";
}
static const void *sq_col_blob(db_stmt *s, int c, size_t *n)
{
    const void *p = sqlite3_column_blob(ST(s), c);
    *n = (size_t)sqlite3_column_bytes(ST(s), c);
    return p;
}
static int sq_col_count(db_stmt *s) { return sqlite3_column_count(ST(s)); }

static void sq_finalize(db_stmt *s)
{
    sq_stmt *q = (sq_stmt *)s;
    sq_db *dd = s->d->impl;
    for (sq_stmt *c = dd->cache; c; c = c->next) {
        if (c == q) {
            sqlite3_reset(q->st);
            sqlite3_clear_bindings(q->st);
            q->in_use = false;
            return;
        }
    }
    sqlite3_finalize(q->st);
    free(q->sql);
    free(q);
}

static int64_t sq_changes(db *d) { return sqlite3_changes64(H(d)); }

static void sq_reset(db_stmt *s) { sqlite3_reset(ST(s)); }

static const struct db_ops sqlite_ops = {
    sq_close, sq_exec, sq_prepare, sq_bind_int, sq_bind_double, sq_bind_text, sq_bind_blob,
    sq_bind_null, sq_step, sq_col_null, sq_col_int, sq_col_double, sq_col_text, sq_col_blob,
    sq_col_count, sq_finalize, sq_changes, NULL, NULL,   /* bulk inserts: one prepared INSERT */
    sq_reset,
};

int db_open_sqlite(const char *path, db **out, err *e)
{
    sqlite3 *h;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
        int rc = err_set(e, GK_EIO, path, "cannot open the database: %s",
                         h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return rc;
    }
    db *d = xcalloc(1, sizeof *d);
    sq_db *q = xcalloc(1, sizeof *q);
    q->h = h;
    d->impl = q;
    d->ops = &sqlite_ops;
    d->kind = DB_SQLITE;
    sqlite3_busy_timeout(h, 5000);
    sqlite3_extended_result_codes(h, 1);
    /* synchronous=FULL: a committed application, step or publication (records
     * the Regulation makes binding) survives a power loss, not only a crash of
     * the process; GONGKAI_SQLITE_SYNC=normal trades that for throughput
     * (measured by bench/sync_bench.c; docs/operations.md). */
    const char *sync = getenv("GONGKAI_SQLITE_SYNC");
    int rc = 0;
    if (!sync || !*sync || strcasecmp(sync, "full") == 0)
        sync = "FULL";
    else if (strcasecmp(sync, "normal") == 0)
        sync = "NORMAL";
    else
        rc = err_set(e, GK_EINVAL, "GONGKAI_SQLITE_SYNC", "'%s': full (the default) or normal", sync);
    char pragmas[128];
    snprintf(pragmas, sizeof pragmas, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=%s;", sync);
    if (!rc)
        rc = sq_exec(d, pragmas, e);
    /* full-text search of documents uses gongkai's Chinese tokenizer (src/search) */
    if (!rc)
        rc = store_fts5_register(h, e);
    if (rc) {
        sq_close(d);
        return rc;
    }
    *out = d;
    return 0;
}

/* ---- for db_fault.c (tests only) ---- */

const char *db_sqlite_stmt_sql(db_stmt *s) { return sqlite3_sql(ST(s)); }
bool db_sqlite_in_tx(db *d) { return !sqlite3_get_autocommit(H(d)); }

int db_sqlite_serialize(db *d, buf *out, err *e)
{
    sqlite3_int64 n = 0;
    unsigned char *img = sqlite3_serialize(H(d), "main", &n, 0);
    if (!img)
        return err_set(e, GK_EIO, "store", "cannot read the database image: %s", sqlite3_errmsg(H(d)));
    buf_append(out, img, (size_t)n);
    sqlite3_free(img);
    return 0;
}
