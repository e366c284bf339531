/* store — several web nodes on one PostgreSQL (issue 13, docs/operations.md
 * §16): a connection that hears the changes other connections commit
 * (migration 15 raises gongkai_changed for everything a public page shows),
 * and read-only stores on a streaming-replication standby for public pages.
 * A node drops its page cache when it hears a change; when it reads public
 * pages from a standby it first waits (at most STORE_WATCH_REPLAY_MAX_MS)
 * until the standby has replayed the primary's WAL as far as it reached
 * when the change was heard, so that the page rendered next is not the
 * old one again. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/db_internal.h"
#include "store/store_internal.h"

struct store_watch {
    db *primary;   /* LISTEN gongkai_changed */
    db *replica;   /* NULL: public pages read the primary */
};

bool store_target_is_pg(const char *t)
{
    return strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0 ||
           strstr(t, "dbname=") != NULL;
}

int store_open_replica(const char *target, store_t **out, err *e)
{
    *out = NULL;
    if (!store_target_is_pg(target))
        return err_set(e, GK_EINVAL, "replica", "a standby is a PostgreSQL server (a conninfo or URI)");
    db *d;
    int rc = db_open_pg(target, &d, e);
    if (rc)
        return rc;
    /* nothing is migrated here: the standby replays what the primary has */
    int have = db_schema_version(d), want = db_schema_latest();
    if (have < want) {
        db_close(d);
        return err_set(e, GK_ESTATE, "replica", "the standby's schema is at version %d, this gongkai needs %d "
                       "(is it a standby of this deployment's primary?)", have, want);
    }
    store_t *s = xcalloc(1, sizeof *s);
    s->db = d;
    s->read_only = true;
    *out = s;
    return 0;
}

int store_watch_open(const char *target, const char *replica, store_watch **out, err *e)
{
    *out = NULL;
    if (!store_target_is_pg(target))
        return err_set(e, GK_ENOTFOUND, "watch", "one SQLite file serves one node: nothing to hear");
    db *p, *r = NULL;
    int rc = db_open_pg(target, &p, e);
    if (rc)
        return rc;
    if ((rc = db_exec(p, "LISTEN gongkai_changed", e))) {
        db_close(p);
        return rc;
    }
    if (replica && (rc = db_open_pg(replica, &r, e))) {
        db_close(p);
        return rc;
    }
    store_watch *w = xcalloc(1, sizeof *w);
    w->primary = p;
    w->replica = r;
    *out = w;
    return 0;
}

void store_watch_close(store_watch *w)
{
    if (!w)
        return;
    db_close(w->primary);
    if (w->replica)
        db_close(w->replica);
    free(w);
}

/* The text of the first column of one row of sql (bound to arg when not
 * NULL) into out; false when it fails or is NULL. */
static bool one_text(db *d, const char *sql, const char *arg, char *out, size_t cap)
{
    db_stmt *st;
    if (db_prepare(d, sql, &st, NULL))
        return false;
    if (arg)
        db_bind_text(st, 1, arg);
    bool ok = db_step(st, NULL) == 1 && !db_col_null(st, 0);
    if (ok)
        snprintf(out, cap, "%s", db_col_text(st, 0));
    db_finalize(st);
    return ok;
}

/* Until the replica has replayed the primary's WAL up to where it is now,
 * or STORE_WATCH_REPLAY_MAX_MS went by, or the replica does not answer (the
 * change is announced anyway: a stale page is better than a stale cache). */
static void await_replay(store_watch *w)
{
    char lsn[64], yes[8];
    if (!one_text(w->primary, "SELECT CAST(pg_current_wal_insert_lsn() AS text)", NULL, lsn, sizeof lsn))
        return;
    for (int waited = 0; waited < STORE_WATCH_REPLAY_MAX_MS; waited += 5) {
        /* NULL replay position: the "replica" is a primary itself */
        if (!one_text(w->replica, "SELECT CASE WHEN pg_last_wal_replay_lsn() IS NULL OR "
                                  "pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn) THEN 'y' ELSE 'n' END",
                      lsn, yes, sizeof yes) ||
            yes[0] == 'y')
            return;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

int store_watch_wait(store_watch *w, int timeout_ms, err *e)
{
    int rc = db_pg_wait(w->primary, timeout_ms, e);
    if (rc == 1 && w->replica)
        await_replay(w);
    return rc;
}
