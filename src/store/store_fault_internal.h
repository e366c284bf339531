/*
 * store — fault injection, for tests only. Only tests/unit/test_faults.c
 * includes this header; nothing in gongkai calls it, so a deployment never
 * runs with faults switched on.
 *
 * store_fault_arm wraps the store's database handle in a backend whose
 * every call goes to the real one (SQLite or PostgreSQL), except that the
 * Nth *counted* call fails as the disk would: it does nothing and returns
 * GK_EIO with the message the SQLite backend gives ("statement failed" or
 * "cannot prepare a statement") followed by ": disk I/O error (injected fault
 * at call N: <the SQL's first 60 bytes>)". The counted calls are the ones where a real backend
 * reports an error to its caller:
 *   - exec     (BEGIN, COMMIT, multi-statement SQL) — but not ROLLBACK, the
 *               way back from a failure (one fault per run, as in SQLite's
 *               own test_malloc.c "one-shot" mode);
 *   - prepare  (a full disk or a damaged schema page fails here);
 *   - step     (every read and write of a row).
 * bind_*, col_* and finalize cannot report an error through struct db_ops
 * (they return void or a value), so they are passed through uncounted.
 * After the fault has fired the handle behaves normally again.
 */
#ifndef GONGKAI_STORE_FAULT_INTERNAL_H
#define GONGKAI_STORE_FAULT_INTERNAL_H

#include "store/store.h"

/* From now on, count the calls and fail the nth (nth >= 1); nth 0 only
 * counts. Arming again restarts the count. */
void store_fault_arm(store_t *s, long nth);
/* Stops injecting; the handle uses the real backend directly again. */
void store_fault_off(store_t *s);
/* Counted calls since the last arm, and whether the fault has fired. */
long store_fault_calls(const store_t *s);
bool store_fault_fired(const store_t *s);
/* The message of the fault that fired ("" before), valid until the next arm
 * or off: to name the call when the operation swallowed the error. */
const char *store_fault_message(const store_t *s);
/* True while the store's connection is inside a transaction (it must not
 * be between operations). */
bool store_fault_in_tx(store_t *s);
/* The whole database as the store's own connection sees it (uncommitted
 * changes of an open transaction included), into out (caller frees with
 * buf_free). Two snapshots are equal exactly when:
 *   - SQLite: the database image is byte for byte the same, page by page
 *     (sqlite3_serialize: every table and index, sqlite_sequence, the FTS
 *     shadow tables, the file header with its change counter);
 *   - PostgreSQL: every row of every table of the schema is the same (rows
 *     sorted, columns as PostgreSQL prints them). Sequences are left out:
 *     PostgreSQL never gives back a number nextval handed out, by design. */
int store_fault_snapshot(store_t *s, buf *out, err *e);

#endif
