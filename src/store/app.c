/* store — the application register: applications' rows (read, added,
 * saved with their steps) and bulk loading; the intake is in app_intake.c,
 * the lists, the public follow-up and the tallies in app_list.c. See
 * store_app.h.
 * The store keeps what src/disclosure/ decided; it never decides. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/app_internal.h"

/* An application as the audit trail keeps it (store_audit_pair): no personal data. */
static void app_json(const void *a, buf *b) { app_to_json(a, false, b); }

/* ---- codes and dates ---- */

static int channel_from(const char *s)
{
    for (int i = 1; i <= APP_NCHANNELS; i++)
        if (strcmp(app_channels[i].code, s) == 0)
            return i;
    return 0;
}

int store_app_delivery_from(const char *s)
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

int store_app_row(store_t *s, db_stmt *st, struct app *a, err *e)
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
    a->delivery = store_app_delivery_from(db_col_text(st, c++));
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
    a->dl_how = store_app_delivery_from(db_col_text(st, c++));
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

int store_app_step_add(store_t *s, const struct app *a, const char *actor, const char *event, gk_day on,
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
int store_app_add_tx(store_t *s, struct app *a, const char *actor, const char *form_token, const char *now, err *e)
{
    int y, m, d, seq = 0;
    date_to_ymd(a->received, &y, &m, &d);
    int rc;
    if ((rc = store_app_next_seq(s, a->agency_id, y, &seq, e)) || (rc = insert_row(s, a, y, seq, now, e)) ||
        (rc = store_app_step_add(s, a, actor, "register", a->received, "登记申请", now, e)) ||
        (rc = store_mail_on_step(s, a, "register", e)))
        return rc;
    rc = store_audit_pair(s, a->agency_id, actor, "application", a->id, "register", app_json, NULL, a, e);
    if (!rc && form_token)
        rc = store_form_token_put(s, a->agency_id, form_token, "application", a->id, e);
    return rc;
}

int store_app_add_begin(store_t *s, struct app *a, char now[32], err *e)
{
    if (!store_app_valid_codes(a, e))
        return e->code;
    store_now(now);
    int rc = store_new_tracking(a->tracking, e);
    return rc ? rc : store_begin(s, e);
}

int store_app_add_form(store_t *s, struct app *a, const char *actor, const char *form_token, err *e)
{
    char now[32];
    int rc = store_app_add_begin(s, a, now, e);
    if (rc)
        return rc;
    rc = store_app_add_tx(s, a, actor, form_token, now, e);
    return store_end(s, rc, e);
}

int store_app_add(store_t *s, struct app *a, const char *actor, err *e)
{
    return store_app_add_form(s, a, actor, NULL, e);
}

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
    if (rc == 1 && (rc = store_app_row(s, st, out, e)) == 0)
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
    return db_run(s->db, e, NULL,
                  "INSERT INTO app_proof(application_id, agency_id, name, ctype, data, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  "iissbs", a->id, a->agency_id, p->name ? p->name : "proof",
                  p->ctype ? p->ctype : "application/octet-stream", p->data, p->len, now);
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
        rc = store_app_step_add(s, after, actor, event, on, summary, now, e);
    if (!rc)
        rc = store_mail_on_step(s, after, event, e);
    if (!rc)
        rc = store_audit_pair(s, after->agency_id, actor, "application", after->id, event, app_json, before, after, e);
    return store_end_save(s, rc, &after->version, before->version, e);
}
