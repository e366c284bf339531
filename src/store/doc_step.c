/* store — documents: the review workflow's steps (submit, review, publish,
 * correct, withdraw, repeal, ...): load, ask publish/, persist with the
 * audit trail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "store/doc_internal.h"

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
    store_doc_mask_if_list(d);
    return store_doc_check_interprets(s, d, e);
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
    return store_doc_count_for(s, "SELECT COUNT(*) FROM doc WHERE corrects = ?", doc_id, n, e);
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
        rc = store_doc_add_one(s, &c, st->actor, "add.correction", NULL, NULL, e);
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
                    "iisssssssssss", t->id, version, t->title, t->docno, t->issuer, store_doc_day_or_null(t->written, w),
                    store_doc_day_or_null(t->published, p), t->body ? t->body : "", t->correction_note,
                    store_doc_day_or_null(t->corrected_on, c), att.data, now, actor);
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
    store_doc_json(&t, bj);
    if (!(rc = keep_version(s, &t, st->actor, e)) && !(rc = doc_correction_apply(&t, c, on, e)))
        store_doc_mask_if_list(&t);   /* once more, whatever happened since */
    if (!rc && !(rc = store_doc_validate(s, &t, date_today(), e)) && !(rc = store_doc_update_row(s, &t, e)))
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
        store_doc_json(&t, aj);
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
        store_doc_mask_if_list(d);
        return store_doc_screen(s, d, NULL, &out->hits_found, e);
    case DOC_A_CORRECT:
        return correction_start(s, d, st, out, info, e);
    case DOC_A_PUBLISH:
        store_doc_mask_if_list(d);   /* once more, whatever happened since */
        if ((rc = store_doc_reg_may_publish(s, d->id, e)) ||   /* 主动公开 only (issue 18) */
            (rc = store_doc_validate(s, d, today, e)) || (rc = store_doc_assign_index(s, d, e)) ||
            (rc = confirm_files(s, d, st, st->actor ? st->actor : "", e)))
            return rc;
        snprintf(out->index_no, sizeof out->index_no, "%s", d->index_no);
        return 0;
    case DOC_A_EDIT:
        if (!st->edit)
            return err_set(e, GK_EINVAL, "edit", "nothing to change");
        if ((rc = apply_edit(s, d, st->edit, e)) || (rc = store_doc_validate(s, d, today, e)))
            return rc;
        /* a reviewer fixing the text: screen it again now */
        return d->state != DOC_DRAFT ? store_doc_screen(s, d, NULL, &out->hits_found, e) : 0;
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
    if ((rc = store_doc_open_hits(s, id, &nopen, e)) || (rc = open_corrections(s, id, &ncorr, e)))
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
        (rc = store_doc_update_row(s, &d, e)))
        goto done;
    if (has_comment && (rc = add_comment(s, id, actor, st->role, st->action, st->comment, e)))
        goto done;
    if ((rc = store_doc_open_hits(s, id, &out->hits_open, e)))
        goto done;
    out->to = d.state;
    store_doc_json(&before, &bj);
    if (info.len) {
        buf_puts(&aj, info.data);
    } else {
        store_doc_json(&d, &aj);
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
    return store_end(s, rc, e);
}
