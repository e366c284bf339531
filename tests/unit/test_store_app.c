/* Unit tests for the application register in the store: numbering, steps
 * with history and audit, optimistic versions, lists, the due list, fees by
 * count, the public follow-up, the report tallies (tables 三 and 四), bulk
 * loading, and agencies kept apart. Runs on SQLite, and on PostgreSQL under
 * tests/e2e/pg.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static cal_t *cal;
static int64_t agency_a, agency_b;

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
}

static struct app_rules R(const char *today)
{
    struct app_rules r;
    app_rules_default(&r, D(today ? today : "2025-12-31"));
    return r;
}

static int setup(void **state)
{
    store_t *s;
    if (tu_store_open(&s))
        return -1;
    err e = {0};
    struct store_agency a = {0};
    strcpy(a.code, "zmd");
    strcpy(a.name, "驻马店市民政局");
    if (store_agency_add(s, &a, &agency_a, &e))
        return -1;
    strcpy(a.code, "dh");
    strcpy(a.name, "定海区民政局");
    if (store_agency_add(s, &a, &agency_b, &e))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    return 0;
}

/* Registers an application through the domain and the store, on the day
 * reg_today (NULL: R's default). */
static const char *reg_today;
static void reg(store_t *s, int64_t agency, const char *received, int kind, const char *name, const char *idno,
                struct app *out)
{
    memset(out, 0, sizeof *out);
    out->agency_id = agency;
    out->channel = APP_CH_ONLINE;
    out->received = D(received);
    out->kind = kind;
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->id_number, sizeof out->id_number, "%s", idno ? idno : "");
    snprintf(out->phone, sizeof out->phone, "13800000000");
    snprintf(out->request, sizeof out->request, "申请公开%s的有关信息", received);
    out->delivery = APP_DL_ONLINE;
    struct app_rules r = R(reg_today);
    err e = {0};
    if (app_register(&r, cal, out, &e))
        fail_msg("register: %s: %s", e.where, e.msg);
    if (store_app_add(s, out, "tester", &e))
        fail_msg("store_app_add: %s: %s", e.where, e.msg);
}

static void stepped(store_t *s, struct app *a, struct app_event ev, const char *today)
{
    struct app after = *a;
    struct app_rules r = R(today);
    err e = {0};
    if (ev.kind == APP_EV_ANSWER &&   /* the reply is drafted and approved first (issue 18) */
        tu_chain_approve(s, a, ev.outcome, ev.detail, ev.refer, ev.date, &e))
        fail_msg("chain: %s: %s", e.where, e.msg);
    if (app_step(&r, cal, &after, &ev, &e))
        fail_msg("step %s: %s: %s", app_events[ev.kind].code, e.where, e.msg);
    if (store_app_save(s, a, &after, "tester", app_events[ev.kind].code, after.last_step, "step", &e))
        fail_msg("save: %s: %s", e.where, e.msg);
    *a = after;
}

static int count_apps(const struct app *a, void *arg)
{
    (void)a;
    (*(int *)arg)++;
    return 0;
}

static int count_steps(const struct store_app_step *p, void *arg)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

struct audit_seen { int n; bool personal; };
static int audit_cb(const struct store_audit_entry *a, void *arg)
{
    struct audit_seen *x = arg;
    x->n++;
    if ((a->after_json && (strstr(a->after_json, "13800000000") || strstr(a->after_json, "王小明"))) ||
        (a->before_json && strstr(a->before_json, "王小明")))
        x->personal = true;
    return 0;
}

static void test_add_get_save(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app a, b, got;
    reg(s, agency_a, "2024-03-01", COL_NATURAL, "王小明", "11010519491231002X", &a);
    assert_string_equal(a.no, "2024-00001");
    assert_int_equal(strlen(a.tracking), 14);
    assert_int_equal(a.version, 1);
    reg(s, agency_a, "2024-03-02", COL_COMMERCIAL, "某公司", NULL, &b);
    assert_string_equal(b.no, "2024-00002");
    struct app c;
    reg(s, agency_a, "2025-01-06", COL_NATURAL, "赵六", NULL, &c);
    assert_string_equal(c.no, "2025-00001");          /* numbering per receipt year */
    struct app other;
    reg(s, agency_b, "2024-03-01", COL_NATURAL, "钱七", NULL, &other);
    assert_string_equal(other.no, "2024-00001");      /* and per agency */

    assert_int_equal(store_app_get(s, agency_a, "2024-00001", &got, &e), 0);
    assert_string_equal(got.name, "王小明");
    assert_string_equal(got.id_number, "11010519491231002X");
    assert_int_equal(got.received, D("2024-03-01"));
    assert_int_equal(got.reply_due, D("2024-03-29"));
    assert_int_equal(got.state, APP_S_PROCESSING);
    assert_int_equal(got.due_kind, APP_DUE_REPLY);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)a.id);
    assert_int_equal(store_app_get(s, agency_a, idtext, &got, &e), 0);
    assert_string_equal(got.no, "2024-00001");
    /* agencies are kept apart */
    snprintf(idtext, sizeof idtext, "%lld", (long long)other.id);
    assert_int_equal(store_app_get(s, agency_a, idtext, &got, &e), GK_ENOTFOUND);
    assert_int_equal(store_app_get(s, agency_a, "2024-09999", &got, &e), GK_ENOTFOUND);

    /* a step: saved with its history line and an audit entry */
    struct app before = a;
    stepped(s, &a, (struct app_event){.kind = APP_EV_EXTEND, .date = D("2024-03-20"), .days = 10,
                                      .approver = "李主任", .reason = "档案多"}, NULL);
    assert_int_equal(a.version, 2);
    assert_int_equal(store_app_get(s, agency_a, "2024-00001", &got, &e), 0);
    assert_int_equal(got.ext_days, 10);
    assert_string_equal(got.ext_by, "李主任");
    assert_int_equal(got.version, 2);
    assert_int_equal(got.reply_due, a.reply_due);
    assert_memory_equal(&got, &a, sizeof got);        /* everything round-trips */

    /* a stale copy is refused and writes nothing */
    struct app stale = before;
    struct app_rules r = R(NULL);
    struct app_event ans = {.kind = APP_EV_ANSWER, .date = D("2024-03-21"), .outcome = "granted"};
    assert_int_equal(app_step(&r, cal, &stale, &ans, &e), 0);
    assert_int_equal(store_app_save(s, &before, &stale, "tester", "answer", stale.last_step, "x", &e), GK_ESTATE);
    assert_int_equal(store_app_get(s, agency_a, "2024-00001", &got, &e), 0);
    assert_int_equal(got.state, APP_S_PROCESSING);
    int n = 0;
    assert_int_equal(store_app_steps(s, a.id, count_steps, &n, &e), 0);
    assert_int_equal(n, 2);                           /* register, extend */
    struct audit_seen seen = {0};
    struct store_audit_filter f = {.entity = "application", .entity_id = a.id};
    assert_int_equal(store_audit_list(s, &f, audit_cb, &seen, &e), 0);
    assert_int_equal(seen.n, 2);
    assert_false(seen.personal);                      /* personal data stays out of the audit */

    /* the answer */
    stepped(s, &a, ans, NULL);
    assert_int_equal(store_app_get(s, agency_a, "2024-00001", &got, &e), 0);
    assert_string_equal(got.outcome, "granted");
    assert_int_equal(got.concluded, D("2024-03-21"));
    assert_int_equal(got.due, 0);
}

struct collect { int n; char nos[32][24]; };
static int collect_cb(const struct app *a, void *arg)
{
    struct collect *c = arg;
    if (c->n < 32)
        snprintf(c->nos[c->n], sizeof c->nos[0], "%s", a->no);
    c->n++;
    return 0;
}

static void test_lists_due_public(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app a1, a2, a3, a4;
    reg(s, agency_a, "2024-03-01", COL_NATURAL, "甲", NULL, &a1);   /* reply due 03-29 */
    reg(s, agency_a, "2024-03-04", COL_RESEARCH, "某研究院", NULL, &a2);  /* due 04-01 */
    reg(s, agency_a, "2024-03-05", COL_NATURAL, "乙", NULL, &a3);
    stepped(s, &a3, (struct app_event){.kind = APP_EV_SUPPLEMENT_REQUEST, .date = D("2024-03-06"), .what = "文号",
                                       .by = D("2024-03-15")}, NULL);
    reg(s, agency_a, "2024-03-06", COL_NATURAL, "丙", NULL, &a4);
    stepped(s, &a4, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-03-07"), .outcome = "granted"}, NULL);

    struct collect c = {0};
    struct store_app_filter f = {.agency_id = agency_a, .kind = -1};
    assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.nos[0], "2024-00004");      /* newest first */
    memset(&c, 0, sizeof c);
    f.open_only = true;
    assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 3);
    memset(&c, 0, sizeof c);
    f.open_only = false;
    f.state = APP_S_AWAITING_SUPPLEMENT;
    assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.nos[0], a3.no);
    memset(&c, 0, sizeof c);
    f.state = 0;
    f.kind = COL_RESEARCH;
    assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 1);
    memset(&c, 0, sizeof c);
    f.kind = -1;
    f.year = 2023;
    assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 0);
    /* a range of receipt dates, both ends included (the register's export) */
    f.year = 0;
    static const struct {
        const char *since, *until;
        int n;
        const char *first;
    } ranges[] = {
        {"2024-03-04", "2024-03-05", 2, "2024-00003"},
        {"2024-03-06", NULL, 1, "2024-00004"},
        {NULL, "2024-03-01", 1, "2024-00001"},
        {"2024-03-07", NULL, 0, ""},
        {"2024-03-05", "2024-03-04", 0, ""},
    };
    for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++) {
        memset(&c, 0, sizeof c);
        f.since = ranges[k].since;
        f.until = ranges[k].until;
        assert_int_equal(store_app_list(s, &f, collect_cb, &c, &e), 0);
        assert_int_equal(c.n, ranges[k].n);
        if (c.n)
            assert_string_equal(c.nos[0], ranges[k].first);
    }
    f.since = f.until = NULL;

    /* due: by deadline, earliest first; concluded ones never */
    memset(&c, 0, sizeof c);
    assert_int_equal(store_app_due(s, agency_a, D("2024-03-29"), collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.nos[0], a3.no);              /* supplement deadline 03-15 */
    assert_string_equal(c.nos[1], a1.no);              /* reply due 03-29 */
    memset(&c, 0, sizeof c);
    assert_int_equal(store_app_due(s, agency_a, D("2024-12-31"), collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 3);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_app_due(s, agency_b, D("2024-12-31"), collect_cb, &c, &e), 0);
    assert_int_equal(c.n, 0);

    /* the public follow-up: tracking code and phone; state and deadline only */
    struct store_app_public p;
    assert_int_equal(store_app_public_status(s, a1.tracking, "138-0000-0000", &p, &e), 0);
    assert_int_equal(p.state, APP_S_PROCESSING);
    assert_int_equal(p.reply_due, D("2024-03-29"));
    assert_int_equal(store_app_public_status(s, a1.tracking, "13900000000", &p, &e), GK_ENOTFOUND);
    assert_null(strstr(e.msg, "甲"));
    assert_int_equal(store_app_public_status(s, "XXXX-XXXX-XXXX", "13800000000", &p, &e), GK_ENOTFOUND);
    assert_int_equal(store_app_public_status(s, a1.tracking, "", &p, &e), GK_ENOTFOUND);
    assert_int_equal(store_app_public_status(s, a4.tracking, "13800000000", &p, &e), 0);
    assert_int_equal(p.state, APP_S_ANSWERED);
    assert_int_equal(p.concluded, D("2024-03-07"));
}

static void test_nth_in_month(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app a[4];
    reg(s, agency_a, "2024-03-01", COL_NATURAL, "甲", "11010519491231002X", &a[0]);
    reg(s, agency_a, "2024-03-05", COL_NATURAL, "甲", "11010519491231002X", &a[1]);
    reg(s, agency_a, "2024-04-01", COL_NATURAL, "甲", "11010519491231002X", &a[2]);
    reg(s, agency_a, "2024-03-06", COL_NATURAL, "乙", NULL, &a[3]);
    int nth;
    assert_int_equal(store_app_nth_in_month(s, &a[0], &nth, &e), 0);
    assert_int_equal(nth, 1);
    assert_int_equal(store_app_nth_in_month(s, &a[1], &nth, &e), 0);
    assert_int_equal(nth, 2);
    assert_int_equal(store_app_nth_in_month(s, &a[2], &nth, &e), 0);
    assert_int_equal(nth, 1);                          /* a new month */
    assert_int_equal(store_app_nth_in_month(s, &a[3], &nth, &e), 0);
    assert_int_equal(nth, 1);                          /* by name and phone */
}

static int tally_cb(const struct app_tally *t, void *arg)
{
    err e = {0};
    return app_report_add(arg, t, &e);
}

static int case_tally_cb(const struct app_case_tally *t, void *arg)
{
    err e = {0};
    return app_cases_add(arg, t, &e);
}

static rpt *report(store_t *s, int64_t agency, int year)
{
    rpt *r = rpt_new();
    err e = {0};
    app_report_start(r, year);
    assert_int_equal(store_app_tally(s, agency, year, tally_cb, r, &e), 0);
    app_report_finish(r);
    app_cases_start(r);
    assert_int_equal(store_case_tally(s, agency, year, case_tally_cb, r, &e), 0);
    app_cases_finish(r);
    return r;
}

static int count_cases(const struct app_case *c, void *arg)
{
    (void)c;
    (*(int *)arg)++;
    return 0;
}

static void test_tally_and_cases(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app a1, a2, a3, a4, a5;
    /* 2023: a1 answered in 2023; a2 carried over, answered 2024; a3 carried over, withdrawn 2024 */
    reg(s, agency_a, "2023-06-01", COL_NATURAL, "甲", NULL, &a1);
    stepped(s, &a1, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2023-06-20"), .outcome = "granted"}, NULL);
    reg(s, agency_a, "2023-12-20", COL_NATURAL, "乙", NULL, &a2);
    stepped(s, &a2, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-01-10"),
                                       .outcome = "withheld.process_info"}, NULL);
    reg(s, agency_a, "2023-12-25", COL_LEGAL_SERVICES, "某律所", NULL, &a3);
    stepped(s, &a3, (struct app_event){.kind = APP_EV_WITHDRAW, .date = D("2024-01-03")}, NULL);
    /* 2024: a4 answered; a5 open at the end of 2024 */
    reg(s, agency_a, "2024-05-06", COL_COMMERCIAL, "某公司", NULL, &a4);
    stepped(s, &a4, (struct app_event){.kind = APP_EV_ANSWER, .date = D("2024-05-20"),
                                       .outcome = "unavailable.not_held"}, NULL);
    reg(s, agency_a, "2024-12-20", COL_NATURAL, "丙", NULL, &a5);
    /* another agency's applications are not counted */
    struct app x;
    reg(s, agency_b, "2024-05-06", COL_NATURAL, "丁", NULL, &x);

    rpt *r23 = report(s, agency_a, 2023), *r24 = report(s, agency_a, 2024);
    assert_true(r23->app[APP_NEW][COL_NATURAL] == 2);
    assert_true(r23->app[APP_NEW][COL_LEGAL_SERVICES] == 1);
    assert_true(r23->app[APP_GRANTED][COL_NATURAL] == 1);
    assert_true(r23->app[APP_CARRIED_OUT][COL_NATURAL] == 1);
    assert_true(r23->app[APP_CARRIED_OUT][COL_LEGAL_SERVICES] == 1);
    assert_true(r23->app[APP_CARRIED_OUT][COL_TOTAL] == 2);
    for (int c = 0; c < RPT_NCOLS; c++)
        assert_true(r24->app[APP_CARRIED_IN][c] == r23->app[APP_CARRIED_OUT][c]);   /* X1 */
    assert_true(r24->app[APP_W_PROCESS][COL_NATURAL] == 1);
    assert_true(r24->app[APP_O_OTHER][COL_LEGAL_SERVICES] == 1);                   /* withdrawn */
    assert_true(r24->app[APP_U_NOT_HELD][COL_COMMERCIAL] == 1);
    assert_true(r24->app[APP_NEW][COL_TOTAL] == 2);
    assert_true(r24->app[APP_HANDLED_TOTAL][COL_TOTAL] == 3);
    assert_true(r24->app[APP_CARRIED_OUT][COL_TOTAL] == 1);
    for (int c = 0; c < RPT_NCOLS; c++)                                            /* R1 */
        assert_true(r24->app[APP_NEW][c] + r24->app[APP_CARRIED_IN][c] ==
                    r24->app[APP_HANDLED_TOTAL][c] + r24->app[APP_CARRIED_OUT][c]);
    rpt_free(r23);
    rpt_free(r24);

    /* review cases: filed in the year, result as of 31 December */
    struct app_case rv = {.agency_id = agency_a, .app_id = a2.id, .kind = APP_CASE_REVIEW, .filed = D("2024-02-01")};
    strcpy(rv.body, "驻马店市人民政府");
    assert_int_equal(store_case_add(s, &rv, "tester", &e), 0);
    struct app_case lit = {.agency_id = agency_a, .app_id = a4.id, .kind = APP_CASE_LIT_DIRECT,
                           .filed = D("2024-11-01")};
    assert_int_equal(store_case_add(s, &lit, "tester", &e), 0);
    struct app_case got, closed;
    assert_int_equal(store_case_get(s, agency_a, rv.id, &got, &e), 0);
    assert_string_equal(got.app_no, a2.no);
    assert_int_equal(got.result, APP_CR_PENDING);
    assert_int_equal(store_case_get(s, agency_b, rv.id, &got, &e), GK_ENOTFOUND);
    closed = got;
    assert_int_equal(app_case_close(&closed, APP_CR_CORRECTED, D("2024-04-01"), D("2025-12-31"), &e), 0);
    assert_int_equal(store_case_save(s, &got, &closed, "tester", &e), 0);
    assert_int_equal(store_case_save(s, &got, &closed, "tester", &e), GK_ESTATE);   /* stale */
    assert_int_equal(store_case_get(s, agency_a, lit.id, &got, &e), 0);
    closed = got;
    assert_int_equal(app_case_close(&closed, APP_CR_UPHELD, D("2025-03-01"), D("2025-12-31"), &e), 0);
    assert_int_equal(store_case_save(s, &got, &closed, "tester", &e), 0);
    rpt *r = report(s, agency_a, 2024);
    assert_true(r->rl[RL_REVIEW][RL_CORRECTED] == 1);
    assert_true(r->rl[RL_REVIEW][RL_TOTAL] == 1);
    assert_true(r->rl[RL_LIT_DIRECT][RL_PENDING] == 1);    /* closed in 2025 */
    assert_true(r->rl[RL_LIT_DIRECT][RL_UPHELD] == 0);
    assert_true(r->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL] == 0);
    rpt_free(r);
    int n = 0;
    assert_int_equal(store_case_list(s, agency_a, 2024, count_cases, &n, &e), 0);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(store_case_list(s, agency_a, 2023, count_cases, &n, &e), 0);
    assert_int_equal(n, 0);
}

/* ---- bulk ---- */
struct gen { int i, n; };
static int gen_next(struct app *a, void *arg)
{
    struct gen *g = arg;
    if (g->i >= g->n)
        return 1;
    int i = g->i++;
    a->channel = APP_CH_ONLINE;
    a->received = D("2024-01-02") + i % 300;
    a->kind = (i / 2) % 6;
    snprintf(a->name, sizeof a->name, "申请人%d", i);
    snprintf(a->phone, sizeof a->phone, "1380000%04d", i);
    snprintf(a->request, sizeof a->request, "第%d件", i);
    a->delivery = APP_DL_ONLINE;
    a->state = i % 2 ? APP_S_ANSWERED : APP_S_PROCESSING;
    a->clock_start = a->received;
    a->last_step = a->received;
    if (i % 2) {
        snprintf(a->outcome, sizeof a->outcome, "granted");
        a->concluded = a->received + 10;
    } else {
        a->due = a->reply_due = a->received + 28;
        a->due_kind = APP_DUE_REPLY;
    }
    return 0;
}

static int bad_next(struct app *a, void *arg)
{
    int *k = arg;
    if ((*k)++ == 3)
        return -1;
    return gen_next(a, &(struct gen){0, 1});
}

static void test_bulk(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app first;
    reg(s, agency_a, "2024-01-02", COL_NATURAL, "甲", NULL, &first);
    struct gen g = {0, 1000};
    int64_t n = 0, groups, rows;
    assert_int_equal(store_app_bulk(s, agency_a, gen_next, &g, "bench", &n, &e), 0);
    assert_int_equal(n, 1000);
    assert_int_equal(store_app_count_groups(s, agency_a, &groups, &rows, &e), 0);
    assert_int_equal(rows, 1001);
    assert_int_equal(groups, 12);                      /* 6 kinds x (open, granted) */
    struct app got;
    assert_int_equal(store_app_get(s, agency_a, "2024-01001", &got, &e), 0);   /* numbering continues */
    /* a failing source leaves nothing behind */
    int k = 0;
    assert_int_not_equal(store_app_bulk(s, agency_a, bad_next, &k, "bench", &n, &e), 0);
    assert_int_equal(store_app_count_groups(s, agency_a, &groups, &rows, &e), 0);
    assert_int_equal(rows, 1001);
    rpt *r = report(s, agency_a, 2024);
    assert_true(r->app[APP_NEW][COL_TOTAL] == 1001);
    assert_true(r->app[APP_GRANTED][COL_TOTAL] == 500);
    rpt_free(r);
}

/* One-time form tokens (migration 008): the same form submitted again finds
 * the application it created, and nothing new is stored; a token is kept
 * per agency; a submission without a token always adds. */
static void test_form_token(void **state)
{
    store_t *s = *state;
    err e = {0};
    static const char tok[] = "0123456789abcdef0123456789abcdef";
    struct app *a = calloc(3, sizeof *a), *b = a + 1, *c = a + 2;
    a->agency_id = agency_a;
    a->channel = APP_CH_ONLINE;
    a->received = D("2025-03-03");
    a->kind = COL_NATURAL;
    strcpy(a->name, "\xf0\xa0\x80\x80\xe4\xb8\xad\xc3\xa9" "a");   /* 𠀀中éa */
    strcpy(a->phone, "13800000000");
    strcpy(a->request, "申请公开2024年低保资金发放情况");
    a->delivery = APP_DL_ONLINE;
    struct app_rules r = R(NULL);
    if (app_register(&r, cal, a, &e))
        fail_msg("register: %s: %s", e.where, e.msg);
    *b = *a;
    *c = *a;
    bool again = true;
    char kind[32];
    int64_t id = 0;
    assert_int_equal(store_form_token_get(s, agency_a, tok, kind, &id, &e), GK_ENOTFOUND);
    if (store_app_add_once(s, a, "online", tok, &again, &e))
        fail_msg("add_once: %s: %s", e.where, e.msg);
    assert_false(again);
    assert_int_equal(store_form_token_get(s, agency_a, tok, kind, &id, &e), 0);
    assert_string_equal(kind, "application");
    assert_int_equal(id, a->id);
    /* the same form again: the first application, nothing added */
    if (store_app_add_once(s, b, "online", tok, &again, &e))
        fail_msg("add_once again: %s: %s", e.where, e.msg);
    assert_true(again);
    assert_int_equal(b->id, a->id);
    assert_string_equal(b->no, a->no);
    assert_string_equal(b->tracking, a->tracking);
    assert_string_equal(b->name, "\xf0\xa0\x80\x80\xe4\xb8\xad\xc3\xa9" "a");
    struct store_app_filter f = {.agency_id = agency_a, .kind = -1, .limit = 100};
    int n = 0;
    assert_int_equal(store_app_list(s, &f, count_apps, &n, &e), 0);
    assert_int_equal(n, 1);
    /* another agency does not see the token */
    assert_int_equal(store_form_token_get(s, agency_b, tok, kind, &id, &e), GK_ENOTFOUND);
    /* without a token, every submission is its own */
    assert_int_equal(store_app_add_once(s, c, "online", NULL, &again, &e), 0);
    assert_false(again);
    assert_int_not_equal(c->id, a->id);
    free(a);
}

/* ---- importing a calendar year re-dates open applications --------------- */

struct redate_arg {
    int calls, fail_at;   /* fail_at: the call that fails (0: none) */
};

static int redate_cb(void *arg, cal_t *c, struct app *a, buf *summary, bool *prov, err *e)
{
    struct redate_arg *x = arg;
    if (++x->calls == x->fail_at)
        return err_set(e, GK_EIO, "test", "injected failure on call %d", x->calls);
    struct app_rules r = R("2026-12-31");
    gk_day before = a->due;
    int rc = app_redate(&r, c, a, e);
    if (rc)
        return rc;
    *prov = app_provisional(c, a);
    buf_puts(summary, "re-dated");
    return a->due != before;
}

static int count_redate_steps(const struct store_app_step *p, void *arg)
{
    if (strcmp(p->event, "redate") == 0)
        (*(int *)arg)++;
    return 0;
}

static void test_calendar_import(void **state)
{
    store_t *s = *state;
    err e = {0};
    struct app a1, a2, b1;
    /* received 4 and 10 December 2026: 20 working days run to 4 and 8
     * January 2027 on the provisional calendar */
    reg_today = "2026-12-31";
    reg(s, agency_a, "2026-12-04", COL_NATURAL, "王小明", NULL, &a1);
    reg(s, agency_a, "2026-12-10", COL_NATURAL, "李四", NULL, &a2);
    reg(s, agency_b, "2026-12-10", COL_NATURAL, "赵六", NULL, &b1);
    reg_today = NULL;
    assert_int_equal(a1.due, D("2027-01-04"));
    assert_int_equal(a2.due, D("2027-01-08"));
    assert_true(a1.provisional);
    assert_int_equal(store_setting_set(s, agency_b, STORE_CALENDAR_REGION_KEY, "新疆", &e), 0);
    const char tsv[] = "2027-01-01\tholiday\t元旦\n2027-01-04\tholiday\t元旦\n2027-01-09\tworkday\t元旦\n2027-04-05\tholiday\t清明\n";
    struct store_redated *out;
    size_t n;
    /* a failure half-way keeps nothing: no fact, no date moved, no history */
    struct redate_arg fail = {0, 2};
    assert_int_equal(store_calendar_import(s, "", tsv, strlen(tsv), "2027.txt", "tester", D("2026-12-31"),
                                           redate_cb, &fail, &out, &n, &e), GK_EIO);
    assert_non_null(strstr(e.msg, "injected"));
    assert_null(out);
    buf b;
    buf_init(&b);
    assert_int_equal(store_calendar_tsv(s, &b, &e), 0);
    assert_int_equal(b.len, 0);
    struct app got;
    assert_int_equal(store_app_get(s, agency_a, a1.no, &got, &e), 0);
    assert_int_equal(got.due, a1.due);
    int steps = 0;
    assert_int_equal(store_app_steps(s, a1.id, count_redate_steps, &steps, &e), 0);
    assert_int_equal(steps, 0);
    /* the import: every agency on the national calendar, earliest first */
    struct redate_arg ok = {0, 0};
    assert_int_equal(store_calendar_import(s, "", tsv, strlen(tsv), "2027.txt", "tester", D("2026-12-31"),
                                           redate_cb, &ok, &out, &n, &e), 0);
    assert_int_equal(ok.calls, 3);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].no, a1.no);
    assert_int_equal(out[0].due_before, D("2027-01-04"));
    assert_int_equal(out[0].due_after, D("2027-01-05"));
    assert_false(out[0].provisional);
    assert_int_equal(out[1].due_after, D("2027-01-09"));
    assert_int_equal(out[2].due_after, D("2027-01-09"));
    free(out);
    assert_int_equal(store_app_get(s, agency_a, a2.no, &got, &e), 0);
    assert_int_equal(got.due, D("2027-01-09"));
    assert_int_equal(got.version, a2.version + 1);
    steps = 0;
    assert_int_equal(store_app_steps(s, a2.id, count_redate_steps, &steps, &e), 0);
    assert_int_equal(steps, 1);
    buf_reset(&b);
    assert_int_equal(store_calendar_tsv(s, &b, &e), 0);
    assert_string_equal(b.data, tsv);
    /* a regional layer moves only the agencies of its region */
    const char xj[] = "2027-01-08\tholiday\t测试地区节日\n";
    struct redate_arg ok2 = {0, 0};
    assert_int_equal(store_calendar_import(s, "新疆", xj, strlen(xj), "xj.tsv", "tester", D("2026-12-31"),
                                           redate_cb, &ok2, &out, &n, &e), 0);
    assert_int_equal(ok2.calls, 1);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].agency, "dh");
    assert_int_equal(out[0].due_after, D("2027-01-11"));
    free(out);
    buf_reset(&b);
    assert_int_equal(store_calendar_tsv(s, &b, &e), 0);
    assert_string_equal(b.data, tsv);   /* the national calendar is untouched */
    cal_t *c;
    assert_int_equal(store_calendar_for(s, agency_b, &c, &e), 0);
    assert_string_equal(cal_holiday_name(c, D("2027-01-08")), "测试地区节日");
    cal_free(c);
    assert_int_equal(store_calendar_for(s, agency_a, &c, &e), 0);
    assert_null(cal_holiday_name(c, D("2027-01-08")));
    assert_false(cal_year_provisional(c, 2027));
    cal_free(c);
    buf_free(&b);
}

int main(void)
{
    cal = cal_builtin();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_get_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists_due_public, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nth_in_month, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tally_and_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_form_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar_import, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    cal_free(cal);
    return rc;
}
