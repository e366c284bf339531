/* Unit tests for the three registers of talking with the public (src/engage):
 * the message steps (every state against every step), deadlines on the real
 * calendar around the 2024 National Day and the 2025 Spring Festival, the
 * rules each step adds (12345 replies returned, rectification of complaints
 * about disclosure work, approval by another person, what may be public),
 * suggestions' months counted as the Civil Code counts them, classes, ratings
 * and handling again, comment periods by kind, moderation and 采纳情况, and
 * the report's sentences. Cases are tables; the dates come from the State
 * Council's notices for those years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engage/engage.h"

static cal_t *cal;

static gk_day D(const char *s)
{
    gk_day d = 0;
    assert_int_equal(date_parse(s, &d, NULL), 0);
    return d;
}

static void fresh_msg(struct msg *m, enum msg_source src, enum msg_kind kind, const char *received)
{
    memset(m, 0, sizeof *m);
    m->source = src;
    m->kind = kind;
    m->received = D(received);
    snprintf(m->body, sizeof m->body, "请问低保申请需要哪些材料？");
    snprintf(m->name, sizeof m->name, "王小明");
    if (src == MSG_SRC_HOTLINE)
        snprintf(m->order_no, sizeof m->order_no, "GD20240927001");
    if (src == MSG_SRC_PLATFORM)
        snprintf(m->platform, sizeof m->platform, "民意快线");
}

/* ---- messages: every state × every step --------------------------------- */
static void test_msg_matrix(void **s)
{
    (void)s;
    /* allowed[state][event]: from the register's rules (docs/domain.md §6) */
    static const char *const allowed[MSG_NSTATES + 1] = {
        /*                 assign answer approve return hotline rectify visit publish unpublish */
        [MSG_S_OPEN] = "100000000",
        [MSG_S_ASSIGNED] = "110000000",
        [MSG_S_REVIEW] = "001100000",
        [MSG_S_ANSWERED] = "000011111",
        [MSG_S_CLOSED] = "000000011",
    };
    struct msg_rules r;
    msg_rules_default(&r, D("2024-12-31"));
    for (int st = 1; st <= MSG_NSTATES; st++)
        for (int ev = 1; ev <= MSG_NEVENTS; ev++) {
            struct msg m;
            fresh_msg(&m, MSG_SRC_HOTLINE, MSG_K_DISCLOSURE, "2024-03-01");
            m.public_wish = true;
            assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
            m.state = st;
            snprintf(m.answer, sizeof m.answer, "答复");
            snprintf(m.answered_by, sizeof m.answered_by, "甲");
            snprintf(m.rectification, sizeof m.rectification, "已整改");
            m.hotline_returned = D("2024-03-05");
            if (ev == MSG_EV_UNPUBLISH)
                m.published = true;
            struct msg_step step = {.ev = ev, .on = D("2024-03-10"), .actor = "乙", .text = "文字",
                                    .rating = MSG_R_SATISFIED};
            err e = {0};
            int rc = msg_apply(&r, cal, &m, &step, &e);
            bool want = allowed[st][ev - 1] == '1';
            if (want != (rc == 0))
                fail_msg("state %s, step %s: %s (%s)", msg_states[st].code, msg_events[ev].code,
                         rc ? "refused" : "allowed", e.msg);
            if (rc)
                assert_int_equal(rc, GK_ESTATE);
        }
}

/* ---- deadlines on the calendar ------------------------------------------ */
static void test_msg_deadlines(void **s)
{
    (void)s;
    static const struct {
        enum msg_source src;
        enum msg_kind kind;
        const char *received, *order_due, *due;
    } cases[] = {
        /* 2024: 10月1日至7日放假; 9月29日(周日)、10月12日(周六)上班 */
        {MSG_SRC_WEBSITE, MSG_K_CONSULT, "2024-09-27", NULL, "2024-10-10"},
        {MSG_SRC_PHONE, MSG_K_COMPLAINT, "2024-09-27", NULL, "2024-10-23"},
        {MSG_SRC_HOTLINE, MSG_K_HELP, "2024-09-27", "2024-10-01", "2024-10-01"},   /* the order's own deadline */
        /* 2025: 1月28日至2月4日放假; 1月26日(周日)、2月8日(周六)上班 */
        {MSG_SRC_LETTER, MSG_K_HELP, "2025-01-24", NULL, "2025-02-07"},
        {MSG_SRC_IN_PERSON, MSG_K_CONSULT, "2025-01-27", NULL, "2025-02-10"},
    };
    struct msg_rules r;
    msg_rules_default(&r, D("2025-12-31"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct msg m;
        fresh_msg(&m, cases[i].src, cases[i].kind, cases[i].received);
        if (cases[i].order_due)
            m.order_due = D(cases[i].order_due);
        err e = {0};
        if (msg_register(&r, cal, &m, &e))
            fail_msg("case %zu: %s", i, e.msg);
        char got[11];
        date_format(m.due, got);
        if (strcmp(got, cases[i].due) != 0)
            fail_msg("case %zu (%s received %s): due %s, expected %s", i, msg_kinds[cases[i].kind].code,
                     cases[i].received, got, cases[i].due);
        assert_false(m.due_provisional);
    }
    /* a year with no notice: the deadline says it is provisional */
    struct msg m;
    msg_rules_default(&r, D("2031-06-30"));
    fresh_msg(&m, MSG_SRC_WEBSITE, MSG_K_CONSULT, "2031-06-20");
    assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
    assert_true(m.due_provisional);
    /* a setting changes the days */
    msg_rules_default(&r, D("2025-12-31"));
    err e = {0};
    assert_int_equal(msg_rules_set(&r, "message.days.consult", "3", &e), 0);
    fresh_msg(&m, MSG_SRC_WEBSITE, MSG_K_CONSULT, "2024-09-27");
    assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
    char got[11];
    date_format(m.due, got);
    assert_string_equal(got, "2024-10-08");
    assert_int_equal(msg_rules_set(&r, "message.days.consult", "0", &e), GK_EINVAL);
    assert_int_equal(msg_rules_set(&r, "message.days.nosuch", "5", &e), GK_EINVAL);
    assert_int_equal(msg_rules_set(&r, "message.review", "maybe", &e), GK_EINVAL);
}

static void test_msg_register_refusals(void **s)
{
    (void)s;
    struct msg_rules r;
    msg_rules_default(&r, D("2024-12-31"));
    static const struct {
        enum msg_source src;
        const char *received, *order_due, *body;
        bool order_no_blank, platform_blank;
        const char *where;
    } cases[] = {
        {MSG_SRC_HOTLINE, "2024-03-01", NULL, "x", true, false, "order_no"},
        {MSG_SRC_PLATFORM, "2024-03-01", NULL, "x", false, true, "platform"},
        {MSG_SRC_WEBSITE, "2024-03-01", NULL, "", false, false, "body"},
        {MSG_SRC_WEBSITE, "2025-01-01", NULL, "x", false, false, "received"},
        {MSG_SRC_HOTLINE, "2024-03-01", "2024-02-28", "x", false, false, "order_due"},
        {MSG_SRC_PHONE, "2024-03-01", "2024-03-05", "x", false, false, "order_due"},
        {0, "2024-03-01", NULL, "x", false, false, "source"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct msg m;
        fresh_msg(&m, cases[i].src ? cases[i].src : MSG_SRC_WEBSITE, MSG_K_CONSULT, cases[i].received);
        m.source = cases[i].src;
        snprintf(m.body, sizeof m.body, "%s", cases[i].body);
        if (cases[i].order_no_blank)
            m.order_no[0] = 0;
        if (cases[i].platform_blank)
            m.platform[0] = 0;
        if (cases[i].order_due)
            m.order_due = D(cases[i].order_due);
        err e = {0};
        assert_int_equal(msg_register(&r, cal, &m, &e), GK_EINVAL);
        if (strcmp(e.where, cases[i].where) != 0)
            fail_msg("case %zu: where %s, expected %s (%s)", i, e.where, cases[i].where, e.msg);
    }
}

/* A whole exchange: a 12345 work order about disclosure work, answered with
 * review, returned to the hotline, rectified, visited and published. */
static void test_msg_flow(void **s)
{
    (void)s;
    struct msg_rules r;
    msg_rules_default(&r, D("2024-04-30"));
    assert_int_equal(msg_rules_set(&r, "message.review", "on", NULL), 0);
    struct msg m;
    fresh_msg(&m, MSG_SRC_HOTLINE, MSG_K_DISCLOSURE, "2024-04-01");
    m.public_wish = true;
    assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
    err e = {0};
#define STEP(ev_, on_, actor_, text_, rating_) \
    (struct msg_step) { .ev = ev_, .on = D(on_), .actor = actor_, .text = text_, .rating = rating_ }
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_ASSIGN, "2024-04-01", "办公室", "张经办", 0), &e), 0);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_ANSWER, "2024-04-03", "张经办", "已在网站公开。", 0), &e), 0);
    assert_int_equal(m.state, MSG_S_REVIEW);
    assert_int_equal(m.answered, 0);   /* not answered until approved */
    /* the writer cannot approve their own answer */
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_APPROVE, "2024-04-03", "张经办", NULL, 0), &e), GK_ESTATE);
    assert_int_equal(m.state, MSG_S_REVIEW);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_RETURN, "2024-04-03", "李科长", "", 0), &e), GK_EINVAL);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_RETURN, "2024-04-03", "李科长", "补充链接", 0), &e), 0);
    assert_int_equal(m.state, MSG_S_ASSIGNED);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_ANSWER, "2024-04-08", "张经办", "见链接。", 0), &e), 0);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_APPROVE, "2024-04-08", "李科长", NULL, 0), &e), 0);
    assert_int_equal(m.state, MSG_S_ANSWERED);
    assert_true(msg_on_time(&m));
    /* closing needs the hotline reply and the rectification */
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_VISIT, "2024-04-09", "a", NULL, MSG_R_SATISFIED), &e),
                     GK_ESTATE);
    assert_non_null(strstr(e.msg, "platform"));
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_HOTLINE, "2024-04-09", "a", "HF-778", 0), &e), 0);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_VISIT, "2024-04-09", "a", NULL, MSG_R_SATISFIED), &e),
                     GK_ESTATE);
    assert_non_null(strstr(e.msg, "rectification"));
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_RECTIFY, "2024-04-09", "a", "已补充公开", 0), &e), 0);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_VISIT, "2024-04-10", "a", NULL, 0), &e), GK_EINVAL);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_VISIT, "2024-04-10", "a", NULL, MSG_R_BASIC), &e), 0);
    assert_int_equal(m.state, MSG_S_CLOSED);
    assert_false(msg_is_public(&m));
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_PUBLISH, "2024-04-10", "a", NULL, 0), &e), 0);
    assert_true(msg_is_public(&m));
    /* dates: not in the future, not before arrival */
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_UNPUBLISH, "2024-05-10", "a", NULL, 0), &e), GK_EINVAL);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_UNPUBLISH, "2024-03-10", "a", NULL, 0), &e), GK_EINVAL);
    assert_int_equal(msg_apply(&r, cal, &m, &STEP(MSG_EV_UNPUBLISH, "2024-04-11", "a", NULL, 0), &e), 0);
    assert_false(msg_is_public(&m));
#undef STEP
}

/* What the public may see: kind, consent, answer, decision. */
static void test_msg_public(void **s)
{
    (void)s;
    static const struct { enum msg_kind kind; bool wish; bool publish_ok; } cases[] = {
        {MSG_K_CONSULT, true, true},  {MSG_K_CONSULT, false, false}, {MSG_K_REPORT, true, false},
        {MSG_K_COMPLAINT, true, true}, {MSG_K_HELP, false, false},   {MSG_K_SUGGEST, true, true},
    };
    struct msg_rules r;
    msg_rules_default(&r, D("2024-12-31"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct msg m;
        fresh_msg(&m, MSG_SRC_WEBSITE, cases[i].kind, "2024-03-01");
        m.public_wish = cases[i].wish;
        assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
        struct msg_step a = {.ev = MSG_EV_ASSIGN, .text = "张"}, b = {.ev = MSG_EV_ANSWER, .text = "答"},
                        p = {.ev = MSG_EV_PUBLISH};
        assert_int_equal(msg_apply(&r, cal, &m, &a, NULL), 0);
        assert_int_equal(msg_apply(&r, cal, &m, &b, NULL), 0);
        err e = {0};
        int rc = msg_apply(&r, cal, &m, &p, &e);
        assert_int_equal(rc == 0, cases[i].publish_ok);
        assert_int_equal(msg_is_public(&m), cases[i].publish_ok);
    }
    static const struct { const char *in, *out; } names[] = {
        {"王小明", "王*明"}, {"王明", "王*"}, {"欧阳小明", "欧阳*明"}, {"", "匿名"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char out[64];
        msg_public_name(names[i].in, out, sizeof out);
        assert_string_equal(out, names[i].out);
    }
}

static void test_msg_urgency(void **s)
{
    (void)s;
    struct msg_rules r;
    struct msg m;
    static const struct { const char *today; enum msg_urgency want; } cases[] = {
        {"2024-10-08", MSG_U_DUE_SOON}, /* due 2024-10-10: two working days left */
        {"2024-09-27", MSG_U_OK},       /* five left */
        {"2024-10-10", MSG_U_DUE_SOON}, {"2024-10-11", MSG_U_OVERDUE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msg_rules_default(&r, D("2024-09-27"));
        fresh_msg(&m, MSG_SRC_WEBSITE, MSG_K_CONSULT, "2024-09-27");
        assert_int_equal(msg_register(&r, cal, &m, NULL), 0);
        r.today = D(cases[i].today);
        assert_int_equal(msg_urgency_of(&r, cal, &m), cases[i].want);
    }
    m.state = MSG_S_CLOSED;
    assert_int_equal(msg_urgency_of(&r, cal, &m), MSG_U_DONE);
}

/* ---- suggestions and proposals ------------------------------------------ */
static void test_add_months(void **s)
{
    (void)s;
    static const struct { const char *from; int months; const char *to; } cases[] = {
        {"2024-03-15", 3, "2024-06-15"}, {"2024-01-31", 1, "2024-02-29"}, {"2023-01-31", 1, "2023-02-28"},
        {"2024-11-30", 3, "2025-02-28"}, {"2023-11-29", 3, "2024-02-29"}, {"2024-08-31", 6, "2025-02-28"},
        {"2024-12-31", 12, "2025-12-31"}, {"2100-01-31", 1, "2100-02-28"}, {"2000-01-31", 1, "2000-02-29"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[11];
        date_format(eng_add_months(D(cases[i].from), cases[i].months), got);
        if (strcmp(got, cases[i].to) != 0)
            fail_msg("%s + %d months: %s, expected %s", cases[i].from, cases[i].months, got, cases[i].to);
    }
}

static void fresh_sug(struct sug *x, enum sug_role role)
{
    memset(x, 0, sizeof *x);
    x->kind = SUG_NPC;
    x->role = role;
    snprintf(x->number, sizeof x->number, "第128号");
    snprintf(x->author, sizeof x->author, "刘代表");
    snprintf(x->title, sizeof x->title, "关于加强农村低保动态管理的建议");
    x->assigned = D("2024-03-20");
}

static void test_sug_flow(void **s)
{
    (void)s;
    struct sug_rules r;
    sug_rules_default(&r, D("2024-12-31"));
    struct sug x;
    err e = {0};
    fresh_sug(&x, SUG_LEAD);
    assert_int_equal(sug_register(&r, &x, &e), 0);
    char d[11];
    date_format(x.due, d);
    assert_string_equal(d, "2024-06-20");
    fresh_sug(&x, SUG_JOINT);
    assert_int_equal(sug_register(&r, &x, &e), 0);
    date_format(x.due, d);
    assert_string_equal(d, "2024-04-20");
    /* the joint handler's opinion has no class; it is not rated or published by it */
    struct sug_step st = {.ev = SUG_EV_REPLY, .on = D("2024-04-10"), .text = "协办意见", .cls = SUG_C_A};
    assert_int_equal(sug_apply(&r, &x, &st, &e), GK_EINVAL);
    st.cls = SUG_C_NONE;
    assert_int_equal(sug_apply(&r, &x, &st, &e), 0);
    struct sug_step rate = {.ev = SUG_EV_RATE, .on = D("2024-05-01"), .rating = SUG_R_SATISFIED};
    assert_int_equal(sug_apply(&r, &x, &rate, &e), GK_ESTATE);

    fresh_sug(&x, SUG_LEAD);
    assert_int_equal(sug_register(&r, &x, &e), 0);
    /* extension: later than now, within six months, with a reason */
    struct sug_step ext = {.ev = SUG_EV_EXTEND, .on = D("2024-06-01"), .text = "涉及多部门，经交办单位同意",
                           .until = D("2024-09-21")};
    assert_int_equal(sug_apply(&r, &x, &ext, &e), GK_EINVAL);   /* 2024-09-20 is the last day */
    ext.until = D("2024-09-20");
    assert_int_equal(sug_apply(&r, &x, &ext, &e), 0);
    assert_true(x.extended);
    /* the lead's reply is classed */
    st = (struct sug_step){.ev = SUG_EV_REPLY, .on = D("2024-08-01"), .text = "答复全文……"};
    assert_int_equal(sug_apply(&r, &x, &st, &e), GK_EINVAL);
    st.cls = SUG_C_B;
    assert_int_equal(sug_apply(&r, &x, &st, &e), 0);
    assert_int_equal(x.state, SUG_S_REPLIED);
    assert_int_equal(sug_apply(&r, &x, &st, &e), GK_ESTATE);   /* answered already */
    /* not satisfied: handled again within three months */
    rate = (struct sug_step){.ev = SUG_EV_RATE, .on = D("2024-08-15"), .rating = SUG_R_NOT};
    assert_int_equal(sug_apply(&r, &x, &rate, &e), 0);
    assert_int_equal(x.state, SUG_S_REHANDLING);
    date_format(x.due, d);
    assert_string_equal(d, "2024-11-15");
    assert_int_equal(x.rounds, 1);
    st = (struct sug_step){.ev = SUG_EV_REPLY, .on = D("2024-10-15"), .text = "再次答复……", .cls = SUG_C_A};
    assert_int_equal(sug_apply(&r, &x, &st, &e), 0);
    rate = (struct sug_step){.ev = SUG_EV_RATE, .on = D("2024-10-20"), .rating = SUG_R_SATISFIED};
    assert_int_equal(sug_apply(&r, &x, &rate, &e), 0);
    assert_int_equal(x.state, SUG_S_RATED);
    /* publication: full text, or a summary with the reason */
    struct sug_step pub = {.ev = SUG_EV_PUBLISH, .on = D("2024-10-21"), .summary = true};
    assert_int_equal(sug_apply(&r, &x, &pub, &e), GK_EINVAL);
    assert_false(x.published);
    pub.text = "答复涉及第三方商业信息";
    assert_int_equal(sug_apply(&r, &x, &pub, &e), 0);
    assert_true(x.published && x.summary_only);
    /* overdue */
    fresh_sug(&x, SUG_LEAD);
    assert_int_equal(sug_register(&r, &x, &e), 0);
    r.today = D("2024-06-20");
    assert_false(sug_overdue(&r, &x));
    r.today = D("2024-06-21");
    assert_true(sug_overdue(&r, &x));
    /* settings */
    assert_int_equal(sug_rules_set(&r, "suggestion.lead_months", "2", &e), 0);
    assert_int_equal(r.lead_months, 2);
    assert_int_equal(sug_rules_set(&r, "suggestion.lead_months", "13", &e), GK_EINVAL);
    assert_int_equal(sug_rules_set(&r, "suggestion.nosuch", "2", &e), GK_EINVAL);
}

/* ---- comment on drafts --------------------------------------------------- */
static void test_consult_periods(void **s)
{
    (void)s;
    static const struct {
        enum consult_kind kind;
        const char *opens, *closes, *reason;
        int min_days, rc;
    } cases[] = {
        {CONS_DECISION, "2024-03-01", "2024-03-31", "", 0, 0},           /* 30 days from the next day */
        {CONS_DECISION, "2024-03-01", "2024-03-30", "", 0, GK_EINVAL},   /* 29 */
        {CONS_DECISION, "2024-03-01", "2024-03-10", "防汛情况紧急", 0, 0}, /* shorter, with the reason */
        {CONS_RULES, "2024-12-15", "2025-01-14", "", 0, 0},
        /* 7 working days after 2024-09-27: 9-29, 9-30, 10-8 … 10-12 */
        {CONS_NORMATIVE, "2024-09-27", "2024-10-12", "", 0, 0},
        {CONS_NORMATIVE, "2024-09-27", "2024-10-11", "", 0, GK_EINVAL},
        {CONS_OTHER, "2024-03-01", "2024-03-01", "", 0, 0},
        {CONS_OTHER, "2024-03-01", "2024-03-20", "", 30, GK_EINVAL},    /* the agency's own minimum */
        {CONS_DECISION, "2024-03-01", "2024-02-28", "", 0, GK_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct consult k = {.kind = cases[i].kind, .opens = D(cases[i].opens), .closes = D(cases[i].closes)};
        snprintf(k.title, sizeof k.title, "某某办法（征求意见稿）");
        snprintf(k.short_reason, sizeof k.short_reason, "%s", cases[i].reason);
        err e = {0};
        int rc = consult_check(cal, &k, cases[i].min_days, &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu: %d, expected %d (%s)", i, rc, cases[i].rc, e.msg);
    }
}

static void test_comments(void **s)
{
    (void)s;
    struct consult k = {.id = 7, .kind = CONS_DECISION, .opens = D("2024-03-01"), .closes = D("2024-03-31")};
    snprintf(k.title, sizeof k.title, "城市低保标准调整方案");
    struct comment m = {0};
    snprintf(m.body, sizeof m.body, "建议提高标准。");
    err e = {0};
    assert_int_equal(comment_check_new(&k, &m, D("2024-02-29"), &e), GK_ESTATE);
    assert_int_equal(comment_check_new(&k, &m, D("2024-04-01"), &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "2024-03-31"));
    assert_int_equal(comment_check_new(&k, &m, D("2024-03-31"), &e), 0);
    assert_int_equal(m.state, CMT_RECEIVED);
    struct comment blank = {0};
    snprintf(blank.body, sizeof blank.body, " \n\t");
    assert_int_equal(comment_check_new(&k, &blank, D("2024-03-05"), &e), GK_EINVAL);
    /* moderation: hiding needs a reason; adoption: not adopted needs a reason */
    assert_int_equal(comment_moderate(&m, false, "", &e), GK_EINVAL);
    assert_int_equal(comment_moderate(&m, true, NULL, &e), 0);
    assert_int_equal(comment_adopt(&k, &m, CMT_A_NOT, "", D("2024-04-02"), &e), GK_EINVAL);
    struct consult_tally t = {0};
    consult_tally_add(&t, &m);
    assert_int_equal(t.undecided, 1);
    assert_int_equal(consult_result_ready(&k, &t, D("2024-04-02"), &e), GK_ESTATE);
    assert_int_equal(comment_adopt(&k, &m, CMT_A_PARTLY, "财政承受能力有限，分步提高", D("2024-04-02"), &e), 0);
    struct comment spam = {.state = CMT_HIDDEN};
    memset(&t, 0, sizeof t);
    consult_tally_add(&t, &m);
    consult_tally_add(&t, &spam);
    assert_int_equal(consult_result_ready(&k, &t, D("2024-03-31"), &e), GK_ESTATE);   /* period not over */
    assert_int_equal(consult_result_ready(&k, &t, D("2024-04-01"), &e), 0);
    buf b;
    buf_init(&b);
    consult_result_text(&k, &t, &b);
    assert_non_null(strstr(b.data, "共收到意见建议2条"));
    assert_non_null(strstr(b.data, "1条因与征求意见内容无关"));
    assert_non_null(strstr(b.data, "部分采纳1条"));
    buf_free(&b);
    k.result_published = true;
    assert_int_equal(comment_adopt(&k, &m, CMT_A_ADOPTED, NULL, D("2024-04-05"), &e), GK_ESTATE);
}

/* ---- the report's sentences ---------------------------------------------- */
static void test_narrative(void **s)
{
    (void)s;
    struct engage_year y = {.year = 2024};
    y.msgs[MSG_SRC_HOTLINE][MSG_K_CONSULT] = 10;
    y.msgs[MSG_SRC_PLATFORM][MSG_K_COMPLAINT] = 4;
    y.msgs[MSG_SRC_PHONE][MSG_K_CONSULT] = 750;
    y.msgs_answered = 760;
    y.msgs_on_time = 759;
    y.msgs_rated[MSG_R_SATISFIED] = 3;
    y.sugs[SUG_NPC][SUG_LEAD] = 5;
    y.sugs[SUG_NPC][SUG_JOINT] = 2;
    y.sugs[SUG_CPPCC][SUG_LEAD] = 7;
    y.sug_classes[SUG_C_A] = 5;
    y.sug_classes[SUG_C_B] = 7;
    y.sug_ratings[SUG_R_SATISFIED] = 12;
    y.consults = 2;
    y.comments = 31;
    y.comments_adopted = 4;
    buf b;
    buf_init(&b);
    engage_narrative(&y, &b);
    static const char *const want[] = {
        "共受理群众咨询、建议、投诉等764件", "电话750件", "12345热线工单10件", "其他平台转办4件", "咨询760件",
        "投诉4件", "按期答复759件（按期答复率99.9%）", "人大代表建议7件、政协委员提案7件", "主办12件、协办2件",
        "A类5件、B类7件、C类0件", "满意率100%", "公开征求意见的草案2件", "共收到意见建议31条", "采纳4条",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(b.data, want[i]))
            fail_msg("'%s' not in: %s", want[i], b.data);
    buf_free(&b);
    struct engage_year none = {.year = 2025};
    buf_init(&b);
    engage_narrative(&none, &b);
    assert_non_null(strstr(b.data, "2025年，本机关未收到"));
    assert_non_null(strstr(b.data, "未承办"));
    buf_free(&b);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_msg_matrix),    cmocka_unit_test(test_msg_deadlines),
        cmocka_unit_test(test_msg_register_refusals), cmocka_unit_test(test_msg_flow),
        cmocka_unit_test(test_msg_public),    cmocka_unit_test(test_msg_urgency),
        cmocka_unit_test(test_add_months),    cmocka_unit_test(test_sug_flow),
        cmocka_unit_test(test_consult_periods), cmocka_unit_test(test_comments),
        cmocka_unit_test(test_narrative),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
