/* store — what doc.c and doc_search.c share (private to src/store/). */
#ifndef GONGKAI_STORE_DOC_INTERNAL_H
#define GONGKAI_STORE_DOC_INTERNAL_H

#include "publish/publish.h"
#include "store/store_internal.h"

/* What a document held in the index before its row is rewritten: on
 * PostgreSQL, where no copy of the indexed text is kept, its title, 文号 and
 * body when it is indexed and the counts of frequent strings are kept (so
 * that they can be taken back); nothing on SQLite (doc_fts has them).
 * Free with store_doc_prior_free. */
struct store_doc_prior { bool indexed; char *title, *docno, *body; };
int store_doc_index_prior(store_t *s, int64_t id, struct store_doc_prior *out, err *e);
void store_doc_prior_free(struct store_doc_prior *p);

/* Keeps the full-text index in step with a document just written: a
 * published document is (re)indexed, any other taken out (`fresh`: the row
 * is new, there is nothing to take out), and the counts of frequent strings
 * with it. SQLite: the FTS5 table doc_fts; PostgreSQL: the document's
 * tokens (doc.search_tokens) and, from prior, what the counts took. */
int store_doc_fts_sync(store_t *s, const struct doc *d, bool fresh, const struct store_doc_prior *prior, err *e);

/* Bulk indexing (an import of many documents, inside the caller's
 * transaction): between _begin and _end, documents entering the index add
 * to counts kept in memory instead of updating doc_gram row by row, and the
 * frequent strings are not mined afresh as the index grows; _end writes the
 * counts (one UPDATE per string the new documents hold) and mines afresh
 * once when the index has doubled. Without it an import costs, per
 * document, one UPDATE for every frequent string the document holds, and
 * the set grows with the index: 500 documents 1.6 s, 2,000 47.6 s
 * (issue 13). _abort (after a rollback) drops what was counted. */
int store_doc_index_bulk_begin(store_t *s, int64_t agency_id, err *e);
int store_doc_index_bulk_end(store_t *s, err *e);
void store_doc_index_bulk_abort(store_t *s);

/* What the search index holds: published documents not withdrawn (撤回).
 * A 公示 past its last day stays indexed; every public query adds
 * STORE_DOC_PUBLIC_ON (bound to today) so that it leaves at midnight
 * without a write. Correction drafts are never published rows. */
#define STORE_DOC_INDEXED "state = 'published' AND withdrawn_on IS NULL"
#define STORE_DOC_PUBLIC_ON "(publicity_until IS NULL OR publicity_until >= ?)"
static inline bool store_doc_indexed(const struct doc *d)
{
    return d->state == DOC_PUBLISHED && d->withdrawn_on == DOC_NODAY && !d->corrects;
}
/* True when an indexed document's 公示期 is over (today), or when it cannot
 * tell: searches then count instead of reading kept totals. */
bool store_doc_any_ended(store_t *s);

#endif
