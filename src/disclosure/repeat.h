/*
 * disclosure/repeat — repeated requests (《政府信息公开条例》第四十四条):
 * "多个申请人就相同政府信息向同一行政机关提出公开申请，且该政府信息属于可以公开的，
 * 行政机关可以纳入主动公开的范围". Applications asking for the same information
 * are grouped by the similarity of their request texts; a group asked for
 * by at least `min_applicants` different applicants, where the information
 * was found disclosable (an answer of 予以公开 or 部分公开), is proposed for
 * proactive publication. Publishing makes a draft document that goes
 * through the agency's review chain (publish/workflow.c) like any other.
 *
 * The similarity rule: the request text is normalised (full-width folded,
 * ASCII lowercased, punctuation and spaces dropped, the phrases every
 * request carries removed: repeat_fillers[] in repeat.c), cut into
 * character bigrams, and two requests are the same information when the
 * Jaccard index of their bigram sets reaches `min_similarity`. Two
 * applications whose replies released the same thing — a registered
 * document cited, or a file of the same content (SHA-256) — ask for the same
 * information too, however differently worded. Groups are the connected
 * components of both relations (single linkage).
 *
 * Applicants are told apart by the store's keyed hash of who applied (ID
 * number, else name and phone): nothing personal is read to group.
 */
#ifndef GONGKAI_DISCLOSURE_REPEAT_H
#define GONGKAI_DISCLOSURE_REPEAT_H

#include "base/base.h"

#define REPEAT_APPS_MAX 5000        /* applications grouped in one run: the newest */
#define REPEAT_GRAMS_MAX 2000       /* bigrams of one request (its 2,000 characters) */

/* The agency's settings (art44.min_applicants, art44.similarity). */
struct repeat_rule {
    int min_applicants;              /* default 3 */
    double min_similarity;           /* default 0.5: Jaccard of bigram sets, 0–1 */
};
#define REPEAT_RULE_DEFAULT ((struct repeat_rule){3, 0.5})
/* Reads a setting's text into the rule: min_applicants 2–1000, similarity
 * 0.05–1. GK_EINVAL naming the setting otherwise. */
int repeat_rule_set(struct repeat_rule *r, const char *key, const char *value, err *e);

/* What grouping needs of an application (borrowed pointers). */
struct repeat_app {
    int64_t id;
    const char *request;
    const char *who;                 /* the applicant's keyed hash ("" = unknown: counts as its own) */
    bool disclosable;                /* answered 予以公开 or 部分公开 */
    const char *released;            /* what its reply released: keys ("doc:7",
                                        "file:SHA256") separated by ','; NULL or
                                        "" = nothing; at most REPEAT_KEYS_MAX read */
};
#define REPEAT_KEYS_MAX 64          /* released keys of one application */

/* The normalised text (out is reset first). */
void repeat_normalise(const char *text, buf *out);
/* The Jaccard index of the bigram sets of two requests' normalised texts
 * (0 when either has no bigram). */
double repeat_similarity(const char *a, const char *b);

struct repeat_group {
    size_t *members;                 /* indexes into the apps given, in order */
    size_t n;
    int applicants;                  /* different applicants among them */
    bool disclosable;                /* one of them was answered 予以公开 or 部分公开 */
    bool proposed;                   /* applicants >= min_applicants and disclosable */
    bool by_release;                 /* some members joined by what their replies released */
};
/* Groups apps (n ≤ REPEAT_APPS_MAX) by the rule; only groups of two or more
 * applications are returned, the largest first. *out is malloc'ed: free with
 * repeat_groups_free. GK_EINVAL when n is past the maximum. */
int repeat_group_apps(const struct repeat_app *apps, size_t n, const struct repeat_rule *rule,
                      struct repeat_group **out, size_t *nout, err *e);
void repeat_groups_free(struct repeat_group *g, size_t n);

/* The draft of a proactive publication for a group: the staff's title and
 * text, the issuer, the day written. GK_EINVAL naming the field (title,
 * issuer, body: empty, not UTF-8, too long); d is initialised either way
 * (doc_clear frees it). */
struct doc;
int repeat_draft(int64_t agency_id, const char *title, const char *body, const char *issuer, gk_day written,
                 struct doc *d, err *e);

#endif
