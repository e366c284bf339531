/* Unit tests for the handling chain of applications (issue 18) and the
 * register of documents with their disclosure attribute: each step by role,
 * with the refusals (answering without approval, approving one's own draft,
 * a handler drafting another's case, ...) as a table run against a real
 * store; the case file packed and read back; the attribute's rules. Runs on
 * SQLite, and on PostgreSQL under tests/e2e/pg.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/casefile.h"
#include "testutil.h"

static cal_t *cal;
static int64_t agency;

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
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
    if (store_agency_add(s, &a, &agency, &e) || store_calendar(s, &cal, &e))
        return -1;
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    tu_store_close(*state);
    cal_free(cal);
    return 0;
}

static void reg(store_t *s, const char *received, struct app *out)
{
    memset(out, 0, sizeof *out);
    out->agency_id = agency;
    out->channel = APP_CH_ONLINE;
    out->received = D(received);
    out->kind = COL_NATURAL;
    snprintf(out->name, sizeof out->name, "王小明");
    snprintf(out->phone, sizeof out->phone, "13800000000");
    snprintf(out->request, sizeof out->request, "2023年城乡低保资金发放情况");
    out->delivery = APP_DL_ONLINE;
    struct app_rules r;
    app_rules_default(&r, D("2024-12-31"));
    err e = {0};
    if (app_register(&r, cal, out, &e) || store_app_add(s, out, "登记员", &e))
        fail_msg("register: %s: %s", e.where, e.msg);
}

/* ---- the chain, step by step ---- */

enum { OK = 0, REFUSED = GK_ESTATE, BAD = GK_EINVAL };
struct who { const char *name, *role; };
/* the people, as initializers (a const object is no constant expression in C) */
#define OFFICE {"公开办", "office"}
#define HANDLER {"张科员", "officer"}
#define OTHER {"李科员", "officer"}
#define LEADER {"王局长", "leader"}
#define LEADER2 {"赵局长", "leader"}
#define NOBODY {"路人", ""}

struct step_case {
    const char *what;
    struct who who;
    struct app_chain_event ev;
    int want;                  /* rc */
    int state;                 /* the chain's state after (unchanged on refusal) */
    const char *msg;           /* a part of the refusal's message */
};

/* One application walked through the chain in order; each row acts on the
 * chain as the rows before left it. */
static const struct step_case walk[] = {
    {"a draft before assignment", HANDLER, {.action = APP_CA_DRAFT, .outcome = "granted"}, REFUSED, APP_CH_NONE,
     "possible only while it is with its handler"},
    {"an officer may not assign", OTHER, {.action = APP_CA_ASSIGN, .to = "张科员"}, REFUSED, APP_CH_NONE,
     "not among those who assign"},
    {"assign needs a handler", OFFICE, {.action = APP_CA_ASSIGN}, BAD, APP_CH_NONE, "name the handler"},
    {"the office assigns", OFFICE, {.action = APP_CA_ASSIGN, .to = "李科员"}, OK, APP_CH_ASSIGNED, NULL},
    {"assigning twice is a reassignment", OFFICE, {.action = APP_CA_ASSIGN, .to = "张科员"}, REFUSED,
     APP_CH_ASSIGNED, "before it was assigned"},
    {"a reassignment needs the reason", OFFICE, {.action = APP_CA_REASSIGN, .to = "张科员"}, BAD, APP_CH_ASSIGNED,
     "say why"},
    {"the leader reassigns, with the reason", LEADER,
     {.action = APP_CA_REASSIGN, .to = "张科员", .reason = "李科员休假"}, OK, APP_CH_ASSIGNED, NULL},
    {"a handler drafting another's case", OTHER, {.action = APP_CA_DRAFT, .outcome = "granted"}, REFUSED,
     APP_CH_ASSIGNED, "assigned to 张科员, not to 李科员"},
    {"a draft with an unknown outcome", HANDLER, {.action = APP_CA_DRAFT, .outcome = "granted.mostly"}, BAD,
     APP_CH_ASSIGNED, "unknown outcome"},
    {"a partial grant needs its detail", HANDLER, {.action = APP_CA_DRAFT, .outcome = "partly_granted"}, BAD,
     APP_CH_ASSIGNED, "needs --detail"},
    {"the handler drafts", HANDLER,
     {.action = APP_CA_DRAFT, .outcome = "partly_granted", .detail = "提供汇总表；个人信息不予公开",
      .letter = "经审查，现答复如下。"}, OK, APP_CH_DRAFTED, NULL},
    {"approving before anyone is named approver", NOBODY, {.action = APP_CA_APPROVE}, REFUSED, APP_CH_DRAFTED,
     "not an approver"},
    {"a return needs the comment", LEADER, {.action = APP_CA_RETURN}, BAD, APP_CH_DRAFTED, "what the handler must"},
    {"the leader returns the draft", LEADER, {.action = APP_CA_RETURN, .comment = "请写明提供方式"}, OK,
     APP_CH_RETURNED, NULL},
    {"approving a returned draft", LEADER, {.action = APP_CA_APPROVE}, REFUSED, APP_CH_RETURNED,
     "while a draft awaits approval"},
    {"the handler drafts again", HANDLER,
     {.action = APP_CA_DRAFT, .outcome = "partly_granted", .detail = "提供各县区汇总表；个人信息不予公开"}, OK,
     APP_CH_DRAFTED, NULL},
    {"the handler may not approve", HANDLER, {.action = APP_CA_APPROVE}, REFUSED, APP_CH_DRAFTED, "not an approver"},
    {"the leader approves", LEADER, {.action = APP_CA_APPROVE}, OK, APP_CH_APPROVED, NULL},
    {"no reassignment after approval", OFFICE, {.action = APP_CA_REASSIGN, .to = "李科员", .reason = "x"}, REFUSED,
     APP_CH_APPROVED, "not after approval"},
};

static int run_step(store_t *s, const struct app *a, const struct step_case *c, err *e)
{
    struct app_chain before, after;
    int rc = store_chain_get(s, a, &before, e);
    if (rc)
        return rc;
    after = before;
    struct app_chain_rules r;
    app_chain_rules_default(&r, D("2024-03-20"));
    struct app_chain_actor who = {c->who.name, c->who.role};
    struct app_chain_event ev = c->ev;
    ev.date = D("2024-03-20");
    if ((rc = app_chain_step(&r, a, &after, &who, &ev, e))) {
        assert_memory_equal(&after, &before, sizeof after);   /* refused: untouched */
        return rc;
    }
    buf sum;
    buf_init(&sum);
    app_chain_summary(&after, &ev, &sum);
    rc = store_chain_save(s, a, &before, &after, who.name, ev.action, sum.data, NULL, 0, e);
    buf_free(&sum);
    return rc;
}

static int answer(store_t *s, struct app *a, const char *outcome, const char *detail, err *e)
{
    struct app after = *a;
    struct app_rules r;
    app_rules_default(&r, D("2024-03-25"));
    struct app_event ev = {.kind = APP_EV_ANSWER, .date = D("2024-03-25"), .outcome = outcome, .detail = detail};
    int rc = app_step(&r, cal, &after, &ev, e);
    if (!rc && !(rc = store_app_save(s, a, &after, "张科员", "answer", after.last_step, "答复", e)))
        *a = after;
    return rc;
}

static int count_steps(const struct store_app_step *p, void *arg)
{
    const char **want = arg;
    for (int i = 0; want[i]; i++)
        if (strcmp(want[i], p->event) == 0)
            want[i] = "";   /* seen */
    return 0;
}

static void test_chain_walk(void **state)
{
    store_t *s = *state;
    struct app a;
    reg(s, "2024-03-01", &a);
    err e = {0};
    /* answering before any of it: refused, nothing written */
    assert_int_equal(answer(s, &a, "granted", "", &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "never assigned"));
    for (size_t i = 0; i < sizeof walk / sizeof walk[0]; i++) {
        const struct step_case *c = &walk[i];
        err ce = {0};
        int rc = run_step(s, &a, c, &ce);
        if (rc != c->want)
            fail_msg("%s: rc %d, want %d (%s: %s)", c->what, rc, c->want, ce.where, ce.msg);
        if (c->msg && !strstr(ce.msg, c->msg))
            fail_msg("%s: message '%s' lacks '%s'", c->what, ce.msg, c->msg);
        struct app_chain now;
        assert_int_equal(store_chain_get(s, &a, &now, &ce), 0);
        if (now.state != c->state)
            fail_msg("%s: state %s, want %s", c->what, app_chain_states[now.state].code,
                     app_chain_states[c->state].code);
    }
    /* the answer must be the reply approved */
    assert_int_equal(answer(s, &a, "granted", "", &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "approved is 'partly_granted'"));
    assert_int_equal(answer(s, &a, "partly_granted", "别的说明", &e), GK_ESTATE);
    assert_int_equal(answer(s, &a, "partly_granted", "提供各县区汇总表；个人信息不予公开", &e), 0);
    struct app_chain now;
    assert_int_equal(store_chain_get(s, &a, &now, &e), 0);
    assert_int_equal(now.state, APP_CH_ISSUED);
    assert_int_equal(now.returns, 1);
    /* every step is in the history */
    const char *want[] = {"register", "assign", "reassign", "draft", "return", "approve", "answer", NULL};
    assert_int_equal(store_app_steps(s, a.id, count_steps, want, &e), 0);
    for (int i = 0; want[i]; i++)
        if (*want[i])
            fail_msg("the history lacks the step %s", want[i]);
}

/* Nobody approves their own draft, even an approver who drafts; an agency of
 * one person names another as approver (a setting). */
static void test_chain_own_draft(void **state)
{
    store_t *s = *state;
    struct app a;
    reg(s, "2024-03-04", &a);
    err e = {0};
    static const struct step_case own[] = {
        {"the leader assigns to itself", LEADER, {.action = APP_CA_ASSIGN, .to = "王局长"}, OK, APP_CH_ASSIGNED, NULL},
        {"the leader drafts", LEADER, {.action = APP_CA_DRAFT, .outcome = "granted"}, OK, APP_CH_DRAFTED, NULL},
        {"approving one's own draft", LEADER, {.action = APP_CA_APPROVE}, REFUSED, APP_CH_DRAFTED,
         "nobody approves their own draft"},
        {"returning one's own draft", LEADER, {.action = APP_CA_RETURN, .comment = "x"}, REFUSED, APP_CH_DRAFTED,
         "drafted this reply"},
        {"another leader approves", LEADER2, {.action = APP_CA_APPROVE}, OK, APP_CH_APPROVED, NULL},
    };
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        err ce = {0};
        int rc = run_step(s, &a, &own[i], &ce);
        if (rc != own[i].want || (own[i].msg && !strstr(ce.msg, own[i].msg)))
            fail_msg("%s: rc %d (%s)", own[i].what, rc, ce.msg);
    }
    /* the designation is a setting: names or role:KEY */
    struct app_chain_rules r;
    app_chain_rules_default(&r, D("2024-03-20"));
    assert_int_equal(app_chain_rules_set(&r, "disclosure.approvers", "局长, role:office", &e), 0);
    struct app_chain_actor boss = {"局长", ""}, office = {"某人", "office"}, leader = {"王局长", "leader"};
    assert_true(app_chain_is_approver(&r, &boss));
    assert_true(app_chain_is_approver(&r, &office));
    assert_false(app_chain_is_approver(&r, &leader));
    assert_int_equal(app_chain_rules_set(&r, "disclosure.approvers", " , ", &e), GK_EINVAL);
    assert_int_equal(answer(s, &a, "granted", "", &e), 0);
    /* a concluded application takes no more steps */
    static const struct step_case late = {"a step after the answer", OFFICE,
                                          {.action = APP_CA_REASSIGN, .to = "x", .reason = "y"}, REFUSED, 0, NULL};
    assert_int_equal(run_step(s, &a, &late, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "concluded"));
}

/* Files released with a draft are kept whole; a new draft replaces them;
 * unsafe names are refused. The dashboards' queues. */
static void test_chain_files_and_queues(void **state)
{
    store_t *s = *state;
    struct app a;
    reg(s, "2024-03-05", &a);
    err e = {0};
    assert_int_equal(run_step(s, &a, &walk[3], &e), 0);   /* assigned to 李科员 */
    struct app_chain before, after;
    assert_int_equal(store_chain_get(s, &a, &before, &e), 0);
    after = before;
    struct app_chain_rules r;
    app_chain_rules_default(&r, D("2024-03-20"));
    struct app_chain_actor h = {"李科员", "officer"};
    struct app_chain_event ev = {.action = APP_CA_DRAFT, .date = D("2024-03-20"), .outcome = "granted", .nfiles = 2};
    assert_int_equal(app_chain_step(&r, &a, &after, &h, &ev, &e), 0);
    struct store_chain_file bad = {.name = "../x.txt", .data = "x", .len = 1};
    assert_int_equal(store_chain_save(s, &a, &before, &after, "李科员", APP_CA_DRAFT, "拟办", &bad, 1, &e), GK_EINVAL);
    struct store_chain_file f[2] = {{.name = "汇总表.csv", .data = "县,金额\n驿城区,100\n", .len = 25},
                                    {.name = "说明.txt", .data = "\0\1\2", .len = 3}};
    assert_int_equal(store_chain_save(s, &a, &before, &after, "李科员", APP_CA_DRAFT, "拟办", f, 2, &e), 0);
    struct store_chain_file *got;
    size_t n;
    assert_int_equal(store_chain_files(s, &a, true, &got, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(got[0].name, "汇总表.csv");
    assert_int_equal(got[1].len, 3);
    assert_memory_equal(got[1].data, "\0\1\2", 3);
    store_chain_files_free(got, n);
    /* a save over a chain read before the last one is refused */
    assert_int_equal(store_chain_save(s, &a, &before, &after, "李科员", APP_CA_DRAFT, "拟办", NULL, 0, &e), GK_EINVAL);
    struct app_chain stale = before, stale_after = before;
    stale_after.state = APP_CH_DRAFTED;
    assert_int_equal(store_chain_save(s, &a, &stale, &stale_after, "李科员", APP_CA_DRAFT, "拟办", NULL, 0, &e),
                     GK_ESTATE);
}

static int count_item(const struct store_chain_item *it, void *arg)
{
    (void)it;
    (*(int *)arg)++;
    return 0;
}

static void test_chain_queue(void **state)
{
    store_t *s = *state;
    err e = {0};
    int drafted = 0, mine = 0, other = 0;
    assert_int_equal(store_chain_queue(s, agency, APP_CH_DRAFTED, NULL, count_item, &drafted, &e), 0);
    assert_int_equal(store_chain_queue(s, agency, APP_CH_DRAFTED, "李科员", count_item, &mine, &e), 0);
    assert_int_equal(store_chain_queue(s, agency, APP_CH_ASSIGNED, "nobody", count_item, &other, &e), 0);
    assert_int_equal(drafted, 1);   /* the one of test_chain_files_and_queues */
    assert_int_equal(mine, 1);      /* by handler: 李科员 handles it */
    assert_int_equal(other, 0);
    assert_int_equal(store_chain_queue(s, agency, APP_CH_NONE, NULL, count_item, &other, &e), GK_EINVAL);
}

/* ---- the case file ---- */

static void test_casefile_roundtrip(void **state)
{
    (void)state;
    struct casefile cf, back;
    casefile_init(&cf);
    casefile_init(&back);
    casefile_add(&cf, "summary.txt", "summary", "申请 2024-00001", strlen("申请 2024-00001"));
    casefile_add(&cf, "letters/答复告知书.txt", "letter", "答复", 6);
    casefile_add(&cf, "files/表.bin", "file", "\0\xff", 2);
    casefile_step(&cf, "2024-03-01", "register", "登记员", "登记申请");
    casefile_step(&cf, "2024-03-20", "approve", "王局长", "审批同意，\"引号\"，逗号");
    buf zip;
    buf_init(&zip);
    err e = {0};
    assert_int_equal(casefile_zip(&cf, &zip, &e), 0);
    assert_int_equal(casefile_read(zip.data, zip.len, &back, &e), 0);
    assert_int_equal(back.n, 3);
    assert_int_equal(back.nsteps, 2);
    assert_string_equal(back.steps[1].summary, "审批同意，\"引号\"，逗号");
    assert_string_equal(back.v[2].kind, "file");
    assert_memory_equal(back.v[2].data, "\0\xff", 2);
    /* a damaged copy is refused */
    zip.data[zip.len / 2] ^= 0x55;
    struct casefile bad;
    casefile_init(&bad);
    assert_int_equal(casefile_read(zip.data, zip.len, &bad, &e), GK_EINVAL);
    casefile_free(&bad);
    /* unsafe and duplicate names */
    casefile_add(&cf, "../etc/passwd", "file", "x", 1);
    assert_int_equal(casefile_zip(&cf, &zip, &e), GK_EINVAL);
    buf_free(&zip);
    casefile_free(&cf);
    casefile_free(&back);
}

/* ---- the disclosure attribute ---- */

struct reg_case {
    const char *what;
    const char *attr, *reason, *basis;
    int want;
    const char *field;
};
static const struct reg_case reg_cases[] = {
    {"主动公开 needs nothing more", "active", "", "", 0, NULL},
    {"不予公开 needs a reason", "withheld", "", "art16.process", GK_EINVAL, "reason"},
    {"不予公开 needs a basis", "withheld", "过程稿", "", GK_EINVAL, "basis"},
    {"an unknown basis", "withheld", "过程稿", "art99", GK_EINVAL, "basis"},
    {"a basis of the other attribute", "withheld", "过程稿", "art27.on_request", GK_EINVAL, "basis"},
    {"不予公开 with its basis (Art. 16)", "withheld", "请示报告，属过程性信息", "art16.process", 0, NULL},
    {"依申请公开 with its basis (Art. 27)", "on_request", "仅涉及特定对象", "art27.on_request", 0, NULL},
    {"主动公开 with a basis", "active", "", "art14.secret", GK_EINVAL, "basis"},
};

static void test_register_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reg_cases / sizeof reg_cases[0]; i++) {
        const struct reg_case *c = &reg_cases[i];
        struct doc_reg r = {0};
        snprintf(r.title, sizeof r.title, "关于某事项的请示");
        r.attr = doc_attr_from_code(c->attr);
        snprintf(r.reason, sizeof r.reason, "%s", c->reason);
        snprintf(r.basis, sizeof r.basis, "%s", c->basis);
        err e = {0};
        int rc = doc_reg_check(&r, D("2024-12-31"), &e);
        if (rc != c->want || (c->field && strcmp(e.where, c->field) != 0))
            fail_msg("%s: rc %d where '%s' (%s)", c->what, rc, e.where, e.msg);
    }
}

static void test_register_store(void **state)
{
    store_t *s = *state;
    err e = {0};
    static const struct { const char *title, *attr, *reason, *basis; } rows[] = {
        {"2024年工作要点", "active", "", ""},
        {"关于机构编制调整的请示", "withheld", "请示报告，属过程性信息", "art16.process"},
        {"某企业行政处罚决定书", "on_request", "涉及特定企业", "art27.on_request"},
        {"内部值班安排", "withheld", "内部事务", "art16.internal"},
    };
    int64_t ids[4];
    for (size_t i = 0; i < 4; i++) {
        struct doc_reg r = {.agency_id = agency, .registered_on = D("2024-03-01")};
        snprintf(r.title, sizeof r.title, "%s", rows[i].title);
        r.attr = doc_attr_from_code(rows[i].attr);
        snprintf(r.reason, sizeof r.reason, "%s", rows[i].reason);
        snprintf(r.basis, sizeof r.basis, "%s", rows[i].basis);
        assert_int_equal(doc_reg_check(&r, D("2024-12-31"), &e), 0);
        assert_int_equal(store_doc_reg_add(s, &r, "信息员", &e), 0);
        ids[i] = r.id;
    }
    int64_t counts[DOC_NATTRS + 1];
    assert_int_equal(store_doc_reg_counts(s, agency, counts, &e), 0);
    assert_int_equal(counts[DOC_ATTR_ACTIVE], 1);
    assert_int_equal(counts[DOC_ATTR_ON_REQUEST], 1);
    assert_int_equal(counts[DOC_ATTR_WITHHELD], 2);
    /* a change of attribute goes through review */
    struct doc_reg before, after;
    assert_int_equal(store_doc_reg_get(s, agency, ids[2], &before, &e), 0);
    after = before;
    struct doc_reg_event ask = {.action = DOC_REG_REQUEST, .actor = "信息员", .role = DOC_R_REVIEWER1,
                                .attr = DOC_ATTR_ACTIVE};
    assert_int_equal(doc_reg_step(&after, &ask, D("2024-12-31"), &e), GK_ESTATE);   /* a reviewer does not ask */
    ask.role = DOC_R_AUTHOR;
    assert_int_equal(doc_reg_step(&after, &ask, D("2024-12-31"), &e), 0);
    assert_int_equal(store_doc_reg_save(s, &before, &after, "信息员", DOC_REG_REQUEST, &e), 0);
    before = after;
    struct doc_reg_event self = {.action = DOC_REG_APPROVE, .actor = "信息员", .role = DOC_R_LEADER};
    assert_int_equal(doc_reg_step(&after, &self, D("2024-12-31"), &e), GK_ESTATE);   /* not on one's own request */
    struct doc_reg_event author = {.action = DOC_REG_APPROVE, .actor = "审核人", .role = DOC_R_AUTHOR};
    assert_int_equal(doc_reg_step(&after, &author, D("2024-12-31"), &e), GK_ESTATE);
    struct doc_reg_event ok = {.action = DOC_REG_APPROVE, .actor = "审核人", .role = DOC_R_REVIEWER1};
    assert_int_equal(doc_reg_step(&after, &ok, D("2024-12-31"), &e), 0);
    assert_int_equal(store_doc_reg_save(s, &before, &after, "审核人", DOC_REG_APPROVE, &e), 0);
    assert_int_equal(store_doc_reg_counts(s, agency, counts, &e), 0);
    assert_int_equal(counts[DOC_ATTR_ACTIVE], 2);
    assert_int_equal(counts[DOC_ATTR_ON_REQUEST], 0);
    assert_int_equal(store_doc_reg_get(s, agency, ids[2], &before, &e), 0);
    assert_int_equal(before.attr, DOC_ATTR_ACTIVE);
    assert_int_equal(before.changes, 1);
    assert_int_equal(before.reason[0], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_walk),
        cmocka_unit_test(test_chain_own_draft),
        cmocka_unit_test(test_chain_files_and_queues),
        cmocka_unit_test(test_chain_queue),
        cmocka_unit_test(test_casefile_roundtrip),
        cmocka_unit_test(test_register_rules),
        cmocka_unit_test(test_register_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
