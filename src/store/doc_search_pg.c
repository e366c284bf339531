/* store — full-text search on PostgreSQL. Each published document keeps
 * its gongkai tokens in doc.search_tokens (a tsvector of bare lexemes under
 * a GIN index, migration 5): the index picks the documents holding every
 * token of the terms, the filters run in SQL, and the terms are checked here
 * as substrings with the same folding as SQLite (search_text_matches)
 * unless every form is one token: the same results, newest first. The plan
 * (doc_search.c) reads the totals from the counts of frequent strings
 * (doc_grams.c) when it can. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "store/doc_search_internal.h"

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
    dsearch_docno_forms(docno, &forms);
    pg_token_array(title, forms.data, body, &arr);
    int rc = db_run(s->db, e, NULL, "UPDATE doc SET search_tokens = array_to_tsvector(CAST(? AS text[])) WHERE id = ?",
                    "si", arr.data, id);
    buf_free(&arr);
    buf_free(&forms);
    return rc;
}

/* PostgreSQL: the document's tokens, and the counts of frequent strings
 * moved from what it held (prior) to what it holds now. */
int dsearch_pg_sync(store_t *s, const struct doc *d, const struct store_doc_prior *prior, err *e)
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
        dsearch_docno_forms(prior->docno, &forms);
        rc = dsearch_grams_apply(s, d->agency_id, prior->title, forms.data, prior->body, -1, e);
        buf_free(&forms);
    }
    if (rc)
        return rc;
    if (!publish)
        return db_run(s->db, e, NULL, "UPDATE doc SET search_tokens = NULL WHERE id = ?", "i", d->id);
    if ((rc = pg_set_tokens(s, d->id, d->title, d->docno, body, e)))
        return rc;
    buf forms;
    dsearch_docno_forms(d->docno, &forms);
    rc = dsearch_grams_apply(s, d->agency_id, d->title, forms.data, body, +1, e);
    buf_free(&forms);
    if (!rc && !s->grams_bulk)
        rc = dsearch_grams_remine(s, e);
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

#define PG_FILL_BATCH 500
#define PG_FILL_LIMIT "500"

/* Documents published before the tokens were kept (or loaded behind the
 * store's back) get them now, PG_FILL_BATCH in one UPDATE (one round trip
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
                                    STORE_DOC_INDEXED " ORDER BY id LIMIT " PG_FILL_LIMIT, &st, e)))
            break;
        buf_reset(&ids);
        buf_reset(&toks);
        for (got = 0; (rc = db_step(st, e)) == 1; got++) {
            dsearch_docno_forms(db_col_text(st, 2), &forms);
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
    } while (rc >= 0 && got == PG_FILL_BATCH);
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
    dsearch_bind_where(st, w, &idx);
    rc = db_step(st, e);
    *total = rc == 1 ? db_col_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* True when some indexed document is too large to list its tokens
 * (PG_ANY_DOCUMENT): such documents are checked as text. */
bool dsearch_pg_any_large(store_t *s)
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
    dsearch_docno_field(db_col_text(st, 2), all);
    buf_putc(all, '\n');
    buf_puts(all, db_col_text(st, 5));
    return search_text_matches(all->data, all->len, sq);
}

static int pg_walk(store_t *s, const struct pg_walk *wk, const search_query *sq, const struct where *w,
                   struct store_doc_result *v, size_t *k, int64_t *hits, err *e)
{
    if (!wk->check) {   /* every row a hit: the page in one statement */
        size_t k0 = *k;
        int rc = dsearch_page_rows(s, wk->sql, sq, false, w, wk->nwhere, wk->take, wk->skip, v, k, e);
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
            dsearch_bind_where(st, w, &idx);
        db_bind_int(st, idx++, PG_WALK_BATCH);
        db_bind_int(st, idx++, from);
        for (got = 0; *k < stop && (rc = db_step(st, e)) == 1; got++) {
            if (!row_matches(st, sq, &all))
                continue;
            if ((*hits)++ >= wk->skip)
                dsearch_result_row(st, &v[(*k)++], sq);
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
    buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM (SELECT * FROM doc d WHERE 1 = 1%s ORDER BY d.id DESC "
               "LIMIT %lld) d ORDER BY ", ws, (long long)pool);
    dsearch_rank_weight_sql(&sql);
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
        buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM doc d WHERE 1 = 1%s AND d.id < (SELECT min(id) FROM "
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
int dsearch_pg_search(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                     struct store_search_plan *p, struct store_doc_result **out, size_t *n, int64_t *total,
                     err *e)
{
    int rc = pg_fill_pending(s, e);
    if (rc)
        return rc;
    int64_t kept;
    dsearch_plan(s, q, sq, p, &kept);
    char *tsq = pg_tsquery(sq, !p->exact_tokens);
    dsearch_cond(w, " AND d.search_tokens @@ CAST(? AS tsquery)", 's', 0, tsq);
    if (!p->exact_tokens && kept < 0) {   /* every candidate checked: the exact total */
        rc = dsearch_scan_rows(s, q, sq, w, out, n, total, e);
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
        buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM doc d WHERE 1 = 1%s ORDER BY ", ws);
        if (!q->by_date) {
            dsearch_rank_weight_sql(&sql);
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

