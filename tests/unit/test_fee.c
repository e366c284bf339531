/*
 * Unit tests for information-processing fees (国办函〔2020〕109号, 第四条 by
 * count and 第五条 by volume). Expected amounts are worked out from the
 * measures' bands at every band edge.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "disclosure/disclosure.h"

static const struct { int nth; int64_t yuan; } by_count[] = {
    {1, 0}, {10, 0},                 /* 10件以下（含10件）不收费 */
    {11, 100}, {30, 100},            /* 11—30件 100元/件 */
    {31, 200}, {40, 200},            /* 31件以上每10件一档, +100元/件 */
    {41, 300}, {50, 300},
    {51, 400}, {60, 400},
    {61, 500}, {100, 800}, {101, 900},
};

static void test_fee_by_count_band_edges(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof by_count / sizeof by_count[0]; i++) {
        fee_result r;
        err e = {0};
        assert_int_equal(fee_by_count(by_count[i].nth, &r, &e), 0);
        assert_int_equal(r.method, FEE_BY_COUNT);
        if (r.amount_yuan != by_count[i].yuan)
            fail_msg("application %d of the month: %lld yuan, want %lld", by_count[i].nth,
                     (long long)r.amount_yuan, (long long)by_count[i].yuan);
        assert_non_null(strstr(r.working, "按件计收"));
    }
}

/* Charged application by application, a month's total is the progressive
 * ("超额累进") total of 第三条: 35 applications = 20 × 100 + 5 × 200. */
static void test_fee_by_count_month_total_is_progressive(void **state)
{
    (void)state;
    const struct { int n; int64_t total; } months[] = {
        {10, 0}, {11, 100}, {30, 2000}, {35, 3000}, {40, 4000}, {50, 7000}, {51, 7400},
    };
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        int64_t total = 0;
        for (int k = 1; k <= months[i].n; k++) {
            fee_result r;
            err e = {0};
            assert_int_equal(fee_by_count(k, &r, &e), 0);
            total += r.amount_yuan;
        }
        assert_int_equal(total, months[i].total);
    }
}

static void test_fee_by_count_working(void **state)
{
    (void)state;
    fee_result r;
    err e = {0};
    assert_int_equal(fee_by_count(12, &r, &e), 0);
    assert_string_equal(r.working, "按件计收：本月第12件申请，属11—30件档，每件100元，计100元");
    assert_int_equal(fee_by_count(10, &r, &e), 0);
    assert_string_equal(r.working, "按件计收：本月第10件申请，属10件以内（含10件）免费档，不收费");
    assert_int_equal(fee_by_count(45, &r, &e), 0);
    assert_string_equal(r.working,
                        "按件计收：本月第45件申请，属41—50件档（31件以上每10件为一档，每档每件提高100元），"
                        "每件300元，计300元");
}

static const struct { int pages; int64_t yuan; } by_pages[] = {
    {0, 0}, {1, 0}, {30, 0},         /* 30页以下（含30页）不收费 */
    {31, 10}, {100, 700},            /* 31—100页的部分 10元/页 */
    {101, 720}, {200, 2700},         /* 101—200页的部分 20元/页 */
    {201, 2740}, {1000, 34700},      /* 200页以上的部分 40元/页 */
};

static void test_fee_by_pages_band_edges(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof by_pages / sizeof by_pages[0]; i++) {
        fee_result r;
        err e = {0};
        assert_int_equal(fee_by_pages(by_pages[i].pages, &r, &e), 0);
        assert_int_equal(r.method, FEE_BY_PAGES);
        if (r.amount_yuan != by_pages[i].yuan)
            fail_msg("%d pages: %lld yuan, want %lld", by_pages[i].pages,
                     (long long)r.amount_yuan, (long long)by_pages[i].yuan);
    }
    /* no overflow at the largest page count */
    fee_result r;
    err e = {0};
    assert_int_equal(fee_by_pages(INT_MAX, &r, &e), 0);
    assert_int_equal(r.amount_yuan, 2700 + ((int64_t)INT_MAX - 200) * 40);
}

static void test_fee_by_pages_working(void **state)
{
    (void)state;
    fee_result r;
    err e = {0};
    assert_int_equal(fee_by_pages(250, &r, &e), 0);
    assert_string_equal(r.working,
                        "按量计收：共250页，30页以内（含30页）不收费；第31—100页70页×10元=700元；"
                        "第101—200页100页×20元=2000元；第201—250页50页×40元=2000元；合计4700元");
    assert_int_equal(r.amount_yuan, 4700);
    assert_int_equal(fee_by_pages(0, &r, &e), 0);
    assert_string_equal(r.working, "按量计收：共0页，不收费");
    assert_int_equal(fee_by_pages(30, &r, &e), 0);
    assert_string_equal(r.working, "按量计收：共30页，30页以内（含30页）不收费");
}

static void test_fee_refuses_bad_input(void **state)
{
    (void)state;
    fee_result r;
    err e = {0};
    assert_int_equal(fee_by_pages(-1, &r, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "-1"));
    assert_int_equal(fee_by_count(0, &r, &e), GK_EINVAL);
    assert_int_equal(fee_by_count(-5, &r, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "-5"));
    assert_int_equal(fee_by_count(INT_MIN, &r, &e), GK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fee_by_count_band_edges),
        cmocka_unit_test(test_fee_by_count_month_total_is_progressive),
        cmocka_unit_test(test_fee_by_count_working),
        cmocka_unit_test(test_fee_by_pages_band_edges),
        cmocka_unit_test(test_fee_by_pages_working),
        cmocka_unit_test(test_fee_refuses_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
