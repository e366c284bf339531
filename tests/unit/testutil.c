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

int tu_chain_approve(store_t *s, const struct app *a, const char *outcome, const char *detail, const char *refer,
                     gk_day on, err *e)
{
    static const struct app_chain_actor office = {"公开办", "office"}, handler = {"经办人", "officer"},
                                         leader = {"分管领导", "leader"};
    const struct app_chain_event evs[] = {
        {.action = APP_CA_ASSIGN, .to = "经办人"},
        {.action = APP_CA_DRAFT, .outcome = outcome, .detail = detail, .refer = refer},
        {.action = APP_CA_APPROVE},
    };
    const struct app_chain_actor *who[] = {&office, &handler, &leader};
    gk_day day = on ? on : a->last_step;
    struct app_chain_rules r;
    app_chain_rules_default(&r, day);
    struct app_chain *before = malloc(sizeof *before), *after = malloc(sizeof *after);
    int rc = store_chain_get(s, a, before, e);   /* read once: each save bumps the version kept in memory */
    for (size_t i = 0; !rc && i < sizeof evs / sizeof evs[0]; i++) {
        struct app_chain_event ev = evs[i];
        ev.date = day;
        if (i)
            *before = *after;
        else
            *after = *before;
        buf sum;
        buf_init(&sum);
        if (!(rc = app_chain_step(&r, a, after, who[i], &ev, e))) {
            app_chain_summary(after, &ev, &sum);
            rc = store_chain_save(s, a, before, after, who[i]->name, ev.action, sum.data, NULL, 0, e);
        }
        buf_free(&sum);
    }
    free(before);
    free(after);
    return rc;
}
