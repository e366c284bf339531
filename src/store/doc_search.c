/* store — full-text search of published documents. On SQLite an FTS5 table
 * (doc_fts: title, 文号 in every written form, body) tokenized by gongkai's
 * Chinese tokenizer (src/search) answers the query with exact substring
 * semantics, ranked by BM25 (title weighs most, then the 文号, then the
 * body). On PostgreSQL each published document keeps its gongkai tokens in
 * doc.search_tokens (a tsvector of bare lexemes under a GIN index, migration
 * 5): the index picks the documents holding every token of the terms, the
 * filters run in SQL, and the terms are checked here as substrings with the
 * same folding (search_text_matches): the same results, newest first.
 *
 * Beside doc_fts, doc_gram keeps the exact number of documents holding each
 * frequent string (search.h, "frequent strings"): a one-term search with no
 * filter reads its total there instead of walking every hit. Each document
 * entering or leaving doc_fts adds or takes 1 from the strings it holds, in
 * the same transaction; store_doc_grams_rebuild mines the set afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/progress.h"
#include "search/search.h"
#include "store/doc_internal.h"

/* ---- the index ---- */

static void docno_field(const char *docno, buf *out)
{
    struct doc_docno dn;
    if (docno[0] && doc_docno_parse(docno, &dn, NULL) == 0)
        doc_docno_forms(&dn, out);
    else
        buf_puts(out, docno);
}

/* The 文号 as indexed: every written form of it (or as written when it
 * does not parse). */
static void docno_forms(const char *docno, buf *out)
{
    buf_init(out);
    buf_puts(out, "");
    docno_field(docno, out);
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
    docno_forms(docno, &forms);
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

/* ---- frequent strings ---- */

int store_doc_grams_info(store_t *s, struct store_gram_stats *out, err *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *st;
    int rc;
    if ((rc = db_prepare(s->db, "SELECT version, min_docs, docs, sampled, grams, mined_at, indexed, per_agency "
                                "FROM doc_gram_info", &st, e)))
        return rc;
    rc = db_step(st, e);
    if (rc == 1) {
        out->version = db_col_int(st, 0);
        out->min_docs = db_col_int(st, 1);
        out->docs = db_col_int(st, 2);
        out->sampled = db_col_int(st, 3);
        out->grams = db_col_int(st, 4);
        store_copy_col(st, 5, out->mined_at, sizeof out->mined_at);
        out->indexed = db_col_int(st, 6);
        out->per_agency = db_col_int(st, 7) != 0;
    }
    db_finalize(st);
    return db_found(rc, e, "search", "the frequent strings have not been counted yet");
}

/* The strings doc_gram holds, with their counts, as a trie (*out: free
 * with search_grams_free). */
static int grams_read(store_t *s, search_grams **out, err *e)
{
    *out = NULL;
    db_stmt *st;
    int rc;
    /* shortest first: every prefix is in before the strings it starts */
    if ((rc = db_prepare(s->db, "SELECT gram, docs FROM doc_gram ORDER BY length(gram), gram", &st, e)))
        return rc;
    search_grams *g = search_grams_new();
    while ((rc = db_step(st, e)) == 1) {
        const char *t = db_col_text(st, 0);
        if (search_grams_add(g, t, strlen(t), db_col_int(st, 1)) != 0) {
            rc = err_set(e, GK_EIO, "search", "doc_gram holds \"%s\" without its prefix: run gongkai doc reindex", t);
            break;
        }
    }
    db_finalize(st);
    if (rc < 0) {
        search_grams_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

/* s->grams, loaded again when another handle mined afresh; NULL (and 0)
 * when nothing was ever mined. */
static int grams_load(store_t *s, search_grams **out, err *e)
{
    *out = NULL;
    struct store_gram_stats info;
    err quiet = {0};
    int rc = store_doc_grams_info(s, &info, &quiet);
    if (rc == GK_ENOTFOUND)
        return 0;
    if (rc) {
        if (e)
            *e = quiet;
        return rc;
    }
    /* read inside a transaction that did not commit, it may hold what was
     * mined there and rolled back (under a version number used again later) */
    if (s->grams && s->grams_tx && s->grams_tx != db_tx_gen(s->db)) {
        if (db_tx_committed(s->db, s->grams_tx)) {
            s->grams_tx = 0;
        } else {
            search_grams_free(s->grams);
            s->grams = NULL;
        }
    }
    if (s->grams && s->grams_version == info.version) {
        *out = s->grams;
        return 0;
    }
    search_grams_free(s->grams);
    s->grams = NULL;
    search_grams *g;
    if ((rc = grams_read(s, &g, e)))
        return rc;
    if (s->grams_bulk) {   /* mined afresh inside the import: counts from here on */
        search_grams_zero(g);
        s->grams_bulk_docs = 0;
    }
    s->grams = g;
    s->grams_version = info.version;
    s->grams_tx = db_tx_gen(s->db);
    *out = g;
    return 0;
}

typedef struct gram_update { store_t *s; int64_t agency_id; int delta; err *e; } gram_update;

/* Adds delta to one string's count, the platform's and (when it keeps
 * one: see per_agency_rebuild) the agency's. */
static int gram_add(store_t *s, int64_t agency_id, const char *gram, int64_t delta, err *e)
{
    int rc = db_run(s->db, e, NULL, "UPDATE doc_gram SET docs = docs + ? WHERE gram = ?", "is", delta, gram);
    if (!rc)
        rc = db_run(s->db, e, NULL, "UPDATE doc_gram_agency SET docs = docs + ? WHERE gram = ? AND agency_id = ?",
                    "isi", delta, gram, agency_id);
    return rc;
}

static int update_gram(void *ctx, const char *gram, size_t len, int64_t docs)
{
    (void)len;
    (void)docs;
    gram_update *u = ctx;
    return gram_add(u->s, u->agency_id, gram, u->delta, u->e);
}

/* A text[] literal {"a","b"} of the strings collected. */
typedef struct gram_list { buf arr; size_t n; } gram_list;

static int list_gram(void *ctx, const char *gram, size_t len, int64_t docs)
{
    (void)docs;
    gram_list *l = ctx;
    buf_puts(&l->arr, l->n++ ? ",\"" : "{\"");
    for (size_t i = 0; i < len; i++) {
        if (gram[i] == '"' || gram[i] == '\\')
            buf_putc(&l->arr, '\\');
        buf_putc(&l->arr, gram[i]);
    }
    buf_putc(&l->arr, '"');
    return 0;
}

/* PostgreSQL: the strings the document holds in two statements (a round
 * trip each), not two per string; rows are locked in the strings' order
 * (the index's, ORDER BY), so two nodes publishing at once wait for each
 * other instead of deadlocking. */
static int pg_grams_apply(store_t *s, search_grams *g, const search_fields *f, int64_t agency_id, int delta,
                          err *e)
{
    gram_list l = {.n = 0};
    buf_init(&l.arr);
    int rc = search_grams_doc(g, f, delta, list_gram, &l);
    buf_puts(&l.arr, l.n ? "}" : "{}");
    if (!rc && l.n)
        rc = db_run(s->db, e, NULL, "UPDATE doc_gram SET docs = docs + ? WHERE gram = ANY (CAST(? AS text[]))", "is",
                    (int64_t)delta, l.arr.data);
    if (!rc && l.n)
        rc = db_run(s->db, e, NULL,
                    "UPDATE doc_gram_agency SET docs = docs + ? WHERE agency_id = ? AND "
                    "gram = ANY (CAST(? AS text[]))", "iis", (int64_t)delta, agency_id, l.arr.data);
    buf_free(&l.arr);
    return rc;
}

/* Adds delta to the count of every frequent string of one indexed row of
 * the agency. */
static int grams_apply(store_t *s, int64_t agency_id, const char *title, const char *forms, const char *body,
                       int delta, err *e)
{
    search_grams *g;
    int rc = grams_load(s, &g, e);
    if (rc || !g)
        return rc;
    const char *text[3] = {title, forms, body};
    size_t len[3] = {strlen(title), strlen(forms), strlen(body)};
    search_fields f = {text, len, 3};
    if (s->grams_bulk && delta > 0 && agency_id == s->grams_bulk_agency) {
        /* counted in memory, written by store_doc_index_bulk_end */
        s->grams_bulk_docs += delta;
        return search_grams_doc(g, &f, delta, NULL, NULL);
    }
    if (db_kind(s->db) == DB_PG) {
        rc = pg_grams_apply(s, g, &f, agency_id, delta, e);
    } else {
        gram_update u = {s, agency_id, delta, e};
        rc = search_grams_doc(g, &f, delta, update_gram, &u);
    }
    if (rc)
        return rc;
    return db_run(s->db, e, NULL, "UPDATE doc_gram_info SET indexed = indexed + ?", "i", (int64_t)delta);
}

typedef struct gram_insert { store_t *s; err *e; } gram_insert;

static void row_fields(db_stmt *st, const char *text[3], size_t len[3])
{
    for (int k = 0; k < 3; k++) {
        text[k] = db_col_text(st, k);
        if (!text[k])
            text[k] = "";
        len[k] = strlen(text[k]);
    }
}

/* Calls fn on the fields of every indexed document (its 文号 in all its
 * written forms, as doc_fts holds it), of one agency or (agency_id 0) of
 * all, in id order; i counts from 0. SQLite reads doc_fts in one statement;
 * PostgreSQL, which has no copy of the indexed text and would hold a whole
 * result in memory, reads doc WALK_BATCH rows at a time. */
typedef void (*walk_fn)(void *ctx, size_t i, const search_fields *f);
#define WALK_BATCH 500

static int walk_sqlite(store_t *s, int64_t agency_id, walk_fn fn, void *ctx, err *e)
{
    const char *text[3];
    size_t len[3];
    search_fields f = {text, len, 3};
    db_stmt *st;
    int rc = db_prepare(s->db, agency_id ? "SELECT f.title, f.docno, f.body FROM doc d CROSS JOIN doc_fts f "
                                           "ON f.rowid = d.id WHERE d.agency_id = ? ORDER BY d.id"
                                         : "SELECT title, docno, body FROM doc_fts ORDER BY rowid", &st, e);
    if (rc)
        return rc;
    if (agency_id)
        db_bind_int(st, 1, agency_id);
    for (size_t i = 0; (rc = db_step(st, e)) == 1; i++) {
        row_fields(st, text, len);
        fn(ctx, i, &f);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int walk_indexed(store_t *s, int64_t agency_id, walk_fn fn, void *ctx, err *e)
{
    if (db_kind(s->db) == DB_SQLITE)
        return walk_sqlite(s, agency_id, fn, ctx, e);
    int64_t last = 0;
    size_t i = 0, got;
    int rc;
    buf forms;
    buf_init(&forms);
    do {
        db_stmt *st;
        /* one agency's documents through its index, not a scan of all */
        if ((rc = db_prepare(s->db, agency_id ? "SELECT id, title, docno, body FROM doc WHERE " STORE_DOC_INDEXED
                                                " AND agency_id = ? AND id > ? ORDER BY id LIMIT 500"
                                              : "SELECT id, title, docno, body FROM doc WHERE " STORE_DOC_INDEXED
                                                " AND 0 = ? AND id > ? ORDER BY id LIMIT 500", &st, e)))
            break;
        db_bind_int(st, 1, agency_id);
        db_bind_int(st, 2, last);
        for (got = 0; (rc = db_step(st, e)) == 1; got++, i++) {
            last = db_col_int(st, 0);
            buf_reset(&forms);
            docno_field(db_col_text(st, 2), &forms);
            const char *text[3] = {db_col_text(st, 1), forms.data ? forms.data : "", db_col_text(st, 3)};
            size_t len[3] = {strlen(text[0]), forms.len, strlen(text[2])};
            search_fields f = {text, len, 3};
            fn(ctx, i, &f);
        }
        db_finalize(st);
    } while (rc == 0 && got == WALK_BATCH);
    buf_free(&forms);
    return rc < 0 ? rc : 0;
}

static void count_doc(void *ctx, size_t i, const search_fields *f)
{
    (void)i;
    search_grams_doc(ctx, f, 1, NULL, NULL);
}

/* count_doc, and the documents counted. */
typedef struct walk_count { search_grams *g; size_t docs; } walk_count;

static void count_docs(void *ctx, size_t i, const search_fields *f)
{
    walk_count *wc = ctx;
    (void)i;
    search_grams_doc(wc->g, f, 1, NULL, NULL);
    wc->docs++;
}

/* ---- per agency ---- */

/* Rows of doc_gram (agency_id 0) or of one agency's doc_gram_agency, as
 * mined: SQLite one INSERT each, PostgreSQL GRAM_ROWS_BATCH in one (a
 * round trip each; 300 agencies hold millions of rows). */
#define GRAM_ROWS_BATCH 5000
typedef struct gram_rows { store_t *s; int64_t agency_id; err *e; gram_list names; buf docs; } gram_rows;

static int gram_rows_flush(gram_rows *x)
{
    if (!x->names.n)
        return 0;
    buf_putc(&x->names.arr, '}');
    buf_putc(&x->docs, '}');
    int rc = x->agency_id
                 ? db_run(x->s->db, x->e, NULL, "INSERT INTO doc_gram_agency(gram, agency_id, docs) SELECT g, ?, n "
                          "FROM unnest(CAST(? AS text[]), CAST(? AS bigint[])) AS u(g, n)", "iss", x->agency_id,
                          x->names.arr.data, x->docs.data)
                 : db_run(x->s->db, x->e, NULL, "INSERT INTO doc_gram(gram, docs) SELECT g, n "
                          "FROM unnest(CAST(? AS text[]), CAST(? AS bigint[])) AS u(g, n)", "ss",
                          x->names.arr.data, x->docs.data);
    buf_reset(&x->names.arr);
    buf_reset(&x->docs);
    x->names.n = 0;
    return rc;
}

static int insert_row(void *ctx, const char *gram, size_t len, int64_t docs)
{
    gram_rows *x = ctx;
    if (db_kind(x->s->db) == DB_SQLITE)
        return x->agency_id ? db_run(x->s->db, x->e, NULL, "INSERT INTO doc_gram_agency(gram, agency_id, docs) "
                                     "VALUES (?, ?, ?)", "sii", gram, x->agency_id, docs)
                            : db_run(x->s->db, x->e, NULL, "INSERT INTO doc_gram(gram, docs) VALUES (?, ?)", "si",
                                     gram, docs);
    buf_printf(&x->docs, "%c%lld", x->names.n ? ',' : '{', (long long)docs);
    list_gram(&x->names, gram, len, docs);
    return x->names.n >= GRAM_ROWS_BATCH ? gram_rows_flush(x) : 0;
}

/* Writes the strings of g held in at least min_docs documents. */
static int gram_rows_write(store_t *s, int64_t agency_id, const search_grams *g, int64_t min_docs, err *e)
{
    gram_rows x = {s, agency_id, e, {.n = 0}, {0}};
    buf_init(&x.names.arr);
    buf_init(&x.docs);
    int rc = search_grams_each(g, min_docs, insert_row, &x);
    if (!rc)
        rc = gram_rows_flush(&x);
    buf_free(&x.names.arr);
    buf_free(&x.docs);
    return rc;
}

/* The agencies with documents in the index; *out is malloc'ed (free it). */
static int indexed_agencies(store_t *s, int64_t **out, size_t *n, err *e)
{
    *out = NULL;
    *n = 0;
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT DISTINCT agency_id FROM doc WHERE " STORE_DOC_INDEXED " ORDER BY agency_id",
                        &st, e);
    if (rc)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st, e)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Each agency's counts of the strings doc_gram holds, counted afresh over
 * its indexed documents (inside the caller's transaction); kept for the
 * strings in at least AGENCY_MIN_DOCS of them (or a hundredth), not for
 * every string an agency holds once: 300 agencies would keep tens of
 * millions of rows. A string without its agency's row is counted by the
 * index when searched in that agency (it is rare there); the rows kept
 * stay exact as documents come and go, and the next mining adds the
 * strings that became frequent. */
#define AGENCY_MIN_DOCS SEARCH_GRAM_MIN_DOCS
/* A walk over every indexed document that tells pg how far it got, every
 * WALK_REPORT_EVERY documents and at the end (reindex, issue 16). */
#define WALK_REPORT_EVERY 500
typedef struct walk_report {
    walk_fn fn;
    void *ctx;
    const struct gk_progress *pg;
    const char *what;
    int64_t total;
} walk_report;

static void reporting_doc(void *ctx, size_t i, const search_fields *f)
{
    walk_report *w = ctx;
    w->fn(w->ctx, i, f);
    if ((i + 1) % WALK_REPORT_EVERY == 0 || (int64_t)i + 1 == w->total)
        gk_progress_report(w->pg, w->what, (int64_t)i + 1, w->total);
}

static int walk_reported(store_t *s, walk_fn fn, void *ctx, const struct gk_progress *pg, const char *what,
                         int64_t total, err *e)
{
    walk_report w = {fn, ctx, pg, what, total};
    gk_progress_report(pg, what, 0, total);
    return walk_indexed(s, 0, pg ? reporting_doc : fn, pg ? (void *)&w : ctx, e);
}

static int per_agency_rebuild(store_t *s, const struct gk_progress *pg, int64_t ndocs, err *e)
{
    int64_t done = 0;
    search_grams *g = NULL;
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = db_exec(s->db, "DELETE FROM doc_gram_agency", e);
    if (!rc)
        rc = grams_read(s, &g, e);
    if (!rc)
        rc = indexed_agencies(s, &ids, &n, e);
    for (size_t i = 0; i < n && !rc; i++) {
        gk_progress_report(pg, "按机关计数", done, ndocs);
        search_grams_zero(g);
        walk_count wc = {g, 0};
        if ((rc = walk_indexed(s, ids[i], count_docs, &wc, e)))
            break;
        done += (int64_t)wc.docs;
        int64_t min = (int64_t)wc.docs / 100;
        rc = gram_rows_write(s, ids[i], g, min > AGENCY_MIN_DOCS ? min : AGENCY_MIN_DOCS, e);
    }
    if (!rc && n)
        gk_progress_report(pg, "按机关计数", done, ndocs);
    free(ids);
    search_grams_free(g);
    return rc < 0 ? rc : 0;
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct sampler { search_miner *m; size_t stride; } sampler;

static void sample_doc(void *ctx, size_t i, const search_fields *f)
{
    sampler *x = ctx;
    if (i % x->stride == 0)
        search_miner_add(x->m, f);
}

static int grams_rebuild(store_t *s, struct store_gram_stats *out, const struct gk_progress *pg, err *e)
{
    double t0 = seconds_now();
    db_stmt *st;
    int rc;
    if ((rc = db_prepare(s->db, db_kind(s->db) == DB_SQLITE
                                    ? "SELECT count(*), coalesce(sum(length(CAST(title AS BLOB)) + "
                                      "length(CAST(docno AS BLOB)) + length(CAST(body AS BLOB))), 0) FROM doc_fts"
                                    : "SELECT count(*), coalesce(sum(octet_length(title) + octet_length(docno) + "
                                      "octet_length(body)), 0) FROM doc WHERE " STORE_DOC_INDEXED, &st, e)))
        return rc;
    rc = db_step(st, e);
    int64_t ndocs = rc == 1 ? db_col_int(st, 0) : 0, bytes = rc == 1 ? db_col_int(st, 1) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    search_gram_plan plan = search_grams_plan((size_t)ndocs, (size_t)bytes);
    /* the sample: every stride-th row */
    sampler x0 = {search_miner_new(), plan.stride};
    rc = walk_reported(s, sample_doc, &x0, pg, "取样", ndocs, e);
    int64_t sampled = (int64_t)search_miner_docs(x0.m);
    search_grams *g = rc < 0 ? NULL : search_miner_finish(x0.m, plan.sample_min_docs);
    search_miner_free(x0.m);
    if (rc < 0)
        return rc;
    /* the exact counts, over every row */
    search_grams_zero(g);
    rc = walk_reported(s, count_doc, g, pg, "计数", ndocs, e);
    if (rc < 0 || (rc = db_begin(s->db, e))) {
        search_grams_free(g);
        return rc;
    }
    rc = db_exec(s->db, "DELETE FROM doc_gram", e);
    if (!rc)
        rc = gram_rows_write(s, 0, g, plan.min_docs, e);
    search_grams_free(g);
    if (!rc)
        rc = per_agency_rebuild(s, pg, ndocs, e);
    int64_t kept = 0;
    if (!rc)
        rc = db_query_int(s->db, e, &kept, "SELECT count(*) FROM doc_gram", NULL);
    char now[32];
    store_now(now);
    if (!rc)
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO doc_gram_info(id, version, min_docs, docs, sampled, grams, mined_at, indexed, "
                    "per_agency) VALUES (1, 1, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET "
                    "version = doc_gram_info.version + 1, min_docs = excluded.min_docs, docs = excluded.docs, "
                    "sampled = excluded.sampled, grams = excluded.grams, mined_at = excluded.mined_at, "
                    "indexed = excluded.indexed, per_agency = 1",
                    "iiiisi", plan.min_docs, ndocs, sampled, kept, now, ndocs);
    /* what was mined is read before the commit: once committed, nothing may fail */
    if (!rc && out)
        rc = store_doc_grams_info(s, out, e);
    if (rc) {
        db_rollback(s->db);
        return rc;
    }
    if ((rc = db_commit(s->db, e)))
        return rc;
    if (out)
        out->seconds = seconds_now() - t0;
    return 0;
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
static int fts_ensure(store_t *s, bool *created, err *e)
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
        rc = grams_rebuild(s, NULL, NULL, e);
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

/* ---- PostgreSQL: each published document's tokens, for a GIN index ---- */

/* A lexeme no token can be (tokens are at most four characters): a document
 * whose tokens would pass PostgreSQL's 1 MB tsvector limit gets it alone,
 * and every query asks for it as an alternative, so such a document is
 * always a candidate and checked as text. */
#define PG_ANY_DOCUMENT "*gongkai-any*"
#define PG_TOKENS_MAX_BYTES (768 * 1024)

typedef struct tokens { char **v; size_t n, cap; } tokens;

static int add_token(void *ctx, const char *t, size_t len, bool coloc, size_t s0, size_t e0)
{
    (void)coloc;
    (void)s0;
    (void)e0;
    tokens *k = ctx;
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 256;
        k->v = xrealloc(k->v, k->cap * sizeof *k->v);
    }
    k->v[k->n++] = xstrndup(t, len);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts and drops repeats. */
static void tokens_unique(tokens *k)
{
    if (!k->n)
        return;
    qsort(k->v, k->n, sizeof *k->v, cmp_str);
    size_t w = 1;
    for (size_t i = 1; i < k->n; i++) {
        if (strcmp(k->v[i], k->v[w - 1]) == 0)
            free(k->v[i]);
        else
            k->v[w++] = k->v[i];
    }
    k->n = w;
}

static void tokens_free(tokens *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->v[i]);
    free(k->v);
}

/* A text[] literal of the document's distinct tokens: {"t1","t2",...}. */
static void pg_token_array(const char *title, const char *forms, const char *body, buf *out)
{
    tokens k = {0};
    const char *f[3] = {title, forms, body};
    for (int i = 0; i < 3; i++)
        search_tokenize(f[i], strlen(f[i]), add_token, &k);
    tokens_unique(&k);
    size_t bytes = 0;
    for (size_t i = 0; i < k.n; i++)
        bytes += strlen(k.v[i]) + 8;
    buf_init(out);
    buf_putc(out, '{');
    if (bytes > PG_TOKENS_MAX_BYTES) {
        buf_puts(out, "\"" PG_ANY_DOCUMENT "\"");
    } else {
        for (size_t i = 0; i < k.n; i++) {
            if (i)
                buf_putc(out, ',');
            buf_putc(out, '"');
            for (const char *p = k.v[i]; *p; p++) {
                if (*p == '"' || *p == '\\')
                    buf_putc(out, '\\');
                buf_putc(out, *p);
            }
            buf_putc(out, '"');
        }
    }
    buf_putc(out, '}');
    tokens_free(&k);
}

static int pg_set_tokens(store_t *s, int64_t id, const char *title, const char *docno, const char *body, err *e)
{
    buf forms, arr;
    docno_forms(docno, &forms);
    pg_token_array(title, forms.data, body, &arr);
    int rc = db_run(s->db, e, NULL, "UPDATE doc SET search_tokens = array_to_tsvector(CAST(? AS text[])) WHERE id = ?",
                    "si", arr.data, id);
    buf_free(&arr);
    buf_free(&forms);
    return rc;
}

int store_doc_index_prior(store_t *s, int64_t id, struct store_doc_prior *out, err *e)
{
    memset(out, 0, sizeof *out);
    if (db_kind(s->db) == DB_SQLITE)
        return 0;
    search_grams *g;
    int rc = grams_load(s, &g, e);
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

static int grams_maybe_remine(store_t *s, err *e);

/* PostgreSQL: the document's tokens, and the counts of frequent strings
 * moved from what it held (prior) to what it holds now. */
static int pg_sync(store_t *s, const struct doc *d, const struct store_doc_prior *prior, err *e)
{
    bool publish = store_doc_indexed(d);
    const char *body = d->body ? d->body : "";
    bool same = prior && prior->indexed && publish && strcmp(prior->title, d->title) == 0 &&
                strcmp(prior->docno, d->docno) == 0 && strcmp(prior->body, body) == 0;
    if (same)
        return 0;
    int rc = 0;
    if (prior && prior->indexed) {
        buf forms;
        docno_forms(prior->docno, &forms);
        rc = grams_apply(s, d->agency_id, prior->title, forms.data, prior->body, -1, e);
        buf_free(&forms);
    }
    if (rc)
        return rc;
    if (!publish)
        return db_run(s->db, e, NULL, "UPDATE doc SET search_tokens = NULL WHERE id = ?", "i", d->id);
    if ((rc = pg_set_tokens(s, d->id, d->title, d->docno, body, e)))
        return rc;
    buf forms;
    docno_forms(d->docno, &forms);
    rc = grams_apply(s, d->agency_id, d->title, forms.data, body, +1, e);
    buf_free(&forms);
    if (!rc && !s->grams_bulk)
        rc = grams_maybe_remine(s, e);
    return rc;
}

/* Appends s to an array literal as one element: double-quoted, with " and
 * backslash escaped. */
static void array_elem(buf *b, const char *s, bool first)
{
    buf_puts(b, first ? "\"" : ",\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

/* Documents published before the tokens were kept (or loaded behind the
 * store's back) get them now, FOR_ROWS_BATCH in one UPDATE (one round trip
 * a document took 20 minutes for a million); a partial index finds them at
 * once when there are none. */
static int pg_fill_pending(store_t *s, err *e)
{
    if (s->read_only)   /* a standby: the primary's next search fills them */
        return 0;
    buf ids, toks, forms, arr;
    buf_init(&ids);
    buf_init(&toks);
    int rc;
    size_t got;
    do {
        db_stmt *st;
        if ((rc = db_prepare(s->db, "SELECT id, title, docno, body FROM doc WHERE search_tokens IS NULL AND "
                                    STORE_DOC_INDEXED " ORDER BY id LIMIT 500", &st, e)))
            break;
        buf_reset(&ids);
        buf_reset(&toks);
        for (got = 0; (rc = db_step(st, e)) == 1; got++) {
            docno_forms(db_col_text(st, 2), &forms);
            pg_token_array(db_col_text(st, 1), forms.data, db_col_text(st, 3), &arr);
            buf_printf(&ids, "%s%lld", got ? "," : "{", (long long)db_col_int(st, 0));
            array_elem(&toks, arr.data, got == 0);
            buf_free(&forms);
            buf_free(&arr);
        }
        db_finalize(st);
        if (rc < 0 || !got)
            break;
        buf_putc(&ids, '}');
        buf_putc(&toks, '}');
        buf arg;
        buf_init(&arg);
        buf_printf(&arg, "{%s", toks.data);
        rc = db_run(s->db, e, NULL, "UPDATE doc SET search_tokens = array_to_tsvector(CAST(t.tok AS text[])) "
                    "FROM unnest(CAST(? AS bigint[]), CAST(? AS text[])) AS t(id, tok) WHERE doc.id = t.id", "ss",
                    ids.data, arg.data);
        buf_free(&arg);
    } while (rc >= 0 && got == FOR_ROWS_BATCH);
    buf_free(&ids);
    buf_free(&toks);
    return rc < 0 ? rc : 0;
}

/* One form's tokens ANDed, as a tsquery. */
static void pg_form(buf *b, const char *form)
{
    tokens k = {0};
    search_term_tokens(form, strlen(form), add_token, &k);
    tokens_unique(&k);
    buf_putc(b, '(');
    for (size_t i = 0; i < k.n; i++) {
        buf_puts(b, i ? " & '" : "'");
        for (const char *p = k.v[i]; *p; p++) {
            if (*p == '\'' || *p == '\\')
                buf_putc(b, *p);
            buf_putc(b, *p);
        }
        buf_putc(b, '\'');
    }
    buf_putc(b, ')');
    tokens_free(&k);
}

/* The tsquery asking for every token of every term, a term's synonyms as
 * alternatives (with_any: or the lexeme of the documents too large to list
 * theirs). */
static char *pg_tsquery(const search_query *sq, bool with_any)
{
    buf b;
    buf_init(&b);
    buf_putc(&b, '(');
    for (size_t t = 0; t < sq->nterms; t++) {
        buf_puts(&b, t ? " & (" : "(");
        pg_form(&b, sq->terms[t]);
        for (size_t a = 0; sq->alts && sq->alts[t] && sq->alts[t][a]; a++) {
            buf_puts(&b, " | ");
            pg_form(&b, sq->alts[t][a]);
        }
        buf_putc(&b, ')');
    }
    buf_puts(&b, with_any ? ") | '" PG_ANY_DOCUMENT "'" : ")");
    return buf_detach(&b);
}

/* Below this many indexed documents the frequent strings are mined afresh
 * whenever the index has doubled since the last time (a fraction of a
 * second); above it `gongkai doc reindex` does it, e.g. nightly (the counts
 * stay exact either way; only what is kept goes stale). */
#define GRAMS_AUTO_MINE_DOCS 100000

static int grams_maybe_remine(store_t *s, err *e)
{
    struct store_gram_stats info;
    err quiet = {0};
    int rc = store_doc_grams_info(s, &info, &quiet);
    if (rc == GK_ENOTFOUND)   /* never mined: nothing to keep up to date */
        return 0;
    if (rc) {   /* a failed read is not "never mined": the change must not go on */
        if (e)
            *e = quiet;
        return rc;
    }
    int64_t n = info.indexed;
    if (n <= GRAMS_AUTO_MINE_DOCS && n >= 2 * info.docs && n >= SEARCH_GRAM_MIN_DOCS)
        return grams_rebuild(s, NULL, NULL, e);
    return 0;
}

int store_doc_fts_sync(store_t *s, const struct doc *d, bool fresh, const struct store_doc_prior *prior, err *e)
{
    if (db_kind(s->db) != DB_SQLITE)
        return pg_sync(s, d, fresh ? NULL : prior, e);
    bool created;
    int rc = fts_ensure(s, &created, e);
    if (rc || created)
        return rc;   /* a new index holds this document already */
    const char *body = d->body ? d->body : "";
    buf forms;
    docno_forms(d->docno, &forms);
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
            rc = grams_apply(s, d->agency_id, old[0], old[1], old[2], -1, e);
    }
    if (!rc && publish && !same) {
        rc = fts_put(s, d->id, d->title, forms.data, body, e);
        if (!rc)
            rc = grams_apply(s, d->agency_id, d->title, forms.data, body, +1, e);
        if (!rc && !s->grams_bulk)
            rc = grams_maybe_remine(s, e);
    }
    for (int k = 0; k < 3; k++)
        free(old[k]);
    buf_free(&forms);
    return rc;
}

/* ---- bulk indexing ---- */

int store_doc_index_bulk_begin(store_t *s, int64_t agency_id, err *e)
{
    search_grams *g;
    int rc = grams_load(s, &g, e);
    if (rc)
        return rc;
    if (g)   /* the trie's counts become what this import adds */
        search_grams_zero(g);
    s->grams_bulk = true;
    s->grams_bulk_docs = 0;
    s->grams_bulk_agency = agency_id;
    return 0;
}

static int add_gram(void *ctx, const char *gram, size_t len, int64_t docs)
{
    (void)len;
    gram_insert *x = ctx;
    return gram_add(x->s, x->s->grams_bulk_agency, gram, docs, x->e);
}

/* The trie no longer holds the kept counts: the next use loads them again. */
static void bulk_drop(store_t *s)
{
    search_grams_free(s->grams);
    s->grams = NULL;
    s->grams_version = 0;
    s->grams_tx = 0;
    s->grams_bulk = false;
    s->grams_bulk_docs = 0;
}

int store_doc_index_bulk_end(store_t *s, err *e)
{
    if (!s->grams_bulk)
        return 0;
    int rc = 0;
    if (s->grams && s->grams_bulk_docs) {
        gram_insert x = {s, e};
        rc = search_grams_each(s->grams, 1, add_gram, &x);
        if (!rc)
            rc = db_run(s->db, e, NULL, "UPDATE doc_gram_info SET indexed = indexed + ?", "i", s->grams_bulk_docs);
    }
    bulk_drop(s);
    if (!rc)
        rc = grams_maybe_remine(s, e);
    return rc;
}

void store_doc_index_bulk_abort(store_t *s)
{
    if (s->grams_bulk)
        bulk_drop(s);
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
        return grams_rebuild(s, out, pg, e);
    bool created;
    int rc = fts_ensure(s, &created, e);
    if (rc || created) {   /* a new index was mined as it was made */
        if (!rc && out)
            rc = store_doc_grams_info(s, out, e);
        return rc;
    }
    return grams_rebuild(s, out, pg, e);
}

/* ---- the query ---- */

/* Conditions and their values, bound in the order they were added. */
struct where {
    buf sql;
    char types[32];
    int n;
    int64_t ival[32];
    const char *sval[32];
};

static void cond(struct where *w, const char *sql, char type, int64_t iv, const char *sv)
{
    buf_puts(&w->sql, sql);
    if (type) {
        w->types[w->n] = type;
        w->ival[w->n] = iv;
        w->sval[w->n] = sv;
        w->n++;
    }
}

static void bind_where(db_stmt *st, const struct where *w, int *idx)
{
    for (int i = 0; i < w->n; i++) {
        if (w->types[i] == 'i')
            db_bind_int(st, (*idx)++, w->ival[i]);
        else
            db_bind_text(st, (*idx)++, w->sval[i]);
    }
}

static void build_filters(const struct store_doc_query *q, struct where *w, char y0[11], char y1[11],
                          char today[11])
{
    date_format(date_today(), today);
    cond(w, " AND d.state = 'published' AND d.withdrawn_on IS NULL", 0, 0, NULL);
    cond(w, " AND (d.publicity_until IS NULL OR d.publicity_until >= ?)", 's', 0, today);
    if (q->agency_id)
        cond(w, " AND d.agency_id = ?", 'i', q->agency_id, NULL);
    if (q->year) {
        snprintf(y0, 11, "%04d-01-01", q->year);
        snprintf(y1, 11, "%04d-12-31", q->year);
        cond(w, " AND d.published >= ?", 's', 0, y0);
        cond(w, " AND d.published <= ?", 's', 0, y1);
    }
    if (q->category && *q->category)
        cond(w, " AND d.category = ?", 's', 0, q->category);
    if (q->genre && *q->genre)
        cond(w, " AND d.genre = ?", 's', 0, q->genre);
    if (q->issuer && *q->issuer)
        cond(w, " AND d.issuer = ?", 's', 0, q->issuer);
    if (q->item)
        cond(w, " AND d.item = ?", 'i', q->item, NULL);
    switch (q->validity) {
    case DOC_V_IN_FORCE:
        cond(w, " AND (d.repealed_on IS NULL OR d.repealed_on > ?)", 's', 0, today);
        cond(w, " AND (d.expires_on IS NULL OR d.expires_on >= ?)", 's', 0, today);
        break;
    case DOC_V_REPEALED:
        cond(w, " AND d.repealed_on <= ?", 's', 0, today);
        break;
    case DOC_V_EXPIRED:
        cond(w, " AND (d.repealed_on IS NULL OR d.repealed_on > ?)", 's', 0, today);
        cond(w, " AND d.expires_on < ?", 's', 0, today);
        break;
    default:
        break;
    }
}

#define RESULT_COLS                                                                                \
    "d.id, d.title, d.docno, COALESCE(d.published, ''), COALESCE(d.index_no, ''), d.body, "        \
    "d.recipient_list, d.repealed_on, d.expires_on"

/* A snippet where the terms are: the body, else the title, else the 文号. */
static void snippet_for(struct store_doc_result *r, const char *title, const char *body, const search_query *sq)
{
    buf b;
    buf_init(&b);
    buf_puts(&b, "");
    if (!sq) {
        search_query none = {0};
        search_snippet(&b, body, strlen(body), &none, 80);
    } else if (search_text_matches(body, strlen(body), sq)) {
        search_snippet(&b, body, strlen(body), sq, 80);
    } else {
        bool in_title = search_text_matches(title, strlen(title), sq);
        if (in_title || !r->docno[0])
            search_highlight(&b, title, strlen(title), sq);
        else
            search_highlight(&b, r->docno, strlen(r->docno), sq);
        if (*body) {
            buf_puts(&b, " — ");
            search_snippet(&b, body, strlen(body), sq, 60);
        }
    }
    r->snippet = buf_detach(&b);
}

static void result_row(db_stmt *st, struct store_doc_result *r, const search_query *sq)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    store_copy_col(st, 1, r->title, sizeof r->title);
    store_copy_col(st, 2, r->docno, sizeof r->docno);
    store_copy_col(st, 3, r->published, sizeof r->published);
    store_copy_col(st, 4, r->index_no, sizeof r->index_no);
    /* a recipient list no longer in force shows no line of its list */
    struct doc d;
    doc_init(&d);
    d.state = DOC_PUBLISHED;
    d.recipient_list = db_col_int(st, 6) != 0;
    gk_day day;
    if (!db_col_null(st, 7) && date_parse(db_col_text(st, 7), &day, NULL) == 0)
        d.repealed_on = day;
    if (!db_col_null(st, 8) && date_parse(db_col_text(st, 8), &day, NULL) == 0)
        d.expires_on = day;
    r->validity = (int)doc_validity_at(&d, date_today());
    snippet_for(r, r->title, doc_body_public(&d, date_today()) ? db_col_text(st, 5) : "", sq);
}

void store_doc_results_free(struct store_doc_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].snippet);
    free(r);
}

bool store_doc_any_ended(store_t *s)
{
    err quiet = {0};
    db_stmt *st;
    if (db_prepare(s->db, "SELECT 1 FROM doc WHERE publicity_until < ? AND " STORE_DOC_INDEXED " LIMIT 1", &st,
                   &quiet))
        return true;
    char today[11];
    date_format(date_today(), today);
    db_bind_text(st, 1, today);
    int rc = db_step(st, &quiet);
    db_finalize(st);
    return rc != 0;
}

/* True when the search has no filter but, perhaps, the agency: no year,
 * category, ..., and no 公示 past its last day still in the index (an
 * index on publicity_until answers at once). */
static bool unfiltered(store_t *s, const struct store_doc_query *q)
{
    if (q->year || q->item || q->validity >= 0 || (q->category && *q->category) || (q->genre && *q->genre) ||
        (q->issuer && *q->issuer))
        return false;
    return !store_doc_any_ended(s);
}

/* True when the index holds no documents but the agency's (or the search
 * is across agencies): the search then selects the whole index. */
static bool whole_index(store_t *s, int64_t agency_id)
{
    if (!agency_id)
        return true;
    err quiet = {0};
    db_stmt *st;
    if (db_prepare(s->db, "SELECT 1 FROM agency a WHERE a.id <> ? AND EXISTS (SELECT 1 FROM doc d "
                          "WHERE d.agency_id = a.id AND d.state = 'published') LIMIT 1", &st, &quiet))
        return false;
    db_bind_int(st, 1, agency_id);
    int rc = db_step(st, &quiet);
    db_finalize(st);
    return rc == 0;   /* else other agencies' documents are in the index too */
}

static int64_t one_count(store_t *s, const char *sql, const char *gram, int64_t agency_id, int64_t none)
{
    err quiet = {0};
    db_stmt *st;
    if (db_prepare(s->db, sql, &st, &quiet))
        return -1;
    db_bind_text(st, 1, gram);
    if (agency_id)
        db_bind_int(st, 2, agency_id);
    int rc = db_step(st, &quiet);
    int64_t n = rc == 1 ? db_col_int(st, 0) : rc == 0 ? none : -1;
    db_finalize(st);
    return n;
}

static int scan_rows(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                     struct store_doc_result **out, size_t *n, int64_t *total, err *e);

/* The number of documents the filters w select. */
static int pg_count(store_t *s, const struct where *w, int64_t *total, err *e)
{
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT count(*) FROM doc d WHERE 1 = 1%s", w->sql.data);
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int idx = 1;
    bind_where(st, w, &idx);
    rc = db_step(st, e);
    *total = rc == 1 ? db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- the plan ---- */

/* A form's documents: platform-wide (doc_gram), or in one agency
 * (doc_gram_agency); -1 when not kept (rare there) or unreadable. */
static int64_t form_docs(store_t *s, const char *form, int64_t agency_id)
{
    int64_t n = one_count(s, "SELECT docs FROM doc_gram WHERE gram = ?", form, 0, -1);
    if (n < 0 || !agency_id)
        return n;
    return one_count(s, "SELECT docs FROM doc_gram_agency WHERE gram = ? AND agency_id = ?", form, agency_id, -1);
}

/* A term's forms: the term, then its synonyms; NULL past the last. */
static const char *term_form(const search_query *sq, size_t t, size_t a)
{
    if (a == 0)
        return sq->terms[t];
    return sq->alts && sq->alts[t] ? sq->alts[t][a - 1] : NULL;
}

/* A term's documents from the counts: the sum over its forms when every
 * form is held (exact for a term without synonyms), else -1. */
static int64_t term_docs(store_t *s, const search_query *sq, size_t t, int64_t agency_id)
{
    int64_t sum = 0;
    for (size_t a = 0; term_form(sq, t, a); a++) {
        int64_t n = form_docs(s, term_form(sq, t, a), agency_id);
        if (n < 0)
            return -1;
        sum += n;
    }
    return sum;
}

static int one_token(void *ctx, const char *t, size_t len, bool coloc, size_t s0, size_t e0)
{
    (void)t, (void)len, (void)coloc, (void)s0, (void)e0;
    ++*(size_t *)ctx;
    return 0;
}

/* True when every form of every term is one token: the GIN index over the
 * tokens then finds exactly the documents holding them. */
static bool single_tokens(const search_query *sq)
{
    for (size_t t = 0; t < sq->nterms; t++)
        for (size_t a = 0; term_form(sq, t, a); a++) {
            size_t n = 0;
            const char *f = term_form(sq, t, a);
            search_term_tokens(f, strlen(f), one_token, &n);
            if (n != 1)
                return false;
        }
    return true;
}

/* True when some indexed document is too large to list its tokens
 * (PG_ANY_DOCUMENT): such documents are checked as text. */
static bool pg_any_large(store_t *s)
{
    err quiet = {0};
    db_stmt *st;
    if (db_prepare(s->db, "SELECT 1 FROM doc WHERE search_tokens @@ CAST(? AS tsquery) LIMIT 1", &st, &quiet))
        return true;
    db_bind_text(st, 1, "'" PG_ANY_DOCUMENT "'");
    int rc = db_step(st, &quiet);
    db_finalize(st);
    return rc != 0;
}

/* A scan of one agency's documents beats the index when the driving term is
 * in this many times more documents across the platform than the agency
 * publishes (SQLite: FTS5 cannot filter by agency, it walks every hit). */
#define PLAN_SCAN_RATIO 4

/* True when the agency has fewer than max indexed documents (counted
 * through its index, at most max of them). */
static bool agency_smaller(store_t *s, int64_t agency_id, int64_t max)
{
    int64_t n = -1;
    err quiet = {0};
    if (db_query_int(s->db, &quiet, &n, "SELECT count(*) FROM (SELECT 1 FROM doc WHERE agency_id = ? AND "
                     "state = 'published' LIMIT ?) x", "ii", agency_id, max))
        return false;
    return n >= 0 && n < max;
}

/* Chooses how to answer q (store.h, struct store_search_plan); *kept: the
 * total when read from the counts. */
static void plan_search(store_t *s, const struct store_doc_query *q, const search_query *sq,
                        struct store_search_plan *p, int64_t *kept)
{
    memset(p, 0, sizeof *p);
    p->total_from = STORE_TOTAL_COUNTED;
    p->access = STORE_ACCESS_INDEX;
    p->driver = -1;
    p->driver_docs = -1;
    *kept = -1;
    if (!sq)
        return;
    struct store_gram_stats info;
    bool mined = store_doc_grams_info(s, &info, NULL) == 0;
    bool per_agency = mined && info.per_agency && q->agency_id;
    int64_t platform = -1;
    for (size_t t = 0; t < sq->nterms; t++) {
        int64_t all = mined ? term_docs(s, sq, t, 0) : -1;
        int64_t n = per_agency && all >= 0 ? term_docs(s, sq, t, q->agency_id) : all;
        /* a term not held is in fewer documents than any held one */
        if (p->driver < 0 || (p->driver_docs >= 0 && (n < 0 || n < p->driver_docs))) {
            p->driver = (int)t;
            p->driver_docs = n;
            platform = all;
        }
    }
    if (db_kind(s->db) == DB_PG)
        p->exact_tokens = single_tokens(sq) && !pg_any_large(s);
    if (mined && sq->nterms == 1 && !sq->alts && p->driver_docs >= 0 && unfiltered(s, q)) {
        if (!q->agency_id)
            p->total_from = STORE_TOTAL_PLATFORM;
        else if (per_agency)
            p->total_from = STORE_TOTAL_AGENCY;
        else if (whole_index(s, q->agency_id))
            p->total_from = STORE_TOTAL_PLATFORM;
        if (p->total_from != STORE_TOTAL_COUNTED)
            *kept = p->driver_docs;
    }
    if (db_kind(s->db) == DB_SQLITE && q->agency_id && platform >= PLAN_SCAN_RATIO * SEARCH_GRAM_MIN_DOCS &&
        agency_smaller(s, q->agency_id, platform / PLAN_SCAN_RATIO))
        p->access = STORE_ACCESS_SCAN;
}

/* The ranking weight of a row (publish.h, doc_rank_rows) as an SQL
 * expression: its genre's row, else its category's, else 1. */
static void rank_weight_sql(buf *b)
{
    for (int pass = 0; pass < 2; pass++) {
        buf_printf(b, "CASE d.%s", pass ? "category" : "genre");
        for (int i = 0; i < doc_nrank_rows; i++)
            buf_printf(b, " WHEN '%s' THEN %.2f", doc_rank_rows[i].genre_or_category, doc_rank_rows[i].weight);
        buf_puts(b, pass ? " ELSE 1.0 END" : " ELSE ");
    }
    buf_puts(b, " END");
}

/* Runs one page query (its SQL ends "LIMIT ? OFFSET ?"), appending up to
 * limit rows to v[*k]. The MATCH expression (when match is true) and then
 * the filters are bound `reps` times. */
static int page_rows(store_t *s, const char *sql, const search_query *sq, bool match, const struct where *w,
                     int reps, int limit, int64_t offset, struct store_doc_result *v, size_t *k, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    int idx = 1;
    for (int m = 0; m < reps; m++) {
        if (match)
            db_bind_text(st, idx++, sq->match);
        bind_where(st, w, &idx);
    }
    db_bind_int(st, idx++, limit);
    db_bind_int(st, idx++, offset);
    size_t stop = *k + (size_t)limit;
    while (*k < stop && (rc = db_step(st, e)) == 1)
        result_row(st, &v[(*k)++], sq);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* A page by relevance of a search whose hits pass the pool: the pool's hits
 * ranked, then the others most recently added first, as one order (store.h).
 * The pool is the newest `pool` hits that pass the filters. */
static int pooled_page(store_t *s, const search_query *sq, const struct where *w, int64_t pool, int limit,
                       int64_t offset, struct store_doc_result *v, size_t *k, err *e)
{
    const char *ws = w->sql.data ? w->sql.data : "";
    buf sql;
    buf_init(&sql);
    int rc = 0;
    if (offset < pool) {
        /* Ranking every one of a million hits takes most of a second: the
         * `pool` most recently added hits are ranked instead (store.h). */
        buf_printf(&sql, "SELECT " RESULT_COLS " FROM (SELECT doc_fts.rowid AS fid, bm25(doc_fts, 10.0, 5.0, 1.0) "
                   "AS score FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?%s "
                   "ORDER BY doc_fts.rowid DESC LIMIT %lld) f CROSS JOIN doc d ON d.id = f.fid ORDER BY f.score * (",
                   ws, (long long)pool);
        rank_weight_sql(&sql);
        buf_puts(&sql, "), d.published DESC, d.id DESC LIMIT ? OFFSET ?");
        int take = offset + limit <= pool ? limit : (int)(pool - offset);
        rc = page_rows(s, sql.data, sq, true, w, 1, take, offset, v, k, e);
        buf_reset(&sql);
    }
    int left = limit - (int)*k;
    if (!rc && left > 0) {
        buf_printf(&sql, "SELECT " RESULT_COLS " FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid "
                   "WHERE doc_fts MATCH ?%s AND doc_fts.rowid < (SELECT min(fid) FROM (SELECT doc_fts.rowid AS fid "
                   "FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?%s "
                   "ORDER BY doc_fts.rowid DESC LIMIT %lld)) ORDER BY doc_fts.rowid DESC LIMIT ? OFFSET ?", ws, ws,
                   (long long)pool);
        rc = page_rows(s, sql.data, sq, true, w, 2, left, offset > pool ? offset - pool : 0, v, k, e);
    }
    buf_free(&sql);
    return rc;
}

/* SQLite with FTS, or no query text: counting and paging in SQL. */
static int search_sql(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                      struct store_search_plan *p, struct store_doc_result **out, size_t *n, int64_t *total,
                      err *e)
{
    bool fts = sq != NULL;
    int64_t kept;
    plan_search(s, q, sq, p, &kept);
    if (p->access == STORE_ACCESS_SCAN)
        return scan_rows(s, q, sq, w, out, n, total, e);
    /* CROSS JOIN keeps doc_fts the outer loop in SQLite: the match runs once,
     * not once per document */
    const char *from = fts ? " FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?"
                           : " FROM doc d WHERE 1 = 1";
    buf sql;
    buf_init(&sql);
    db_stmt *st;
    int rc, idx;
    *total = kept;
    if (kept < 0) {
        buf_printf(&sql, "SELECT COUNT(*)%s%s", from, w->sql.data ? w->sql.data : "");
        if ((rc = db_prepare(s->db, sql.data, &st, e))) {
            buf_free(&sql);
            return rc;
        }
        idx = 1;
        if (fts)
            db_bind_text(st, idx++, sq->match);
        bind_where(st, w, &idx);
        rc = db_step(st, e);
        *total = rc == 1 ? db_col_int(st, 0) : 0;
        db_finalize(st);
        if (rc < 0) {
            buf_free(&sql);
            return rc;
        }
        buf_reset(&sql);
    }
    int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
    int64_t pool = q->relevance_pool > 0 ? q->relevance_pool : STORE_RELEVANCE_POOL;
    struct store_doc_result *v = xcalloc((size_t)limit, sizeof *v);
    size_t k = 0;
    if (fts && !q->by_date && *total > pool) {
        p->pooled = true;
        rc = pooled_page(s, sq, w, pool, limit, offset, v, &k, e);
    } else {
        buf_printf(&sql, "SELECT " RESULT_COLS "%s%s ORDER BY ", from, w->sql.data ? w->sql.data : "");
        if (fts && !q->by_date) {
            buf_puts(&sql, "bm25(doc_fts, 10.0, 5.0, 1.0) * (");
            rank_weight_sql(&sql);
            buf_puts(&sql, "), ");
        }
        buf_puts(&sql, "d.published DESC, d.id DESC LIMIT ? OFFSET ?");
        rc = page_rows(s, sql.data, sq, fts, w, 1, limit, offset, v, &k, e);
    }
    buf_free(&sql);
    if (rc < 0) {
        store_doc_results_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

/* ---- PostgreSQL ---- */

/* Walks the rows of sql (its filters w bound `nwhere` times, then LIMIT and
 * OFFSET) in its order, PG_WALK_BATCH at a time, checking the terms as text
 * unless the index decided already (check false); skips `skip` hits, keeps
 * up to `take` in v[*k], and stops there. *hits: the hits walked;
 * *last_id: the id of the last row walked. */
#define PG_WALK_BATCH 200

struct pg_walk {
    const char *sql;
    int nwhere;
    bool check;
    int64_t skip;
    int take;
};

static bool row_matches(db_stmt *st, const search_query *sq, buf *all)
{
    buf_reset(all);
    buf_puts(all, db_col_text(st, 1));
    buf_putc(all, '\n');
    docno_field(db_col_text(st, 2), all);
    buf_putc(all, '\n');
    buf_puts(all, db_col_text(st, 5));
    return search_text_matches(all->data, all->len, sq);
}

static int pg_walk(store_t *s, const struct pg_walk *wk, const search_query *sq, const struct where *w,
                   struct store_doc_result *v, size_t *k, int64_t *hits, err *e)
{
    if (!wk->check) {   /* every row a hit: the page in one statement */
        size_t k0 = *k;
        int rc = page_rows(s, wk->sql, sq, false, w, wk->nwhere, wk->take, wk->skip, v, k, e);
        *hits = (int64_t)(*k - k0);
        return rc;
    }
    buf all;
    buf_init(&all);
    int rc = 0;
    int64_t from = 0, got;
    size_t stop = *k + (size_t)wk->take;
    *hits = 0;
    do {
        db_stmt *st;
        if ((rc = db_prepare(s->db, wk->sql, &st, e)))
            break;
        int idx = 1;
        for (int m = 0; m < wk->nwhere; m++)
            bind_where(st, w, &idx);
        db_bind_int(st, idx++, PG_WALK_BATCH);
        db_bind_int(st, idx++, from);
        for (got = 0; *k < stop && (rc = db_step(st, e)) == 1; got++) {
            if (!row_matches(st, sq, &all))
                continue;
            if ((*hits)++ >= wk->skip)
                result_row(st, &v[(*k)++], sq);
        }
        db_finalize(st);
        from += PG_WALK_BATCH;
    } while (rc >= 0 && *k < stop && got == PG_WALK_BATCH);
    buf_free(&all);
    return rc < 0 ? rc : 0;
}

/* PostgreSQL, by relevance, more hits than the pool: the hits among the
 * newest `pool` candidates ranked, then the others newest first. */
static int pg_pooled_page(store_t *s, const search_query *sq, const struct where *w, bool check, int64_t pool,
                          int limit, int64_t offset, struct store_doc_result *v, size_t *k, err *e)
{
    const char *ws = w->sql.data;
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT " RESULT_COLS " FROM (SELECT * FROM doc d WHERE 1 = 1%s ORDER BY d.id DESC "
               "LIMIT %lld) d ORDER BY ", ws, (long long)pool);
    rank_weight_sql(&sql);
    buf_puts(&sql, " DESC, d.published DESC, d.id DESC LIMIT ? OFFSET ?");
    int64_t in_pool = 0, hits;
    int rc;
    if (check) {
        /* the whole pool walked: the page kept, the hits in it counted */
        struct store_doc_result *all = xcalloc((size_t)pool, sizeof *all);
        size_t ka = 0;
        struct pg_walk wk = {sql.data, 1, true, 0, (int)pool};
        rc = pg_walk(s, &wk, sq, w, all, &ka, &in_pool, e);
        for (size_t i = 0; i < ka; i++) {
            if ((int64_t)i >= offset && *k < (size_t)limit)
                v[(*k)++] = all[i];
            else
                free(all[i].snippet);
        }
        free(all);
    } else {
        struct pg_walk wk = {sql.data, 1, false, offset, limit};
        rc = pg_walk(s, &wk, sq, w, v, k, &hits, e);
        in_pool = pool;   /* every candidate a hit, and more hits than the pool */
    }
    int left = limit - (int)*k;
    if (!rc && left > 0) {
        buf_reset(&sql);
        buf_printf(&sql, "SELECT " RESULT_COLS " FROM doc d WHERE 1 = 1%s AND d.id < (SELECT min(id) FROM "
                   "(SELECT d.id FROM doc d WHERE 1 = 1%s ORDER BY d.id DESC LIMIT %lld) x) "
                   "ORDER BY d.id DESC LIMIT ? OFFSET ?", ws, ws, (long long)pool);
        struct pg_walk rest = {sql.data, 2, check, offset > in_pool ? offset - in_pool : 0, left};
        rc = pg_walk(s, &rest, sq, w, v, k, &hits, e);
    }
    buf_free(&sql);
    return rc;
}

/* PostgreSQL: filters in SQL, the candidates holding every token of the
 * terms through the GIN index; the terms checked here as substrings unless
 * each is one token (the index then decides). The total from the counts
 * or counted; the page walked in order and left at its end. */
static int search_pg(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                     struct store_search_plan *p, struct store_doc_result **out, size_t *n, int64_t *total,
                     err *e)
{
    int rc = pg_fill_pending(s, e);
    if (rc)
        return rc;
    int64_t kept;
    plan_search(s, q, sq, p, &kept);
    char *tsq = pg_tsquery(sq, !p->exact_tokens);
    cond(w, " AND d.search_tokens @@ CAST(? AS tsquery)", 's', 0, tsq);
    if (!p->exact_tokens && kept < 0) {   /* every candidate checked: the exact total */
        rc = scan_rows(s, q, sq, w, out, n, total, e);
        free(tsq);
        return rc;
    }
    const char *ws = w->sql.data;
    *total = kept;
    if (kept < 0)
        rc = pg_count(s, w, total, e);
    int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
    int64_t pool = q->relevance_pool > 0 ? q->relevance_pool : STORE_RELEVANCE_POOL;
    struct store_doc_result *v = xcalloc((size_t)limit, sizeof *v);
    size_t k = 0;
    buf sql;
    buf_init(&sql);
    int64_t hits = 0;
    bool check = !p->exact_tokens;
    if (!rc && (q->by_date || *total <= pool)) {
        buf_printf(&sql, "SELECT " RESULT_COLS " FROM doc d WHERE 1 = 1%s ORDER BY ", ws);
        if (!q->by_date) {
            rank_weight_sql(&sql);
            buf_puts(&sql, " DESC, ");
        }
        buf_puts(&sql, "d.published DESC, d.id DESC LIMIT ? OFFSET ?");
        struct pg_walk wk = {sql.data, 1, check, offset, limit};
        rc = pg_walk(s, &wk, sq, w, v, &k, &hits, e);
    } else if (!rc) {
        p->pooled = true;
        rc = pg_pooled_page(s, sq, w, check, pool, limit, offset, v, &k, e);
    }
    buf_free(&sql);
    free(tsq);
    if (rc < 0) {
        store_doc_results_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

static int scan_rows(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                     struct store_doc_result **out, size_t *n, int64_t *total, err *e)
{
    buf sql;
    buf_init(&sql);
    /* by relevance, PostgreSQL ranks by the kind of document (no BM25 here),
     * then newest first */
    buf_printf(&sql, "SELECT " RESULT_COLS " FROM doc d WHERE 1 = 1%s ORDER BY ", w->sql.data ? w->sql.data : "");
    if (!q->by_date) {
        rank_weight_sql(&sql);
        buf_puts(&sql, " DESC, ");
    }
    buf_puts(&sql, "d.published DESC, d.id DESC");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int idx = 1;
    bind_where(st, w, &idx);
    int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
    struct store_doc_result *v = xcalloc((size_t)limit, sizeof *v);
    size_t k = 0;
    int64_t matched = 0;
    buf all;
    buf_init(&all);
    while ((rc = db_step(st, e)) == 1) {
        buf_reset(&all);
        buf_puts(&all, db_col_text(st, 1));
        buf_putc(&all, '\n');
        docno_field(db_col_text(st, 2), &all);
        buf_putc(&all, '\n');
        buf_puts(&all, db_col_text(st, 5));
        if (!search_text_matches(all.data, all.len, sq))
            continue;
        if (matched++ >= offset && k < (size_t)limit)
            result_row(st, &v[k++], sq);
    }
    buf_free(&all);
    db_finalize(st);
    if (rc < 0) {
        store_doc_results_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    *total = matched;
    return 0;
}

static int search_run(store_t *s, const struct store_doc_query *q, struct store_search_plan *plan,
                      struct store_doc_result **out, size_t *n, int64_t *total, err *e)
{
    memset(plan, 0, sizeof *plan);
    *out = NULL;
    *n = 0;
    *total = 0;
    if (q->limit < 0 || q->limit > 1000 || q->offset < 0)
        return err_set(e, GK_EINVAL, "search", "the page asked for is out of range (limit 1 to 1000)");
    const char *text = q->text ? q->text : "";
    bool has_text = false;
    for (const char *p = text; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '"')
            has_text = true;
    /* a 文号 typed with odd brackets (驻民文〔2018)149号) is searched as written canonically */
    struct doc_docno dn;
    char quoted[256];
    if (has_text && doc_docno_parse(text, &dn, NULL) == 0) {
        snprintf(quoted, sizeof quoted, "\"%s\"", dn.canonical);
        text = quoted;
    }
    search_query sq;
    int rc;
    if (has_text && (rc = search_query_parse(text, &sq, e)))
        return rc;
    if (has_text && text != quoted) {
        search_synonyms *syn;
        if ((rc = store_synonyms(s, q->agency_id, &syn, e))) {
            search_query_free(&sq);
            return rc;
        }
        search_query_expand(&sq, syn);
        search_synonyms_free(syn);
    }
    struct where w = {0};
    buf_init(&w.sql);
    buf_puts(&w.sql, "");
    char y0[11], y1[11], today[11];
    build_filters(q, &w, y0, y1, today);
    if (has_text && db_kind(s->db) == DB_SQLITE && (rc = fts_ensure(s, NULL, e)) == 0)
        rc = search_sql(s, q, &sq, &w, plan, out, n, total, e);
    else if (has_text && db_kind(s->db) == DB_SQLITE)
        ;   /* fts_ensure failed: rc holds why */
    else if (has_text)
        rc = search_pg(s, q, &sq, &w, plan, out, n, total, e);
    else
        rc = search_sql(s, q, NULL, &w, plan, out, n, total, e);
    buf_free(&w.sql);
    if (has_text)
        search_query_free(&sq);
    return rc;
}

int store_doc_search(store_t *s, const struct store_doc_query *q, struct store_doc_result **out, size_t *n,
                     int64_t *total, err *e)
{
    struct store_search_plan p;
    return search_run(s, q, &p, out, n, total, e);
}

int store_doc_search_plan(store_t *s, const struct store_doc_query *q, struct store_search_plan *out, err *e)
{
    struct store_doc_result *r;
    size_t n;
    int64_t total;
    int rc = search_run(s, q, out, &r, &n, &total, e);
    if (!rc)
        store_doc_results_free(r, n);
    return rc;
}

/* ---- did you mean ---- */

/* Total of q with its text replaced by text. */
static int count_for(store_t *s, const struct store_doc_query *q, const char *text, int64_t *total, err *e)
{
    struct store_doc_query one = *q;
    one.text = text;
    one.limit = 1;
    one.offset = 0;
    struct store_doc_result *r;
    size_t n;
    int rc = store_doc_search(s, &one, &r, &n, total, e);
    if (!rc)
        store_doc_results_free(r, n);
    return rc;
}

/* The nearest string of the newest published titles to term; NULL if none. */
static int suggest_term(store_t *s, const struct store_doc_query *q, const char *term, char **out, err *e)
{
    *out = NULL;
    search_suggester *sg = search_suggester_new(term);
    if (!sg)
        return 0;
    char today[11];
    date_format(date_today(), today);
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT title FROM doc WHERE " STORE_DOC_INDEXED " AND " STORE_DOC_PUBLIC_ON
                               " AND (? = 0 OR agency_id = ?) ORDER BY id DESC LIMIT ?", &st, e);
    if (rc) {
        search_suggester_free(sg);
        return rc;
    }
    db_bind_text(st, 1, today);
    db_bind_int(st, 2, q->agency_id);
    db_bind_int(st, 3, q->agency_id);
    db_bind_int(st, 4, STORE_SUGGEST_MAX_TITLES);
    while ((rc = db_step(st, e)) == 1) {
        const char *t = db_col_text(st, 0);
        search_suggester_add(sg, t, strlen(t));
    }
    db_finalize(st);
    if (rc == 0)
        *out = search_suggester_best(sg);
    search_suggester_free(sg);
    return rc < 0 ? rc : 0;
}

int store_doc_suggest(store_t *s, const struct store_doc_query *q, char **out, err *e)
{
    *out = NULL;
    search_query sq;
    int rc = search_query_parse(q->text ? q->text : "", &sq, e);
    if (rc)
        return rc;
    buf b;
    buf_init(&b);
    bool changed = false;
    for (size_t t = 0; t < sq.nterms && !rc; t++) {
        int64_t n = 0;
        char *better = NULL;
        const char *term = sq.terms[t];
        /* a term that finds something alone stays as typed */
        buf quoted;
        buf_init(&quoted);
        buf_printf(&quoted, "\"%s\"", term);
        rc = count_for(s, q, quoted.data, &n, e);
        buf_free(&quoted);
        if (!rc && n == 0)
            rc = suggest_term(s, q, term, &better, e);
        if (better)
            changed = true;
        buf_printf(&b, "%s%s", t ? " " : "", better ? better : term);
        free(better);
    }
    search_query_free(&sq);
    int64_t n = 0;
    if (!rc && changed)
        rc = count_for(s, q, b.data, &n, e);
    if (!rc && changed && n > 0)
        *out = buf_detach(&b);
    buf_free(&b);
    return rc;
}
