/* store — search over published documents, feeds, synonyms and frequent
 * strings (doc_search.c, doc_feed.c, doc_synonyms.c).
 * Part of store.h, which includes it: callers include "store/store.h". */
#ifndef GONGKAI_STORE_SEARCH_H
#define GONGKAI_STORE_SEARCH_H

#include "store/store.h"

/* Full-text search over published documents (title, 文号 in every written
 * form, body), with filters; results by relevance or date, the exact total,
 * and snippets with the terms marked. Query syntax: search/search.h (terms
 * are ANDed, each matched as a substring after folding); an empty query
 * lists the documents the filters select, newest first. GK_EINVAL for a
 * query search/ refuses. */
struct store_doc_query {
    int64_t agency_id;        /* 0 = every agency */
    const char *text;         /* the query as typed */
    int year;                 /* year published, 0 = any */
    const char *category;     /* canonical names, NULL = any */
    const char *genre;
    const char *issuer;       /* issuing body, exact */
    int item;                 /* Art. 20 item, 0 = any */
    int validity;             /* enum doc_validity (today), -1 = any */
    bool by_date;             /* newest first instead of by relevance */
    int limit, offset;        /* limit 0 = 20, at most 1000 */
    int relevance_pool;       /* 0 = STORE_RELEVANCE_POOL (see below) */
};
/* By relevance, a search that finds more documents than the pool ranks the
 * most recently added `pool` of them (PostgreSQL: the hits among the `pool`
 * most recently added candidates of its index), and lists the others after
 * them, most recently added first (so paging shows each hit once). On 1,000,000 documents ranking every hit of 关于
 * took 673 ms, the pool 18 ms; BM25 still walks a phrase's hits once for
 * its weight (最低生活保障: 64 ms). The total stays exact. */
#define STORE_RELEVANCE_POOL 2000
struct store_doc_result {
    int64_t id;
    char title[1024], docno[192], published[11], index_no[128];
    char *snippet;            /* HTML (escaped) with the terms in <mark>; malloc'ed */
    int validity;             /* enum doc_validity today: 现行有效 / 已废止 / 已失效 */
};
/* Every page is a slice of one order, whatever the sort and the total:
 * by date newest first; by relevance BM25 weighed by the kind of document
 * (doc_rank_weight: policies and interpretations above routine statistics),
 * and past the pool (above) the hits outside it newest first. The terms are
 * widened by the agency's synonym dictionary (store_synonyms). */
int store_doc_search(store_t *s, const struct store_doc_query *q, struct store_doc_result **out,
                     size_t *n, int64_t *total, err *e);
void store_doc_results_free(struct store_doc_result *r, size_t n);
/* How a search is answered (docs/operations.md §19), as store_doc_search
 * chose for q: the rarest term by the counts of frequent strings drives it;
 * its total is read from the counts (one term, no filter but the agency) or
 * counted; the candidates come from the index over the terms, or (SQLite, a
 * frequent term in one agency of many) from the agency's documents with the
 * terms checked as text; by relevance, more hits than the pool rank the
 * pool. store_doc_search_plan runs the search (first page) to tell. */
enum store_total_from { STORE_TOTAL_COUNTED = 1, STORE_TOTAL_PLATFORM, STORE_TOTAL_AGENCY };
enum store_access { STORE_ACCESS_INDEX = 1, STORE_ACCESS_SCAN };
struct store_search_plan {
    int total_from;           /* enum store_total_from */
    int access;               /* enum store_access */
    int driver;               /* the rarest term (in the order typed), -1 without text */
    int64_t driver_docs;      /* its documents in the search's scope, -1: fewer than the counts keep */
    bool exact_tokens;        /* PostgreSQL: the index alone decides (every form one token) */
    bool pooled;              /* by relevance: the pool ranked, the other hits after it */
};
int store_doc_search_plan(store_t *s, const struct store_doc_query *q, struct store_search_plan *out, err *e);
/* "Did you mean": for a query that finds nothing, the query with each term
 * that finds nothing alone replaced by the nearest string of the published
 * titles (search.h, search_suggester), when that query finds something.
 * *out is malloc'ed (caller frees), NULL when there is no suggestion. At most
 * STORE_SUGGEST_MAX_TITLES titles are read, the newest. */
#define STORE_SUGGEST_MAX_TITLES 50000
int store_doc_suggest(store_t *s, const struct store_doc_query *q, char **out, err *e);

/* Feeds (RSS, Atom, their JSON): the newest publications of an agency, or
 * (changes) its withdrawals, repeals and expiries, newest first, optionally
 * of one Art. 20 item or one category. Of a withdrawn document the title is
 * left empty: the public sees only its index number, 文号 and the date. */
#define STORE_FEED_MAX 100
struct store_feed_query {
    int64_t agency_id;
    bool changes;             /* withdrawals, repeals, expiries instead of publications */
    int item;                 /* 0 = every item */
    const char *category;     /* canonical; NULL = every category */
    int limit;                /* 0 = STORE_FEED_MAX, at most that */
};
struct store_feed_entry {
    int64_t id;
    char title[1024], docno[192], index_no[128], published[11], issuer[256], category[64];
    int item;
    char event[16];           /* published, withdrawn, repealed, expired */
    char on[11];              /* the day of the event */
    char updated[32];         /* the row's last change (ISO 8601) */
};
/* *out is malloc'ed (free), *n entries. */
int store_doc_feed(store_t *s, const struct store_feed_query *q, struct store_feed_entry **out, size_t *n, err *e);
/* Every document the public sees today, by id, for the sitemap (at most
 * STORE_SITEMAP_MAX, the sitemap protocol's limit per file); fn's non-zero
 * return stops the walk and is returned. */
#define STORE_SITEMAP_MAX 50000
int store_doc_public_ids(store_t *s, int64_t agency_id, int (*fn)(int64_t id, const char *published, void *arg),
                         void *arg, err *e);

/* The synonym and abbreviation dictionary searches use (search/search.h):
 * the agency's own (setting "search.synonyms"), else the deployment's
 * (agency 0), else the one gongkai ships. _set checks the text first
 * (GK_EINVAL naming the line) and records it in the audit trail; text NULL
 * goes back to the default. *out is freed with search_synonyms_free. */
typedef struct search_synonyms search_synonyms;
int store_synonyms(store_t *s, int64_t agency_id, search_synonyms **out, err *e);
int store_synonyms_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e);
int store_synonyms_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e);

/* Frequent strings (search/search.h): the exact number of published
 * documents holding each string found in many of them, so that a one-term
 * search without filters reads its total instead of counting every hit.
 * Kept up to date as documents are published, changed or withdrawn; mined
 * afresh by store_doc_grams_rebuild (automatically while the index is small
 * and doubles, `gongkai doc reindex` beyond), for the platform and for each
 * agency, on SQLite and (migration 19) on PostgreSQL. */
struct store_gram_stats {
    int64_t version;          /* how often mined */
    int64_t docs;             /* documents indexed when mined */
    int64_t indexed;          /* documents indexed now */
    int64_t sampled;          /* documents of the sample mined */
    int64_t min_docs;         /* strings in fewer documents were not kept */
    int64_t grams;            /* strings kept */
    char mined_at[32];
    double seconds;           /* store_doc_grams_rebuild: how long it took */
    bool per_agency;          /* each agency's counts kept too (mined since migration 15) */
};
int store_doc_grams_rebuild(store_t *s, struct store_gram_stats *out, err *e);
/* The same, telling pg (base/progress.h; NULL: nobody) how far it got: the
 * sample and the count over every document ("取样", "计数"), then each
 * agency in turn ("按机关计数"), each in documents. */
struct gk_progress;
int store_doc_grams_rebuild_progress(store_t *s, const struct gk_progress *pg, struct store_gram_stats *out, err *e);
/* GK_ENOTFOUND when never mined. */
int store_doc_grams_info(store_t *s, struct store_gram_stats *out, err *e);

#endif
