/*
 * apply_bench — the annual report's tables 三 and 四 from a register of
 * 1,000,000 applications.
 *
 * Loads a register (SQLite file in a temporary directory) through the bulk
 * API: applications received from July 2023 to December 2024 in the six
 * applicant columns, 97% concluded with outcomes spread over the national
 * taxonomy, the rest open; 2,000 review and litigation cases. Then times
 *   - store_app_report(2024): tables 三 and 四 as gongkai computes them (one
 *     GROUP BY pass over the register's report index plus the case tally,
 *     outcome-to-row mapping in C), and
 *   - the floor: one plain aggregate pass over the same table in the same run
 *     (SELECT kind, outcome, COUNT(*) ... GROUP BY kind, outcome),
 * each the best of several runs, alternating, and prints both and the ratio.
 * Usage: apply_bench [ROWS]   (default 1000000)
 * $APPLY_BENCH_DB=FILE keeps the register in FILE and reuses it when it
 * exists (loading a million rows takes a while).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define RUNS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252u;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

struct gen { int64_t i, n; gk_day first; int span; };

static int next_row(struct app *a, void *arg)
{
    struct gen *g = arg;
    if (g->i >= g->n)
        return 1;
    g->i++;
    a->channel = 1 + (int)rnd(APP_NCHANNELS);
    /* in order of receipt, as a register grows */
    a->received = g->first + (gk_day)((g->i - 1) * g->span / g->n);
    static const int kinds[] = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
    a->kind = kinds[rnd(sizeof kinds / sizeof kinds[0])];
    snprintf(a->name, sizeof a->name, "申请人%u", rnd(100000));
    snprintf(a->phone, sizeof a->phone, "139%08u", rnd(100000000));
    snprintf(a->request, sizeof a->request, "第%u号文件", rnd(1000000));
    a->delivery = APP_DL_ONLINE;
    a->clock_start = a->last_step = a->received;
    if (rnd(100) < 97) {
        /* an outcome that a reply, a lapse or a withdrawal gives */
        const struct app_outcome *o = &app_outcomes[rnd((uint32_t)app_noutcomes)];
        snprintf(a->outcome, sizeof a->outcome, "%s", o->code);
        a->state = o->via == APP_EV_ANSWER ? APP_S_ANSWERED : o->via == APP_EV_WITHDRAW ? APP_S_WITHDRAWN
                                                                                         : APP_S_LAPSED;
        a->concluded = a->received + 1 + (gk_day)rnd(40);
        a->reply_due = a->received + 28;
    } else {
        a->state = APP_S_PROCESSING;
        a->reply_due = a->due = a->received + 28;
        a->due_kind = APP_DUE_REPLY;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int64_t rows = argc > 1 ? atoll(argv[1]) : 1000000;
    if (rows < 1000) {
        fprintf(stderr, "apply_bench: ROWS must be at least 1000\n");
        return 2;
    }
    char dir[] = "/tmp/gongkai-apply-bench-XXXXXX", path[512];
    const char *keep = getenv("APPLY_BENCH_DB");
    bool reuse = keep && *keep && access(keep, F_OK) == 0;
    if (keep && *keep) {
        snprintf(path, sizeof path, "%s", keep);
        dir[0] = 0;
    } else if (!mkdtemp(dir)) {
        perror("apply_bench: mkdtemp");
        return 1;
    } else {
        snprintf(path, sizeof path, "%s/bench.db", dir);
    }
    store_t *s = NULL;
    err e = {0};
    int rc = 1;
    if (store_open(path, &s, &e)) {
        fprintf(stderr, "apply_bench: %s: %s\n", e.where, e.msg);
        goto out;
    }
    struct store_agency ag = {0};
    int64_t agency;
    double t0 = now(), t_load = 0;
    int64_t loaded = 0, groups = 0, counted = 0;
    if (reuse) {
        if (store_agency_get(s, "bench", &ag, &e) || store_app_count_groups(s, ag.id, &groups, &loaded, &e))
            goto fail;
        agency = ag.id;
        printf("apply_bench: register of %lld applications reused from %s\n", (long long)loaded, path);
        goto measure;
    }
    snprintf(ag.code, sizeof ag.code, "bench");
    snprintf(ag.name, sizeof ag.name, "基准测试局");
    if (store_agency_add(s, &ag, &agency, &e))
        goto fail;

    struct gen g = {0, rows, date_from_ymd(2023, 7, 1), 549};
    if (store_app_bulk(s, agency, next_row, &g, "bench", &loaded, &e))
        goto fail;
    t_load = now() - t0;
    /* review and litigation cases on the first applications */
    if (store_begin(s, &e))
        goto fail;
    for (int i = 0; i < 2000; i++) {
        struct app_case c = {.agency_id = agency, .app_id = 1 + i, .kind = 1 + (int)rnd(2),
                             .filed = date_from_ymd(2024, 1, 2) + (gk_day)rnd(300)};
        if (store_case_add(s, &c, "bench", &e))
            goto fail;
        if (rnd(2)) {
            struct app_case after = c;
            after.result = 1 + (int)rnd(3);
            after.closed = c.filed + (gk_day)rnd(120);
            if (store_case_save(s, &c, &after, "bench", &e))
                goto fail;
        }
    }
    if (store_commit(s, &e))
        goto fail;
    printf("apply_bench: register of %lld applications loaded in %.1f s (%.0f rows/s, one transaction)\n",
           (long long)loaded, t_load, (double)loaded / t_load);
    /* measure the register as staff find it the next morning: reopened,
     * the write-ahead log folded into the database */
    store_close(s);
    if (store_open(path, &s, &e)) {
        s = NULL;
        goto fail;
    }

measure:;
    double best_report = 1e9, best_floor = 1e9;
    double new_total = 0, handled = 0, carried_in = 0, carried_out = 0;
    for (int run = 0; run < RUNS; run++) {
        t0 = now();
        if (store_app_count_groups(s, agency, &groups, &counted, &e))
            goto fail;
        double t = now() - t0;
        if (t < best_floor)
            best_floor = t;
        rpt *r = rpt_new();
        t0 = now();
        if (store_app_report(s, agency, 2024, r, &e)) {
            rpt_free(r);
            goto fail;
        }
        t = now() - t0;
        if (t < best_report)
            best_report = t;
        new_total = r->app[APP_NEW][COL_TOTAL];
        carried_in = r->app[APP_CARRIED_IN][COL_TOTAL];
        handled = r->app[APP_HANDLED_TOTAL][COL_TOTAL];
        carried_out = r->app[APP_CARRIED_OUT][COL_TOTAL];
        /* the report must balance (R1), or the timing means nothing */
        if (new_total + carried_in != handled + carried_out) {
            fprintf(stderr, "apply_bench: the 2024 report does not balance\n");
            rpt_free(r);
            goto fail;
        }
        rpt_free(r);
    }
    if (counted != loaded) {
        fprintf(stderr, "apply_bench: the floor counted %lld rows, not %lld\n", (long long)counted, (long long)loaded);
        goto fail;
    }
    printf("  2024 table 三: new %.0f, carried in %.0f, handled %.0f, carried out %.0f\n", new_total, carried_in,
           handled, carried_out);
    printf("  tables 三 and 四 (store_app_report)          %7.3f s   best of %d\n", best_report, RUNS);
    printf("  floor: SELECT kind, outcome, COUNT(*) GROUP BY %5.3f s   best of %d (%lld groups)\n", best_floor, RUNS,
           (long long)groups);
    printf("  ratio %.2fx the floor (aim < 2x); %s 1 s\n", best_report / best_floor,
           best_report < 1.0 ? "under" : "NOT under");
    rc = 0;
    goto close;
fail:
    fprintf(stderr, "apply_bench: %s: %s\n", e.where, e.msg);
close:
    if (s)
        store_close(s);
out:
    if (dir[0]) {
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "apply_bench: could not remove %s\n", dir);
    }
    return rc;
}
