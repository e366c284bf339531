/* Unit tests for base: UTF-8, folding, dates, buffers, numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

static void test_utf8_decode_valid_and_invalid(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(utf8_decode("\xe5\x85\xac", 3, &cp), 3);   /* 公 */
    assert_int_equal(cp, 0x516C);
    assert_int_equal(utf8_decode("\xe5\x85", 2, &cp), 0);       /* truncated */
    assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 0);       /* overlong '/' */
    assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);   /* surrogate */
    assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
    assert_int_equal(utf8_decode("\xff", 1, &cp), 0);
    size_t off = 99;
    assert_true(utf8_valid("公开abc", strlen("公开abc"), &off));
    assert_false(utf8_valid("ab\xe5\x85", 4, &off));
    assert_int_equal(off, 2);
}

static void test_utf8_fold_fullwidth(void **state)
{
    (void)state;
    char *f = utf8_fold("１２３，（二）〔2018〕　Ａ", strlen("１２３，（二）〔2018〕　Ａ"));
    assert_string_equal(f, "123,(二)[2018] A");
    free(f);
    assert_int_equal(utf8_len("公开ab", strlen("公开ab")), 4);
    assert_true(utf8_is_han(0x516C));
    assert_false(utf8_is_han('a'));
}

static void test_dates(void **state)
{
    (void)state;
    const struct { int y, m, d, wd; } cases[] = {
        {1970, 1, 1, 4}, {2000, 2, 29, 2}, {2019, 5, 15, 3}, {2024, 2, 10, 6},
        {2026, 11, 23, 1}, {1999, 12, 31, 5}, {2100, 3, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        gk_day d = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(dd, cases[i].d);
        assert_int_equal(date_weekday(d), cases[i].wd);
    }
    gk_day d;
    err e = {0};
    assert_int_equal(date_parse("2020-01-24", &d, &e), 0);
    char s[11];
    date_format(d, s);
    assert_string_equal(s, "2020-01-24");
    assert_int_equal(date_parse("2019年1月30日", &d, &e), 0);
    date_format(d, s);
    assert_string_equal(s, "2019-01-30");
    assert_int_equal(date_parse("2019-02-29", &d, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "2019-02-29"));
    assert_int_equal(date_parse("2019-13-01", &d, &e), GK_EINVAL);
    assert_int_equal(date_parse("20190101", &d, &e), GK_EINVAL);
    assert_int_equal(date_parse("2019-01-01x", &d, &e), GK_EINVAL);
    assert_int_equal(date_parse("", &d, &e), GK_EINVAL);
}

static void test_buf_and_escaping(void **state)
{
    (void)state;
    buf b;
    buf_init(&b);
    buf_html(&b, "<a href=\"x\">'&'</a>");
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_reset(&b);
    buf_json_str(&b, "a\"b\\c\n\x01");
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    buf_reset(&b);
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i);
    assert_true(b.len > 3000);
    buf_free(&b);
}

static void test_parse_i64(void **state)
{
    (void)state;
    int64_t v;
    assert_true(parse_i64("0", 1, &v));
    assert_int_equal(v, 0);
    assert_true(parse_i64("9223372036854775807", 19, &v));
    assert_false(parse_i64("9223372036854775808", 19, &v));
    assert_true(parse_i64("-9223372036854775808", 20, &v));
    assert_false(parse_i64("123456789012345678901234567890", 30, &v));
    assert_false(parse_i64("12a", 3, &v));
    assert_false(parse_i64("", 0, &v));
    assert_false(parse_i64("-", 1, &v));
}

static void test_arena(void **state)
{
    (void)state;
    arena a = {0};
    char *s = arena_printf(&a, "%s-%d", "gongkai", 7);
    assert_string_equal(s, "gongkai-7");
    for (int i = 0; i < 10000; i++)
        assert_non_null(arena_alloc(&a, 100));
    void *big = arena_alloc(&a, 1 << 20);
    assert_non_null(big);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decode_valid_and_invalid),
        cmocka_unit_test(test_utf8_fold_fullwidth),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_buf_and_escaping),
        cmocka_unit_test(test_parse_i64),
        cmocka_unit_test(test_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
