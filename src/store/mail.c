/* store — the e-mail outbox (migration 022): rows written in the same
 * transaction as the step that owes a mail, claimed one at a time by a
 * sender under a lease (so two senders never send one row), marked sent, or
 * put back with the error and the time of the next try. The message itself
 * is composed when it is sent (src/mail/), from the application read through
 * the store: no personal data is kept here in clear. See store.h ("mail"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

const char *const store_mail_kinds[] = {"receipt", "supplement", "reply", "staff_new", "staff_due", NULL};

/* Whether setting key is set (non-empty) for the agency; an error of the
 * store is returned, not taken for "no". */
static int setting_set(store_t *s, int64_t agency_id, const char *key, bool *on, err *e)
{
    buf b;
    buf_init(&b);
    int rc = store_setting_get(s, agency_id, key, &b, e);
    *on = rc == 0 && b.len > 0;
    buf_free(&b);
    return rc == GK_ENOTFOUND ? 0 : rc;
}

int store_mail_enqueue(store_t *s, int64_t agency_id, const char *kind, int64_t app_id, const char *ref, int64_t now,
                       bool *added, err *e)
{
    char ts[32];
    store_now(ts);
    int rc = db_run(s->db, e, NULL,
                    "INSERT INTO mail_outbox(agency_id, kind, app_id, ref, state, next_at, created_at) "
                    "VALUES (?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT DO NOTHING",
                    "isisis", agency_id, kind, app_id, ref ? ref : "", now, ts);
    if (added)
        *added = !rc && db_changes(s->db) == 1;
    return rc;
}

/* What each step of an application owes by mail (inside its transaction):
 * the applicant's receipt, supplementation notice and reply, when there is
 * an address; staff's new-application notice when staff have one. */
int store_mail_on_step(store_t *s, const struct app *a, const char *event, err *e)
{
    static const struct {
        const char *event, *kind;
        bool applicant;          /* to the applicant (needs a->email) or to staff (mail.staff_to) */
    } owed[] = {
        {"register", "receipt", true},
        {"register", "staff_new", false},
        {"supplement_request", "supplement", true},
        {"answer", "reply", true},
    };
    bool checked = false, on = false, staff;
    int64_t now = (int64_t)time(NULL);
    int rc;
    for (size_t i = 0; i < sizeof owed / sizeof owed[0]; i++) {
        if (strcmp(owed[i].event, event) != 0)
            continue;
        if (!checked && (rc = setting_set(s, a->agency_id, "mail.host", &on, e)))
            return rc;
        checked = true;
        if (!on)
            return 0;
        if (owed[i].applicant && !a->email[0])
            continue;
        if (!owed[i].applicant && ((rc = setting_set(s, a->agency_id, "mail.staff_to", &staff, e)) || !staff)) {
            if (rc)
                return rc;
            continue;
        }
        if ((rc = store_mail_enqueue(s, a->agency_id, owed[i].kind, a->id, "", now, NULL, e)))
            return rc;
    }
    return 0;
}

#define MAIL_COLS "id, agency_id, kind, app_id, ref, state, attempts, next_at, last_error, subject, message_id, " \
                  "created_at, COALESCE(sent_at, '')"

static void mail_row(db_stmt *st, struct store_mail *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_col_int(st, 0);
    m->agency_id = db_col_int(st, 1);
    store_copy_col(st, 2, m->kind, sizeof m->kind);
    m->app_id = db_col_int(st, 3);
    store_copy_col(st, 4, m->ref, sizeof m->ref);
    store_copy_col(st, 5, m->state, sizeof m->state);
    m->attempts = (int)db_col_int(st, 6);
    m->next_at = db_col_int(st, 7);
    store_copy_col(st, 8, m->last_error, sizeof m->last_error);
    store_copy_col(st, 9, m->subject, sizeof m->subject);
    store_copy_col(st, 10, m->message_id, sizeof m->message_id);
    store_copy_col(st, 11, m->created_at, sizeof m->created_at);
    store_copy_col(st, 12, m->sent_at, sizeof m->sent_at);
}

int store_mail_claim(store_t *s, int64_t now, int lease_s, struct store_mail *out, err *e)
{
    /* a row queued and due, or one whose sender died holding it (lease over) */
    for (int tries = 0; tries < 8; tries++) {
        db_stmt *st;
        int rc = db_prepare(s->db,
                            "SELECT " MAIL_COLS " FROM mail_outbox WHERE (state = 'queued' AND next_at <= ?) OR "
                            "(state = 'sending' AND lease_until < ?) ORDER BY next_at, id LIMIT 1", &st, e);
        if (rc)
            return rc;
        db_bind_int(st, 1, now);
        db_bind_int(st, 2, now);
        rc = db_step(st, e);
        if (rc == 1)
            mail_row(st, out);
        db_finalize(st);
        if (rc <= 0)
            return rc;
        /* take it only if nobody took it meanwhile */
        rc = db_run(s->db, e, NULL,
                    "UPDATE mail_outbox SET state = 'sending', lease_until = ? WHERE id = ? AND state = ? AND "
                    "attempts = ?", "iisI", now + lease_s, out->id, out->state, out->attempts);
        if (rc)
            return rc;
        if (db_changes(s->db) == 1) {
            snprintf(out->state, sizeof out->state, "sending");
            return 1;
        }
    }
    return 0;
}

int store_mail_sent(store_t *s, int64_t id, const char *subject, const char *message_id, err *e)
{
    char ts[32];
    store_now(ts);
    return db_run(s->db, e, NULL,
                  "UPDATE mail_outbox SET state = 'sent', sent_at = ?, subject = ?, message_id = ?, "
                  "attempts = attempts + 1, last_error = '' WHERE id = ?", "sssi", ts, subject, message_id, id);
}

int store_mail_failed(store_t *s, int64_t id, const char *why, int64_t next_at, const char *subject,
                      const char *message_id, err *e)
{
    return db_run(s->db, e, NULL,
                  "UPDATE mail_outbox SET state = 'queued', attempts = attempts + 1, last_error = ?, next_at = ?, "
                  "lease_until = 0, subject = ?, message_id = ? WHERE id = ?", "sissi", why, next_at,
                  subject ? subject : "", message_id ? message_id : "", id);
}

int store_mail_retry_now(store_t *s, int64_t agency_id, int64_t now, int64_t *n, err *e)
{
    int rc = db_run(s->db, e, NULL, "UPDATE mail_outbox SET next_at = ? WHERE agency_id = ? AND state = 'queued'",
                    "ii", now, agency_id);
    if (n)
        *n = rc ? 0 : db_changes(s->db);
    return rc;
}

struct mail_each { int (*fn)(const struct store_mail *, void *); void *arg; };

static int mail_each_row(db_stmt *st, void *arg)
{
    const struct mail_each *x = arg;
    struct store_mail m;
    mail_row(st, &m);
    return x->fn(&m, x->arg);
}

int store_mail_list(store_t *s, int64_t agency_id, bool pending_only, int limit,
                    int (*fn)(const struct store_mail *, void *), void *arg, err *e)
{
    struct mail_each x = {fn, arg};
    return db_collect(s->db, e, mail_each_row, &x,
                      pending_only ? "SELECT " MAIL_COLS " FROM mail_outbox WHERE agency_id = ? AND state <> 'sent' "
                                     "ORDER BY id DESC LIMIT ?"
                                   : "SELECT " MAIL_COLS " FROM mail_outbox WHERE agency_id = ? ORDER BY id DESC LIMIT ?",
                      "iI", agency_id, limit > 0 ? limit : 200);
}

int store_mail_counts(store_t *s, int64_t agency_id, int64_t *queued, int64_t *failing, int64_t *sent, err *e)
{
    int rc = db_query_int(s->db, e, queued, "SELECT COUNT(*) FROM mail_outbox WHERE agency_id = ? AND state <> 'sent'",
                          "i", agency_id);
    if (!rc)
        rc = db_query_int(s->db, e, failing,
                          "SELECT COUNT(*) FROM mail_outbox WHERE agency_id = ? AND state <> 'sent' AND attempts > 0",
                          "i", agency_id);
    if (!rc)
        rc = db_query_int(s->db, e, sent, "SELECT COUNT(*) FROM mail_outbox WHERE agency_id = ? AND state = 'sent'",
                          "i", agency_id);
    return rc;
}

static void id_row(db_stmt *st, void *out) { *(int64_t *)out = db_col_int(st, 0); }

int store_mail_agencies(store_t *s, int64_t **ids, size_t *n, err *e)
{
    *ids = NULL;
    *n = 0;
    return db_collect_array(s->db, e, id_row, sizeof **ids, ids, n,
                            "SELECT id FROM agency WHERE EXISTS (SELECT 1 FROM setting WHERE key = 'mail.host' AND "
                            "value <> '' AND agency_id IN (agency.id, 0)) ORDER BY id",
                            "");
}
