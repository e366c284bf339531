/* store — applications that come in online: one-time form tokens (a form
 * submitted twice creates one application) and the intake under limits
 * with the surge brake (issue 11). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/app_internal.h"

/* ---- one-time form tokens (migration 008) ---- */

int store_form_token_put(store_t *s, int64_t agency_id, const char *token, const char *kind, int64_t record_id,
                         err *e)
{
    char now[32];
    store_now(now);
    return db_run(s->db, e, NULL,
                  "INSERT INTO form_token(token, agency_id, kind, record_id, created_at) VALUES (?, ?, ?, ?, ?)",
                  "sisis", token, agency_id, kind, record_id, now);
}

struct token_out { char *kind; int64_t *record_id; };

static void token_row(db_stmt *st, void *arg)
{
    const struct token_out *o = arg;
    store_copy_col(st, 0, o->kind, 32);
    *o->record_id = db_col_int(st, 1);
}

int store_form_token_get(store_t *s, int64_t agency_id, const char *token, char kind[32], int64_t *record_id,
                         err *e)
{
    struct token_out o = {kind, record_id};
    int rc = db_query_one(s->db, e, token_row, &o,
                          "SELECT kind, record_id FROM form_token WHERE token = ? AND agency_id = ?", "si", token,
                          agency_id);
    return db_found(rc, e, "form_token", "this form has not been submitted yet");
}

int store_app_add_once(store_t *s, struct app *a, const char *actor, const char *form_token, bool *again, err *e)
{
    *again = false;
    if (!store_app_valid_codes(a, e))
        return e->code;
    if (!form_token || !*form_token)
        return store_app_add_form(s, a, actor, NULL, e);
    int64_t agency_id = a->agency_id;
    /* a second try finds the token of a concurrent submission that won the race */
    for (int attempt = 0;; attempt++) {
        char kind[32], idt[24];
        int64_t id;
        int rc = store_form_token_get(s, agency_id, form_token, kind, &id, e);
        if (rc == 0) {
            if (strcmp(kind, "application") != 0)
                return err_set(e, GK_EINVAL, "form_token", "this form token was used for a %s", kind);
            snprintf(idt, sizeof idt, "%lld", (long long)id);
            if ((rc = store_app_get(s, agency_id, idt, a, e)) == 0)
                *again = true;
            return rc;
        }
        if (rc != GK_ENOTFOUND)
            return rc;
        rc = store_app_add_form(s, a, actor, form_token, e);
        if (rc != GK_EINVAL || attempt)   /* GK_EINVAL: a constraint, the token taken meanwhile */
            return rc;
    }
}

/* ---- intake: limits and the surge brake ---- */

/* Events of kind/key since `since`: how many, and when the one that must
 * expire for the count to drop below max was recorded (0 when under max). */
static int rate_window(store_t *s, const char *kind, const char *key, int64_t since, int64_t max, int64_t *n,
                       int64_t *oldest, err *e)
{
    int rc = store_rate_count(s, kind, key, since, n, e);
    char hk[SEAL_HASH_HEX];
    key = store_rate_key(s, kind, key, hk);
    *oldest = 0;
    if (rc || *n < max)
        return rc;
    db_stmt *st;
    if ((rc = db_prepare(s->db, "SELECT at FROM rate_event WHERE kind = ? AND key = ? AND at >= ? ORDER BY at LIMIT 1 OFFSET ?",
                         &st, e)))
        return rc;
    db_bind_text(st, 1, kind);
    db_bind_text(st, 2, key);
    db_bind_int(st, 3, since);
    db_bind_int(st, 4, *n - max);
    rc = db_step(st, e);
    if (rc == 1)
        *oldest = db_col_int(st, 0);
    return db_done(st, rc);
}

/* Checks the limits and the brake inside the transaction; refused is set
 * when a limit is full. */
static int intake_check(store_t *s, struct store_intake *in, err *e)
{
    int64_t n, oldest;
    int rc;
    for (int i = 0; i < in->nlimits; i++) {
        const struct store_limit *l = &in->limits[i];
        if (!l->key || !*l->key || l->max <= 0)
            continue;
        if ((rc = rate_window(s, l->kind, l->key, in->now - l->window_s, l->max, &n, &oldest, e)))
            return rc;
        if (n >= l->max) {
            in->refused = i;
            in->retry_at = oldest + l->window_s;
            return 0;
        }
    }
    if (in->surge_max > 0) {
        if ((rc = store_rate_count(s, "apply_all", "all", in->now - 3600, &n, e)))
            return rc;
        in->surge = n >= in->surge_max;
    }
    return 0;
}

static int intake_record(store_t *s, const struct app *a, const struct store_intake *in, const char *actor, err *e)
{
    int rc = 0;
    for (int i = 0; i < in->nlimits && !rc; i++)
        if (in->limits[i].key && *in->limits[i].key)
            rc = store_rate_add(s, in->limits[i].kind, in->limits[i].key, in->now, e);
    if (!rc && in->surge_max > 0)
        rc = store_rate_add(s, "apply_all", "all", in->now, e);
    if (!rc && in->surge &&
        !(rc = db_run(s->db, e, NULL, "UPDATE application SET intake = 'surge' WHERE id = ?", "i", a->id)))
        rc = store_audit_add(s, a->agency_id, actor, "application", a->id, "intake", NULL,
                             "{\"intake\":\"surge\"}", e);
    return rc;
}

int store_app_intake(store_t *s, struct app *a, const char *actor, struct store_intake *in, err *e)
{
    in->refused = -1;
    in->retry_at = 0;
    in->surge = false;
    char now[32];
    int rc = store_app_add_begin(s, a, now, e);
    if (rc)
        return rc;
    /* the same form again: its first result, no limit counted (the lock below
     * also settles two submissions of one form racing) */
    if (in->form_token && *in->form_token) {
        char kind[32], idt[24];
        int64_t id;
        if (!(rc = db_run(s->db, e, NULL, "UPDATE agency SET code = code WHERE id = ?", "i", a->agency_id)) &&
            !(rc = store_form_token_get(s, a->agency_id, in->form_token, kind, &id, e))) {
            snprintf(idt, sizeof idt, "%lld", (long long)id);
            if (strcmp(kind, "application") != 0)
                rc = err_set(e, GK_EINVAL, "form_token", "this form token was used for a %s", kind);
            else if (!(rc = store_app_get(s, a->agency_id, idt, a, e)))
                in->again = true;
            store_rollback(s);
            return rc;
        }
        if (rc != GK_ENOTFOUND) {
            store_rollback(s);
            return rc;
        }
    }
    /* Serialise intake per agency: SQLite's BEGIN IMMEDIATE already does;
     * on PostgreSQL this row lock makes the counts and the insert atomic. */
    if (!(rc = db_run(s->db, e, NULL, "UPDATE agency SET code = code WHERE id = ?", "i", a->agency_id)) &&
        !(rc = intake_check(s, in, e)) && in->refused < 0 && !(rc = store_app_add_tx(s, a, actor, in->form_token && *in->form_token ? in->form_token : NULL, now, e)))
        rc = intake_record(s, a, in, actor, e);
    if (rc || in->refused >= 0) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

static const char *const intake_verdicts[] = {"genuine", "spam", NULL};

int store_app_intake_set(store_t *s, int64_t agency_id, const char *no, const char *verdict, const char *reason,
                         const char *actor, err *e)
{
    bool known = false;
    for (int i = 0; intake_verdicts[i]; i++)
        known |= verdict && strcmp(verdict, intake_verdicts[i]) == 0;
    if (!known)
        return err_set(e, GK_EINVAL, "intake", "the verdict must be genuine or spam");
    if (!reason || !*reason || strlen(reason) > 1000)
        return err_set(e, GK_EINVAL, "reason", "a reason is required (at most 1000 bytes)");
    struct app *a = xmalloc(sizeof *a);
    int rc = store_begin(s, e);
    if (!rc && !(rc = store_app_get(s, agency_id, no, a, e))) {
        db_stmt *st;
        buf before, after;
        buf_init(&before);
        buf_init(&after);
        if (!(rc = db_prepare(s->db, "SELECT intake FROM application WHERE id = ?", &st, e))) {
            db_bind_int(st, 1, a->id);
            if ((rc = db_step(st, e)) == 1) {
                buf_puts(&before, "{\"intake\":");
                buf_json_str(&before, db_col_text(st, 0));
                buf_puts(&before, "}");
                rc = 0;
            }
            db_finalize(st);
        }
        buf_puts(&after, "{\"intake\":");
        buf_json_str(&after, verdict);
        buf_puts(&after, ",\"reason\":");
        buf_json_str(&after, reason);
        buf_puts(&after, "}");
        if (!rc && !(rc = db_run(s->db, e, NULL, "UPDATE application SET intake = ?, intake_reason = ? WHERE id = ?",
                                 "ssi", verdict, reason, a->id)))
            rc = store_audit_add(s, agency_id, actor, "application", a->id, "intake", before.data, after.data, e);
        buf_free(&before);
        buf_free(&after);
    }
    free(a);
    return store_end(s, rc, e);
}

struct intake_each {
    store_t *s;
    struct app *a;
    int (*fn)(const struct app *, const char *intake, const char *reason, void *);
    void *arg;
    err *e;
};

static int intake_row(db_stmt *st, void *arg)
{
    struct intake_each *x = arg;
    int rc = store_app_row(x->s, st, x->a, x->e), ncols = db_col_count(st);
    return rc ? rc : x->fn(x->a, db_col_text(st, ncols - 2), db_col_text(st, ncols - 1), x->arg) ? 1 : 0;
}

int store_app_intake_list(store_t *s, int64_t agency_id, const char *intake, int limit,
                          int (*fn)(const struct app *, const char *intake, const char *reason, void *), void *arg,
                          err *e)
{
    struct intake_each x = {s, xmalloc(sizeof *x.a), fn, arg, e};
    int rc = db_each(s->db, e, intake_row, &x,
                     "SELECT " APP_COLS ", intake, intake_reason FROM application WHERE agency_id = ? AND "
                     "(intake = ? OR (? = '' AND intake <> '')) ORDER BY id DESC LIMIT ?",
                     "issI", agency_id, intake ? intake : "", intake ? intake : "", limit > 0 ? limit : 200);
    free(x.a);
    return rc;
}

/* "2024-00012" -> 2024, 12 */
