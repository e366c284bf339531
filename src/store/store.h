/*
 * store — the one interface to persistence. Everything gongkai keeps (agencies,
 * users, applications, documents, the audit trail, imported calendar years)
 * goes through these functions; the backend is SQLite (a file path) or
 * PostgreSQL (a "postgresql://..." URI or "host=... dbname=..." string), and
 * nothing outside src/store/ knows which. The store persists; it never
 * decides: the domain modules decide what is valid.
 *
 * Every record belongs to an agency: one database serves many agencies.
 * Every change that spans several rows runs in one transaction.
 */
#ifndef GONGKAI_STORE_H
#define GONGKAI_STORE_H

#include "base/base.h"
#include "base/limits.h"

typedef struct store_t store_t;

/* Opens (creating and migrating when needed) the database at target. */
int store_open(const char *target, store_t **out, err *e);
void store_close(store_t *s);
const char *store_backend(const store_t *s);      /* "sqlite" or "postgresql" */
int store_schema_version(store_t *s);

/* ---- several web nodes on one PostgreSQL (watch.c, docs/operations.md §16) ----
 * Opens a read-only store on a streaming-replication standby of the
 * deployment's primary, for public pages: no migration runs there (the
 * standby replays the primary's); GK_ESTATE when its schema is older than
 * this program's, GK_EINVAL for a SQLite target. Close with store_close. */
int store_open_replica(const char *target, store_t **out, err *e);
/* A connection of its own that hears the changes any connection commits to
 * what public pages show (migration 15): store_watch_wait returns 1 when one
 * or more were committed since the last call (with `replica`, once that
 * standby has replayed them, or after STORE_WATCH_REPLAY_MAX_MS), 0 when
 * timeout_ms passed without one, GK_EIO when the connection was lost (close
 * and open again; changes in between are not heard). store_watch_open
 * returns GK_ENOTFOUND for a SQLite target: one file serves one node and
 * store_data_version sees every change. */
#define STORE_WATCH_REPLAY_MAX_MS 1000
typedef struct store_watch store_watch;
int store_watch_open(const char *target, const char *replica, store_watch **out, err *e);
int store_watch_wait(store_watch *w, int timeout_ms, err *e);
void store_watch_close(store_watch *w);

/* Transactions; nested calls join the outermost one. On an error inside,
 * call store_rollback: nothing of the change is kept. */
int store_begin(store_t *s, err *e);
int store_commit(store_t *s, err *e);
void store_rollback(store_t *s);



/* A number that changes whenever another connection has committed a change
 * (SQLite's data_version); the web's page cache uses it. 0 when the backend
 * cannot say. */
int64_t store_data_version(store_t *s);

/* Each area's functions, in a header of its own (ownership stated with
 * each declaration). */
#include "store/store_agency.h"
#include "store/store_audit.h"
#include "store/store_calendar.h"
#include "store/store_user.h"
#include "store/store_report.h"
#include "store/store_app.h"
#include "store/store_mail.h"
#include "store/store_doc.h"
#include "store/store_search.h"
#include "store/store_engage.h"
#include "store/store_channel.h"

#endif
