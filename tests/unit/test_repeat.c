/*
 * Unit tests of repeated requests (Art. 44; src/disclosure/repeat.c): the
 * normalisation, the similarity rule as a table of pairs, and the grouping
 * of ten applications for the same information worded differently among
 * unrelated ones, with the proposal's conditions (applicants, disclosable).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "disclosure/repeat.h"
#include "publish/publish.h"

static void test_normalise(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"申请公开：2025年低保对象名单！", "2025年低保对象名单"},
        {"请提供贵局的ＡＢＣ　１２３号文件。", "abc123号文件"},        /* full width folded, ASCII lowercased */
        {"  \n", ""},
        {"我想了解关于《青川市城乡低保》的相关信息", "青川市城乡低保"},
        {"Open Data 2025", "opendata2025"},
    };
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        repeat_normalise(cases[i].in, &b);
        if (strcmp(b.data, cases[i].out) != 0)
            fail_msg("normalise '%s': '%s', want '%s'", cases[i].in, b.data, cases[i].out);
    }
    buf_free(&b);
}

static void test_similarity_rule(void **state)
{
    (void)state;
    /* exact Jaccard values of the bigram sets, then the rule at 0.5 */
    static const struct { const char *a, *b; double want; } exact[] = {
        {"abcd", "abcd", 1.0},
        {"abcd", "abce", 0.5},                        /* {ab bc cd} vs {ab bc ce}: 2 / 4 */
        {"abcd", "wxyz", 0.0},
        {"", "abcd", 0.0},
        {"a", "a", 0.0},                              /* one character: no bigram */
        {"申请公开abcd", "请提供abcd。", 1.0},       /* fillers and punctuation do not count */
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++) {
        double s = repeat_similarity(exact[i].a, exact[i].b);
        if (fabs(s - exact[i].want) > 1e-9)
            fail_msg("similarity('%s', '%s') = %g, want %g", exact[i].a, exact[i].b, s, exact[i].want);
    }
    static const struct { const char *a, *b; bool same; } rule[] = {
        {"2025年青川市城乡最低生活保障对象名单", "请提供青川市2025年城乡最低生活保障对象名单。", true},
        {"2025年青川市城乡最低生活保障对象名单", "2025年青川市城乡低保对象名单", true},
        {"2025年青川市城乡最低生活保障对象名单", "2025年青川市政府工作报告", false},
        {"2025年青川市城乡最低生活保障对象名单", "青川市民政局2024年部门预算", false},
        {"2025年青川市城乡最低生活保障对象名单", "2024年青川市特困人员救助供养资金发放情况", false},
        {"某小区拆迁补偿安置方案", "请公开某小区的拆迁补偿安置方案及补偿标准", true},
        /* the rule's known limit: a synonym (拆迁 / 房屋征收) shares few bigrams */
        {"某小区拆迁补偿安置方案", "某小区房屋征收补偿安置方案", false},
        {"某小区拆迁补偿安置方案", "某路道路拓宽工程环评报告", false},
    };
    for (size_t i = 0; i < sizeof rule / sizeof rule[0]; i++) {
        double s = repeat_similarity(rule[i].a, rule[i].b);
        if ((s >= REPEAT_RULE_DEFAULT.min_similarity) != rule[i].same)
            fail_msg("'%s' / '%s': similarity %.3f, want %s", rule[i].a, rule[i].b, s, rule[i].same ? "same" : "different");
    }
}

/* Ten applicants ask for the same list, each in their own words; five
 * others ask for other things (two of them twice, by one applicant). */
static const char *const same[10] = {
    "申请公开2025年青川市城乡最低生活保障对象名单",
    "请提供青川市2025年城乡最低生活保障对象名单。",
    "我想了解2025年度青川市城乡最低生活保障对象的名单",
    "要求公开青川市城乡最低生活保障对象名单（2025年）",
    "2025年青川市城乡低保对象名单",
    "青川市2025年城乡最低生活保障对象名单公示",
    "请公开贵局2025年城乡最低生活保障对象名单（青川市）",
    "本人申请获取2025年青川市城乡最低生活保障对象名单一份",
    "关于2025年青川市城乡最低生活保障对象名单的政府信息",
    "申请：青川市城乡最低生活保障对象2025年名单",
};
static const char *const other[5] = {
    "2025年青川市政府工作报告",
    "青川市民政局2024年部门预算",
    "2024年青川市特困人员救助供养资金发放情况",
    "青川市民政局2024年部门预算及三公经费",
    "某小区拆迁补偿安置方案",
};

static void test_ten_grouped(void **state)
{
    (void)state;
    struct repeat_app apps[15];
    char who[15][8];
    for (int i = 0; i < 15; i++) {
        snprintf(who[i], sizeof who[i], "w%d", i < 10 ? i : 10);   /* the five others: one applicant */
        apps[i] = (struct repeat_app){.id = i + 1, .request = i < 10 ? same[i] : other[i - 10], .who = who[i],
                                      .disclosable = i == 3};
    }
    static const struct {
        struct repeat_rule rule;
        bool all_one_applicant;
        int applicants;
        bool proposed;
    } cases[] = {
        {{3, 0.5}, false, 10, true},
        {{10, 0.5}, false, 10, true},
        {{11, 0.5}, false, 10, false},   /* fewer applicants than the threshold */
        {{3, 0.5}, true, 1, false},      /* one applicant asking ten times is not Art. 44 */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        for (int i = 0; i < 10; i++)
            apps[i].who = cases[k].all_one_applicant ? "same" : who[i];
        struct repeat_group *g;
        size_t n;
        err e = {0};
        assert_int_equal(repeat_group_apps(apps, 15, &cases[k].rule, &g, &n, &e), 0);
        /* the ten, and the two budget requests (one applicant: not proposed) */
        assert_int_equal(n, 2);
        assert_int_equal(g[0].n, 10);
        for (size_t i = 0; i < 10; i++)
            assert_int_equal(g[0].members[i], i);
        assert_int_equal(g[0].applicants, cases[k].applicants);
        assert_true(g[0].disclosable);
        if (g[0].proposed != cases[k].proposed)
            fail_msg("case %zu: proposed %d", k, g[0].proposed);
        assert_int_equal(g[1].n, 2);
        assert_int_equal(g[1].members[0], 11);
        assert_int_equal(g[1].members[1], 13);
        assert_int_equal(g[1].applicants, 1);
        assert_false(g[1].proposed);
        repeat_groups_free(g, n);
    }
    /* nothing disclosable: listed, not proposed, although ten applicants ask */
    for (int i = 0; i < 10; i++)
        apps[i].who = who[i];
    apps[3].disclosable = false;
    struct repeat_group *g;
    size_t n;
    err e = {0};
    assert_int_equal(repeat_group_apps(apps, 15, &REPEAT_RULE_DEFAULT, &g, &n, &e), 0);
    assert_int_equal(g[0].applicants, 10);
    assert_false(g[0].disclosable);
    assert_false(g[0].proposed);
    repeat_groups_free(g, n);
    assert_int_equal(repeat_group_apps(apps, REPEAT_APPS_MAX + 1, &REPEAT_RULE_DEFAULT, &g, &n, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "at most 5000"));
}

static void test_rule_settings_and_draft(void **state)
{
    (void)state;
    static const struct { const char *key, *value; int rc; const char *msg; } cases[] = {
        {"art44.min_applicants", "5", 0, NULL},
        {"art44.min_applicants", "1", GK_EINVAL, "from 2 to 1000"},
        {"art44.min_applicants", "x", GK_EINVAL, "'x' is not a number"},
        {"art44.similarity", "0.7", 0, NULL},
        {"art44.similarity", "0", GK_EINVAL, "from 0.05 to 1"},
        {"art44.similarity", "1.5", GK_EINVAL, "from 0.05 to 1"},
        {"art44.other", "1", GK_EINVAL, "art44.min_applicants or art44.similarity"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct repeat_rule r = REPEAT_RULE_DEFAULT;
        err e = {0};
        assert_int_equal(repeat_rule_set(&r, cases[i].key, cases[i].value, &e), cases[i].rc);
        if (cases[i].msg && !strstr(e.msg, cases[i].msg))
            fail_msg("%s=%s: '%s'", cases[i].key, cases[i].value, e.msg);
    }
    struct doc d;
    err e = {0};
    assert_int_equal(repeat_draft(1, "2025年城乡低保对象名单", "正文", "青川市民政局", date_from_ymd(2026, 12, 1), &d, &e), 0);
    assert_string_equal(d.title, "2025年城乡低保对象名单");
    assert_string_equal(d.body, "正文");
    assert_int_equal(d.state, DOC_DRAFT);
    doc_clear(&d);
    assert_int_equal(repeat_draft(1, "", "正文", "青川市民政局", 0, &d, &e), GK_EINVAL);
    assert_string_equal(e.where, "title");
    doc_clear(&d);
    assert_int_equal(repeat_draft(1, "标题", "", "青川市民政局", 0, &d, &e), GK_EINVAL);
    assert_string_equal(e.where, "body");
    doc_clear(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_similarity_rule),
        cmocka_unit_test(test_ten_grouped),
        cmocka_unit_test(test_rule_settings_and_draft),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
