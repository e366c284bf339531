/* store — the agency tree (migration 014): subtrees, the import of a CSV of
 * agencies in one transaction, the figures the supervising office (政务公开办)
 * sees across its subtree, reports it returns and the summed report of its
 * area. platform/ decides what is valid; these functions keep it. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define AGENCY_TREE_COLS "a.id, a.code, a.name, a.org_code, a.index_pattern, COALESCE(a.parent_id, 0), a.kind, " \
                         "a.level, a.host"
/* A tree is at most this deep (province, city, county, township, and a
 * department under each): deeper is a loop or a mistake. */
#define TREE_MAX_DEPTH 16

static void tree_row(db_stmt *st, struct store_agency *a)
{
    a->id = db_col_int(st, 0);
    store_copy_col(st, 1, a->code, sizeof a->code);
    store_copy_col(st, 2, a->name, sizeof a->name);
    store_copy_col(st, 3, a->org_code, sizeof a->org_code);
    store_copy_col(st, 4, a->index_pattern, sizeof a->index_pattern);
    a->parent_id = db_col_int(st, 5);
    store_copy_col(st, 6, a->kind, sizeof a->kind);
    store_copy_col(st, 7, a->level, sizeof a->level);
    store_copy_col(st, 8, a->host, sizeof a->host);
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
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    if (root_id)
        db_bind_int(st, 1, root_id);
    size_t cap = 16, cnt = 0;
    struct store_agency *v = xmalloc(cap * sizeof *v);
    while ((rc = db_step(st, e)) == 1) {
        if (cnt == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        tree_row(st, &v[cnt++]);
    }
    db_finalize(st);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = cnt;
    return 0;
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
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT " AGENCY_TREE_COLS ", 0 FROM agency a WHERE a.host = ? AND a.host <> ''",
                        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, host);
    rc = db_step(st, e);
    if (rc == 1)
        tree_row(st, out);
    db_finalize(st);
    if (rc == 0)
        return err_set(e, GK_ENOTFOUND, "host", "no agency answers on host %s", host);
    return rc < 0 ? rc : 0;
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

int store_oversight_apps(store_t *s, int64_t agency_id, gk_day today, gk_day soon_until, int64_t *overdue,
                         int64_t *soon, err *e)
{
    char t[11], u[11];
    date_format(today, t);
    date_format(soon_until, u);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT COALESCE(SUM(CASE WHEN due < ? THEN 1 ELSE 0 END), 0), "
                        "COALESCE(SUM(CASE WHEN due >= ? THEN 1 ELSE 0 END), 0) FROM application "
                        "WHERE agency_id = ? AND due IS NOT NULL AND due <= ? AND intake <> 'spam'", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, t);
    db_bind_text(st, 2, t);
    db_bind_int(st, 3, agency_id);
    db_bind_text(st, 4, u);
    if ((rc = db_step(st, e)) == 1) {
        *overdue = db_col_int(st, 0);
        *soon = db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_oversight_docs(store_t *s, int64_t agency_id, int64_t *drafts, int64_t *in_review, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT COALESCE(SUM(CASE WHEN state = 'draft' THEN 1 ELSE 0 END), 0), "
                        "COALESCE(SUM(CASE WHEN state <> 'draft' THEN 1 ELSE 0 END), 0) FROM doc "
                        "WHERE agency_id = ? AND state <> 'published'", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    if ((rc = db_step(st, e)) == 1) {
        *drafts = db_col_int(st, 0);
        *in_review = db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int store_oversight_published(store_t *s, int64_t agency_id, gk_day from, gk_day to, const char *normative_genre,
                              int (*fn)(const struct store_doc_brief *, void *), void *arg, err *e)
{
    char f[11], t[11];
    date_format(from, f);
    date_format(to, t);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT d.id, d.title, d.written, d.published, CASE WHEN d.genre = ? THEN 1 ELSE 0 END, "
                        "CASE WHEN EXISTS (SELECT 1 FROM doc i WHERE i.interprets = d.id AND i.state = 'published' "
                        "AND i.withdrawn_on IS NULL) THEN 1 ELSE 0 END "
                        "FROM doc d WHERE d.agency_id = ? AND d.state = 'published' AND d.withdrawn_on IS NULL "
                        "AND d.published >= ? AND d.published <= ? AND d.corrects IS NULL ORDER BY d.published, d.id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, normative_genre);
    db_bind_int(st, 2, agency_id);
    db_bind_text(st, 3, f);
    db_bind_text(st, 4, t);
    while ((rc = db_step(st, e)) == 1) {
        struct store_doc_brief b = {0};
        b.id = db_col_int(st, 0);
        store_copy_col(st, 1, b.title, sizeof b.title);
        date_parse(db_col_text(st, 2), &b.written, NULL);
        date_parse(db_col_text(st, 3), &b.published, NULL);
        b.normative = db_col_int(st, 4) != 0;
        b.interpreted = db_col_int(st, 5) != 0;
        if (fn(&b, arg))
            break;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
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

int store_report_returns(store_t *s, int64_t agency_id, int year,
                         int (*fn)(const struct store_report_returned *, void *), void *arg, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT r.version, r.by_agency_id, a.name, r.comment, r.returned_at, r.returned_by "
                        "FROM report_return r JOIN agency a ON a.id = r.by_agency_id "
                        "WHERE r.agency_id = ? AND r.year = ? ORDER BY r.id DESC", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    while ((rc = db_step(st, e)) == 1) {
        struct store_report_returned x = {0};
        x.version = (int)db_col_int(st, 0);
        x.by_agency_id = db_col_int(st, 1);
        store_copy_col(st, 2, x.by_name, sizeof x.by_name);
        x.comment = db_col_text(st, 3);
        store_copy_col(st, 4, x.at, sizeof x.at);
        store_copy_col(st, 5, x.by, sizeof x.by);
        if (fn(&x, arg))
            break;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
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

int store_area_report_get(store_t *s, int64_t agency_id, int year, char **report_json, char **agencies_json,
                          char published_at[32], err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT report_json, agencies_json, published_at FROM area_report WHERE agency_id = ? AND "
                        "year = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    rc = db_step(st, e);
    if (rc == 1) {
        *report_json = xstrdup(db_col_text(st, 0));
        if (agencies_json)
            *agencies_json = xstrdup(db_col_text(st, 1));
        if (published_at)
            store_copy_col(st, 2, published_at, 32);
    }
    db_finalize(st);
    if (rc == 0)
        return err_set(e, GK_ENOTFOUND, "area_report", "no summed report of %d published", year);
    return rc < 0 ? rc : 0;
}
