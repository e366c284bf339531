/* Unit tests for publish (主动公开): 文号, index numbers, vocabularies, the
 * review workflow (every state × action × role), screening (true and false
 * positives for each pattern), masking of recipient lists, validity, the
 * working-day rules, CSV reading and the catalogue import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "publish/publish.h"

static gk_day D(const char *s)
{
    gk_day d;
    err e = {0};
    if (date_parse(s, &d, &e))
        fail_msg("bad test date %s", s);
    return d;
}

/* ---- 文号 ---- */

static void test_docno_parse(void **state)
{
    (void)state;
    static const struct { const char *in; const char *issuer; int year, serial; const char *canon; } ok[] = {
        {"驻民文〔2018〕149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文[2018]149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文(2018)149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文（2018）149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文【2018】149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文［２０１８］１４９号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"驻民文〔2018]149号", "驻民文", 2018, 149, "驻民文〔2018〕149号"},
        {"  国办发〔2019〕 第5号 ", "国办发", 2019, 5, "国办发〔2019〕5号"},
        {"豫政办〔2017〕066号", "豫政办", 2017, 66, "豫政办〔2017〕66号"},
        {"国发〔2020〕3", "国发", 2020, 3, "国发〔2020〕3号"},
        {"驻政办明电〔2018〕174号", "驻政办明电", 2018, 174, "驻政办明电〔2018〕174号"},
        {"财税﹝2019﹞13号", "财税", 2019, 13, "财税〔2019〕13号"},
        {"政务院〔1949〕1号", "政务院", 1949, 1, "政务院〔1949〕1号"},       /* the first plausible year */
        {"国办 发〔2020〕109号", "国办发", 2020, 109, "国办发〔2020〕109号"},   /* a space typed in the prefix */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct doc_docno d;
        err e = {0};
        int rc = doc_docno_parse(ok[i].in, &d, &e);
        if (rc)
            fail_msg("'%s' did not parse: %s", ok[i].in, e.msg);
        assert_string_equal(d.issuer, ok[i].issuer);
        assert_int_equal(d.year, ok[i].year);
        assert_int_equal(d.serial, ok[i].serial);
        assert_string_equal(d.canonical, ok[i].canon);
    }
    static const struct { const char *in; const char *why; } bad[] = {
        {"", "no year in brackets"},
        {"驻民文2018年149号", "no year in brackets"},
        {"〔2018〕149号", "prefix"},
        {"驻民文〔18〕149号", "4 digits"},
        {"驻民文〔2018〕号", "no serial"},
        {"驻民文〔2018〕149号文", "unexpected text"},
        {"驻民文〔2018149号", "not closed"},
        {"驻民文〔1800〕1号", "plausible"},
        {"驻民文〔1948〕1号", "plausible"},
        {"驻民文〔2018〕0号", "cannot be 0"},
        {"驻民文〕2018〔149号", "closing bracket"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct doc_docno d;
        err e = {0};
        if (doc_docno_parse(bad[i].in, &d, &e) != GK_EINVAL)
            fail_msg("'%s' parsed but should not", bad[i].in);
        if (!strstr(e.msg, bad[i].why))
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].in, e.msg, bad[i].why);
        if (bad[i].in[0] && !strstr(e.msg, bad[i].in))
            fail_msg("'%s': message '%s' does not name the text", bad[i].in, e.msg);
    }
}

static void test_docno_forms(void **state)
{
    (void)state;
    struct doc_docno d;
    assert_int_equal(doc_docno_parse("驻民文(2018)149号", &d, NULL), 0);
    buf b;
    buf_init(&b);
    doc_docno_forms(&d, &b);
    for (const char *const *f = (const char *const[]){"驻民文〔2018〕149号", "驻民文[2018]149号",
                                                       "驻民文(2018)149号", "驻民文（2018）149号",
                                                       "驻民文【2018】149号", NULL};
         *f; f++)
        if (!strstr(b.data, *f))
            fail_msg("forms '%s' lack %s", b.data, *f);
    buf_free(&b);
}

/* ---- index numbers ---- */

static void test_index_numbers(void **state)
{
    (void)state;
    char out[128];
    err e = {0};
    const char *org = "11410000005184320J";
    assert_int_equal(doc_index_format("{ORG}/{YYYY}-{NNNNN}", org, 2023, 123, out, sizeof out, &e), 0);
    assert_string_equal(out, "11410000005184320J/2023-00123");
    int y;
    int64_t sn;
    assert_true(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, out, &y, &sn));
    assert_int_equal(y, 2023);
    assert_int_equal(sn, 123);
    /* a serial past its width keeps all its digits and reads back */
    assert_int_equal(doc_index_format("{ORG}/{YYYY}-{NNNNN}", org, 2023, 123456, out, sizeof out, &e), 0);
    assert_string_equal(out, "11410000005184320J/2023-123456");
    assert_true(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, out, &y, &sn));
    assert_int_equal(sn, 123456);
    /* other layouts */
    assert_int_equal(doc_index_format("ZMD-{YYYY}{NNNN}", "", 2024, 7, out, sizeof out, &e), 0);
    assert_string_equal(out, "ZMD-20240007");
    assert_true(doc_index_parse("ZMD-{YYYY}{NNNN}", "", "ZMD-20240007", &y, &sn));
    assert_int_equal(y, 2024);
    assert_int_equal(sn, 7);
    /* what does not fit */
    assert_false(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, "OTHER/2023-00123", &y, &sn));
    assert_false(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, "11410000005184320J/2023-123", &y, &sn));
    assert_false(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, "11410000005184320J/2023-00123x", &y, &sn));
    assert_false(doc_index_parse("{ORG}/{YYYY}-{NNNNN}", org, "11410000005184320J/2023-00000", &y, &sn));
    /* patterns */
    static const struct { const char *p; const char *why; } bad[] = {
        {"", "empty"},
        {"{ORG}/{YYYY}", "serial"},
        {"{ORG}{NNNN}", "separator"},
        {"{NNNN}{YYYY}", "separator"},
        {"{FOO}-{NNN}", "unknown token"},
        {"{ORG}/{YYYY}-{NNN}-{NN}", "exactly one"},
        {"{ORG}/{YYYY-{NNN}", "unknown token"},
        {"{ORG}/{YYYY}-{NNN", "not closed"},
        {"{ORG}-{ORG}-{NNN}", "repeats"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (doc_index_pattern_check(bad[i].p, &e) != GK_EINVAL)
            fail_msg("pattern '%s' accepted", bad[i].p);
        if (!strstr(e.msg, bad[i].why))
            fail_msg("pattern '%s': '%s' lacks '%s'", bad[i].p, e.msg, bad[i].why);
    }
    assert_int_equal(doc_index_pattern_check("{YYYY}{NNNNNN}", &e), 0);
    assert_int_equal(doc_index_format("{ORG}/{YYYY}-{NNNNN}", "", 2023, 1, out, sizeof out, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "org code"));
    assert_int_equal(doc_index_format("{ORG}/{YYYY}-{NNNNN}", org, 2023, 0, out, sizeof out, &e), GK_EINVAL);
}

/* ---- vocabularies ---- */

static void no_duplicates(const struct doc_term *t, int n, const char *what)
{
    for (int i = 0; i < n; i++) {
        const char *names[5] = {t[i].name, t[i].aliases[0], t[i].aliases[1], t[i].aliases[2], t[i].aliases[3]};
        for (int a = 0; a < 5 && names[a]; a++) {
            if (a > 0 && !t[i].aliases[a - 1])
                break;
            /* the name or alias must lead back to this very term */
            err e = {0};
            const char *got = what[0] == 'c' ? doc_category_find(names[a], &e) : doc_genre_find(names[a], &e);
            if (!got || strcmp(got, t[i].name) != 0)
                fail_msg("%s '%s' finds '%s', not '%s'", what, names[a], got ? got : "(none)", t[i].name);
        }
    }
}

static void test_vocabularies(void **state)
{
    (void)state;
    err e = {0};
    assert_string_equal(doc_category_find("社会救助", &e), "社会救助");
    assert_string_equal(doc_category_find(" 低保 ", &e), "社会救助");
    assert_string_equal(doc_category_find("民政扶贫救灾", &e), "民政、扶贫、救灾");
    assert_string_equal(doc_category_find("民政，扶贫，救灾", &e), "民政、扶贫、救灾");
    assert_null(doc_category_find("火星事务", &e));
    assert_non_null(strstr(e.msg, "火星事务"));
    assert_non_null(strstr(e.msg, "known"));
    assert_string_equal(doc_genre_find("规范性文件", &e), DOC_GENRE_NORMATIVE);
    assert_string_equal(doc_genre_find("解读", &e), DOC_GENRE_INTERPRETATION);
    assert_string_equal(doc_genre_find("令", &e), "命令");
    assert_null(doc_genre_find("诗歌", &e));
    no_duplicates(doc_categories, doc_ncategories, "category");
    no_duplicates(doc_genres, doc_ngenres, "genre");

    static const struct { const char *in; int want; } items[] = {
        {"5", 5}, {"五", 5}, {"(五)", 5}, {"（十五）", 15}, {"第二十条第（一）项", 1}, {"第（三）项", 3},
        {"", 0}, {"十一", 11}, {"１２", 12},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        int got = -1;
        assert_int_equal(doc_item_parse(items[i].in, &got, &e), 0);
        assert_int_equal(got, items[i].want);
    }
    static const char *const bad_items[] = {"16", "0", "十六", "abc", "第二十一条"};
    for (size_t i = 0; i < sizeof bad_items / sizeof bad_items[0]; i++) {
        int got;
        if (doc_item_parse(bad_items[i], &got, &e) != GK_EINVAL)
            fail_msg("item '%s' accepted", bad_items[i]);
    }
    assert_string_equal(doc_item_label(6), "（六）");
    assert_string_equal(doc_items[5].numeral, "六");

    unsigned m;
    assert_int_equal(doc_channels_parse("website,wechat", &m, &e), 0);
    assert_int_equal(m, (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WECHAT));
    assert_int_equal(doc_channels_parse("政府网站、政务微信", &m, &e), 0);
    assert_int_equal(m, (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WECHAT));
    assert_int_equal(doc_channels_parse("微博; Gazette", &m, &e), 0);
    assert_int_equal(m, (1u << DOC_CH_WEIBO) | (1u << DOC_CH_GAZETTE));
    assert_int_equal(doc_channels_parse("", &m, &e), 0);
    assert_int_equal(m, 0);
    assert_int_equal(doc_channels_parse("website,fax", &m, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "fax"));
    buf b;
    buf_init(&b);
    doc_channels_format((1u << DOC_CH_WEBSITE) | (1u << DOC_CH_OTHER), false, &b);
    assert_string_equal(b.data, "website,other");
    buf_reset(&b);
    doc_channels_format((1u << DOC_CH_WEBSITE) | (1u << DOC_CH_OTHER), true, &b);
    assert_string_equal(b.data, "政府网站、其他方式");
    buf_free(&b);

    enum doc_validity v;
    assert_int_equal(doc_validity_parse("已废止", &v, &e), 0);
    assert_int_equal(v, DOC_V_REPEALED);
    assert_int_equal(doc_validity_parse("expired", &v, &e), 0);
    assert_int_equal(v, DOC_V_EXPIRED);
    assert_int_equal(doc_validity_parse("现行有效", &v, &e), 0);
    assert_int_equal(v, DOC_V_IN_FORCE);
    assert_int_equal(doc_validity_parse("maybe", &v, &e), GK_EINVAL);
}

/* ---- the workflow ---- */

/* Every allowed step, written out independently of the module's table:
 * "state action role → state". Everything else must be refused. */
static const char *const allowed[] = {
    "draft submit author review1",
    "draft edit author draft",
    "review1 approve reviewer1 review2",
    "review1 return reviewer1 draft",
    "review1 withdraw author draft",
    "review1 edit reviewer1 review1",
    "review1 clear reviewer1 review1",
    "review1 clear office review1",
    "review2 approve reviewer2 signoff",
    "review2 return reviewer2 draft",
    "review2 withdraw author draft",
    "review2 edit reviewer2 review2",
    "review2 clear reviewer2 review2",
    "review2 clear office review2",
    "signoff approve leader signed",
    "signoff return leader draft",
    "signoff withdraw author draft",
    "signoff edit leader signoff",
    "signoff clear leader signoff",
    "signoff clear office signoff",
    "signed publish author published",
    "signed publish office published",
    "signed return leader draft",
    "signed return office draft",
    "signed withdraw author draft",
    "signed clear leader signed",
    "signed clear office signed",
    "published repeal leader published",
    "published repeal office published",
    "published expire leader published",
    "published expire office published",
    "published withdraw leader published",
    "published withdraw office published",
    "published correct author published",
    "published correct office published",
};

static void test_workflow_every_transition(void **state)
{
    (void)state;
    struct doc_act_ctx c = {.actor = "王五", .author = "张三", .reviewer1 = "", .reviewer2 = "",
                            .open_hits = 0, .has_comment = true};
    int allowed_seen = 0;
    for (int s = 0; s < DOC_NSTATES; s++)
        for (int a = 0; a < DOC_NACTIONS; a++)
            for (int r = 0; r < DOC_NROLES; r++) {
                char key[96];
                snprintf(key, sizeof key, "%s %s %s ", doc_state_key(s), doc_action_key(a), doc_role_key(r));
                const char *want = NULL;
                for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
                    if (strncmp(allowed[k], key, strlen(key)) == 0)
                        want = allowed[k] + strlen(key);
                if (a == DOC_A_COMMENT)
                    want = doc_state_key(s);   /* anyone comments, any time */
                enum doc_state to = DOC_NSTATES;
                err e = {0};
                int rc = doc_transition_check(s, a, r, &c, &to, &e);
                if (want) {
                    if (rc)
                        fail_msg("%s refused: %s", key, e.msg);
                    if (strcmp(doc_state_key(to), want) != 0)
                        fail_msg("%s goes to %s, wanted %s", key, doc_state_key(to), want);
                    allowed_seen++;
                } else {
                    if (rc != GK_ESTATE)
                        fail_msg("%s allowed (to %s) but should be refused", key, doc_state_key(to));
                    if (!e.msg[0])
                        fail_msg("%s refused without a reason", key);
                    /* the reason says what is wrong: a wrong role is named */
                    if (doc_transition_roles(s, a) && !strstr(e.msg, doc_role_label(r)))
                        fail_msg("%s: '%s' does not name the role", key, e.msg);
                }
            }
    assert_int_equal(allowed_seen, (int)(sizeof allowed / sizeof allowed[0]) + DOC_NSTATES * DOC_NROLES);
    /* the exported table says the same */
    int rows = 0;
    for (int i = 0; i < doc_ntransitions; i++)
        for (int r = 0; r < DOC_NROLES; r++)
            if (doc_transitions[i].roles & (1u << r))
                rows++;
    assert_int_equal(rows, allowed_seen);
}

/* The guards of the rows for 撤回 and 更正: one case a line, with the
 * context that differs and the exact outcome. */
static void test_workflow_withdraw_correct(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum doc_state from;
        enum doc_action a;
        enum doc_role r;
        const char *actor;
        bool comment, withdrawn;
        int open_corrections;
        int rc;
        const char *msg;          /* a part of the reason, or NULL */
    } cases[] = {
        {"office withdraws with a reason", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", true, false, 0, 0, NULL},
        {"leader withdraws with a reason", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_LEADER, "赵六", true, false, 0, 0, NULL},
        {"the author may withdraw as the office", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_OFFICE, "张三", true, false, 0,
         0, NULL},
        {"withdrawal without a reason", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", false, false, 0,
         GK_ESTATE, "states its reason"},
        {"the author alone cannot withdraw a published document", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三",
         true, false, 0, GK_ESTATE, "only 签发领导或公开办 may withdraw"},
        {"a reviewer cannot withdraw", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_REVIEWER1, "李四", true, false, 0,
         GK_ESTATE, "only 签发领导或公开办"},
        {"withdrawn twice", DOC_PUBLISHED, DOC_A_WITHDRAW, DOC_R_OFFICE, "孙七", true, true, 0, GK_ESTATE,
         "was withdrawn"},
        {"a withdrawn document is not repealed", DOC_PUBLISHED, DOC_A_REPEAL, DOC_R_OFFICE, "孙七", true, true, 0,
         GK_ESTATE, "was withdrawn"},
        {"a withdrawn document is not corrected", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", true, true, 0,
         GK_ESTATE, "was withdrawn"},
        {"a withdrawn document takes comments", DOC_PUBLISHED, DOC_A_COMMENT, DOC_R_OFFICE, "孙七", true, true, 0, 0,
         NULL},
        {"the author starts a correction", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", true, false, 0, 0, NULL},
        {"the office starts a correction of another's text", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_OFFICE, "孙七", true,
         false, 0, 0, NULL},
        {"a correction needs its 更正说明", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", false, false, 0,
         GK_ESTATE, "更正说明"},
        {"one correction at a time", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", true, false, 1, GK_ESTATE,
         "in review already"},
        {"a reviewer does not start corrections", DOC_PUBLISHED, DOC_A_CORRECT, DOC_R_REVIEWER2, "王五", true, false,
         0, GK_ESTATE, "only 撰稿人或公开办"},
        {"a draft is not corrected but edited", DOC_DRAFT, DOC_A_CORRECT, DOC_R_AUTHOR, "张三", true, false, 0,
         GK_ESTATE, "cannot be corrected"},
        {"a published document is not edited", DOC_PUBLISHED, DOC_A_EDIT, DOC_R_AUTHOR, "张三", true, false, 0,
         GK_ESTATE, "correct"},
        {"the author still takes a draft out of review", DOC_REVIEW1, DOC_A_WITHDRAW, DOC_R_AUTHOR, "张三", false,
         false, 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct doc_act_ctx c = {.actor = cases[i].actor, .author = "张三", .reviewer1 = "李四", .reviewer2 = "王五",
                                .has_comment = cases[i].comment, .withdrawn = cases[i].withdrawn,
                                .open_corrections = cases[i].open_corrections};
        enum doc_state to = DOC_NSTATES;
        err e = {0};
        int rc = doc_transition_check(cases[i].from, cases[i].a, cases[i].r, &c, &to, &e);
        if (rc != cases[i].rc)
            fail_msg("%s: rc %d, wanted %d (%s)", cases[i].name, rc, cases[i].rc, e.msg);
        if (cases[i].msg && !strstr(e.msg, cases[i].msg))
            fail_msg("%s: '%s' does not say '%s'", cases[i].name, e.msg, cases[i].msg);
        if (!rc && to != (cases[i].from == DOC_REVIEW1 ? DOC_DRAFT : cases[i].from))
            fail_msg("%s: goes to %s", cases[i].name, doc_state_key(to));
    }
}

/* What the public sees of a document on a day: 撤回, 公示期, 废止 of a list. */
static void test_public_status(void **state)
{
    (void)state;
    gk_day d0 = date_from_ymd(2024, 6, 1), end = date_from_ymd(2024, 6, 30);
    static const struct {
        const char *name;
        enum doc_state st;
        bool withdrawn, publicity, list, repealed, correction;
        int day;                  /* days after 2024-06-30 (negative: before) */
        enum doc_public want;
        bool files;
        const char *label;
    } cases[] = {
        {"published", DOC_PUBLISHED, false, false, false, false, false, 0, DOC_PUB_SHOWN, true, "已发布"},
        {"a draft", DOC_DRAFT, false, false, false, false, false, 0, DOC_PUB_NONE, false, "草稿"},
        {"a correction draft signed off", DOC_SIGNED, false, false, false, false, true, 0, DOC_PUB_NONE, false,
         "更正稿（已签发待发布）"},
        {"withdrawn", DOC_PUBLISHED, true, false, false, false, false, 0, DOC_PUB_WITHDRAWN, false, "已撤回"},
        {"公示 on its last day", DOC_PUBLISHED, false, true, false, false, false, 0, DOC_PUB_SHOWN, true, "已发布"},
        {"公示 the day after", DOC_PUBLISHED, false, true, false, false, false, 1, DOC_PUB_ENDED, false,
         "已发布（公示期满）"},
        {"公示 a year after", DOC_PUBLISHED, false, true, true, false, false, 365, DOC_PUB_ENDED, false,
         "已发布（公示期满）"},
        {"withdrawn 公示 after its end", DOC_PUBLISHED, true, true, false, false, false, 5, DOC_PUB_WITHDRAWN, false,
         "已撤回"},
        {"a list in force: files served", DOC_PUBLISHED, false, false, true, false, false, 0, DOC_PUB_SHOWN, true,
         "已发布"},
        {"a repealed list: page kept, files not", DOC_PUBLISHED, false, false, true, true, false, 0, DOC_PUB_SHOWN,
         false, "已发布"},
        {"a repealed policy keeps its files", DOC_PUBLISHED, false, false, false, true, false, 0, DOC_PUB_SHOWN, true,
         "已发布"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct doc d;
        doc_init(&d);
        d.state = cases[i].st;
        d.written = d.published = d0;
        if (cases[i].withdrawn)
            d.withdrawn_on = date_from_ymd(2024, 6, 10);
        if (cases[i].publicity)
            d.publicity_until = end;
        d.recipient_list = cases[i].list;
        if (cases[i].repealed)
            d.repealed_on = date_from_ymd(2024, 6, 15);
        d.corrects = cases[i].correction ? 7 : 0;
        gk_day today = end + cases[i].day;
        if (doc_public_status(&d, today) != cases[i].want)
            fail_msg("%s: status %d, wanted %d", cases[i].name, doc_public_status(&d, today), cases[i].want);
        if (doc_files_public(&d, today) != cases[i].files)
            fail_msg("%s: files %d, wanted %d", cases[i].name, doc_files_public(&d, today), cases[i].files);
        if (strcmp(doc_status_label(&d, today), cases[i].label) != 0)
            fail_msg("%s: label %s, wanted %s", cases[i].name, doc_status_label(&d, today), cases[i].label);
    }
}

/* 更正 in the domain: the draft a correction starts from, and what
 * publishing it changes in the document (and what it keeps). */
static void test_correction(void **state)
{
    (void)state;
    struct doc p, c, t;
    doc_init(&p);
    p.id = 5;
    p.state = DOC_PUBLISHED;
    snprintf(p.title, sizeof p.title, "%s", "关于调整补贴标准的通知");
    snprintf(p.index_no, sizeof p.index_no, "%s", "X/2024-00005");
    snprintf(p.author, sizeof p.author, "%s", "张三");
    snprintf(p.signer, sizeof p.signer, "%s", "赵六");
    p.written = date_from_ymd(2024, 6, 1);
    p.published = date_from_ymd(2024, 6, 5);
    p.channels = 3;
    p.body = xstrdup("每月100元。");
    err e = {0};
    assert_int_equal(doc_correction_start(&p, "", "孙七", &c, &e), GK_EINVAL);
    doc_clear(&c);
    char longnote[1600];
    memset(longnote, 0, sizeof longnote);
    for (int i = 0; i < DOC_REASON_MAX_CHARS + 1; i++)
        memcpy(longnote + 3 * i, "更", 3);
    assert_int_equal(doc_correction_start(&p, longnote, "孙七", &c, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "longer than 500"));
    doc_clear(&c);
    assert_int_equal(doc_correction_start(&p, "标准更正为120元", "孙七", &c, &e), 0);
    assert_int_equal(c.state, DOC_DRAFT);
    assert_int_equal(c.corrects, 5);
    assert_string_equal(c.index_no, "");
    assert_string_equal(c.author, "孙七");
    assert_string_equal(c.signer, "");
    assert_int_equal(c.published, DOC_NODAY);
    assert_string_equal(c.body, "每月100元。");
    free(c.body);
    c.body = xstrdup("每月120元。");
    c.id = 9;
    doc_copy(&t, &p);
    gk_day on = date_from_ymd(2024, 7, 1);
    assert_int_equal(doc_correction_apply(&t, &c, on, &e), 0);
    assert_string_equal(t.body, "每月120元。");
    assert_string_equal(t.index_no, "X/2024-00005");
    assert_int_equal(t.id, 5);
    assert_int_equal(t.published, p.published);
    assert_int_equal(t.channels, 3u);
    assert_int_equal(t.corrected_on, on);
    assert_string_equal(t.correction_note, "标准更正为120元");
    assert_int_equal(t.corrects, 0);
    /* a withdrawn document takes no correction, neither started nor published */
    t.withdrawn_on = on;
    assert_int_equal(doc_correction_apply(&t, &c, on, &e), GK_ESTATE);
    struct doc c2;
    assert_int_equal(doc_correction_start(&t, "再更正", "孙七", &c2, &e), GK_ESTATE);
    doc_clear(&c2);
    c.corrects = 6;   /* not this document's correction */
    t.withdrawn_on = DOC_NODAY;
    assert_int_equal(doc_correction_apply(&t, &c, on, &e), GK_EINVAL);
    /* withdrawal checks */
    assert_int_equal(doc_withdraw_check(&p, on, "理由", &e), 0);
    assert_int_equal(doc_withdraw_check(&p, date_from_ymd(2024, 6, 4), "理由", &e), GK_EINVAL);
    assert_int_equal(doc_withdraw_check(&p, on, "", &e), GK_EINVAL);
    p.withdrawn_on = on;
    assert_int_equal(doc_withdraw_check(&p, on, "理由", &e), GK_ESTATE);
    /* a 公示期 ends no earlier than the text was written */
    snprintf(p.issuer, sizeof p.issuer, "%s", "某市民政局");
    p.publicity_until = date_from_ymd(2024, 5, 31);
    assert_int_equal(doc_validate(&p, on, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    assert_string_equal(e.where, "publicity_until");
    doc_clear(&p);
    doc_clear(&c);
    doc_clear(&t);
}

static void test_workflow_guards(void **state)
{
    (void)state;
    enum doc_state to;
    err e = {0};
    struct doc_act_ctx c = {.actor = "张三", .author = "张三", .has_comment = true};
    /* the author cannot review, clear or return their own document */
    assert_int_equal(doc_transition_check(DOC_REVIEW1, DOC_A_APPROVE, DOC_R_REVIEWER1, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "wrote this document"));
    assert_int_equal(doc_transition_check(DOC_REVIEW1, DOC_A_CLEAR, DOC_R_OFFICE, &c, &to, &e), GK_ESTATE);
    assert_int_equal(doc_transition_check(DOC_SIGNOFF, DOC_A_RETURN, DOC_R_LEADER, &c, &to, &e), GK_ESTATE);
    /* ... but submits, withdraws, comments and publishes */
    assert_int_equal(doc_transition_check(DOC_DRAFT, DOC_A_SUBMIT, DOC_R_AUTHOR, &c, &to, &e), 0);
    assert_int_equal(doc_transition_check(DOC_SIGNED, DOC_A_PUBLISH, DOC_R_AUTHOR, &c, &to, &e), 0);
    assert_int_equal(doc_transition_check(DOC_REVIEW2, DOC_A_COMMENT, DOC_R_REVIEWER2, &c, &to, &e), 0);
    /* one person, one stage */
    c = (struct doc_act_ctx){.actor = "李四", .author = "张三", .reviewer1 = "李四", .has_comment = true};
    assert_int_equal(doc_transition_check(DOC_REVIEW2, DOC_A_APPROVE, DOC_R_REVIEWER2, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "first review"));
    assert_int_equal(doc_transition_check(DOC_SIGNOFF, DOC_A_APPROVE, DOC_R_LEADER, &c, &to, &e), GK_ESTATE);
    c.reviewer1 = "王五";
    c.reviewer2 = "李四";
    assert_int_equal(doc_transition_check(DOC_SIGNOFF, DOC_A_APPROVE, DOC_R_LEADER, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "sign-off"));
    c.actor = "赵六";
    assert_int_equal(doc_transition_check(DOC_SIGNOFF, DOC_A_APPROVE, DOC_R_LEADER, &c, &to, &e), 0);
    assert_int_equal(to, DOC_SIGNED);
    /* a return says why */
    c.has_comment = false;
    assert_int_equal(doc_transition_check(DOC_REVIEW1, DOC_A_RETURN, DOC_R_REVIEWER1, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "comment"));
    assert_int_equal(doc_transition_check(DOC_DRAFT, DOC_A_COMMENT, DOC_R_AUTHOR, &c, &to, &e), GK_EINVAL);
    c.actor = "王五";
    assert_int_equal(doc_transition_check(DOC_REVIEW1, DOC_A_CLEAR, DOC_R_REVIEWER1, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "note"));
    c.actor = "赵六";
    /* open screening hits block publication, and only publication */
    c.has_comment = true;
    c.open_hits = 2;
    assert_int_equal(doc_transition_check(DOC_SIGNED, DOC_A_PUBLISH, DOC_R_OFFICE, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "2 screening hits"));
    assert_int_equal(doc_transition_check(DOC_REVIEW1, DOC_A_APPROVE, DOC_R_REVIEWER1, &c, &to, &e), 0);
    c.open_hits = 0;
    assert_int_equal(doc_transition_check(DOC_SIGNED, DOC_A_PUBLISH, DOC_R_OFFICE, &c, &to, &e), 0);
    assert_int_equal(to, DOC_PUBLISHED);
    /* nobody acts anonymously */
    c.actor = "";
    assert_int_equal(doc_transition_check(DOC_DRAFT, DOC_A_SUBMIT, DOC_R_AUTHOR, &c, &to, &e), GK_EINVAL);
    /* a refusal for a step that does not exist lists what does */
    c.actor = "王五";
    assert_int_equal(doc_transition_check(DOC_DRAFT, DOC_A_PUBLISH, DOC_R_OFFICE, &c, &to, &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "submit"));
    /* the whole path */
    enum doc_state s = DOC_DRAFT;
    struct { enum doc_action a; enum doc_role r; const char *actor; } path[] = {
        {DOC_A_SUBMIT, DOC_R_AUTHOR, "张三"}, {DOC_A_APPROVE, DOC_R_REVIEWER1, "李四"},
        {DOC_A_APPROVE, DOC_R_REVIEWER2, "王五"}, {DOC_A_APPROVE, DOC_R_LEADER, "赵六"},
        {DOC_A_PUBLISH, DOC_R_OFFICE, "孙七"},
    };
    c = (struct doc_act_ctx){.author = "张三", .reviewer1 = "", .reviewer2 = ""};
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
        c.actor = path[i].actor;
        assert_int_equal(doc_transition_check(s, path[i].a, path[i].r, &c, &s, &e), 0);
        if (i == 1)
            c.reviewer1 = "李四";
        if (i == 2)
            c.reviewer2 = "王五";
    }
    assert_int_equal(s, DOC_PUBLISHED);
    enum doc_role role;
    assert_int_equal(doc_role_parse("一审", &role, &e), 0);
    assert_int_equal(role, DOC_R_REVIEWER1);
    assert_int_equal(doc_role_parse("second", &role, &e), 0);
    assert_int_equal(role, DOC_R_REVIEWER2);
    assert_int_equal(doc_role_parse("boss", &role, &e), GK_EINVAL);
}

/* ---- screening ---- */

static void kinds_of(const char *text, const doc_words *w, char *out, size_t cap)
{
    struct doc_hit *h;
    size_t n;
    doc_screen(text, strlen(text), w, &h, &n);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s", i ? " " : "", doc_hit_kind_key(h[i].kind));
    }
    free(h);
}

static void test_screen_checks(void **state)
{
    (void)state;
    assert_true(doc_id_valid("412801199001011238", 18));
    assert_true(doc_id_valid("11010519491231002X", 18));
    assert_true(doc_id_valid("11010519491231002x", 18));
    assert_false(doc_id_valid("412801199001011230", 18));   /* check digit */
    assert_false(doc_id_valid("412801199002301236", 18));   /* 30 February */
    assert_false(doc_id_valid("992801199001011238", 18));   /* no region 99 */
    assert_false(doc_id_valid("41280119900101123", 17));
    assert_true(doc_luhn_valid("4111111111111111", 16));
    assert_true(doc_luhn_valid("6222021234567890128", 19));
    assert_false(doc_luhn_valid("6222021234567890120", 19));
    assert_false(doc_luhn_valid("62220212345678901a8", 19));
    assert_true(doc_uscc_valid("11410000005184320A", 18));
    assert_false(doc_uscc_valid("11410000005184320J", 18));
    assert_true(doc_uscc_valid("514117000000000471", 18));
}

static void test_screen_patterns(void **state)
{
    (void)state;
    doc_words *w;
    size_t n;
    const char *text = doc_words_default_text(&n);
    err e = {0};
    assert_int_equal(doc_words_load(text, n, &w, &e), 0);
    assert_true(doc_words_count(w) >= 10);
    static const struct { const char *text; const char *want; } cases[] = {
        /* true positives */
        {"身份证号：412801199001011238。", "id_number"},
        {"身份证11010519491231002x办理", "id_number"},
        {"公民身份号码 412801 19900101 1238 ", "id_number"},
        {"公民身份号码 110105 19491231 002X。", "id_number"},
        {"联系人手机13812345678", "mobile"},
        {"手机：138 1234 5678", "mobile"},
        {"手机：138-1234-5678，", "mobile"},
        {"+86 13912345678", "mobile"},
        {"8613912345678", "mobile"},
        {"１３８１２３４５６７８", "mobile"},
        {"13812345678转8012", "mobile"},
        {"卡号6222021234567890128", "bank_card"},
        {"卡号 6222 0212 3456 7890 128", "bank_card"},
        {"4111 1111 1111 1111", "bank_card"},
        {"账号：6228480012345671。", "bank_card"},
        {"此件为内部资料，注意保存", "word word"},
        {"机密★5年", "word"},
        {"户主家庭详细住址为", "word"},
        {"甲 13812345678 乙 412801199001011238", "mobile id_number"},
        /* false positives avoided */
        {"驻民文〔2018〕149号", ""},
        {"2018年1月30日、2018-01-30、20180130", ""},
        {"电话：0396-2816123转8012", ""},
        {"电话：0396-2816123-8012", ""},
        {"电话：(0396)2816123", ""},
        {"索引号：11410000005184320J/2023-00123", ""},
        {"索引号：11410000005184320001", ""},
        {"62220212345678901280", ""},                 /* 20 digits: no card inside */
        {"412801199001011230", ""},                   /* check digit wrong */
        {"6222021234567890120", ""},                  /* Luhn fails */
        {"统一社会信用代码514117000000000471", ""},     /* a valid credit code */
        {"编号13812345678A", ""},                     /* glued to a letter */
        {"A13812345678", ""},
        {"1234567890123456789012345", ""},
        {"圆周率3.1381234567890", ""},
        {"12345678901", ""},                          /* 11 digits, not 1[3-9] */
        {"涉及商业秘密和国家秘密的不予公开", ""},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[256];
        kinds_of(cases[i].text, w, got, sizeof got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("'%s': got '%s', wanted '%s'", cases[i].text, got, cases[i].want);
    }
    doc_words_free(w);
}

static void test_screen_hits_detail(void **state)
{
    (void)state;
    doc_words *w;
    err e = {0};
    const char *list = "# test list\n\nTop Secret\n内部资料  # marking\n\xE3\x80\x80绝密\xE3\x80\x80\n内部资料\n";
    assert_int_equal(doc_words_load(list, strlen(list), &w, &e), 0);
    assert_int_equal(doc_words_count(w), 3);   /* duplicate dropped */
    const char *text = "一二三四五六七八九十一二三四五 ＴＯＰ ＳＥＣＲＥＴ 文件\n第二行 手机13812345678";
    struct doc_hit *h;
    size_t n;
    doc_screen(text, strlen(text), w, &h, &n);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].kind, DOC_HIT_WORD);
    assert_string_equal(h[0].match, "ＴＯＰ ＳＥＣＲＥＴ");
    assert_int_equal(h[0].char_off, 16);
    assert_int_equal(h[0].off, 15 * 3 + 1);
    assert_int_equal(memcmp(text + h[0].off, "ＴＯＰ", 9), 0);
    /* the excerpt: 12 characters either side, newline as a space */
    assert_string_equal(h[0].excerpt, "五六七八九十一二三四五 ＴＯＰ ＳＥＣＲＥＴ 文件 第二行 手机13");
    assert_int_equal(h[1].kind, DOC_HIT_MOBILE);
    assert_string_equal(h[1].match, "13812345678");
    assert_int_equal(memcmp(text + h[1].off, "13812345678", 11), 0);
    assert_int_equal(h[1].len, 11);
    free(h);
    /* no word list: patterns only */
    doc_screen("内部资料", strlen("内部资料"), NULL, &h, &n);
    assert_int_equal(n, 0);
    free(h);
    doc_words_free(w);
    assert_int_equal(doc_words_load("ok\n\xff\xfe\n", 6, &w, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "line 2"));
}

/* ---- masking ---- */

static void test_mask_names_ids(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } names[] = {
        {"张三明", "张*明"}, {"张三", "张*"}, {"欧阳小明", "欧阳*明"}, {"欧阳明", "欧阳*"},
        {"张三明亮", "张**亮"}, {"张*明", "张*明"}, {"张*", "张*"}, {"李", "*"},
        {" 王五 ", "王*"}, {"阿依古丽·买买提", "阿***·**提"}, {"", ""},
    };
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        buf_reset(&b);
        buf_puts(&b, "");
        doc_mask_name(names[i].in, &b);
        if (strcmp(b.data, names[i].want) != 0)
            fail_msg("name '%s' → '%s', wanted '%s'", names[i].in, b.data, names[i].want);
    }
    static const struct { const char *in, *want; } ids[] = {
        {"412801199001011238", "4128**********1238"},
        {"41282219851231002X", "4128**********002X"},
        {"4128**********1238", "4128**********1238"},
        {"412801900101123", "4128*******1123"},
        {"１２３４５６７８９", "１２３４*６７８９"},
        {"1234", "****"},
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        buf_reset(&b);
        buf_puts(&b, "");
        doc_mask_id(ids[i].in, &b);
        if (strcmp(b.data, ids[i].want) != 0)
            fail_msg("id '%s' → '%s', wanted '%s'", ids[i].in, b.data, ids[i].want);
    }
    buf_free(&b);
}

static void test_mask_addresses(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        {"驿城区老街街道健康社区交通路15号3单元201", "驿城区老街街道健康社区"},
        {"正阳县永兴镇大刘庄村3组", "正阳县永兴镇大刘庄村"},
        {"永兴镇大刘庄村村民委员会", "永兴镇大刘庄村"},
        {"永兴镇幸福村委会东50米", "永兴镇幸福村委会"},
        {"健康社区居委会", "健康社区"},
        {"城关镇建设路8号", "城关镇"},
        {"老街街道办事处交通路1号", "老街街道办事处"},
        {"临汾市乡宁县昌宁镇光明路9号", "临汾市乡宁县昌宁镇"},
        {"驻马店市驿城区交通路15号", "驻马店市驿城区"},
        {"交通路15号", ""},
        {"健康社区", "健康社区"},
        {"锡林浩特市宝力根苏木巴彦嘎查", "锡林浩特市宝力根苏木巴彦嘎查"},
        {"正阳县永兴镇大刘庄村", "正阳县永兴镇大刘庄村"},
        {"", ""},
    };
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf_reset(&b);
        buf_puts(&b, "");
        doc_mask_address(cases[i].in, &b);
        if (strcmp(b.data, cases[i].want) != 0)
            fail_msg("address '%s' → '%s', wanted '%s'", cases[i].in, b.data, cases[i].want);
        /* cutting again changes nothing */
        char *once = xstrdup(b.data);
        buf_reset(&b);
        buf_puts(&b, "");
        doc_mask_address(once, &b);
        assert_string_equal(b.data, once);
        free(once);
    }
    buf_free(&b);
}

static void check_list(const char *in, const char *want, int rows, int names, int ids, int phones,
                       int addresses)
{
    buf b;
    buf_init(&b);
    struct doc_mask_stats st;
    doc_mask_list(in, strlen(in), &b, &st);
    if (strcmp(b.data, want) != 0)
        fail_msg("masked list:\n%s\nwanted:\n%s", b.data, want);
    assert_int_equal(st.rows, rows);
    assert_int_equal(st.names, names);
    assert_int_equal(st.ids, ids);
    assert_int_equal(st.phones, phones);
    assert_int_equal(st.addresses, addresses);
    /* what is left holds no ID or mobile number */
    struct doc_hit *h;
    size_t n;
    doc_screen(b.data, b.len, NULL, &h, &n);
    for (size_t i = 0; i < n; i++)
        fail_msg("masked list still holds %s '%s'", doc_hit_kind_key(h[i].kind), h[i].match);
    free(h);
    /* masking twice changes nothing more */
    buf again;
    buf_init(&again);
    doc_mask_list(b.data, b.len, &again, &st);
    assert_string_equal(again.data, b.data);
    buf_free(&again);
    buf_free(&b);
}

static void test_mask_lists(void **state)
{
    (void)state;
    check_list("2024年3月城市低保对象名单公示\r\n"
               "序号,户主姓名,身份证号码,家庭住址,联系电话,保障人数,保障金额（元）\r\n"
               "1,张三明,412801199001011238,驿城区老街街道健康社区交通路15号,13812345678,3,1260\r\n"
               "2,欧阳小明,41282219851231002X,正阳县永兴镇大刘庄村3组,0396-2816123,1,420\r\n"
               "\r\n"
               "公示期7天。监督电话：0396-2606789\r\n",
               "2024年3月城市低保对象名单公示\r\n"
               "序号,户主姓名,身份证号码,住址（至村、社区）,保障人数,保障金额（元）\r\n"
               "1,张*明,4128**********1238,驿城区老街街道健康社区,3,1260\r\n"
               "2,欧阳*明,4128**********002X,正阳县永兴镇大刘庄村,1,420\r\n"
               "\r\n"
               "公示期7天。监督电话：0396-2606789\r\n",
               2, 2, 2, 2, 2);
    /* tabs, a family-member column, the phone column first */
    check_list("电话\t姓名\t家庭成员\t住址\n"
               "13812345678\t李四\t王五、赵六明\t城关镇建设路8号\n",
               "姓名\t家庭成员\t住址（至村、社区）\n"
               "李*\t王*、赵*明\t城关镇\n",
               1, 3, 0, 1, 1);
    /* columns aligned with spaces, and '|' tables */
    check_list("序号  姓名    身份证号\n1     张三    412801199001011238\n",
               "序号  姓名    身份证号\n1     张*    4128**********1238\n", 1, 1, 1, 0, 0);
    check_list("| 姓名 | 手机 | 金额 |\n| 张三 | 13812345678 | 420 |\n",
               "| 姓名 | 金额 |\n| 张* | 420 |\n", 1, 1, 0, 1, 0);
    /* running text: labelled values, and numbers anywhere */
    check_list("姓名：张三明，身份证号：412801199001011238，住址：正阳县永兴镇大刘庄村3组，电话：13812345678。",
               "姓名：张*明，身份证号：4128**********1238，住址：正阳县永兴镇大刘庄村，。", 0, 1, 1, 1, 1);
    /* an ID with a wrong check digit is masked all the same */
    check_list("身份证 412801199001011230", "身份证 4128**********1230", 0, 0, 1, 0, 0);
    /* an ID whose check character is typed as a small x */
    check_list("身份证 41282219851231002x", "身份证 4128**********002X", 0, 0, 1, 0, 0);
}

static void test_recipient_list_titles(void **state)
{
    (void)state;
    assert_true(doc_is_recipient_list("2024年3月城市低保对象名单公示"));
    assert_true(doc_is_recipient_list("关于特困供养人员花名册的公示"));
    assert_true(doc_is_recipient_list("临时救助对象公示"));
    assert_false(doc_is_recipient_list("关于提高城乡低保标准的通知"));
    assert_false(doc_is_recipient_list("拟录用公务员名单公示"));
}

/* ---- documents: validity and checks ---- */

static void test_validity(void **state)
{
    (void)state;
    struct doc d;
    doc_init(&d);
    strcpy(d.title, "关于印发某办法的通知");
    strcpy(d.issuer, "驻马店市民政局");
    d.written = D("2020-03-01");
    d.published = D("2020-03-05");
    d.state = DOC_PUBLISHED;
    err e = {0};
    gk_day today = D("2024-06-30");
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), 0);
    assert_int_equal(doc_validity_at(&d, D("2023-12-31")), DOC_V_IN_FORCE);
    /* repeal */
    assert_int_equal(doc_repeal_check(&d, D("2020-03-04"), &e), GK_EINVAL);
    assert_int_equal(doc_repeal_check(&d, D("2023-06-01"), &e), 0);
    d.repealed_on = D("2023-06-01");
    assert_int_equal(doc_validity_at(&d, D("2023-05-31")), DOC_V_IN_FORCE);
    assert_int_equal(doc_validity_at(&d, D("2023-06-01")), DOC_V_REPEALED);
    assert_int_equal(doc_repeal_check(&d, D("2023-07-01"), &e), GK_ESTATE);
    assert_non_null(strstr(e.msg, "repealed already"));
    assert_int_equal(doc_expire_check(&d, D("2023-07-01"), &e), GK_ESTATE);
    /* expiry: in force through its last day */
    d.repealed_on = DOC_NODAY;
    assert_int_equal(doc_expire_check(&d, D("2019-01-01"), &e), GK_EINVAL);
    assert_int_equal(doc_expire_check(&d, D("2025-12-31"), &e), 0);
    d.expires_on = D("2022-12-31");
    assert_int_equal(doc_validity_at(&d, D("2022-12-31")), DOC_V_IN_FORCE);
    assert_int_equal(doc_validity_at(&d, D("2023-01-01")), DOC_V_EXPIRED);
    assert_int_equal(doc_repeal_check(&d, D("2023-06-01"), &e), GK_ESTATE);
    /* drafts are neither repealed nor expired */
    d.expires_on = DOC_NODAY;
    d.state = DOC_DRAFT;
    assert_int_equal(doc_repeal_check(&d, D("2023-06-01"), &e), GK_ESTATE);
    assert_int_equal(doc_expire_check(&d, D("2023-06-01"), &e), GK_ESTATE);
    /* checks on the fields */
    d.state = DOC_PUBLISHED;
    d.published = D("2024-07-01");
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "future"));
    d.published = D("2020-02-01");
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "before the date written"));
    d.published = D("2020-03-05");
    d.written = D("2024-07-01");
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    d.written = D("2020-03-01");
    strcpy(d.docno, "驻民文2018-149");
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "驻民文2018-149"));
    d.docno[0] = 0;
    d.title[0] = 0;
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    strcpy(d.title, "标题");
    d.issuer[0] = 0;
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    strcpy(d.issuer, "驻马店市民政局");
    d.item = 16;
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), GK_EINVAL);
    d.item = 1;
    assert_int_equal(doc_validate(&d, today, DOC_BODY_MAX_CHARS, &e), 0);
    /* JSON for the audit trail */
    d.body = xstrdup("正文");
    buf b;
    buf_init(&b);
    doc_to_json(&d, false, &b);
    assert_non_null(strstr(b.data, "\"title\":\"标题\""));
    assert_non_null(strstr(b.data, "\"body_chars\":2"));
    assert_null(strstr(b.data, "正文"));
    buf_free(&b);
    doc_clear(&d);
}

static void test_deadlines(void **state)
{
    (void)state;
    cal_t *cal = cal_builtin();
    err e = {0};
    gk_day due;
    /* 2023: 中秋/国庆 29 Sep – 6 Oct, make-up working days 7 and 8 Oct */
    assert_int_equal(doc_publish_due(cal, D("2023-09-25"), &due, &e), 0);
    assert_int_equal(due, D("2023-10-27"));
    enum doc_interp_timing t;
    int wd;
    assert_int_equal(doc_interp_timing(cal, D("2023-09-28"), D("2023-09-28"), &t, &wd, &e), 0);
    assert_int_equal(t, DOC_INTERP_ON_TIME);
    assert_int_equal(wd, 0);
    assert_int_equal(doc_interp_timing(cal, D("2023-09-28"), D("2023-10-08"), &t, &wd, &e), 0);
    assert_int_equal(t, DOC_INTERP_ON_TIME);
    assert_int_equal(wd, 2);
    /* the third working day after (make-up days 7 and 8 October count) is still on time */
    assert_int_equal(doc_interp_timing(cal, D("2023-09-28"), D("2023-10-09"), &t, &wd, &e), 0);
    assert_int_equal(t, DOC_INTERP_ON_TIME);
    assert_int_equal(wd, 3);
    assert_int_equal(doc_interp_timing(cal, D("2023-09-28"), D("2023-10-10"), &t, &wd, &e), 0);
    assert_int_equal(t, DOC_INTERP_LATE);
    assert_int_equal(wd, 4);
    assert_int_equal(doc_interp_timing(cal, D("2023-09-28"), D("2023-09-27"), &t, &wd, &e), 0);
    assert_int_equal(t, DOC_INTERP_BEFORE_POLICY);
    assert_int_equal(wd, -1);
    /* before the known years: an error, not a guess */
    assert_int_equal(doc_publish_due(cal, D("2003-01-06"), &due, &e), GK_ERANGE);
    /* after the last calendar year (2199): Monday to Friday, provisional */
    assert_int_equal(doc_publish_due(cal, D("2200-01-03"), &due, &e), 0);
    assert_true(due > D("2200-01-03"));
    cal_free(cal);
}

/* ---- CSV ---- */

struct csv_log { buf out; };

static void log_row(void *arg, int line, char **f, int nf)
{
    struct csv_log *l = arg;
    buf_printf(&l->out, "%d:", line);
    for (int i = 0; i < nf; i++)
        buf_printf(&l->out, "[%s]", f[i]);
    buf_putc(&l->out, '\n');
}

static void log_bad(void *arg, int line, const char *why)
{
    struct csv_log *l = arg;
    buf_printf(&l->out, "%d!%.24s\n", line, why);
}

static void check_csv(const char *in, size_t n, const char *want, int want_bad)
{
    struct csv_log l;
    buf_init(&l.out);
    buf_puts(&l.out, "");
    struct doc_csv_cb cb = {log_row, log_bad, &l};
    int bad = doc_csv_parse(in, n, &cb);
    if (strcmp(l.out.data, want) != 0)
        fail_msg("CSV read as:\n%s\nwanted:\n%s", l.out.data, want);
    assert_int_equal(bad, want_bad);
    buf_free(&l.out);
}

static void test_csv(void **state)
{
    (void)state;
#define C(s, want, bad) check_csv(s, sizeof(s) - 1, want, bad)
    C("a,b,c\n1,2,3\n", "1:[a][b][c]\n2:[1][2][3]\n", 0);
    C("\xEF\xBB\xBF" "a,b\r\n1,2\r\n", "1:[a][b]\n2:[1][2]\n", 0);
    C("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n", "1:[a][b]\n2:[x, y][he said \"hi\"]\n", 0);
    C("a,b\n\"line one\nline two\",z\nq,r", "1:[a][b]\n2:[line one\nline two][z]\n4:[q][r]\n", 0);
    C("a,b,\n1,,\n", "1:[a][b][]\n2:[1][][]\n", 0);
    C("a\n\n\nb\n", "1:[a]\n4:[b]\n", 0);
    C("a,b\n1,x\"y\n2,3\n", "1:[a][b]\n2!a quote inside a field t\n3:[2][3]\n", 1);
    C("a,b\n\"1\"x,2\n3,4\n", "1:[a][b]\n2!text after the closing q\n3:[3][4]\n", 1);
    C("a,b\n1,2\n\"never closed,3\n4,5\n", "1:[a][b]\n2:[1][2]\n3!a quoted field opens her\n", 1);
    C("a,b\n1,\xff\n2,3\n", "1:[a][b]\n2!the text is not valid UT\n3:[2][3]\n", 1);
    C("a,b\n\"x\ny\xfe\",1\n2,3\n", "1:[a][b]\n3!the text is not valid UT\n4:[2][3]\n", 1);
    /* a NUL or another control character: refused with its line and place, never cut (issue 11) */
    C("a,b\n1,x\0y\n2,3\n", "1:[a][b]\n2!character 4 of the line \n3:[2][3]\n", 1);
    C("a,b\n\"x\ny\0\",1\n2,3\n", "1:[a][b]\n3!character 2 of the line \n4:[2][3]\n", 1);
    C("a,b\n\xe4\xb8\xad\x1b,1\n", "1:[a][b]\n2!character 2 of the line \n", 1);
    C("a,b\n1,x\x7f\n", "1:[a][b]\n2!character 4 of the line \n", 1);
    C("a\tb,c\r\n1,2\r\n", "1:[a\tb][c]\n2:[1][2]\n", 0);   /* tab and CR LF are text */
#undef C
}

/* ---- the catalogue import ---- */

static const char *const header = "title,docno,issuer,written,published,body,category,genre,item,index_no,channels\n";

static void import_text(const char *text, enum doc_import_format f, bool publish, struct doc_import *im)
{
    doc_import_parse(text, strlen(text), f, publish, D("2024-06-30"), im);
}

/* Each expected error: "LINE:fragment". */
static void expect_errors(const struct doc_import *im, const char *const *want, size_t n)
{
    buf all;
    buf_init(&all);
    for (size_t i = 0; i < im->nerrors; i++)
        buf_printf(&all, "%d:%s\n", im->errors[i].line, im->errors[i].msg);
    if (im->nerrors != n)
    {
        fprintf(stderr, "%s", all.data ? all.data : "");
        fail_msg("%zu errors, wanted %zu", im->nerrors, n);
    }
    for (size_t i = 0; i < n; i++) {
        int line = atoi(want[i]);
        const char *frag = strchr(want[i], ':') + 1;
        if (im->errors[i].line != line || !strstr(im->errors[i].msg, frag))
            fail_msg("error %zu is '%d:%s', wanted '%s'\n%s", i, im->errors[i].line, im->errors[i].msg,
                     want[i], all.data);
    }
    buf_free(&all);
}

static void test_import_good(void **state)
{
    (void)state;
    buf t;
    buf_init(&t);
    buf_puts(&t, "\xEF\xBB\xBF");
    buf_puts(&t, header);
    buf_puts(&t, "关于印发《驻马店市最低生活保障实施办法》的通知,驻民文(2018)149号,驻马店市民政局,2018-06-01,2018-06-05,\"第一条，为了...\n第二条 ...\",社会救助,规范性文件,（一）,11410000005184320J/2018-00007,\"website,wechat\"\r\n");
    buf_puts(&t, "《实施办法》政策解读,,驻马店市民政局,2018年6月5日,2018/06/06,解读正文,低保,解读,11,,\n");
    buf_puts(&t, "2018年6月城市低保对象名单公示,,驻马店市民政局,2018-06-20,2018-06-21,\"姓名,身份证号\n张三明,412801199001011238\",,公示,,,\n");
    struct doc_import im;
    import_text(t.data, DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, NULL, 0);
    assert_int_equal(im.nrows, 3);
    struct doc *d = &im.rows[0].d;
    assert_int_equal(im.rows[0].line, 2);
    assert_string_equal(d->docno, "驻民文〔2018〕149号");
    assert_string_equal(d->category, "社会救助");
    assert_string_equal(d->genre, DOC_GENRE_NORMATIVE);
    assert_int_equal(d->item, 1);
    assert_int_equal(d->written, D("2018-06-01"));
    assert_int_equal(d->published, D("2018-06-05"));
    assert_int_equal(d->state, DOC_PUBLISHED);
    assert_int_equal(d->channels, (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_WECHAT));
    assert_string_equal(d->index_no, "11410000005184320J/2018-00007");
    assert_non_null(strstr(d->body, "第二条"));
    d = &im.rows[1].d;
    assert_int_equal(im.rows[1].line, 4);
    assert_string_equal(d->genre, DOC_GENRE_INTERPRETATION);
    assert_int_equal(d->channels, 1u << DOC_CH_WEBSITE);   /* the default */
    assert_false(d->recipient_list);
    d = &im.rows[2].d;
    assert_true(d->recipient_list);
    assert_string_equal(d->body, "姓名,身份证号\n张*明,4128**********1238");
    doc_import_free(&im);

    /* Chinese headers, drafts */
    import_text("标题,文号,发文机关,成文日期,发布日期,正文,主题分类\n关于做好养老服务工作的通知,,某县民政局,2024-06-01,,正文,养老\n",
                DOC_IMPORT_CSV, false, &im);
    expect_errors(&im, NULL, 0);
    assert_int_equal(im.nrows, 1);
    assert_int_equal(im.rows[0].d.state, DOC_DRAFT);
    assert_int_equal(im.rows[0].d.published, DOC_NODAY);
    assert_string_equal(im.rows[0].d.category, "养老服务");
    doc_import_free(&im);
    buf_free(&t);
}

static void test_import_bad_rows(void **state)
{
    (void)state;
    buf t;
    buf_init(&t);
    buf_puts(&t, header);
    buf_puts(&t, "好的文件,驻民文〔2018〕1号,某局,2018-06-01,2018-06-05,正文,,,,A-1,\n");              /* 2 ok */
    buf_puts(&t, "坏日期,,某局,2018-13-01,2018-06-05,正文,,,,,\n");                                    /* 3 */
    buf_puts(&t, "将来,,某局,2024-07-01,2024-07-02,正文,,,,,\n");                                      /* 4 */
    buf_puts(&t, "未知分类,,某局,2018-06-01,2018-06-05,正文,火星事务,,,,\n");                          /* 5 */
    buf_puts(&t, "坏文号,驻民文2018年1号,某局,2018-06-01,2018-06-05,正文,,,,,\n");                     /* 6 */
    buf_puts(&t, ",,,2018-06-01,2018-06-05,正文,,,,,\n");                                              /* 7 */
    buf_puts(&t, "重复索引号,,某局,2018-06-01,2018-06-05,正文,,,,A-1,\n");                             /* 8 */
    buf_puts(&t, "字段太少,,某局,2018-06-01\n");                                                        /* 9 */
    buf_puts(&t, "\"引号\"坏,,某局,2018-06-01,2018-06-05,正文,,,,,\n");                                /* 10 */
    buf_puts(&t, "无发布日期,,某局,2018-06-01,,正文,,,,,\n");                                          /* 11 */
    buf_puts(&t, "坏渠道,,某局,2018-06-01,2018-06-05,正文,,,,,fax\n");                                 /* 12 */
    buf_puts(&t, "坏编码\xff,,某局,2018-06-01,2018-06-05,正文,,,,,\n");                                /* 13 */
    buf_puts(&t, "先发后写,,某局,2018-06-05,2018-06-01,正文,,,十六,,\n");                              /* 14 */
    struct doc_import im;
    import_text(t.data, DOC_IMPORT_CSV, true, &im);
    static const char *const want[] = {
        "3:written: '2018-13-01' is not a date",
        "4:written: 2024-07-01 is in the future (today is 2024-06-30)",
        "4:published: 2024-07-02 is in the future",
        "5:category: unknown category '火星事务'",
        "6:docno: '驻民文2018年1号' is not a document number",
        "7:title: missing",
        "7:issuer: missing",
        "8:index_no: A-1 is also the index number of the row on line 2",
        "9:the row has 4 fields but the header has 11",
        "10:text after the closing quote",
        "11:published: missing",
        "12:channels: unknown channel 'fax'",
        "13:not valid UTF-8",
        "14:published: the publication date is before the date written",
        "14:item: '十六' is not an item",
    };
    expect_errors(&im, want, sizeof want / sizeof want[0]);
    assert_int_equal(im.nrows, 1);   /* only line 2 is good; the caller imports nothing */
    doc_import_free(&im);
    buf_free(&t);
}

static void test_import_bad_files(void **state)
{
    (void)state;
    struct doc_import im;
    import_text("", DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"1:empty"}, 1);
    doc_import_free(&im);
    import_text("title,docno,issuer,written,body,titel\n", DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"1:unknown column 'titel'", "1:lacks the column 'published'"}, 2);
    doc_import_free(&im);
    import_text(header, DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"1:no documents"}, 1);
    doc_import_free(&im);
    import_text("title,title,docno,issuer,written,published,body\n", DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"1:appears twice"}, 1);
    doc_import_free(&im);
    /* without --publish, a publication date is a mistake */
    import_text("title,docno,issuer,written,published,body\n草稿,,某局,2024-01-02,2024-01-03,\n", DOC_IMPORT_CSV,
                false, &im);
    expect_errors(&im, (const char *const[]){"2:use --publish"}, 1);
    doc_import_free(&im);
    /* validity that contradicts the dates */
    import_text("title,docno,issuer,written,published,body,validity,repealed_on,repealed_by,expires_on\n"
                "甲,,某局,2018-01-02,2018-01-03,,已废止,,,\n"
                "乙,,某局,2018-01-02,2018-01-03,,现行有效,2020-01-01,,\n"
                "丙,,某局,2018-01-02,2018-01-03,,已失效,,,2030-01-01\n"
                "丁,,某局,2018-01-02,2018-01-03,,,2020-01-01,驻民文〔2019〕8号,\n"
                "戊,,某局,2018-01-02,2018-01-03,,,,驻民文〔2019〕8号,\n",
                DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"2:gives no repeal date", "3:says in force but was repealed",
                                              "4:has not passed", "6:without a repeal date"}, 4);
    assert_int_equal(im.nrows, 1);
    assert_int_equal(im.rows[0].d.repealed_on, D("2020-01-01"));
    assert_string_equal(im.rows[0].d.repealed_by_docno, "驻民文〔2019〕8号");
    doc_import_free(&im);    /* repealed today (2024-06-30): no longer in force */
    import_text("title,docno,issuer,written,published,body,validity,repealed_on\n"
                "己,,某局,2018-01-02,2018-01-03,,现行有效,2024-06-30\n",
                DOC_IMPORT_CSV, true, &im);
    expect_errors(&im, (const char *const[]){"2:says in force but was repealed"}, 1);
    doc_import_free(&im);
}

static void test_import_json(void **state)
{
    (void)state;
    struct doc_import im;
    const char *good =
        "{\"documents\": [\n"
        "  {\"title\": \"甲\", \"docno\": \"豫政〔2019〕3号\", \"issuer\": \"某局\", \"written\": \"2019-01-02\",\n"
        "   \"published\": \"2019-01-03\", \"body\": \"正文\", \"item\": 1, \"channels\": [\"website\", \"gazette\"]},\n"
        "  {\"title\": \"乙\", \"docno\": null, \"issuer\": \"某局\", \"written\": \"2019-01-02\",\n"
        "   \"published\": \"2019-01-04\", \"body\": \"\", \"recipient_list\": false}\n"
        "]}\n";
    import_text(good, DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, NULL, 0);
    assert_int_equal(im.nrows, 2);
    assert_int_equal(im.rows[0].line, 2);
    assert_int_equal(im.rows[1].line, 4);
    assert_int_equal(im.rows[0].d.item, 1);
    assert_int_equal(im.rows[0].d.channels, (1u << DOC_CH_WEBSITE) | (1u << DOC_CH_GAZETTE));
    doc_import_free(&im);
    const char *bad =
        "[\n"
        "  {\"title\": \"甲\", \"issuer\": \"某局\", \"written\": \"2019-01-02\", \"published\": \"2019-01-03\"},\n"
        "  {\"title\": \"乙\", \"issuer\": \"某局\", \"written\": \"2019-01-02\", \"published\": \"2019-01-03\", \"colour\": \"red\"},\n"
        "  \"just text\",\n"
        "  {\"title\": \"丙\", \"issuer\": \"某局\", \"written\": \"2019-01-02\", \"published\": \"2019-01-03\", \"docno\": \"第3号\"},\n"
        "  {\"title\": [1], \"issuer\": \"某局\", \"written\": \"2019-01-02\", \"published\": \"2019-01-03\"}\n"
        "]\n";
    import_text(bad, DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"3:unknown field 'colour'", "4:not an object",
                                              "5:docno: '第3号'", "6:title: the value must be a string"}, 4);
    doc_import_free(&im);
    /* a key given twice is refused, not taken as its last value */
    import_text("[{\"title\": \"甲\", \"title\": \"乙\", \"issuer\": \"某局\", \"written\": \"2019-01-02\", "
                "\"published\": \"2019-01-03\"}]", DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"1:duplicate"}, 1);
    assert_int_equal(im.nrows, 0);
    doc_import_free(&im);
    /* nor twice under two names (a key and its Chinese alias) */
    import_text("[{\"title\": \"甲\", \"标题\": \"乙\", \"issuer\": \"某局\", \"written\": \"2019-01-02\", "
                "\"published\": \"2019-01-03\"}]", DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"1:a second time"}, 1);
    assert_int_equal(im.nrows, 0);
    doc_import_free(&im);
    import_text("[{\"title\": \"甲\",]", DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"1:not valid JSON"}, 1);
    doc_import_free(&im);
    import_text("{\"docs\": []}", DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"1:no array of documents"}, 1);
    doc_import_free(&im);
    import_text("[\n{\"title\": \"\xff\"}]", DOC_IMPORT_JSON, true, &im);
    expect_errors(&im, (const char *const[]){"2:not valid UTF-8"}, 1);
    doc_import_free(&im);
}

static void test_content_hash(void **state)
{
    (void)state;
    char h[65];
    doc_content_hash("abc", 3, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* doc_step_fields: what each step changes, and what it refuses (step.c) */
static void test_step_fields(void **state)
{
    (void)state;
    gk_day d0, pub, later;
    assert_int_equal(date_parse("2024-03-01", &d0, NULL), 0);
    assert_int_equal(date_parse("2024-03-10", &pub, NULL), 0);
    assert_int_equal(date_parse("2024-05-01", &later, NULL), 0);
    static const struct {
        const char *name;
        enum doc_state state;
        enum doc_action action;
        int64_t by_id;
        bool by_found;
        const char *by_docno;
        enum doc_public policy;
        int64_t interprets;
        int want;
        const char *where, *msg;   /* the refusal: its place and part of its message */
    } cases[] = {
        {"approve 一审 signs reviewer1", DOC_REVIEW1, DOC_A_APPROVE, 0, false, NULL, DOC_PUB_SHOWN, 0, 0, NULL, NULL},
        {"approve 签发 signs signer", DOC_SIGNOFF, DOC_A_APPROVE, 0, false, NULL, DOC_PUB_SHOWN, 0, 0, NULL, NULL},
        {"return clears the reviewers", DOC_REVIEW2, DOC_A_RETURN, 0, false, NULL, DOC_PUB_SHOWN, 0, 0, NULL, NULL},
        {"repeal by itself", DOC_PUBLISHED, DOC_A_REPEAL, 7, true, "x", DOC_PUB_SHOWN, 0, GK_EINVAL, "repeal",
         "does not repeal itself"},
        {"repeal by one not in the catalogue", DOC_PUBLISHED, DOC_A_REPEAL, 8, false, NULL, DOC_PUB_SHOWN, 0,
         GK_EINVAL, "repeal", "not in this agency's catalogue"},
        {"repeal by a found one keeps its 文号", DOC_PUBLISHED, DOC_A_REPEAL, 8, true, "青民发〔2024〕3号",
         DOC_PUB_SHOWN, 0, 0, NULL, NULL},
        {"repeal by a bad 文号", DOC_PUBLISHED, DOC_A_REPEAL, 0, false, "not a docno", DOC_PUB_SHOWN, 0, GK_EINVAL,
         NULL, NULL},
        {"publish an interpretation of an unpublished policy", DOC_SIGNED, DOC_A_PUBLISH, 0, false, NULL,
         DOC_PUB_NONE, 3, GK_ESTATE, "interprets", "publish it first"},
        {"publish an interpretation of a withdrawn policy", DOC_SIGNED, DOC_A_PUBLISH, 0, false, NULL,
         DOC_PUB_WITHDRAWN, 3, GK_ESTATE, "interprets", "was withdrawn"},
        {"publish with its policy shown", DOC_SIGNED, DOC_A_PUBLISH, 0, false, NULL, DOC_PUB_SHOWN, 3, 0, NULL, NULL},
        {"withdraw without a reason", DOC_PUBLISHED, DOC_A_WITHDRAW, 0, false, NULL, DOC_PUB_SHOWN, 0, GK_EINVAL,
         NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct doc d;
        doc_init(&d);
        d.id = 7;
        d.state = cases[i].state;
        d.written = d0;
        d.interprets = cases[i].interprets;
        if (d.state == DOC_PUBLISHED)
            d.published = pub;
        snprintf(d.reviewer1, sizeof d.reviewer1, "%s", cases[i].state == DOC_REVIEW1 ? "" : "甲");
        struct doc_step_facts f = {.actor = "乙", .today = later, .date = DOC_NODAY, .by_id = cases[i].by_id,
                                   .by_found = cases[i].by_found, .by_docno = cases[i].by_docno,
                                   .policy = cases[i].policy};
        err e = {0};
        int rc = doc_step_fields(&d, cases[i].action, &f, &e);
        if (rc != cases[i].want)
            fail_msg("%s: rc %d, wanted %d (%s: %s)", cases[i].name, rc, cases[i].want, e.where, e.msg);
        if (rc) {
            assert_true(e.msg[0] != 0);   /* every refusal says why */
            if (cases[i].where)
                assert_string_equal(e.where, cases[i].where);
            if (cases[i].msg && !strstr(e.msg, cases[i].msg))
                fail_msg("%s: '%s' lacks '%s'", cases[i].name, e.msg, cases[i].msg);
        } else if (cases[i].action == DOC_A_APPROVE) {
            assert_string_equal(cases[i].state == DOC_REVIEW1 ? d.reviewer1 : d.signer, "乙");
        } else if (cases[i].action == DOC_A_RETURN) {
            assert_string_equal(d.reviewer1, "");
        } else if (cases[i].action == DOC_A_REPEAL) {
            assert_int_equal(d.repealed_on, later);
            assert_string_equal(d.repealed_by_docno, cases[i].by_docno);
        } else if (cases[i].action == DOC_A_PUBLISH) {
            assert_int_equal(d.published, later);
            assert_string_equal(d.publisher, "乙");
            assert_int_equal(d.channels, 1u << DOC_CH_WEBSITE);
        }
        doc_clear(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docno_parse),
        cmocka_unit_test(test_docno_forms),
        cmocka_unit_test(test_index_numbers),
        cmocka_unit_test(test_vocabularies),
        cmocka_unit_test(test_workflow_every_transition),
        cmocka_unit_test(test_step_fields),
        cmocka_unit_test(test_workflow_guards),
        cmocka_unit_test(test_workflow_withdraw_correct),
        cmocka_unit_test(test_public_status),
        cmocka_unit_test(test_correction),
        cmocka_unit_test(test_screen_checks),
        cmocka_unit_test(test_screen_patterns),
        cmocka_unit_test(test_screen_hits_detail),
        cmocka_unit_test(test_mask_names_ids),
        cmocka_unit_test(test_mask_addresses),
        cmocka_unit_test(test_mask_lists),
        cmocka_unit_test(test_recipient_list_titles),
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_import_good),
        cmocka_unit_test(test_import_bad_rows),
        cmocka_unit_test(test_import_bad_files),
        cmocka_unit_test(test_import_json),
        cmocka_unit_test(test_content_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
