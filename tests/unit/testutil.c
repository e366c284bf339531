/* Shared helpers for gongkai's unit tests: a fresh store on either backend. */
#include "testutil.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[64];
static char target[512];

int tu_store_open(store_t **out)
{
    const char *pg = getenv("GONGKAI_TEST_PG");
    if (pg && *pg) {
        PGconn *c = PQconnectdb(pg);
        if (PQstatus(c) != CONNECTION_OK) {
            fprintf(stderr, "testutil: %s", PQerrorMessage(c));
            PQfinish(c);
            return -1;
        }
        PGresult *r = PQexec(c, "SET client_min_messages = warning;"
                                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        PQfinish(c);
        if (!ok)
            return -1;
        snprintf(target, sizeof target, "%s", pg);
        dir[0] = '\0';
    } else {
        snprintf(dir, sizeof dir, "/tmp/gongkai-test-XXXXXX");
        if (!mkdtemp(dir))
            return -1;
        snprintf(target, sizeof target, "%s/t.db", dir);
    }
    err e = {0};
    if (store_open(target, out, &e)) {
        fprintf(stderr, "testutil: %s: %s\n", e.where, e.msg);
        return -1;
    }
    return 0;
}

void tu_store_close(store_t *s)
{
    store_close(s);
    if (dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "testutil: could not remove %s\n", dir);
        dir[0] = '\0';
    }
}

const char *tu_store_target(void) { return target; }
