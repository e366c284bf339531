/* store — portal publications: the annual reports an agency publishes on its
 * portal, with the narrative sections staff write. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_internal.h"

int store_report_save(store_t *s, int64_t agency_id, int year, const char *narrative_json,
                      const char *actor, err *e)
{
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO report_publication(agency_id, year, narrative_json, updated_at, updated_by) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET "
                    "narrative_json = excluded.narrative_json, updated_at = excluded.updated_at, "
                    "updated_by = excluded.updated_by",
                    "iIsss", agency_id, year, narrative_json ? narrative_json : "{}", now, actor);
    if (!rc)
        rc = store_audit_add(s, agency_id, actor, "report", year, "narrative_saved", NULL, NULL, e);
    return rc;
}

int store_report_publish(store_t *s, int64_t agency_id, int year, const char *report_json,
                         const char *actor, err *e)
{
    if (!report_json || !*report_json)
        return err_set(e, GK_EINVAL, "report", "nothing to publish for %d", year);
    char now[32];
    store_now(now);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = db_run(s->db, e, NULL,
                "INSERT INTO report_publication(agency_id, year, report_json, published_at, published_by, "
                "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET "
                "report_json = excluded.report_json, published_at = excluded.published_at, "
                "published_by = excluded.published_by, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                "iIsssss", agency_id, year, report_json, now, actor, now, actor);
    if (!rc)
        rc = store_audit_add(s, agency_id, actor, "report", year, "published", NULL, NULL, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int store_report_get(store_t *s, int64_t agency_id, int year, struct store_report_pub *out, err *e)
{
    memset(out, 0, sizeof *out);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT narrative_json, report_json, published_at, published_by, updated_at, updated_by "
                        "FROM report_publication WHERE agency_id = ? AND year = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    rc = db_step(st, e);
    if (rc == 1) {
        out->agency_id = agency_id;
        out->year = year;
        out->narrative_json = xstrdup(db_col_text(st, 0));
        out->report_json = db_col_null(st, 1) ? NULL : xstrdup(db_col_text(st, 1));
        store_copy_col(st, 2, out->published_at, sizeof out->published_at);
        store_copy_col(st, 3, out->published_by, sizeof out->published_by);
        store_copy_col(st, 4, out->updated_at, sizeof out->updated_at);
        store_copy_col(st, 5, out->updated_by, sizeof out->updated_by);
    }
    db_finalize(st);
    if (rc == 0)
        return err_set(e, GK_ENOTFOUND, "report", "nothing saved for %d", year);
    return rc < 0 ? rc : 0;
}

void store_report_pub_clear(struct store_report_pub *p)
{
    free(p->narrative_json);
    free(p->report_json);
    memset(p, 0, sizeof *p);
}

int store_report_years(store_t *s, int64_t agency_id, int **out, size_t *n, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT year FROM report_publication WHERE agency_id = ? AND report_json IS NOT NULL "
                        "ORDER BY year DESC", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    size_t cap = 8, cnt = 0;
    int *v = xmalloc(cap * sizeof *v);
    while ((rc = db_step(st, e)) == 1) {
        if (cnt == cap)
            v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[cnt++] = (int)db_col_int(st, 0);
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

/* ---- portal reads over the documents of migration 003 ---- */

int store_doc_counts(store_t *s, int64_t agency_id, const char *column,
                     int (*fn)(const char *key, int64_t n, void *), void *arg, err *e)
{
    const char *sql;
    if (strcmp(column, "item") == 0)
        sql = "SELECT CAST(item AS TEXT), COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
              " AND " STORE_DOC_PUBLIC_ON " AND item > 0 GROUP BY item";
    else if (strcmp(column, "category") == 0)
        sql = "SELECT category, COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
              " AND " STORE_DOC_PUBLIC_ON " AND category <> '' GROUP BY category";
    else
        return err_set(e, GK_EINVAL, "store", "no document counts by '%s'", column);
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    char today[11];
    date_format(date_today(), today);
    db_bind_text(st, 2, today);
    while ((rc = db_step(st, e)) == 1) {
        if (fn(db_col_text(st, 0), db_col_int(st, 1), arg)) {
            rc = 0;
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
