/*
 * store — calendar facts imported after the build, national and regional,
 * and the import that re-dates open applications in one transaction. See
 * store.h. The domain decides (the caller checks the facts with
 * cal_load_tsv; the redate callback recomputes each application); this file
 * only keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "store/store_internal.h"

#define REGION_MAX 64

int store_calendar_put(store_t *s, const char *date, const char *kind, const char *name,
                       const char *source, err *e)
{
    return db_run(s->db, e, NULL,
                  "INSERT INTO calendar_fact(region, date, kind, name, source) VALUES ('', ?, ?, ?, ?) "
                  "ON CONFLICT (region, date) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                  "source = excluded.source",
                  "ssss", date, kind, name ? name : "", source ? source : "");
}

int store_calendar_region_tsv(store_t *s, const char *region, buf *out, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT date, kind, name FROM calendar_fact WHERE region = ? ORDER BY date",
                        &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, region ? region : "");
    while ((rc = db_step(st, e)) == 1)
        buf_printf(out, "%s\t%s\t%s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2));
    return db_done(st, rc);
}

int store_calendar_tsv(store_t *s, buf *out, err *e)
{
    return store_calendar_region_tsv(s, "", out, e);
}

int store_calendar_region(store_t *s, const char *region, cal_t **out, err *e)
{
    cal_t *c = cal_builtin();
    buf b;
    buf_init(&b);
    int rc = store_calendar_tsv(s, &b, e);
    if (!rc && b.len)
        rc = cal_load_tsv(c, b.data, b.len, "imported calendar", e);
    if (!rc && region && *region) {
        b.len = 0;
        rc = store_calendar_region_tsv(s, region, &b, e);
        if (!rc && b.len)
            rc = cal_load_region_tsv(c, b.data, b.len, region, e);
    }
    buf_free(&b);
    if (rc) {
        cal_free(c);
        return rc;
    }
    *out = c;
    return 0;
}

int store_calendar(store_t *s, cal_t **out, err *e)
{
    return store_calendar_region(s, "", out, e);
}

int store_agency_region(store_t *s, int64_t agency_id, char region[REGION_MAX], err *e)
{
    buf b;
    buf_init(&b);
    int rc = store_setting_get(s, agency_id, STORE_CALENDAR_REGION_KEY, &b, e);
    region[0] = '\0';
    if (rc == GK_ENOTFOUND) {
        err_clear(e);
        rc = 0;
    } else if (!rc) {
        snprintf(region, REGION_MAX, "%s", b.data ? b.data : "");
    }
    buf_free(&b);
    return rc;
}

int store_calendar_for(store_t *s, int64_t agency_id, cal_t **out, err *e)
{
    char region[REGION_MAX];
    int rc = store_agency_region(s, agency_id, region, e);
    return rc ? rc : store_calendar_region(s, region, out, e);
}

/* ---- import and re-date ------------------------------------------------- */

/* The ids of an agency's open applications: *ids is malloc'ed. Ids, not
 * whole applications (about 10 KB each), so that memory stays small with
 * 100,000 open applications; each is read again when it is re-dated. */
static int open_ids(store_t *s, int64_t agency_id, int64_t **ids, size_t *n, err *e)
{
    db_stmt *st;
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    int rc = db_prepare(s->db, "SELECT id FROM application WHERE agency_id = ? AND outcome IS NULL ORDER BY id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    while ((rc = db_step(st, e)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xrealloc(*ids, sizeof **ids * cap);
        }
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    return db_done(st, rc);
}

static int put_facts(store_t *s, const char *region, const char *tsv, size_t len, const char *source,
                     int *count, err *e)
{
    size_t pos = 0;
    int rc = 0;
    *count = 0;
    while (!rc && pos < len) {
        const char *ls = tsv + pos;
        const char *nl = memchr(ls, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - ls) : len - pos;
        pos += ll + (nl ? 1 : 0);
        char line[256], *f[3] = {0};
        if (!ll || *ls == '#' || ll >= sizeof line)
            continue;
        memcpy(line, ls, ll);
        line[ll] = '\0';
        f[0] = line;
        f[1] = strchr(line, '\t');
        if (!f[1])
            continue;
        *f[1]++ = '\0';
        f[2] = strchr(f[1], '\t');
        if (f[2])
            *f[2]++ = '\0';
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO calendar_fact(region, date, kind, name, source) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (region, date) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                    "source = excluded.source",
                    "sssss", region, f[0], f[1], f[2] ? f[2] : "", source ? source : "");
        (*count)++;
    }
    return rc;
}

/* Re-dates the open applications of one agency on its calendar after the
 * import; appends what moved to *out. */
static int redate_agency(store_t *s, const struct store_agency *ag, const char *actor, gk_day today,
                         store_redate_fn redate, void *arg, struct store_redated **out, size_t *n,
                         size_t *cap, err *e)
{
    cal_t *cal;
    int rc = store_calendar_for(s, ag->id, &cal, e);
    if (rc)
        return rc;
    int64_t *ids = NULL;
    size_t nid = 0;
    rc = open_ids(s, ag->id, &ids, &nid, e);
    buf summary;
    buf_init(&summary);
    struct app *pair = xmalloc(2 * sizeof *pair);   /* before, after */
    struct app *before = &pair[0], *after = &pair[1];
    for (size_t i = 0; !rc && i < nid; i++) {
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%lld", (long long)ids[i]);
        if ((rc = store_app_get(s, ag->id, idtext, before, e)))
            break;
        *after = *before;
        bool prov = false;
        summary.len = 0;
        buf_puts(&summary, "");
        int changed = redate(arg, cal, after, &summary, &prov, e);
        if (changed < 0) {
            rc = changed;
            break;
        }
        if (!changed)
            continue;
        if ((rc = store_app_save(s, before, after, actor, "redate", today, summary.data, e)))
            break;
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *out = xrealloc(*out, sizeof **out * *cap);
        }
        struct store_redated *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->agency_id = ag->id;
        r->app_id = before->id;
        snprintf(r->agency, sizeof r->agency, "%s", ag->code);
        snprintf(r->no, sizeof r->no, "%s", before->no);
        r->due_before = before->due;
        r->due_after = after->due;
        r->reply_before = before->reply_due;
        r->reply_after = after->reply_due;
        r->provisional = prov;
    }
    buf_free(&summary);
    free(pair);
    free(ids);
    cal_free(cal);
    return rc;
}

static int cmp_redated(const void *a, const void *b)
{
    const struct store_redated *x = a, *y = b;
    gk_day dx = x->due_after ? x->due_after : x->reply_after;
    gk_day dy = y->due_after ? y->due_after : y->reply_after;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    if (x->agency_id != y->agency_id)
        return x->agency_id < y->agency_id ? -1 : 1;
    return strcmp(x->no, y->no);
}

int store_calendar_import(store_t *s, const char *region, const char *tsv, size_t tsv_len,
                          const char *source, const char *actor, gk_day today,
                          store_redate_fn redate, void *arg, struct store_redated **out,
                          size_t *n, err *e)
{
    if (!region)
        region = "";
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    struct store_agency *ags = NULL;
    size_t nag = 0;
    int count = 0;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = put_facts(s, region, tsv, tsv_len, source, &count, e);
    if (!rc) {
        buf j;
        buf_init(&j);
        buf_puts(&j, "{\"region\":");
        buf_json_str(&j, region);
        buf_puts(&j, ",\"source\":");
        buf_json_str(&j, source ? source : "");
        buf_printf(&j, ",\"days\":%d}", count);
        rc = store_audit_add(s, 0, actor, "calendar", 0, "import", NULL, j.data, e);
        buf_free(&j);
    }
    if (!rc)
        rc = store_agency_list(s, &ags, &nag, e);
    for (size_t i = 0; !rc && i < nag; i++) {
        char ar[REGION_MAX];
        if ((rc = store_agency_region(s, ags[i].id, ar, e)))
            break;
        if (*region && strcmp(ar, region) != 0)
            continue;   /* a regional layer changes only its region's agencies */
        rc = redate_agency(s, &ags[i], actor, today, redate, arg, out, n, &cap, e);
    }
    free(ags);
    if (rc) {
        store_rollback(s);
        free(*out);
        *out = NULL;
        *n = 0;
        return rc < 0 ? rc : GK_EIO;
    }
    if ((rc = store_commit(s, e))) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    if (*n)
        qsort(*out, *n, sizeof **out, cmp_redated);
    else
        *out = xmalloc(1);
    return 0;
}
