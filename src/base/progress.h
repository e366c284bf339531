/*
 * progress — how far a long piece of work has got (issue 16, item 11), for
 * whoever shows it: the command line on a terminal or in a log
 * (cli/cli_progress.c), the console's progress page (web/pages_import.c).
 * Library code reports through the hook it is handed and never prints; a
 * NULL hook costs one test.
 */
#ifndef GONGKAI_PROGRESS_H
#define GONGKAI_PROGRESS_H

#include <stdint.h>

struct gk_progress {
    /* what: the phase in the user's words ("导入", "索引"); done of total
     * units (total 0 = not known). Called from the working thread. */
    void (*fn)(void *arg, const char *what, int64_t done, int64_t total);
    void *arg;
};

static inline void gk_progress_report(const struct gk_progress *p, const char *what, int64_t done, int64_t total)
{
    if (p && p->fn)
        p->fn(p->arg, what, done, total);
}

#endif
