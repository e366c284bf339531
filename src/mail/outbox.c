/* mail — the pass over the outbox (see mail.h): claim a row, read the
 * application and the agency's settings through the store, compose, send,
 * and mark the row sent or put it back with its error and the next try.
 * A failure never loses a row: it stays queued until a try succeeds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "disclosure/disclosure.h"
#include "mail/mail.h"

#define MAIL_LEASE_S 300

/* Copies src into dst (cap bytes), cut between characters when too long:
 * the error shown on the console; the outbox row keeps it whole. */
static void utf8_copy_cut(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = 0;
}    /* a sender holds a row this long before another may take it */

static int64_t backoff(const struct mail_cfg *c, int attempts)
{
    int64_t d = c->retry_s > 0 ? c->retry_s : 60;
    for (int i = 0; i < attempts && d < MAIL_RETRY_MAX_S; i++)
        d *= 2;
    return d < MAIL_RETRY_MAX_S ? d : MAIL_RETRY_MAX_S;
}

struct letter_vals {
    buf v[3];
    struct app_letter_ctx ctx;
};

static void letter_load(store_t *s, int64_t agency_id, const char *agency, struct letter_vals *l)
{
    static const char *const keys[] = {"disclosure.review_body", "disclosure.court", "disclosure.contact"};
    const char **dst[3] = {&l->ctx.review_body, &l->ctx.court, &l->ctx.contact};
    memset(&l->ctx, 0, sizeof l->ctx);
    l->ctx.agency = agency;
    for (int i = 0; i < 3; i++) {
        buf_init(&l->v[i]);
        store_setting_get(s, agency_id, keys[i], &l->v[i], NULL);
        *dst[i] = l->v[i].data;
    }
}

static void letter_free(struct letter_vals *l)
{
    for (int i = 0; i < 3; i++)
        buf_free(&l->v[i]);
}

/* A reply mailed to an applicant who asked for e-mail is its delivery
 * (送达): recorded as the step APP_EV_DELIVER by the domain's rules. */
static int record_delivery(store_t *s, const cal_t *cal, struct app *a, const char *message_id, err *e)
{
    if (a->delivery != APP_DL_EMAIL || !app_awaits_delivery(a))
        return 0;
    struct app_rules rules;
    app_rules_default(&rules, date_today());
    char proof[LIM_APP_DL_PROOF];
    snprintf(proof, sizeof proof, "答复告知书以电子邮件发送，邮件服务器已接收（Message-ID %s）", message_id);
    struct app_event ev = {.kind = APP_EV_DELIVER, .how = APP_DL_EMAIL, .ref = a->email, .proof = proof};
    struct app *after = xmalloc(sizeof *after);
    *after = *a;
    int rc = app_step(&rules, cal, after, &ev, e);
    if (!rc) {
        buf sum;
        buf_init(&sum);
        app_step_summary(after, &ev, &sum);
        rc = store_app_save(s, a, after, "system", app_events[APP_EV_DELIVER].code, after->last_step, sum.data, e);
        buf_free(&sum);
    }
    free(after);
    return rc;
}

/* Composes and sends one claimed row; 0 sent, else the error (the row is
 * put back by the caller). */
static int send_one(store_t *s, const struct store_mail *row, int64_t now, struct mail_cfg *c, struct mail_msg *m,
                    err *e)
{
    struct store_agency ag;
    int rc = store_agency_by_id(s, row->agency_id, &ag, e);
    if (!rc)
        rc = mail_cfg_load(s, row->agency_id, c, e);
    if (rc)
        return rc;
    if (!c->from_name[0])
        snprintf(c->from_name, sizeof c->from_name, "%s", ag.name);
    struct app *a = xmalloc(sizeof *a);
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)row->app_id);
    cal_t *cal = NULL;
    if (!(rc = store_app_get(s, row->agency_id, idt, a, e)))
        rc = store_calendar_for(s, row->agency_id, &cal, e);
    if (!rc) {
        struct letter_vals lv;
        letter_load(s, row->agency_id, ag.name, &lv);
        struct mail_ctx x = {ag.name, &lv.ctx, cal, date_today()};
        if (!(rc = mail_compose(c, &x, row, a, m, e))) {
            buf data;
            buf_init(&data);
            mail_format(c, m, now, &data);
            rc = mail_smtp_send(c, m, data.data, data.len, e);
            buf_free(&data);
        }
        letter_free(&lv);
    }
    /* the mail went out: marking it sent comes first (nothing is sent
     * twice); the delivery record after it, a failure there left to staff
     * (the console lists replies not delivered) */
    if (!rc && !(rc = store_mail_sent(s, row->id, m->subject.data ? m->subject.data : "", m->message_id, e)) &&
        strcmp(row->kind, "reply") == 0) {
        err e2 = {0};
        record_delivery(s, cal, a, m->message_id, &e2);
    }
    if (cal)
        cal_free(cal);
    free(a);
    return rc;
}

int mail_send_due(store_t *s, int64_t now, struct mail_pass *p, err *e)
{
    memset(p, 0, sizeof *p);
    struct store_mail row;
    struct mail_msg *m = xmalloc(sizeof *m);
    struct mail_cfg *c = xmalloc(sizeof *c);
    int rc = 0;
    for (int n = 0; n < 1000; n++) {
        rc = store_mail_claim(s, now, MAIL_LEASE_S, &row, e);
        if (rc <= 0)
            break;
        rc = 0;
        mail_msg_init(m);
        snprintf(m->message_id, sizeof m->message_id, "<gongkai.%lld.%lld.%s@%s>", (long long)row.agency_id,
                 (long long)row.id, row.kind, "outbox.gongkai");
        err se = {0};
        memset(c, 0, sizeof *c);
        c->retry_s = 60;
        int sent = send_one(s, &row, now, c, m, &se);
        if (sent == 0) {
            p->sent++;
        } else {
            p->failed++;
            buf why;
            buf_init(&why);
            buf_printf(&why, "%s: %s", se.where, se.msg);
            utf8_copy_cut(p->last_error, sizeof p->last_error, why.data);
            rc = store_mail_failed(s, row.id, why.data, now + backoff(c, row.attempts), m->subject.data,
                                   m->message_id, e);
            buf_free(&why);
            if (rc) {
                mail_msg_free(m);
                break;
            }
        }
        mail_msg_free(m);
    }
    free(m);
    free(c);
    return rc < 0 ? rc : 0;
}

struct due_arg {
    store_t *s;
    int64_t now;
    int n;
    err *e;
    int rc;
};

static int due_row(const struct app *a, void *arg)
{
    struct due_arg *d = arg;
    char ref[11];
    date_format(a->due, ref);
    bool added = false;
    d->rc = store_mail_enqueue(d->s, a->agency_id, "staff_due", a->id, ref, d->now, &added, d->e);
    d->n += added;
    return d->rc != 0;
}

int mail_queue_due(store_t *s, int64_t agency_id, const cal_t *cal, gk_day today, int days, int64_t now, int *n,
                   err *e)
{
    *n = 0;
    buf to;
    buf_init(&to);
    int rc = store_setting_get(s, agency_id, "mail.staff_to", &to, e);
    bool staff = rc == 0 && to.len > 0;
    buf_free(&to);
    if (rc && rc != GK_ENOTFOUND)
        return rc;
    if (!staff)
        return 0;
    gk_day until;
    if ((rc = cal_add_workdays(cal, today, days, &until, e)))
        return rc;
    struct due_arg d = {s, now, 0, e, 0};
    rc = store_app_due(s, agency_id, until, due_row, &d, e);
    *n = d.n;
    return rc ? rc : d.rc;
}
