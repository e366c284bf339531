/* store — the application register: applications, their steps, the public
 * follow-up and the report tally (bulk loading: app_bulk.c). See store.h
 * ("applications").
 * The store keeps what src/disclosure/ decided; it never decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/app_internal.h"

/* ---- codes and dates ---- */

static int channel_from(const char *s)
{
    for (int i = 1; i <= APP_NCHANNELS; i++)
        if (strcmp(app_channels[i].code, s) == 0)
            return i;
    return 0;
}

static int delivery_from(const char *s)
{
    for (int i = 1; i <= APP_NDELIVERY; i++)
        if (strcmp(app_deliveries[i].code, s) == 0)
            return i;
    return 0;
}

static int due_kind_from(const char *s)
{
    for (int i = APP_DUE_REPLY; i <= APP_DUE_FEE; i++)
        if (strcmp(app_due_codes[i], s) == 0)
            return i;
    return APP_DUE_NONE;
}

static void col_str(db_stmt *st, int c, char *dst, size_t cap) { store_copy_col(st, c, dst, cap); }

/* A tracking code for the public: 12 characters from an alphabet without
 * look-alikes (60 bits), shown as XXXX-XXXX-XXXX. */
static void tracking_code(char out[16], const unsigned char rnd[12])
{
    static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    int k = 0;
    for (int i = 0; i < 12; i++) {
        if (i && i % 4 == 0)
            out[k++] = '-';
        out[k++] = alpha[rnd[i] & 31];
    }
    out[k] = 0;
}

static int random_bytes(unsigned char *p, size_t n, err *e)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r < 0)
            return err_set(e, GK_EIO, "store", "no random bytes for a tracking code");
        got += (size_t)r;
    }
    return 0;
}

/* A new public follow-up code (store_internal.h). */
int store_new_tracking(char out[16], err *e)
{
    unsigned char rnd[12];
    int rc = random_bytes(rnd, sizeof rnd, e);
    if (!rc)
        tracking_code(out, rnd);
    return rc;
}

/* ---- columns ---- */

#define APP_COLS \
    "id, agency_id, app_no, tracking, channel, submitted, received, kind, name, id_number, phone, email, " \
    "address, request, delivery, state, clock_start, sup_notice, sup_by, sup_received, sup_what, " \
    "consult_kind, consult_party, consult_start, consult_due, consults, stopped_days, ext_days, ext_on, " \
    "ext_by, ext_reason, fee_method, fee_yuan, fee_notice, fee_pay_by, fee_settled, fee_waived, " \
    "fee_working, outcome, concluded, detail, refer_to, reply_due, due, due_kind, last_step, version, id_type, " \
    APP_COLS_DELIVERY
/* delivery (migration 022), read after the rest */
#define APP_COLS_DELIVERY "dl_how, delivered, dl_ref, dl_proof"

/* Personal fields are sealed at rest (seal_internal.h): opened here, so the
 * rest of gongkai sees clear values; an error names the application. */
static int open_personal(store_t *s, db_stmt *st, int c, struct app *a, err *e)
{
    struct { const char *field; char *dst; size_t cap; } f[] = {
        {"name", a->name, sizeof a->name},       {"id_number", a->id_number, sizeof a->id_number},
        {"phone", a->phone, sizeof a->phone},    {"email", a->email, sizeof a->email},
        {"address", a->address, sizeof a->address},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        int rc = seal_open_text(s->keys, f[i].field, db_col_text(st, c + (int)i), f[i].dst, f[i].cap, e);
        if (rc) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e ? e->msg : "does not open");
            return err_set(e, rc, f[i].field, "application %s: %s", a->no, why);
        }
    }
    return 0;
}

static int app_row(store_t *s, db_stmt *st, struct app *a, err *e)
{
    memset(a, 0, sizeof *a);
    int c = 0;
    a->id = db_col_int(st, c++);
    a->agency_id = db_col_int(st, c++);
    col_str(st, c++, a->no, sizeof a->no);
    col_str(st, c++, a->tracking, sizeof a->tracking);
    a->channel = channel_from(db_col_text(st, c++));
    a->submitted = store_col_date(st, c++);
    a->received = store_col_date(st, c++);
    a->kind = app_kind_from_code(db_col_text(st, c++));
    int personal = c;
    c += 5;
    col_str(st, c++, a->request, sizeof a->request);
    a->delivery = delivery_from(db_col_text(st, c++));
    a->state = app_state_from_code(db_col_text(st, c++));
    a->clock_start = store_col_date(st, c++);
    a->sup_notice = store_col_date(st, c++);
    a->sup_by = store_col_date(st, c++);
    a->sup_received = store_col_date(st, c++);
    col_str(st, c++, a->sup_what, sizeof a->sup_what);
    a->consult_kind = (int)db_col_int(st, c++);
    col_str(st, c++, a->consult_party, sizeof a->consult_party);
    a->consult_start = store_col_date(st, c++);
    a->consult_due = store_col_date(st, c++);
    a->consults = (int)db_col_int(st, c++);
    a->stopped_days = (int)db_col_int(st, c++);
    a->ext_days = (int)db_col_int(st, c++);
    a->ext_on = store_col_date(st, c++);
    col_str(st, c++, a->ext_by, sizeof a->ext_by);
    col_str(st, c++, a->ext_reason, sizeof a->ext_reason);
    a->fee_method = (int)db_col_int(st, c++);
    a->fee_yuan = db_col_int(st, c++);
    a->fee_notice = store_col_date(st, c++);
    a->fee_pay_by = store_col_date(st, c++);
    a->fee_settled = store_col_date(st, c++);
    a->fee_waived = db_col_int(st, c++) != 0;
    col_str(st, c++, a->fee_working, sizeof a->fee_working);
    col_str(st, c++, a->outcome, sizeof a->outcome);
    a->concluded = store_col_date(st, c++);
    col_str(st, c++, a->detail, sizeof a->detail);
    col_str(st, c++, a->refer, sizeof a->refer);
    a->reply_due = store_col_date(st, c++);
    a->due = store_col_date(st, c++);
    a->due_kind = due_kind_from(db_col_text(st, c++));
    a->last_step = store_col_date(st, c++);
    a->version = (int)db_col_int(st, c++);
    col_str(st, c++, a->id_type, sizeof a->id_type);
    a->dl_how = delivery_from(db_col_text(st, c++));
    a->delivered = store_col_date(st, c++);
    int dl_ref = c++;
    col_str(st, c++, a->dl_proof, sizeof a->dl_proof);
    int rc = seal_open_text(s->keys, "dl_ref", db_col_text(st, dl_ref), a->dl_ref, sizeof a->dl_ref, e);
    if (rc)
        return rc;
    return open_personal(s, st, personal, a, e);
}

#define APP_MUTABLE_SET \
    "state = ?, clock_start = ?, sup_notice = ?, sup_by = ?, sup_received = ?, sup_what = ?, " \
    "consult_kind = ?, consult_party = ?, consult_start = ?, consult_due = ?, consults = ?, " \
    "stopped_days = ?, ext_days = ?, ext_on = ?, ext_by = ?, ext_reason = ?, fee_method = ?, " \
    "fee_yuan = ?, fee_notice = ?, fee_pay_by = ?, fee_settled = ?, fee_waived = ?, fee_working = ?, " \
    "outcome = ?, concluded = ?, detail = ?, refer_to = ?, reply_due = ?, due = ?, due_kind = ?, last_step = ?"
#define Q31 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

static int bind_mutable(db_stmt *st, int i, const struct app *a)
{
    db_bind_text(st, i++, app_states[a->state].code);
    store_bind_date(st, i++, a->clock_start);
    store_bind_date(st, i++, a->sup_notice);
    store_bind_date(st, i++, a->sup_by);
    store_bind_date(st, i++, a->sup_received);
    db_bind_text(st, i++, a->sup_what);
    db_bind_int(st, i++, a->consult_kind);
    db_bind_text(st, i++, a->consult_party);
    store_bind_date(st, i++, a->consult_start);
    store_bind_date(st, i++, a->consult_due);
    db_bind_int(st, i++, a->consults);
    db_bind_int(st, i++, a->stopped_days);
    db_bind_int(st, i++, a->ext_days);
    store_bind_date(st, i++, a->ext_on);
    db_bind_text(st, i++, a->ext_by);
    db_bind_text(st, i++, a->ext_reason);
    db_bind_int(st, i++, a->fee_method);
    db_bind_int(st, i++, a->fee_yuan);
    store_bind_date(st, i++, a->fee_notice);
    store_bind_date(st, i++, a->fee_pay_by);
    store_bind_date(st, i++, a->fee_settled);
    db_bind_int(st, i++, a->fee_waived);
    db_bind_text(st, i++, a->fee_working);
    db_bind_text(st, i++, a->outcome[0] ? a->outcome : NULL);
    store_bind_date(st, i++, a->concluded);
    db_bind_text(st, i++, a->detail);
    db_bind_text(st, i++, a->refer);
    store_bind_date(st, i++, a->reply_due);
    store_bind_date(st, i++, a->due);
    db_bind_text(st, i++, app_due_codes[a->due_kind]);
    store_bind_date(st, i++, a->last_step);
    return i;
}

static const char insert_sql[] =
    "INSERT INTO application(" STORE_APP_INSERT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, " Q31 ") RETURNING id";

bool store_app_valid_codes(const struct app *a, err *e)
{
    if (a->channel < 1 || a->channel > APP_NCHANNELS || a->delivery < 1 || a->delivery > APP_NDELIVERY ||
        a->kind < COL_NATURAL || a->kind >= COL_TOTAL || a->state < 1 || a->state > APP_NSTATES ||
        a->due_kind < APP_DUE_NONE || a->due_kind > APP_DUE_FEE || !a->received) {
        err_set(e, GK_EINVAL, "store", "an application must be checked (app_register) before it is stored");
        return false;
    }
    return true;
}

void store_app_bind_new(db_stmt *st, struct app *a, const struct store_sealed *sv, int year, int seq,
                        const char *now)
{
    snprintf(a->no, sizeof a->no, "%d-%05d", year, seq);
    int i = 1;
    db_bind_int(st, i++, a->agency_id);
    db_bind_int(st, i++, year);
    db_bind_int(st, i++, seq);
    db_bind_text(st, i++, a->no);
    db_bind_text(st, i++, a->tracking);
    db_bind_text(st, i++, app_channels[a->channel].code);
    store_bind_date(st, i++, a->submitted);
    store_bind_date(st, i++, a->received);
    db_bind_text(st, i++, rpt_col_keys[a->kind]);
    db_bind_text(st, i++, sv->f[SEALED_NAME].data);
    db_bind_text(st, i++, sv->f[SEALED_ID].data);
    db_bind_text(st, i++, sv->f[SEALED_PHONE].data);
    db_bind_text(st, i++, sv->phone_hash);
    db_bind_text(st, i++, sv->f[SEALED_EMAIL].data);
    db_bind_text(st, i++, sv->f[SEALED_ADDRESS].data);
    db_bind_text(st, i++, a->request);
    db_bind_text(st, i++, app_deliveries[a->delivery].code);
    db_bind_text(st, i++, now);
    db_bind_text(st, i++, now);
    db_bind_int(st, i++, sv->key);
    db_bind_text(st, i++, sv->who_hash);
    db_bind_text(st, i++, a->id_type);
    bind_mutable(st, i, a);
}

static int insert_row(store_t *s, struct app *a, int year, int seq, const char *now, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, insert_sql, &st, e);
    if (rc)
        return rc;
    struct store_sealed sv;
    if ((rc = store_seal_app(s, a, &sv, e))) {
        db_finalize(st);
        return rc;
    }
    store_app_bind_new(st, a, &sv, year, seq, now);
    rc = db_step(st, e);
    store_sealed_free(&sv);
    if (rc == 1) {
        a->id = db_col_int(st, 0);
        a->version = 1;
        rc = db_step(st, e);   /* complete the statement */
    } else if (rc == 0) {
        rc = err_set(e, GK_EIO, "store", "the new application got no id");
    }
    return db_done(st, rc);
}

int store_app_next_seq(store_t *s, int64_t agency_id, int year, int *seq, err *e)
{
    int64_t n = 1;
    int rc = db_query_int(s->db, e, &n,
                          "SELECT COALESCE(MAX(seq), 0) + 1 FROM application WHERE agency_id = ? AND year = ?", "iI",
                          agency_id, year);
    *seq = (int)n;
    return rc;
}

static int add_step(store_t *s, const struct app *a, const char *actor, const char *event, gk_day on,
                    const char *summary, const char *now, err *e)
{
    char d[11];
    date_format(on, d);
    return db_run(s->db, e, NULL,
                  "INSERT INTO app_step(application_id, agency_id, event, on_date, actor, recorded_at, summary) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  "iisssss", a->id, a->agency_id, event, d, actor && *actor ? actor : "system", now,
                  summary ? summary : "");
}

/* Numbers, inserts and audits one application inside the caller's
 * transaction; with form_token, keeps the token -> application mapping in
 * the same transaction (migration 008). */
static int app_add_tx(store_t *s, struct app *a, const char *actor, const char *form_token, const char *now, err *e)
{
    int y, m, d, seq = 0;
    date_to_ymd(a->received, &y, &m, &d);
    int rc;
    if ((rc = store_app_next_seq(s, a->agency_id, y, &seq, e)) || (rc = insert_row(s, a, y, seq, now, e)) ||
        (rc = add_step(s, a, actor, "register", a->received, "登记申请", now, e)) ||
        (rc = store_mail_on_step(s, a, "register", e)))
        return rc;
    buf j;
    buf_init(&j);
    app_to_json(a, false, &j);
    rc = store_audit_add(s, a->agency_id, actor, "application", a->id, "register", NULL, j.data, e);
    buf_free(&j);
    if (!rc && form_token)
        rc = store_form_token_put(s, a->agency_id, form_token, "application", a->id, e);
    return rc;
}

static int add_app(store_t *s, struct app *a, const char *actor, const char *form_token, err *e)
{
    if (!store_app_valid_codes(a, e))
        return e->code;
    char now[32];
    store_now(now);
    unsigned char rnd[12];
    int rc = random_bytes(rnd, sizeof rnd, e);
    if (rc)
        return rc;
    tracking_code(a->tracking, rnd);
    if ((rc = store_begin(s, e)))
        return rc;
    if ((rc = app_add_tx(s, a, actor, form_token, now, e))) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int store_app_add(store_t *s, struct app *a, const char *actor, err *e)
{
    return add_app(s, a, actor, NULL, e);
}

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

int store_form_token_get(store_t *s, int64_t agency_id, const char *token, char kind[32], int64_t *record_id,
                         err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db, "SELECT kind, record_id FROM form_token WHERE token = ? AND agency_id = ?", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, token);
    db_bind_int(st, 2, agency_id);
    rc = db_step(st, e);
    if (rc == 1) {
        store_copy_col(st, 0, kind, 32);
        *record_id = db_col_int(st, 1);
        rc = 0;
    } else if (rc == 0) {
        rc = err_set(e, GK_ENOTFOUND, "form_token", "this form has not been submitted yet");
    }
    db_finalize(st);
    return rc;
}

int store_app_add_once(store_t *s, struct app *a, const char *actor, const char *form_token, bool *again, err *e)
{
    *again = false;
    if (!store_app_valid_codes(a, e))
        return e->code;
    if (!form_token || !*form_token)
        return add_app(s, a, actor, NULL, e);
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
        rc = add_app(s, a, actor, form_token, e);
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
    if (!store_app_valid_codes(a, e))
        return e->code;
    char now[32];
    store_now(now);
    unsigned char rnd[12];
    int rc = random_bytes(rnd, sizeof rnd, e);
    if (rc)
        return rc;
    tracking_code(a->tracking, rnd);
    if ((rc = store_begin(s, e)))
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
        !(rc = intake_check(s, in, e)) && in->refused < 0 && !(rc = app_add_tx(s, a, actor, in->form_token && *in->form_token ? in->form_token : NULL, now, e)))
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
    if (rc) {
        store_rollback(s);
        return rc;
    }
    return store_commit(s, e);
}

int store_app_intake_list(store_t *s, int64_t agency_id, const char *intake, int limit,
                          int (*fn)(const struct app *, const char *intake, const char *reason, void *), void *arg,
                          err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT " APP_COLS ", intake, intake_reason FROM application WHERE agency_id = ? AND "
                        "(intake = ? OR (? = '' AND intake <> '')) ORDER BY id DESC LIMIT ?", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, intake ? intake : "");
    db_bind_text(st, 3, intake ? intake : "");
    db_bind_int(st, 4, limit > 0 ? limit : 200);
    struct app *a = xmalloc(sizeof *a);
    int ncols = db_col_count(st);
    while ((rc = db_step(st, e)) == 1) {
        if ((rc = app_row(s, st, a, e)))
            break;
        if (fn(a, db_col_text(st, ncols - 2), db_col_text(st, ncols - 1), arg)) {
            rc = 0;
            break;
        }
    }
    free(a);
    return db_done(st, rc);
}

/* "2024-00012" -> 2024, 12 */
static bool split_no(const char *no, int *year, int *seq)
{
    const char *dash = strchr(no, '-');
    int64_t y, q;
    if (!dash || !parse_i64(no, (size_t)(dash - no), &y) || !parse_i64(dash + 1, strlen(dash + 1), &q) || y < 1 ||
        y > 9999 || q < 1 || q > 99999999)
        return false;
    *year = (int)y;
    *seq = (int)q;
    return true;
}

int store_app_get(store_t *s, int64_t agency_id, const char *no, struct app *out, err *e)
{
    int64_t id = 0;
    int year = 0, seq = 0;
    bool by_id = no && *no && parse_i64(no, strlen(no), &id);
    if (!by_id && (!no || !split_no(no, &year, &seq)))
        return err_set(e, GK_ENOTFOUND, no ? no : "", "no application with this number in this agency");
    db_stmt *st;
    int rc = db_prepare(s->db,
                        by_id ? "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND id = ?"
                              : "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND year = ? AND seq = ?",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    if (by_id) {
        db_bind_int(st, 2, id);
    } else {
        db_bind_int(st, 2, year);
        db_bind_int(st, 3, seq);
    }
    rc = db_step(st, e);
    if (rc == 1 && (rc = app_row(s, st, out, e)) == 0)
        rc = 1;
    db_finalize(st);
    return db_found(rc, e, no ? no : "", "no application with this number in this agency");
}

/* The delivery columns (migration 022); dl_ref sealed like the personal fields. */
static int save_delivery(store_t *s, const struct app *a, err *e)
{
    buf ref;
    buf_init(&ref);
    int rc = seal_text(s->keys, "dl_ref", a->dl_ref, &ref, e);
    db_stmt *st = NULL;
    if (!rc)
        rc = db_prepare(s->db, "UPDATE application SET dl_how = ?, delivered = ?, dl_ref = ?, dl_proof = ? WHERE id = ?",
                        &st, e);
    if (!rc) {
        db_bind_text(st, 1, a->dl_how ? app_deliveries[a->dl_how].code : "");
        store_bind_date(st, 2, a->delivered);
        db_bind_text(st, 3, ref.data ? ref.data : "");
        db_bind_text(st, 4, a->dl_proof);
        db_bind_int(st, 5, a->id);
        rc = db_done(st, db_step(st, e));
    }
    buf_free(&ref);
    return rc;
}

static int save_proof(store_t *s, const struct app *a, const struct store_proof *p, const char *now, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "INSERT INTO app_proof(application_id, agency_id, name, ctype, data, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, a->id);
    db_bind_int(st, 2, a->agency_id);
    db_bind_text(st, 3, p->name ? p->name : "proof");
    db_bind_text(st, 4, p->ctype ? p->ctype : "application/octet-stream");
    db_bind_blob(st, 5, p->data, p->len);
    db_bind_text(st, 6, now);
    return db_done(st, db_step(st, e));
}

int store_app_proof(store_t *s, int64_t agency_id, int64_t app_id, struct store_proof_file *out, err *e)
{
    db_stmt *st;
    memset(out, 0, sizeof *out);
    int rc = db_prepare(s->db, "SELECT name, ctype, data FROM app_proof WHERE application_id = ? AND agency_id = ?", &st,
                        e);
    if (rc)
        return rc;
    db_bind_int(st, 1, app_id);
    db_bind_int(st, 2, agency_id);
    rc = db_step(st, e);
    if (rc == 1) {
        store_copy_col(st, 0, out->name, sizeof out->name);
        store_copy_col(st, 1, out->ctype, sizeof out->ctype);
        size_t n = 0;
        const void *p = db_col_blob(st, 2, &n);
        buf_init(&out->data);
        buf_append(&out->data, p, n);
    }
    db_finalize(st);
    return db_found(rc, e, "proof", "no proof file was kept with this delivery");
}

int store_app_save(store_t *s, const struct app *before, struct app *after, const char *actor,
                   const char *event, gk_day on, const char *summary, err *e)
{
    return store_app_save_proof(s, before, after, actor, event, on, summary, NULL, e);
}

int store_app_save_proof(store_t *s, const struct app *before, struct app *after, const char *actor,
                         const char *event, gk_day on, const char *summary, const struct store_proof *proof, err *e)
{
    if (!store_app_valid_codes(after, e))
        return e->code;
    if (after->id != before->id || after->version != before->version)
        return err_set(e, GK_EINVAL, "store", "a step must be saved over the application it was applied to");
    char now[32];
    store_now(now);
    int rc = store_begin(s, e);
    if (rc)
        return rc;
    db_stmt *st;
    rc = db_prepare(s->db,
                    "UPDATE application SET " APP_MUTABLE_SET ", version = version + 1, updated_at = ? "
                    "WHERE id = ? AND agency_id = ? AND version = ?", &st, e);
    if (!rc) {
        int i = bind_mutable(st, 1, after);
        db_bind_text(st, i++, now);
        db_bind_int(st, i++, before->id);
        db_bind_int(st, i++, before->agency_id);
        db_bind_int(st, i++, before->version);
        rc = db_step(st, e);
        int64_t changed = db_changes(s->db);
        db_finalize(st);
        if (rc == 0 && changed != 1)
            rc = err_set(e, GK_ESTATE, before->no,
                         "the application was changed by someone else meanwhile: look at it again and retry");
    }
    if (!rc && strcmp(event, app_events[APP_EV_ANSWER].code) == 0)
        rc = store_chain_issue_tx(s, after, e);   /* only an approved reply is answered (issue 18) */
    if (!rc && (after->dl_how != before->dl_how || after->delivered != before->delivered))
        rc = save_delivery(s, after, e);
    if (!rc && proof && proof->data)
        rc = save_proof(s, after, proof, now, e);
    if (!rc)
        rc = add_step(s, after, actor, event, on, summary, now, e);
    if (!rc)
        rc = store_mail_on_step(s, after, event, e);
    if (!rc) {
        buf b, a;
        buf_init(&b);
        buf_init(&a);
        app_to_json(before, false, &b);
        app_to_json(after, false, &a);
        rc = store_audit_add(s, after->agency_id, actor, "application", after->id, event, b.data, a.data, e);
        buf_free(&b);
        buf_free(&a);
    }
    if (rc) {
        store_rollback(s);
        return rc < 0 ? rc : GK_EIO;
    }
    if ((rc = store_commit(s, e)))
        return rc;
    after->version = before->version + 1;
    return 0;
}

int store_app_steps(store_t *s, int64_t app_id, int (*fn)(const struct store_app_step *, void *), void *arg,
                    err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT id, event, on_date, actor, recorded_at, summary FROM app_step "
                        "WHERE application_id = ? ORDER BY id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, app_id);
    while ((rc = db_step(st, e)) == 1) {
        struct store_app_step p = {0};
        p.id = db_col_int(st, 0);
        col_str(st, 1, p.event, sizeof p.event);
        col_str(st, 2, p.on_date, sizeof p.on_date);
        col_str(st, 3, p.actor, sizeof p.actor);
        col_str(st, 4, p.recorded_at, sizeof p.recorded_at);
        p.summary = db_col_text(st, 5);
        if (fn(&p, arg)) {
            rc = 0;
            break;
        }
    }
    return db_done(st, rc);
}

/* Runs a SELECT of APP_COLS and calls fn per row. */
static int each_app(store_t *s, db_stmt *st, int (*fn)(const struct app *, void *), void *arg, err *e)
{
    struct app *a = xmalloc(sizeof *a);
    int rc;
    while ((rc = db_step(st, e)) == 1) {
        if ((rc = app_row(s, st, a, e)))
            break;
        if (fn(a, arg)) {
            rc = 0;
            break;
        }
    }
    free(a);
    return db_done(st, rc);
}

int store_app_list(store_t *s, const struct store_app_filter *f, int (*fn)(const struct app *, void *),
                   void *arg, err *e)
{
    buf sql;
    buf_init(&sql);
    buf_puts(&sql, "SELECT " APP_COLS " FROM application WHERE agency_id = ?");
    /* conditions in a fixed order, bound in the same order */
    if (f->state > 0) buf_puts(&sql, " AND state = ?");
    if (f->open_only) buf_puts(&sql, " AND outcome IS NULL");
    if (f->year) buf_puts(&sql, " AND year = ?");
    if (f->kind >= 0) buf_puts(&sql, " AND kind = ?");
    if (f->since) buf_puts(&sql, " AND received >= ?");
    if (f->until) buf_puts(&sql, " AND received <= ?");
    if (f->undelivered) buf_puts(&sql, " AND state = 'answered' AND dl_how = ''");
    buf_puts(&sql, " ORDER BY received DESC, id DESC LIMIT ? OFFSET ?");
    db_stmt *st;
    int rc = db_prepare(s->db, sql.data, &st, e);
    buf_free(&sql);
    if (rc)
        return rc;
    int i = 1;
    db_bind_int(st, i++, f->agency_id);
    if (f->state > 0) db_bind_text(st, i++, app_states[f->state].code);
    if (f->year) db_bind_int(st, i++, f->year);
    if (f->kind >= 0) db_bind_text(st, i++, rpt_col_keys[f->kind]);
    if (f->since) db_bind_text(st, i++, f->since);
    if (f->until) db_bind_text(st, i++, f->until);
    db_bind_int(st, i++, f->limit > 0 ? f->limit : 100);
    db_bind_int(st, i++, f->offset > 0 ? f->offset : 0);
    return each_app(s, st, fn, arg, e);
}

int store_app_due(store_t *s, int64_t agency_id, gk_day until, int (*fn)(const struct app *, void *), void *arg,
                  err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND due IS NOT NULL AND due <= ? AND intake <> 'spam' "
                        "ORDER BY due, received, id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    store_bind_date(st, 2, until);
    return each_app(s, st, fn, arg, e);
}

int store_app_redated(store_t *s, int64_t agency_id, gk_day since, int (*fn)(const struct app *, void *),
                      void *arg, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT " APP_COLS " FROM application WHERE agency_id = ? AND outcome IS NULL AND id IN "
                        "(SELECT application_id FROM app_step WHERE agency_id = ? AND event = 'redate' AND on_date >= ?) "
                        "ORDER BY due, received, id", &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, agency_id);
    store_bind_date(st, 3, since);
    return each_app(s, st, fn, arg, e);
}

int store_app_nth_in_month(store_t *s, const struct app *a, int *nth, err *e)
{
    int y, m, d;
    date_to_ymd(a->received, &y, &m, &d);
    gk_day first = date_from_ymd(y, m, 1);
    char from[11], rec[11], who[SEAL_HASH_HEX];
    date_format(first, from);
    date_format(a->received, rec);
    store_who_hash(s, a, who);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT COUNT(*) FROM application WHERE agency_id = ? AND received >= ? AND "
                        "(received < ? OR (received = ? AND id <= ?)) AND who_hash = ?",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, a->agency_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, rec);
    db_bind_text(st, 4, rec);
    db_bind_int(st, 5, a->id);
    db_bind_text(st, 6, who);
    rc = db_step(st, e);
    if (rc == 1)
        *nth = (int)db_col_int(st, 0);
    return db_done(st, rc);
}

int store_app_public_status(store_t *s, const char *tracking, const char *phone, struct store_app_public *out,
                            err *e)
{
    char digits[32], hash[SEAL_HASH_HEX];
    app_phone_digits(phone, digits);
    store_phone_hash(s, digits, hash);
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT state, received, reply_due, concluded, agency_id, dl_how, delivered, app_no FROM application "
                        "WHERE tracking = ? AND phone_hash = ? AND ? <> ''", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, tracking ? tracking : "");
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, digits);
    rc = db_step(st, e);
    if (rc == 1) {
        memset(out, 0, sizeof *out);
        out->state = app_state_from_code(db_col_text(st, 0));
        out->received = store_col_date(st, 1);
        out->reply_due = store_col_date(st, 2);
        out->concluded = store_col_date(st, 3);
        out->agency_id = db_col_int(st, 4);
        out->dl_how = delivery_from(db_col_text(st, 5));
        out->delivered = store_col_date(st, 6);
        col_str(st, 7, out->no, sizeof out->no);
    }
    db_finalize(st);
    return db_found(rc, e, "follow-up", "no application matches this tracking code and phone number");
}

/* ---- the report ---- */

int store_app_tally(store_t *s, int64_t agency_id, int year, int (*fn)(const struct app_tally *, void *),
                    void *arg, err *e)
{
    char start[11], end[11];
    date_format(date_from_ymd(year, 1, 1), start);
    date_format(date_from_ymd(year, 12, 31), end);
    db_stmt *st;
    /* Applications alive in the year: received by its end, not concluded
     * before its start. Grouped by the index's leading columns, so one pass
     * over the index, no sort. */
    int rc = db_prepare(s->db,
                        "SELECT kind, outcome,"
                        " COUNT(CASE WHEN received >= ? THEN 1 END),"
                        " COUNT(CASE WHEN concluded <= ? THEN 1 END),"
                        " COUNT(*)"
                        " FROM application"
                        " WHERE agency_id = ? AND received <= ? AND (concluded IS NULL OR concluded >= ?) AND intake <> 'spam'"
                        " GROUP BY kind, outcome", &st, e);
    if (rc)
        return rc;
    db_bind_text(st, 1, start);
    db_bind_text(st, 2, end);
    db_bind_int(st, 3, agency_id);
    db_bind_text(st, 4, end);
    db_bind_text(st, 5, start);
    while ((rc = db_step(st, e)) == 1) {
        struct app_tally t;
        t.kind = app_kind_from_code(db_col_text(st, 0));
        t.outcome = db_col_text(st, 1);       /* "" for NULL: still open */
        int64_t n_new = db_col_int(st, 2), n_done = db_col_int(st, 3), n = db_col_int(st, 4);
        t.n_new = n_new;
        t.n_in = n - n_new;
        t.n_done = n_done;
        t.n_out = n - n_done;
        if (t.kind < 0) {
            rc = err_set(e, GK_EIO, "store", "an application has the unknown applicant kind '%s'", db_col_text(st, 0));
            break;
        }
        if ((rc = fn(&t, arg)))
            break;
    }
    return db_done(st, rc);
}

struct report_arg { rpt *r; err *e; };

static int report_tally(const struct app_tally *t, void *arg)
{
    struct report_arg *x = arg;
    return app_report_add(x->r, t, x->e);
}

static int report_cases(const struct app_case_tally *t, void *arg)
{
    struct report_arg *x = arg;
    return app_cases_add(x->r, t, x->e);
}

int store_app_report(store_t *s, int64_t agency_id, int year, rpt *r, err *e)
{
    struct report_arg x = {r, e};
    app_report_start(r, year);
    int rc = store_app_tally(s, agency_id, year, report_tally, &x, e);
    if (rc)
        return rc;
    app_report_finish(r);
    app_cases_start(r);
    if ((rc = store_case_tally(s, agency_id, year, report_cases, &x, e)))
        return rc;
    app_cases_finish(r);
    return 0;
}

int store_app_count_groups(store_t *s, int64_t agency_id, int64_t *groups, int64_t *rows, err *e)
{
    db_stmt *st;
    int rc = db_prepare(s->db,
                        "SELECT kind, outcome, COUNT(*) FROM application WHERE agency_id = ? AND intake <> 'spam' "
                        "GROUP BY kind, outcome",
                        &st, e);
    if (rc)
        return rc;
    db_bind_int(st, 1, agency_id);
    *groups = *rows = 0;
    while ((rc = db_step(st, e)) == 1) {
        (*groups)++;
        *rows += db_col_int(st, 2);
    }
    return db_done(st, rc);
}
