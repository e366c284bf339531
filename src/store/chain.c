/* store — the handling chain of applications (migration 025): the chain's
 * row, its steps in the application's history (app_step) and the audit
 * trail, the files a draft releases, the queues of the dashboards, and the
 * gate of the answer inside store_app_save's transaction. The domain
 * (disclosure/chain.c) decides; this file keeps. See store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"
#include "store/store_internal.h"

static void chain_json(const void *c, buf *b) { app_chain_to_json(c, b); }

#define CHAIN_COLS                                                                                    \
    "application_id, agency_id, state, handler, assigned_by, assigned_on, drafter, drafted_on, outcome, " \
    "detail, refer_to, letter, docs, approver, decided_on, comment, returns, last_on, version"

static void docs_from(const char *s, struct app_chain *c)
{
    c->ndocs = 0;
    while (s && *s && c->ndocs < APP_CHAIN_MAX_DOCS) {
        char *end;
        long long v = strtoll(s, &end, 10);
        if (end == s)
            break;
        if (v > 0)
            c->docs[c->ndocs++] = v;
        s = *end == ',' ? end + 1 : end;
    }
}

static void chain_row(db_stmt *st, struct app_chain *c)
{
    int i = 0;
    c->app_id = db_col_int(st, i++);
    c->agency_id = db_col_int(st, i++);
    int state = app_chain_state_from_code(db_col_text(st, i++));
    c->state = state < 0 ? APP_CH_NONE : state;
    store_copy_col(st, i++, c->handler, sizeof c->handler);
    store_copy_col(st, i++, c->assigned_by, sizeof c->assigned_by);
    c->assigned_on = store_col_date(st, i++);
    store_copy_col(st, i++, c->drafter, sizeof c->drafter);
    c->drafted_on = store_col_date(st, i++);
    store_copy_col(st, i++, c->outcome, sizeof c->outcome);
    store_copy_col(st, i++, c->detail, sizeof c->detail);
    store_copy_col(st, i++, c->refer, sizeof c->refer);
    store_copy_col(st, i++, c->letter, sizeof c->letter);
    docs_from(db_col_text(st, i++), c);
    store_copy_col(st, i++, c->approver, sizeof c->approver);
    c->decided_on = store_col_date(st, i++);
    store_copy_col(st, i++, c->comment, sizeof c->comment);
    c->returns = (int)db_col_int(st, i++);
    c->last_on = store_col_date(st, i++);
    c->version = (int)db_col_int(st, i++);
}

static void get_row(db_stmt *st, void *arg) { chain_row(st, arg); }

int store_chain_get(store_t *s, const struct app *a, struct app_chain *out, err *e)
{
    app_chain_init(out, a);
    int rc = db_query_one(s->db, e, get_row, out,
                          "SELECT " CHAIN_COLS " FROM app_chain WHERE application_id = ? AND agency_id = ?", "ii",
                          a->id, a->agency_id);
    if (rc == 0)
        app_chain_init(out, a);   /* never assigned */
    return rc < 0 ? rc : 0;
}

/* Binds the columns a step changes, from index i; returns the next index. */
static int bind_chain(db_stmt *st, int i, const struct app_chain *c)
{
    buf docs;
    buf_init(&docs);
    for (int k = 0; k < c->ndocs; k++)
        buf_printf(&docs, "%s%lld", k ? "," : "", (long long)c->docs[k]);
    db_bind_text(st, i++, app_chain_states[c->state].code);
    db_bind_text(st, i++, c->handler);
    db_bind_text(st, i++, c->assigned_by);
    store_bind_date(st, i++, c->assigned_on);
    db_bind_text(st, i++, c->drafter);
    store_bind_date(st, i++, c->drafted_on);
    db_bind_text(st, i++, c->outcome);
    db_bind_text(st, i++, c->detail);
    db_bind_text(st, i++, c->refer);
    db_bind_text(st, i++, c->letter);
    db_bind_text(st, i++, docs.data ? docs.data : "");
    db_bind_text(st, i++, c->approver);
    store_bind_date(st, i++, c->decided_on);
    db_bind_text(st, i++, c->comment);
    db_bind_int(st, i++, c->returns);
    store_bind_date(st, i++, c->last_on);
    buf_free(&docs);
    return i;
}

/* Writes after over before (inserted when before was never stored), checking
 * the version: GK_ESTATE when someone else changed it meanwhile. */
static int write_chain(store_t *s, const struct app_chain *before, const struct app_chain *after, err *e)
{
    db_stmt *st;
    int rc;
    bool insert = before->version == 0;
    if (insert)
        rc = db_prepare(s->db,
                        "INSERT INTO app_chain(state, handler, assigned_by, assigned_on, drafter, drafted_on, outcome, "
                        "detail, refer_to, letter, docs, approver, decided_on, comment, returns, last_on, version, "
                        "application_id, agency_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                        &st, e);
    else
        rc = db_prepare(s->db,
                        "UPDATE app_chain SET state = ?, handler = ?, assigned_by = ?, assigned_on = ?, drafter = ?, "
                        "drafted_on = ?, outcome = ?, detail = ?, refer_to = ?, letter = ?, docs = ?, approver = ?, "
                        "decided_on = ?, comment = ?, returns = ?, last_on = ?, version = version + 1 "
                        "WHERE application_id = ? AND agency_id = ? AND version = ?", &st, e);
    if (rc)
        return rc;
    int i = bind_chain(st, 1, after);
    db_bind_int(st, i++, before->app_id);
    db_bind_int(st, i++, before->agency_id);
    if (!insert)
        db_bind_int(st, i++, before->version);
    rc = db_step(st, e);
    int64_t changed = db_changes(s->db);
    db_finalize(st);
    if (rc == 0 && changed != 1)
        rc = err_set(e, GK_ESTATE, "store",
                     "the application's handling was changed by someone else meanwhile: look at it again and retry");
    return rc < 0 ? rc : 0;
}

static int check_file(const struct store_chain_file *f, err *e)
{
    size_t n = strlen(f->name);
    if (!n || n >= sizeof f->name || !utf8_valid(f->name, n, NULL))
        return err_field(e, GK_EINVAL, "file", "a released file needs a name of 1 to %zu bytes of UTF-8",
                         sizeof f->name - 1);
    for (const char *p = f->name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '/' || *p == '\\' || *p == 0x7f)
            return err_field(e, GK_EINVAL, "file", "'%s': a file name has no slashes or control characters", f->name);
    if (strcmp(f->name, ".") == 0 || strcmp(f->name, "..") == 0)
        return err_field(e, GK_EINVAL, "file", "'%s' is not a file name", f->name);
    if (f->len > (size_t)APP_CHAIN_FILE_MAX_MB * 1024 * 1024)
        return err_field(e, GK_EINVAL, "file", "%s: %zu bytes is over the limit of %d MiB for a released file", f->name,
                         f->len, APP_CHAIN_FILE_MAX_MB);
    return 0;
}

/* A draft's files replace the files of the drafts before it. */
static int put_files(store_t *s, const struct app *a, const char *actor, const struct store_chain_file *files,
                     size_t n, const char *now, err *e)
{
    int rc = db_run(s->db, e, NULL, "DELETE FROM app_chain_file WHERE application_id = ? AND agency_id = ?", "ii",
                    a->id, a->agency_id);
    for (size_t i = 0; !rc && i < n; i++) {
        char sha[65];
        doc_content_hash(files[i].data, files[i].len, sha);
        db_stmt *st;
        if ((rc = db_prepare(s->db,
                             "INSERT INTO app_chain_file(application_id, agency_id, name, sha256, size, data, "
                             "added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st, e)))
            break;
        db_bind_int(st, 1, a->id);
        db_bind_int(st, 2, a->agency_id);
        db_bind_text(st, 3, files[i].name);
        db_bind_text(st, 4, sha);
        db_bind_int(st, 5, (int64_t)files[i].len);
        db_bind_blob(st, 6, files[i].data ? files[i].data : "", files[i].len);
        db_bind_text(st, 7, actor && *actor ? actor : "system");
        db_bind_text(st, 8, now);
        rc = db_done(st, db_step(st, e));
    }
    return rc;
}

int store_chain_save(store_t *s, const struct app *a, const struct app_chain *before, struct app_chain *after,
                     const char *actor, int action, const char *summary, const struct store_chain_file *files,
                     size_t nfiles, err *e)
{
    if (action < 1 || action > APP_CA_NACTIONS || after->state < 0 || after->state > APP_CH_NSTATES ||
        before->app_id != a->id || after->app_id != a->id || after->version != before->version)
        return err_set(e, GK_EINVAL, "store", "a handling step must be saved over the chain it was applied to");
    if (nfiles && action != APP_CA_DRAFT)
        return err_set(e, GK_EINVAL, "file", "files are released with a draft only");
    for (size_t i = 0; i < nfiles; i++) {
        int rc = check_file(&files[i], e);
        if (rc)
            return rc;
    }
    char now[32];
    store_now(now);
    const char *event = app_chain_actions[action].code;
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    if (!(rc = write_chain(s, before, after, e)) && action == APP_CA_DRAFT)
        rc = put_files(s, a, actor, files, nfiles, now, e);
    if (!rc)
        rc = store_app_step_add(s, a, actor, event, after->last_on, summary, now, e);
    if (!rc)
        rc = store_audit_pair(s, a->agency_id, actor, "application", a->id, event, chain_json, before, after, e);
    return store_end_save(s, rc, &after->version, before->version, e);
}

int store_chain_issue_tx(store_t *s, const struct app *after, err *e)
{
    struct app_chain *c = xmalloc(sizeof *c), *was = xmalloc(sizeof *was);
    int rc = store_chain_get(s, after, c, e);
    if (!rc) {
        *was = *c;
        rc = app_chain_issue(c, after, e);
    }
    if (!rc)
        rc = write_chain(s, was, c, e);
    free(c);
    free(was);
    return rc;
}

struct files_arg {
    bool with_data;
    struct store_chain_file *v;
    size_t n, cap;
};

static int file_row(db_stmt *st, void *arg)
{
    struct files_arg *x = arg;
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 4;
        x->v = xrealloc(x->v, x->cap * sizeof *x->v);
    }
    struct store_chain_file *f = &x->v[x->n++];
    memset(f, 0, sizeof *f);
    store_copy_col(st, 0, f->name, sizeof f->name);
    store_copy_col(st, 1, f->sha256, sizeof f->sha256);
    f->len = (size_t)db_col_int(st, 2);
    if (x->with_data) {
        size_t n = 0;
        const void *p = db_col_blob(st, 3, &n);
        void *copy = xmalloc(n ? n : 1);
        if (n)
            memcpy(copy, p, n);
        f->data = copy;
        f->len = n;
    }
    return 0;
}

int store_chain_files(store_t *s, const struct app *a, bool with_data, struct store_chain_file **out, size_t *n,
                      err *e)
{
    struct files_arg x = {with_data, NULL, 0, 0};
    int rc = db_collect(s->db, e, file_row, &x,
                        with_data ? "SELECT name, sha256, size, data FROM app_chain_file "
                                    "WHERE application_id = ? AND agency_id = ? ORDER BY id"
                                  : "SELECT name, sha256, size FROM app_chain_file "
                                    "WHERE application_id = ? AND agency_id = ? ORDER BY id",
                        "ii", a->id, a->agency_id);
    if (rc) {
        store_chain_files_free(x.v, x.n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    *out = x.v;
    *n = x.n;
    return 0;
}

void store_chain_files_free(struct store_chain_file *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        free((void *)f[i].data);
    free(f);
}

struct queue_arg {
    int (*fn)(const struct store_chain_item *, void *);
    void *arg;
    struct app_chain c;
};

static int queue_row(db_stmt *st, void *arg)
{
    struct queue_arg *x = arg;
    struct store_chain_item it = {0};
    chain_row(st, &x->c);
    it.chain = &x->c;
    int n = db_col_count(st);
    store_copy_col(st, n - 3, it.app_no, sizeof it.app_no);
    store_copy_col(st, n - 2, it.request, sizeof it.request);
    it.due = store_col_date(st, n - 1);
    return x->fn(&it, x->arg);
}

int store_chain_queue(store_t *s, int64_t agency_id, int state, const char *handler,
                      int (*fn)(const struct store_chain_item *, void *), void *arg, err *e)
{
    if (state < APP_CH_ASSIGNED || state > APP_CH_NSTATES)
        return err_set(e, GK_EINVAL, "state", "a queue is of one state of the handling chain");
    struct queue_arg *x = xcalloc(1, sizeof *x);
    x->fn = fn;
    x->arg = arg;
    static const char *const cols =
        "c.application_id, c.agency_id, c.state, c.handler, c.assigned_by, c.assigned_on, c.drafter, "
        "c.drafted_on, c.outcome, c.detail, c.refer_to, c.letter, c.docs, c.approver, c.decided_on, c.comment, "
        "c.returns, c.last_on, c.version, a.app_no, a.request, a.due";
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT %s FROM app_chain c JOIN application a ON a.id = c.application_id "
             "WHERE c.agency_id = ? AND c.state = ?%s ORDER BY a.due IS NULL, a.due, a.id", cols,
             handler ? " AND c.handler = ?" : "");
    int rc = handler ? db_collect(s->db, e, queue_row, x, sql, "iss", agency_id, app_chain_states[state].code, handler)
                     : db_collect(s->db, e, queue_row, x, sql, "is", agency_id, app_chain_states[state].code);
    free(x);
    return rc;
}
