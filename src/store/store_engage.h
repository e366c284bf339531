/* store — talking with the public: messages, suggestions, consultations (engage*.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_ENGAGE_H
#define GONGKAI_STORE_ENGAGE_H

#include "store/store.h"

/* ---- talking with the public (src/engage, store/engage.c) ----------------
 * Three registers: messages (咨询、投诉、12345 work orders), suggestions and
 * proposals, public comment on drafts. Each add and each save writes the
 * record, one engage_step row and one audit row in one transaction; a save
 * whose `before` is no longer what is stored (someone else saved meanwhile:
 * the version moved) is refused with GK_ESTATE and nothing written. The audit
 * rows leave out personal data (names and contacts of askers, commenters,
 * deputies' contacts). Steps are listed oldest first. */
#include "engage/engage.h"
struct store_eng_step {
    char event[32];
    char on[11];
    char actor[64];
    char text[LIM_BYTES(ENG_TEXT)];
    char at[32];
};
int store_eng_steps(store_t *s, const char *reg, int64_t record_id,
                    int (*fn)(const struct store_eng_step *, void *), void *arg, err *e);

/* m->code is given a new follow-up code; m->id and m->version are set. A
 * second work order with the same source and order number in the agency is
 * refused (GK_ESTATE, where "order_no") — never registered twice. */
int store_msg_add(store_t *s, struct msg *m, const char *actor, err *e);
int store_msg_get(store_t *s, int64_t agency_id, int64_t id, struct msg *out, err *e);
/* By the public follow-up code, in any agency. */
int store_msg_by_code(store_t *s, const char *code, struct msg *out, err *e);
int store_msg_save(store_t *s, const struct msg *before, struct msg *after, const struct msg_step *st,
                   const char *actor, err *e);
struct store_msg_filter {
    int year;                 /* received in this year; 0 = any */
    bool open_only;           /* not yet answered */
    bool public_only;         /* what the public list shows (msg_is_public) */
    int limit, offset;        /* 0 = no limit */
};
int store_msg_list(store_t *s, int64_t agency_id, const struct store_msg_filter *f,
                   int (*fn)(const struct msg *, void *), void *arg, err *e);
int64_t store_msg_count(store_t *s, int64_t agency_id, const struct store_msg_filter *f, err *e);

int store_sug_add(store_t *s, struct sug *x, const char *actor, err *e);
int store_sug_get(store_t *s, int64_t agency_id, int64_t id, struct sug *out, err *e);
int store_sug_save(store_t *s, const struct sug *before, struct sug *after, const char *event,
                   const char *text, gk_day on, const char *actor, err *e);
/* The publish step: the reply's catalogue draft (sug_reply_doc, issued by
 * `issuer`; none when it has one) and the record, both or neither; after->doc_id
 * is set from the draft. */
int store_sug_publish(store_t *s, const struct sug *before, struct sug *after, const char *issuer, const char *text,
                      gk_day on, const char *actor, err *e);
int store_sug_list(store_t *s, int64_t agency_id, int year, bool published_only,
                   int (*fn)(const struct sug *, void *), void *arg, err *e);

int store_consult_add(store_t *s, struct consult *k, const char *actor, err *e);
int store_consult_get(store_t *s, int64_t agency_id, int64_t id, struct consult *out, err *e);
int store_consult_save(store_t *s, const struct consult *before, struct consult *after, const char *event,
                       const char *actor, err *e);
/* The consultation a document was put out for (draft) or came out of (final);
 * GK_ENOTFOUND when none. */
int store_consult_of_doc(store_t *s, int64_t agency_id, int64_t doc_id, struct consult *out, err *e);
int store_consult_list(store_t *s, int64_t agency_id, int year, int (*fn)(const struct consult *, void *),
                       void *arg, err *e);
int store_comment_add(store_t *s, struct comment *m, err *e);
int store_comment_save(store_t *s, const struct comment *before, struct comment *after, const char *event,
                       const char *actor, err *e);
int store_comment_get(store_t *s, int64_t agency_id, int64_t id, struct comment *out, err *e);
/* shown_only: what the public sees (moderated and shown). */
int store_comment_list(store_t *s, int64_t consult_id, bool shown_only, int (*fn)(const struct comment *, void *),
                       void *arg, err *e);

/* The year's counts of the three registers, for the report's narrative. */
int store_engage_year(store_t *s, int64_t agency_id, int year, struct engage_year *y, err *e);

#endif
