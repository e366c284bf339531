/* store — applications, their intake and history, the handling chain and
 * review cases (app.c, app_intake.c, app_list.c, chain.c, review.c, stats.c,
 * idem.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_APP_H
#define GONGKAI_STORE_APP_H

#include "store/store.h"

/* ======================================================================
 * applications (依申请公开): the register. The domain (src/disclosure/)
 * decides every step; these functions keep what it decided, each change in
 * one transaction with its step in the application's history and an entry
 * in the audit trail (personal data left out of the audit).
 * ====================================================================== */
#include "disclosure/disclosure.h"

/* Registers a checked application (app_register): assigns its number (per
 * agency and receipt year), a public tracking code and its id. */
int store_app_add(store_t *s, struct app *a, const char *actor, err *e);
/* store_app_add for a form carrying a one-time token (a hidden field issued
 * with the form; NULL or "" = none): the token and the new application are
 * kept in the same transaction. When the token was consumed before (the same
 * form submitted again), nothing is added: *a becomes the application that
 * submission created and *again is set. */
int store_app_add_once(store_t *s, struct app *a, const char *actor, const char *form_token, bool *again,
                       err *e);
/* Keeps token -> (kind, record_id) for a record just created, inside the
 * caller's transaction (store_begin ... store_commit around the creation), so
 * that both are kept or neither. GK_EINVAL when the token was used before. */
int store_form_token_put(store_t *s, int64_t agency_id, const char *token, const char *kind, int64_t record_id,
                         err *e);
/* What a consumed form token created in the agency: kind ("application")
 * and the record's id; GK_ENOTFOUND when the token was never used. */
int store_form_token_get(store_t *s, int64_t agency_id, const char *token, char kind[32], int64_t *record_id,
                         err *e);
/* ---- idempotency keys of the JSON API (migration 013; web/idem.c) ---- */
/* A committed API write and its first answer, under (scope, key). */
struct store_idem {
    char method[8];
    char path[512];
    char request_hash[65];    /* of method, path and body */
    int status;
    char location[512];
    char ctype[64];
    char *body;               /* malloc'ed by store_idem_get; store_idem_free */
};
/* The answer kept under (scope, key); GK_ENOTFOUND when none was committed. */
int store_idem_get(store_t *s, const char *scope, const char *key, struct store_idem *out, err *e);
/* Keeps (scope, key) -> in, inside the caller's transaction around the write,
 * so both are kept or neither; GK_EINVAL when the key was taken meanwhile. */
int store_idem_put(store_t *s, int64_t agency_id, const char *scope, const char *key, const struct store_idem *in,
                   err *e);
void store_idem_free(struct store_idem *x);

/* One application by its number ("2024-00012") or its id as text. */
int store_app_get(store_t *s, int64_t agency_id, const char *no, struct app *out, err *e);
/* Saves a step: after must come from app_step on a copy of before. Refused
 * (GK_ESTATE) when someone changed the application since before was read.
 * event is the app_events[] code, summary the history line. after->version
 * is bumped. */
int store_app_save(store_t *s, const struct app *before, struct app *after, const char *actor,
                   const char *event, gk_day on, const char *summary, err *e);

/* store_app_save with a file proving a delivery (送达, APP_EV_DELIVER), kept
 * in the same transaction (one per application). proof may be NULL; its
 * pointers are borrowed for the call. */
struct store_proof {
    const char *name, *ctype;
    const void *data;
    size_t len;
};
int store_app_save_proof(store_t *s, const struct app *before, struct app *after, const char *actor,
                         const char *event, gk_day on, const char *summary, const struct store_proof *proof, err *e);
/* The proof file of an application's delivery; out->data is the caller's to
 * buf_free. GK_ENOTFOUND when none was kept. */
struct store_proof_file {
    char name[256], ctype[128];
    buf data;
};
int store_app_proof(store_t *s, int64_t agency_id, int64_t app_id, struct store_proof_file *out, err *e);

struct store_app_step {
    int64_t id;
    char event[32], on_date[11], actor[128], recorded_at[32];
    const char *summary;     /* valid during the callback */
};
int store_app_steps(store_t *s, int64_t app_id, int (*fn)(const struct store_app_step *, void *),
                    void *arg, err *e);

/* Intake of an online application under limits (issue 11). A limit allows
 * at most max rate events of kind/key in the last window_s seconds; an
 * empty key is not limited (e.g. no ID number given). */
struct store_limit {
    const char *kind, *key;
    int64_t window_s, max;
};
struct store_intake {
    const struct store_limit *limits;  /* borrowed for the call */
    int nlimits;
    int64_t now;                       /* epoch seconds */
    int64_t surge_max;                 /* platform-wide per hour; 0 = no brake */
    const char *form_token;            /* the form's one-time token, or NULL (store_app_add_once) */
    bool again;                        /* out: the token was used before; *a is that application */
    int refused;                       /* out: -1, or the index of the full limit (nothing written) */
    int64_t retry_at;                  /* out: when that limit has room again (epoch seconds) */
    bool surge;                        /* out: registered and marked 'surge' for staff to confirm */
};
/* Registers like store_app_add, with the limits checked and counted and the
 * surge mark set in the same transaction as the insert, so concurrent
 * requests cannot pass a full limit (SQLite: BEGIN IMMEDIATE; PostgreSQL:
 * the agency row is locked). A refusal returns 0 with in->refused >= 0. A
 * surge never refuses: the application is registered and marked. */
int store_app_intake(store_t *s, struct app *a, const char *actor, struct store_intake *in, err *e);
/* Staff's verdict on an application's intake: "genuine" or "spam", with a
 * reason (required), and the audit entry "intake" (before, after with the
 * reason), in one transaction. Spam is counted nowhere in table 三, the due
 * list or fees by count. */
int store_app_intake_set(store_t *s, int64_t agency_id, const char *no, const char *verdict, const char *reason,
                         const char *actor, err *e);
/* Applications whose intake is `intake` ("surge", "genuine", "spam"; "" =
 * any of them), newest first; fn gets the row, its intake and reason (valid
 * during the call) and returns non-zero to stop. */
int store_app_intake_list(store_t *s, int64_t agency_id, const char *intake, int limit,
                          int (*fn)(const struct app *, const char *intake, const char *reason, void *), void *arg,
                          err *e);

struct store_app_filter {
    int64_t agency_id;
    int state;               /* enum app_state, 0 = all */
    bool open_only;
    int year;                /* year of receipt, 0 = all */
    int kind;                /* enum rpt_col, -1 = all */
    const char *since, *until;  /* received on or after / on or before, YYYY-MM-DD; NULL = open */
    int limit, offset;       /* limit 0 = 100 */
    bool undelivered;        /* answered, the reply not yet served (送达) */
};
/* Applications newest first; fn returns non-zero to stop. */
int store_app_list(store_t *s, const struct store_app_filter *f, int (*fn)(const struct app *, void *),
                   void *arg, err *e);
/* Open applications whose next deadline is on or before `until`, most
 * urgent first (earliest deadline). */
int store_app_due(store_t *s, int64_t agency_id, gk_day until, int (*fn)(const struct app *, void *),
                  void *arg, err *e);
/* Open applications re-dated by a calendar import (a "redate" step) on or
 * after `since`, earliest deadline first: the console lists them. */
int store_app_redated(store_t *s, int64_t agency_id, gk_day since, int (*fn)(const struct app *, void *),
                      void *arg, err *e);
/* The rank of this application among its applicant's applications received
 * in the same calendar month (by ID number, else name and phone): for fees by
 * count. */
int store_app_nth_in_month(store_t *s, const struct app *a, int *nth, err *e);

/* The public follow-up: tracking code and phone number; only the state and
 * the deadlines come back, never personal data. GK_ENOTFOUND when the code
 * and phone do not match (without saying which). */
struct store_app_public {
    int state;               /* enum app_state */
    gk_day received, reply_due, concluded;
    int64_t agency_id;       /* the agency that holds it */
    int dl_how;              /* enum app_delivery the reply was served by, 0 = not yet */
    gk_day delivered;
    char no[24];             /* to read the application (store_app_get) for its own letter */
};
int store_app_public_status(store_t *s, const char *tracking, const char *phone,
                            struct store_app_public *out, err *e);

/* Table 三 of `year`: one GROUP BY pass; calls fn per (kind, outcome) row
 * (see struct app_tally in disclosure.h for what each count means). */
int store_app_tally(store_t *s, int64_t agency_id, int year,
                    int (*fn)(const struct app_tally *, void *), void *arg, err *e);
/* Tables 三 and 四 of `year` into r: both tallies, mapped through the
 * outcome taxonomy (app_report_*, app_cases_*); sets year and layout. */
int store_app_report(store_t *s, int64_t agency_id, int year, rpt *r, err *e);
/* The dates of every application of the agency received or concluded in
 * `year` (spam aside), for the public statistics (report/stats.h; stats.c):
 * no personal field. fn's pointer lives for the call. */
struct rpt_stats_app;
int store_app_times(store_t *s, int64_t agency_id, int year,
                    int (*fn)(const struct rpt_stats_app *, void *), void *arg, err *e);
/* Repeated requests (Art. 44; disclosure/repeat.h, stats.c): the newest
 * `limit` applications received on or after `since` (spam aside) with what
 * grouping needs: the request, the keyed hash of who applied (never a
 * personal field), the outcome ("" while open) and the draft document the
 * application is linked to (0 = none), and what its issued reply released
 * (released: "doc:ID" for each registered document cited, "file:SHA256" for
 * each file, comma-separated; "" when nothing or not yet answered through
 * the chain). The row's pointers live for the call. */
struct store_repeat_row {
    int64_t id;
    const char *app_no, *request, *who, *outcome;
    gk_day received;
    int64_t doc_id;
    const char *released;
};
int store_repeat_rows(store_t *s, int64_t agency_id, gk_day since, int limit,
                      int (*fn)(const struct store_repeat_row *, void *), void *arg, err *e);
/* Publishing what several applicants asked for: adds the draft d (its id
 * set; store_doc_add) and links each application to it, with the audit entry
 * "art44_proposed", in one transaction. GK_ENOTFOUND for an application not
 * of the agency, GK_ESTATE for one already linked; nothing is kept then. */
struct doc;
int store_repeat_publish(store_t *s, int64_t agency_id, const int64_t *app_ids, size_t n, struct doc *d,
                         const char *actor, err *e);
/* One plain aggregate pass (SELECT kind, outcome, COUNT(*) ... GROUP BY):
 * the floor the report computation is measured against. */
int store_app_count_groups(store_t *s, int64_t agency_id, int64_t *groups, int64_t *rows, err *e);
/* Bulk load (benchmarks, imports): rows from next() until it returns 1,
 * in one transaction, numbered like store_app_add, with one audit entry for
 * the whole load. next returns 0 = a row is ready, 1 = done, <0 = error. */
int store_app_bulk(store_t *s, int64_t agency_id, int (*next)(struct app *, void *), void *arg,
                   const char *actor, int64_t *count, err *e);

/* ---- the handling chain (issue 18; migration 025; src/store/chain.c) ----
 * The domain (disclosure/chain.h) decides each step on a copy; the store
 * keeps it with its history line (app_step, event = the action's code) and
 * its audit row in one transaction. store_app_save refuses an "answer"
 * unless the chain holds an approved draft of that very reply
 * (app_chain_issue, inside the answer's transaction), and marks it issued. */
#include "disclosure/chain.h"
/* The application's chain; state APP_CH_NONE (version 0) when never assigned. */
int store_chain_get(store_t *s, const struct app *a, struct app_chain *out, err *e);
/* A file a draft releases. In: name, data, len (borrowed for the call).
 * Out (store_chain_files): name, sha256, len, and data when asked. */
struct store_chain_file {
    char name[256];
    char sha256[65];
    const void *data;
    size_t len;
};
/* Saves a step: after comes from app_chain_step on a copy of before
 * (store_chain_get). A draft's files (at most APP_CHAIN_MAX_FILES, each at
 * most APP_CHAIN_FILE_MAX_MB MiB, a plain name) replace those of earlier
 * drafts. GK_ESTATE when someone changed the chain since before was read. */
int store_chain_save(store_t *s, const struct app *a, const struct app_chain *before, struct app_chain *after,
                     const char *actor, int action, const char *summary, const struct store_chain_file *files,
                     size_t nfiles, err *e);
/* The files of the application's latest draft, oldest first; *out is
 * malloc'ed, with each data when with_data: free with store_chain_files_free. */
int store_chain_files(store_t *s, const struct app *a, bool with_data, struct store_chain_file **out, size_t *n,
                      err *e);
void store_chain_files_free(struct store_chain_file *f, size_t n);
/* One row of a queue: the chain and what the dashboard shows of the
 * application (pointers valid during the callback). */
struct store_chain_item {
    const struct app_chain *chain;
    char app_no[24];
    char request[LIM_BYTES(LIM_APP_REQUEST)];
    gk_day due;                /* the application's next deadline, 0 when none */
};
/* Chains of the agency in `state`, of one handler (NULL: anyone's), the
 * nearest deadline first; fn returns non-zero to stop. */
int store_chain_queue(store_t *s, int64_t agency_id, int state, const char *handler,
                      int (*fn)(const struct store_chain_item *, void *), void *arg, err *e);

/* ======================================================================
 * review cases: administrative review and litigation arising from
 * applications (report table 四).
 * ====================================================================== */
int store_case_add(store_t *s, struct app_case *c, const char *actor, err *e);
int store_case_get(store_t *s, int64_t agency_id, int64_t id, struct app_case *out, err *e);
/* Saves a closed case (app_case_close on a copy of before). */
int store_case_save(store_t *s, const struct app_case *before, const struct app_case *after,
                    const char *actor, err *e);
/* Cases filed in `year` (0 = all), newest first. */
int store_case_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_case *, void *),
                    void *arg, err *e);
/* Table 四 of `year`: cases filed in the year by kind and result as of 31 December. */
int store_case_tally(store_t *s, int64_t agency_id, int year,
                     int (*fn)(const struct app_case_tally *, void *), void *arg, err *e);

#endif
