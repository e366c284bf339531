/* store — documents: screening with the agency's word list, the hits it
 * finds, the masking of recipient lists and the check of an
 * interpretation's policy (publish/ decides what is a hit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "store/doc_internal.h"

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
    return store_end(s, rc, e);
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
int store_doc_screen(store_t *s, const struct doc *d, const doc_words *words, int *found, err *e)
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
int store_doc_count_for(store_t *s, const char *sql, int64_t doc_id, int *n, err *e)
{
    int64_t v = 0;
    int rc = db_query_int(s->db, e, &v, sql, "i", doc_id);
    *n = (int)v;
    return rc;
}

int store_doc_open_hits(store_t *s, int64_t doc_id, int *n, err *e)
{
    return store_doc_count_for(s, "SELECT COUNT(*) FROM doc_hit WHERE doc_id = ? AND status = 'open'", doc_id, n, e);
}

/* A recipient list's body is masked whenever it is stored. */
void store_doc_mask_if_list(struct doc *d)
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
int store_doc_check_interprets(store_t *s, const struct doc *d, err *e)
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
