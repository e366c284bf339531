/* store — the agency tree (migration 014): subtrees, the import of a CSV of
 * agencies in one transaction, the figures the supervising office (政务公开办)
 * sees across its subtree, reports it returns and the summed report of its
 * area. platform/ decides what is valid; these functions keep it. See store.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define AGENCY_TREE_COLS "a.id, a.code, a.name, a.org_code, a.index_pattern, COALESCE(a.parent_id, 0), a.kind, " \
                         "a.level, a.host"
/* A tree is at most this deep (province, city, county, township, and a
 * department under each): deeper is a loop or a mistake. */
#define TREE_MAX_DEPTH 16
/* The ids of the subtree of the agency bound first, as the table "sub". */
#define SUBTREE_CTE "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM agency WHERE id = ? " \
                    "UNION ALL SELECT c.id, sub.depth + 1 FROM agency c JOIN sub ON c.parent_id = sub.id " \
                    "WHERE sub.depth < 16) "

static void tree_row(db_stmt *st, void *arg)
{
    struct store_agency *a = arg;
    store_agency_row(st, a);
    a->depth = (int)db_col_int(st, 9);
}

int store_agency_tree(store_t *s, int64_t root_id, struct store_agency **out, size_t *n, err *e)
{
    /* depth first: the path of codes orders a parent before its children */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE t(id, depth, path) AS ("
             " SELECT id, 0, code FROM agency WHERE %s"
             " UNION ALL SELECT c.id, t.depth + 1, t.path || '/' || c.code FROM agency c JOIN t ON c.parent_id = t.id"
             " WHERE t.depth < %d)"
             " SELECT " AGENCY_TREE_COLS ", t.depth FROM t JOIN agency a ON a.id = t.id ORDER BY t.path",
             root_id ? "id = ?" : "parent_id IS NULL", TREE_MAX_DEPTH);
    return db_collect_array(s->db, e, tree_row, sizeof **out, out, n, sql, root_id ? "i" : "", root_id);
}

int store_agency_within(store_t *s, int64_t root_id, int64_t id, bool *in, err *e)
{
    *in = false;
    for (int depth = 0; id && depth <= TREE_MAX_DEPTH; depth++) {
        if (id == root_id) {
            *in = true;
            return 0;
        }
        struct store_agency a;
        int rc = store_agency_by_id(s, id, &a, e);
        if (rc)
            return rc;
        id = a.parent_id;
    }
    return 0;
}

int store_agency_by_host(store_t *s, const char *host, struct store_agency *out, err *e)
{
    int rc = db_query_one(s->db, e, tree_row, out,
                          "SELECT " AGENCY_TREE_COLS ", 0 FROM agency a WHERE a.host = ? AND a.host <> ''", "s", host);
    return db_found(rc, e, "host", "no agency answers on host %s", host);
}

/* ---- import ---- */

struct import_arg {
    const struct store_agency_row *rows;
    size_t n;
    const char *actor;
};

static int import_one(store_t *s, const struct store_agency_row *r, const char *actor, err *e)
{
    struct store_agency a = r->a;
    int rc;
    if (r->parent[0]) {
        struct store_agency p;
        if ((rc = store_agency_get(s, r->parent, &p, e)))
            return rc == GK_ENOTFOUND ? err_set(e, GK_EINVAL, "parent", "line %d: no agency '%s' to stand under",
                                                r->line, r->parent)
                                      : rc;
        a.parent_id = p.id;
    }
    int64_t id;
    if ((rc = store_agency_add(s, &a, &id, e))) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        return err_set(e, rc, "code", "line %d: %s", r->line, msg);
    }
    for (int i = 0; i < STORE_AGENCY_ROW_SETTINGS && r->settings[i] && r->settings[i][0]; i++)
        if (r->values[i][0] && (rc = store_setting_set(s, id, r->settings[i], r->values[i], e)))
            return rc;
    buf j;
    buf_init(&j);
    buf_puts(&j, "{\"code\":");
    buf_json_str(&j, a.code);
    buf_puts(&j, ",\"name\":");
    buf_json_str(&j, a.name);
    buf_puts(&j, ",\"kind\":");
    buf_json_str(&j, a.kind);
    buf_puts(&j, ",\"parent\":");
    buf_json_str(&j, r->parent);
    buf_puts(&j, "}");
    rc = store_audit_add(s, id, actor, "agency", id, "import", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

static int import_step(store_t *s, const void *arg, err *e)
{
    const struct import_arg *a = arg;
    for (size_t i = 0; i < a->n; i++) {
        int rc = import_one(s, &a->rows[i], a->actor, e);
        if (rc)
            return rc;
    }
    return 0;
}

int store_agency_import(store_t *s, const struct store_agency_row *rows, size_t n, const char *actor, err *e)
{
    struct import_arg a = {rows, n, actor};
    return store_in_txn(s, import_step, &a, e);
}

/* ---- what the office sees ---- */

struct two_counts { int64_t *a, *b; };

static void two_counts_row(db_stmt *st, void *arg)
{
    const struct two_counts *x = arg;
    *x->a = db_col_int(st, 0);
    *x->b = db_col_int(st, 1);
}

int store_oversight_apps(store_t *s, int64_t agency_id, gk_day today, gk_day soon_until, int64_t *overdue,
                         int64_t *soon, err *e)
{
    struct two_counts x = {overdue, soon};
    int rc = db_query_one(s->db, e, two_counts_row, &x,
                          "SELECT COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0), "
                          "COALESCE(SUM(CASE WHEN due >= ? THEN 1 ELSE 0 END), 0) FROM application "
                          "WHERE agency_id = ? AND due IS NOT NULL AND due <= ? AND intake <> 'spam'",
                          "DDiD", today, today, agency_id, soon_until);
    return rc < 0 ? rc : 0;
}

int store_oversight_docs(store_t *s, int64_t agency_id, int64_t *drafts, int64_t *in_review, err *e)
{
    struct two_counts x = {drafts, in_review};
    int rc = db_query_one(s->db, e, two_counts_row, &x,
                          "SELECT COALESCE(SUM(CASE WHEN state = 'draft' THEN 1 ELSE 0 END), 0), "
                          "COALESCE(SUM(CASE WHEN state <> 'draft' THEN 1 ELSE 0 END), 0) FROM doc "
                          "WHERE agency_id = ? AND state <> 'published'",
                          "i", agency_id);
    return rc < 0 ? rc : 0;
}

struct brief_each { int (*fn)(const struct store_doc_brief *, void *); void *arg; };

static int brief_row(db_stmt *st, void *arg)
{
    const struct brief_each *x = arg;
    struct store_doc_brief b = {0};
    b.id = db_col_int(st, 0);
    store_copy_col(st, 1, b.title, sizeof b.title);
    date_parse(db_col_text(st, 2), &b.written, NULL);
    date_parse(db_col_text(st, 3), &b.published, NULL);
    b.normative = db_col_int(st, 4) != 0;
    b.interpreted = db_col_int(st, 5) != 0;
    b.agency_id = db_col_int(st, 6);
    return x->fn(&b, x->arg);
}

/* The published documents of one agency (subtree false) or of the subtree
 * of agency_id (true): one query either way. */
static int published_docs(store_t *s, int64_t agency_id, bool subtree, gk_day from, gk_day to,
                          const char *normative_genre, int (*fn)(const struct store_doc_brief *, void *), void *arg,
                          err *e)
{
    char f[11], t[11], sql[1400];
    date_format(from, f);
    date_format(to, t);
    snprintf(sql, sizeof sql,
             "%sSELECT d.id, d.title, d.written, d.published, CASE WHEN d.genre = ? THEN 1 ELSE 0 END, "
             "CASE WHEN EXISTS (SELECT 1 FROM doc i WHERE i.interprets = d.id AND i.state = 'published' "
             "AND i.withdrawn_on IS NULL) THEN 1 ELSE 0 END, d.agency_id "
             "FROM doc d WHERE d.agency_id %s AND d.state = 'published' AND d.withdrawn_on IS NULL "
             "AND d.published >= ? AND d.published <= ? AND d.corrects IS NULL ORDER BY d.published, d.id",
             subtree ? SUBTREE_CTE : "", subtree ? "IN (SELECT id FROM sub)" : "= ?");
    struct brief_each x = {fn, arg};
    return subtree ? db_collect(s->db, e, brief_row, &x, sql, "isss", agency_id, normative_genre, f, t)
                   : db_collect(s->db, e, brief_row, &x, sql, "siss", normative_genre, agency_id, f, t);
}

int store_oversight_published(store_t *s, int64_t agency_id, gk_day from, gk_day to, const char *normative_genre,
                              int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e)
{
    return published_docs(s, agency_id, false, from, to, normative_genre, fn, arg, e);
}

int store_oversight_published_tree(store_t *s, int64_t root_id, gk_day from, gk_day to, const char *normative_genre,
                                   int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e)
{
    return published_docs(s, root_id, true, from, to, normative_genre, fn, arg, e);
}

/* ---- the console of the subtree in a constant number of queries ---- */

/* Rows of the tree by agency id (by[] sorted by id). */
struct ov_key { int64_t id; size_t i; };
struct ov_index { struct store_oversight *v; struct ov_key *by; size_t n; };

static struct store_oversight *ov_find(const struct ov_index *x, int64_t id)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->by[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && x->by[lo].id == id ? &x->v[x->by[lo].i] : NULL;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const struct ov_key *)a)->id, y = ((const struct ov_key *)b)->id;
    return (x > y) - (x < y);
}

/* One grouped query: its first column is the agency, fill() takes the rest. */
static int ov_query(store_t *s, const struct ov_index *x, const char *sql, const char *types,
                    void (*fill)(db_stmt *, struct store_oversight *), err *e, ...)
{
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, e);
    db_vbind(st, types, ap);
    va_end(ap);
    while ((rc = db_step(st, e)) == 1) {
        struct store_oversight *o = ov_find(x, db_col_int(st, 0));
        if (o)
            fill(st, o);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void fill_apps(db_stmt *st, struct store_oversight *o)
{
    o->overdue = db_col_int(st, 1);
    o->soon = db_col_int(st, 2);
}

static void fill_docs(db_stmt *st, struct store_oversight *o)
{
    o->drafts = db_col_int(st, 1);
    o->review = db_col_int(st, 2);
}

static void fill_report(db_stmt *st, struct store_oversight *o)
{
    o->drafted = true;
    o->version = (int)db_col_int(st, 1);
    o->signed_off = db_col_int(st, 2) != 0;
    free(o->report_json);
    o->report_json = db_col_null(st, 3) ? NULL : xstrdup(db_col_text(st, 3));
}

static void fill_first(db_stmt *st, struct store_oversight *o)
{
    store_copy_col(st, 1, o->first_published, sizeof o->first_published);
}

int store_oversight_tree(store_t *s, int64_t root_id, gk_day today, gk_day soon_until, int year,
                         struct store_oversight **out, size_t *n, err *e)
{
    *out = NULL;
    *n = 0;
    struct store_agency *a;
    size_t na;
    int rc = store_agency_tree(s, root_id, &a, &na, e);
    if (rc)
        return rc;
    struct store_oversight *v = xcalloc(na ? na : 1, sizeof *v);
    struct ov_index x = {v, xmalloc((na ? na : 1) * sizeof(struct ov_key)), na};
    for (size_t i = 0; i < na; i++) {
        v[i].a = a[i];
        x.by[i] = (struct ov_key){a[i].id, i};
    }
    free(a);
    qsort(x.by, na, sizeof *x.by, by_id);
    char t[11], u[11];
    date_format(today, t);
    date_format(soon_until, u);
    rc = ov_query(s, &x, SUBTREE_CTE "SELECT agency_id, COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0), "
                  "COALESCE(SUM(CASE WHEN due >= ? THEN 1 ELSE 0 END), 0) FROM application "
                  "WHERE agency_id IN (SELECT id FROM sub) AND due IS NOT NULL AND due <= ? AND intake <> 'spam' "
                  "GROUP BY agency_id", "isss", fill_apps, e, root_id, t, t, u);
    if (!rc)
        rc = ov_query(s, &x, SUBTREE_CTE "SELECT agency_id, COALESCE(SUM(CASE WHEN state = 'draft' THEN 1 ELSE 0 END), 0), "
                      "COALESCE(SUM(CASE WHEN state <> 'draft' THEN 1 ELSE 0 END), 0) FROM doc "
                      "WHERE agency_id IN (SELECT id FROM sub) AND state <> 'published' GROUP BY agency_id",
                      "i", fill_docs, e, root_id);
    if (!rc)
        rc = ov_query(s, &x, SUBTREE_CTE "SELECT agency_id, version, CASE WHEN signed_json IS NULL THEN 0 ELSE 1 END, report_json "
                      "FROM report_publication WHERE agency_id IN (SELECT id FROM sub) AND year = ?",
                      "ii", fill_report, e, root_id, (int64_t)year);
    if (!rc)   /* when the first version was published */
        rc = ov_query(s, &x, SUBTREE_CTE "SELECT v.agency_id, v.published_at FROM report_version v "
                      "WHERE v.agency_id IN (SELECT id FROM sub) AND v.year = ? AND v.version = "
                      "(SELECT MIN(w.version) FROM report_version w WHERE w.agency_id = v.agency_id AND w.year = v.year)",
                      "ii", fill_first, e, root_id, (int64_t)year);
    free(x.by);
    if (rc) {
        store_oversight_free(v, na);
        return rc;
    }
    *out = v;
    *n = na;
    return 0;
}

void store_oversight_free(struct store_oversight *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].report_json);
    free(v);
}

/* ---- reports returned, summed reports ---- */

struct return_arg {
    int64_t agency_id, by_agency_id;
    int year, version;
    const char *comment, *actor;
};

static int return_step(store_t *s, const void *arg, err *e)
{
    const struct return_arg *a = arg;
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO report_return(agency_id, year, version, by_agency_id, comment, returned_at, "
                    "returned_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "iIIisss", a->agency_id, a->year, a->version, a->by_agency_id, a->comment, now, a->actor);
    if (rc)
        return rc;
    buf j;
    buf_init(&j);
    buf_printf(&j, "{\"version\":%d,\"by_agency_id\":%lld,\"comment\":", a->version, (long long)a->by_agency_id);
    buf_json_str(&j, a->comment);
    buf_puts(&j, "}");
    rc = store_audit_add(s, a->agency_id, a->actor, "report", a->year, "returned", NULL, j.data, e);
    buf_free(&j);
    return rc;
}

int store_report_return(store_t *s, int64_t agency_id, int year, int version, int64_t by_agency_id,
                        const char *comment, const char *actor, err *e)
{
    struct return_arg a = {agency_id, by_agency_id, year, version, comment, actor};
    return store_in_txn(s, return_step, &a, e);
}

struct returned_each { int (*fn)(const struct store_report_returned *, void *); void *arg; };

static int returned_row(db_stmt *st, void *arg)
{
    const struct returned_each *c = arg;
    struct store_report_returned x = {0};
    x.version = (int)db_col_int(st, 0);
    x.by_agency_id = db_col_int(st, 1);
    store_copy_col(st, 2, x.by_name, sizeof x.by_name);
    x.comment = db_col_text(st, 3);
    store_copy_col(st, 4, x.at, sizeof x.at);
    store_copy_col(st, 5, x.by, sizeof x.by);
    return c->fn(&x, c->arg);
}

int store_report_returns(store_t *s, int64_t agency_id, int year,
                         int (*fn)(const struct store_report_returned *, void *), void *arg, err *e)
{
    struct returned_each c = {fn, arg};
    return db_collect(s->db, e, returned_row, &c,
                      "SELECT r.version, r.by_agency_id, a.name, r.comment, r.returned_at, r.returned_by "
                      "FROM report_return r JOIN agency a ON a.id = r.by_agency_id "
                      "WHERE r.agency_id = ? AND r.year = ? ORDER BY r.id DESC",
                      "iI", agency_id, year);
}

struct area_arg {
    int64_t agency_id;
    int year;
    const char *report_json, *agencies_json, *actor;
};

static int area_step(store_t *s, const void *arg, err *e)
{
    const struct area_arg *a = arg;
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO area_report(agency_id, year, report_json, agencies_json, published_at, published_by) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET "
                    "report_json = excluded.report_json, agencies_json = excluded.agencies_json, "
                    "published_at = excluded.published_at, published_by = excluded.published_by",
                    "iIssss", a->agency_id, a->year, a->report_json, a->agencies_json, now, a->actor);
    if (rc)
        return rc;
    return store_audit_add(s, a->agency_id, a->actor, "area_report", a->year, "published", NULL, a->agencies_json,
                           e);
}

int store_area_report_publish(store_t *s, int64_t agency_id, int year, const char *report_json,
                              const char *agencies_json, const char *actor, err *e)
{
    struct area_arg a = {agency_id, year, report_json, agencies_json, actor};
    return store_in_txn(s, area_step, &a, e);
}

struct area_out { char **report_json, **agencies_json; char *published_at; };

static void area_row(db_stmt *st, void *arg)
{
    const struct area_out *o = arg;
    *o->report_json = xstrdup(db_col_text(st, 0));
    if (o->agencies_json)
        *o->agencies_json = xstrdup(db_col_text(st, 1));
    if (o->published_at)
        store_copy_col(st, 2, o->published_at, 32);
}

int store_area_report_get(store_t *s, int64_t agency_id, int year, char **report_json, char **agencies_json,
                          char published_at[32], err *e)
{
    struct area_out o = {report_json, agencies_json, published_at};
    int rc = db_query_one(s->db, e, area_row, &o,
                          "SELECT report_json, agencies_json, published_at FROM area_report WHERE agency_id = ? AND "
                          "year = ?",
                          "iI", agency_id, year);
    return db_found(rc, e, "area_report", "no summed report of %d published", year);
}
