/* store — documents: screening hits, review comments and attachments (read,
 * screened, masked, stored once per SHA-256). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "store/doc_internal.h"

/* ---- hits, comments, attachments ---- */

static void hit_row(db_stmt *st, void *arg)
{
    struct store_doc_hit *h = arg;
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

int store_doc_hits(store_t *s, int64_t doc_id, struct store_doc_hit **out, size_t *n, err *e)
{
    return db_collect_array(s->db, e, hit_row, sizeof **out, out, n,
                            "SELECT id, source, kind, byte_off, char_off, found, excerpt, status, "
                            "COALESCE(cleared_by, ''), COALESCE(cleared_at, ''), COALESCE(note, '') "
                            "FROM doc_hit WHERE doc_id = ? ORDER BY CASE WHEN source = 'body' THEN 0 ELSE 1 END, "
                            "source, byte_off, id",
                            "i", doc_id);
}

struct comment_each { int (*fn)(const struct store_doc_comment *, void *); void *arg; };

static int comment_row(db_stmt *st, void *arg)
{
    const struct comment_each *x = arg;
    struct store_doc_comment c = {0};
    c.id = db_col_int(st, 0);
    store_copy_col(st, 1, c.at, sizeof c.at);
    store_copy_col(st, 2, c.actor, sizeof c.actor);
    store_copy_col(st, 3, c.role, sizeof c.role);
    store_copy_col(st, 4, c.action, sizeof c.action);
    c.text = xstrdup(db_col_text(st, 5));
    int stop = x->fn(&c, x->arg);
    free(c.text);
    return stop;
}

int store_doc_comments(store_t *s, int64_t doc_id, int (*fn)(const struct store_doc_comment *, void *),
                       void *arg, err *e)
{
    struct comment_each x = {fn, arg};
    return db_collect(s->db, e, comment_row, &x,
                      "SELECT id, at, actor, role, action, text FROM doc_comment WHERE doc_id = ? ORDER BY id", "i",
                      doc_id);
}

/* The document an attachment goes to: of the agency, not yet published,
 * the file within the agency's limit. On an error d is left cleared. */
static int attach_target(store_t *s, int64_t agency_id, int64_t doc_id, const char *name, size_t n, struct doc *d,
                         err *e)
{
    int rc = store_doc_get(s, agency_id, doc_id, d, e);
    if (rc)
        return rc;
    size_t amax;
    if (d->state == DOC_PUBLISHED)
        rc = err_set(e, GK_ESTATE, "attachment",
                     "document %lld is published: attachments are added before publication", (long long)doc_id);
    else if (!(rc = store_doc_attachment_max(s, d->agency_id, &amax, e)) && n > amax)
        rc = err_set(e, GK_EINVAL, "attachment", "%s has %zu bytes: at most %zu MiB (setting doc.attachment_max_mb)",
                     name, n, amax >> 20);
    if (rc)
        doc_clear(d);
    return rc;
}

/* What the file holds is read now: a damaged file or a zip bomb is refused
 * here, before anything is stored. A recipient list's file is replaced
 * (*data, *n) by gongkai's masked copy, kept in masked, or marked unmasked. */
static int attach_read(const struct doc *d, const char *name, const void **data, size_t *n, buf *masked,
                       struct files_info *fi, err *e)
{
    buf text;
    buf_init(&text);
    int rc = files_text(name, *data, *n, &text, fi, e);
    buf_free(&text);
    if (rc || !d->recipient_list || fi->state != FILES_READ)
        return rc;
    if (files_maskable(fi->kind)) {
        if ((rc = files_mask(name, *data, *n, masked, fi, e)))
            return rc;
        *data = masked->data ? masked->data : "";
        *n = masked->len;
    } else {
        fi->state = FILES_UNMASKED;
        snprintf(fi->note, sizeof fi->note, "名单公示的 .%s 附件：gongkai 只为 .xlsx、.docx、.csv、.txt 制作脱敏副本",
                 files_kind_key(fi->kind));
    }
    return 0;
}

/* The content, stored once per SHA-256 (hash). */
static int attach_blob(store_t *s, const char *hash, const void *data, size_t n, err *e)
{
    return db_run(s->db, e, NULL,
                  "INSERT INTO doc_blob(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING", "sib",
                  hash, (int64_t)n, data, n);
}

/* The document's attachment row of that name: new, or (*exists) replaced. */
static int attach_row(store_t *s, int64_t doc_id, const char *name, const char *hash, size_t n,
                      const struct files_info *fi, const char *actor, bool *exists, err *e)
{
    int rc = db_query_one(s->db, e, NULL, NULL, "SELECT 1 FROM doc_attachment WHERE doc_id = ? AND name = ?", "is",
                          doc_id, name);
    if (rc < 0)
        return rc;
    *exists = rc == 1;
    char now[32];
    store_now(now);
    const char *kind = files_kind_key(fi->kind), *state = files_state_key(fi->state);
    if (*exists)   /* a new file: an earlier confirmation was of the old one */
        return db_run(s->db, e, NULL,
                      "UPDATE doc_attachment SET sha256 = ?, size = ?, added_at = ?, added_by = ?, kind = ?, "
                      "text_state = ?, text_note = ?, confirmed_by = '', confirmed_at = '' WHERE doc_id = ? AND name = ?",
                      "sisssssis", hash, (int64_t)n, now, actor, kind, state, fi->note, doc_id, name);
    return db_run(s->db, e, NULL,
                  "INSERT INTO doc_attachment(doc_id, name, sha256, size, added_at, added_by, kind, text_state, "
                  "text_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "ississsss", doc_id, name, hash, (int64_t)n, now, actor, kind, state, fi->note);
}

/* The audit row of an attachment added ("attach") or replaced. */
static int attach_audit(store_t *s, const struct doc *d, const char *name, const char *hash, size_t n,
                        const struct files_info *fi, bool exists, const char *actor, err *e)
{
    buf a;
    buf_init(&a);
    buf_puts(&a, "{\"name\":");
    buf_json_str(&a, name);
    buf_printf(&a, ",\"sha256\":\"%s\",\"size\":%zu,\"kind\":\"%s\",\"text\":\"%s\",\"note\":", hash, n,
               files_kind_key(fi->kind), files_state_key(fi->state));
    buf_json_str(&a, fi->note);
    buf_putc(&a, '}');
    int rc = store_audit_add(s, d->agency_id, actor, "document", d->id, exists ? "attach.replace" : "attach", NULL,
                             a.data, e);
    buf_free(&a);
    return rc;
}

/* The steps of store_doc_attach inside its transaction, on the document d. */
static int attach_tx(store_t *s, struct doc *d, const char *name, const void *data, size_t n, const char *actor,
                     err *e)
{
    buf masked;
    buf_init(&masked);
    struct files_info fi;
    char hash[65];
    bool exists = false;
    int rc = attach_read(d, name, &data, &n, &masked, &fi, e);
    if (!rc) {
        doc_content_hash(data, n, hash);
        rc = attach_blob(s, hash, data, n, e);
    }
    if (!rc)
        rc = attach_row(s, d->id, name, hash, n, &fi, actor, &exists, e);
    if (!rc && d->state != DOC_DRAFT)
        rc = store_doc_screen(s, d, NULL, NULL, e);
    if (!rc)
        rc = attach_audit(s, d, name, hash, n, &fi, exists, actor, e);
    buf_free(&masked);
    return rc;
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
    if ((rc = attach_target(s, agency_id, doc_id, name, n, &d, e)) == 0) {
        rc = attach_tx(s, &d, name, data, n, actor, e);
        doc_clear(&d);
    }
    return store_end(s, rc, e);
}

static void attachment_row(db_stmt *st, void *arg)
{
    struct store_doc_attachment *a = arg;
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

int store_doc_attachments(store_t *s, int64_t doc_id, struct store_doc_attachment **out, size_t *n, err *e)
{
    return db_collect_array(s->db, e, attachment_row, sizeof **out, out, n,
                            "SELECT id, name, sha256, size, added_at, added_by, kind, text_state, text_note, "
                            "confirmed_by, confirmed_at FROM doc_attachment WHERE doc_id = ? ORDER BY name",
                            "i", doc_id);
}

static void blob_row(db_stmt *st, void *out)
{
    size_t n;
    const void *p = db_col_blob(st, 0, &n);
    buf_append(out, p ? p : "", p ? n : 0);
}

int store_doc_blob(store_t *s, const char *sha256, buf *out, err *e)
{
    int rc = db_query_one(s->db, e, blob_row, out, "SELECT data FROM doc_blob WHERE sha256 = ?", "s", sha256);
    return db_found(rc, e, "attachment", "no content with hash %s", sha256);
}
