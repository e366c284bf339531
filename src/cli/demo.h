/* cli — the demo's records (demo_records.c, its fixed texts demo_docs.c),
 * used by `gongkai demo`. */
#ifndef GONGKAI_CLI_DEMO_H
#define GONGKAI_CLI_DEMO_H

#include "store/store.h"

/* Adds documents, applications, review cases and last year's published
 * report to the agency, dated relative to today. Runs inside the caller's
 * transaction; counts what it added. */
int demo_records(store_t *st, int64_t agency_id, const char *agency_name, int *ndocs, int *napps, err *e);

/* A document of the demo year whose text does not change with the year:
 * its title (pre, the year + yoff, post; or post alone when pre is NULL),
 * vocabulary, the month and day written and published. */
struct demo_doc {
    const char *pre;
    int yoff;
    const char *post, *category, *genre;
    int item, wm, wd, pm, pd;
    const char *body;
};
/* demo_docs.c: those published before the temporary-relief rules of June,
 * and those after them (static data). */
extern const struct demo_doc demo_docs_spring[], demo_docs_autumn[];
extern const size_t demo_ndocs_spring, demo_ndocs_autumn;

#endif
