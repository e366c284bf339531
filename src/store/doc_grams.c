/* store — the frequent strings of the search index (search.h, "frequent
 * strings"): doc_gram keeps the exact number of documents holding each, for
 * the platform, and doc_gram_agency for each agency where the string is
 * frequent there. A one-term search with no filter reads its total there
 * instead of walking every hit. Each document entering or leaving the index
 * adds or takes 1 from the strings it holds, in the same transaction
 * (dsearch_grams_apply); an import counts in memory and writes once (bulk
 * indexing); dsearch_grams_rebuild mines the set afresh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/progress.h"
#include "search/search.h"
#include "store/doc_search_internal.h"

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
int dsearch_grams_load(store_t *s, search_grams **out, err *e)
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
int dsearch_grams_apply(store_t *s, int64_t agency_id, const char *title, const char *forms, const char *body,
                       int delta, err *e)
{
    search_grams *g;
    int rc = dsearch_grams_load(s, &g, e);
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
            dsearch_docno_field(db_col_text(st, 2), &forms);
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

int dsearch_grams_rebuild(store_t *s, struct store_gram_stats *out, const struct gk_progress *pg, err *e)
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

/* Below this many indexed documents the frequent strings are mined afresh
 * whenever the index has doubled since the last time (a fraction of a
 * second); above it `gongkai doc reindex` does it, e.g. nightly (the counts
 * stay exact either way; only what is kept goes stale). */
#define GRAMS_AUTO_MINE_DOCS 100000

int dsearch_grams_remine(store_t *s, err *e)
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
        return dsearch_grams_rebuild(s, NULL, NULL, e);
    return 0;
}

/* ---- bulk indexing ---- */

int store_doc_index_bulk_begin(store_t *s, int64_t agency_id, err *e)
{
    search_grams *g;
    int rc = dsearch_grams_load(s, &g, e);
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
        rc = dsearch_grams_remine(s, e);
    return rc;
}

void store_doc_index_bulk_abort(store_t *s)
{
    if (s->grams_bulk)
        bulk_drop(s);
}
