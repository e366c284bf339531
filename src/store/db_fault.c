/* store — a database backend for tests that fails the Nth call of the real
 * one (see store_fault_internal.h for which calls count and why). It sits
 * between db.c and the real backend by swapping db->ops, so every store
 * function runs unchanged above it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_internal.h"
#include "store/store_fault_internal.h"
#include "store/store_internal.h"

struct db_fault {
    const struct db_ops *real;
    long nth, calls;
    bool fired;
    char msg[256];            /* what the fault said, kept even when the caller passed no err */
};

/* Which SQL a failed call was about: its first 60 bytes (never half a
 * UTF-8 character), on one line. */
static void sql_head(const char *sql, char out[64])
{
    size_t n = strnlen(sql ? sql : "", 60);
    if (n == 60)
        while (n > 0 && ((unsigned char)sql[n] & 0xC0) == 0x80)
            n--;
    for (size_t i = 0; i < n; i++)
        out[i] = (sql[i] == '\n' || sql[i] == '\t') ? ' ' : sql[i];
    out[n] = '\0';
}

/* True when this call is the one to fail; fills e like a real I/O error. */
static bool fault_now(db *d, const char *what, const char *sql, err *e)
{
    struct db_fault *f = d->fault;
    if (f->fired || ++f->calls != f->nth)
        return false;
    f->fired = true;
    char head[64];
    sql_head(sql, head);
    snprintf(f->msg, sizeof f->msg, "%s: disk I/O error (injected fault at call %ld: %s)", what, f->calls,
             head);
    err_set(e, GK_EIO, "store", "%s", f->msg);
    return true;
}

static bool is_rollback(const char *sql) { return strncmp(sql, "ROLLBACK", 8) == 0; }

static void f_close(db *d)
{
    struct db_fault *f = d->fault;
    d->ops = f->real;
    d->fault = NULL;
    free(f);
    d->ops->close(d);
}
static int f_exec(db *d, const char *sql, err *e)
{
    if (!is_rollback(sql) && fault_now(d, "statement failed", sql, e))
        return GK_EIO;
    return d->fault->real->exec(d, sql, e);
}
static int f_prepare(db *d, const char *sql, db_stmt **out, err *e)
{
    if (fault_now(d, "cannot prepare a statement", sql, e))
        return GK_EIO;
    return d->fault->real->prepare(d, sql, out, e);
}
#define REAL(s) ((s)->d->fault->real)
static void f_bind_int(db_stmt *s, int i, int64_t v) { REAL(s)->bind_int(s, i, v); }
static void f_bind_double(db_stmt *s, int i, double v) { REAL(s)->bind_double(s, i, v); }
static void f_bind_text(db_stmt *s, int i, const char *v) { REAL(s)->bind_text(s, i, v); }
static void f_bind_blob(db_stmt *s, int i, const void *p, size_t n) { REAL(s)->bind_blob(s, i, p, n); }
static void f_bind_null(db_stmt *s, int i) { REAL(s)->bind_null(s, i); }
static int f_step(db_stmt *s, err *e)
{
    const char *sql = s->d->kind == DB_SQLITE ? db_sqlite_stmt_sql(s) : db_pg_stmt_sql(s);
    if (fault_now(s->d, "statement failed", sql, e))
        return GK_EIO;
    return REAL(s)->step(s, e);
}
static bool f_col_null(db_stmt *s, int c) { return REAL(s)->col_null(s, c); }
static int64_t f_col_int(db_stmt *s, int c) { return REAL(s)->col_int(s, c); }
static double f_col_double(db_stmt *s, int c) { return REAL(s)->col_double(s, c); }
static const char *f_col_text(db_stmt *s, int c) { return REAL(s)->col_text(s, c); }
static const void *f_col_blob(db_stmt *s, int c, size_t *n) { return REAL(s)->col_blob(s, c, n); }
static int f_col_count(db_stmt *s) { return REAL(s)->col_count(s); }
static void f_finalize(db_stmt *s) { REAL(s)->finalize(s); }
static int64_t f_changes(db *d) { return d->fault->real->changes(d); }

static void f_reset(db_stmt *s)
{
    if (REAL(s)->reset)
        REAL(s)->reset(s);
}

static const struct db_ops fault_ops = {
    f_close, f_exec, f_prepare, f_bind_int, f_bind_double, f_bind_text, f_bind_blob,
    f_bind_null, f_step, f_col_null, f_col_int, f_col_double, f_col_text, f_col_blob,
    f_col_count, f_finalize, f_changes, NULL, NULL,   /* no COPY: the INSERTs count as calls */
    f_reset,
};

void store_fault_arm(store_t *s, long nth)
{
    db *d = s->db;
    if (!d->fault) {
        d->fault = xcalloc(1, sizeof *d->fault);
        d->fault->real = d->ops;
        d->ops = &fault_ops;
    }
    d->fault->nth = nth;
    d->fault->calls = 0;
    d->fault->fired = false;
}

void store_fault_off(store_t *s)
{
    db *d = s->db;
    if (!d->fault)
        return;
    d->ops = d->fault->real;
    free(d->fault);
    d->fault = NULL;
}

long store_fault_calls(const store_t *s) { return s->db->fault ? s->db->fault->calls : 0; }
bool store_fault_fired(const store_t *s) { return s->db->fault && s->db->fault->fired; }
const char *store_fault_message(const store_t *s) { return s->db->fault ? s->db->fault->msg : ""; }

bool store_fault_in_tx(store_t *s)
{
    return s->db->tx_depth > 0 || (db_kind(s->db) == DB_SQLITE && db_sqlite_in_tx(s->db));
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The rows of one query, each as its columns joined by 0x1F (NULL as 0x1A)
 * and ended by 0x1E, in sorted order, appended to out. */
static int dump_rows(db *d, const char *sql, buf *out, err *e)
{
    db_stmt *st;
    int rc = db_prepare(d, sql, &st, e);
    if (rc)
        return rc;
    char **rows = NULL;
    size_t n = 0;
    buf row;
    buf_init(&row);
    while ((rc = db_step(st, e)) == 1) {
        buf_reset(&row);
        for (int c = 0; c < db_col_count(st); c++) {
            if (db_col_null(st, c))
                buf_putc(&row, 0x1A);
            else
                buf_puts(&row, db_col_text(st, c));
            buf_putc(&row, 0x1F);
        }
        rows = xrealloc(rows, (n + 1) * sizeof *rows);
        rows[n++] = xstrdup(row.data ? row.data : "");
    }
    db_finalize(st);
    buf_free(&row);
    if (n)
        qsort(rows, n, sizeof *rows, cmp_str);
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, rows[i]);
        buf_putc(out, 0x1E);
        free(rows[i]);
    }
    free(rows);
    return rc < 0 ? rc : 0;
}

/* PostgreSQL: every row of every table of the schema, tables by name, rows
 * sorted, every column as PostgreSQL prints it (bytea in hex). Sequences
 * are left out: PostgreSQL never rolls a nextval back, by design. */
static int pg_dump(db *d, buf *out, err *e)
{
    buf names;
    buf_init(&names);
    int rc = dump_rows(d, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                          "AND table_type = 'BASE TABLE'", &names, e);
    for (char *p = names.data, *end; !rc && p && *p; p = end + 2) {
        end = strchr(p, 0x1F);
        *end = '\0';
        buf sql;
        buf_init(&sql);
        buf_printf(&sql, "SELECT * FROM \"%s\"", p);
        buf_printf(out, "%s\n", p);
        rc = dump_rows(d, sql.data, out, e);
        buf_free(&sql);
    }
    buf_free(&names);
    return rc;
}

int store_fault_snapshot(store_t *s, buf *out, err *e)
{
    if (db_kind(s->db) == DB_SQLITE)
        return db_sqlite_serialize(s->db, out, e);
    return pg_dump(s->db, out, e);
}
