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

/* Convenience: prepare, bind by a type string, step once, finalize.
 * Types: 'i' int64_t, 'I' int (promoted), 'd' double, 's' const char* (NULL = NULL),
 * 'n' NULL. Returns 0, or the first column of the first row as *out_id when
 * out_id != NULL (use with RETURNING id), GK_ENOTFOUND when no row came back
 * and a row was wanted. */
int db_run(db *d, err *e, int64_t *out_id, const char *sql, const char *types, ...);
int db_vbind(db_stmt *s, const char *types, va_list ap);

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
