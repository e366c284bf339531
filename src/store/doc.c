/* store — documents (主动公开): the catalogue's rows (read, written, added,
 * listed), index numbers, the agency's limits and the earlier versions of a
 * corrected document. What is allowed is decided by src/publish/; these
 * files load, ask, and persist with the audit trail: the workflow's steps
 * (doc_step.c), screening (doc_screen.c), hits, comments and attachments
 * (doc_attach.c), the import (doc_import.c), table 二 (doc_table2.c).
 * See store_doc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "store/doc_internal.h"

/* ---- small helpers ---- */

const char *store_doc_day_or_null(gk_day d, char out[11])
{
    if (d == DOC_NODAY)
        return NULL;
    date_format(d, out);
    return out;
}

static gk_day col_day(db_stmt *st, int col)
{
    if (db_col_null(st, col))
        return DOC_NODAY;
    const char *t = db_col_text(st, col);
    gk_day d;
    if (!*t || date_parse(t, &d, NULL))
        return DOC_NODAY;
    return d;
}

static void bind_day(db_stmt *st, int idx, gk_day d)
{
    char b[11];
    db_bind_text(st, idx, store_doc_day_or_null(d, b));
}

static void bind_id_or_null(db_stmt *st, int idx, int64_t id)
{
    if (id)
        db_bind_int(st, idx, id);
    else
        db_bind_null(st, idx);
}

void store_doc_json(const struct doc *d, buf *b)
{
    buf_reset(b);
    doc_to_json(d, false, b);
}

/* Reads a row of DOC_COLS (+ body at column DOC_NCOLS when with_body). */
void store_doc_row(db_stmt *st, struct doc *d, bool with_body)
{
    doc_init(d);
    d->id = db_col_int(st, 0);
    d->agency_id = db_col_int(st, 1);
    store_copy_col(st, 2, d->index_no, sizeof d->index_no);
    store_copy_col(st, 3, d->title, sizeof d->title);
    store_copy_col(st, 4, d->docno, sizeof d->docno);
    store_copy_col(st, 5, d->issuer, sizeof d->issuer);
    d->written = col_day(st, 6);
    d->published = col_day(st, 7);
    store_copy_col(st, 8, d->category, sizeof d->category);
    store_copy_col(st, 9, d->genre, sizeof d->genre);
    d->item = (int)db_col_int(st, 10);
    enum doc_state state = DOC_DRAFT;
    doc_state_parse(db_col_text(st, 11), &state);
    d->state = state;
    d->repealed_on = col_day(st, 12);
    d->repealed_by = db_col_int(st, 13);
    store_copy_col(st, 14, d->repealed_by_docno, sizeof d->repealed_by_docno);
    d->expires_on = col_day(st, 15);
    d->interprets = db_col_int(st, 16);
    d->recipient_list = db_col_int(st, 17) != 0;
    store_copy_col(st, 18, d->author, sizeof d->author);
    store_copy_col(st, 19, d->reviewer1, sizeof d->reviewer1);
    store_copy_col(st, 20, d->reviewer2, sizeof d->reviewer2);
    store_copy_col(st, 21, d->signer, sizeof d->signer);
    store_copy_col(st, 22, d->publisher, sizeof d->publisher);
    store_copy_col(st, 23, d->created_at, sizeof d->created_at);
    store_copy_col(st, 24, d->updated_at, sizeof d->updated_at);
    d->withdrawn_on = col_day(st, 25);
    store_copy_col(st, 26, d->withdrawn_by, sizeof d->withdrawn_by);
    store_copy_col(st, 27, d->withdrawn_reason, sizeof d->withdrawn_reason);
    d->publicity_until = col_day(st, 28);
    d->corrects = db_col_int(st, 29);
    store_copy_col(st, 30, d->correction_note, sizeof d->correction_note);
    d->corrected_on = col_day(st, 31);
    if (with_body)
        d->body = xstrdup(db_col_text(st, DOC_NCOLS));
}

static int load_channels(store_t *s, struct doc *d, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT channel FROM doc_channel WHERE doc_id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, d->id);
    d->channels = 0;
    while ((rc = db_step(st, e)) == 1)
        for (int c = 0; c < DOC_NCHANNELS; c++)
            if (strcmp(db_col_text(st, 0), doc_channels[c].key) == 0)
                d->channels |= 1u << c;
    return db_done(st, rc);
}

static int save_channels(store_t *s, const struct doc *d, bool fresh, err *e)
{
    int rc = fresh ? 0 : db_run(s->db, e, NULL, "DELETE FROM doc_channel WHERE doc_id = ?", "i", d->id);
    for (int c = 0; c < DOC_NCHANNELS && !rc; c++)
        if (d->channels & (1u << c))
            rc = db_run(s->db, e, NULL, "INSERT INTO doc_channel(doc_id, channel) VALUES (?, ?)", "is",
                        d->id, doc_channels[c].key);
    return rc;
}

int store_doc_get(store_t *s, int64_t agency_id, int64_t id, struct doc *out, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT " DOC_COLS ", body FROM doc WHERE id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st, e);
    if (rc == 1)
        store_doc_row(st, out, true);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == 0 || (agency_id && out->agency_id != agency_id)) {
        if (rc == 1)
            doc_clear(out);
        return err_set(e, GK_ENOTFOUND, "doc", "no document %lld", (long long)id);
    }
    if ((rc = load_channels(s, out, e)))
        doc_clear(out);   /* on an error the caller has nothing to free */
    return rc;
}

int store_doc_find(store_t *s, int64_t agency_id, const char *ref, int64_t *id, err *e)
{
    *id = 0;
    struct doc_docno dn;
    const char *key = ref;
    bool by_docno = doc_docno_parse(ref, &dn, NULL) == 0;
    if (by_docno)
        key = dn.canonical;
    return db_query_int(s->db, e, id,
                        by_docno ? "SELECT id FROM doc WHERE agency_id = ? AND docno = ? ORDER BY id LIMIT 1"
                                 : "SELECT id FROM doc WHERE agency_id = ? AND index_no = ? ORDER BY id LIMIT 1",
                        "is", agency_id, key);
}

/* The columns a row is written with, in the order bind_fields binds them;
 * an insert adds the agency and the creation time, an update the id. */
static const char doc_insert_sql[] =
    "INSERT INTO doc(index_no, title, docno, docno_issuer, docno_year, docno_serial, issuer, written, published, "
    "category, genre, item, state, repealed_on, repealed_by, repealed_by_docno, expires_on, interprets, "
    "recipient_list, body, author, reviewer1, reviewer2, signer, publisher, withdrawn_on, withdrawn_by, "
    "withdrawn_reason, publicity_until, corrects, correction_note, corrected_on, updated_at, agency_id, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "RETURNING id";
static const char doc_update_sql[] =
    "UPDATE doc SET index_no = ?, title = ?, docno = ?, docno_issuer = ?, docno_year = ?, docno_serial = ?, "
    "issuer = ?, written = ?, published = ?, category = ?, genre = ?, item = ?, state = ?, repealed_on = ?, "
    "repealed_by = ?, repealed_by_docno = ?, expires_on = ?, interprets = ?, recipient_list = ?, body = ?, "
    "author = ?, reviewer1 = ?, reviewer2 = ?, signer = ?, publisher = ?, withdrawn_on = ?, withdrawn_by = ?, "
    "withdrawn_reason = ?, publicity_until = ?, corrects = ?, correction_note = ?, corrected_on = ?, "
    "updated_at = ? WHERE id = ?";

/* Binds the columns both statements share, from 1 (the 文号's parts parsed
 * from d->docno); returns the next index. */
static int bind_fields(db_stmt *st, const struct doc *d, const char *now)
{
    struct doc_docno dn = {0};
    if (d->docno[0])
        doc_docno_parse(d->docno, &dn, NULL);
    int i = 1;
    db_bind_text(st, i++, d->index_no[0] ? d->index_no : NULL);
    db_bind_text(st, i++, d->title);
    db_bind_text(st, i++, d->docno);
    db_bind_text(st, i++, dn.issuer);
    db_bind_int(st, i++, dn.year);
    db_bind_int(st, i++, dn.serial);
    db_bind_text(st, i++, d->issuer);
    bind_day(st, i++, d->written);
    bind_day(st, i++, d->published);
    db_bind_text(st, i++, d->category);
    db_bind_text(st, i++, d->genre);
    db_bind_int(st, i++, d->item);
    db_bind_text(st, i++, doc_state_key(d->state));
    bind_day(st, i++, d->repealed_on);
    bind_id_or_null(st, i++, d->repealed_by);
    db_bind_text(st, i++, d->repealed_by_docno);
    bind_day(st, i++, d->expires_on);
    bind_id_or_null(st, i++, d->interprets);
    db_bind_int(st, i++, d->recipient_list ? 1 : 0);
    db_bind_text(st, i++, d->body ? d->body : "");
    db_bind_text(st, i++, d->author);
    db_bind_text(st, i++, d->reviewer1);
    db_bind_text(st, i++, d->reviewer2);
    db_bind_text(st, i++, d->signer);
    db_bind_text(st, i++, d->publisher);
    bind_day(st, i++, d->withdrawn_on);
    db_bind_text(st, i++, d->withdrawn_by);
    db_bind_text(st, i++, d->withdrawn_reason);
    bind_day(st, i++, d->publicity_until);
    bind_id_or_null(st, i++, d->corrects);
    db_bind_text(st, i++, d->correction_note);
    bind_day(st, i++, d->corrected_on);
    db_bind_text(st, i++, now);
    return i;
}

/* The row itself: an UPDATE of d->id, or (insert) a new row whose id goes
 * to d->id with its creation time. */
static int write_fields(store_t *s, struct doc *d, bool insert, const char *now, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, insert ? doc_insert_sql : doc_update_sql, &st, e);
    if (rc)
        return rc;
    int i = bind_fields(st, d, now);
    if (insert) {
        db_bind_int(st, i++, d->agency_id);
        db_bind_text(st, i++, now);
    } else {
        db_bind_int(st, i++, d->id);
    }
    rc = db_step(st, e);
    if (rc == 1 && insert) {
        d->id = db_col_int(st, 0);
        snprintf(d->created_at, sizeof d->created_at, "%s", now);
        rc = db_step(st, e);   /* completes the statement */
    }
    return db_done(st, rc);
}

/* Writes every column of d: an UPDATE of the row d->id, or (insert) a new
 * row whose id goes to d->id. Then its channels and its search index entry. */
static int doc_write_row(store_t *s, struct doc *d, bool insert, err *e)
{
    char now[32];
    store_now(now);
    /* PostgreSQL keeps no copy of the indexed text: what the counts of
     * frequent strings took from this document is read before it changes */
    struct store_doc_prior prior = {0};
    int rc = insert ? 0 : store_doc_index_prior(s, d->id, &prior, e);
    if (rc)
        return rc;
    rc = write_fields(s, d, insert, now, e);
    if (!rc) {
        snprintf(d->updated_at, sizeof d->updated_at, "%s", now);
        rc = save_channels(s, d, insert, e);
    }
    if (!rc)
        rc = store_doc_fts_sync(s, d, insert, &prior, e);
    store_doc_prior_free(&prior);
    return rc < 0 ? rc : 0;
}

int store_doc_update_row(store_t *s, struct doc *d, err *e) { return doc_write_row(s, d, false, e); }

/* ---- index numbers ---- */

int store_doc_index_taken(store_t *s, int64_t agency_id, const char *index_no, bool *taken, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT 1 FROM doc WHERE agency_id = ? AND index_no = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, index_no);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *taken = rc == 1;
    return 0;
}

/* Makes the agency's serial for `year` at least `serial` (an imported index
 * number of the agency's own pattern), so new numbers continue after it. */
int store_doc_serial_at_least(store_t *s, int64_t agency_id, int year, int64_t serial, err *e)
{
    return db_run(s->db, e, NULL,
                  "INSERT INTO doc_serial(agency_id, year, last) VALUES (?, ?, ?) "
                  "ON CONFLICT (agency_id, year) DO UPDATE SET last = "
                  "CASE WHEN excluded.last > doc_serial.last THEN excluded.last ELSE doc_serial.last END",
                  "iIi", agency_id, year, serial);
}

int store_doc_assign_index(store_t *s, struct doc *d, err *e)
{
    if (d->index_no[0])
        return 0;
    struct store_agency ag;
    int rc = store_agency_by_id(s, d->agency_id, &ag, e);
    if (rc)
        return rc;
    int year, m, dd;
    date_to_ymd(d->written != DOC_NODAY ? d->written : date_today(), &year, &m, &dd);
    /* a number given by an import may sit where the counter points: skip it */
    for (int tries = 0; tries < 1000; tries++) {
        int64_t serial;
        rc = db_run(s->db, e, &serial,
                    "INSERT INTO doc_serial(agency_id, year, last) VALUES (?, ?, 1) "
                    "ON CONFLICT (agency_id, year) DO UPDATE SET last = doc_serial.last + 1 RETURNING last",
                    "iI", d->agency_id, year);
        if (rc)
            return rc;
        char idx[128];
        if ((rc = doc_index_format(ag.index_pattern, ag.org_code, year, serial, idx, sizeof idx, e)))
            return rc;
        bool taken;
        if ((rc = store_doc_index_taken(s, d->agency_id, idx, &taken, e)))
            return rc;
        if (!taken) {
            snprintf(d->index_no, sizeof d->index_no, "%s", idx);
            return 0;
        }
    }
    return err_set(e, GK_ESTATE, "index number", "no free index number for %d", year);
}

/* ---- limits the agency sets ---- */

static int setting_whole(store_t *s, int64_t agency_id, const char *key, int64_t def, int64_t *out, err *e)
{
    buf v;
    buf_init(&v);
    int rc = store_setting_get(s, agency_id, key, &v, e);
    *out = def;
    if (rc == GK_ENOTFOUND)
        rc = 0;
    else if (!rc && (!v.data || !parse_i64(v.data, v.len, out) || *out <= 0))
        rc = err_set(e, GK_EINVAL, key, "the setting is not a whole number from 1 ('%s')", v.data ? v.data : "");
    buf_free(&v);
    return rc;
}

int store_doc_body_max(store_t *s, int64_t agency_id, int64_t *out, err *e)
{
    return setting_whole(s, agency_id, "doc.body_max_chars", DOC_BODY_MAX_CHARS, out, e);
}

int store_doc_attachment_max(store_t *s, int64_t agency_id, size_t *out, err *e)
{
    int64_t mb;
    int rc = setting_whole(s, agency_id, "doc.attachment_max_mb", DOC_ATTACHMENT_MAX_MB, &mb, e);
    *out = (size_t)mb << 20 > FILES_MAX_INPUT ? FILES_MAX_INPUT : (size_t)mb << 20;   /* what src/files/ reads */
    return rc;
}

/* doc_validate with the agency's body limit */
int store_doc_validate(store_t *s, const struct doc *d, gk_day today, err *e)
{
    int64_t body_max;
    int rc = store_doc_body_max(s, d->agency_id, &body_max, e);
    return rc ? rc : doc_validate(d, today, body_max, e);
}

/* ---- adding ---- */

int store_doc_add_one(store_t *s, struct doc *d, const char *actor, const char *action, const doc_words *words,
                      int *found, err *e)
{
    if (d->interprets && !d->genre[0])
        snprintf(d->genre, sizeof d->genre, "%s", DOC_GENRE_INTERPRETATION);
    if (!d->recipient_list && doc_is_recipient_list(d->title))
        d->recipient_list = true;
    store_doc_mask_if_list(d);
    int rc = store_doc_validate(s, d, date_today(), e);
    if (rc)
        return rc;
    if (!d->author[0])
        snprintf(d->author, sizeof d->author, "%s", actor && *actor ? actor : "system");
    if (d->state == DOC_PUBLISHED) {
        if (d->published == DOC_NODAY)
            return err_set(e, GK_EINVAL, "published", "a published document needs its publication date");
        if (!d->channels)
            d->channels = 1u << DOC_CH_WEBSITE;
        if (!d->publisher[0])
            snprintf(d->publisher, sizeof d->publisher, "%s", actor && *actor ? actor : "system");
    } else if (d->state != DOC_DRAFT) {
        return err_set(e, GK_EINVAL, "state", "a new document is a draft or, when imported, published");
    }
    d->id = 0;
    if ((rc = store_doc_check_interprets(s, d, e)))
        return rc;
    if (d->state == DOC_PUBLISHED && (rc = store_doc_assign_index(s, d, e)))
        return rc;
    if ((rc = doc_write_row(s, d, true, e)))
        return rc;
    if ((rc = store_doc_screen(s, d, words, found, e)))
        return rc;
    buf after;
    buf_init(&after);
    store_doc_json(d, &after);
    rc = store_audit_add(s, d->agency_id, actor, "document", d->id, action, NULL, after.data, e);
    buf_free(&after);
    return rc;
}

int store_doc_add(store_t *s, struct doc *d, const char *actor, err *e)
{
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (d->index_no[0]) {
        bool taken;
        if ((rc = store_doc_index_taken(s, d->agency_id, d->index_no, &taken, e)) == 0 && taken)
            rc = err_set(e, GK_EINVAL, "index_no", "index number %s is taken already", d->index_no);
    }
    /* withdrawal and correction come only from their workflow steps */
    d->withdrawn_on = DOC_NODAY;
    d->withdrawn_by[0] = d->withdrawn_reason[0] = 0;
    d->corrects = 0;
    d->corrected_on = DOC_NODAY;
    d->correction_note[0] = 0;
    if (!rc)
        rc = store_doc_add_one(s, d, actor, "add", NULL, NULL, e);
    if (rc) {
        store_rollback(s);
        d->id = 0;
        return rc;
    }
    return store_commit(s, e);
}

/* ---- listing ---- */

struct doc_each { int (*fn)(const struct doc *, void *); void *arg; };

static int doc_each_row(db_stmt *st, void *arg)
{
    const struct doc_each *x = arg;
    struct doc d;
    store_doc_row(st, &d, false);
    int stop = x->fn(&d, x->arg);
    doc_clear(&d);
    return stop ? 1 : 0;
}

/* The words of a list's search as a LIKE pattern: a substring, with %, _
 * and the escape character itself taken literally. */
static void like_pattern(const char *q, buf *like)
{
    buf_putc(like, '%');
    for (const char *p = q; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '!')
            buf_putc(like, '!');
        buf_putc(like, *p);
    }
    buf_putc(like, '%');
}

int store_doc_list(store_t *s, const struct store_doc_filter *f,
                   int (*fn)(const struct doc *, void *), void *arg, err *e)
{
    struct db_q q;
    db_q_init(&q, "");
    db_q_int(&q, "SELECT " DOC_COLS " FROM doc WHERE agency_id = ?", f->agency_id);
    if (f->state >= 0)
        db_q_text(&q, " AND state = ?", doc_state_key(f->state));
    if (f->year) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%04d-01-01", f->year);
        snprintf(b, sizeof b, "%04d-12-31", f->year);
        db_q_text(&q, " AND written >= ?", a);
        db_q_text(&q, " AND written <= ?", b);
    }
    if (f->interprets)
        db_q_int(&q, " AND interprets = ?", f->interprets);
    if (f->corrects)
        db_q_int(&q, " AND corrects = ?", f->corrects);
    if (f->category && *f->category)
        db_q_text(&q, " AND category = ?", f->category);
    if (f->author && *f->author)
        db_q_text(&q, " AND author = ?", f->author);
    if (f->q && *f->q) {
        buf like;
        buf_init(&like);
        like_pattern(f->q, &like);
        db_q_text(&q, " AND (title LIKE ? ESCAPE '!'", like.data);
        db_q_text(&q, " OR docno LIKE ? ESCAPE '!'", like.data);
        db_q_text(&q, " OR index_no LIKE ? ESCAPE '!'", like.data);
        db_q_text(&q, " OR body LIKE ? ESCAPE '!')", like.data);
        buf_free(&like);
    }
    db_q_int(&q, " ORDER BY CASE WHEN published IS NULL THEN 0 ELSE 1 END, published DESC, id DESC LIMIT ?",
             f->limit > 0 ? f->limit : 100);
    db_q_int(&q, " OFFSET ?", f->offset > 0 ? f->offset : 0);
    struct doc_each x = {fn, arg};
    return db_q_each(s->db, e, &q, doc_each_row, &x);
}

/* ---- versions (更正) ---- */

struct version_each { int (*fn)(const struct store_doc_version *, void *); void *arg; };

static int version_row(db_stmt *st, void *arg)
{
    const struct version_each *x = arg;
    struct store_doc_version v = {0};
    v.version = db_col_int(st, 0);
    store_copy_col(st, 1, v.title, sizeof v.title);
    store_copy_col(st, 2, v.docno, sizeof v.docno);
    store_copy_col(st, 3, v.issuer, sizeof v.issuer);
    store_copy_col(st, 4, v.written, sizeof v.written);
    store_copy_col(st, 5, v.published, sizeof v.published);
    store_copy_col(st, 6, v.corrected_on, sizeof v.corrected_on);
    store_copy_col(st, 7, v.replaced_on, sizeof v.replaced_on);
    store_copy_col(st, 8, v.replaced_by, sizeof v.replaced_by);
    v.body = xstrdup(db_col_text(st, 9));
    v.correction_note = xstrdup(db_col_text(st, 10));
    v.attachments = xstrdup(db_col_text(st, 11));
    int stop = x->fn(&v, x->arg);
    free(v.body);
    free(v.correction_note);
    free(v.attachments);
    return stop;
}

int store_doc_versions(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_version *, void *), void *arg,
                       err *e)
{
    struct version_each x = {fn, arg};
    return db_collect(s->db, e, version_row, &x,
                      "SELECT version, title, docno, issuer, written, COALESCE(published, ''), "
                      "COALESCE(corrected_on, ''), replaced_on, replaced_by, body, correction_note, attachments "
                      "FROM doc_version WHERE doc_id = ? ORDER BY version",
                      "i", doc_id);
}
