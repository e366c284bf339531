/*
 * calendar — private interface between calendar.c, provisional.c and load.c.
 * Only src/calendar/ and tests/unit/test_calendar.c include it.
 */
#ifndef GONGKAI_CALENDAR_INTERNAL_H
#define GONGKAI_CALENDAR_INTERNAL_H

#include "calendar/calendar.h"

/* One statutory holiday of a provisional year. */
typedef struct prov_fact {
    gk_day day;
    const char *name;   /* static string, e.g. "春节" */
} prov_fact;

/* Every statutory holiday of CAL_PROV_FIRST..CAL_PROV_LAST by the rules of
 * the version of the Measures in force each year, in date order. Computed
 * once per process (thread-safe); the array is static: never free it. */
const prov_fact *prov_facts(size_t *n);

/* The Gregorian date of day ld of the (non-leap) month lm of lunar year ly:
 * liblunar-date's table to 2100; after it, up to CAL_PROV_LAST, the embedded
 * table of 正月初一, 五月初五 and 八月十五 only; -1 otherwise. */
int prov_lunar_to_solar(int ly, int lm, int ld, gk_day *out);
/* The Beijing civil day on which the 清明 solar term falls in `year`. */
gk_day prov_qingming(int year);

/* A day fact read from a text (load.c), before it is merged. */
#define CAL_NAME_MAX_BYTES 96
typedef struct cal_pending {
    gk_day day;
    uint8_t kind;      /* CAL_HOLIDAY or CAL_WORKDAY */
    int line;          /* where it was read, for messages */
    char name[CAL_NAME_MAX_BYTES + 1];
} cal_pending;

/* Merges validated, sorted, duplicate-free facts v[0..n) into c (a new fact
 * replaces the old one of its day) and rebuilds the tables; a national notice
 * (mark_known) makes the years it covers known. v stays the caller's. */
void cal_merge(cal_t *c, const cal_pending *v, size_t n, bool mark_known);

#endif
