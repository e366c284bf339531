/*
 * Unit tests of the SVG charts (src/web/chart.c): numbers to geometry, the
 * figures read back from the SVG's data-value attributes and from the
 * table, escaping of labels, zero, missing and huge values, and the
 * refusals naming what is wrong. Cases are tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/chart.h"

#define SPAN (CHART_W - 16)   /* a bar's full length: the width less the margins */

static void test_scale_and_ticks(void **state)
{
    (void)state;
    static const struct { double v, max, span, want; } scale[] = {
        {0, 10, 344, 0},       {5, 10, 344, 172},   {10, 10, 344, 344}, {11, 10, 344, 344},
        {-1, 10, 344, 0},      {NAN, 10, 344, 0},   {3, 0, 344, 0},     {1, 1e15, 344, 344e-15},
        {1e15, 1e15, 344, 344}, {2.5, 10, 100, 25},
    };
    for (size_t i = 0; i < sizeof scale / sizeof scale[0]; i++)
        if (fabs(chart_scale(scale[i].v, scale[i].max, scale[i].span) - scale[i].want) > 1e-9)
            fail_msg("scale case %zu: %g, want %g", i, chart_scale(scale[i].v, scale[i].max, scale[i].span),
                     scale[i].want);
    static const struct { double max, want; } nice[] = {
        {0, 1}, {-5, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {10, 10}, {11, 20}, {99, 100}, {101, 200},
        {480, 500}, {501, 1000}, {1e15, 1e15}, {0.3, 0.5},
    };
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
        if (fabs(chart_nice_max(nice[i].max) - nice[i].want) > 1e-9 * nice[i].want)
            fail_msg("nice max of %g: %g, want %g", nice[i].max, chart_nice_max(nice[i].max), nice[i].want);
    static const struct { double top; int dec, want; } ticks[] = {
        {1, 0, 1}, {2, 0, 2}, {5, 0, 5}, {10, 0, 5}, {20, 0, 4}, {50, 0, 5}, {100, 0, 5}, {1e15, 0, 5},
        {1, 1, 5}, {2, 1, 4}, {0.5, 1, 5},
    };
    for (size_t i = 0; i < sizeof ticks / sizeof ticks[0]; i++)
        if (chart_ticks(ticks[i].top, ticks[i].dec) != ticks[i].want)
            fail_msg("ticks of %g (decimals %d): %d, want %d", ticks[i].top, ticks[i].dec,
                     chart_ticks(ticks[i].top, ticks[i].dec), ticks[i].want);
    static const struct { double v; int dec; const char *want; } fmt[] = {
        {0, 0, "0"}, {12, 0, "12"}, {4.5, 1, "4.5"}, {4.25, 1, "4.2"}, {1e15, 0, "1000000000000000"},
        {NAN, 0, "—"}, {7, 1, "7"}, {0.5, 0, "0.5"},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char out[32];
        chart_fmt(fmt[i].v, fmt[i].dec, out);
        if (strcmp(out, fmt[i].want) != 0)
            fail_msg("fmt %g: '%s', want '%s'", fmt[i].v, out, fmt[i].want);
    }
}

/* The value of attribute name in the element starting at p (up to its '>'). */
static double attr(const char *p, const char *name)
{
    char key[40];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *end = strchr(p, '>');
    const char *a = strstr(p, key);
    if (!a || a > end)
        return NAN;
    return strtod(a + strlen(key), NULL);
}

/* Every element of class cls in svg, in order: its attribute `geo` and data-value. */
static size_t marks(const char *svg, const char *cls, const char *geo, double *g, double *v, size_t max)
{
    char key[40];
    snprintf(key, sizeof key, "class=\"%s\"", cls);
    size_t n = 0;
    for (const char *p = strstr(svg, key); p && n < max; p = strstr(p + 1, key)) {
        g[n] = attr(p, geo);
        v[n] = attr(p, "data-value");
        n++;
    }
    return n;
}

static void test_bars_geometry(void **state)
{
    (void)state;
    static const struct {
        double values[4];
        size_t n;
        double widths[4];      /* the bar lengths: value / max × span */
    } cases[] = {
        {{0, 5, 10}, 3, {0, SPAN / 2.0, SPAN}},
        {{0, 0, 0}, 3, {0, 0, 0}},                                  /* all zero: no bar, no NaN */
        {{1, 1e15}, 2, {SPAN / 1e15, SPAN}},                        /* huge next to small */
        {{3, 1, 2, 4}, 4, {SPAN * 0.75, SPAN * 0.25, SPAN * 0.5, SPAN}},
    };
    static const char *const cats[] = {"予以公开", "部分公开", "不予公开", "其他"};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct chart_series s = {"件数", cases[k].values};
        struct chart c = {.kind = CHART_BAR, .id = "t", .title = "办理结果", .unit = "件", .cats = cats,
                          .ncats = cases[k].n, .series = &s, .nseries = 1};
        buf b;
        buf_init(&b);
        err e = {0};
        assert_int_equal(chart_figure(&c, &b, &e), 0);
        assert_null(strstr(b.data, "nan"));
        assert_null(strstr(b.data, "inf"));
        double g[8], v[8];
        assert_int_equal(marks(b.data, "bar", "width", g, v, 8), cases[k].n);
        for (size_t i = 0; i < cases[k].n; i++) {
            if (fabs(g[i] - cases[k].widths[i]) > 0.006)
                fail_msg("case %zu bar %zu: width %g, want %g", k, i, g[i], cases[k].widths[i]);
            assert_true(v[i] == cases[k].values[i]);
        }
        /* the table gives the same numbers, in order */
        const char *t = strstr(b.data, "<table");
        assert_non_null(t);
        for (size_t i = 0; i < cases[k].n; i++) {
            char cell[64], num[32];
            chart_fmt(cases[k].values[i], 0, num);
            snprintf(cell, sizeof cell, "</th><td>%s</td>", num);
            t = strstr(t, cell);
            assert_non_null(t);
        }
        assert_non_null(strstr(b.data, "role=\"img\" aria-labelledby=\"t-t t-d\""));
        assert_non_null(strstr(b.data, "<title id=\"t-t\">办理结果</title>"));
        buf_free(&b);
    }
}

static void test_stacked_and_lines(void **state)
{
    (void)state;
    static const char *const cats[] = {"2023年", "2024年", "2025年"};
    const double a[] = {2, 6, NAN}, b2[] = {2, 2, 4};
    struct chart_series s[] = {{"予以公开", a}, {"不予公开", b2}};
    struct chart c = {.kind = CHART_STACKED, .id = "s", .title = "历年办理结果", .cat_header = "年度", .cats = cats,
                      .ncats = 3, .series = s, .nseries = 2};
    buf b;
    buf_init(&b);
    err e = {0};
    assert_int_equal(chart_svg(&c, &b, &e), 0);
    double x[8], v[8], w[8];
    /* max total is 8 (2024): 2024's first segment starts at the margin, 6/8 of
     * the span long, the second follows it; 2025's missing value draws nothing */
    size_t n = marks(b.data, "bar", "x", x, v, 8);
    assert_int_equal(n, 5);
    marks(b.data, "bar", "width", w, v, 8);
    const double want_x[] = {8, 8 + SPAN / 4.0, 8, 8 + SPAN * 0.75, 8};
    const double want_w[] = {SPAN / 4.0, SPAN / 4.0, SPAN * 0.75, SPAN / 4.0, SPAN / 2.0};
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i] - want_x[i]) > 0.006 || fabs(w[i] - want_w[i]) > 0.006)
            fail_msg("segment %zu: x %g width %g, want %g %g", i, x[i], w[i], want_x[i], want_w[i]);
    assert_non_null(strstr(b.data, ">4</text>"));     /* 2025's total: the given part */
    buf_reset(&b);
    assert_int_equal(chart_table(&c, &b, &e), 0);
    assert_non_null(strstr(b.data, "<th scope=\"row\">2025年</th><td>—</td><td>4</td>"));

    /* lines: the axis tops at the 1-2-5 value above the largest (6 → 10);
     * a point's height is its share of the plot; a NaN breaks the line */
    buf_reset(&b);
    c.kind = CHART_LINE;
    assert_int_equal(chart_svg(&c, &b, &e), 0);
    double cy[8];
    n = marks(b.data, "point", "cy", cy, v, 8);
    assert_int_equal(n, 5);
    double base = cy[0] + 170 * 2 / 10.0;            /* the plot's bottom, from 2 at 2023 */
    const double vals[] = {2, 6, 2, 2, 4};
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i] == vals[i]);
        if (fabs(base - cy[i] - 170 * vals[i] / 10.0) > 0.006)
            fail_msg("point %zu: cy %g", i, cy[i]);
    }
    size_t poly = 0;
    for (const char *p = strstr(b.data, "<polyline"); p; p = strstr(p + 1, "<polyline"))
        poly++;
    assert_int_equal(poly, 2);
    assert_non_null(strstr(b.data, "stroke-dasharray=\"6 3\""));   /* series 2 dashed, not colour only */
    buf_free(&b);
}

static void test_escaping(void **state)
{
    (void)state;
    static const char *const cats[] = {"<script>alert(1)", "A&B \"q\" 'x'"};
    const double v[] = {1, 2};
    struct chart_series s = {"<b>件</b>", v};
    struct chart c = {.kind = CHART_STACKED, .id = "x", .title = "</title><svg onload=x>", .cat_header = "<i>",
                      .unit = "<u>", .cats = cats, .ncats = 2, .series = &s, .nseries = 1};
    buf b;
    buf_init(&b);
    err e = {0};
    if (chart_figure(&c, &b, &e))
        fail_msg("%s", e.msg);
    static const char *const raw[] = {"<script", "<b>", "<i>", "<u>", "<svg onload", "\"q\"", "'x'", "A&B"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        if (strstr(b.data, raw[i]))
            fail_msg("'%s' reached the output unescaped", raw[i]);
    assert_non_null(strstr(b.data, "&lt;script&gt;alert(1)"));
    assert_non_null(strstr(b.data, "A&amp;B &quot;q&quot; &#39;x&#39;"));
    buf_free(&b);
}

static void test_refusals(void **state)
{
    (void)state;
    static const char *const cats1[] = {"甲"};
    static const char *const long_cat[] = {"一二三四五六七八九十一二三四五六七八九十一二三四五"};
    static const char *const bad_utf8[] = {"\xff\xfe"};
    static const char *const empty[] = {""};
    static const double neg[] = {-1}, inf[] = {INFINITY}, huge[] = {1e16}, ok[] = {1};
    static const struct {
        const char *id, *title;
        const char *const *cats;
        size_t ncats, nseries;
        const double *v;
        const char *msg;
    } cases[] = {
        {"", "t", cats1, 1, 1, ok, "the id"},
        {"Bad Id", "t", cats1, 1, 1, ok, "the id"},
        {"a", "", cats1, 1, 1, ok, "title 1 is empty"},
        {"a", "t", cats1, 0, 1, ok, "0 categories"},
        {"a", "t", cats1, CHART_CATS_MAX + 1, 1, ok, "61 categories"},
        {"a", "t", cats1, 1, 0, ok, "0 series"},
        {"a", "t", long_cat, 1, 1, ok, "category 1 has more than 24 characters"},
        {"a", "t", bad_utf8, 1, 1, ok, "category 1 is not UTF-8 (byte 0)"},
        {"a", "t", empty, 1, 1, ok, "category 1 is empty"},
        {"a", "t", cats1, 1, 1, neg, "series 1, category 1: -1 is not a count"},
        {"a", "t", cats1, 1, 1, inf, "inf is not a count"},
        {"a", "t", cats1, 1, 1, huge, "1e+16 is not a count"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct chart_series s = {"件数", cases[i].v};
        struct chart c = {.kind = CHART_BAR, .id = cases[i].id, .title = cases[i].title, .cats = cases[i].cats,
                          .ncats = cases[i].ncats, .series = &s, .nseries = cases[i].nseries};
        buf b;
        buf_init(&b);
        err e = {0};
        assert_int_equal(chart_figure(&c, &b, &e), GK_EINVAL);
        if (!strstr(e.msg, cases[i].msg))
            fail_msg("case %zu: '%s' does not say '%s'", i, e.msg, cases[i].msg);
        assert_true(b.len == 0);
        buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scale_and_ticks),
        cmocka_unit_test(test_bars_geometry),
        cmocka_unit_test(test_stacked_and_lines),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
