/* store — the full-text index of published documents: on SQLite the FTS5
 * table doc_fts (title, 文号 in every written form, body) tokenized by
 * gongkai's Chinese tokenizer (src/search), created on first use with every
 * document already published; on PostgreSQL the document's tokens
 * (doc_search_pg.c). Each document entering or leaving the index moves the
 * counts of frequent strings (doc_grams.c) in the same transaction. The
 * queries are in doc_search.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "store/doc_search_internal.h"

/* ---- the index ---- */

void dsearch_docno_field(const char *docno, buf *out)
{
    struct doc_docno dn;
    if (docno[0] && doc_docno_parse(docno, &dn, NULL) == 0)
        doc_docno_forms(&dn, out);
    else
        buf_puts(out, docno);
}

/* The 文号 as indexed: every written form of it (or as written when it
 * does not parse). */
void dsearch_docno_forms(const char *docno, buf *out)
{
    buf_init(out);
    buf_puts(out, "");
    dsearch_docno_field(docno, out);
}

/* One row of doc_fts, its 文号 already in all its forms. */
static int fts_put(store_t *s, int64_t id, const char *title, const char *forms, const char *body, err *e)
{
    return db_run(s->db, e, NULL, "INSERT INTO doc_fts(rowid, title, docno, body) VALUES (?, ?, ?, ?)", "isss",
                  id, title, forms, body);
}

static int fts_insert(store_t *s, int64_t id, const char *title, const char *docno, const char *body, err *e)
{
    buf forms;
    dsearch_docno_forms(docno, &forms);
    int rc = fts_put(s, id, title, forms.data, body, e);
    buf_free(&forms);
    return rc;
}

static int table_exists(store_t *s, const char *name, bool *yes, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, name);
    rc = db_step(st, e);
    *yes = rc == 1;
    return db_done(st, rc);
}

typedef int (*row_fn)(store_t *s, int64_t id, const char *title, const char *docno, const char *body, err *e);

/* Walks the rows (id, title, docno, body) of sql, which selects "id > ?"
 * in id order with LIMIT FOR_ROWS_BATCH: each batch is read whole before
 * fn runs on its rows (so that fn may write), and memory holds one batch,
 * whatever the number of documents. Stops at the first failure of fn;
 * *n: the rows walked. */
#define FOR_ROWS_BATCH 500
#define FOR_ROWS_NEXT " AND id > ? ORDER BY id LIMIT 500"

static int for_rows(store_t *s, const char *sql, row_fn fn, size_t *n, err *e)
{
    struct row { int64_t id; char *t, *d, *b; } *v = xcalloc(FOR_ROWS_BATCH, sizeof *v);
    int64_t last = 0;
    size_t got;
    int rc;
    *n = 0;
    do {
        db_stmt *st;
        got = 0;
        if ((rc = db_prepare(s->db, sql, &st, e)))
            break;
        db_bind_int(st, 1, last);
        while (got < FOR_ROWS_BATCH && (rc = db_step(st, e)) == 1)
            v[got++] = (struct row){db_col_int(st, 0), xstrdup(db_col_text(st, 1)), xstrdup(db_col_text(st, 2)),
                                    xstrdup(db_col_text(st, 3))};
        db_finalize(st);
        for (size_t i = 0; i < got; i++) {
            if (rc >= 0)
                rc = fn(s, v[i].id, v[i].t, v[i].d, v[i].b, e);
            free(v[i].t);
            free(v[i].d);
            free(v[i].b);
        }
        *n += got;
        if (got)
            last = v[got - 1].id;
    } while (rc >= 0 && got == FOR_ROWS_BATCH);
    free(v);
    return rc < 0 ? rc : 0;
}

/* Creates the index when the database has none yet, with every document
 * already published (a database made before search existed); *created says
 * it did. */
int dsearch_fts_ensure(store_t *s, bool *created, err *e)
{
    if (created)
        *created = false;
    bool exists;
    int rc = table_exists(s, "doc_fts", &exists, e);
    if (rc || exists)
        return rc;
    /* one transaction: all or nothing, and one commit, not one a document
     * (3,000 documents took 284 s on a busy disk one by one) */
    if ((rc = db_begin(s->db, e)))
        return rc;
    size_t n;
    rc = db_exec(s->db, "CREATE VIRTUAL TABLE doc_fts USING fts5(title, docno, body, tokenize = 'gongkai')", e);
    if (!rc)
        rc = for_rows(s, "SELECT id, title, docno, body FROM doc WHERE " STORE_DOC_INDEXED FOR_ROWS_NEXT, fts_insert,
                      &n, e);
    if (!rc)
        rc = dsearch_grams_rebuild(s, NULL, NULL, e);
    if (rc) {
        db_rollback(s->db);
        return rc;
    }
    if ((rc = db_commit(s->db, e)))
        return rc;
    if (created)
        *created = true;
    return 0;
}

int store_doc_index_prior(store_t *s, int64_t id, struct store_doc_prior *out, err *e)
{
    memset(out, 0, sizeof *out);
    if (db_kind(s->db) == DB_SQLITE)
        return 0;
    search_grams *g;
    int rc = dsearch_grams_load(s, &g, e);
    if (rc || !g)   /* no counts kept: nothing to take back */
        return rc;
    db_stmt *st;
    if ((rc = db_prepare(s->db, "SELECT title, docno, body FROM doc WHERE id = ? AND " STORE_DOC_INDEXED, &st, e)))
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st, e)) == 1) {
        out->indexed = true;
        out->title = xstrdup(db_col_text(st, 0));
        out->docno = xstrdup(db_col_text(st, 1));
        out->body = xstrdup(db_col_text(st, 2));
    }
    return db_done(st, rc);
}

void store_doc_prior_free(struct store_doc_prior *p)
{
    free(p->title);
    free(p->docno);
    free(p->body);
    memset(p, 0, sizeof *p);
}

int store_doc_fts_sync(store_t *s, const struct doc *d, bool fresh, const struct store_doc_prior *prior, err *e)
{
    if (db_kind(s->db) != DB_SQLITE)
        return dsearch_pg_sync(s, d, fresh ? NULL : prior, e);
    bool created;
    int rc = dsearch_fts_ensure(s, &created, e);
    if (rc || created)
        return rc;   /* a new index holds this document already */
    const char *body = d->body ? d->body : "";
    buf forms;
    dsearch_docno_forms(d->docno, &forms);
    char *old[3] = {NULL, NULL, NULL};
    if (!fresh) {
        db_stmt *st;
        if ((rc = db_prepare(s->db, "SELECT title, docno, body FROM doc_fts WHERE rowid = ?", &st, e)) == 0) {
            db_bind_int(st, 1, d->id);
            if ((rc = db_step(st, e)) == 1)
                for (int k = 0; k < 3; k++)
                    old[k] = xstrdup(db_col_text(st, k) ? db_col_text(st, k) : "");
            rc = db_done(st, rc);
        }
    }
    bool publish = store_doc_indexed(d);
    bool same = old[0] && publish && strcmp(old[0], d->title) == 0 && strcmp(old[1], forms.data) == 0 &&
                strcmp(old[2], body) == 0;
    if (!rc && old[0] && !same) {
        rc = db_run(s->db, e, NULL, "DELETE FROM doc_fts WHERE rowid = ?", "i", d->id);
        if (!rc)
            rc = dsearch_grams_apply(s, d->agency_id, old[0], old[1], old[2], -1, e);
    }
    if (!rc && publish && !same) {
        rc = fts_put(s, d->id, d->title, forms.data, body, e);
        if (!rc)
            rc = dsearch_grams_apply(s, d->agency_id, d->title, forms.data, body, +1, e);
        if (!rc && !s->grams_bulk)
            rc = dsearch_grams_remine(s, e);
    }
    for (int k = 0; k < 3; k++)
        free(old[k]);
    buf_free(&forms);
    return rc;
}

int store_doc_grams_rebuild(store_t *s, struct store_gram_stats *out, err *e)
{
    return store_doc_grams_rebuild_progress(s, NULL, out, e);
}

int store_doc_grams_rebuild_progress(store_t *s, const struct gk_progress *pg, struct store_gram_stats *out, err *e)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (db_kind(s->db) != DB_SQLITE)
        return dsearch_grams_rebuild(s, out, pg, e);
    bool created;
    int rc = dsearch_fts_ensure(s, &created, e);
    if (rc || created) {   /* a new index was mined as it was made */
        if (!rc && out)
            rc = store_doc_grams_info(s, out, e);
        return rc;
    }
    return dsearch_grams_rebuild(s, out, pg, e);
}
