/* Unit tests for summing reports (sum.c) and the key-figures CSV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"
#include "report_fixtures.h"

static rpt *named(rpt *r, const char *agency, const char *source)
{
    rpt_set_agency(r, agency);
    rpt_set_source(r, source);
    return r;
}

static void test_sum_values(void **state)
{
    (void)state;
    rpt *a = named(fx_2021(), "甲局", "a.json"), *b = named(fx_2021(), "乙局", "b.json");
    b->app[APP_NEW][COL_NATURAL] = 5;
    b->app[APP_W_ADMIN_QUERY][COL_LEGAL_SERVICES] = 4;   /* null in a */
    b->rl[RL_LIT_DIRECT][RL_PENDING] = RPT_NULL;          /* null in both */
    b->pro[PRO_FEES_AMOUNT] = 0.25;
    rpt *v[] = {a, b};
    rpt *s = NULL;
    err e = {0};
    assert_int_equal(rpt_sum(v, 2, &s, &e), 0);
    assert_int_equal(s->year, 2023);
    assert_int_equal(s->layout, RPT_LAYOUT_2021);
    assert_string_equal(s->agency, "2个机关合计");
    assert_true(s->app[APP_NEW][COL_NATURAL] == 0 + 5);
    assert_true(s->app[APP_CARRIED_OUT][COL_TOTAL] == 2 * (100 * APP_CARRIED_OUT + COL_TOTAL));
    assert_true(s->app[APP_W_ADMIN_QUERY][COL_LEGAL_SERVICES] == 4);       /* null + 4 */
    assert_true(rpt_is_null(s->rl[RL_LIT_DIRECT][RL_PENDING]));            /* null + null */
    assert_true(s->rl[RL_REVIEW][RL_TOTAL] == 2 * 5);
    assert_true(fabs(s->pro[PRO_FEES_AMOUNT] - 12.75) < 1e-9);
    assert_true(rpt_is_null(s->pro[PRO_COMP_DECISIONS]));
    assert_true(s->pro[PRO_LIC_ITEMS_CHANGE] == -6);
    assert_int_equal(s->nproblems, 0);
    rpt_free(s);
    rpt_free(a);
    rpt_free(b);
}

static void test_sum_legacy(void **state)
{
    (void)state;
    rpt *a = named(fx_narrative(), "甲局", "a.txt"), *b = named(fx_narrative(), "乙局", "b.txt");
    int rec = rpt_legacy_index("applications.received"), fax = rpt_legacy_index("applications.fax");
    b->legacy[fax] = 2;
    b->legacy_from_text[fax] = true;
    rpt *v[] = {a, b};
    rpt *s = NULL;
    err e = {0};
    assert_int_equal(rpt_sum(v, 2, &s, &e), 0);
    assert_true(s->legacy[rec] == 282);
    assert_true(s->legacy[fax] == 2);
    assert_true(s->legacy_from_text[fax]);
    assert_int_equal(s->layout, RPT_LAYOUT_NARRATIVE);
    rpt_free(s);
    rpt_free(a);
    rpt_free(b);

    a = named(fx_2008(), "甲局", "a.txt"), b = named(fx_2008(), "乙局", "b.txt");
    rpt *w[] = {a, b};
    assert_int_equal(rpt_sum(w, 2, &s, &e), 0);
    int pt = rpt_legacy_index("proactive.total");
    assert_true(s->legacy[pt] == 328);
    assert_true(s->legacy_cum[pt] == 3840);
    assert_true(rpt_is_null(s->legacy_cum[rpt_legacy_index("proactive.weibo")]));
    rpt_free(s);
    rpt_free(a);
    rpt_free(b);
}

/* The odd file is the one that differs from the others, wherever it stands. */
static void test_sum_refuses(void **state)
{
    (void)state;
    rpt *a = named(fx_2021(), "甲局", "a.json"), *b = named(fx_2021(), "乙局", "b.json"),
        *c = named(fx_2021(), "丙局", "c.json");
    a->year = 2022;
    rpt *v[] = {a, b, c};
    rpt *s = NULL;
    err e = {0};
    assert_int_equal(rpt_sum(v, 3, &s, &e), GK_EINVAL);
    assert_null(s);
    assert_string_equal(e.where, "a.json");
    assert_non_null(strstr(e.msg, "2022"));
    assert_non_null(strstr(e.msg, "2023"));

    a->year = 2023;
    c->layout = RPT_LAYOUT_2019;
    assert_int_equal(rpt_sum(v, 3, &s, &e), GK_EINVAL);
    assert_string_equal(e.where, "c.json");
    assert_non_null(strstr(e.msg, "layout 2019"));

    c->layout = RPT_LAYOUT_2021;
    rpt_set_agency(c, "甲局");
    assert_int_equal(rpt_sum(v, 3, &s, &e), GK_EINVAL);
    assert_string_equal(e.where, "c.json");
    assert_non_null(strstr(e.msg, "a.json"));

    rpt_set_agency(c, "丙局");
    b->year = 0;
    assert_int_equal(rpt_sum(v, 3, &s, &e), GK_EINVAL);
    assert_string_equal(e.where, "b.json");

    assert_int_equal(rpt_sum(v, 0, &s, &e), GK_EINVAL);
    rpt_free(a);
    rpt_free(b);
    rpt_free(c);
}

/* A sum of consistent reports is consistent; a broken one stays broken. */
static void test_sum_checked(void **state)
{
    (void)state;
    rpt *a = named(fx_seed001(), "甲局", "a.json"), *b = named(fx_seed001(), "乙局", "b.json");
    rpt *v[] = {a, b};
    rpt *s = NULL;
    err e = {0};
    assert_int_equal(rpt_sum(v, 2, &s, &e), 0);
    rpt_check(s);
    assert_int_equal(s->nproblems, 0);
    rpt_free(s);
    b->app[APP_NEW][COL_RESEARCH] = b->app[APP_NEW][COL_TOTAL] = 1;
    assert_int_equal(rpt_sum(v, 2, &s, &e), 0);
    rpt_check(s);
    assert_int_equal(rpt_count_errors(s), 2);   /* R1 in 科研机构 and 总计 */
    rpt_free(s);
    rpt_free(a);
    rpt_free(b);
}

static void test_csv(void **state)
{
    (void)state;
    rpt *a = named(fx_seed001(), "定海区民政局, \"老城\"", "a.json");
    rpt *b = named(fx_seed001(), "=HYPERLINK(\"x\")", "b.json");
    b->app[APP_NEW][COL_RESEARCH] = b->app[APP_NEW][COL_TOTAL] = 1;
    b->rl[RL_LIT_AFTER_REVIEW][RL_TOTAL] = RPT_NULL;
    b->rl[RL_LIT_DIRECT][RL_TOTAL] = 2;
    b->rl[RL_LIT_DIRECT][RL_PENDING] = 2;
    rpt_check(a);
    rpt_check(b);
    rpt *v[] = {a, b};
    rpt *s = NULL;
    err e = {0};
    assert_int_equal(rpt_sum(v, 2, &s, &e), 0);
    rpt_check(s);
    buf out;
    buf_init(&out);
    rpt_csv(v, 2, s, false, &out);
    const char *want_head = "机关,年度,格式,本年新收申请,上年结转,办理结果总计,结转下年度,予以公开,部分公开,"
                            "行政复议,行政诉讼,主动公开信息数,规章现行有效,规范性文件本年制发,规范性文件现行有效,"
                            "行政许可决定,行政处罚决定,行政强制决定,收费金额（万元）,错误,警告,文件\r\n";
    assert_memory_equal(out.data, want_head, strlen(want_head));
    const char *row1 = "\"定海区民政局, \"\"老城\"\"\",2023,2021,0,0,0,0,0,0,0,0,,0,0,0,92,0,0,0,0,0,a.json\r\n";
    assert_non_null(strstr(out.data, row1));
    /* b: one new application left unhandled (2 R1 errors), litigation 2 + null = 2,
     * 复议后起诉 given without its total (1 warning) */
    const char *row2 = "\"'=HYPERLINK(\"\"x\"\")\",2023,2021,1,0,0,0,0,0,0,2,,0,0,0,92,0,0,0,2,1,b.json\r\n";
    assert_non_null(strstr(out.data, row2));
    const char *total = "2个机关合计,2023,2021,1,0,0,0,0,0,0,2,,0,0,0,184,0,0,0,2,0,\r\n";
    assert_non_null(strstr(out.data, total));
    assert_int_equal(out.data[0], (char)0xE6);   /* 机: no BOM */
    buf_reset(&out);
    rpt_csv(v, 2, s, true, &out);
    assert_memory_equal(out.data, "\xEF\xBB\xBF机关,", strlen("\xEF\xBB\xBF机关,"));
    /* one report: no total row */
    buf_reset(&out);
    rpt_csv(v, 1, NULL, false, &out);
    assert_null(strstr(out.data, "合计"));
    int lines = 0;
    for (const char *p = out.data; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 2);
    buf_free(&out);
    rpt_free(s);
    rpt_free(a);
    rpt_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sum_values),
        cmocka_unit_test(test_sum_legacy),
        cmocka_unit_test(test_sum_refuses),
        cmocka_unit_test(test_sum_checked),
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
