/* cli — the demo's records (demo_records.c), used by `gongkai demo`. */
#ifndef GONGKAI_CLI_DEMO_H
#define GONGKAI_CLI_DEMO_H

#include "store/store.h"

/* Adds documents, applications, review cases and last year's published
 * report to the agency, dated relative to today. Runs inside the caller's
 * transaction; counts what it added. */
int demo_records(store_t *st, int64_t agency_id, const char *agency_name, int *ndocs, int *napps, err *e);

#endif
