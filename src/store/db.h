/*
 * store — the private database layer under store.h: one small interface over
 * SQLite and PostgreSQL so that the store's SQL is written once. Only files
 * in src/store/ include this. SQL uses '?' placeholders (translated to $n for
 * PostgreSQL) and a portable subset: INSERT ... RETURNING id, no
 * backend-specific functions outside the migrations' @MARKERS@.
 */
#ifndef GONGKAI_STORE_DB_H
#define GONGKAI_STORE_DB_H

#include "base/base.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_backend { DB_SQLITE = 1, DB_PG = 2 };

int db_open_sqlite(const char *path, db **out, err *e);
int db_open_pg(const char *conninfo, db **out, err *e);
void db_close(db *d);
enum db_backend db_kind(const db *d);

/* Runs one or more statements without parameters. */
int db_exec(db *d, const char *sql, err *e);
/* Prepares one statement. Statements are cached per SQL text: finalize
 * returns them to the cache. */
int db_prepare(db *d, const char *sql, db_stmt **out, err *e);
void db_bind_int(db_stmt *s, int idx, int64_t v);          /* idx from 1 */
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_text(db_stmt *s, int idx, const char *v);     /* NULL binds NULL */
void db_bind_blob(db_stmt *s, int idx, const void *p, size_t n);
void db_bind_null(db_stmt *s, int idx);
/* 1 = a row is ready, 0 = done, negative = error (e filled). */
int db_step(db_stmt *s, err *e);
bool db_col_null(db_stmt *s, int col);                     /* col from 0 */
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col);              /* "" for NULL; valid until next step */
const void *db_col_blob(db_stmt *s, int col, size_t *n);
int db_col_count(db_stmt *s);
void db_finalize(db_stmt *s);
/* Rows changed by the last INSERT/UPDATE/DELETE run through db_step. */
int64_t db_changes(db *d);

/* Bulk insert of many rows into table(cols), cols comma-separated: after
 * binding the columns in order (idx from 1), each db_step writes one row
 * and returns 0 (nothing comes back: no RETURNING). PostgreSQL sends the
 * rows by COPY FROM STDIN, and the connection runs nothing else until
 * db_copy_end; SQLite runs one INSERT prepared once. Inside a transaction.
 * db_copy_end ends the rows (keep false: abandons them, returning 0) and
 * frees st; a row PostgreSQL refuses (a constraint, a bad value) is reported
 * by db_copy_end, not by its step. */
int db_copy_begin(db *d, const char *table, const char *cols, db_stmt **out, err *e);
int db_copy_end(db_stmt *st, bool keep, err *e);
/* Makes a statement that was stepped ready to bind and step again (between
 * the rows of a bulk insert: SQLite ignores what is bound to a statement
 * not reset). */
void db_reset(db_stmt *st);

/* Convenience: prepare, bind by a type string, step once, finalize.
 * Types: 'i' int64_t, 'I' int (promoted), 'd' double, 's' const char* (NULL = NULL),
 * 'n' NULL, 'o' int64_t where 0 binds NULL (an optional id), 'D' gk_day as
 * "YYYY-MM-DD" where 0 binds NULL (as store_bind_date), 'b' a blob (two
 * arguments: const void *, size_t). Returns 0, or the first column of the first row as *out_id when
 * out_id != NULL (use with RETURNING id), GK_ENOTFOUND when no row came back
 * and a row was wanted. */
int db_run(db *d, err *e, int64_t *out_id, const char *sql, const char *types, ...);
int db_vbind(db_stmt *s, const char *types, va_list ap);

/* Row helpers: the shapes every store file repeated (prepare, bind, step,
 * read, finalize, map the step's 1/0/negative to a result).
 * db_done finalizes st and returns rc when it is an error, else 0: the end
 * of a loop over db_step.
 * db_query_one runs sql with values bound by `types` (as db_run) and hands
 * the first row to row (when not NULL); returns 1 when there was a row, 0
 * when none, or a negative GK_* with e filled.
 * db_query_int is for one integer: *out is set from the first column of the
 * first row (left alone when there is no row); returns 0 or a negative GK_*.
 * db_collect hands every row to row until it returns non-zero (a stop, not an
 * error); returns 0, or a negative GK_* with e filled.
 * db_each is db_collect for rows that may fail: row returns 0 to go on, a
 * positive number to stop (0 returned), or a negative GK_* that is returned
 * (row fills the err it was handed in arg). */
int db_done(db_stmt *st, int rc);
/* After one step for one row (rc 1, 0 or negative): 0 when the row came,
 * GK_ENOTFOUND with the message when none, else rc. */
int db_found(int rc, err *e, const char *where, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int db_query_one(db *d, err *e, void (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...);
int db_query_int(db *d, err *e, int64_t *out, const char *sql, const char *types, ...);
int db_collect(db *d, err *e, int (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...);
int db_each(db *d, err *e, int (*row)(db_stmt *, void *), void *arg, const char *sql, const char *types, ...);
/* Every row into a malloc'ed array (the caller frees it, also when *n is
 * 0) of elements of `size` bytes, each zeroed, then read by row: out is the
 * address of the caller's element pointer (a T **). On an error nothing is
 * kept and *out is left alone. */
int db_collect_array(db *d, err *e, void (*row)(db_stmt *, void *), size_t size, void *out, size_t *n,
                     const char *sql, const char *types, ...);

/* A query built piece by piece, each value with the text that takes it, so
 * that optional filters are bound in the order they are written (the
 * lists with filters). At most DB_Q_MAX values: more is a mistake of ours
 * (abort). Text values are copied. db_q_each runs it as db_each does and
 * frees q; db_q_free frees a q not run. */
#define DB_Q_MAX 40
struct db_q {
    buf sql;
    int n;
    char types[DB_Q_MAX + 1];
    int64_t i[DB_Q_MAX];
    char *s[DB_Q_MAX];
};
void db_q_init(struct db_q *q, const char *sql);
void db_q_int(struct db_q *q, const char *sql, int64_t v);
void db_q_text(struct db_q *q, const char *sql, const char *v);
int db_q_each(db *d, err *e, struct db_q *q, int (*row)(db_stmt *, void *), void *arg);
void db_q_free(struct db_q *q);

/* Transactions: nested calls are counted; only the outermost begins and commits. */
int db_begin(db *d, err *e);
int db_commit(db *d, err *e);
void db_rollback(db *d);
/* For caches filled inside a transaction, good only once it commits: the
 * number of the transaction open now (0 outside one), and whether the
 * transaction numbered g was the last to commit. */
uint64_t db_tx_gen(const db *d);
bool db_tx_committed(const db *d, uint64_t g);

/* Applies the embedded migrations in order, each in its own transaction,
 * recording the version in schema_version. */
int db_migrate(db *d, err *e);
int db_schema_version(db *d);
/* The highest migration number this program carries. */
int db_schema_latest(void);

#endif
