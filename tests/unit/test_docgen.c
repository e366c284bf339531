/* Unit tests for docgen (src/docgen): documents written as DOCX and PDF and
 * read back by gongkai's own readers (src/files: libzip + libxml2 for the
 * DOCX, poppler for the PDF): the 公文 parts present and in order, awkward
 * text (XML specials, control characters, very long lines, tables over
 * pages) rendered and read back, bad text refused with its place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docgen/docgen.h"
#include "files/files.h"

/* The text of a rendered document as gongkai's attachment reader sees it,
 * with all white space removed (PDF text comes back with spaces wherever
 * justification spread the glyphs, and lines broken where they wrapped). */
static char *read_back(const gkd_doc *d, enum gkd_format f)
{
    buf out, text;
    buf_init(&out);
    buf_init(&text);
    err e = {0};
    int rc = gkd_render(d, f, &out, &e);
    if (rc)
        fail_msg("render %s: %s", gkd_format_ext(f), err_text(&e));
    struct files_info info;
    char name[16];
    snprintf(name, sizeof name, "x.%s", gkd_format_ext(f));
    rc = files_text(name, out.data, out.len, &text, &info, &e);
    if (rc)
        fail_msg("read %s: %s", name, err_text(&e));
    assert_int_equal(info.state, FILES_READ);
    buf flat;
    buf_init(&flat);
    for (size_t i = 0; i < text.len; i++)
        if (!strchr(" \t\r\n", text.data[i]))
            buf_putc(&flat, text.data[i]);
    /* page numbers ("— 2 —") fall between the lines of a paragraph that runs
     * over a page: take them out */
    static const char dash[] = "\xe2\x80\x94";
    size_t w = 0;
    for (size_t i = 0; i < flat.len;) {
        size_t j = i + 3;
        while (j < flat.len && flat.data[j] >= '0' && flat.data[j] <= '9')
            j++;
        if (flat.len - i >= 6 && memcmp(flat.data + i, dash, 3) == 0 && j > i + 3 && j + 3 <= flat.len &&
            memcmp(flat.data + j, dash, 3) == 0) {
            i = j + 3;
            continue;
        }
        flat.data[w++] = flat.data[i++];
    }
    flat.len = w;
    if (flat.data)
        flat.data[w] = 0;
    buf_free(&out);
    buf_free(&text);
    if (!flat.data)
        buf_puts(&flat, "");
    return buf_detach(&flat);
}

/* Each of want[] found in hay, each after the one before. */
static void assert_in_order(const char *hay, const char *const *want, size_t n, const char *what)
{
    const char *at = hay;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(at, want[i]);
        if (!p)
            fail_msg("%s: '%s' not found after part %zu in: %.400s", what, want[i], i, at);
        at = p + strlen(want[i]);
    }
}

static const struct {
    enum gkd_style style;
    const char *text;
} letter[] = {
    {GKD_MASTHEAD, "驻马店市民政局"},
    {GKD_DOCNO, "编号：2026-0007"},
    {GKD_TITLE, "政府信息公开申请答复告知书"},
    {GKD_TO, "张三："},
    {GKD_BODY, "本机关于2026年3月2日收到您以网上提交方式提出的政府信息公开申请。"},
    {GKD_BODY, "现答复如下：经审查，您申请获取的信息属于公开范围，予以公开。"},
    {GKD_NOTE, "联系方式：0396-1234567"},
    {GKD_SIGN, "驻马店市民政局"},
    {GKD_DATE, "2026年3月20日"},
};

static void test_parts_in_order(void **state)
{
    (void)state;
    gkd_doc *d = gkd_new("政府信息公开申请答复告知书");
    err e = {0};
    const char *want[sizeof letter / sizeof letter[0]];
    for (size_t i = 0; i < sizeof letter / sizeof letter[0]; i++) {
        assert_int_equal(gkd_para(d, letter[i].style, letter[i].text, &e), 0);
        want[i] = letter[i].text;
    }
    for (int f = GKD_DOCX; f <= GKD_PDF; f++) {
        char *t = read_back(d, (enum gkd_format)f);
        assert_in_order(t, want, sizeof want / sizeof want[0], gkd_format_ext((enum gkd_format)f));
        free(t);
    }
    gkd_free(d);
}

/* Every awkward character: the XML specials, each C0 control, DEL, the
 * non-characters, a tab, CR LF, and a line of 6,000 characters; in a
 * paragraph and in table cells. DOCX keeps them all (specials literally,
 * controls as Control Pictures); the PDF shows the same pictures. */
static void test_awkward_text(void **state)
{
    (void)state;
    buf s, want;
    buf_init(&s);
    buf_init(&want);
    buf_puts(&s, "甲<&\"'>乙");
    buf_puts(&want, "甲<&\"'>乙");
    for (int c = 1; c < 0x20; c++) {
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        buf_putc(&s, (char)c);
        char u[4];
        buf_append(&want, u, (size_t)utf8_encode(0x2400u + (uint32_t)c, u));
    }
    buf_puts(&s, "\x7f\xef\xbf\xbe丙\t丁\r\n戊");
    buf_puts(&want, "\xe2\x90\xa1\xef\xbf\xbd丙丁戊");   /* ␡ U+FFFD; tab and break read as white space */
    gkd_doc *d = gkd_new("<&\"'>\x01");
    err e = {0};
    assert_int_equal(gkd_para(d, GKD_TITLE, s.data, &e), 0);
    buf longline;
    buf_init(&longline);
    for (int i = 0; i < 3000; i++)
        buf_puts(&longline, i % 100 == 99 ? "尾" : "长a");
    assert_int_equal(gkd_para(d, GKD_BODY, longline.data, &e), 0);
    const char *cells[] = {s.data, "<b>&amp;</b>", longline.data};
    assert_int_equal(gkd_row(d, 3, cells, true, &e), 0);
    assert_int_equal(gkd_row(d, 3, cells, false, &e), 0);
    assert_int_equal(gkd_para(d, GKD_DATE, "完", &e), 0);
    for (int f = GKD_DOCX; f <= GKD_PDF; f++) {
        char *t = read_back(d, (enum gkd_format)f);
        const char *parts[] = {want.data, longline.data, want.data, "<b>&amp;</b>", longline.data,
                               want.data, "<b>&amp;</b>", longline.data, "完"};
        assert_in_order(t, parts, sizeof parts / sizeof parts[0], gkd_format_ext((enum gkd_format)f));
        free(t);
    }
    gkd_free(d);
    buf_free(&s);
    buf_free(&want);
    buf_free(&longline);
}

/* A table of 200 rows runs over several PDF pages; its header row comes
 * back once per page, and every row once. */
static void test_table_over_pages(void **state)
{
    (void)state;
    gkd_doc *d = gkd_new(NULL);
    err e = {0};
    const char *head[] = {"序号", "申请编号", "收到日期", "办理结果"};
    assert_int_equal(gkd_para(d, GKD_TITLE, "政府信息公开申请登记表", &e), 0);
    assert_int_equal(gkd_row(d, 4, head, true, &e), 0);
    for (int i = 1; i <= 200; i++) {
        char no[32], app[32];
        snprintf(no, sizeof no, "第%d行", i);
        snprintf(app, sizeof app, "2026-%04d", i);
        const char *cells[] = {no, app, "2026-03-02", i % 2 ? "予以公开" : "部分公开"};
        assert_int_equal(gkd_row(d, 4, cells, false, &e), 0);
    }
    buf pdf;
    buf_init(&pdf);
    assert_int_equal(gkd_render(d, GKD_PDF, &pdf, &e), 0);
    struct files_info info;
    buf text;
    buf_init(&text);
    assert_int_equal(files_text("t.pdf", pdf.data, pdf.len, &text, &info, &e), 0);
    assert_true(info.pages > 3);
    int heads = 0;
    for (const char *p = text.data; (p = strstr(p, "办理结果")); p++)
        heads++;
    assert_int_equal(heads, info.pages);
    char *t = read_back(d, GKD_PDF);
    for (int i = 1; i <= 200; i++) {
        char no[48];
        snprintf(no, sizeof no, "第%d行2026-%04d", i, i);
        assert_non_null(strstr(t, no));
    }
    free(t);
    buf_free(&pdf);
    buf_free(&text);
    gkd_free(d);
}

/* Bad text is refused with its place, and the document stays as it was. */
static void test_refused(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *text;
        size_t n;
        const char *msg;
    } cases[] = {
        {"NUL", "甲\0乙", 7, "NUL byte at offset 3"},
        {"bad UTF-8", "甲\xe4\xb8", 5, "not UTF-8 at byte offset 3"},
        {"surrogate", "\xed\xa0\x80", 3, "not UTF-8 at byte offset 0"},
        {"overlong", "ab\xc0\xaf", 4, "not UTF-8 at byte offset 2"},
    };
    gkd_doc *d = gkd_new("t");
    err e = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        err_clear(&e);
        assert_int_equal(gkd_para_n(d, GKD_BODY, cases[i].text, cases[i].n, &e), GK_EINVAL);
        if (!strstr(e.msg, cases[i].msg))
            fail_msg("%s: message '%s' lacks '%s'", cases[i].name, e.msg, cases[i].msg);
    }
    char *big = xmalloc(GKD_MAX_TEXT + 2);
    memset(big, 'a', GKD_MAX_TEXT + 1);
    big[GKD_MAX_TEXT + 1] = 0;
    assert_int_equal(gkd_para(d, GKD_BODY, big, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "too long"));
    const char *cells[GKD_MAX_COLS + 1] = {0};
    assert_int_equal(gkd_row(d, GKD_MAX_COLS + 1, cells, false, &e), GK_EINVAL);
    assert_int_equal(gkd_row(d, 0, cells, false, &e), GK_EINVAL);
    const char *badcell[] = {"好", "\xff"};
    assert_int_equal(gkd_row(d, 2, badcell, false, &e), GK_EINVAL);
    assert_string_equal(e.where, "docgen cell 2");
    enum gkd_format f;
    assert_int_equal(gkd_format_parse("doc", &f, &e), GK_EINVAL);
    assert_string_equal(e.where, "format");
    assert_int_equal(gkd_format_parse("pdf", &f, &e), 0);
    assert_int_equal(f, GKD_PDF);
    /* nothing was added: the document is still empty, and renders one page */
    buf out;
    buf_init(&out);
    assert_int_equal(gkd_render(d, GKD_PDF, &out, &e), 0);
    struct files_info info;
    buf text;
    buf_init(&text);
    assert_int_equal(files_text("e.pdf", out.data, out.len, &text, &info, &e), 0);
    assert_int_equal(info.pages, 1);
    assert_int_equal(gkd_render(d, GKD_DOCX, &out, &e), 0);
    assert_int_equal(files_text("e.docx", out.data, out.len, &text, &info, &e), 0);
    /* the footer's page number "— 1 —" is all there is */
    for (const char *const *w = (const char *const[]){"甲", "a", "好", NULL}; *w; w++)
        assert_null(strstr(text.data ? text.data : "", *w));
    free(big);
    buf_free(&out);
    buf_free(&text);
    gkd_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_in_order),
        cmocka_unit_test(test_awkward_text),
        cmocka_unit_test(test_table_over_pages),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
