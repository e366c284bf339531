/* Unit tests for the application register's domain rules: the transition
 * table (every state against every step, allowed and refused), the rules the
 * Regulation adds (Art. 30 supplementation, Art. 31 receipt, Art. 32–34
 * consultations, Art. 33 deadline and extension, fees), deadlines on the real
 * calendar, reply letters for every outcome, and the report tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disclosure/disclosure.h"

static cal_t *cal;

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
}

static void rules(struct app_rules *r)
{
    app_rules_default(r, D("2024-12-31"));
}

/* A fresh, valid application received on 2024-03-01 (a Friday). */
static void fresh(struct app *a, const char *received)
{
    memset(a, 0, sizeof *a);
    snprintf(a->no, sizeof a->no, "2024-00001");
    a->channel = APP_CH_IN_PERSON;
    a->received = D(received ? received : "2024-03-01");
    a->kind = COL_NATURAL;
    snprintf(a->name, sizeof a->name, "张三丰");
    snprintf(a->phone, sizeof a->phone, "138 0000 0000");
    snprintf(a->request, sizeof a->request, "2023年本市低保资金发放情况");
    a->delivery = APP_DL_PAPER_PICKUP;
}

static void registered(struct app *a)
{
    struct app_rules r;
    rules(&r);
    err e = {0};
    fresh(a, NULL);
    int rc = app_register(&r, cal, a, &e);
    if (rc)
        fail_msg("register: %s: %s", e.where, e.msg);
}

static int step(struct app *a, struct app_event ev, err *e)
{
    struct app_rules r;
    rules(&r);
    return app_step(&r, cal, a, &ev, e);
}

static void must(struct app *a, struct app_event ev)
{
    err e = {0};
    int rc = step(a, ev, &e);
    if (rc)
        fail_msg("step %s: %s: %s", app_events[ev.kind].code, e.where, e.msg);
}

/* ---- a valid event of each kind for an application in its state ---- */
static struct app_event good_event(const struct app *a, int kind)
{
    struct app_event ev = {.kind = kind, .date = a->last_step + 1};
    switch (kind) {
    case APP_EV_SUPPLEMENT_REQUEST:
        ev.what = "请写明所需信息的文号";
        ev.by = ev.date + 10;
        break;
    case APP_EV_SUPPLEMENT_LAPSED:
        ev.date = a->sup_by + 1;
        break;
    case APP_EV_CONSULT_START:
        ev.consult_kind = 1;
        ev.party = "某某商贸有限公司";
        break;
    case APP_EV_EXTEND:
        ev.days = 10;
        ev.approver = "李主任";
        ev.reason = "涉及档案较多，需要检索";
        break;
    case APP_EV_FEE_NOTICE:
        ev.fee_method = FEE_BY_PAGES;
        ev.pages = 100;
        break;
    case APP_EV_FEE_LAPSED:
        ev.date = a->fee_pay_by + 1;
        break;
    case APP_EV_ANSWER:
        ev.outcome = "granted";
        break;
    case APP_EV_DELIVER:
        ev.how = APP_DL_PAPER_POST;
        ev.ref = "EMS 1234567890";
        break;
    default:
        break;
    }
    return ev;
}

/* Brings a fresh application into a state through the real steps. */
static void into_state(struct app *a, int state)
{
    registered(a);
    switch (state) {
    case APP_S_PROCESSING:
        break;
    case APP_S_AWAITING_SUPPLEMENT:
        must(a, good_event(a, APP_EV_SUPPLEMENT_REQUEST));
        break;
    case APP_S_CONSULTING:
        must(a, good_event(a, APP_EV_CONSULT_START));
        break;
    case APP_S_AWAITING_FEE:
        must(a, good_event(a, APP_EV_FEE_NOTICE));
        break;
    case APP_S_ANSWERED:
        must(a, good_event(a, APP_EV_ANSWER));
        break;
    case APP_S_LAPSED:
        must(a, good_event(a, APP_EV_SUPPLEMENT_REQUEST));
        must(a, good_event(a, APP_EV_SUPPLEMENT_LAPSED));
        break;
    case APP_S_WITHDRAWN:
        must(a, good_event(a, APP_EV_WITHDRAW));
        break;
    }
    assert_int_equal(a->state, state);
}

/* The transition matrix, written out from the Regulation (independently of
 * lifecycle.c's table): which step each state allows, and where it leads. */
static const struct {
    int state;
    int to[APP_NEVENTS + 1];   /* 0 = refused, else the state reached */
} matrix[] = {
    {APP_S_PROCESSING, {
        [APP_EV_SUPPLEMENT_REQUEST] = APP_S_AWAITING_SUPPLEMENT,
        [APP_EV_CONSULT_START] = APP_S_CONSULTING,
        [APP_EV_EXTEND] = APP_S_PROCESSING,
        [APP_EV_FEE_NOTICE] = APP_S_AWAITING_FEE,
        [APP_EV_ANSWER] = APP_S_ANSWERED,
        [APP_EV_WITHDRAW] = APP_S_WITHDRAWN}},
    {APP_S_AWAITING_SUPPLEMENT, {
        [APP_EV_SUPPLEMENT_RECEIVED] = APP_S_PROCESSING,
        [APP_EV_SUPPLEMENT_LAPSED] = APP_S_LAPSED,
        [APP_EV_WITHDRAW] = APP_S_WITHDRAWN}},
    {APP_S_CONSULTING, {
        [APP_EV_CONSULT_END] = APP_S_PROCESSING,
        [APP_EV_WITHDRAW] = APP_S_WITHDRAWN}},
    {APP_S_AWAITING_FEE, {
        [APP_EV_FEE_PAID] = APP_S_PROCESSING,
        [APP_EV_FEE_WAIVED] = APP_S_PROCESSING,
        [APP_EV_FEE_LAPSED] = APP_S_LAPSED,
        [APP_EV_WITHDRAW] = APP_S_WITHDRAWN}},
    {APP_S_ANSWERED, {
        [APP_EV_DELIVER] = APP_S_ANSWERED}},
    {APP_S_LAPSED, {0}},
    {APP_S_WITHDRAWN, {0}},
};

static void test_transition_matrix(void **state)
{
    (void)state;
    int allowed = 0, refused = 0;
    for (size_t i = 0; i < sizeof matrix / sizeof matrix[0]; i++) {
        for (int ev = 1; ev <= APP_NEVENTS; ev++) {
            struct app a, before;
            into_state(&a, matrix[i].state);
            before = a;
            struct app_event e1 = good_event(&a, ev);
            err e = {0};
            int rc = step(&a, e1, &e);
            int want = matrix[i].to[ev];
            assert_int_equal(app_event_allowed(matrix[i].state, ev), want != 0);
            if (want) {
                if (rc)
                    fail_msg("%s from %s refused: %s", app_events[ev].code, app_states[matrix[i].state].code, e.msg);
                assert_int_equal(a.state, want);
                assert_true(a.last_step == e1.date);
                allowed++;
            } else {
                if (rc != GK_ESTATE)
                    fail_msg("%s from %s: rc %d, wanted a refusal", app_events[ev].code,
                             app_states[matrix[i].state].code, rc);
                assert_memory_equal(&a, &before, sizeof a);    /* nothing changed */
                assert_non_null(strstr(e.msg, app_events[ev].code));  /* names the step */
                refused++;
            }
        }
    }
    assert_int_equal(allowed + refused, 7 * APP_NEVENTS);
    assert_int_equal(allowed, 16);
}

/* Delivery (送达): each form with the proof it needs; a second delivery is
 * refused; the status says 待送达 until it is done. */
static const struct {
    const char *name;
    int how;
    const char *ref, *proof;
    int rc;
    const char *where;
} deliver_cases[] = {
    {"post with its tracking number", APP_DL_PAPER_POST, "EMS 1187654321", "签收回执", 0, NULL},
    {"post without a tracking number", APP_DL_PAPER_POST, "", NULL, GK_EINVAL, "ref"},
    {"disc by post without a number", APP_DL_DISC_POST, NULL, NULL, GK_EINVAL, "ref"},
    {"collected, signed by", APP_DL_PAPER_PICKUP, "王小明", NULL, 0, NULL},
    {"collected, no signature", APP_DL_PAPER_PICKUP, " ", NULL, GK_EINVAL, "ref"},
    {"on site, no signature", APP_DL_ON_SITE, NULL, NULL, GK_EINVAL, "ref"},
    {"e-mail to the applicant's address", APP_DL_EMAIL, NULL, NULL, 0, NULL},
    {"e-mail to something not an address", APP_DL_EMAIL, "not-an-address", NULL, GK_EINVAL, "ref"},
    {"online", APP_DL_ONLINE, NULL, NULL, 0, NULL},
    {"the form asked for (post, no number)", 0, NULL, NULL, GK_EINVAL, "ref"},
    {"unknown form", 99, "x", NULL, GK_EINVAL, "how"},
};

static void test_deliver(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof deliver_cases / sizeof deliver_cases[0]; i++) {
        struct app a;
        into_state(&a, APP_S_ANSWERED);
        snprintf(a.email, sizeof a.email, "wxm@example.com");
        a.delivery = APP_DL_PAPER_POST;
        assert_true(app_awaits_delivery(&a));
        buf lb;
        buf_init(&lb);
        app_status_label(&a, &lb);
        assert_non_null(strstr(lb.data, "待送达"));
        struct app before = a;
        struct app_event ev = {.kind = APP_EV_DELIVER, .date = a.last_step + 2, .how = deliver_cases[i].how,
                               .ref = deliver_cases[i].ref, .proof = deliver_cases[i].proof};
        err e = {0};
        int rc = step(&a, ev, &e);
        if (rc != deliver_cases[i].rc)
            fail_msg("%s: rc %d (%s), wanted %d", deliver_cases[i].name, rc, e.msg, deliver_cases[i].rc);
        if (rc) {
            assert_string_equal(e.where, deliver_cases[i].where);
            assert_memory_equal(&a, &before, sizeof a);
            buf_free(&lb);
            continue;
        }
        assert_int_equal(a.state, APP_S_ANSWERED);
        assert_int_equal(a.delivered, ev.date);
        assert_int_equal(a.dl_how, deliver_cases[i].how);
        assert_false(app_awaits_delivery(&a));
        if (deliver_cases[i].how == APP_DL_EMAIL)
            assert_string_equal(a.dl_ref, "wxm@example.com");
        buf_reset(&lb);
        app_status_label(&a, &lb);
        assert_non_null(strstr(lb.data, "已送达"));
        buf_free(&lb);
        /* once only */
        ev.date++;
        rc = step(&a, ev, &e);
        assert_int_equal(rc, GK_ESTATE);
        assert_non_null(strstr(e.msg, "already delivered"));
    }
}

/* ---- rules beyond the state: one row per rule ---- */

enum { PATH_NONE, PATH_SUP, PATH_SUP_DONE, PATH_CONSULT, PATH_CONSULT_DONE, PATH_EXTENDED, PATH_FEE, PATH_FEE_PAID };

static const struct rule_case {
    const char *name;
    int path;                  /* steps taken first */
    struct app_event ev;       /* date as text in `date` below */
    const char *date, *by;
    int want;                  /* 0, GK_EINVAL, GK_ESTATE, GK_ERANGE */
    const char *where;         /* field named in the error */
} rule_cases[] = {
    /* Art. 30: one supplementation notice within 7 working days of receipt */
    {"supplement on the 7th working day", PATH_NONE, {.kind = APP_EV_SUPPLEMENT_REQUEST, .what = "写明文号"},
     "2024-03-12", "2024-03-20", 0, NULL},
    {"supplement on the 8th working day", PATH_NONE, {.kind = APP_EV_SUPPLEMENT_REQUEST, .what = "写明文号"},
     "2024-03-13", "2024-03-20", GK_EINVAL, "date"},
    {"supplement without saying what", PATH_NONE, {.kind = APP_EV_SUPPLEMENT_REQUEST},
     "2024-03-04", "2024-03-20", GK_EINVAL, "what"},
    {"supplement deadline before the notice", PATH_NONE, {.kind = APP_EV_SUPPLEMENT_REQUEST, .what = "x"},
     "2024-03-04", "2024-03-04", GK_EINVAL, "by"},
    {"second supplementation notice", PATH_SUP_DONE, {.kind = APP_EV_SUPPLEMENT_REQUEST, .what = "x"},
     "2024-03-12", "2024-03-20", GK_ESTATE, "apply supplement"},
    {"supplementation after a consultation", PATH_CONSULT_DONE, {.kind = APP_EV_SUPPLEMENT_REQUEST, .what = "x"},
     "2024-03-12", "2024-03-20", GK_ESTATE, "apply supplement"},
    {"lapse on the supplementation deadline", PATH_SUP, {.kind = APP_EV_SUPPLEMENT_LAPSED}, "2024-03-15", NULL,
     GK_ESTATE, "date"},
    {"lapse the day after the deadline", PATH_SUP, {.kind = APP_EV_SUPPLEMENT_LAPSED}, "2024-03-16", NULL, 0, NULL},
    /* Art. 33: one extension of at most 20 working days, approved, in time */
    {"extension of 20 days", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 20, .approver = "李", .reason = "多"},
     "2024-03-20", NULL, 0, NULL},
    {"extension of 21 days", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 21, .approver = "李", .reason = "多"},
     "2024-03-20", NULL, GK_EINVAL, "days"},
    {"extension of 0 days", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 0, .approver = "李", .reason = "多"},
     "2024-03-20", NULL, GK_EINVAL, "days"},
    {"extension without approval", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 5, .reason = "多"},
     "2024-03-20", NULL, GK_EINVAL, "approved_by"},
    {"extension without a reason", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 5, .approver = "李"},
     "2024-03-20", NULL, GK_EINVAL, "reason"},
    {"extension on the deadline day", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 5, .approver = "李", .reason = "多"},
     "2024-03-29", NULL, 0, NULL},
    {"extension the day after the deadline", PATH_NONE,
     {.kind = APP_EV_EXTEND, .days = 5, .approver = "李", .reason = "多"}, "2024-03-30", NULL, GK_ESTATE, "date"},
    {"extension after the deadline", PATH_NONE, {.kind = APP_EV_EXTEND, .days = 5, .approver = "李", .reason = "多"},
     "2024-04-01", NULL, GK_ESTATE, "date"},
    {"second extension", PATH_EXTENDED, {.kind = APP_EV_EXTEND, .days = 5, .approver = "李", .reason = "多"},
     "2024-04-01", NULL, GK_ESTATE, "apply extend"},
    /* consultations */
    {"consultation without a party", PATH_NONE, {.kind = APP_EV_CONSULT_START, .consult_kind = 1},
     "2024-03-05", NULL, GK_EINVAL, "third_party"},
    {"consultation of another agency", PATH_NONE, {.kind = APP_EV_CONSULT_START, .consult_kind = 2, .party = "市财政局"},
     "2024-03-05", NULL, 0, NULL},
    /* fees */
    {"fee for 30 pages (free)", PATH_NONE, {.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_PAGES, .pages = 30},
     "2024-03-05", NULL, GK_EINVAL, "pages"},
    {"fee for the 10th application (free)", PATH_NONE,
     {.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_COUNT, .nth_in_month = 10}, "2024-03-05", NULL, GK_EINVAL,
     "by_count"},
    {"fee for the 11th application", PATH_NONE,
     {.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_COUNT, .nth_in_month = 11}, "2024-03-05", NULL, 0, NULL},
    {"fee without a method", PATH_NONE, {.kind = APP_EV_FEE_NOTICE}, "2024-03-05", NULL, GK_EINVAL, "pages"},
    {"second fee notice", PATH_FEE_PAID, {.kind = APP_EV_FEE_NOTICE, .fee_method = FEE_BY_PAGES, .pages = 300},
     "2024-03-20", NULL, GK_ESTATE, "apply fee"},
    {"fee lapse before the payment deadline", PATH_FEE, {.kind = APP_EV_FEE_LAPSED}, "2024-03-20", NULL, GK_ESTATE,
     "date"},
    /* answers */
    {"unknown outcome", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "granted.mostly"}, "2024-03-20", NULL,
     GK_EINVAL, "outcome"},
    {"no outcome", PATH_NONE, {.kind = APP_EV_ANSWER}, "2024-03-20", NULL, GK_EINVAL, "outcome"},
    {"a lapse is not a reply", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "other.no_supplement"}, "2024-03-20",
     NULL, GK_EINVAL, "outcome"},
    {"withdrawal is not a reply", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "other.withdrawn"}, "2024-03-20",
     NULL, GK_EINVAL, "outcome"},
    {"unclear after supplement without one", PATH_NONE,
     {.kind = APP_EV_ANSWER, .outcome = "unavailable.unclear_after_supplement"}, "2024-03-20", NULL, GK_ESTATE,
     "outcome"},
    {"unclear after supplement", PATH_SUP_DONE,
     {.kind = APP_EV_ANSWER, .outcome = "unavailable.unclear_after_supplement"}, "2024-03-20", NULL, 0, NULL},
    {"partly granted without detail", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "partly_granted"}, "2024-03-20",
     NULL, GK_EINVAL, "detail"},
    {"other without detail", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "other.other"}, "2024-03-20", NULL,
     GK_EINVAL, "detail"},
    {"refer with a grant", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "granted", .refer = "市财政局"},
     "2024-03-20", NULL, GK_EINVAL, "refer"},
    {"not held, referred", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "unavailable.not_held", .refer = "市财政局"},
     "2024-03-20", NULL, 0, NULL},
    {"reply on the day of receipt", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "granted"}, "2024-03-01", NULL, 0,
     NULL},
    {"reply before receipt", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "granted"}, "2024-02-28", NULL, GK_EINVAL,
     "date"},
    {"reply before the last step", PATH_CONSULT_DONE, {.kind = APP_EV_ANSWER, .outcome = "granted"}, "2024-03-06",
     NULL, GK_EINVAL, "date"},
    {"reply in the future", PATH_NONE, {.kind = APP_EV_ANSWER, .outcome = "granted"}, "2025-01-02", NULL, GK_EINVAL,
     "date"},
};

static void take_path(struct app *a, int path)
{
    registered(a);
    switch (path) {
    case PATH_SUP:
    case PATH_SUP_DONE:
        must(a, (struct app_event){.kind = APP_EV_SUPPLEMENT_REQUEST, .date = D("2024-03-04"), .what = "写明文号",
                                   .by = D("2024-03-15")});
        if (path == PATH_SUP_DONE)
            must(a, (struct app_event){.kind = APP_EV_SUPPLEMENT_RECEIVED, .date = D("2024-03-11")});
        break;
    case PATH_CONSULT:
    case PATH_CONSULT_DONE:
        must(a, (struct app_event){.kind = APP_EV_CONSULT_START, .date = D("2024-03-05"), .consult_kind = 1,
                                   .party = "某公司"});
        if (path == PATH_CONSULT_DONE)
            must(a, (struct app_event){.kind = APP_EV_CONSULT_END, .date = D("2024-03-12")});
        break;
    case PATH_EXTENDED:
        must(a, (struct app_event){.kind = APP_EV_EXTEND, .date = D("2024-03-20"), .days = 20, .approver = "李",
                                   .reason = "多"});
        break;
    case PATH_FEE:
    case PATH_FEE_PAID:
        must(a, (struct app_event){.kind = APP_EV_FEE_NOTICE, .date = D("2024-03-05"), .fee_method = FEE_BY_PAGES,
                                   .pages = 100});
        if (path == PATH_FEE_PAID)
            must(a, (struct app_event){.kind = APP_EV_FEE_PAID, .date = D("2024-03-07")});
        break;
    }
}

static void test_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
        const struct rule_case *rc = &rule_cases[i];
        struct app a, before;
        take_path(&a, rc->path);
        before = a;
        struct app_event ev = rc->ev;
        ev.date = D(rc->date);
        if (rc->by)
            ev.by = D(rc->by);
        err e = {0};
        int got = step(&a, ev, &e);
        if (got != rc->want)
            fail_msg("%s: rc %d, wanted %d (%s: %s)", rc->name, got, rc->want, e.where, e.msg);
        if (rc->want) {
            assert_memory_equal(&a, &before, sizeof a);
            if (!strstr(e.where, rc->where))
                fail_msg("%s: error names '%s', wanted '%s' (%s)", rc->name, e.where, rc->where, e.msg);
            assert_true(strlen(e.msg) > 10);
        }
    }
}

/* ---- registration: each missing or bad field is named ---- */

static const struct reg_case {
    const char *name;
    void (*spoil)(struct app *);
    int want;
    const char *where;
} reg_cases[];

static void no_channel(struct app *a) { a->channel = 0; }
static void no_received(struct app *a) { a->received = 0; }
static void received_future(struct app *a) { a->received = D("2027-01-01"); }
static void received_2018(struct app *a) { a->received = D("2018-06-01"); }
static void in_person_other_day(struct app *a) { a->submitted = a->received - 1; }
static void letter_after_sending(struct app *a) { a->channel = APP_CH_REGISTERED; a->submitted = a->received - 3; }
static void submitted_after(struct app *a) { a->channel = APP_CH_ONLINE; a->submitted = a->received + 1; }
static void no_kind(struct app *a) { a->kind = -1; }
static void kind_total(struct app *a) { a->kind = COL_TOTAL; }
static void no_name(struct app *a) { a->name[0] = 0; }
static void blank_name(struct app *a) { strcpy(a->name, "  "); }
static void no_request(struct app *a) { a->request[0] = 0; }
static void no_delivery(struct app *a) { a->delivery = 0; }
static void bad_id(struct app *a) { strcpy(a->id_number, "110105194912310021"); }
static void good_id(struct app *a) { strcpy(a->id_number, "11010519491231002X"); }
static void passport(struct app *a) { strcpy(a->id_number, "E12345678"); }
static void short_id(struct app *a) { strcpy(a->id_number, "12"); }
static void bad_phone(struct app *a) { strcpy(a->phone, "call me"); }
static void email_no_email(struct app *a) { a->delivery = APP_DL_EMAIL; }
static void bad_email(struct app *a) { a->delivery = APP_DL_EMAIL; strcpy(a->email, "nobody"); }
static void post_no_address(struct app *a) { a->delivery = APP_DL_PAPER_POST; }
static void no_contact(struct app *a) { a->phone[0] = 0; }
static void bad_utf8(struct app *a) { strcpy(a->request, "ab\xff\xfe"); }

static const struct reg_case reg_cases[] = {
    {"no channel", no_channel, GK_EINVAL, "channel"},
    {"no receipt date", no_received, GK_EINVAL, "received"},
    {"receipt in the future", received_future, GK_EINVAL, "received"},
    {"receipt before the 2019 Regulation", received_2018, GK_EINVAL, "received"},
    {"in person, received another day", in_person_other_day, GK_EINVAL, "received"},
    {"registered post signed for later", letter_after_sending, 0, NULL},
    {"received before it was sent", submitted_after, GK_EINVAL, "received"},
    {"no applicant kind", no_kind, GK_EINVAL, "kind"},
    {"total is not a kind", kind_total, GK_EINVAL, "kind"},
    {"no name", no_name, GK_EINVAL, "name"},
    {"blank name", blank_name, GK_EINVAL, "name"},
    {"no request", no_request, GK_EINVAL, "request"},
    {"no delivery form", no_delivery, GK_EINVAL, "delivery"},
    {"ID number with a wrong check digit", bad_id, GK_EINVAL, "id_number"},
    {"ID number with check digit X", good_id, 0, NULL},
    {"passport number", passport, 0, NULL},
    {"too short an ID", short_id, GK_EINVAL, "id_number"},
    {"phone with letters", bad_phone, GK_EINVAL, "phone"},
    {"email delivery without email", email_no_email, GK_EINVAL, "email"},
    {"email that is no address", bad_email, GK_EINVAL, "email"},
    {"post without address", post_no_address, GK_EINVAL, "address"},
    {"no way to reach the applicant", no_contact, GK_EINVAL, "phone"},
    {"request not UTF-8", bad_utf8, GK_EINVAL, "request"},
};

static void test_register(void **state)
{
    (void)state;
    struct app_rules r;
    rules(&r);
    r.today = D("2026-12-31");
    for (size_t i = 0; i < sizeof reg_cases / sizeof reg_cases[0]; i++) {
        struct app a;
        fresh(&a, NULL);
        reg_cases[i].spoil(&a);
        err e = {0};
        int got = app_register(&r, cal, &a, &e);
        if (got != reg_cases[i].want)
            fail_msg("%s: rc %d, wanted %d (%s: %s)", reg_cases[i].name, got, reg_cases[i].want, e.where, e.msg);
        if (got && !strstr(e.where, reg_cases[i].where))
            fail_msg("%s: error names '%s', wanted '%s'", reg_cases[i].name, e.where, reg_cases[i].where);
        if (!got)
            assert_int_equal(a.state, APP_S_PROCESSING);
    }
}

/* ---- deadlines on the real calendar (2024: 清明 4–6 April, make-up day 7 April) ---- */

static void test_deadlines(void **state)
{
    (void)state;
    struct app a;
    /* Art. 33: 20 working days after receipt */
    registered(&a);
    assert_int_equal(a.reply_due, D("2024-03-29"));
    assert_int_equal(a.due, D("2024-03-29"));
    assert_int_equal(a.due_kind, APP_DUE_REPLY);
    /* + an extension of 20 working days: over 清明 to the make-up Sunday */
    must(&a, (struct app_event){.kind = APP_EV_EXTEND, .date = D("2024-03-20"), .days = 20, .approver = "李",
                                .reason = "多"});
    assert_int_equal(a.reply_due, D("2024-04-28"));

    /* a consultation of 5 working days (6–12 March) does not count */
    registered(&a);
    must(&a, (struct app_event){.kind = APP_EV_CONSULT_START, .date = D("2024-03-05"), .consult_kind = 1,
                                .party = "某公司"});
    assert_int_equal(a.due, D("2024-03-26"));            /* the third party's 15 working days */
    assert_int_equal(a.due_kind, APP_DUE_CONSULT);
    assert_int_equal(a.reply_due, D("2024-04-22"));      /* projected: 20 + 15 */
    must(&a, (struct app_event){.kind = APP_EV_CONSULT_END, .date = D("2024-03-12")});
    assert_int_equal(a.stopped_days, 5);
    assert_int_equal(a.reply_due, D("2024-04-08"));

    /* a silent third party: the stop ends with its 15 working days */
    registered(&a);
    must(&a, (struct app_event){.kind = APP_EV_CONSULT_START, .date = D("2024-03-05"), .consult_kind = 1,
                                .party = "某公司"});
    must(&a, (struct app_event){.kind = APP_EV_CONSULT_END, .date = D("2024-04-10")});
    assert_int_equal(a.stopped_days, 15);
    assert_int_equal(a.reply_due, D("2024-04-22"));

    /* Art. 30: the period runs from the supplemented application */
    registered(&a);
    must(&a, (struct app_event){.kind = APP_EV_SUPPLEMENT_REQUEST, .date = D("2024-03-04"), .what = "x",
                                .by = D("2024-03-15")});
    assert_int_equal(a.due, D("2024-03-15"));
    assert_int_equal(a.due_kind, APP_DUE_SUPPLEMENT);
    assert_int_equal(a.reply_due, 0);
    must(&a, (struct app_event){.kind = APP_EV_SUPPLEMENT_RECEIVED, .date = D("2024-03-11")});
    assert_int_equal(a.clock_start, D("2024-03-11"));
    assert_int_equal(a.reply_due, D("2024-04-09"));

    /* the wait for payment stops the clock (default) ... */
    registered(&a);
    must(&a, (struct app_event){.kind = APP_EV_FEE_NOTICE, .date = D("2024-03-05"), .fee_method = FEE_BY_PAGES,
                                .pages = 100});
    assert_int_equal(a.due_kind, APP_DUE_FEE);
    assert_true(a.fee_yuan > 0);
    must(&a, (struct app_event){.kind = APP_EV_FEE_PAID, .date = D("2024-03-07")});
    assert_int_equal(a.reply_due, D("2024-04-02"));
    /* ... unless the agency's setting says otherwise */
    struct app_rules r;
    rules(&r);
    err e = {0};
    assert_int_equal(app_rules_set(&r, "disclosure.fee_stops_clock", "no", &e), 0);
    registered(&a);
    struct app_event fee = {.kind = APP_EV_FEE_NOTICE, .date = D("2024-03-05"), .fee_method = FEE_BY_PAGES,
                            .pages = 100};
    assert_int_equal(app_step(&r, cal, &a, &fee, &e), 0);
    assert_int_equal(a.reply_due, D("2024-03-29"));
    struct app_event paid = {.kind = APP_EV_FEE_PAID, .date = D("2024-03-07")};
    assert_int_equal(app_step(&r, cal, &a, &paid, &e), 0);
    assert_int_equal(a.reply_due, D("2024-03-29"));
    assert_int_equal(app_rules_set(&r, "disclosure.fee_stops_clock", "maybe", &e), GK_EINVAL);
    assert_int_equal(app_rules_set(&r, "disclosure.fee_pay_days", "0", &e), GK_EINVAL);
    assert_int_equal(app_rules_set(&r, "disclosure.count_from", "same_day", &e), 0);
    assert_true(r.count_same_day);

    /* concluded: no next deadline */
    into_state(&a, APP_S_ANSWERED);
    assert_int_equal(a.due, 0);
    assert_int_equal(a.due_kind, APP_DUE_NONE);

    /* days left: positive ahead, negative overdue */
    int left;
    assert_int_equal(app_days_left(cal, D("2024-03-25"), D("2024-03-29"), &left, &e), 0);
    assert_int_equal(left, 4);
    assert_int_equal(app_days_left(cal, D("2024-04-02"), D("2024-03-29"), &left, &e), 0);
    assert_int_equal(left, -2);
}

/* ---- the outcome taxonomy and reply letters ---- */

static void test_taxonomy(void **state)
{
    (void)state;
    /* every outcome row of table 三 has at least one outcome; codes are the report keys */
    int seen[APP_NROWS] = {0};
    for (int i = 0; i < app_noutcomes; i++) {
        const struct app_outcome *o = &app_outcomes[i];
        assert_true(rpt_app_rows[o->row].outcome);
        seen[o->row]++;
        assert_ptr_equal(app_outcome_find(o->code), o);
        if (o->via == APP_EV_ANSWER || o->via == APP_EV_SUPPLEMENT_LAPSED || o->via == APP_EV_FEE_LAPSED) {
            /* the code is group.key of its row, or the key of a top-level row,
             * or one of them and a qualifier (granted.published, Art. 36(一)) */
            char want[64];
            const struct rpt_app_row_def *row = &rpt_app_rows[o->row];
            snprintf(want, sizeof want, "%s%s%s", row->group ? row->group : "", row->group ? "." : "", row->key);
            size_t wl = strlen(want);
            if (strncmp(o->code, want, wl) != 0 || (o->code[wl] && (o->code[wl] != '.' || row->group)))
                fail_msg("outcome %s is not counted under %s", o->code, want);
            assert_true(strlen(o->basis) > 0);
        }
    }
    for (int r = 0; r < APP_NROWS; r++)
        if (rpt_app_rows[r].outcome)
            assert_true(seen[r] >= 1);
    assert_null(app_outcome_find("granted.x"));
    assert_null(app_outcome_find(NULL));
}

static void conclude_with(struct app *a, const struct app_outcome *o)
{
    if (o->via == APP_EV_SUPPLEMENT_LAPSED) {
        take_path(a, PATH_SUP);
        must(a, (struct app_event){.kind = APP_EV_SUPPLEMENT_LAPSED, .date = D("2024-03-18")});
    } else if (o->via == APP_EV_FEE_LAPSED) {
        take_path(a, PATH_FEE);
        must(a, (struct app_event){.kind = APP_EV_FEE_LAPSED, .date = a->fee_pay_by + 1});
    } else if (o->via == APP_EV_WITHDRAW) {
        registered(a);
        must(a, (struct app_event){.kind = APP_EV_WITHDRAW, .date = D("2024-03-08"), .note = "已通过其他途径获得"});
    } else {
        take_path(a, o->needs_supplement ? PATH_SUP_DONE : PATH_NONE);
        must(a, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-03-20"), .outcome = o->code,
                                   .detail = o->needs_detail ? "提供2023年低保资金发放汇总表" : NULL});
    }
    assert_string_equal(a->outcome, o->code);
}

static void test_reply_letters(void **state)
{
    (void)state;
    struct app_letter_ctx ctx = {"驻马店市民政局", "驻马店市人民政府", "驻马店市驿城区人民法院", "0396-1234567", NULL, NULL};
    for (int i = 0; i < app_noutcomes; i++) {
        const struct app_outcome *o = &app_outcomes[i];
        struct app a;
        conclude_with(&a, o);
        buf t, h;
        buf_init(&t);
        buf_init(&h);
        err e = {0};
        assert_int_equal(app_reply_letter(&a, &ctx, false, &t, &e), 0);
        assert_int_equal(app_reply_letter(&a, &ctx, true, &h, &e), 0);
        assert_non_null(strstr(t.data, "驻马店市民政局"));
        assert_non_null(strstr(t.data, "张三丰："));
        assert_non_null(strstr(t.data, "2024年3月1日"));
        assert_null(strstr(t.data, "{"));           /* every placeholder expanded */
        if (o->basis[0])
            assert_non_null(strstr(t.data, o->basis));
        if (o->remedies) {
            assert_non_null(strstr(t.data, "60日内向驻马店市人民政府申请行政复议"));
            assert_non_null(strstr(t.data, "6个月内向驻马店市驿城区人民法院提起行政诉讼"));
        } else {
            assert_null(strstr(t.data, "行政复议"));
        }
        if (o->provides)
            assert_non_null(strstr(t.data, "纸质文本，自行领取"));
        assert_non_null(strstr(h.data, "<article class=\"reply-letter\">"));
        buf_free(&t);
        buf_free(&h);
    }
    /* HTML escapes what the applicant wrote; text of the reasons is kept */
    struct app a;
    registered(&a);
    strcpy(a.request, "<script>alert(1)</script> & 其他");
    must(&a, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-03-20"), .outcome = "unavailable.not_held",
                                .refer = "市财政局"});
    buf h, t;
    buf_init(&h);
    buf_init(&t);
    err e = {0};
    struct app_letter_ctx bare = {"某局", NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(app_reply_letter(&a, &bare, true, &h, &e), 0);
    assert_null(strstr(h.data, "<script>"));
    assert_non_null(strstr(h.data, "&lt;script&gt;"));
    assert_int_equal(app_reply_letter(&a, &bare, false, &t, &e), 0);
    assert_non_null(strstr(t.data, "负责公开该信息的是市财政局"));
    assert_non_null(strstr(t.data, "有关行政复议机关"));
    buf_free(&h);
    buf_free(&t);
    /* the notices sent on the way */
    static const struct { int event; const char *title, *basis, *fact; } notices[] = {
        {APP_EV_SUPPLEMENT_REQUEST, "政府信息公开申请补正告知书", "第三十条", "请于2024年3月15日前"},
        {APP_EV_EXTEND, "政府信息公开申请延期答复告知书", "第三十三条第二款", "将于2024年4月28日前作出答复"},
        {APP_EV_FEE_NOTICE, "政府信息公开信息处理费缴费通知书", "第四十二条", "缴费期间不计算在答复期限内"},
    };
    for (size_t i = 0; i < sizeof notices / sizeof notices[0]; i++) {
        registered(&a);
        buf_init(&t);
        assert_int_equal(app_notice_letter(&a, notices[i].event, &ctx, true, false, &t, &e), GK_ESTATE);
        if (notices[i].event == APP_EV_SUPPLEMENT_REQUEST)
            take_path(&a, PATH_SUP);
        else if (notices[i].event == APP_EV_EXTEND)
            take_path(&a, PATH_EXTENDED);
        else
            take_path(&a, PATH_FEE);
        assert_int_equal(app_notice_letter(&a, notices[i].event, &ctx, true, false, &t, &e), 0);
        assert_non_null(strstr(t.data, notices[i].title));
        assert_non_null(strstr(t.data, notices[i].basis));
        if (!strstr(t.data, notices[i].fact))
            fail_msg("%s lacks %s:\n%s", notices[i].title, notices[i].fact, t.data);
        assert_non_null(strstr(t.data, "张三丰："));
        buf_free(&t);
    }
    buf_init(&t);
    assert_int_equal(app_notice_letter(&a, APP_EV_ANSWER, &ctx, true, false, &t, &e), GK_EINVAL);
    buf_free(&t);
    /* an open application has no reply letter yet */
    registered(&a);
    buf_init(&t);
    assert_int_equal(app_reply_letter(&a, &bare, false, &t, &e), GK_ESTATE);
    buf_free(&t);
}

/* ---- report tables from tallies ---- */

static void test_report_tables(void **state)
{
    (void)state;
    err e = {0};
    rpt *r = rpt_new();
    app_report_start(r, 2024);
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    struct app_tally rows[] = {
        {COL_NATURAL, "", 3, 1, 0, 4},
        {COL_NATURAL, "granted", 5, 2, 7, 0},
        {COL_NATURAL, "other.withdrawn", 1, 0, 1, 0},
        {COL_COMMERCIAL, "withheld.third_party_rights", 2, 0, 1, 1},
        {COL_LEGAL_SERVICES, "other.no_supplement", 1, 1, 2, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(app_report_add(r, &rows[i], &e), 0);
    app_report_finish(r);
    assert_true(r->app[APP_NEW][COL_NATURAL] == 9);
    assert_true(r->app[APP_CARRIED_IN][COL_NATURAL] == 3);
    assert_true(r->app[APP_GRANTED][COL_NATURAL] == 7);
    assert_true(r->app[APP_O_OTHER][COL_NATURAL] == 1);           /* withdrawn */
    assert_true(r->app[APP_W_THIRD_PARTY][COL_COMMERCIAL] == 1);
    assert_true(r->app[APP_O_NO_SUPPLEMENT][COL_LEGAL_SERVICES] == 2);
    assert_true(r->app[APP_CARRIED_OUT][COL_NATURAL] == 4);
    assert_true(r->app[APP_HANDLED_TOTAL][COL_NATURAL] == 8);
    assert_true(r->app[APP_HANDLED_TOTAL][COL_TOTAL] == 11);
    assert_true(r->app[APP_NEW][COL_TOTAL] == 12);
    assert_true(r->app[APP_GRANTED][COL_RESEARCH] == 0);          /* zero, not null */
    /* R1 holds per column */
    for (int c = 0; c < RPT_NCOLS; c++)
        assert_true(r->app[APP_NEW][c] + r->app[APP_CARRIED_IN][c] ==
                    r->app[APP_HANDLED_TOTAL][c] + r->app[APP_CARRIED_OUT][c]);
    struct app_tally bad = {COL_NATURAL, "granted.x", 0, 0, 1, 0};
    assert_int_equal(app_report_add(r, &bad, &e), GK_EINVAL);
    struct app_tally badk = {COL_TOTAL, "", 1, 0, 0, 1};
    assert_int_equal(app_report_add(r, &badk, &e), GK_EINVAL);
    rpt_free(r);

    /* 2019 layout: （六）其他处理 is one row */
    r = rpt_new();
    app_report_start(r, 2020);
    assert_int_equal(r->layout, RPT_LAYOUT_2019);
    struct app_tally t = {COL_NATURAL, "other.fee_unpaid", 0, 1, 1, 0};
    assert_int_equal(app_report_add(r, &t, &e), 0);
    app_report_finish(r);
    assert_true(rpt_is_null(r->app[APP_O_FEE_UNPAID][COL_NATURAL]));
    assert_true(r->app[APP_O_OTHER][COL_NATURAL] == 1);
    assert_true(r->app[APP_HANDLED_TOTAL][COL_TOTAL] == 1);
    rpt_free(r);

    /* table 四 */
    r = rpt_new();
    app_cases_start(r);
    struct app_case_tally ct[] = {{APP_CASE_REVIEW, APP_CR_UPHELD, 2}, {APP_CASE_REVIEW, APP_CR_PENDING, 1},
                                  {APP_CASE_LIT_AFTER_REVIEW, APP_CR_CORRECTED, 1}};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(app_cases_add(r, &ct[i], &e), 0);
    app_cases_finish(r);
    assert_true(r->rl[RL_REVIEW][RL_TOTAL] == 3);
    assert_true(r->rl[RL_REVIEW][RL_PENDING] == 1);
    assert_true(r->rl[RL_LIT_AFTER_REVIEW][RL_CORRECTED] == 1);
    assert_true(r->rl[RL_LIT_DIRECT][RL_TOTAL] == 0);
    struct app_case_tally cbad = {0, 0, 1};
    assert_int_equal(app_cases_add(r, &cbad, &e), GK_EINVAL);
    rpt_free(r);
}

static void test_cases(void **state)
{
    (void)state;
    struct app a;
    into_state(&a, APP_S_ANSWERED);
    a.id = 7;
    err e = {0};
    gk_day today = D("2024-12-31");
    struct app_case c = {.app_id = 7, .kind = APP_CASE_REVIEW, .filed = D("2024-04-01")};
    assert_int_equal(app_case_check_new(&c, &a, NULL, today, &e), 0);
    c.filed = D("2024-02-01");
    assert_int_equal(app_case_check_new(&c, &a, NULL, today, &e), GK_EINVAL);
    assert_string_equal(e.where, "filed");
    c.filed = D("2025-02-01");
    assert_int_equal(app_case_check_new(&c, &a, NULL, today, &e), GK_EINVAL);
    c.filed = D("2024-04-01");
    c.kind = 0;
    assert_int_equal(app_case_check_new(&c, &a, NULL, today, &e), GK_EINVAL);
    assert_string_equal(e.where, "kind");
    /* a suit after review needs a concluded review of the same application */
    struct app_case review = {.id = 1, .app_id = 7, .kind = APP_CASE_REVIEW, .filed = D("2024-04-01")};
    struct app_case suit = {.app_id = 7, .kind = APP_CASE_LIT_AFTER_REVIEW, .filed = D("2024-07-01")};
    assert_int_equal(app_case_check_new(&suit, &a, NULL, today, &e), GK_EINVAL);
    assert_string_equal(e.where, "after");
    assert_int_equal(app_case_check_new(&suit, &a, &review, today, &e), GK_ESTATE);
    assert_int_equal(app_case_close(&review, APP_CR_UPHELD, D("2024-03-01"), today, &e), GK_EINVAL);
    assert_int_equal(app_case_close(&review, 0, D("2024-06-01"), today, &e), GK_EINVAL);
    assert_string_equal(e.where, "result");
    assert_int_equal(app_case_close(&review, APP_CR_UPHELD, D("2024-06-01"), today, &e), 0);
    assert_int_equal(app_case_close(&review, APP_CR_OTHER, D("2024-06-02"), today, &e), GK_ESTATE);
    assert_int_equal(app_case_check_new(&suit, &a, &review, today, &e), 0);
    suit.filed = D("2024-05-01");
    assert_int_equal(app_case_check_new(&suit, &a, &review, today, &e), GK_EINVAL);
    struct app_case direct = {.app_id = 7, .kind = APP_CASE_LIT_DIRECT, .filed = D("2024-07-01")};
    assert_int_equal(app_case_check_new(&direct, &a, &review, today, &e), GK_EINVAL);
    assert_int_equal(app_case_kind_from_code("litigation_direct"), APP_CASE_LIT_DIRECT);
    assert_int_equal(app_case_result_from_code("pending"), -1);
}

/* ---- presentation helpers ---- */

static void test_helpers(void **state)
{
    (void)state;
    static const struct { const char *name; int kind; const char *want; } masks[] = {
        {"张三丰", COL_NATURAL, "张*丰"}, {"张三", COL_NATURAL, "张*"}, {"欧阳小明", COL_NATURAL, "欧*明"},
        {"李", COL_NATURAL, "*"}, {"John Smith", COL_NATURAL, "J*h"},
        {"某某律师事务所", COL_LEGAL_SERVICES, "某某律师事务所"},
    };
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        buf b;
        buf_init(&b);
        app_mask_name(masks[i].name, masks[i].kind, &b);
        assert_string_equal(b.data, masks[i].want);
        buf_free(&b);
    }
    assert_true(app_id_number_valid("11010519491231002X"));
    assert_true(app_id_number_valid("11010519491231002x"));
    assert_false(app_id_number_valid("110105194912310021"));
    assert_false(app_id_number_valid("1101051949123100"));
    char d[32];
    app_phone_digits("+86 (138) 0000-0000", d);
    assert_string_equal(d, "8613800000000");
    struct app a;
    registered(&a);
    buf b;
    buf_init(&b);
    app_to_json(&a, false, &b);
    assert_null(strstr(b.data, "张三丰"));
    assert_null(strstr(b.data, "138"));
    assert_non_null(strstr(b.data, "\"name_masked\":\"张*丰\""));
    buf_reset(&b);
    app_to_json(&a, true, &b);
    assert_non_null(strstr(b.data, "\"name\":\"张三丰\""));
    buf_reset(&b);
    must(&a, (struct app_event){.kind = APP_EV_EXTEND, .date = D("2024-03-20"), .days = 5, .approver = "李",
                                .reason = "多"});
    app_status_label(&a, &b);
    assert_string_equal(b.data, "办理中（已延期5个工作日）");
    buf_free(&b);
    assert_int_equal(app_kind_from_code("research"), COL_RESEARCH);
    assert_int_equal(app_kind_from_code("total"), -1);
    assert_int_equal(app_state_from_code("consulting"), APP_S_CONSULTING);
}

/* ---- re-dating when a year's notice arrives ------------------------------ */

/* For every year 2008–2026: open applications received through the year
 * (every 5th day, with the 2019 Regulation's deadlines) and brought into each open state by a step three days
 * later are registered and stepped on the provisional calendar (no notice
 * known); re-dated on the official calendar (app_redate), each has exactly
 * the deadlines it has when registered and stepped on the official calendar
 * from the start. */
static void test_redate_provisional_to_official(void **state)
{
    (void)state;
    cal_t *prov = cal_new();   /* no notice: 2008–2199 provisional */
    static const int steps[] = {0, APP_EV_EXTEND, APP_EV_CONSULT_START, APP_EV_FEE_NOTICE};
    int compared = 0, moved = 0;
    for (int y = 2008; y <= 2026; y++) {
        for (gk_day rd = date_from_ymd(y, 1, 2); rd < date_from_ymd(y + 1, 1, 1); rd += 5) {
            for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
                struct app_rules r;
                app_rules_default(&r, date_from_ymd(y + 1, 12, 31));
                struct app a, b;
                fresh(&a, NULL);
                /* registered (app_register refuses receipts before the 2019
                 * Regulation, so the state is set as it would) */
                a.received = a.clock_start = a.last_step = rd;
                a.state = APP_S_PROCESSING;
                b = a;
                err e = {0};
                assert_int_equal(app_deadlines(&r, prov, &a, &e), 0);
                assert_int_equal(app_deadlines(&r, cal, &b, &e), 0);
                if (steps[k]) {
                    struct app_event ev = good_event(&a, steps[k]);
                    ev.date = rd + 3;
                    int ra = app_step(&r, prov, &a, &ev, &e), rb = app_step(&r, cal, &b, &ev, &e);
                    if (ra || rb)
                        fail_msg("%d-%d: step %s: %s", y, (int)k, app_events[steps[k]].code, e.msg);
                }
                assert_true(app_provisional(prov, &a));
                assert_false(app_provisional(cal, &b) && y < 2026);
                gk_day before = a.due;
                assert_int_equal(app_redate(&r, cal, &a, &e), 0);
                moved += a.due != before;
                if (a.reply_due != b.reply_due || a.due != b.due || a.due_kind != b.due_kind ||
                    a.consult_due != b.consult_due || a.fee_pay_by != b.fee_pay_by) {
                    char ds[11];
                    date_format(rd, ds);
                    fail_msg("received %s, step %d: re-dated due %d reply %d, official %d %d", ds,
                             (int)k, a.due, a.reply_due, b.due, b.reply_due);
                }
                compared++;
            }
        }
    }
    assert_true(compared > 5000);
    assert_true(moved > 500);   /* the notices moved many deadlines: the test sees a change */
    print_message("# %d applications re-dated, %d deadlines moved\n", compared, moved);
    cal_free(prov);
}

static int setup(void **state)
{
    (void)state;
    cal = cal_builtin();
    return cal ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cal_free(cal);
    return 0;
}

/* ---- 证件类型: each paper checked by its own rule (idtype.c) ---- */

static void test_id_types(void **state)
{
    (void)state;
    static const struct { const char *type, *number; bool ok; const char *why; } cases[] = {
        /* 居民身份证 (GB 11643: MOD 11-2 check digit, birth date) */
        {"id_card", "11010519491231002X", true, "the standard's own example"},
        {"id_card", "11010519491231002x", true, "a lower-case x"},
        {"id_card", "44030419900307211X", true, NULL},
        {"id_card", "110105194912310021", false, "check digit wrong"},
        {"id_card", "110105194913310029", false, "month 13"},
        {"id_card", "11010519491231002", false, "17 characters"},
        {"id_card", "810000199408230021", false, "a Hong Kong residence permit number"},
        /* 港澳居民来往内地通行证 */
        {"hkmo_permit", "H12345678", true, NULL},
        {"hkmo_permit", "M87654321", true, NULL},
        {"hkmo_permit", "H1234567890", true, "the old booklet's 10 digits"},
        {"hkmo_permit", "A12345678", false, "not H or M"},
        {"hkmo_permit", "H1234567", false, "7 digits"},
        {"hkmo_permit", "H123456789", false, "9 digits: neither the card's 8 nor the booklet's 10"},
        {"hkmo_permit", "A123456(7)", false, "a Hong Kong identity card number"},
        /* 港澳居民居住证 (GB 11643 with 810000 / 820000) */
        {"hkmo_residence", "810000199408230021", true, NULL},
        {"hkmo_residence", "820000200101011235", true, NULL},
        {"hkmo_residence", "810000199408230022", false, "check digit wrong"},
        {"hkmo_residence", "83000019850615456X", false, "Taiwan's address code"},
        {"hkmo_residence", "811234199408230027", false, "81 but not 810000: a checksum-valid number no permit has"},
        {"hkmo_residence", "821234200101011230", false, "82 but not 820000"},
        /* 台湾居民来往大陆通行证 */
        {"tw_permit", "12345678", true, NULL},
        {"tw_permit", "1234567890", true, "the old booklet's 10 digits"},
        {"tw_permit", "1234567", false, "7 digits"},
        {"tw_permit", "1234567A", false, "a letter"},
        /* 台湾居民居住证 (GB 11643 with 830000) */
        {"tw_residence", "83000019850615456X", true, NULL},
        {"tw_residence", "830000198506154561", false, "check digit wrong"},
        {"tw_residence", "810000199408230021", false, "Hong Kong's address code"},
        /* 护照 */
        {"passport", "E12345678", true, "a Chinese ordinary passport"},
        {"passport", "EA1234567", true, NULL},
        {"passport", "X1234567", true, "a foreign passport"},
        {"passport", "123", false, "3 characters"},
        {"passport", "E1234-5678", false, "a hyphen"},
        /* 外国人永久居留身份证 */
        {"permanent_residence", "USA110018503125", true, "the 2017 card"},
        {"permanent_residence", "911010198001010011", true, "the 2023 card"},
        {"permanent_residence", "911010198001010012", false, "check digit wrong"},
        {"permanent_residence", "US1110018503125", false, "two letters"},
        /* 统一社会信用代码 (GB 32100: modulo 31) */
        {"uscc", "91350100M000100Y43", true, "the standard's example"},
        {"uscc", "11100000000013127D", true, NULL},
        {"uscc", "91350100M000100Y44", false, "check character wrong"},
        {"uscc", "91350100M000100I43", false, "the letter I"},
        {"uscc", "91350100M000100Y4", false, "17 characters"},
        /* 其他证件 */
        {"other", "AB-12345", true, NULL},
        {"other", "A1", false, "2 characters"},
        /* not said: 18 digits are a 居民身份证, else another paper */
        {"", "11010519491231002X", true, NULL},
        {"", "110105194912310021", false, "read as a 居民身份证"},
        {"", "H12345678", true, "read as another paper"},
        /* the type by its name (short enough to be held as typed) */
        {"护照", "E12345678", true, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char type[24];
        snprintf(type, sizeof type, "%s", cases[i].type);
        err e = {0};
        int rc = app_id_check(type, cases[i].number, &e);
        if ((rc == 0) != cases[i].ok)
            fail_msg("%s %s (%s): %s", cases[i].type, cases[i].number, cases[i].why ? cases[i].why : "",
                     rc ? e.msg : "accepted");
        if (rc) {
            assert_int_equal(rc, GK_EINVAL);
            assert_string_equal(e.where, "id_number");
        } else {
            assert_non_null(app_id_type_find(type));   /* the code, also when given by name or not at all */
            assert_string_equal(type, app_id_type_find(type)->code);
        }
    }
    for (int i = 0; i < app_nid_types; i++)
        assert_ptr_equal(app_id_type_find(app_id_types[i].label), &app_id_types[i]);
    char type[24] = "驾驶证";
    err e = {0};
    assert_int_equal(app_id_check(type, "123456", &e), GK_EINVAL);
    assert_string_equal(e.where, "id_type");
    /* every type has its rule in both languages */
    for (int i = 0; i < app_nid_types; i++)
        assert_true(app_id_types[i].rule[0] && app_id_types[i].rule_zh[0]);
}

/* Art. 36(一): already published, the letter says where; table 三 counts it
 * under 予以公开. */
static void test_already_published(void **state)
{
    (void)state;
    struct app a;
    registered(&a);
    err e = {0};
    assert_int_equal(step(&a, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-03-20"),
                                                   .outcome = "granted.published"}, &e), GK_EINVAL);
    assert_string_equal(e.where, "detail");   /* where the information is must be said */
    must(&a, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-03-20"), .outcome = "granted.published",
                                .detail = "青川市民政局门户网站“法定主动公开内容—社会救助”栏目（索引号 115111000087654321/2024-00012）"});
    struct app_letter_ctx ctx = {"青川市民政局", "青川市人民政府", "青川市人民法院", "0839-5521234", NULL, NULL};
    buf t;
    buf_init(&t);
    assert_int_equal(app_reply_letter(&a, &ctx, false, &t, &e), 0);
    assert_non_null(strstr(t.data, "经审查，您申请获取的信息已经主动公开，您可以通过以下途径获取：青川市民政局门户网站"
                                   "“法定主动公开内容—社会救助”栏目（索引号 115111000087654321/2024-00012）。"));
    assert_non_null(strstr(t.data, "第三十六条第（一）项"));
    assert_null(strstr(t.data, "具体说明"));
    assert_null(strstr(t.data, "提供方式"));   /* nothing is provided: the applicant is told where */
    buf_free(&t);
    rpt *r = rpt_new();
    app_report_start(r, 2024);
    struct app_tally rows[] = {{COL_NATURAL, "granted.published", 2, 0, 2, 0}, {COL_NATURAL, "granted", 1, 0, 1, 0}};
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(app_report_add(r, &rows[i], &e), 0);
    app_report_finish(r);
    assert_true(r->app[APP_GRANTED][COL_NATURAL] == 3);
    assert_true(r->app[APP_GRANTED][COL_TOTAL] == 3);
    rpt_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_matrix),
        cmocka_unit_test(test_deliver),
        cmocka_unit_test(test_redate_provisional_to_official),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_register),
        cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_taxonomy),
        cmocka_unit_test(test_reply_letters),
        cmocka_unit_test(test_report_tables),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_helpers),
        cmocka_unit_test(test_id_types),
        cmocka_unit_test(test_already_published),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
