/* seal_bench — key rotation over a large register while it keeps answering
 * (issue 15). Loads ROWS applications (default 100,000) into a SQLite file,
 * then a second process (its own store handle, as a server worker has)
 * answers lookups — an application read with its personal data opened and
 * the public follow-up by tracking code and phone — for a fixed time, once
 * alone (the baseline) and once while this process runs `seal rotate`
 * (store_seal_run, 500 rows a transaction). Prints the rotation's time, the
 * lookups answered per second in both runs, their ratio, the longest wait
 * of one lookup, and checks that every lookup was answered and every row is
 * under the new key afterwards.  Usage: seal_bench [ROWS] */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "disclosure/disclosure.h"
#include "store/store.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct gen { int64_t i, n; };

static int next_row(struct app *a, void *arg)
{
    struct gen *g = arg;
    if (g->i >= g->n)
        return 1;
    g->i++;
    a->channel = 1;
    a->received = date_from_ymd(2024, 1, 2) + (gk_day)(g->i % 300);
    a->kind = 0;
    snprintf(a->name, sizeof a->name, "申请人%lld", (long long)g->i);
    snprintf(a->id_number, sizeof a->id_number, "110105%012lld", (long long)g->i);
    snprintf(a->phone, sizeof a->phone, "139%08lld", (long long)g->i);
    snprintf(a->address, sizeof a->address, "某市某区某路%lld号", (long long)g->i);
    snprintf(a->request, sizeof a->request, "第%lld号文件", (long long)g->i);
    a->delivery = APP_DL_ONLINE;
    a->state = APP_S_PROCESSING;
    a->clock_start = a->last_step = a->received;
    a->reply_due = a->due = a->received + 28;
    a->due_kind = APP_DUE_REPLY;
    return 0;
}

/* The reader: lookups until `until`; writes "answered failed max_ms" to fd. */
static void reader(const char *path, int64_t agency, int64_t rows, double until, int fd)
{
    store_t *s;
    err e = {0};
    long answered = 0, failed = 0;
    double worst = 0;
    if (store_open(path, &s, &e) == 0) {
        unsigned x = 12345;
        while (now() < until) {
            x = x * 1103515245u + 12345u;
            char no[24];
            snprintf(no, sizeof no, "%lld", (long long)(1 + x % (unsigned)rows));
            double t = now();
            struct app a;
            struct store_app_public pub;
            char phone[sizeof a.phone];
            bool ok = store_app_get(s, agency, no, &a, &e) == 0;
            snprintf(phone, sizeof phone, "%s", a.phone);
            ok = ok && store_app_public_status(s, a.tracking, phone, &pub, &e) == 0;
            double ms = (now() - t) * 1e3;
            worst = ms > worst ? ms : worst;
            ok ? answered++ : failed++;
            if (!ok && failed < 3)
                fprintf(stderr, "seal_bench: lookup %s: %s: %s\n", no, e.where, e.msg);
        }
        store_close(s);
    } else {
        failed = 1;
    }
    char line[128];
    int n = snprintf(line, sizeof line, "%ld %ld %.1f\n", answered, failed, worst);
    if (write(fd, line, (size_t)n) != n)
        _exit(1);
}

static int run_reader(const char *path, int64_t agency, int64_t rows, double seconds, pid_t *pid, int *fd)
{
    int p[2];
    if (pipe(p))
        return -1;
    double until = now() + seconds;
    if ((*pid = fork()) == 0) {
        close(p[0]);
        reader(path, agency, rows, until, p[1]);
        _exit(0);
    }
    close(p[1]);
    *fd = p[0];
    return 0;
}

static void reap(pid_t pid, int fd, long *answered, long *failed, double *worst)
{
    char line[128] = "";
    ssize_t n = read(fd, line, sizeof line - 1);
    line[n > 0 ? n : 0] = 0;
    close(fd);
    waitpid(pid, NULL, 0);
    if (sscanf(line, "%ld %ld %lf", answered, failed, worst) != 3)
        *answered = 0, *failed = 1, *worst = 0;
}

int main(int argc, char **argv)
{
    int64_t rows = argc > 1 ? atoll(argv[1]) : 100000;
    char dir[] = "/tmp/gongkai-seal-bench-XXXXXX", path[512];
    if (rows < 100 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: seal_bench [ROWS >= 100]\n");
        return 2;
    }
    snprintf(path, sizeof path, "%s/bench.db", dir);
    store_t *s;
    err e = {0};
    struct store_agency ag = {0};
    int64_t agency, loaded;
    snprintf(ag.code, sizeof ag.code, "bench");
    snprintf(ag.name, sizeof ag.name, "基准测试局");
    struct gen g = {0, rows};
    double t0 = now();
    if (store_open(path, &s, &e) || store_agency_add(s, &ag, &agency, &e) ||
        store_app_bulk(s, agency, next_row, &g, "bench", &loaded, &e)) {
        fprintf(stderr, "seal_bench: %s: %s\n", e.where, e.msg);
        return 1;
    }
    printf("seal_bench: %lld applications loaded (sealed) in %.1f s\n", (long long)loaded, now() - t0);

    pid_t pid;
    int fd;
    long base_n, base_fail, rot_n, rot_fail;
    double base_worst, rot_worst;
    const double window = 5;
    run_reader(path, agency, rows, window, &pid, &fd);
    reap(pid, fd, &base_n, &base_fail, &base_worst);

    /* the reader runs for as long as the rotation may take, then stops */
    struct store_seal_progress p;
    run_reader(path, agency, rows, 3600, &pid, &fd);
    double r0 = now();
    int rc = store_seal_run(s, 500, true, &p, &e);
    double rot_s = now() - r0;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    close(fd);
    /* measure the reader during a rotation of known length instead: run it
     * again for the rotation's duration while rotating once more */
    run_reader(path, agency, rows, rot_s, &pid, &fd);
    rc = rc ? rc : store_seal_run(s, 500, true, &p, &e);
    reap(pid, fd, &rot_n, &rot_fail, &rot_worst);
    struct store_seal_status st;
    if (rc || store_seal_count(s, &st, &e)) {
        fprintf(stderr, "seal_bench: %s: %s\n", e.where, e.msg);
        return 1;
    }
    printf("rotation: %lld rows re-sealed in %lld batches of 500, %.2f s (%.0f rows/s); longest batch %.1f ms\n",
           (long long)p.rows, (long long)p.batches, p.seconds, (double)p.rows / p.seconds, p.max_batch_ms);
    printf("lookups alone:           %ld in %.1f s = %.0f/s, longest %.1f ms, %ld failed\n", base_n, window,
           base_n / window, base_worst, base_fail);
    printf("lookups during rotation: %ld in %.1f s = %.0f/s, longest %.1f ms, %ld failed\n", rot_n, rot_s,
           rot_n / rot_s, rot_worst, rot_fail);
    printf("ratio (during/alone):    %.2f\n", (rot_n / rot_s) / (base_n / window));
    printf("after: %lld of %lld rows under key %d, %lld older, %lld clear\n", (long long)st.current,
           (long long)st.total, st.current_key, (long long)st.older, (long long)st.clear);
    store_close(s);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "seal_bench: could not remove %s\n", dir);
    return rot_fail || base_fail || st.current != st.total || rot_n == 0 ? 1 : 0;
}
