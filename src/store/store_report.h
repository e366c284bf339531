/* store — the annual reports as published on the portal (portal.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_REPORT_H
#define GONGKAI_STORE_REPORT_H

#include "store/store.h"

/* ==== portal publications (the web portal's annual reports) ================
 * The report of a year as the agency published it on its portal (the JSON
 * of report/ at the moment of sign-off, so that later corrections to the
 * records do not change what the public read), and the narrative sections
 * staff write around the tables. report/schedule.h decides when a report may
 * be signed off and published; these functions keep it, each in one
 * transaction with its entry in the audit trail (entity "report", the year). */
struct store_report_pub {
    int64_t agency_id;
    int year;
    char *narrative_json;     /* the draft: {"overview": "...", "problems": "...", "other": "..."} */
    char *correction_note;    /* the draft's 更正说明 ("" when none) */
    char *report_json;        /* the current published version; NULL until published */
    char published_at[32], published_by[128];
    char updated_at[32], updated_by[128];
    int version;              /* the current published version; 0 = never published */
    char *signed_json;        /* the signed report JSON; NULL when the draft is not signed off */
    char signed_at[32], signed_by[128], signed_role[32];
};
/* Saves the draft (narrative and 更正说明, NULL note = ""); clears any
 * sign-off, since what was signed changed. Audit: "draft_saved". */
int store_report_save(store_t *s, int64_t agency_id, int year, const char *narrative_json,
                      const char *correction_note, const char *actor, err *e);
/* Signs off the draft: keeps report_json (computed now), the draft's
 * narrative and 更正说明 as signed, with who and in what role. Creates the
 * draft when none was saved. Audit: "signed_off". */
int store_report_sign(store_t *s, int64_t agency_id, int year, const char *report_json, const char *actor,
                      const char *role, err *e);
/* Publishes what was signed as the next version (1, 2, ...): the public sees
 * it from now on; the sign-off and the draft's note are cleared. GK_ESTATE
 * when nothing is signed. Audit: "published" (version 1) or "corrected". */
int store_report_publish(store_t *s, int64_t agency_id, int year, const char *actor, err *e);
/* GK_ENOTFOUND when nothing was saved for the year. */
int store_report_get(store_t *s, int64_t agency_id, int year, struct store_report_pub *out, err *e);
void store_report_pub_clear(struct store_report_pub *p);
/* Years with a published report, newest first; *out is malloc'ed. */
int store_report_years(store_t *s, int64_t agency_id, int **out, size_t *n, err *e);
/* One published version of a year's report. */
struct store_report_version {
    int version;
    char *report_json, *narrative_json;
    char *correction_note;    /* "" for the first version */
    char signed_at[32], signed_by[128], signed_role[32];
    char published_at[32], published_by[128];
};
/* The published versions of a year, newest (the public one) first; *out is
 * malloc'ed: free with store_report_versions_free. *n = 0 when never published. */
int store_report_versions(store_t *s, int64_t agency_id, int year, struct store_report_version **out,
                          size_t *n, err *e);
void store_report_versions_free(struct store_report_version *v, size_t n);
/* The agency's kind for the deadline of Art. 49: "department" or
 * "government" (report/schedule.h decides which are valid). */
int store_agency_kind(store_t *s, int64_t agency_id, char out[16], err *e);
int store_agency_set_kind(store_t *s, int64_t agency_id, const char *kind, const char *actor, err *e);
/* How many published documents each Art. 20 item (column "item") or topic
 * category (column "category") holds: fn(key, count) per non-empty key. */
int store_doc_counts(store_t *s, int64_t agency_id, const char *column,
                     int (*fn)(const char *key, int64_t n, void *), void *arg, err *e);

#endif
