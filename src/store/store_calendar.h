/* store — calendar years imported after the build (calendar.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_CALENDAR_H
#define GONGKAI_STORE_CALENDAR_H

#include "store/store.h"

/* ---- calendar years imported after the build (src/store/calendar.c) ----
 * Facts belong to the national calendar (region "") or to a regional layer
 * (e.g. "新疆"); an agency counts on the national calendar with its region's
 * layer on top (setting calendar.region, agency's or the deployment's). */
#define STORE_CALENDAR_REGION_KEY "calendar.region"
int store_calendar_put(store_t *s, const char *date, const char *kind, const char *name,
                       const char *source, err *e);
/* Every stored fact of one region ("" national) as TSV lines
 * "date\tkind\tname" (to load into a cal_t). */
int store_calendar_tsv(store_t *s, buf *out, err *e);
int store_calendar_region_tsv(store_t *s, const char *region, buf *out, err *e);
/* The working-day calendar this deployment uses: what gongkai ships
 * (cal_builtin) plus the years imported into the store. *out is the
 * caller's to cal_free. */
struct cal_t;
int store_calendar(store_t *s, struct cal_t **out, err *e);
/* The calendar of one region: store_calendar with the region's layer on top
 * ("" or NULL: the national one). */
int store_calendar_region(store_t *s, const char *region, struct cal_t **out, err *e);
/* The region an agency counts on (its setting, else the deployment's, else
 * ""), into region[64]. */
int store_agency_region(store_t *s, int64_t agency_id, char region[64], err *e);
/* The calendar an agency counts on: store_calendar_region of its region. */
int store_calendar_for(store_t *s, int64_t agency_id, struct cal_t **out, err *e);

/* Importing a year's facts and re-dating what is open, in ONE transaction:
 * the facts (TSV lines as cal_dump_tsv writes them, already checked by the
 * caller with cal_load_tsv) are kept for `region` ("" national), an audit
 * entry records the import, then for every agency that counts on that
 * calendar (all of them for the national one; those whose region is
 * `region` otherwise) every open application is handed to `redate` with the
 * agency's calendar after the import. redate (the domain) recomputes the
 * application in place, writes the history line into `summary` and returns
 * 1 when its deadlines changed, 0 when not, a negative GK_* on error. Each
 * changed application is saved (store_app_save: event "redate", dated
 * `today`, its history and audit entry) and listed in *out, earliest new
 * deadline first. Any error rolls everything back: nothing is kept. *out is
 * malloc'ed (free it), also when *n is 0. */
struct app;
struct store_redated {
    int64_t agency_id, app_id;
    char agency[64];          /* agency code */
    char no[24];
    gk_day due_before, due_after;        /* next deadline */
    gk_day reply_before, reply_after;    /* reply deadline */
    bool provisional;                    /* still counted over a provisional year */
};
typedef int (*store_redate_fn)(void *arg, struct cal_t *cal, struct app *a, buf *summary,
                               bool *provisional, err *e);
int store_calendar_import(store_t *s, const char *region, const char *tsv, size_t tsv_len,
                          const char *source, const char *actor, gk_day today,
                          store_redate_fn redate, void *arg, struct store_redated **out,
                          size_t *n, err *e);

#endif
