/* store — channels, archive and library copies, the report's facts (channel.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_CHANNEL_H
#define GONGKAI_STORE_CHANNEL_H

#include "store/store.h"

/* ==== channels and archive copies (issue 18; src/store/channel.c) ==========
 * The agency's channels (publish/channel.h: kinds), the documents sent to
 * them (date, reference), and copy packages for the archive and the library
 * with their delivery. Each change is one transaction with its audit entry
 * (entities "channel", "channel_send", "archive_package"). */
struct store_channel {
    int64_t id;
    int kind;                 /* enum chan_kind */
    char name[256];
    char created_at[32];
    int64_t sends;            /* documents sent to it so far */
};
/* GK_ESTATE when the agency has a channel of that name; GK_EINVAL for an
 * empty or too long name (CHAN_NAME_MAX characters). */
int store_channel_add(store_t *s, int64_t agency_id, int kind, const char *name, const char *actor, int64_t *id,
                      err *e);
/* *out is malloc'ed (free it), in the order they were added. */
int store_channel_list(store_t *s, int64_t agency_id, struct store_channel **out, size_t *n, err *e);
int store_channel_get(store_t *s, int64_t agency_id, int64_t id, struct store_channel *out, err *e);
/* Records that a published document of the agency went to a channel on
 * `sent` (not before its publication) with its reference (the gazette's
 * issue, a newspaper's date and page, a post's address; CHAN_REF_MAX
 * characters). GK_ESTATE when the document is not published (or withdrawn)
 * or was sent to that channel already. */
int store_channel_send(store_t *s, int64_t agency_id, int64_t channel_id, int64_t doc_id, gk_day sent,
                       const char *reference, const char *actor, int64_t *id, err *e);
struct store_channel_sent {
    int64_t id, channel_id, doc_id;
    int kind;
    char channel[256], title[1024], docno[192], issuer[256], index_no[128];
    char written[11], published[11], sent[11], reference[512], sent_by[128];
};
struct store_send_filter {
    int64_t agency_id;
    int64_t channel_id, doc_id;   /* 0 = all */
    int year;                     /* year sent, 0 = all */
    const char *reference;        /* exact (a gazette issue), NULL = all */
};
/* Sends, oldest first. */
int store_channel_sends(store_t *s, const struct store_send_filter *f,
                        int (*fn)(const struct store_channel_sent *, void *), void *arg, err *e);
/* Documents (each once, not withdrawn) sent in `year` per kind of channel. */
int store_channel_counts(store_t *s, int64_t agency_id, int year, int64_t out[6], err *e);

/* A published document whose copy for a recipient is not delivered yet
 * (package_id: the newest undelivered package holding it, 0 = none). */
struct store_arch_pending {
    int64_t doc_id, package_id;
    char title[1024], published[11];
};
/* Published documents (not withdrawn) from `since` (YYYY-MM-DD; ""/NULL =
 * all) with no delivered copy for recipient (enum arch_recipient), oldest first. */
int store_archive_pending(store_t *s, int64_t agency_id, int recipient, const char *since,
                          int (*fn)(const struct store_arch_pending *, void *), void *arg, err *e);
/* A copy package of the documents (all published by the agency) for the
 * recipient; GK_ESTATE when there are none or one is not published. */
int store_archive_package_add(store_t *s, int64_t agency_id, int recipient, const int64_t *docs, size_t n,
                              const char *actor, int64_t *id, err *e);
struct store_arch_package {
    int64_t id, ndocs;
    int recipient;            /* enum arch_recipient */
    char created_at[32], created_by[128];
    char delivered[11];       /* "" until delivered */
    char receiver[256], reference[512], delivered_by[128];
};
/* Its delivery: on which day, who received it (required), the reference
 * (a receipt's number). GK_ESTATE when it was delivered already. */
int store_archive_deliver(store_t *s, int64_t agency_id, int64_t package_id, gk_day on, const char *receiver,
                          const char *reference, const char *actor, err *e);
int store_archive_package_get(store_t *s, int64_t agency_id, int64_t id, struct store_arch_package *out, err *e);
/* Newest first. */
int store_archive_packages(store_t *s, int64_t agency_id, int (*fn)(const struct store_arch_package *, void *),
                           void *arg, err *e);
/* The documents of a package, oldest first; *out is malloc'ed (free it). */
int store_archive_package_docs(store_t *s, int64_t agency_id, int64_t id, int64_t **out, size_t *n, err *e);

/* The facts of `year` section 一 is drafted from (report.h struct rpt_facts). */
struct rpt_facts;
int store_report_facts(store_t *s, int64_t agency_id, int year, struct rpt_facts *f, err *e);

#endif
