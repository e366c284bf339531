/* store — documents: the yearly figures entered by hand and table 二 of the
 * annual report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "publish/channel.h"
#include "report/report.h"
#include "store/doc_internal.h"

/* ---- yearly figures and table 二 ---- */

/* The report field for "group.key" that is entered rather than computed. */
static int stat_field(const char *key)
{
    for (int f = 0; f < PRO_NFIELDS; f++) {
        const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
        if (fd->row < 2)
            continue;   /* rules and normative documents come from the catalogue */
        char k[96];
        snprintf(k, sizeof k, "%s.%s", rpt_pro_rows[fd->row].group, fd->key);
        if (strcmp(k, key) == 0)
            return f;
    }
    return -1;
}

int store_doc_stat_set(store_t *s, int64_t agency_id, int year, const char *key, double value,
                       const char *actor, err *e)
{
    int f = stat_field(key);
    if (f < 0) {
        buf b;
        buf_init(&b);
        for (int k = 0; k < PRO_NFIELDS; k++)
            if (rpt_pro_fields[k].row >= 2)
                buf_printf(&b, "%s%s.%s", b.len ? ", " : "", rpt_pro_rows[rpt_pro_fields[k].row].group,
                           rpt_pro_fields[k].key);
        int rc = err_set(e, GK_EINVAL, "stats", "unknown figure '%s' (known: %s)", key, b.data);
        buf_free(&b);
        return rc;
    }
    if (!lim_year_ok(year, 2008))
        return err_set(e, GK_EINVAL, "stats", "year %d is out of range", year);
    bool amount = rpt_pro_fields[f].amount;
    bool change = strstr(key, "items_change") != NULL;   /* 本年增/减 may be negative */
    if (value != value || (!change && value < 0) || (!amount && value != (double)(int64_t)value))
        return err_set(e, GK_EINVAL, "stats", "%s: %g is not %s", key, value,
                       amount ? "an amount ≥ 0 (万元)" : change ? "a whole number" : "a whole number ≥ 0");
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    double old = 0;
    /* the figure before, for the audit trail: a failed read is no "never entered" */
    rc = store_doc_stat_get(s, agency_id, year, key, &old, e);
    bool had = rc == 0;
    if (rc == GK_ENOTFOUND)
        rc = 0;
    if (!rc)
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO doc_stat(agency_id, year, key, value) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (agency_id, year, key) DO UPDATE SET value = excluded.value",
                    "iIsd", agency_id, year, key, value);
    char before[160], after[160];
    snprintf(before, sizeof before, "{\"year\":%d,\"%s\":%.17g}", year, key, old);
    snprintf(after, sizeof after, "{\"year\":%d,\"%s\":%.17g}", year, key, value);
    if (!rc)
        rc = store_audit_add(s, agency_id, actor, "doc_stat", year, "set", had ? before : NULL, after, e);
    return store_end(s, rc, e);
}

int store_doc_stat_get(store_t *s, int64_t agency_id, int year, const char *key, double *value, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT value FROM doc_stat WHERE agency_id = ? AND year = ? AND key = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, key);
    rc = db_step(st, e);
    if (rc == 1)
        *value = db_col_double(st, 0);
    db_finalize(st);
    return rc == 0 ? GK_ENOTFOUND : rc < 0 ? rc : 0;   /* not entered: an answer, e untouched */
}

/* The first day a document is no longer in force, or DOC_NODAY. */
static gk_day ceased(const struct doc *d)
{
    gk_day r = d->repealed_on;
    gk_day x = d->expires_on != DOC_NODAY ? d->expires_on + 1 : DOC_NODAY;
    if (r == DOC_NODAY)
        return x;
    if (x == DOC_NODAY)
        return r;
    return r < x ? r : x;
}

/* The legacy cell key of the 2008 layout set to a count. */
static void legacy_set(struct rpt *r, const char *key, int64_t n)
{
    int k = rpt_legacy_index(key);
    if (k >= 0)
        r->legacy[k] = (double)n;
}

/* The 2008 layout's count of one channel (doc_channels[c]): a document
 * counts once per row: tagged with the channel and published in the year,
 * or sent in the year to a channel whose kind counts under this row
 * (publish/channel.c, issue 18). */
static int table2_2008_channel(store_t *s, int64_t agency_id, int c, const char *from, const char *to, struct rpt *r,
                               err *e)
{
    char key[48];
    snprintf(key, sizeof key, "proactive.%s", doc_channels[c].key);
    const char *kinds[3] = {"", "", ""};
    for (int j = 0, m = 0; j < CHAN_NKINDS && m < 3; j++)
        if (strcmp(chan_kinds[j].legacy, key) == 0)
            kinds[m++] = chan_kinds[j].key;
    int64_t n = 0;
    int rc = db_query_int(s->db, e, &n,
                          "SELECT COUNT(*) FROM (SELECT d.id FROM doc d JOIN doc_channel c ON c.doc_id = d.id "
                          "WHERE d.agency_id = ? AND " STORE_DOC_INDEXED " AND d.published >= ? "
                          "AND d.published <= ? AND c.channel = ? UNION SELECT x.doc_id FROM channel_send x "
                          "JOIN channel k ON k.id = x.channel_id JOIN doc d ON d.id = x.doc_id "
                          "WHERE x.agency_id = ? AND k.kind IN (?, ?, ?) AND x.sent >= ? AND x.sent <= ? "
                          "AND d.withdrawn_on IS NULL) u",
                          "isssisssss", agency_id, from, to, doc_channels[c].key, agency_id, kinds[0], kinds[1],
                          kinds[2], from, to);
    if (!rc)
        legacy_set(r, key, n);
    return rc;
}

/* Table 二 in the 2008 layout: the legacy proactive.* cells. */
static int table2_2008(store_t *s, int64_t agency_id, const char *from, const char *to, struct rpt *r, err *e)
{
    int64_t n = 0;
    int rc = db_query_int(s->db, e, &n,
                          "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                          " AND published >= ? AND published <= ?",
                          "iss", agency_id, from, to);
    if (rc)
        return rc;
    legacy_set(r, "proactive.total", n);
    for (int c = 0; c < DOC_NCHANNELS; c++)
        if ((rc = table2_2008_channel(s, agency_id, c, from, to, r, e)))
            return rc;
    n = 0;
    if ((rc = db_query_int(s->db, e, &n,
                           "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED " AND genre = ? "
                           "AND published >= ? AND published <= ?",
                           "isss", agency_id, DOC_GENRE_NORMATIVE, from, to)))
        return rc;
    legacy_set(r, "proactive.normative", n);
    n = 0;
    if ((rc = db_query_int(s->db, e, &n,
                           "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED " AND genre = ? "
                           "AND written >= ? AND written <= ?",
                           "isss", agency_id, DOC_GENRE_NORMATIVE, from, to)))
        return rc;
    legacy_set(r, "proactive.normative_issued", n);
    return 0;
}

/* Rules (g 0) and normative documents (g 1) of the catalogue counted for
 * the year y0..y1: issued, repealed, in force, made, published, public total. */
struct table2_counts { gk_day y0, y1; double cnt[2][6]; };

static int table2_count_row(db_stmt *st, void *arg)
{
    struct table2_counts *c = arg;
    struct doc d;
    store_doc_row(st, &d, false);
    int g = strcmp(d.genre, DOC_GENRE_RULES) == 0 ? 0 : 1;
    gk_day gone = ceased(&d), y0 = c->y0, y1 = c->y1;
    double *cnt = c->cnt[g];
    if (d.written >= y0 && d.written <= y1)
        cnt[0]++, cnt[3]++;
    if (gone != DOC_NODAY && gone >= y0 && gone <= y1)
        cnt[1]++;
    if (d.written <= y1 && doc_validity_at(&d, y1) == DOC_V_IN_FORCE)
        cnt[2]++;
    if (d.published >= y0 && d.published <= y1)
        cnt[4]++;
    if (d.published != DOC_NODAY && d.published <= y1 && doc_validity_at(&d, y1) == DOC_V_IN_FORCE &&
        (d.publicity_until == DOC_NODAY || d.publicity_until >= y1))
        cnt[5]++;
    doc_clear(&d);
    return 0;
}

/* Rules and normative documents, from the catalogue, into r's fields of its layout. */
static int table2_catalogue(store_t *s, int64_t agency_id, gk_day y0, gk_day y1, struct rpt *r, err *e)
{
    struct table2_counts c = {.y0 = y0, .y1 = y1};
    int rc = db_collect(s->db, e, table2_count_row, &c,
                        "SELECT " DOC_COLS " FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                        " AND genre IN (?, ?)",
                        "iss", agency_id, DOC_GENRE_RULES, DOC_GENRE_NORMATIVE);
    if (rc)
        return rc;
    static const int fields[2][6] = {
        {PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE, PRO_RULES_MADE, PRO_RULES_PUBLISHED,
         PRO_RULES_PUBLIC_TOTAL},
        {PRO_NORM_ISSUED, PRO_NORM_REPEALED, PRO_NORM_IN_FORCE, PRO_NORM_MADE, PRO_NORM_PUBLISHED,
         PRO_NORM_PUBLIC_TOTAL},
    };
    unsigned bit = RPT_LAYOUT_BIT(r->layout);
    for (int g = 0; g < 2; g++)
        for (int k = 0; k < 6; k++)
            if (rpt_pro_fields[fields[g][k]].layouts & bit)
                r->pro[fields[g][k]] = c.cnt[g][k];
    return 0;
}

/* The entered figures of r's layout (store_doc_stat_set); never entered: left null. */
static int table2_entered(store_t *s, int64_t agency_id, int year, struct rpt *r, err *e)
{
    unsigned bit = RPT_LAYOUT_BIT(r->layout);
    for (int f = 0; f < PRO_NFIELDS; f++) {
        const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
        if (fd->row < 2 || !(fd->layouts & bit))
            continue;
        char key[96];
        snprintf(key, sizeof key, "%s.%s", rpt_pro_rows[fd->row].group, fd->key);
        double v;
        int rc = store_doc_stat_get(s, agency_id, year, key, &v, e);
        if (rc == 0)
            r->pro[f] = v;
        else if (rc != GK_ENOTFOUND)
            return rc;
    }
    return 0;
}

int store_doc_table2(store_t *s, int64_t agency_id, int year, struct rpt *r, err *e)
{
    if (r->layout == RPT_LAYOUT_UNKNOWN || r->layout == RPT_LAYOUT_NARRATIVE)
        r->layout = year >= 2021 ? RPT_LAYOUT_2021 : year >= 2019 ? RPT_LAYOUT_2019 : RPT_LAYOUT_2008;
    gk_day y0 = date_from_ymd(year, 1, 1), y1 = date_from_ymd(year, 12, 31);
    if (r->layout == RPT_LAYOUT_2008) {
        char from[11], to[11];
        date_format(y0, from);
        date_format(y1, to);
        return table2_2008(s, agency_id, from, to, r, e);
    }
    int rc = table2_catalogue(s, agency_id, y0, y1, r, e);
    return rc ? rc : table2_entered(s, agency_id, year, r, e);
}
