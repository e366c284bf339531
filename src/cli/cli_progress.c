/* cli — progress of long work on standard error (issue 16, item 11): on a
 * terminal one line rewritten in place with \r (done / total, percent, rate,
 * time left), at most ten times a second; otherwise (a log, a pipe) plain
 * lines, one every CLI_PROGRESS_LOG_S seconds or each tenth of the work, so a
 * log shows the work advancing without drowning in it. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define CLI_PROGRESS_TTY_MS 100
#define CLI_PROGRESS_LOG_S 5

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void line(struct cli_progress *c, const char *what, int64_t done, int64_t total, int64_t t)
{
    double secs = (double)(t - c->t0_ms) / 1000.0;
    double rate = secs > 0.5 ? (double)done / secs : 0;
    char left[48] = "";
    if (total > 0 && rate > 0 && done < total) {
        double s = (double)(total - done) / rate;
        if (s < 60)
            snprintf(left, sizeof left, "，剩余约%.0f秒", s + 0.5);
        else
            snprintf(left, sizeof left, "，剩余约%d分%02d秒", (int)(s / 60), (int)s % 60);
    }
    if (total > 0)
    {
        char rs[48] = "";
        if (rate > 0)
            snprintf(rs, sizeof rs, "，%.0f%s/秒", rate, c->unit);
        fprintf(stderr, "%s%s %lld/%lld（%.1f%%）%s%s%s", c->tty ? "\r" : "gongkai: ", what, (long long)done,
                (long long)total, 100.0 * (double)done / (double)total, rs, left, c->tty ? "\033[K" : "\n");
    }
    else
        fprintf(stderr, "%s%s……%s", c->tty ? "\r" : "gongkai: ", what, c->tty ? "\033[K" : "\n");
    fflush(stderr);
}

static void report(void *arg, const char *what, int64_t done, int64_t total)
{
    struct cli_progress *c = arg;
    int64_t t = now_ms();
    bool phase = strcmp(what, c->what) != 0;
    bool end = total > 0 && done >= total;
    int tenth = total > 0 ? (int)(10 * done / total) : 0;
    bool due = c->tty ? t - c->last_ms >= CLI_PROGRESS_TTY_MS
                      : t - c->last_ms >= CLI_PROGRESS_LOG_S * 1000 || tenth != c->tenth;
    if (!(phase || end || due))
        return;
    if (phase) {
        if (c->tty && c->what[0])
            fputc('\n', stderr);
        snprintf(c->what, sizeof c->what, "%s", what);
        c->t0_ms = t;
    }
    c->last_ms = t;
    c->tenth = tenth;
    c->shown = true;
    line(c, what, done, total, t);
}

void cli_progress_init(struct cli_progress *c, const char *unit, struct gk_progress *out)
{
    memset(c, 0, sizeof *c);
    c->tty = isatty(STDERR_FILENO) == 1;
    c->unit = unit ? unit : "";
    c->t0_ms = c->last_ms = now_ms();
    c->last_ms -= 1000 * CLI_PROGRESS_LOG_S;   /* the first report is shown */
    out->fn = report;
    out->arg = c;
}

void cli_progress_end(struct cli_progress *c)
{
    if (c->tty && c->shown)
        fputc('\n', stderr);
    c->shown = false;
}
