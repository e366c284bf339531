/* Unit tests for base: UTF-8, folding, dates, buffers, numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/html.h"
#include "base/limits.h"

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

/* CSV fields (RFC 4180): always quoted, or quoted only when they need it. */
static void test_csv_fields(void **state)
{
    (void)state;
    static const struct { const char *in, *quoted, *field; } cases[] = {
        {"plain", "\"plain\"", "plain"},
        {"", "\"\"", ""},
        {NULL, "\"\"", ""},
        {"a,b", "\"a,b\"", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\"", "\"two\nlines\""},
        {"cr\r", "\"cr\r\"", "\"cr\r\""},
        {"中文，全角逗号", "\"中文，全角逗号\"", "中文，全角逗号"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b);
        buf_csv_quoted(&b, cases[i].in);
        assert_string_equal(b.data, cases[i].quoted);
        buf_reset(&b);
        buf_csv_field(&b, cases[i].in);
        assert_string_equal(b.data ? b.data : "", cases[i].field);
        buf_free(&b);
    }
}

/* Edit distances over code points, bounded by k. */
static void test_edit_distance(void **state)
{
    (void)state;
    static const struct { const char *a, *b; int k, want; } cases[] = {
        {"政府信息公开", "政府信息公开", 2, 0},
        {"政府信息公开", "政府信息公", 2, 1},
        {"政府信息公开", "政府消息公开", 2, 1},
        {"政府信息公开", "正府消息公", 2, 3},   /* three edits: more than k */
        {"kitten", "sitting", 3, 3},
        {"kitten", "sitting", 2, 3},
        {"", "abc", 5, 3},
        {"abc", "", 1, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t a[32], b[32];
        size_t na = 0, nb = 0;
        for (const char *p = cases[i].a; *p;)
            p += utf8_decode(p, strlen(p), &a[na++]);
        for (const char *p = cases[i].b; *p;)
            p += utf8_decode(p, strlen(p), &b[nb++]);
        assert_int_equal(utf8_edit_distance(a, na, b, nb, cases[i].k), cases[i].want);
    }
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

/* n copies of the character c, malloc'ed */
static char *rep(const char *c, int n)
{
    size_t l = strlen(c);
    char *s = malloc(l * (size_t)n + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + l * (size_t)i, c, l);
    s[l * (size_t)n] = 0;
    return s;
}

/* Every limit counts characters: at the limit -1, at it and +1, with 1- to
 * 4-byte characters, kept whole in a LIM_BYTES array or refused naming the
 * field and the limit (English for the CLI and logs, Chinese for people). */
/* GK_ERRORS: each code's label, exit status and HTTP status, exactly */
static void test_error_table(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *label;
        int exit_status, http_status;
    } want[] = {
        {GK_EINVAL, "bad input", 2, 422},          {GK_EIO, "could not read or write", 1, 500},
        {GK_ENOMEM, "out of memory", 1, 500},      {GK_ENOTFOUND, "not found", 1, 404},
        {GK_ESTATE, "not allowed in this state", 1, 409}, {GK_ERANGE, "outside the known data", 2, 503},
        {GK_EPERM, "not permitted", 1, 403},       {GK_ETYPE, "unsupported type", 2, 415},
        {GK_ETOOBIG, "too large", 2, 413},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(gk_err_label(want[i].code), want[i].label);
        assert_int_equal(gk_exit_status(want[i].code), want[i].exit_status);
        assert_int_equal(gk_http_status(want[i].code), want[i].http_status);
        err e = {0};
        e.code = want[i].code;   /* a record without a message still says something */
        assert_string_equal(err_text(&e), want[i].label);
        err_set(&e, want[i].code, "x", "why");
        assert_string_equal(err_text(&e), "why");
        assert_false(e.field);
        err_field(&e, want[i].code, "id_number", "why");
        assert_true(e.field);
        assert_string_equal(e.where, "id_number");
    }
    assert_int_equal(gk_exit_status(0), 0);
    assert_int_equal(gk_http_status(0), 200);
    assert_int_equal(gk_http_status(-99), 500);   /* unclassified: a failure of ours */
    assert_int_equal(gk_exit_status(-99), 1);
}

static void test_limits_count_characters(void **state)
{
    (void)state;
    static const char *const chars[] = {"a", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\xa0\x80\x80"};   /* a é 中 𠀀 */
    for (int f = 0; f < LIM_NFIELDS; f++) {
        const struct lim_def *d = &lim_fields[f];
        assert_non_null(d->key);
        assert_non_null(d->opt);
        assert_non_null(d->label);
        assert_non_null(d->used);
        assert_true(d->max > 0);
        char *dst = malloc(LIM_BYTES(d->max));
        for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
            for (int k = d->max - 1; k <= d->max + 1; k++) {
                char *v = rep(chars[c], k);
                err e = {0};
                memset(dst, 'x', LIM_BYTES(d->max));
                int rc = lim_copy((enum lim_field)f, dst, LIM_BYTES(d->max), v, &e);
                if (k <= d->max) {
                    if (rc)
                        fail_msg("%s, %d x %s: %s", d->key, k, chars[c], e.msg);
                    assert_string_equal(dst, v);   /* whole, byte for byte */
                } else {
                    assert_int_equal(rc, GK_EINVAL);
                    char field[64];   /* the option in the domain's terms: --id-number -> id_number */
                    snprintf(field, sizeof field, "%s", d->opt + 2);
                    for (char *p = field; *p; p++)
                        *p = *p == '-' ? '_' : *p;
                    assert_string_equal(e.where, field);
                    assert_true(e.field);
                    char want[96];
                    snprintf(want, sizeof want, "at most %d characters (this one has %d)", d->max, k);
                    assert_string_equal(e.msg, want);
                    assert_int_equal(dst[0], 'x');   /* nothing copied */
                    buf m;
                    buf_init(&m);
                    lim_msg_cn((enum lim_field)f, v, &m);
                    snprintf(want, sizeof want, "%s\xe4\xb8\x8d\xe8\x83\xbd\xe8\xb6\x85\xe8\xbf\x87%d", d->label, d->max);
                    assert_non_null(m.data);
                    assert_memory_equal(m.data, want, strlen(want));   /* 姓名或名称不能超过100个字（现为101个字） */
                    buf_free(&m);
                }
                free(v);
            }
        free(dst);
    }
    /* the Chinese message, whole, for the field of the issue */
    char *v = rep("\xe5\xbc\xa0", 95);   /* 张 */
    buf m;
    buf_init(&m);
    lim_msg_cn(LIM_F_APP_NAME, v, &m);
    assert_null(m.data);                         /* 95 is within 100 */
    free(v);
    v = rep("\xe5\xbc\xa0", 101);
    lim_msg_cn(LIM_F_APP_NAME, v, &m);
    assert_string_equal(m.data, "姓名或名称不能超过100个字（现为101个字）");
    buf_free(&m);
    free(v);
    /* an array smaller than LIM_BYTES: refused in bytes, never cut */
    char small[8] = "keep";
    err e = {0};
    assert_int_equal(lim_copy(LIM_F_APP_NAME, small, sizeof small, "中中中", &e), GK_EINVAL);
    assert_string_equal(e.msg, "at most 7 bytes (this one has 9)");
    assert_string_equal(small, "keep");
    /* invalid UTF-8 names the field; NULL is empty */
    assert_int_equal(lim_check(LIM_F_APP_REQUEST, "ab\xe5\x85", &e), GK_EINVAL);
    assert_string_equal(e.where, "request");
    assert_string_equal(e.msg, "not valid UTF-8 (byte 2)");
    assert_int_equal(lim_copy(LIM_F_APP_NAME, small, sizeof small, NULL, &e), 0);
    assert_string_equal(small, "");
}

/* docs/operations.md ("Limits on input") shows the same table as the code. */
static void test_limits_documented(void **state)
{
    (void)state;
    const char *src = getenv("GONGKAI_SRC");
    if (!src || !*src)
        fail_msg("GONGKAI_SRC is not set (meson test sets it)");
    char path[4096];
    snprintf(path, sizeof path, "%s/docs/operations.md", src);
    buf doc;
    buf_init(&doc);
    err e = {0};
    if (file_read_all(path, 0, &doc, &e))
        fail_msg("%s: %s", e.where, e.msg);
    for (int f = 0; f < LIM_NFIELDS; f++) {
        const struct lim_def *d = &lim_fields[f];
        char row[512];
        snprintf(row, sizeof row, "\n| %s | `%s` / `%s` | %d | %s |\n", d->label, d->key, d->opt, d->max, d->used);
        if (!strstr(doc.data, row))
            fail_msg("docs/operations.md lacks the row%s", row);
    }
    buf_free(&doc);
}

/* The HTML builder: every text argument escaped, markup only as h_markup,
 * attributes omitted or boolean as html.h says. A table of builds. */
static void b_attrs(buf *b) { h_open(b, "a", "href", "/x?a=1&b=\"2\"", "class", H_OMIT, "hidden", "", H_END); }
static void b_text(buf *b) { h_el(b, "td", "<script>alert('x')</script>"); }
static void b_textf(buf *b) { h_elf(b, "p", "%s 共%d条", "A&B", 3); }
static void b_attr_el(buf *b) { h_el_attr(b, "span", "逾期2个工作日", "class", "tag bad", H_END); }
static void b_link(buf *b) { h_link(b, "/docs?q=<b>", "\"引号\""); }
static void b_markup(buf *b) { h_markup_add(b, H_MARKUP("<svg></svg>")); h_text(b, NULL); }
static void b_void(buf *b) { h_void(b, "input", "type", "hidden", "name", "csrf", "value", "a\"b", H_END); }
static void b_bad_name(buf *b) { h_open(b, "td onclick=x", H_END); h_close(b, "td"); }
static void b_table(buf *b) { h_thead(b, "编号", "<状态>", H_END); h_row(b, "1", "a&b", H_END); }
static void b_table_box(buf *b)
{
    h_table_start(b, "<1>");
    h_open(b, "tbody", H_END);
    h_empty_row(b, 5, "无。");
    h_table_close(b);
}
static void b_option(buf *b) { h_option(b, "a\"b", "<甲>", true); h_option(b, "", "不限", false); }
static void b_hidden(buf *b) { h_hidden(b, "size", "large"); }
static void b_submit(buf *b) { h_submit(b, "检索", NULL); h_submit(b, "筛选", "secondary"); }
static void b_list(buf *b)
{
    const char *av[] = {"id", "f-q", "required", "", "aria-invalid", H_OMIT, "value", "<v>", H_END};
    h_open_list(b, "input", av);
}
static void b_table_wrap(buf *b)
{
    h_table_open(b, "登录失败", "账户", "<地址>", H_END);
    h_empty_row(b, 2, "没有。");
    h_table_close(b);
}
static void b_empty(buf *b) { h_empty(b, "rect", "x", "1.5", "fill", "#fff", "stroke", H_OMIT, H_END); }
static void b_box(buf *b) { h_box(b, "errors", "alert", "<不对>"); h_dt_dd(b, "收到日期", "2026年1月5日"); }
static void b_filter_end(buf *b) { h_filter_form_end(b, "筛选"); }
static void b_section(buf *b) { h_section_open(b, "att", "附件<1>"); h_close(b, "section"); }

static void test_html_builder(void **state)
{
    (void)state;
    static const struct { void (*build)(buf *); const char *want; } cases[] = {
        {b_attrs, "<a href=\"/x?a=1&amp;b=&quot;2&quot;\" hidden>"},
        {b_text, "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"},
        {b_textf, "<p>A&amp;B 共3条</p>"},
        {b_attr_el, "<span class=\"tag bad\">逾期2个工作日</span>"},
        {b_link, "<a href=\"/docs?q=&lt;b&gt;\">&quot;引号&quot;</a>"},
        {b_markup, "<svg></svg>"},
        {b_void, "<input type=\"hidden\" name=\"csrf\" value=\"a&quot;b\">"},
        {b_bad_name, "<x-invalid></td>"},
        {b_table, "<thead><tr><th scope=\"col\">编号</th><th scope=\"col\">&lt;状态&gt;</th></tr></thead>"
                  "<tr><td>1</td><td>a&amp;b</td></tr>"},
        {b_table_box, "<div class=\"table-wrap\"><table><caption>&lt;1&gt;</caption><tbody><tr><td colspan=\"5\">无。</td>"
                      "</tr></tbody></table></div>"},
        {b_option, "<option value=\"a&quot;b\" selected>&lt;甲&gt;</option><option value>不限</option>"},
        {b_hidden, "<input type=\"hidden\" name=\"size\" value=\"large\">"},
        {b_submit, "<button type=\"submit\">检索</button><button type=\"submit\" class=\"secondary\">筛选</button>"},
        {b_list, "<input id=\"f-q\" required value=\"&lt;v&gt;\">"},
        {b_table_wrap, "<div class=\"table-wrap\"><table><caption>登录失败</caption><thead><tr><th scope=\"col\">账户</th>"
                       "<th scope=\"col\">&lt;地址&gt;</th></tr></thead><tbody><tr><td colspan=\"2\">没有。</td></tr>"
                       "</tbody></table></div>"},
        {b_empty, "<rect x=\"1.5\" fill=\"#fff\"/>"},
        {b_box, "<div class=\"errors\" role=\"alert\"><p>&lt;不对&gt;</p></div><dt>收到日期</dt><dd>2026年1月5日</dd>"},
        {b_filter_end, "</select></div><div><button type=\"submit\">筛选</button></div></form>"},
        {b_section, "<section aria-labelledby=\"att\"><h2 id=\"att\">附件&lt;1&gt;</h2></section>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        buf b;
        buf_init(&b);
        cases[i].build(&b);
        assert_non_null(b.data);
        assert_string_equal(b.data, cases[i].want);
        buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_table),
        cmocka_unit_test(test_utf8_decode_valid_and_invalid),
        cmocka_unit_test(test_utf8_fold_fullwidth),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_buf_and_escaping),
        cmocka_unit_test(test_csv_fields),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_parse_i64),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_limits_count_characters),
        cmocka_unit_test(test_limits_documented),
        cmocka_unit_test(test_html_builder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
