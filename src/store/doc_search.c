/* store — full-text search of published documents. On SQLite an FTS5 table
 * (doc_fts: title, 文号 in every written form, body) tokenized by gongkai's
 * Chinese tokenizer (src/search) answers the query with exact substring
 * semantics, ranked by BM25 (title weighs most, then the 文号, then the
 * body). On PostgreSQL, which has no such index yet, the same filters run in
 * SQL and the terms are checked document by document with the same folding
 * (search_text_matches): the same results, newest first, slower on large
 * catalogues. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int fts_insert(store_t *s, int64_t id, const char *title, const char *docno, const char *body, err *e)
{
    buf forms;
    buf_init(&forms);
    buf_puts(&forms, "");
    docno_field(docno, &forms);
    int rc = db_run(s->db, e, NULL, "INSERT INTO doc_fts(rowid, title, docno, body) VALUES (?, ?, ?, ?)", "isss",
                    id, title, forms.data, body);
    buf_free(&forms);
    return rc;
}

/* Creates the index when the database has none yet, with every document
 * already published (a database made before search existed). */
static int fts_ensure(store_t *s, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_fts'", &st, e);
    if (rc)
        return rc;
    rc = db_step(st, e);
    db_finalize(st);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    if ((rc = db_exec(s->db, "CREATE VIRTUAL TABLE doc_fts USING fts5(title, docno, body, tokenize = 'gongkai')", e)))
        return rc;
    if ((rc = db_prepare(s->db, "SELECT id, title, docno, body FROM doc WHERE state = 'published'", &st, e)))
        return rc;
    struct row { int64_t id; char *t, *d, *b; } *v = NULL;
    size_t n = 0;
    while ((rc = db_step(st, e)) == 1) {
        v = xrealloc(v, (n + 1) * sizeof *v);
        v[n++] = (struct row){db_col_int(st, 0), xstrdup(db_col_text(st, 1)), xstrdup(db_col_text(st, 2)),
                              xstrdup(db_col_text(st, 3))};
    }
    db_finalize(st);
    for (size_t i = 0; i < n; i++) {
        if (rc >= 0)
            rc = fts_insert(s, v[i].id, v[i].t, v[i].d, v[i].b, e);
        free(v[i].t);
        free(v[i].d);
        free(v[i].b);
    }
    free(v);
    return rc < 0 ? rc : 0;
}

int store_doc_fts_sync(store_t *s, const struct doc *d, err *e)
{
    if (db_kind(s->db) != DB_SQLITE)
        return 0;
    int rc = fts_ensure(s, e);
    if (!rc)
        rc = db_run(s->db, e, NULL, "DELETE FROM doc_fts WHERE rowid = ?", "i", d->id);
    if (!rc && d->state == DOC_PUBLISHED)
        rc = fts_insert(s, d->id, d->title, d->docno, d->body ? d->body : "", e);
    return rc;
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
    cond(w, " AND d.state = 'published'", 0, 0, NULL);
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
    date_format(date_today(), today);
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

#define RESULT_COLS "d.id, d.title, d.docno, COALESCE(d.published, ''), COALESCE(d.index_no, ''), d.body"

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
        /* the terms are in the title or the 文号: show them there */
        search_highlight(&b, title, strlen(title), sq);
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
    snippet_for(r, r->title, db_col_text(st, 5), sq);
}

void store_doc_results_free(struct store_doc_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].snippet);
    free(r);
}

/* SQLite with FTS, or no query text: counting and paging in SQL. */
static int search_sql(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                      struct store_doc_result **out, size_t *n, int64_t *total, err *e)
{
    bool fts = sq != NULL;
    const char *from = fts ? " FROM doc_fts JOIN doc d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?"
                           : " FROM doc d WHERE 1 = 1";
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT COUNT(*)%s%s", from, w->sql.data ? w->sql.data : "");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    if (rc) {
        buf_free(&sql);
        return rc;
    }
    int idx = 1;
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
    buf_printf(&sql, "SELECT " RESULT_COLS "%s%s ORDER BY %s LIMIT ? OFFSET ?", from,
               w->sql.data ? w->sql.data : "",
               fts && !q->by_date ? "bm25(doc_fts, 10.0, 5.0, 1.0), d.published DESC, d.id DESC"
                                  : "d.published DESC, d.id DESC");
    rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    idx = 1;
    if (fts)
        db_bind_text(st, idx++, sq->match);
    bind_where(st, w, &idx);
    int limit = q->limit > 0 ? q->limit : 20;
    db_bind_int(st, idx++, limit);
    db_bind_int(st, idx++, q->offset > 0 ? q->offset : 0);
    struct store_doc_result *v = xcalloc((size_t)limit, sizeof *v);
    size_t k = 0;
    while (k < (size_t)limit && (rc = db_step(st, e)) == 1)
        result_row(st, &v[k++], sq);
    db_finalize(st);
    if (rc < 0) {
        store_doc_results_free(v, k);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

/* PostgreSQL: filters in SQL, the terms checked here. */
static int search_scan(store_t *s, const struct store_doc_query *q, const search_query *sq, struct where *w,
                       struct store_doc_result **out, size_t *n, int64_t *total, err *e)
{
    buf sql;
    buf_init(&sql);
    buf_printf(&sql, "SELECT " RESULT_COLS " FROM doc d WHERE 1 = 1%s ORDER BY d.published DESC, d.id DESC",
               w->sql.data ? w->sql.data : "");
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

int store_doc_search(store_t *s, const struct store_doc_query *q, struct store_doc_result **out, size_t *n,
                     int64_t *total, err *e)
{
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
    struct where w = {0};
    buf_init(&w.sql);
    buf_puts(&w.sql, "");
    char y0[11], y1[11], today[11];
    build_filters(q, &w, y0, y1, today);
    if (has_text && db_kind(s->db) == DB_SQLITE && (rc = fts_ensure(s, e)) == 0)
        rc = search_sql(s, q, &sq, &w, out, n, total, e);
    else if (has_text && db_kind(s->db) == DB_SQLITE)
        ;   /* fts_ensure failed: rc holds why */
    else if (has_text)
        rc = search_scan(s, q, &sq, &w, out, n, total, e);
    else
        rc = search_sql(s, q, NULL, &w, out, n, total, e);
    buf_free(&w.sql);
    if (has_text)
        search_query_free(&sq);
    return rc;
}
