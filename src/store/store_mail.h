/* store — the e-mail outbox (mail.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_MAIL_H
#define GONGKAI_STORE_MAIL_H

#include "store/store.h"

/* ---- the e-mail outbox (migration 022; store/mail.c, src/mail/) ----
 * A step that owes a mail (register: the applicant's receipt and staff's
 * notice; supplement_request; answer) writes an outbox row in its own
 * transaction when the agency has mail.host set (the applicant's only when
 * there is an address, staff's only when mail.staff_to is set). Senders
 * claim a row under a lease, then mark it sent or failed (queued again
 * with the error and the time of the next try). Nothing is deleted. */
extern const char *const store_mail_kinds[];   /* receipt, supplement, reply, staff_new, staff_due; NULL-ended */
struct store_mail {
    int64_t id, agency_id, app_id;
    char kind[16], ref[32], state[16];          /* state: queued, sending, sent */
    int attempts;
    int64_t next_at;                            /* epoch seconds */
    char last_error[512], subject[512], message_id[160], created_at[32], sent_at[32];
};
/* Adds a row unless (agency, kind, app, ref) has one; *added (may be NULL)
 * says whether it did. */
int store_mail_enqueue(store_t *s, int64_t agency_id, const char *kind, int64_t app_id, const char *ref, int64_t now,
                       bool *added, err *e);
/* Takes the next row due at now (or left by a sender whose lease ran out)
 * and holds it for lease_s seconds: 1 and *out, 0 when none is due. */
int store_mail_claim(store_t *s, int64_t now, int lease_s, struct store_mail *out, err *e);
int store_mail_sent(store_t *s, int64_t id, const char *subject, const char *message_id, err *e);
/* Back to the queue: one more attempt, the error, not before next_at. */
int store_mail_failed(store_t *s, int64_t id, const char *why, int64_t next_at, const char *subject,
                      const char *message_id, err *e);
/* Every queued row of the agency due now (after the server came back); *n rows. */
int store_mail_retry_now(store_t *s, int64_t agency_id, int64_t now, int64_t *n, err *e);
/* Newest first; pending_only: not sent yet. fn returns non-zero to stop. */
int store_mail_list(store_t *s, int64_t agency_id, bool pending_only, int limit,
                    int (*fn)(const struct store_mail *, void *), void *arg, err *e);
int store_mail_counts(store_t *s, int64_t agency_id, int64_t *queued, int64_t *failing, int64_t *sent, err *e);
/* The agencies that send mail (mail.host set for them or the deployment);
 * *ids malloc'ed. */
int store_mail_agencies(store_t *s, int64_t **ids, size_t *n, err *e);

/* The history of one application, oldest first. */

#endif
