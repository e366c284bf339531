/* store — documents: the yearly figures entered by hand and table 二 of the
 * annual report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (year < 2008 || year > 2100)
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
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
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

static int count_query(store_t *s, const char *sql, const char *types, int64_t *out, err *e, ...)
{
    db_stmt *st;
    int rc = db_prepare(s->db, sql, &st, e);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, e);
    db_vbind(st, types, ap);
    va_end(ap);
    rc = db_step(st, e);
    *out = rc == 1 ? db_col_int(st, 0) : 0;
    return db_done(st, rc);
}

int store_doc_table2(store_t *s, int64_t agency_id, int year, struct rpt *r, err *e)
{
    if (r->layout == RPT_LAYOUT_UNKNOWN || r->layout == RPT_LAYOUT_NARRATIVE)
        r->layout = year >= 2021 ? RPT_LAYOUT_2021 : year >= 2019 ? RPT_LAYOUT_2019 : RPT_LAYOUT_2008;
    gk_day y0 = date_from_ymd(year, 1, 1), y1 = date_from_ymd(year, 12, 31);
    char from[11], to[11];
    date_format(y0, from);
    date_format(y1, to);
    int rc;
    if (r->layout == RPT_LAYOUT_2008) {
        int64_t n;
        static const char *const pub =
            "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
            " AND published >= ? AND published <= ?";
        if ((rc = count_query(s, pub, "iss", &n, e, agency_id, from, to)))
            return rc;
        int k = rpt_legacy_index("proactive.total");
        if (k >= 0)
            r->legacy[k] = (double)n;
        for (int c = 0; c < DOC_NCHANNELS; c++) {
            /* a document counts once per row: tagged with the channel and
             * published in the year, or sent in the year to a channel whose
             * kind counts under this row (publish/channel.c, issue 18) */
            char key[48];
            snprintf(key, sizeof key, "proactive.%s", doc_channels[c].key);
            const char *kinds[3] = {"", "", ""};
            for (int j = 0, m = 0; j < CHAN_NKINDS && m < 3; j++)
                if (strcmp(chan_kinds[j].legacy, key) == 0)
                    kinds[m++] = chan_kinds[j].key;
            if ((rc = count_query(s,
                                  "SELECT COUNT(*) FROM (SELECT d.id FROM doc d JOIN doc_channel c ON c.doc_id = d.id "
                                  "WHERE d.agency_id = ? AND " STORE_DOC_INDEXED " AND d.published >= ? "
                                  "AND d.published <= ? AND c.channel = ? UNION SELECT x.doc_id FROM channel_send x "
                                  "JOIN channel k ON k.id = x.channel_id JOIN doc d ON d.id = x.doc_id "
                                  "WHERE x.agency_id = ? AND k.kind IN (?, ?, ?) AND x.sent >= ? AND x.sent <= ? "
                                  "AND d.withdrawn_on IS NULL) u",
                                  "isssisssss", &n, e, agency_id, from, to, doc_channels[c].key, agency_id, kinds[0],
                                  kinds[1], kinds[2], from, to)))
                return rc;
            if ((k = rpt_legacy_index(key)) >= 0)
                r->legacy[k] = (double)n;
        }
        if ((rc = count_query(s,
                              "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED " AND genre = ? "
                              "AND published >= ? AND published <= ?",
                              "isss", &n, e, agency_id, DOC_GENRE_NORMATIVE, from, to)))
            return rc;
        if ((k = rpt_legacy_index("proactive.normative")) >= 0)
            r->legacy[k] = (double)n;
        if ((rc = count_query(s,
                              "SELECT COUNT(*) FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED " AND genre = ? "
                              "AND written >= ? AND written <= ?",
                              "isss", &n, e, agency_id, DOC_GENRE_NORMATIVE, from, to)))
            return rc;
        if ((k = rpt_legacy_index("proactive.normative_issued")) >= 0)
            r->legacy[k] = (double)n;
        return 0;
    }
    /* rules and normative documents, from the catalogue */
    double cnt[2][6] = {{0}};   /* issued, repealed, in force, made, published, public total */
    db_stmt *st;
    if ((rc = db_prepare(s->db, "SELECT " DOC_COLS " FROM doc WHERE agency_id = ? AND " STORE_DOC_INDEXED
                                " AND genre IN (?, ?)", &st, e)))
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, DOC_GENRE_RULES);
    db_bind_text(st, 3, DOC_GENRE_NORMATIVE);
    while ((rc = db_step(st, e)) == 1) {
        struct doc d;
        store_doc_row(st, &d, false);
        int g = strcmp(d.genre, DOC_GENRE_RULES) == 0 ? 0 : 1;
        gk_day gone = ceased(&d);
        if (d.written >= y0 && d.written <= y1)
            cnt[g][0]++, cnt[g][3]++;
        if (gone != DOC_NODAY && gone >= y0 && gone <= y1)
            cnt[g][1]++;
        if (d.written <= y1 && doc_validity_at(&d, y1) == DOC_V_IN_FORCE)
            cnt[g][2]++;
        if (d.published >= y0 && d.published <= y1)
            cnt[g][4]++;
        if (d.published != DOC_NODAY && d.published <= y1 && doc_validity_at(&d, y1) == DOC_V_IN_FORCE &&
            (d.publicity_until == DOC_NODAY || d.publicity_until >= y1))
            cnt[g][5]++;
        doc_clear(&d);
    }
    db_finalize(st);
    if (rc < 0)
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
                r->pro[fields[g][k]] = cnt[g][k];
    /* the entered figures of this layout */
    for (int f = 0; f < PRO_NFIELDS; f++) {
        const struct rpt_pro_field_def *fd = &rpt_pro_fields[f];
        if (fd->row < 2 || !(fd->layouts & bit))
            continue;
        char key[96];
        snprintf(key, sizeof key, "%s.%s", rpt_pro_rows[fd->row].group, fd->key);
        double v;
        rc = store_doc_stat_get(s, agency_id, year, key, &v, e);
        if (rc == 0)
            r->pro[f] = v;
        else if (rc != GK_ENOTFOUND)
            return rc;
    }
    return 0;
}
