/* store — portal publications: the annual reports an agency publishes on its
 * portal, with the narrative sections staff write. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_internal.h"

struct report_step {
    int64_t agency_id;
    int year;
    const char *narrative_json, *note, *report_json, *actor, *role;
};

static int save_step(store_t *s, const void *arg, err *e)
{
    const struct report_step *a = arg;
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO report_publication(agency_id, year, narrative_json, correction_note, updated_at, "
                    "updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET "
                    "narrative_json = excluded.narrative_json, correction_note = excluded.correction_note, "
                    "updated_at = excluded.updated_at, updated_by = excluded.updated_by, signed_json = NULL, "
                    "signed_narrative = NULL, signed_note = '', signed_at = '', signed_by = '', signed_role = ''",
                    "iIssss", a->agency_id, a->year, a->narrative_json ? a->narrative_json : "{}",
                    a->note ? a->note : "", now, a->actor);
    return rc ? rc
              : store_audit_field(s, a->agency_id, a->actor, "report", a->year, "draft_saved", "correction_note", NULL,
                                  a->note ? a->note : "", e);
}

int store_report_save(store_t *s, int64_t agency_id, int year, const char *narrative_json,
                      const char *correction_note, const char *actor, err *e)
{
    struct report_step a = {agency_id, year, narrative_json, correction_note, NULL, actor, NULL};
    return store_in_txn(s, save_step, &a, e);
}

static int sign_step(store_t *s, const void *arg, err *e)
{
    const struct report_step *a = arg;
    char now[32];
    store_now(now);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO report_publication(agency_id, year, updated_at, updated_by, signed_json, "
                    "signed_narrative, signed_note, signed_at, signed_by, signed_role) "
                    "VALUES (?, ?, ?, ?, ?, '{}', '', ?, ?, ?) ON CONFLICT (agency_id, year) DO UPDATE SET "
                    "signed_json = excluded.signed_json, signed_narrative = report_publication.narrative_json, "
                    "signed_note = report_publication.correction_note, signed_at = excluded.signed_at, "
                    "signed_by = excluded.signed_by, signed_role = excluded.signed_role",
                    "iIssssss", a->agency_id, a->year, now, a->actor, a->report_json, now, a->actor, a->role);
    return rc ? rc
              : store_audit_field(s, a->agency_id, a->actor, "report", a->year, "signed_off", "role", NULL, a->role,
                                  e);
}

int store_report_sign(store_t *s, int64_t agency_id, int year, const char *report_json, const char *actor,
                      const char *role, err *e)
{
    if (!report_json || !*report_json)
        return err_set(e, GK_EINVAL, "report", "nothing to sign off for %d", year);
    struct report_step a = {agency_id, year, NULL, NULL, report_json, actor, role ? role : ""};
    return store_in_txn(s, sign_step, &a, e);
}

/* The signed draft becomes version n+1: copied into report_version, made
 * current in report_publication, its sign-off cleared. */
static int publish_step(store_t *s, const void *arg, err *e)
{
    const struct report_step *a = arg;
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT version FROM report_publication WHERE agency_id = ? AND year = ? "
                               "AND signed_json IS NOT NULL", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, a->agency_id);
    db_bind_int(st, 2, a->year);
    rc = db_step(st, e);
    int version = rc == 1 ? (int)db_col_int(st, 0) + 1 : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return err_set(e, GK_ESTATE, "signoff", "%d年度报告没有已签发的稿件可发布", a->year);
    char now[32];
    store_now(now);
    rc = db_run(s->db, e, NULL,
                "INSERT INTO report_version(agency_id, year, version, report_json, narrative_json, correction_note, "
                "signed_at, signed_by, signed_role, published_at, published_by) "
                "SELECT agency_id, year, ?, signed_json, COALESCE(signed_narrative, '{}'), "
                "CASE WHEN ? > 1 THEN signed_note ELSE '' END, signed_at, signed_by, signed_role, ?, ? "
                "FROM report_publication WHERE agency_id = ? AND year = ?",
                "IIssiI", version, version, now, a->actor, a->agency_id, a->year);
    if (!rc)
        rc = db_run(s->db, e, NULL,
                    "UPDATE report_publication SET report_json = signed_json, version = ?, published_at = ?, "
                    "published_by = ?, signed_json = NULL, signed_narrative = NULL, signed_note = '', "
                    "signed_at = '', signed_by = '', signed_role = '', correction_note = '' "
                    "WHERE agency_id = ? AND year = ?",
                    "IssiI", version, now, a->actor, a->agency_id, a->year);
    if (rc)
        return rc;
    char after[48];
    snprintf(after, sizeof after, "{\"version\":%d}", version);
    return store_audit_add(s, a->agency_id, a->actor, "report", a->year, version == 1 ? "published" : "corrected",
                           NULL, after, e);
}

int store_report_publish(store_t *s, int64_t agency_id, int year, const char *actor, err *e)
{
    struct report_step a = {agency_id, year, NULL, NULL, NULL, actor, NULL};
    return store_in_txn(s, publish_step, &a, e);
}

static char *col_dup(db_stmt *st, int col)
{
    return db_col_null(st, col) ? NULL : xstrdup(db_col_text(st, col));
}

static void pub_row(db_stmt *st, void *arg)
{
    struct store_report_pub *out = arg;
    out->narrative_json = xstrdup(db_col_text(st, 0));
    out->report_json = col_dup(st, 1);
    store_copy_col(st, 2, out->published_at, sizeof out->published_at);
    store_copy_col(st, 3, out->published_by, sizeof out->published_by);
    store_copy_col(st, 4, out->updated_at, sizeof out->updated_at);
    store_copy_col(st, 5, out->updated_by, sizeof out->updated_by);
    out->correction_note = xstrdup(db_col_text(st, 6));
    out->version = (int)db_col_int(st, 7);
    out->signed_json = col_dup(st, 8);
    store_copy_col(st, 9, out->signed_at, sizeof out->signed_at);
    store_copy_col(st, 10, out->signed_by, sizeof out->signed_by);
    store_copy_col(st, 11, out->signed_role, sizeof out->signed_role);
}

int store_report_get(store_t *s, int64_t agency_id, int year, struct store_report_pub *out, err *e)
{
    memset(out, 0, sizeof *out);
    int rc = db_query_one(s->db, e, pub_row, out,
                          "SELECT narrative_json, report_json, published_at, published_by, updated_at, updated_by, "
                          "correction_note, version, signed_json, signed_at, signed_by, signed_role "
                          "FROM report_publication WHERE agency_id = ? AND year = ?",
                          "iI", agency_id, year);
    if (rc == 1) {
        out->agency_id = agency_id;
        out->year = year;
    }
    return db_found(rc, e, "report", "nothing saved for %d", year);
}

void store_report_pub_clear(struct store_report_pub *p)
{
    free(p->narrative_json);
    free(p->report_json);
    free(p->correction_note);
    free(p->signed_json);
    memset(p, 0, sizeof *p);
}

int store_report_versions(store_t *s, int64_t agency_id, int year, struct store_report_version **out,
                          size_t *n, err *e)
{
    *out = NULL;
    *n = 0;
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT version, report_json, narrative_json, correction_note, signed_at, signed_by, "
                        "signed_role, published_at, published_by FROM report_version "
                        "WHERE agency_id = ? AND year = ? ORDER BY version DESC", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    size_t cap = 0, cnt = 0;
    struct store_report_version *v = NULL;
    while ((rc = db_step(st, e)) == 1) {
        if (cnt == cap)
            v = xrealloc(v, (cap = cap ? cap * 2 : 4) * sizeof *v);
        struct store_report_version *x = &v[cnt++];
        x->version = (int)db_col_int(st, 0);
        x->report_json = xstrdup(db_col_text(st, 1));
        x->narrative_json = xstrdup(db_col_text(st, 2));
        x->correction_note = xstrdup(db_col_text(st, 3));
        store_copy_col(st, 4, x->signed_at, sizeof x->signed_at);
        store_copy_col(st, 5, x->signed_by, sizeof x->signed_by);
        store_copy_col(st, 6, x->signed_role, sizeof x->signed_role);
        store_copy_col(st, 7, x->published_at, sizeof x->published_at);
        store_copy_col(st, 8, x->published_by, sizeof x->published_by);
    }
    db_finalize(st);
    if (rc < 0) {
        store_report_versions_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return 0;
}

void store_report_versions_free(struct store_report_version *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].report_json);
        free(v[i].narrative_json);
        free(v[i].correction_note);
    }
    free(v);
}

static void kind_row(db_stmt *st, void *out) { store_copy_col(st, 0, out, 16); }

int store_agency_kind(store_t *s, int64_t agency_id, char out[16], err *e)
{
    int rc = db_query_one(s->db, e, kind_row, out, "SELECT kind FROM agency WHERE id = ?", "i", agency_id);
    return db_found(rc, e, "agency", "no agency %lld", (long long)agency_id);
}

struct kind_step {
    int64_t agency_id;
    const char *kind, *actor;
};

static int kind_step(store_t *s, const void *arg, err *e)
{
    const struct kind_step *a = arg;
    char before[16];
    int rc = store_agency_kind(s, a->agency_id, before, e);
    if (!rc)
        rc = db_run(s->db, e, NULL, "UPDATE agency SET kind = ? WHERE id = ?", "si", a->kind, a->agency_id);
    return rc ? rc
              : store_audit_field(s, a->agency_id, a->actor, "agency", a->agency_id, "kind_set", "kind", before,
                                  a->kind, e);
}

int store_agency_set_kind(store_t *s, int64_t agency_id, const char *kind, const char *actor, err *e)
{
    struct kind_step a = {agency_id, kind, actor};
    return store_in_txn(s, kind_step, &a, e);
}

static void year_row(db_stmt *st, void *arg) { *(int *)arg = (int)db_col_int(st, 0); }

int store_report_years(store_t *s, int64_t agency_id, int **out, size_t *n, err *e)
{
    return db_collect_array(s->db, e, year_row, sizeof **out, out, n,
                            "SELECT year FROM report_publication WHERE agency_id = ? AND report_json IS NOT NULL "
                            "ORDER BY year DESC",
                            "i", agency_id);
}

/* ---- portal reads over the documents of migration 003 ---- */

struct count_each { int (*fn)(const char *key, int64_t n, void *); void *arg; };

static int count_row(db_stmt *st, void *arg)
{
    const struct count_each *x = arg;
    return x->fn(db_col_text(st, 0), db_col_int(st, 1), x->arg);
}

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
    struct count_each x = {fn, arg};
    return db_collect(s->db, e, count_row, &x, sql, "iD", agency_id, date_today());
}
