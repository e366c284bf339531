/* store — documents (主动公开): the catalogue, the review workflow's steps,
 * screening hits, comments, attachments, the catalogue import, the yearly
 * figures and table 二. What is allowed is decided by src/publish/; this file
 * loads, asks, and persists with the audit trail. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "files/files.h"
#include "publish/channel.h"
#include "report/report.h"
#include "store/doc_internal.h"

/* ---- small helpers ---- */

static const char *day_or_null(gk_day d, char out[11])
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
    db_bind_text(st, idx, day_or_null(d, b));
}

static void bind_id_or_null(db_stmt *st, int idx, int64_t id)
{
    if (id)
        db_bind_int(st, idx, id);
    else
        db_bind_null(st, idx);
}

static void doc_json(const struct doc *d, buf *b)
{
    buf_reset(b);
    doc_to_json(d, false, b);
}

#define DOC_COLS                                                                                   \
    "id, agency_id, COALESCE(index_no, ''), title, docno, issuer, written, published, category, "  \
    "genre, item, state, repealed_on, COALESCE(repealed_by, 0), repealed_by_docno, expires_on, "   \
    "COALESCE(interprets, 0), recipient_list, author, reviewer1, reviewer2, signer, publisher, "   \
    "created_at, updated_at, withdrawn_on, withdrawn_by, withdrawn_reason, publicity_until, "      \
    "COALESCE(corrects, 0), correction_note, corrected_on"
#define DOC_NCOLS 32

/* Reads a row of DOC_COLS (+ body at column DOC_NCOLS when with_body). */
static void doc_row(db_stmt *st, struct doc *d, bool with_body)
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
        doc_row(st, out, true);
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
    db_stmt *st;
    int rc = db_prepare(s->db,
                        by_docno ? "SELECT id FROM doc WHERE agency_id = ? AND docno = ? ORDER BY id LIMIT 1"
                                 : "SELECT id FROM doc WHERE agency_id = ? AND index_no = ? ORDER BY id LIMIT 1",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, key);
    rc = db_step(st, e);
    if (rc == 1)
        *id = db_col_int(st, 0);
    return db_done(st, rc);
}

/* Writes every column of d: an UPDATE of the row d->id, or (insert) a new
 * row whose id goes to d->id. Then its channels and its search index entry. */
static int doc_write_row(store_t *s, struct doc *d, bool insert, err *e)
{
    struct doc_docno dn = {0};
    if (d->docno[0])
        doc_docno_parse(d->docno, &dn, NULL);
    char now[32];
    store_now(now);
    /* PostgreSQL keeps no copy of the indexed text: what the counts of
     * frequent strings took from this document is read before it changes */
    struct store_doc_prior prior = {0};
    int rc = insert ? 0 : store_doc_index_prior(s, d->id, &prior, e);
    if (rc)
        return rc;
    db_stmt *st;
    rc = db_prepare(s->db,
                        insert ? "INSERT INTO doc(index_no, title, docno, docno_issuer, docno_year, docno_serial, "
                                 "issuer, written, published, category, genre, item, state, repealed_on, "
                                 "repealed_by, repealed_by_docno, expires_on, interprets, recipient_list, body, "
                                 "author, reviewer1, reviewer2, signer, publisher, withdrawn_on, withdrawn_by, "
                                 "withdrawn_reason, publicity_until, corrects, correction_note, corrected_on, "
                                 "updated_at, agency_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
                               : "UPDATE doc SET index_no = ?, title = ?, docno = ?, docno_issuer = ?, "
                                 "docno_year = ?, docno_serial = ?, issuer = ?, written = ?, published = ?, "
                                 "category = ?, genre = ?, item = ?, state = ?, repealed_on = ?, repealed_by = ?, "
                                 "repealed_by_docno = ?, expires_on = ?, interprets = ?, recipient_list = ?, "
                                 "body = ?, author = ?, reviewer1 = ?, reviewer2 = ?, signer = ?, publisher = ?, "
                                 "withdrawn_on = ?, withdrawn_by = ?, withdrawn_reason = ?, publicity_until = ?, "
                                 "corrects = ?, correction_note = ?, corrected_on = ?, updated_at = ? WHERE id = ?",
                        &st, e);
    if (rc) {
        store_doc_prior_free(&prior);
        return rc;
    }
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
    db_finalize(st);
    if (rc >= 0) {
        snprintf(d->updated_at, sizeof d->updated_at, "%s", now);
        rc = save_channels(s, d, insert, e);
    }
    if (rc >= 0)
        rc = store_doc_fts_sync(s, d, insert, &prior, e);
    store_doc_prior_free(&prior);
    return rc < 0 ? rc : 0;
}

static int doc_update_row(store_t *s, struct doc *d, err *e) { return doc_write_row(s, d, false, e); }

/* ---- index numbers ---- */

static int index_taken(store_t *s, int64_t agency_id, const char *index_no, bool *taken, err *e)
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
static int serial_at_least(store_t *s, int64_t agency_id, int year, int64_t serial, err *e)
{
    return db_run(s->db, e, NULL,
                  "INSERT INTO doc_serial(agency_id, year, last) VALUES (?, ?, ?) "
                  "ON CONFLICT (agency_id, year) DO UPDATE SET last = "
                  "CASE WHEN excluded.last > doc_serial.last THEN excluded.last ELSE doc_serial.last END",
                  "iIi", agency_id, year, serial);
}

static int assign_index(store_t *s, struct doc *d, err *e)
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
        if ((rc = index_taken(s, d->agency_id, idx, &taken, e)))
            return rc;
        if (!taken) {
            snprintf(d->index_no, sizeof d->index_no, "%s", idx);
            return 0;
        }
    }
    return err_set(e, GK_ESTATE, "index number", "no free index number for %d", year);
}

/* ---- screening ---- */

int store_doc_words_text(store_t *s, int64_t agency_id, buf *out, bool *is_default, err *e)
{
    int rc = store_setting_get(s, agency_id, "publish.sensitive_words", out, e);
    if (rc == 0) {
        if (is_default)
            *is_default = false;
        return 0;
    }
    if (rc != GK_ENOTFOUND)
        return rc;
    size_t n;
    const char *t = doc_words_default_text(&n);
    buf_append(out, t, n);
    if (is_default)
        *is_default = true;
    return 0;
}

int store_doc_words(store_t *s, int64_t agency_id, doc_words **out, err *e)
{
    buf b;
    buf_init(&b);
    int rc = store_doc_words_text(s, agency_id, &b, NULL, e);
    if (!rc)
        rc = doc_words_load(b.data ? b.data : "", b.len, out, e);
    buf_free(&b);
    return rc;
}

int store_doc_words_set(store_t *s, int64_t agency_id, const char *text, const char *actor, err *e)
{
    int rc;
    if (text) {
        doc_words *w;
        if ((rc = doc_words_load(text, strlen(text), &w, e)))
            return rc;
        doc_words_free(w);
    }
    if ((rc = store_begin(s, e)))
        return rc;
    if (text)
        rc = store_setting_set(s, agency_id, "publish.sensitive_words", text, e);
    else
        rc = db_run(s->db, e, NULL, "DELETE FROM setting WHERE agency_id = ? AND key = ?", "is", agency_id,
                    "publish.sensitive_words");
    if (!rc)
        rc = store_audit_add(s, agency_id, actor, "setting", 0, text ? "sensitive_words.set" : "sensitive_words.reset",
                             NULL, NULL, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

/* Records a new screening of one source of a document. A hit found again
 * (same kind and text) keeps its row, id and status (a cleared hit stays
 * cleared); one no longer found becomes 'fixed'; a new one is open. Ids are
 * never reused, so a reviewer's clearance always lands on the hit they saw. */
static int hits_replace(store_t *s, int64_t doc_id, const char *source, const struct doc_hit *h, size_t n,
                        err *e)
{
    struct old { int64_t id; int kind; char found[128]; bool used; } *old = NULL;
    size_t nold = 0;
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, kind, found FROM doc_hit WHERE doc_id = ? AND source = ? AND status <> 'fixed' "
                        "ORDER BY byte_off, id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, doc_id);
    db_bind_text(st, 2, source);
    while ((rc = db_step(st, e)) == 1) {
        old = xrealloc(old, (nold + 1) * sizeof *old);
        struct old *o = &old[nold++];
        o->id = db_col_int(st, 0);
        o->kind = -1;
        for (int k = 0; k < DOC_NHITKINDS; k++)
            if (strcmp(db_col_text(st, 1), doc_hit_kind_key(k)) == 0)
                o->kind = k;
        store_copy_col(st, 2, o->found, sizeof o->found);
        o->used = false;
    }
    db_finalize(st);
    for (size_t i = 0; i < n && rc >= 0; i++) {
        struct old *was = NULL;
        for (size_t k = 0; k < nold && !was; k++)
            if (!old[k].used && old[k].kind == (int)h[i].kind && strcmp(old[k].found, h[i].match) == 0)
                was = &old[k];
        if (was) {
            was->used = true;
            rc = db_run(s->db, e, NULL, "UPDATE doc_hit SET byte_off = ?, char_off = ?, excerpt = ? WHERE id = ?",
                        "iisi", (int64_t)h[i].off, (int64_t)h[i].char_off, h[i].excerpt, was->id);
        } else {
            rc = db_run(s->db, e, NULL,
                        "INSERT INTO doc_hit(doc_id, source, kind, byte_off, char_off, found, excerpt, status) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, 'open')",
                        "issiiss", doc_id, source, doc_hit_kind_key(h[i].kind), (int64_t)h[i].off,
                        (int64_t)h[i].char_off, h[i].match, h[i].excerpt);
        }
    }
    for (size_t k = 0; k < nold && rc >= 0; k++)
        if (!old[k].used)
            rc = db_run(s->db, e, NULL, "UPDATE doc_hit SET status = 'fixed' WHERE id = ?", "i", old[k].id);
    free(old);
    return rc < 0 ? rc : 0;
}

/* Screens the body and the text of every attachment that gongkai reads
 * (src/files); *found gets the number of hits. */
static int screen_doc(store_t *s, const struct doc *d, const doc_words *words, int *found, err *e)
{
    doc_words *own = NULL;
    const doc_words *w = words;
    int rc;
    if (!w) {
        if ((rc = store_doc_words(s, d->agency_id, &own, e)))
            return rc;
        w = own;
    }
    struct doc_hit *h;
    size_t n;
    const char *body = d->body ? d->body : "";
    doc_screen(body, strlen(body), w, &h, &n);
    rc = hits_replace(s, d->id, "body", h, n, e);
    free(h);
    int total = (int)n;
    struct store_doc_attachment *att = NULL;
    size_t na = 0;
    if (!rc)
        rc = store_doc_attachments(s, d->id, &att, &na, e);
    for (size_t i = 0; i < na && !rc; i++) {
        buf b;
        buf_init(&b);
        rc = store_doc_blob(s, att[i].sha256, &b, e);
        buf text;
        buf_init(&text);
        struct files_info fi;
        err fe;
        /* what was read when it was attached reads the same now; a file that
         * does not (stored before gongkai read every format) stays unread */
        if (!rc && files_text(att[i].name, b.data ? b.data : "", b.len, &text, &fi, &fe) == 0 &&
            fi.state == FILES_READ) {
            doc_screen(text.data, text.len, w, &h, &n);
            rc = hits_replace(s, d->id, att[i].name, h, n, e);
            total += (int)n;
            free(h);
        }
        buf_free(&text);
        buf_free(&b);
    }
    free(att);
    doc_words_free(own);
    if (found)
        *found = total;
    return rc;
}

/* *n = the count a "SELECT COUNT(*) ... WHERE ... = ?" query gives for one
 * document (read within the caller's transaction, if any; never opens one). */
static int count_for_doc(store_t *s, const char *sql, int64_t doc_id, int *n, err *e)
{
    int64_t v = 0;
    int rc = db_query_int(s->db, e, &v, sql, "i", doc_id);
    *n = (int)v;
    return rc;
}

static int open_hits(store_t *s, int64_t doc_id, int *n, err *e)
{
    return count_for_doc(s, "SELECT COUNT(*) FROM doc_hit WHERE doc_id = ? AND status = 'open'", doc_id, n, e);
}

/* A recipient list's body is masked whenever it is stored. */
static void mask_if_list(struct doc *d)
{
    if (!d->recipient_list || !d->body || !*d->body)
        return;
    buf m;
    buf_init(&m);
    struct doc_mask_stats st;
    doc_mask_list(d->body, strlen(d->body), &m, &st);
    free(d->body);
    d->body = buf_detach(&m);
}

/* An interpretation points at a document of the same agency that is not an
 * interpretation itself. */
static int check_interprets(store_t *s, const struct doc *d, err *e)
{
    if (!d->interprets)
        return 0;
    if (d->interprets == d->id)
        return err_set(e, GK_EINVAL, "interprets", "a document cannot interpret itself");
    struct doc p;
    int rc = store_doc_get(s, d->agency_id, d->interprets, &p, e);
    if (rc == GK_ENOTFOUND)
        return err_set(e, GK_EINVAL, "interprets", "the policy %lld is not a document of this agency",
                       (long long)d->interprets);
    if (rc)
        return rc;
    bool bad = strcmp(p.genre, DOC_GENRE_INTERPRETATION) == 0;
    doc_clear(&p);
    if (bad)
        return err_set(e, GK_EINVAL, "interprets", "document %lld is an interpretation itself, not a policy",
                       (long long)d->interprets);
    if (strcmp(d->genre, DOC_GENRE_INTERPRETATION) != 0)
        return err_set(e, GK_EINVAL, "interprets", "only a 政策解读 interprets a policy (the genre is '%s')",
                       d->genre);
    return 0;
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
static int validate(store_t *s, const struct doc *d, gk_day today, err *e)
{
    int64_t body_max;
    int rc = store_doc_body_max(s, d->agency_id, &body_max, e);
    return rc ? rc : doc_validate(d, today, body_max, e);
}

/* ---- adding ---- */

static int add_one(store_t *s, struct doc *d, const char *actor, const char *action, const doc_words *words,
                   int *found, err *e)
{
    if (d->interprets && !d->genre[0])
        snprintf(d->genre, sizeof d->genre, "%s", DOC_GENRE_INTERPRETATION);
    if (!d->recipient_list && doc_is_recipient_list(d->title))
        d->recipient_list = true;
    mask_if_list(d);
    int rc = validate(s, d, date_today(), e);
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
    if ((rc = check_interprets(s, d, e)))
        return rc;
    if (d->state == DOC_PUBLISHED && (rc = assign_index(s, d, e)))
        return rc;
    if ((rc = doc_write_row(s, d, true, e)))
        return rc;
    if ((rc = screen_doc(s, d, words, found, e)))
        return rc;
    buf after;
    buf_init(&after);
    doc_json(d, &after);
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
        if ((rc = index_taken(s, d->agency_id, d->index_no, &taken, e)) == 0 && taken)
            rc = err_set(e, GK_EINVAL, "index_no", "index number %s is taken already", d->index_no);
    }
    /* withdrawal and correction come only from their workflow steps */
    d->withdrawn_on = DOC_NODAY;
    d->withdrawn_by[0] = d->withdrawn_reason[0] = 0;
    d->corrects = 0;
    d->corrected_on = DOC_NODAY;
    d->correction_note[0] = 0;
    if (!rc)
        rc = add_one(s, d, actor, "add", NULL, NULL, e);
    if (rc) {
        store_rollback(s);
        d->id = 0;
        return rc;
    }
    return store_commit(s, e);
}

/* ---- workflow steps ---- */

static int add_comment(store_t *s, int64_t doc_id, const char *actor, int role, int action, const char *text,
                       err *e)
{
    char now[32];
    store_now(now);
    return db_run(s->db, e, NULL,
                  "INSERT INTO doc_comment(doc_id, at, actor, role, action, text) VALUES (?, ?, ?, ?, ?, ?)",
                  "isssss", doc_id, now, actor, doc_role_key(role), doc_action_key(action), text);
}

static int clear_hit(store_t *s, int64_t doc_id, int64_t hit_id, const char *actor, const char *note, buf *info,
                     err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT status, kind, source FROM doc_hit WHERE id = ? AND doc_id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, hit_id);
    db_bind_int(st, 2, doc_id);
    rc = db_step(st, e);
    bool open = rc == 1 && strcmp(db_col_text(st, 0), "open") == 0;
    if (rc == 1) {
        buf_printf(info, "{\"hit\":%lld,\"kind\":", (long long)hit_id);
        buf_json_str(info, db_col_text(st, 1));
        buf_puts(info, ",\"source\":");
        buf_json_str(info, db_col_text(st, 2));
        buf_puts(info, ",\"note\":");
        buf_json_str(info, note);
        buf_putc(info, '}');
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return err_set(e, GK_ENOTFOUND, "hit", "document %lld has no screening hit %lld", (long long)doc_id,
                       (long long)hit_id);
    if (!open)
        return err_set(e, GK_ESTATE, "hit", "screening hit %lld is not open (cleared already, or the text no longer holds it)",
                       (long long)hit_id);
    char now[32];
    store_now(now);
    return db_run(s->db, e, NULL,
                  "UPDATE doc_hit SET status = 'cleared', cleared_by = ?, cleared_at = ?, note = ? WHERE id = ?",
                  "sssi", actor, now, note, hit_id);
}

/* Applies an edit's fields onto d (which keeps its identity and workflow). */
static int apply_edit(store_t *s, struct doc *d, const struct doc *f, err *e)
{
    snprintf(d->title, sizeof d->title, "%s", f->title);
    d->docno[0] = 0;
    if (f->docno[0]) {
        struct doc_docno dn;
        int rc = doc_docno_parse(f->docno, &dn, e);
        if (rc)
            return rc;
        snprintf(d->docno, sizeof d->docno, "%s", dn.canonical);
    }
    snprintf(d->issuer, sizeof d->issuer, "%s", f->issuer);
    d->written = f->written;
    snprintf(d->category, sizeof d->category, "%s", f->category);
    snprintf(d->genre, sizeof d->genre, "%s", f->genre);
    d->item = f->item;
    d->interprets = f->interprets;
    d->expires_on = f->expires_on;
    d->publicity_until = f->publicity_until;
    d->recipient_list = f->recipient_list || doc_is_recipient_list(f->title);
    free(d->body);
    d->body = xstrdup(f->body ? f->body : "");
    if (d->interprets && !d->genre[0])
        snprintf(d->genre, sizeof d->genre, "%s", DOC_GENRE_INTERPRETATION);
    mask_if_list(d);
    return check_interprets(s, d, e);
}

/* Whether an attachment is published only with a reviewer's confirmation:
 * its text was not read, or it belongs to a recipient list and is not
 * gongkai's masked copy (attached before the document became a list, or in
 * a format gongkai cannot mask). */
static bool needs_confirm(const struct doc *d, const struct store_doc_attachment *a)
{
    enum files_state fs;
    if (files_state_parse(a->text_state, &fs))
        return true;
    return files_state_needs_confirm(fs) || (d->recipient_list && fs == FILES_READ);
}

/* Counts the attachments that need a confirmation and have none, taking
 * the names in st->confirm as confirmed; a name there that is not such an
 * attachment is refused. first gets the first pending name. */
static int pending_files(store_t *s, const struct doc *d, const struct store_doc_step *st, int *n,
                         char *first, size_t firstsz, err *e)
{
    struct store_doc_attachment *a = NULL;
    size_t na = 0;
    int rc = store_doc_attachments(s, d->id, &a, &na, e);
    *n = 0;
    first[0] = 0;
    for (int k = 0; k < st->nconfirm && !rc; k++) {
        size_t i = 0;
        while (i < na && strcmp(a[i].name, st->confirm[k]) != 0)
            i++;
        if (i == na)
            rc = err_set(e, GK_EINVAL, "confirm", "document %lld has no attachment '%s'", (long long)d->id,
                         st->confirm[k]);
        else if (!needs_confirm(d, &a[i]))
            rc = err_set(e, GK_EINVAL, "confirm", "'%s' was read%s by gongkai: there is nothing to confirm",
                         st->confirm[k], strcmp(a[i].text_state, "masked") == 0 ? " and masked" : "");
    }
    for (size_t i = 0; i < na && !rc; i++) {
        bool named = false;
        for (int k = 0; k < st->nconfirm; k++)
            named |= strcmp(a[i].name, st->confirm[k]) == 0;
        if (needs_confirm(d, &a[i]) && !a[i].confirmed_by[0] && !named && (*n)++ == 0)
            snprintf(first, firstsz, "%s", a[i].name);
    }
    free(a);
    return rc;
}

/* Records the confirmations of st->confirm (checked by pending_files). */
static int confirm_files(store_t *s, const struct doc *d, const struct store_doc_step *st, const char *actor,
                         err *e)
{
    char now[32];
    store_now(now);
    int rc = 0;
    for (int k = 0; k < st->nconfirm && !rc; k++) {
        rc = db_run(s->db, e, NULL,
                    "UPDATE doc_attachment SET confirmed_by = ?, confirmed_at = ? WHERE doc_id = ? AND name = ?",
                    "ssis", actor, now, d->id, st->confirm[k]);
        buf a;
        buf_init(&a);
        buf_puts(&a, "{\"name\":");
        buf_json_str(&a, st->confirm[k]);
        buf_puts(&a, ",\"confirmed\":\"published although gongkai did not read or mask its text\"}");
        if (!rc)
            rc = store_audit_add(s, d->agency_id, actor, "document", d->id, "attach.confirm", NULL, a.data, e);
        buf_free(&a);
    }
    return rc;
}

/* How many correction drafts of a document are in the chain. */
static int open_corrections(store_t *s, int64_t doc_id, int *n, err *e)
{
    return count_for_doc(s, "SELECT COUNT(*) FROM doc WHERE corrects = ?", doc_id, n, e);
}

/* 更正, first step: a correction draft of the published document d, carrying
 * its attachments (the same content rows). Its id goes to out->created. */
static int correction_start(store_t *s, const struct doc *d, const struct store_doc_step *st,
                            struct store_doc_outcome *out, buf *info, err *e)
{
    struct doc c;
    int rc = doc_correction_start(d, st->comment, st->actor, &c, e);
    if (!rc && st->edit)   /* the corrected fields, given at once */
        rc = apply_edit(s, &c, st->edit, e);
    if (!rc)
        rc = add_one(s, &c, st->actor, "add.correction", NULL, NULL, e);
    if (!rc)
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO doc_attachment(doc_id, name, sha256, size, added_at, added_by, kind, text_state, "
                    "text_note) SELECT ?, name, sha256, size, added_at, added_by, kind, text_state, text_note "
                    "FROM doc_attachment WHERE doc_id = ?",   /* what was read; a confirmation is made again */
                    "ii", c.id, d->id);
    if (!rc) {
        out->created = c.id;
        buf_printf(info, "{\"correction\":%lld,\"note\":", (long long)c.id);
        buf_json_str(info, st->comment);
        buf_putc(info, '}');
    }
    doc_clear(&c);
    return rc;
}

/* The attachments of a document as JSON, for its version history. */
static int attachments_json(store_t *s, int64_t doc_id, buf *out, err *e)
{
    struct store_doc_attachment *a;
    size_t n;
    int rc = store_doc_attachments(s, doc_id, &a, &n, e);
    if (rc)
        return rc;
    buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
        buf_json_str(out, a[i].name);
        buf_printf(out, ",\"sha256\":\"%s\",\"size\":%lld}", a[i].sha256, (long long)a[i].size);
    }
    buf_putc(out, ']');
    free(a);
    return 0;
}

/* Keeps the text the public saw until now as the next version of its history. */
static int keep_version(store_t *s, const struct doc *t, const char *actor, err *e)
{
    buf att;
    buf_init(&att);
    int rc = attachments_json(s, t->id, &att, e);
    int64_t version = 0;
    if (!rc)
        rc = db_run(s->db, e, &version, "SELECT COALESCE(MAX(version), 0) + 1 FROM doc_version WHERE doc_id = ?",
                    "i", t->id);
    char now[32], w[11], p[11], c[11];
    store_now(now);
    if (!rc)
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO doc_version(doc_id, version, title, docno, issuer, written, published, body, "
                    "correction_note, corrected_on, attachments, replaced_on, replaced_by) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "iisssssssssss", t->id, version, t->title, t->docno, t->issuer, day_or_null(t->written, w),
                    day_or_null(t->published, p), t->body ? t->body : "", t->correction_note,
                    day_or_null(t->corrected_on, c), att.data, now, actor);
    buf_free(&att);
    return rc;
}

/* 更正, last step: the correction c (signed off) replaces the text of the
 * document it corrects, whose earlier version is kept; c's attachments,
 * comments and screening record move to the document and c's row goes. */
static int correction_publish(store_t *s, int64_t agency_id, struct doc *c, const struct store_doc_step *st,
                              struct store_doc_outcome *out, buf *bj, buf *aj, err *e)
{
    gk_day on = st->date != DOC_NODAY ? st->date : date_today();
    struct doc t;
    int rc = store_doc_get(s, agency_id, c->corrects, &t, e);
    if (rc)
        return rc;
    doc_json(&t, bj);
    if (!(rc = keep_version(s, &t, st->actor, e)) && !(rc = doc_correction_apply(&t, c, on, e)))
        mask_if_list(&t);   /* once more, whatever happened since */
    if (!rc && !(rc = validate(s, &t, date_today(), e)) && !(rc = doc_update_row(s, &t, e)))
        rc = db_run(s->db, e, NULL, "DELETE FROM doc_attachment WHERE doc_id = ?", "i", t.id);
    static const char *const moves[] = {
        "UPDATE doc_attachment SET doc_id = ? WHERE doc_id = ?", "UPDATE doc_comment SET doc_id = ? WHERE doc_id = ?",
        "UPDATE doc_hit SET doc_id = ? WHERE doc_id = ?", "UPDATE doc SET interprets = ? WHERE interprets = ?"};
    for (size_t i = 0; i < sizeof moves / sizeof moves[0] && !rc; i++)
        rc = db_run(s->db, e, NULL, moves[i], "ii", t.id, c->id);
    if (!rc)
        rc = db_run(s->db, e, NULL, "DELETE FROM doc_channel WHERE doc_id = ?", "i", c->id);
    if (!rc)
        rc = db_run(s->db, e, NULL, "DELETE FROM doc WHERE id = ?", "i", c->id);
    if (!rc) {
        doc_json(&t, aj);
        snprintf(out->index_no, sizeof out->index_no, "%s", t.index_no);
        out->created = t.id;
    }
    doc_clear(&t);
    return rc;
}

/* What the domain's step (doc_step_fields) needs from the catalogue: the
 * repealing document's 文号, the interpreted policy's public status. */
static int step_facts(store_t *s, int64_t agency_id, const struct doc *d, const struct store_doc_step *st,
                      struct doc_step_facts *f, err *e)
{
    int rc = 0;
    struct doc o;
    if (st->action == DOC_A_REPEAL && st->by_id) {
        rc = store_doc_get(s, agency_id, st->by_id, &o, e);
        if (rc == GK_ENOTFOUND) {
            err_clear(e);
            return 0;   /* by_found stays false: the domain says so */
        }
        if (rc)
            return rc;
        f->by_found = true;
        snprintf(f->by_docno_buf, sizeof f->by_docno_buf, "%s", o.docno);
        f->by_docno = f->by_docno_buf;
        doc_clear(&o);
    } else if (st->action == DOC_A_PUBLISH && d->interprets) {
        if ((rc = store_doc_get(s, agency_id, d->interprets, &o, e)))
            return rc;
        f->policy = doc_public_status(&o, f->today);
        doc_clear(&o);
    }
    return 0;
}

/* The store's part of a step, after the domain's: screening on submit and on
 * a reviewer's edit, the masked list, validation against the agency's
 * limits, the index number and the confirmed files on publication, hits
 * cleared, corrections started. */
static int step_keep(store_t *s, struct doc *d, const struct store_doc_step *st, struct store_doc_outcome *out,
                     buf *info, gk_day today, err *e)
{
    int rc;
    switch ((enum doc_action)st->action) {
    case DOC_A_SUBMIT:
        mask_if_list(d);
        return screen_doc(s, d, NULL, &out->hits_found, e);
    case DOC_A_CORRECT:
        return correction_start(s, d, st, out, info, e);
    case DOC_A_PUBLISH:
        mask_if_list(d);   /* once more, whatever happened since */
        if ((rc = store_doc_reg_may_publish(s, d->id, e)) ||   /* 主动公开 only (issue 18) */
            (rc = validate(s, d, today, e)) || (rc = assign_index(s, d, e)) ||
            (rc = confirm_files(s, d, st, st->actor ? st->actor : "", e)))
            return rc;
        snprintf(out->index_no, sizeof out->index_no, "%s", d->index_no);
        return 0;
    case DOC_A_EDIT:
        if (!st->edit)
            return err_set(e, GK_EINVAL, "edit", "nothing to change");
        if ((rc = apply_edit(s, d, st->edit, e)) || (rc = validate(s, d, today, e)))
            return rc;
        /* a reviewer fixing the text: screen it again now */
        return d->state != DOC_DRAFT ? screen_doc(s, d, NULL, &out->hits_found, e) : 0;
    case DOC_A_CLEAR:
        return clear_hit(s, d->id, st->hit_id, st->actor ? st->actor : "", st->comment, info, e);
    default:   /* approve, return, withdraw, comment, repeal, expire: the domain's part only */
        return 0;
    }
}

static int do_step(store_t *s, int64_t agency_id, int64_t id, const struct store_doc_step *st,
                   struct store_doc_outcome *out, err *e)
{
    struct doc before, d;
    int rc = store_doc_get(s, agency_id, id, &before, e);
    if (rc)
        return rc;
    doc_copy(&d, &before);
    int nopen = 0;
    buf info, bj, aj;
    buf_init(&info);
    buf_init(&bj);
    buf_init(&aj);
    const char *actor = st->actor ? st->actor : "";
    bool has_comment = st->comment && *st->comment;
    int ncorr = 0;
    if ((rc = open_hits(s, id, &nopen, e)) || (rc = open_corrections(s, id, &ncorr, e)))
        goto done;
    struct doc_act_ctx ctx = {actor,       d.author,    d.reviewer1, d.reviewer2, nopen, has_comment,
                              d.withdrawn_on != DOC_NODAY, ncorr, 0, NULL};
    char pending[256];
    if (st->action == DOC_A_PUBLISH) {
        if ((rc = pending_files(s, &d, st, &ctx.unconfirmed_files, pending, sizeof pending, e)))
            goto done;
        ctx.unconfirmed_name = pending;
    }
    enum doc_state to;
    if ((rc = doc_transition_check(d.state, st->action, st->role, &ctx, &to, e)))
        goto done;
    out->from = d.state;
    gk_day today = date_today();
    struct doc_step_facts facts = {.actor = actor, .today = today, .date = st->date, .comment = st->comment,
                                   .by_id = st->by_id, .by_docno = st->by_docno, .channels = st->channels};
    if (st->action == DOC_A_PUBLISH && d.corrects) {   /* a correction replaces what it corrects */
        if (has_comment && (rc = add_comment(s, id, actor, st->role, st->action, st->comment, e)))
            goto done;
        if ((rc = correction_publish(s, agency_id, &d, st, out, &bj, &aj, e)))
            goto done;
        out->to = DOC_PUBLISHED;
        rc = store_audit_add(s, agency_id ? agency_id : d.agency_id, actor, "document", d.corrects,
                             "correct.publish", bj.data, aj.data, e);
        goto done;
    }
    if ((rc = step_facts(s, agency_id, &d, st, &facts, e)) ||
        (rc = doc_step_fields(&d, (enum doc_action)st->action, &facts, e)) ||
        (rc = step_keep(s, &d, st, out, &info, today, e)))
        goto done;
    d.state = to;
    if (st->action != DOC_A_COMMENT && st->action != DOC_A_CLEAR && st->action != DOC_A_CORRECT &&
        (rc = doc_update_row(s, &d, e)))
        goto done;
    if (has_comment && (rc = add_comment(s, id, actor, st->role, st->action, st->comment, e)))
        goto done;
    if ((rc = open_hits(s, id, &out->hits_open, e)))
        goto done;
    out->to = d.state;
    doc_json(&before, &bj);
    if (info.len) {
        buf_puts(&aj, info.data);
    } else {
        doc_json(&d, &aj);
    }
    char action[64];
    snprintf(action, sizeof action, "%s", doc_action_key(st->action));
    rc = store_audit_add(s, agency_id ? agency_id : d.agency_id, actor, "document", id, action,
                         st->action == DOC_A_CLEAR || st->action == DOC_A_COMMENT || st->action == DOC_A_CORRECT
                             ? NULL
                             : bj.data,
                         aj.data, e);
done:
    doc_clear(&before);
    doc_clear(&d);
    buf_free(&info);
    buf_free(&bj);
    buf_free(&aj);
    return rc;
}

int store_doc_step(store_t *s, int64_t agency_id, int64_t id, const struct store_doc_step *st,
                   struct store_doc_outcome *out, err *e)
{
    struct store_doc_outcome tmp;
    if (!out)
        out = &tmp;
    memset(out, 0, sizeof *out);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    rc = do_step(s, agency_id, id, st, out, e);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

/* ---- hits, comments, attachments ---- */

int store_doc_hits(store_t *s, int64_t doc_id, struct store_doc_hit **out, size_t *n, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, source, kind, byte_off, char_off, found, excerpt, status, "
                        "COALESCE(cleared_by, ''), COALESCE(cleared_at, ''), COALESCE(note, '') "
                        "FROM doc_hit WHERE doc_id = ? ORDER BY CASE WHEN source = 'body' THEN 0 ELSE 1 END, "
                        "source, byte_off, id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, doc_id);
    struct store_doc_hit *v = NULL;
    size_t k = 0;
    while ((rc = db_step(st, e)) == 1) {
        v = xrealloc(v, (k + 1) * sizeof *v);
        struct store_doc_hit *h = &v[k++];
        memset(h, 0, sizeof *h);
        h->id = db_col_int(st, 0);
        store_copy_col(st, 1, h->source, sizeof h->source);
        for (int x = 0; x < DOC_NHITKINDS; x++)
            if (strcmp(db_col_text(st, 2), doc_hit_kind_key(x)) == 0)
                h->kind = x;
        h->byte_off = db_col_int(st, 3);
        h->char_off = db_col_int(st, 4);
        store_copy_col(st, 5, h->found, sizeof h->found);
        store_copy_col(st, 6, h->excerpt, sizeof h->excerpt);
        h->cleared = strcmp(db_col_text(st, 7), "cleared") == 0;
        h->fixed = strcmp(db_col_text(st, 7), "fixed") == 0;
        store_copy_col(st, 8, h->cleared_by, sizeof h->cleared_by);
        store_copy_col(st, 9, h->cleared_at, sizeof h->cleared_at);
        store_copy_col(st, 10, h->note, sizeof h->note);
    }
    db_finalize(st);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

int store_doc_comments(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_comment *, void *),
                       void *arg, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, at, actor, role, action, text FROM doc_comment WHERE doc_id = ? ORDER BY id", &st,
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, doc_id);
    while ((rc = db_step(st, e)) == 1) {
        struct store_doc_comment c = {0};
        c.id = db_col_int(st, 0);
        store_copy_col(st, 1, c.at, sizeof c.at);
        store_copy_col(st, 2, c.actor, sizeof c.actor);
        store_copy_col(st, 3, c.role, sizeof c.role);
        store_copy_col(st, 4, c.action, sizeof c.action);
        c.text = xstrdup(db_col_text(st, 5));
        int stop = fn(&c, arg);
        free(c.text);
        if (stop)
            break;
    }
    return db_done(st, rc);
}

int store_doc_attach(store_t *s, int64_t agency_id, int64_t doc_id, const char *name, const void *data,
                     size_t n, const char *actor, err *e)
{
    if (!name || !*name || strchr(name, '/') || strlen(name) > 200 || !utf8_valid(name, strlen(name), NULL))
        return err_set(e, GK_EINVAL, "attachment", "an attachment needs a plain file name (no '/', at most 200 bytes)");
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    struct doc d;
    buf masked;
    buf_init(&masked);
    if ((rc = store_doc_get(s, agency_id, doc_id, &d, e)))
        goto fail;
    if (d.state == DOC_PUBLISHED) {
        doc_clear(&d);
        rc = err_set(e, GK_ESTATE, "attachment",
                     "document %lld is published: attachments are added before publication", (long long)doc_id);
        goto fail;
    }
    size_t amax;
    if ((rc = store_doc_attachment_max(s, d.agency_id, &amax, e))) {
        doc_clear(&d);
        goto fail;
    }
    if (n > amax) {
        doc_clear(&d);
        rc = err_set(e, GK_EINVAL, "attachment", "%s has %zu bytes: at most %zu MiB (setting doc.attachment_max_mb)",
                     name, n, amax >> 20);
        goto fail;
    }
    /* What the file holds is read now: a damaged file or a zip bomb is
     * refused here, before anything is stored. */
    struct files_info fi;
    buf text;
    buf_init(&text);
    rc = files_text(name, data, n, &text, &fi, e);
    buf_free(&text);
    if (rc)
        goto faild;
    if (d.recipient_list && fi.state == FILES_READ) {
        if (files_maskable(fi.kind)) {
            if ((rc = files_mask(name, data, n, &masked, &fi, e)))
                goto faild;
            data = masked.data ? masked.data : "";
            n = masked.len;
        } else {
            fi.state = FILES_UNMASKED;
            snprintf(fi.note, sizeof fi.note, "名单公示的 .%s 附件：gongkai 只为 .xlsx、.docx、.csv、.txt 制作脱敏副本",
                     files_kind_key(fi.kind));
        }
    }
    char hash[65];
    doc_content_hash(data, n, hash);
    db_stmt *st;
    if ((rc = db_prepare(s->db, "INSERT INTO doc_blob(sha256, size, data) VALUES (?, ?, ?) "
                                "ON CONFLICT (sha256) DO NOTHING", &st, e)))
        goto faild;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, (int64_t)n);
    db_bind_blob(st, 3, data, n);
    rc = db_step(st, e);
    db_finalize(st);
    if (rc < 0)
        goto faild;
    bool exists = false;
    if ((rc = db_prepare(s->db, "SELECT 1 FROM doc_attachment WHERE doc_id = ? AND name = ?", &st, e)))
        goto faild;
    db_bind_int(st, 1, doc_id);
    db_bind_text(st, 2, name);
    rc = db_step(st, e);
    exists = rc == 1;
    db_finalize(st);
    if (rc < 0)
        goto faild;
    char now[32];
    store_now(now);
    const char *kind = files_kind_key(fi.kind), *state = files_state_key(fi.state);
    if (exists)   /* a new file: an earlier confirmation was of the old one */
        rc = db_run(s->db, e, NULL,
                    "UPDATE doc_attachment SET sha256 = ?, size = ?, added_at = ?, added_by = ?, kind = ?, "
                    "text_state = ?, text_note = ?, confirmed_by = '', confirmed_at = '' WHERE doc_id = ? AND name = ?",
                    "sisssssis", hash, (int64_t)n, now, actor, kind, state, fi.note, doc_id, name);
    else
        rc = db_run(s->db, e, NULL,
                    "INSERT INTO doc_attachment(doc_id, name, sha256, size, added_at, added_by, kind, text_state, "
                    "text_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "ississsss", doc_id, name, hash, (int64_t)n, now, actor, kind, state, fi.note);
    if (rc)
        goto faild;
    if (d.state != DOC_DRAFT && (rc = screen_doc(s, &d, NULL, NULL, e)))
        goto faild;
    buf a;
    buf_init(&a);
    buf_puts(&a, "{\"name\":");
    buf_json_str(&a, name);
    buf_printf(&a, ",\"sha256\":\"%s\",\"size\":%zu,\"kind\":\"%s\",\"text\":\"%s\",\"note\":", hash, n,
               kind, state);
    buf_json_str(&a, fi.note);
    buf_putc(&a, '}');
    rc = store_audit_add(s, d.agency_id, actor, "document", doc_id, exists ? "attach.replace" : "attach", NULL,
                         a.data, e);
    buf_free(&a);
    if (rc)
        goto faild;
    doc_clear(&d);
    buf_free(&masked);
    return store_commit(s, e);
faild:
    doc_clear(&d);
fail:
    buf_free(&masked);
    store_rollback(s);
    return rc;
}

int store_doc_attachments(store_t *s, int64_t doc_id, struct store_doc_attachment **out, size_t *n, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, name, sha256, size, added_at, added_by, kind, text_state, text_note, "
                        "confirmed_by, confirmed_at FROM doc_attachment WHERE doc_id = ? "
                        "ORDER BY name", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, doc_id);
    struct store_doc_attachment *v = NULL;
    size_t k = 0;
    while ((rc = db_step(st, e)) == 1) {
        v = xrealloc(v, (k + 1) * sizeof *v);
        struct store_doc_attachment *a = &v[k++];
        a->id = db_col_int(st, 0);
        store_copy_col(st, 1, a->name, sizeof a->name);
        store_copy_col(st, 2, a->sha256, sizeof a->sha256);
        a->size = db_col_int(st, 3);
        store_copy_col(st, 4, a->added_at, sizeof a->added_at);
        store_copy_col(st, 5, a->added_by, sizeof a->added_by);
        store_copy_col(st, 6, a->kind, sizeof a->kind);
        store_copy_col(st, 7, a->text_state, sizeof a->text_state);
        store_copy_col(st, 8, a->text_note, sizeof a->text_note);
        store_copy_col(st, 9, a->confirmed_by, sizeof a->confirmed_by);
        store_copy_col(st, 10, a->confirmed_at, sizeof a->confirmed_at);
    }
    db_finalize(st);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return 0;
}

int store_doc_blob(store_t *s, const char *sha256, buf *out, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT data FROM doc_blob WHERE sha256 = ?", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, sha256);
    rc = db_step(st, e);
    if (rc == 1) {
        size_t n;
        const void *p = db_col_blob(st, 0, &n);
        buf_append(out, p ? p : "", p ? n : 0);
    }
    db_finalize(st);
    return db_found(rc, e, "attachment", "no content with hash %s", sha256);
}

/* ---- listing ---- */

int store_doc_list(store_t *s, const struct store_doc_filter *f,
                   int (*fn)(const struct doc *, void *), void *arg, err *e)
{
    buf sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT " DOC_COLS " FROM doc WHERE agency_id = ?");
    if (f->state >= 0)
        buf_puts(&sql, " AND state = ?");
    if (f->year)
        buf_puts(&sql, " AND written >= ? AND written <= ?");
    if (f->interprets)
        buf_puts(&sql, " AND interprets = ?");
    if (f->corrects)
        buf_puts(&sql, " AND corrects = ?");
    if (f->category && *f->category)
        buf_puts(&sql, " AND category = ?");
    if (f->author && *f->author)
        buf_puts(&sql, " AND author = ?");
    if (f->q && *f->q)
        buf_puts(&sql, " AND (title LIKE ? ESCAPE '!' OR docno LIKE ? ESCAPE '!' OR index_no LIKE ? ESCAPE '!'"
                       " OR body LIKE ? ESCAPE '!')");
    buf_puts(&sql, " ORDER BY CASE WHEN published IS NULL THEN 0 ELSE 1 END, published DESC, id DESC"
                   " LIMIT ? OFFSET ?");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int i = 1;
    db_bind_int(st, i++, f->agency_id);
    if (f->state >= 0)
        db_bind_text(st, i++, doc_state_key(f->state));
    char a[16], b[16];
    if (f->year) {
        snprintf(a, sizeof a, "%04d-01-01", f->year);
        snprintf(b, sizeof b, "%04d-12-31", f->year);
        db_bind_text(st, i++, a);
        db_bind_text(st, i++, b);
    }
    if (f->interprets)
        db_bind_int(st, i++, f->interprets);
    if (f->corrects)
        db_bind_int(st, i++, f->corrects);
    if (f->category && *f->category)
        db_bind_text(st, i++, f->category);
    if (f->author && *f->author)
        db_bind_text(st, i++, f->author);
    buf like;
    buf_init(&like);
    if (f->q && *f->q) {
        /* a substring: %, _ and the escape character itself taken literally */
        buf_putc(&like, '%');
        for (const char *p = f->q; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '!')
                buf_putc(&like, '!');
            buf_putc(&like, *p);
        }
        buf_putc(&like, '%');
        for (int k = 0; k < 4; k++)
            db_bind_text(st, i++, like.data);
    }
    db_bind_int(st, i++, f->limit > 0 ? f->limit : 100);
    db_bind_int(st, i++, f->offset > 0 ? f->offset : 0);
    while ((rc = db_step(st, e)) == 1) {
        struct doc d;
        doc_row(st, &d, false);
        int stop = fn(&d, arg);
        doc_clear(&d);
        if (stop) {
            rc = 0;
            break;
        }
    }
    rc = db_done(st, rc);
    buf_free(&like);
    return rc;
}

/* ---- versions (更正) ---- */

int store_doc_versions(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_version *, void *), void *arg,
                       err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT version, title, docno, issuer, written, COALESCE(published, ''), "
                        "COALESCE(corrected_on, ''), replaced_on, replaced_by, body, correction_note, attachments "
                        "FROM doc_version WHERE doc_id = ? ORDER BY version",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, doc_id);
    while ((rc = db_step(st, e)) == 1) {
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
        int stop = fn(&v, arg);
        free(v.body);
        free(v.correction_note);
        free(v.attachments);
        if (stop) {
            rc = 0;
            break;
        }
    }
    return db_done(st, rc);
}

/* ---- the catalogue import ---- */

/* An interpretation written without its policy: found once every row is in. */
struct import_pending { int64_t id; int line; char ref[192]; };

struct store_doc_importer {
    store_t *s;
    int64_t agency_id;
    char actor[128];
    struct doc_import *im;
    doc_words *words;
    int64_t *ids;               /* the documents written, in order (ids grow) */
    size_t nids;
    struct import_pending *pending;
    size_t npending;
    int *taken_lines;           /* rows whose index number the store has already */
    size_t ntaken;
    int hits;
    bool failed;                /* a row could not be written: the rest are not tried */
    int failed_line;            /* its line */
};

static void importer_free(struct store_doc_importer *x)
{
    doc_words_free(x->words);
    free(x->ids);
    free(x->pending);
    free(x->taken_lines);
    free(x);
}

/* The errors in line order (a row's own stay in the order found). */
static void import_sort_errors(struct doc_import *im)
{
    for (size_t i = 1; i < im->nerrors; i++) {
        struct doc_import_error x = im->errors[i];
        size_t j = i;
        while (j > 0 && im->errors[j - 1].line > x.line) {
            im->errors[j] = im->errors[j - 1];
            j--;
        }
        im->errors[j] = x;
    }
}

int store_doc_import_begin(store_t *s, int64_t agency_id, const char *actor, struct doc_import *im,
                           struct store_doc_importer **out, err *e)
{
    *out = NULL;
    struct store_agency ag;
    int rc = store_agency_by_id(s, agency_id, &ag, e);
    if (rc || (rc = store_begin(s, e)))
        return rc;
    struct store_doc_importer *x = xcalloc(1, sizeof *x);
    x->s = s;
    x->agency_id = agency_id;
    x->im = im;
    snprintf(x->actor, sizeof x->actor, "%s", actor ? actor : "");
    /* what the file cannot know: index numbers taken; serials continue after
     * the numbers the file brings */
    for (size_t i = 0; i < im->ngiven && !rc; i++) {
        const struct doc_import_given *g = &im->given[i];
        bool taken;
        if ((rc = index_taken(s, agency_id, g->index_no, &taken, e)))
            break;
        if (taken) {
            doc_import_add_error(im, g->line, "index_no: %s is the index number of a document in the database already",
                                 g->index_no);
            x->taken_lines = xrealloc(x->taken_lines, (x->ntaken + 1) * sizeof *x->taken_lines);
            x->taken_lines[x->ntaken++] = g->line;
        }
        int y;
        int64_t sn;
        if (doc_index_parse(ag.index_pattern, ag.org_code, g->index_no, &y, &sn))
            rc = serial_at_least(s, agency_id, y, sn, e);
    }
    if (!rc)
        rc = store_doc_words(s, agency_id, &x->words, e);
    if (!rc)
        rc = store_doc_index_bulk_begin(s, agency_id, e);
    if (rc) {
        store_doc_index_bulk_abort(s);
        store_rollback(s);
        importer_free(x);
        return rc;
    }
    *out = x;
    return 0;
}

int store_doc_import_add(struct store_doc_importer *x, struct doc_import_row *r, err *e)
{
    if (x->failed)
        return 0;
    for (size_t i = 0; i < x->ntaken; i++)
        if (x->taken_lines[i] == r->line)
            return 0;   /* reported by begin; the other rows go on being checked */
    struct doc *d = &r->d;
    d->agency_id = x->agency_id;
    d->interprets = 0;   /* found by store_doc_import_end */
    int found = 0;
    int rc = add_one(x->s, d, x->actor, "import", x->words, &found, e);
    if (rc) {
        char why[600];
        snprintf(why, sizeof why, "%s", e->msg);
        doc_import_add_error(x->im, r->line, "%s", why);
        x->failed = true;
        x->failed_line = r->line;
        return err_set(e, GK_EINVAL, "import", "line %d: %s: nothing was imported", r->line, why);
    }
    x->hits += found;
    if ((x->nids & (x->nids - 1)) == 0)
        x->ids = xrealloc(x->ids, (x->nids ? x->nids * 2 : 64) * sizeof *x->ids);
    x->ids[x->nids++] = d->id;
    if (r->interprets_ref[0]) {
        if ((x->npending & (x->npending - 1)) == 0)
            x->pending = xrealloc(x->pending, (x->npending ? x->npending * 2 : 16) * sizeof *x->pending);
        struct import_pending *p = &x->pending[x->npending++];
        p->id = d->id;
        p->line = r->line;
        snprintf(p->ref, sizeof p->ref, "%s", r->interprets_ref);
    }
    return 0;
}

static bool imported(const struct store_doc_importer *x, int64_t id)
{
    size_t lo = 0, hi = x->nids;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->nids && x->ids[lo] == id;
}

/* The policy an interpretation names: a row of the file first, else a
 * document the agency had already; 0 when neither. */
static int pending_policy(struct store_doc_importer *x, const struct import_pending *p, int64_t *policy, err *e)
{
    *policy = 0;
    struct doc_docno dn;
    bool as_docno = doc_docno_parse(p->ref, &dn, NULL) == 0;
    db_stmt *st;
    int rc = db_prepare(x->s->db,
                        as_docno ? "SELECT id FROM doc WHERE agency_id = ? AND docno = ? ORDER BY id"
                                 : "SELECT id FROM doc WHERE agency_id = ? AND index_no = ? ORDER BY id",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, x->agency_id);
    db_bind_text(st, 2, as_docno ? dn.canonical : p->ref);
    int64_t before = 0, in_file = 0;
    while ((rc = db_step(st, e)) == 1 && !in_file) {
        int64_t id = db_col_int(st, 0);
        if (id == p->id)
            continue;
        if (imported(x, id))
            in_file = id;
        else if (!before)
            before = id;
    }
    if (rc < 0) {
        db_finalize(st);
        return rc;
    }
    db_finalize(st);
    *policy = in_file ? in_file : before;
    return 0;
}

/* Every interpretation gets its policy; each one not found is a problem. */
static int import_link(struct store_doc_importer *x, err *e)
{
    int rc = 0;
    for (size_t i = 0; i < x->npending && !rc; i++) {
        const struct import_pending *p = &x->pending[i];
        struct doc d;
        doc_init(&d);
        d.id = p->id;
        d.agency_id = x->agency_id;
        snprintf(d.genre, sizeof d.genre, "%s", DOC_GENRE_INTERPRETATION);   /* doc_import_parse made it so */
        if ((rc = pending_policy(x, p, &d.interprets, e)))
            break;
        if (!d.interprets) {
            doc_import_add_error(x->im, p->line,
                                 "interprets: no document with index number or 文号 '%s' in the file or the database",
                                 p->ref);
            continue;
        }
        if ((rc = check_interprets(x->s, &d, e)) == 0)
            rc = db_run(x->s->db, e, NULL, "UPDATE doc SET interprets = ? WHERE id = ?", "ii", d.interprets, d.id);
        else if (rc == GK_EINVAL) {
            doc_import_add_error(x->im, p->line, "%s", e->msg);
            rc = 0;
        }
    }
    return rc;
}

/* The reason recorded for a row that could not be written. */
static const char *failed_why(const struct doc_import *im, int line)
{
    for (size_t i = im->nerrors; i-- > 0;)
        if (im->errors[i].line == line)
            return im->errors[i].msg;
    return "could not be written";
}

int store_doc_import_end(struct store_doc_importer *x, bool keep, struct store_doc_import_result *res, err *e)
{
    store_t *s = x->s;
    struct doc_import *im = x->im;
    if (res)
        memset(res, 0, sizeof *res);
    int rc = 0;
    if (!keep)
        rc = err_set(e, GK_EINVAL, "import", "the import stopped: nothing was imported");
    else if (!x->failed)
        rc = import_link(x, e);
    import_sort_errors(im);
    if (!rc && x->failed)
        rc = err_set(e, GK_EINVAL, "import", "line %d: %s: nothing was imported", x->failed_line,
                     failed_why(im, x->failed_line));
    else if (!rc && im->nerrors) {
        rc = err_set(e, GK_EINVAL, "import", "%zu problem%s: nothing was imported", im->nerrors,
                     im->nerrors == 1 ? "" : "s");
    }
    if (!rc)
        rc = store_doc_index_bulk_end(s, e);
    if (!rc)
        rc = store_commit(s, e);
    else {
        store_doc_index_bulk_abort(s);
        store_rollback(s);
    }
    if (!rc && res) {
        res->count = x->nids;
        res->first = x->nids ? x->ids[0] : 0;
        res->last = x->nids ? x->ids[x->nids - 1] : 0;
        res->hits = x->hits;
    }
    importer_free(x);
    return rc;
}

int store_doc_import(store_t *s, int64_t agency_id, struct doc_import *im, const char *actor, int *nhits,
                     err *e)
{
    if (nhits)
        *nhits = 0;
    struct store_doc_importer *x;
    int rc = store_doc_import_begin(s, agency_id, actor, im, &x, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < im->nrows && !rc; i++) {
        if (i % 256 == 0 || i + 1 == im->nrows)
            gk_progress_report(im->progress, "导入", (int64_t)i + 1, (int64_t)im->nrows);
        rc = store_doc_import_add(x, &im->rows[i], e);
    }
    struct store_doc_import_result res;
    int end = store_doc_import_end(x, true, &res, e);   /* a row that failed is in im's errors */
    if (end) {
        for (size_t i = 0; i < im->nrows; i++)
            im->rows[i].d.id = 0;
        return end;
    }
    if (nhits)
        *nhits = res.hits;
    return 0;
}

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
        doc_row(st, &d, false);
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
