/*
 * bench_calendar — deadline arithmetic for 1,000,000 applications.
 *
 * Each application gets a receipt date (2008–2026), a reply deadline (20
 * working days; 1 in 10 extended to 40; 1 in 10 a 7-day supplementation
 * notice), and the working days elapsed up to a "today" 0–59 days after
 * receipt. The same work is done by a baseline in the same process that walks
 * day by day asking cal_is_workday, and the results are compared. Prints
 * time per operation and the ratio to the baseline.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "calendar/calendar.h"

#define APPS 1000000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct app { gk_day receipt, today; int n; } app;

static int walk_add(const cal_t *c, gk_day from, int n, gk_day *out)
{
    gk_day d = from;
    err e;
    while (n > 0) {
        bool w;
        d++;
        if (cal_is_workday(c, d, &w, &e) != 0)
            return -1;
        n -= w;
    }
    *out = d;
    return 0;
}

static int walk_count(const cal_t *c, gk_day from, gk_day to, int *out)
{
    int n = 0;
    err e;
    for (gk_day d = from + 1; d <= to; d++) {
        bool w;
        if (cal_is_workday(c, d, &w, &e) != 0)
            return -1;
        n += w;
    }
    *out = n;
    return 0;
}

int main(void)
{
    double t0 = now();
    cal_t *c = cal_builtin();
    double t_load = now() - t0;

    app *apps = xmalloc(sizeof *apps * APPS);
    uint32_t seed = 42;
    gk_day lo = date_from_ymd(2008, 1, 1), hi = date_from_ymd(2026, 6, 30);
    for (int i = 0; i < APPS; i++) {
        seed = seed * 1664525u + 1013904223u;
        apps[i].receipt = lo + (gk_day)(seed % (uint32_t)(hi - lo));
        seed = seed * 1664525u + 1013904223u;
        apps[i].today = apps[i].receipt + (gk_day)(seed % 60);
        int k = (int)((seed >> 16) % 10);
        apps[i].n = k == 0 ? 40 : k == 1 ? 7 : 20;
    }

    gk_day *deadline = xmalloc(sizeof *deadline * APPS);
    int *elapsed = xmalloc(sizeof *elapsed * APPS);
    err e;
    t0 = now();
    for (int i = 0; i < APPS; i++)
        if (cal_add_workdays(c, apps[i].receipt, apps[i].n, &deadline[i], &e) != 0)
            return fprintf(stderr, "bench_calendar: %s\n", e.msg), 1;
    double t_add = now() - t0;
    t0 = now();
    for (int i = 0; i < APPS; i++)
        if (cal_count_workdays(c, apps[i].receipt, apps[i].today, &elapsed[i], &e) != 0)
            return fprintf(stderr, "bench_calendar: %s\n", e.msg), 1;
    double t_count = now() - t0;

    /* baseline: the same applications, day by day */
    long mismatches = 0;
    t0 = now();
    for (int i = 0; i < APPS; i++) {
        gk_day d;
        int n;
        if (walk_add(c, apps[i].receipt, apps[i].n, &d) != 0 ||
            walk_count(c, apps[i].receipt, apps[i].today, &n) != 0)
            return fprintf(stderr, "bench_calendar: baseline out of range\n"), 1;
        mismatches += (d != deadline[i]) + (n != elapsed[i]);
    }
    double t_walk = now() - t0;

    double per_fast = (t_add + t_count) / APPS * 1e9;
    double per_walk = t_walk / APPS * 1e9;
    printf("calendar: load built-in 2004–2026: %.0f µs\n", t_load * 1e6);
    printf("calendar: %d applications: add (deadline) %.1f ns/op, count (elapsed) %.1f ns/op, "
           "total %.3f s\n", APPS, t_add / APPS * 1e9, t_count / APPS * 1e9, t_add + t_count);
    printf("calendar: baseline day-by-day walk: %.1f ns/application, %.3f s; table lookups are "
           "%.0fx faster; results differ: %ld\n", per_walk, t_walk, per_walk / per_fast, mismatches);
    free(apps);
    free(deadline);
    free(elapsed);
    cal_free(c);
    return mismatches ? 1 : 0;
}
