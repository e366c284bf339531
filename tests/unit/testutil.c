/* Shared helpers for gongkai's unit tests: a fresh store on either backend. */
#include "testutil.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char target[512];

/* The template: one store migrated once per test program (its file, its key
 * file and checkpoints in tpl_dir; on PostgreSQL the database gk_tpl_PID),
 * copied for every tu_store_open instead of migrating each fresh store again
 * (store_faults opens 110 stores; on PostgreSQL the migrations were most of
 * tests/e2e/pg.sh's time). The first open migrates for real. */
static char tpl_dir[64];
static char pg_base[400];
static char pg_tpl[64], pg_case[64];

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    FILE *out = fopen(to, "wb");
    int rc = out ? 0 : -1;
    char chunk[65536];
    size_t n;
    while (!rc && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        rc = fwrite(chunk, 1, n, out) == n ? 0 : -1;
    if (ferror(in))
        rc = -1;
    fclose(in);
    if (out && fclose(out))
        rc = -1;
    return rc;
}

/* Copies FROM_DIR/FROM_NAME{,.keys,.checkpoints,-wal} to TO_DIR/TO_NAME{...};
 * only the first must exist. */
static int copy_store_files(const char *from_dir, const char *from_name, const char *to_dir, const char *to_name)
{
    static const char *const suffix[] = {"", ".keys", ".checkpoints", "-wal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/%s%s", from_dir, from_name, suffix[i]);
        snprintf(b, sizeof b, "%s/%s%s", to_dir, to_name, suffix[i]);
        if (copy_file(a, b) && (i == 0 || access(a, F_OK) == 0)) {
            fprintf(stderr, "testutil: cannot copy %s to %s\n", a, b);
            return -1;
        }
    }
    return 0;
}

/* A PostgreSQL store's key file (which must be there) and checkpoints. */
static int copy_outside_files(const char *from_dir, const char *to_dir)
{
    static const char *const name[] = {"tpl.db.keys", "tpl.db.checkpoints"};
    for (size_t i = 0; i < sizeof name / sizeof name[0]; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "%s/%s", from_dir, name[i]);
        snprintf(b, sizeof b, "%s/%s", to_dir, name[i]);
        if (copy_file(a, b) && (i == 0 || access(a, F_OK) == 0)) {
            fprintf(stderr, "testutil: cannot copy %s to %s\n", a, b);
            return -1;
        }
    }
    return 0;
}

static void rm_dir(const char *d)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    if (system(cmd) != 0)
        fprintf(stderr, "testutil: could not remove %s\n", d);
}

static void pg_quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;   /* NOTICEs ("does not exist, skipping") */
}

static int pg_exec(const char *conninfo, const char *sql)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testutil: %s", PQerrorMessage(c));
        PQfinish(c);
        return -1;
    }
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "testutil: %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static void tpl_remove(void)
{
    if (pg_tpl[0]) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_case);
        pg_exec(pg_base, sql);
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_tpl);
        pg_exec(pg_base, sql);
    }
    if (tpl_dir[0])
        rm_dir(tpl_dir);
}

/* The key file and checkpoints of a PostgreSQL store are outside it: each
 * store gets its own copy of the template's, in its own directory. */
static void pg_key_files(const char *d)
{
    char path[128];
    snprintf(path, sizeof path, "%s/tpl.db.keys", d);
    setenv("GONGKAI_KEY_FILE", path, 1);
    snprintf(path, sizeof path, "%s/tpl.db.checkpoints", d);
    setenv("GONGKAI_AUDIT_CHECKPOINTS", path, 1);
}

static int tpl_make(const char *pg)
{
    snprintf(tpl_dir, sizeof tpl_dir, "/tmp/gongkai-test-tpl-XXXXXX");
    if (!mkdtemp(tpl_dir))
        return -1;
    atexit(tpl_remove);
    char t[512];
    if (pg) {
        char sql[160];
        snprintf(pg_base, sizeof pg_base, "%s", pg);
        snprintf(pg_tpl, sizeof pg_tpl, "gk_tpl_%ld", (long)getpid());
        snprintf(pg_case, sizeof pg_case, "gk_case_%ld", (long)getpid());
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_tpl);
        if (pg_exec(pg, sql))
            return -1;
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_tpl);
        if (pg_exec(pg, sql))
            return -1;
        snprintf(t, sizeof t, "%s dbname=%s", pg, pg_tpl);   /* the last dbname counts */
        pg_key_files(tpl_dir);
    } else {
        snprintf(t, sizeof t, "%s/tpl.db", tpl_dir);
    }
    store_t *s;
    err e = {0};
    if (store_open(t, &s, &e)) {
        fprintf(stderr, "testutil: template: %s: %s\n", e.where, e.msg);
        return -1;
    }
    store_close(s);
    return 0;
}

int tu_store_open(store_t **out)
{
    const char *pg = getenv("GONGKAI_TEST_PG");
    if (pg && !*pg)
        pg = NULL;
    if (!tpl_dir[0] && tpl_make(pg))
        return -1;
    snprintf(dir, sizeof dir, "/tmp/gongkai-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    if (pg) {
        char sql[200];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_case);
        if (pg_exec(pg_base, sql))
            return -1;
        PGconn *c = PQconnectdb(pg_base);
        int v = PQserverVersion(c);
        PQfinish(c);
        /* a file copy of a small database is quicker than WAL_LOG (PostgreSQL 15's default) */
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s%s", pg_case, pg_tpl,
                 v >= 150000 ? " STRATEGY = FILE_COPY" : "");
        /* the template's last session may still be ending on a loaded machine
         * ("being accessed by other users" after PostgreSQL's own 5 s) */
        int rc = -1;
        for (int tries = 0; rc && tries < 12; tries++)
            if ((rc = pg_exec(pg_base, sql)) && tries < 11)
                sleep(1);
        if (rc || copy_outside_files(tpl_dir, dir))
            return -1;
        pg_key_files(dir);
        snprintf(target, sizeof target, "%s dbname=%s", pg_base, pg_case);
    } else {
        if (copy_store_files(tpl_dir, "tpl.db", dir, "t.db"))
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
        rm_dir(dir);
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
