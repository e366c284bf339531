/*
 * bench_report — what a supervising office does with the annual reports of
 * the agencies under it, at the scale of a province: 2,000 reports (2021
 * layout, figures consistent but for one agency in ten).
 *
 * Times per report: checking (rpt_check), rendering HTML, text, Markdown and
 * JSON, reading JSON back, writing and reading back a workbook (200 of them),
 * reading the text rendering back with the reader, and summing all 2,000 with
 * the key-figures CSV. The baseline, in the same process, is writing report
 * JSON (rpt_to_json); each figure is printed with its ratio to it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/report.h"

#define N 2000
#define NXLSX 200

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned rnd_state = 12345;
static int rnd(int n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (int)((rnd_state >> 8) % (unsigned)n);
}

static rpt *make(int k)
{
    rpt *r = rpt_new();
    r->layout = RPT_LAYOUT_2021;
    r->year = 2023;
    char name[64];
    snprintf(name, sizeof name, "第%d号县民政局", k);
    rpt_set_agency(r, name);
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].layouts & RPT_LAYOUT_BIT(RPT_LAYOUT_2021))
            r->pro[f] = rpt_pro_fields[f].amount ? rnd(1000) / 100.0 : rnd(200);
    for (int c = 0; c < COL_TOTAL; c++) {
        double handled = 0;
        for (int i = 0; i < APP_NROWS; i++)
            if (rpt_app_rows[i].outcome) {
                r->app[i][c] = rnd(4) == 0 ? rnd(9) : 0;
                handled += r->app[i][c];
            }
        r->app[APP_HANDLED_TOTAL][c] = handled;
        r->app[APP_CARRIED_IN][c] = rnd(3);
        r->app[APP_CARRIED_OUT][c] = rnd(3);
        r->app[APP_NEW][c] = handled + r->app[APP_CARRIED_OUT][c] - r->app[APP_CARRIED_IN][c];
        if (r->app[APP_NEW][c] < 0) {
            r->app[APP_CARRIED_IN][c] += r->app[APP_NEW][c];
            r->app[APP_NEW][c] = 0;
        }
    }
    for (int i = 0; i < APP_NROWS; i++) {
        double t = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            t += r->app[i][c];
        r->app[i][COL_TOTAL] = t;
    }
    for (int g = 0; g < RL_NGROUPS; g++) {
        double t = 0;
        for (int c = 0; c < RL_TOTAL; c++)
            t += r->rl[g][c] = rnd(3);
        r->rl[g][RL_TOTAL] = t;
    }
    if (k % 10 == 0)   /* one agency in ten forgets a row */
        r->app[APP_HANDLED_TOTAL][COL_NATURAL] += 1;
    return r;
}

static void line(const char *what, double secs, int n, double base)
{
    double us = secs / n * 1e6;
    printf("  %-40s %9.1f µs/report  %6.2fx baseline\n", what, us, us / base);
}

int main(void)
{
    rpt **v = malloc(N * sizeof *v);
    for (int k = 0; k < N; k++)
        v[k] = make(k);
    buf b;
    buf_init(&b);
    err e = {0};
    printf("bench_report: %d reports of the 2021 layout\n", N);

    double t = now();
    size_t json_bytes = 0;
    for (int k = 0; k < N; k++) {
        buf_reset(&b);
        rpt_to_json(v[k], &b, true);
        json_bytes += b.len;
    }
    double base = (now() - t) / N * 1e6;
    printf("  %-40s %9.1f µs/report  (baseline, %zu bytes each)\n", "write report JSON", base, json_bytes / N);

    t = now();
    int with_errors = 0;
    for (int k = 0; k < N; k++) {
        rpt_check(v[k]);
        with_errors += rpt_count_errors(v[k]) > 0;
    }
    line("check (R1-R6, L1-L3)", now() - t, N, base);
    printf("  %-40s %d reports with errors (%d made inconsistent)\n", "", with_errors, N / 10);

    static const struct { enum rpt_format f; const char *name; } fmts[] = {
        {RPT_FMT_HTML, "render HTML"}, {RPT_FMT_TXT, "render text"}, {RPT_FMT_MD, "render Markdown"},
    };
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        t = now();
        size_t bytes = 0;
        for (int k = 0; k < N; k++) {
            buf_reset(&b);
            rpt_render(v[k], fmts[i].f, &b, &e);
            bytes += b.len;
        }
        line(fmts[i].name, now() - t, N, base);
        printf("  %-40s %zu bytes each\n", "", bytes / N);
    }

    /* JSON in */
    char **js = malloc(N * sizeof *js);
    for (int k = 0; k < N; k++) {
        buf_reset(&b);
        rpt_to_json(v[k], &b, false);
        js[k] = xstrdup(b.data);
    }
    t = now();
    for (int k = 0; k < N; k++) {
        rpt *r = NULL;
        if (rpt_from_json(js[k], strlen(js[k]), "bench", &r, &e) != 0) {
            fprintf(stderr, "bench_report: %s\n", e.msg);
            return 1;
        }
        rpt_free(r);
    }
    line("read report JSON", now() - t, N, base);

    /* text back through the reader */
    char **tx = malloc(N * sizeof *tx);
    for (int k = 0; k < N; k++) {
        buf_reset(&b);
        rpt_render(v[k], RPT_FMT_TXT, &b, &e);
        tx[k] = buf_detach(&b);
    }
    t = now();
    for (int k = 0; k < N; k++) {
        rpt *r = NULL;
        if (rpt_read(tx[k], strlen(tx[k]), "bench", &r, &e) != 0) {
            fprintf(stderr, "bench_report: %s\n", e.msg);
            return 1;
        }
        rpt_free(r);
    }
    line("read the text rendering back (rpt_read)", now() - t, N, base);

    /* workbooks */
    char dir[] = "/tmp/gongkai-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[128];
    snprintf(path, sizeof path, "%s/r.xlsx", dir);
    double tw = 0, tr = 0;
    for (int k = 0; k < NXLSX; k++) {
        t = now();
        if (rpt_render_xlsx(v[k], path, &e) != 0) {
            fprintf(stderr, "bench_report: %s\n", e.msg);
            return 1;
        }
        tw += now() - t;
        buf_reset(&b);
        file_read_all(path, 0, &b, &e);
        t = now();
        rpt *r = NULL;
        if (rpt_read_xlsx(b.data, b.len, path, &r, &e) != 0) {
            fprintf(stderr, "bench_report: %s\n", e.msg);
            return 1;
        }
        tr += now() - t;
        rpt_free(r);
    }
    unlink(path);
    rmdir(dir);
    line("write an .xlsx workbook", tw, NXLSX, base);
    line("read an .xlsx workbook back", tr, NXLSX, base);

    /* the supervising office's sum */
    t = now();
    rpt *s = NULL;
    if (rpt_sum(v, N, &s, &e) != 0) {
        fprintf(stderr, "bench_report: %s\n", e.msg);
        return 1;
    }
    rpt_check(s);
    buf_reset(&b);
    rpt_csv(v, N, s, true, &b);
    double ts = now() - t;
    printf("  %-40s %9.1f ms for %d reports (%zu bytes of CSV)\n", "sum + check + CSV", ts * 1e3, N, b.len);
    rpt_free(s);

    for (int k = 0; k < N; k++) {
        rpt_free(v[k]);
        free(js[k]);
        free(tx[k]);
    }
    free(v);
    free(js);
    free(tx);
    buf_free(&b);
    return 0;
}
