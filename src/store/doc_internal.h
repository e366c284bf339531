/* store — what the documents' files (doc*.c) share (private to src/store/). */
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

/* ---- the catalogue's rows (doc.c, doc_screen.c), for doc_step.c,
 * doc_attach.c, doc_import.c and doc_table2.c ---- */
#define DOC_COLS                                                                                   \
    "id, agency_id, COALESCE(index_no, ''), title, docno, issuer, written, published, category, "  \
    "genre, item, state, repealed_on, COALESCE(repealed_by, 0), repealed_by_docno, expires_on, "   \
    "COALESCE(interprets, 0), recipient_list, author, reviewer1, reviewer2, signer, publisher, "   \
    "created_at, updated_at, withdrawn_on, withdrawn_by, withdrawn_reason, publicity_until, "      \
    "COALESCE(corrects, 0), correction_note, corrected_on"
#define DOC_NCOLS 32
/* A day as "YYYY-MM-DD" in out, NULL for DOC_NODAY. */
const char *store_doc_day_or_null(gk_day d, char out[11]);
/* d as JSON (doc_to_json) into b, reset first: the audit rows' before and after. */
void store_doc_json(const struct doc *d, buf *b);
/* Reads a row of DOC_COLS (+ body at column DOC_NCOLS when with_body);
 * d's strings are malloc'ed (doc_free). */
void store_doc_row(db_stmt *st, struct doc *d, bool with_body);
/* Rewrites every column of the row d->id, its channels and its index entry. */
int store_doc_update_row(store_t *s, struct doc *d, err *e);
/* Whether the agency has a document with this index number. */
int store_doc_index_taken(store_t *s, int64_t agency_id, const char *index_no, bool *taken, err *e);
/* Makes the agency's serial for `year` at least `serial` (an imported index
 * number of the agency's own pattern), so new numbers continue after it. */
int store_doc_serial_at_least(store_t *s, int64_t agency_id, int year, int64_t serial, err *e);
/* Gives d the agency's next index number when it has none. */
int store_doc_assign_index(store_t *s, struct doc *d, err *e);
/* doc_validate with the agency's body limit. */
int store_doc_validate(store_t *s, const struct doc *d, gk_day today, err *e);
/* Writes a new document (masked, checked, numbered, screened) with its
 * audit entry `action`; *found gets the hits screening found. */
int store_doc_add_one(store_t *s, struct doc *d, const char *actor, const char *action, const doc_words *words,
                      int *found, err *e);

/* ---- screening (doc_screen.c) ---- */
/* Screens the body and the text of every attachment that gongkai reads
 * (src/files), replacing the document's open hits; *found gets the number
 * of hits. */
int store_doc_screen(store_t *s, const struct doc *d, const doc_words *words, int *found, err *e);
/* *n = the count a "SELECT COUNT(*) ... WHERE ... = ?" query gives for one
 * document (read within the caller's transaction, if any; never opens one). */
int store_doc_count_for(store_t *s, const char *sql, int64_t doc_id, int *n, err *e);
/* The document's screening hits still open. */
int store_doc_open_hits(store_t *s, int64_t doc_id, int *n, err *e);
/* A recipient list's body is masked whenever it is stored (d->body replaced). */
void store_doc_mask_if_list(struct doc *d);
/* An interpretation points at a document of the same agency that is not an
 * interpretation itself (GK_EINVAL otherwise). */
int store_doc_check_interprets(store_t *s, const struct doc *d, err *e);

#endif
