/* store — full-text search of published documents: the filters, the plan
 * (which term drives, where the total comes from: store.h, struct
 * store_search_plan), the SQLite query over doc_fts with exact substring
 * semantics ranked by BM25 (title weighs most, then the 文号, then the body),
 * the scan of one agency's documents, and "did you mean". The index itself
 * is kept by doc_index.c, the counts of frequent strings by doc_grams.c, and
 * PostgreSQL's search (tokens under a GIN index) is doc_search_pg.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "store/doc_search_internal.h"

/* ---- the query ---- */

void dsearch_cond(struct where *w, const char *sql, char type, int64_t iv, const char *sv)
{
    buf_puts(&w->sql, sql);
    if (type) {
        w->types[w->n] = type;
        w->ival[w->n] = iv;
        w->sval[w->n] = sv;
        w->n++;
    }
}

void dsearch_bind_where(db_stmt *st, const struct where *w, int *idx)
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
    dsearch_cond(w, " AND d.state = 'published' AND d.withdrawn_on IS NULL", 0, 0, NULL);
    dsearch_cond(w, " AND (d.publicity_until IS NULL OR d.publicity_until >= ?)", 's', 0, today);
    if (q->agency_id)
        dsearch_cond(w, " AND d.agency_id = ?", 'i', q->agency_id, NULL);
    if (q->year) {
        snprintf(y0, 11, "%04d-01-01", q->year);
        snprintf(y1, 11, "%04d-12-31", q->year);
        dsearch_cond(w, " AND d.published >= ?", 's', 0, y0);
        dsearch_cond(w, " AND d.published <= ?", 's', 0, y1);
    }
    if (q->category && *q->category)
        dsearch_cond(w, " AND d.category = ?", 's', 0, q->category);
    if (q->genre && *q->genre)
        dsearch_cond(w, " AND d.genre = ?", 's', 0, q->genre);
    if (q->issuer && *q->issuer)
        dsearch_cond(w, " AND d.issuer = ?", 's', 0, q->issuer);
    if (q->item)
        dsearch_cond(w, " AND d.item = ?", 'i', q->item, NULL);
    switch (q->validity) {
    case DOC_V_IN_FORCE:
        dsearch_cond(w, " AND (d.repealed_on IS NULL OR d.repealed_on > ?)", 's', 0, today);
        dsearch_cond(w, " AND (d.expires_on IS NULL OR d.expires_on >= ?)", 's', 0, today);
        break;
    case DOC_V_REPEALED:
        dsearch_cond(w, " AND d.repealed_on <= ?", 's', 0, today);
        break;
    case DOC_V_EXPIRED:
        dsearch_cond(w, " AND (d.repealed_on IS NULL OR d.repealed_on > ?)", 's', 0, today);
        dsearch_cond(w, " AND d.expires_on < ?", 's', 0, today);
        break;
    default:
        break;
    }
}

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

void dsearch_result_row(db_stmt *st, struct store_doc_result *r, const search_query *sq)
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
void dsearch_plan(store_t *s, const struct store_doc_query *q, const search_query *sq,
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
        p->exact_tokens = single_tokens(sq) && !dsearch_pg_any_large(s);
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
void dsearch_rank_weight_sql(buf *b)
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
int dsearch_page_rows(store_t *s, const char *sql, const search_query *sq, bool match, const struct where *w,
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
        dsearch_bind_where(st, w, &idx);
    }
    db_bind_int(st, idx++, limit);
    db_bind_int(st, idx++, offset);
    size_t stop = *k + (size_t)limit;
    while (*k < stop && (rc = db_step(st, e)) == 1)
        dsearch_result_row(st, &v[(*k)++], sq);
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
        buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM (SELECT doc_fts.rowid AS fid, bm25(doc_fts, 10.0, 5.0, 1.0) "
                   "AS score FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?%s "
                   "ORDER BY doc_fts.rowid DESC LIMIT %lld) f CROSS JOIN doc d ON d.id = f.fid ORDER BY f.score * (",
                   ws, (long long)pool);
        dsearch_rank_weight_sql(&sql);
        buf_puts(&sql, "), d.published DESC, d.id DESC LIMIT ? OFFSET ?");
        int take = offset + limit <= pool ? limit : (int)(pool - offset);
        rc = dsearch_page_rows(s, sql.data, sq, true, w, 1, take, offset, v, k, e);
        buf_reset(&sql);
    }
    int left = limit - (int)*k;
    if (!rc && left > 0) {
        buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid "
                   "WHERE doc_fts MATCH ?%s AND doc_fts.rowid < (SELECT min(fid) FROM (SELECT doc_fts.rowid AS fid "
                   "FROM doc_fts CROSS JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?%s "
                   "ORDER BY doc_fts.rowid DESC LIMIT %lld)) ORDER BY doc_fts.rowid DESC LIMIT ? OFFSET ?", ws, ws,
                   (long long)pool);
        rc = dsearch_page_rows(s, sql.data, sq, true, w, 2, left, offset > pool ? offset - pool : 0, v, k, e);
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
    dsearch_plan(s, q, sq, p, &kept);
    if (p->access == STORE_ACCESS_SCAN)
        return dsearch_scan_rows(s, q, sq, w, out, n, total, e);
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
        dsearch_bind_where(st, w, &idx);
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
        buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS "%s%s ORDER BY ", from, w->sql.data ? w->sql.data : "");
        if (fts && !q->by_date) {
            buf_puts(&sql, "bm25(doc_fts, 10.0, 5.0, 1.0) * (");
            dsearch_rank_weight_sql(&sql);
            buf_puts(&sql, "), ");
        }
        buf_puts(&sql, "d.published DESC, d.id DESC LIMIT ? OFFSET ?");
        rc = dsearch_page_rows(s, sql.data, sq, fts, w, 1, limit, offset, v, &k, e);
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

int dsearch_scan_rows(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                     struct store_doc_result **out, size_t *n, int64_t *total, err *e)
{
    buf sql;
    buf_init(&sql);
    /* by relevance, PostgreSQL ranks by the kind of document (no BM25 here),
     * then newest first */
    buf_printf(&sql, "SELECT " DSEARCH_RESULT_COLS " FROM doc d WHERE 1 = 1%s ORDER BY ", w->sql.data ? w->sql.data : "");
    if (!q->by_date) {
        dsearch_rank_weight_sql(&sql);
        buf_puts(&sql, " DESC, ");
    }
    buf_puts(&sql, "d.published DESC, d.id DESC");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int idx = 1;
    dsearch_bind_where(st, w, &idx);
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
        dsearch_docno_field(db_col_text(st, 2), &all);
        buf_putc(&all, '\n');
        buf_puts(&all, db_col_text(st, 5));
        if (!search_text_matches(all.data, all.len, sq))
            continue;
        if (matched++ >= offset && k < (size_t)limit)
            dsearch_result_row(st, &v[k++], sq);
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
    if (has_text && db_kind(s->db) == DB_SQLITE && (rc = dsearch_fts_ensure(s, NULL, e)) == 0)
        rc = search_sql(s, q, &sq, &w, plan, out, n, total, e);
    else if (has_text && db_kind(s->db) == DB_SQLITE)
        ;   /* dsearch_fts_ensure failed: rc holds why */
    else if (has_text)
        rc = dsearch_pg_search(s, q, &sq, &w, plan, out, n, total, e);
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
