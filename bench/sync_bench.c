/*
 * sync_bench — the cost of synchronous=FULL on SQLite (the default since
 * issue 11) against NORMAL, for registering applications the way the online
 * form does: one transaction per application (the row, its first step, the
 * audit entry, the form token).
 *
 * Two fresh databases in one directory on the same disk (default: a
 * temporary directory under /tmp; $SYNC_BENCH_DIR to choose), one opened
 * with GONGKAI_SQLITE_SYNC=normal, one with full; batches of N registrations
 * alternate between them, best of RUNS; prints both rates and the ratio.
 * Usage: sync_bench [N]   (default 300)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define RUNS 3

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_one(const char *dir, const char *mode, store_t **s, int64_t *agency, err *e)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s.db", dir, mode);
    setenv("GONGKAI_SQLITE_SYNC", mode, 1);
    if (store_open(path, s, e))
        return -1;
    struct store_agency ag = {0};
    snprintf(ag.code, sizeof ag.code, "bench");
    snprintf(ag.name, sizeof ag.name, "基准测试局");
    return store_agency_add(*s, &ag, agency, e);
}

/* n registrations, one transaction each; seconds taken */
static int batch(store_t *s, int64_t agency, int n, int64_t *seq, double *secs, err *e)
{
    double t0 = now();
    for (int i = 0; i < n; i++) {
        struct app a = {0};
        a.agency_id = agency;
        a.channel = APP_CH_ONLINE;
        a.kind = 0;
        a.received = a.submitted = date_from_ymd(2026, 3, 2);
        a.clock_start = a.last_step = a.received;
        a.reply_due = a.due = a.received + 28;
        a.due_kind = APP_DUE_REPLY;
        a.state = APP_S_PROCESSING;
        a.delivery = APP_DL_ONLINE;
        snprintf(a.name, sizeof a.name, "申请人%lld", (long long)*seq);
        snprintf(a.phone, sizeof a.phone, "139%08lld", (long long)*seq);
        snprintf(a.request, sizeof a.request, "第%lld号文件", (long long)*seq);
        char token[40];
        snprintf(token, sizeof token, "bench-%lld", (long long)(*seq)++);
        bool again;
        if (store_app_add_once(s, &a, "bench", token, &again, e))
            return -1;
    }
    *secs = now() - t0;
    return 0;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 300;
    if (n < 10 || n > 100000) {
        fprintf(stderr, "sync_bench: N must be 10..100000\n");
        return 2;
    }
    const char *base = getenv("SYNC_BENCH_DIR");
    char dir[600];
    snprintf(dir, sizeof dir, "%s/gongkai-sync-bench-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror("sync_bench: mkdtemp");
        return 1;
    }
    store_t *sn = NULL, *sf = NULL;
    int64_t an = 0, af = 0, seq = 1;
    err e = {0};
    int rc = 1;
    if (open_one(dir, "normal", &sn, &an, &e) || open_one(dir, "full", &sf, &af, &e))
        goto out;
    double best_n = 1e9, best_f = 1e9, t;
    for (int run = 0; run < RUNS; run++) {
        if (batch(sn, an, n, &seq, &t, &e))
            goto out;
        best_n = t < best_n ? t : best_n;
        if (batch(sf, af, n, &seq, &t, &e))
            goto out;
        best_f = t < best_f ? t : best_f;
    }
    printf("sync_bench: %d registrations, one transaction each, best of %d, in %s\n", n, RUNS, dir);
    printf("  synchronous=NORMAL  %8.0f registrations/s\n", n / best_n);
    printf("  synchronous=FULL    %8.0f registrations/s  (the default)\n", n / best_f);
    printf("  FULL / NORMAL       %8.2f of the throughput\n", best_n / best_f);
    rc = 0;
out:
    if (rc)
        fprintf(stderr, "sync_bench: %s: %s\n", e.where, e.msg);
    store_close(sn);
    store_close(sf);
    char p[700];
    const char *names[] = {"normal.db", "normal.db-wal", "normal.db-shm", "full.db", "full.db-wal", "full.db-shm"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return rc;
}
