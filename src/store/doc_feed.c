/* store — what the feeds (RSS 2.0, Atom), the sitemap and their JSON list:
 * the newest publications of an agency (optionally of one Art. 20 item or
 * one category), and the changes to what was published: withdrawals (撤回),
 * repeals (废止) and expiries (失效). Only what the public may see: no body,
 * and of a withdrawn document only its index number, 文号 and the date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/doc_internal.h"

static void entry_row(db_stmt *st, struct store_feed_entry *f)
{
    memset(f, 0, sizeof *f);
    f->id = db_col_int(st, 0);
    store_copy_col(st, 1, f->title, sizeof f->title);
    store_copy_col(st, 2, f->docno, sizeof f->docno);
    store_copy_col(st, 3, f->index_no, sizeof f->index_no);
    store_copy_col(st, 4, f->published, sizeof f->published);
    store_copy_col(st, 5, f->issuer, sizeof f->issuer);
    store_copy_col(st, 6, f->category, sizeof f->category);
    f->item = (int)db_col_int(st, 7);
    store_copy_col(st, 8, f->event, sizeof f->event);
    store_copy_col(st, 9, f->on, sizeof f->on);
    store_copy_col(st, 10, f->updated, sizeof f->updated);
    if (strcmp(f->event, "withdrawn") == 0)
        f->title[0] = 0;   /* the public sees nothing of its content any more */
}

#define FEED_COLS "d.id, d.title, d.docno, COALESCE(d.index_no, ''), COALESCE(d.published, ''), d.issuer, " \
                  "d.category, d.item, "

int store_doc_feed(store_t *s, const struct store_feed_query *q, struct store_feed_entry **out, size_t *n, err *e)
{
    *out = NULL;
    *n = 0;
    int limit = q->limit > 0 && q->limit <= STORE_FEED_MAX ? q->limit : STORE_FEED_MAX;
    char today[11];
    date_format(date_today(), today);
    buf sql;
    buf_init(&sql);
    const char *filt = " AND (? = 0 OR d.item = ?) AND (? = '' OR d.category = ?)";
    if (q->changes) {
        /* each change is one row: a document withdrawn after its repeal has both */
        buf_printf(&sql,
                   "SELECT * FROM (SELECT " FEED_COLS "'withdrawn' AS event, d.withdrawn_on AS day, d.updated_at "
                   "FROM doc d WHERE d.agency_id = ? AND d.state = 'published' AND d.withdrawn_on IS NOT NULL%s "
                   "UNION ALL SELECT " FEED_COLS "'repealed', d.repealed_on, d.updated_at FROM doc d "
                   "WHERE d.agency_id = ? AND d.state = 'published' AND d.withdrawn_on IS NULL "
                   "AND d.repealed_on <= ?%s "
                   "UNION ALL SELECT " FEED_COLS "'expired', d.expires_on, d.updated_at FROM doc d "
                   "WHERE d.agency_id = ? AND d.state = 'published' AND d.withdrawn_on IS NULL "
                   "AND (d.repealed_on IS NULL OR d.repealed_on > ?) AND d.expires_on < ?%s) x "
                   "ORDER BY day DESC, id DESC LIMIT ?", filt, filt, filt);
    } else {
        buf_printf(&sql,
                   "SELECT " FEED_COLS "'published', d.published, d.updated_at FROM doc d WHERE d.agency_id = ? "
                   "AND " STORE_DOC_INDEXED " AND (d.publicity_until IS NULL OR d.publicity_until >= ?)%s "
                   "ORDER BY d.published DESC, d.id DESC LIMIT ?", filt);
    }
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int idx = 1;
    const char *cat = q->category ? q->category : "";
    for (int part = 0; part < (q->changes ? 3 : 1); part++) {
        db_bind_int(st, idx++, q->agency_id);
        if (!q->changes)
            db_bind_text(st, idx++, today);
        else if (part == 1)
            db_bind_text(st, idx++, today);
        else if (part == 2) {
            db_bind_text(st, idx++, today);
            db_bind_text(st, idx++, today);
        }
        db_bind_int(st, idx++, q->item);
        db_bind_int(st, idx++, q->item);
        db_bind_text(st, idx++, cat);
        db_bind_text(st, idx++, cat);
    }
    db_bind_int(st, idx++, limit);
    struct store_feed_entry *v = xcalloc((size_t)limit, sizeof *v);
    size_t k = 0;
    while (k < (size_t)limit && (rc = db_step(st, e)) == 1)
        entry_row(st, &v[k++]);
    db_finalize(st);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

int store_doc_public_ids(store_t *s, int64_t agency_id, int (*fn)(int64_t id, const char *published, void *arg),
                         void *arg, err *e)
{
    char today[11];
    date_format(date_today(), today);
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT d.id, d.published FROM doc d WHERE d.agency_id = ? AND " STORE_DOC_INDEXED
                               " AND (d.publicity_until IS NULL OR d.publicity_until >= ?) ORDER BY d.id LIMIT ?",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, today);
    db_bind_int(st, 3, STORE_SITEMAP_MAX);
    while ((rc = db_step(st, e)) == 1)
        if ((rc = fn(db_col_int(st, 0), db_col_text(st, 1) ? db_col_text(st, 1) : "", arg)) != 0)
            break;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
