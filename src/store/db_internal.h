/* store — what the two database backends implement (private to src/store/). */
#ifndef GONGKAI_STORE_DB_INTERNAL_H
#define GONGKAI_STORE_DB_INTERNAL_H

#include "store/db.h"

struct db_ops {
    void (*close)(db *d);
    int (*exec)(db *d, const char *sql, err *e);
    int (*prepare)(db *d, const char *sql, db_stmt **out, err *e);
    void (*bind_int)(db_stmt *s, int idx, int64_t v);
    void (*bind_double)(db_stmt *s, int idx, double v);
    void (*bind_text)(db_stmt *s, int idx, const char *v);
    void (*bind_blob)(db_stmt *s, int idx, const void *p, size_t n);
    void (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s, err *e);
    bool (*col_null)(db_stmt *s, int col);
    int64_t (*col_int)(db_stmt *s, int col);
    double (*col_double)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    const void *(*col_blob)(db_stmt *s, int col, size_t *n);
    int (*col_count)(db_stmt *s);
    void (*finalize)(db_stmt *s);
    int64_t (*changes)(db *d);
    /* Bulk insert (db.h, db_copy_begin) by COPY FROM STDIN; NULL for a
     * backend without it: db_copy_begin prepares an INSERT instead. */
    int (*copy_begin)(db *d, const char *table, const char *cols, int ncols, db_stmt **out, err *e);
    int (*copy_end)(db_stmt *s, bool keep, err *e);
    /* Ready to bind and step again; NULL when a statement needs none. */
    void (*reset)(db_stmt *s);
};

struct db {
    const struct db_ops *ops;
    enum db_backend kind;
    int tx_depth;
    bool tx_failed;
    uint64_t tx_seq;          /* outermost transactions begun so far */
    uint64_t tx_committed;    /* tx_seq of the last one that committed */
    void *impl;
    struct db_fault *fault;   /* tests only (db_fault.c): the real ops while faults are injected */
};

/* Every backend statement starts with this header. */
struct db_stmt {
    db *d;
};

/* For db_fault.c (tests only): the SQL a SQLite statement was prepared
 * from; whether the connection is inside a transaction; the database image
 * page by page as this connection reads it (sqlite3_serialize), into out. */
const char *db_sqlite_stmt_sql(db_stmt *s);
bool db_sqlite_in_tx(db *d);
int db_sqlite_serialize(db *d, buf *out, err *e);
/* For store/watch.c: waits up to timeout_ms for a notification on a
 * PostgreSQL connection that ran LISTEN; 1 when one or more came (all are
 * consumed), 0 when none, GK_EIO when the connection is lost. */
int db_pg_wait(db *d, int timeout_ms, err *e);
/* The SQL a PostgreSQL statement was prepared from ($n placeholders). */
const char *db_pg_stmt_sql(db_stmt *s);

#endif
