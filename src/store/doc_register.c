/* store — the register of documents and their disclosure attribute
 * (migration 026; the domain is publish/attr.c). Every write is one
 * transaction with its audit row (entity "doc_register"). See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

static void reg_json(const void *r, buf *b) { doc_reg_to_json(r, b); }

#define REG_COLS                                                                                             \
    "id, agency_id, doc_id, title, docno, issuer, written, attr, reason, basis, registered_by, registered_on, " \
    "pending_attr, pending_reason, pending_basis, requested_by, requested_on, changes, last_on, version"

static void reg_row(db_stmt *st, void *arg)
{
    struct doc_reg *r = arg;
    memset(r, 0, sizeof *r);
    int i = 0;
    r->id = db_col_int(st, i++);
    r->agency_id = db_col_int(st, i++);
    r->doc_id = db_col_null(st, i) ? 0 : db_col_int(st, i);
    i++;
    store_copy_col(st, i++, r->title, sizeof r->title);
    store_copy_col(st, i++, r->docno, sizeof r->docno);
    store_copy_col(st, i++, r->issuer, sizeof r->issuer);
    r->written = store_col_date(st, i++);
    int a = doc_attr_from_code(db_col_text(st, i++));
    r->attr = a < 0 ? 0 : a;
    store_copy_col(st, i++, r->reason, sizeof r->reason);
    store_copy_col(st, i++, r->basis, sizeof r->basis);
    store_copy_col(st, i++, r->registered_by, sizeof r->registered_by);
    r->registered_on = store_col_date(st, i++);
    a = doc_attr_from_code(db_col_text(st, i++));
    r->pending_attr = a < 0 ? 0 : a;
    store_copy_col(st, i++, r->pending_reason, sizeof r->pending_reason);
    store_copy_col(st, i++, r->pending_basis, sizeof r->pending_basis);
    store_copy_col(st, i++, r->requested_by, sizeof r->requested_by);
    r->requested_on = store_col_date(st, i++);
    r->changes = (int)db_col_int(st, i++);
    r->last_on = store_col_date(st, i++);
    r->version = (int)db_col_int(st, i++);
}

int store_doc_reg_get(store_t *s, int64_t agency_id, int64_t id, struct doc_reg *out, err *e)
{
    int rc = db_query_one(s->db, e, reg_row, out,
                          "SELECT " REG_COLS " FROM doc_register WHERE agency_id = ? AND id = ?", "ii", agency_id, id);
    if (rc == 0)
        return err_set(e, GK_ENOTFOUND, "doc", "no registered document %lld in this agency", (long long)id);
    return rc < 0 ? rc : 0;
}

int store_doc_reg_add(store_t *s, struct doc_reg *r, const char *actor, err *e)
{
    if (r->attr < 1 || r->attr > DOC_NATTRS || !r->agency_id)
        return err_set(e, GK_EINVAL, "store", "a registration must be checked (doc_reg_check) before it is stored");
    char now[32];
    store_now(now);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (r->doc_id) {   /* the document in the review chain: of this agency, not registered twice */
        int64_t n = 0;
        rc = db_query_int(s->db, e, &n, "SELECT COUNT(*) FROM doc WHERE id = ? AND agency_id = ?", "ii", r->doc_id,
                          r->agency_id);
        if (!rc && n != 1)
            rc = err_field(e, GK_EINVAL, "doc", "no document %lld in this agency", (long long)r->doc_id);
        if (!rc && (rc = db_query_int(s->db, e, &n, "SELECT COUNT(*) FROM doc_register WHERE doc_id = ?", "i",
                                      r->doc_id)) == 0 && n)
            rc = err_field(e, GK_EINVAL, "doc", "document %lld is registered already", (long long)r->doc_id);
    }
    db_stmt *st = NULL;
    if (!rc)
        rc = db_prepare(s->db,
                        "INSERT INTO doc_register(agency_id, doc_id, title, docno, issuer, written, attr, reason, "
                        "basis, registered_by, registered_on, last_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id", &st, e);
    if (!rc) {
        int i = 1;
        db_bind_int(st, i++, r->agency_id);
        if (r->doc_id)
            db_bind_int(st, i++, r->doc_id);
        else
            db_bind_null(st, i++);
        db_bind_text(st, i++, r->title);
        db_bind_text(st, i++, r->docno);
        db_bind_text(st, i++, r->issuer);
        store_bind_date(st, i++, r->written);
        db_bind_text(st, i++, doc_attrs[r->attr].code);
        db_bind_text(st, i++, r->reason);
        db_bind_text(st, i++, r->basis);
        db_bind_text(st, i++, actor && *actor ? actor : "system");
        store_bind_date(st, i++, r->registered_on);
        store_bind_date(st, i++, r->registered_on);
        rc = db_step(st, e);
        if (rc == 1) {
            r->id = db_col_int(st, 0);
            rc = db_step(st, e);
        } else if (rc == 0) {
            rc = err_set(e, GK_EIO, "store", "the registration got no id");
        }
        rc = db_done(st, rc);
    }
    if (!rc) {
        snprintf(r->registered_by, sizeof r->registered_by, "%s", actor && *actor ? actor : "system");
        r->last_on = r->registered_on;
        r->version = 1;
        rc = store_audit_pair(s, r->agency_id, actor, "doc_register", r->id, "register", reg_json, NULL, r, e);
    }
    if (rc) {
        store_rollback(s);
        return rc < 0 ? rc : GK_EIO;
    }
    return store_commit(s, e);
}

int store_doc_reg_facts(store_t *s, const struct doc_reg *r, bool *published, err *e)
{
    *published = false;
    if (!r->doc_id)
        return 0;
    int64_t n = 0;
    int rc = db_query_int(s->db, e, &n, "SELECT COUNT(*) FROM doc WHERE id = ? AND state = 'published'", "i",
                          r->doc_id);
    *published = n > 0;
    return rc;
}

int store_doc_reg_save(store_t *s, const struct doc_reg *before, struct doc_reg *after, const char *actor,
                       int action, err *e)
{
    if (action < 1 || action > DOC_NREG_ACTIONS || after->id != before->id || after->version != before->version)
        return err_set(e, GK_EINVAL, "store", "a register step must be saved over the row it was applied to");
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    db_stmt *st;
    if (!(rc = db_prepare(s->db,
                          "UPDATE doc_register SET attr = ?, reason = ?, basis = ?, pending_attr = ?, "
                          "pending_reason = ?, pending_basis = ?, requested_by = ?, requested_on = ?, changes = ?, "
                          "last_on = ?, version = version + 1 WHERE id = ? AND agency_id = ? AND version = ?",
                          &st, e))) {
        int i = 1;
        db_bind_text(st, i++, doc_attrs[after->attr].code);
        db_bind_text(st, i++, after->reason);
        db_bind_text(st, i++, after->basis);
        db_bind_text(st, i++, after->pending_attr ? doc_attrs[after->pending_attr].code : "");
        db_bind_text(st, i++, after->pending_reason);
        db_bind_text(st, i++, after->pending_basis);
        db_bind_text(st, i++, after->requested_by);
        store_bind_date(st, i++, after->requested_on);
        db_bind_int(st, i++, after->changes);
        store_bind_date(st, i++, after->last_on);
        db_bind_int(st, i++, before->id);
        db_bind_int(st, i++, before->agency_id);
        db_bind_int(st, i++, before->version);
        rc = db_step(st, e);
        int64_t changed = db_changes(s->db);
        db_finalize(st);
        if (rc == 0 && changed != 1)
            rc = err_set(e, GK_ESTATE, "doc", "the register row was changed by someone else meanwhile: retry");
    }
    if (!rc) {
        rc = store_audit_pair(s, before->agency_id, actor, "doc_register", before->id, doc_reg_action_codes[action],
                              reg_json, before, after, e);
    }
    return store_end_save(s, rc, &after->version, before->version, e);
}

struct list_x {
    int (*fn)(const struct doc_reg *, void *);
    void *arg;
    struct doc_reg r;
};

static int list_row(db_stmt *st, void *arg)
{
    struct list_x *x = arg;
    reg_row(st, &x->r);
    return x->fn(&x->r, x->arg);
}

int store_doc_reg_list(store_t *s, int64_t agency_id, int attr, int (*fn)(const struct doc_reg *, void *), void *arg,
                       err *e)
{
    struct list_x *x = xcalloc(1, sizeof *x);
    x->fn = fn;
    x->arg = arg;
    int rc = attr > 0 ? db_collect(s->db, e, list_row, x,
                                   "SELECT " REG_COLS " FROM doc_register WHERE agency_id = ? AND attr = ? ORDER BY id",
                                   "is", agency_id, doc_attrs[attr].code)
                      : db_collect(s->db, e, list_row, x,
                                   "SELECT " REG_COLS " FROM doc_register WHERE agency_id = ? ORDER BY id", "i",
                                   agency_id);
    free(x);
    return rc;
}

struct count_x { int64_t *n; };

static int count_row(db_stmt *st, void *arg)
{
    struct count_x *x = arg;
    int a = doc_attr_from_code(db_col_text(st, 0));
    if (a > 0)
        x->n[a] = db_col_int(st, 1);
    return 0;
}

int store_doc_reg_counts(store_t *s, int64_t agency_id, int64_t counts[DOC_NATTRS + 1], err *e)
{
    memset(counts, 0, sizeof(int64_t) * (DOC_NATTRS + 1));
    struct count_x x = {counts};
    return db_collect(s->db, e, count_row, &x,
                      "SELECT attr, COUNT(*) FROM doc_register WHERE agency_id = ? GROUP BY attr", "i", agency_id);
}

int store_doc_reg_may_publish(store_t *s, int64_t doc_id, err *e)
{
    struct doc_reg r;
    int rc = db_query_one(s->db, e, reg_row, &r, "SELECT " REG_COLS " FROM doc_register WHERE doc_id = ?", "i",
                          doc_id);
    if (rc <= 0)
        return rc;   /* not registered: a document of the catalogue, 主动公开 */
    if (r.attr != DOC_ATTR_ACTIVE)
        return err_set(e, GK_ESTATE, "attr", "document %lld is registered %s: only 主动公开 documents are published",
                       (long long)doc_id, doc_attrs[r.attr].label);
    if (r.pending_attr)
        return err_set(e, GK_ESTATE, "attr", "a change of document %lld's attribute to %s awaits review: decide it "
                       "first (doc attr)", (long long)doc_id, doc_attrs[r.pending_attr].label);
    return 0;
}

int store_chain_cites(store_t *s, const struct app *a, buf *out, err *e)
{
    struct app_chain *c = xmalloc(sizeof *c);
    struct doc_reg *r = xmalloc(sizeof *r);
    int rc = store_chain_get(s, a, c, e);
    for (int i = 0; !rc && i < c->ndocs; i++)
        if (!(rc = store_doc_reg_get(s, a->agency_id, c->docs[i], r, e)))
            app_chain_cite(out, r->title, r->docno);
    free(c);
    free(r);
    return rc;
}
