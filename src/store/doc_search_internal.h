/* store — what the four files of document search share: doc_index.c (the
 * index), doc_grams.c (the counts of frequent strings), doc_search.c (the
 * filters, the plan, SQLite's query) and doc_search_pg.c (PostgreSQL's
 * tokens and query). Private to those four files; everything else in the
 * store goes through doc_internal.h and store.h. */
#ifndef GONGKAI_STORE_DOC_SEARCH_INTERNAL_H
#define GONGKAI_STORE_DOC_SEARCH_INTERNAL_H

#include "search/search.h"
#include "store/doc_internal.h"

/* ---- the index (doc_index.c) ---- */

/* Appends the 文号 as indexed to out: every written form of it, or as
 * written when it does not parse. */
void dsearch_docno_field(const char *docno, buf *out);
/* The same into a fresh buffer (buf_init'ed here; the caller frees it). */
void dsearch_docno_forms(const char *docno, buf *out);
/* SQLite: creates doc_fts when the database has none yet, with every
 * document already published (one transaction); *created (may be NULL)
 * says it did. */
int dsearch_fts_ensure(store_t *s, bool *created, err *e);

/* ---- frequent strings (doc_grams.c) ---- */

/* s->grams, loaded again when another handle mined afresh; *out NULL (and
 * 0) when nothing was ever mined. *out is borrowed from s. */
int dsearch_grams_load(store_t *s, search_grams **out, err *e);
/* Adds delta to the count of every frequent string of one indexed row of
 * the agency (forms: its 文号 as dsearch_docno_forms gives it). */
int dsearch_grams_apply(store_t *s, int64_t agency_id, const char *title, const char *forms, const char *body,
                        int delta, err *e);
/* Mines the set afresh and counts it exactly (platform and each agency),
 * in one transaction; out (may be NULL) gets what was mined. */
struct gk_progress;
int dsearch_grams_rebuild(store_t *s, struct store_gram_stats *out, const struct gk_progress *pg, err *e);
/* Mines afresh when a small index has doubled since the last mining. */
int dsearch_grams_remine(store_t *s, err *e);

/* ---- the query (doc_search.c) ---- */

/* Conditions and their values, bound in the order they were added. */
struct where {
    buf sql;
    char types[32];
    int n;
    int64_t ival[32];
    const char *sval[32];
};
/* Appends one condition; type 'i' or 's' binds iv or sv (borrowed until the
 * statement runs), 0 binds nothing. */
void dsearch_cond(struct where *w, const char *sql, char type, int64_t iv, const char *sv);
/* Binds w's values from *idx on, advancing it. */
void dsearch_bind_where(db_stmt *st, const struct where *w, int *idx);

/* The columns dsearch_result_row reads, in its order. */
#define DSEARCH_RESULT_COLS                                                                        \
    "d.id, d.title, d.docno, COALESCE(d.published, ''), COALESCE(d.index_no, ''), d.body, "        \
    "d.recipient_list, d.repealed_on, d.expires_on"
/* One result from a row of DSEARCH_RESULT_COLS; r->snippet is malloc'ed
 * (store_doc_results_free). */
void dsearch_result_row(db_stmt *st, struct store_doc_result *r, const search_query *sq);
/* Runs one page query (its SQL ends "LIMIT ? OFFSET ?"), appending up to
 * limit rows to v[*k]; the MATCH expression (when match) and the filters
 * are bound `reps` times. */
int dsearch_page_rows(store_t *s, const char *sql, const search_query *sq, bool match, const struct where *w,
                      int reps, int limit, int64_t offset, struct store_doc_result *v, size_t *k, err *e);
/* The ranking weight of a row (publish.h, doc_rank_rows) as SQL. */
void dsearch_rank_weight_sql(buf *b);
/* Chooses how to answer q; *kept: the total when read from the counts,
 * else -1. */
void dsearch_plan(store_t *s, const struct store_doc_query *q, const search_query *sq, struct store_search_plan *p,
                  int64_t *kept);
/* Every row the filters w select, the terms checked as text: the exact
 * total and the page (*out: store_doc_results_free). */
int dsearch_scan_rows(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                      struct store_doc_result **out, size_t *n, int64_t *total, err *e);

/* ---- PostgreSQL (doc_search_pg.c) ---- */

/* The document's tokens, and the counts of frequent strings moved from
 * what it held (prior, may be NULL) to what it holds now. */
int dsearch_pg_sync(store_t *s, const struct doc *d, const struct store_doc_prior *prior, err *e);
/* True when some indexed document is too large to list its tokens. */
bool dsearch_pg_any_large(store_t *s);
/* The search on PostgreSQL (filters w already built; the token condition
 * is added to it). */
int dsearch_pg_search(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                      struct store_search_plan *p, struct store_doc_result **out, size_t *n, int64_t *total,
                      err *e);

#endif
