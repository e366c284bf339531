/* Unit tests for the formats and encodings a report comes in (load.c, read_enc.c,
 * read_pdf.c, read_docx.c through rpt_load_text) and the duplicate and
 * missing-cell rules of report collect (collect.c). PDFs printed by Chromium
 * and .docx files are tested end to end in tests/e2e/report_formats.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report/report.h"
#include "report_fixtures.h"

/* 政府信息公开 in GB18030, 政府資訊公開 in Big5, 公开 in UTF-16 */
#define GB "\xD5\xFE\xB8\xAE\xD0\xC5\xCF\xA2\xB9\xAB\xBF\xAA"
#define BIG5 "\xAC\x46\xA9\xB2\xB8\xEA\xB0\x54\xA4\xBD\xB6\x7D"

static const struct enc_case {
    const char *name;
    const char *data;
    size_t n;              /* 0: strlen */
    const char *what;      /* the form rpt_load_text names, or NULL when refused */
    const char *text;      /* the start of the text, or a part of the error message */
} enc_cases[] = {
    {"utf-8 text", "2021年度政府信息公开 | 1 | 2\n", 0, "text", "2021年度政府信息公开 | 1 | 2"},
    {"gb18030", GB "\n", 0, "GB18030", "政府信息公开"},
    {"big5 (traditional)", BIG5 "\n", 0, "Big5", "政府資訊公開"},
    {"utf-16le bom", "\xFF\xFE\x6C\x51\x00\x5F", 6, "UTF-16LE", "公开"},
    {"utf-16be bom", "\xFE\xFF\x51\x6C\x5F\x00", 6, "UTF-16BE", "公开"},
    {"utf-16 odd byte", "\xFF\xFE\x6C\x51\x00", 5, NULL, "invalid UTF-16 (little-endian, from its BOM) at byte offset 4"},
    {"utf-16 lone surrogate", "\xFF\xFE\x00\xD8\x41\x00", 6, NULL, "invalid UTF-16"},
    {"invalid everywhere", "\x80\x80\xFF\xFE\xFF\x80 \xA1", 0, NULL,
     "invalid text encoding: not UTF-8 (byte offset 0), not GB18030 (byte offset 0), not Big5"},
    {"html table", "<table><tr><td>本年新收</td><td>3</td></tr></table>", 0, "html", "本年新收 | 3"},
    {"pdf cut off", "%PDF-1.7\n1 0 obj", 0, NULL, "truncated PDF: no %%EOF in its last 16 bytes (the file ends at byte 16)"},
    {"pdf damaged", "%PDF-1.7\ngarbage\n%%EOF\n", 0, NULL, "not a readable PDF"},
    {"zip, not a document", "PK\x03\x04word/document.xml", 0, NULL, "not a Word document"},
};

static void test_encodings(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof enc_cases / sizeof enc_cases[0]; i++) {
        const struct enc_case *c = &enc_cases[i];
        buf t;
        buf_init(&t);
        err e = {0};
        const char *what = NULL;
        size_t n = c->n ? c->n : strlen(c->data);
        int rc = rpt_load_text(c->data, n, "f.txt", &t, &what, &e);
        if (c->what) {
            if (rc != 0)
                fail_msg("%s: refused: %s", c->name, e.msg);
            assert_string_equal(what, c->what);
            if (strncmp(t.data, c->text, strlen(c->text)) != 0)
                fail_msg("%s: text '%s'", c->name, t.data);
        } else {
            assert_int_equal(rc, GK_EINVAL);
            assert_string_equal(e.where, "f.txt");
            if (!strstr(e.msg, c->text))
                fail_msg("%s: message '%s'", c->name, e.msg);
        }
        buf_free(&t);
    }
}

/* An encoded report reads like the UTF-8 one, with a READ note naming the encoding. */
static void test_encoded_report_note(void **state)
{
    (void)state;
    const char *gb = "\xB1\xBE\xC4\xEA" GB "\xB9\xA4\xD7\xF7\xC4\xEA\xB6\xC8\xB1\xA8\xB8\xE6\n"; /* 本年政府信息公开工作年度报告 */
    rpt *r = NULL;
    err e = {0};
    assert_int_equal(rpt_load(gb, strlen(gb), "gb.txt", &r, &e), 0);
    bool noted = false;
    for (size_t i = 0; i < r->nproblems; i++)
        noted |= strcmp(r->problems[i].rule, "READ") == 0 && strstr(r->problems[i].message, "按 GB18030 读取");
    assert_true(noted);
    rpt_free(r);
}

static rpt *named(rpt *r, const char *agency, int year)
{
    rpt_set_agency(r, agency);
    r->year = year;
    return r;
}

/* Duplicates: the same agency and year; without an agency, the same year and figures. */
static void test_duplicates(void **state)
{
    (void)state;
    rpt *v[6];
    v[0] = named(fx_2021(), "甲局", 2023);
    v[1] = named(fx_2021(), "乙局", 2023);
    v[2] = named(fx_2021(), "甲局", 2022);       /* another year */
    v[3] = named(fx_2021(), "甲局", 2023);       /* the same report again */
    v[4] = named(fx_2021(), NULL, 2023);
    v[5] = named(fx_2021(), NULL, 2023);         /* no agency, same figures as v[4] */
    static const int want[6] = {-1, -1, -1, 0, -1, 4};
    for (int i = 0; i < 6; i++)
        assert_int_equal(rpt_duplicate_of(v, (size_t)i), want[i]);
    assert_true(rpt_same_figures(v[0], v[3]));
    v[3]->app[APP_NEW][COL_NATURAL] += 1;
    assert_false(rpt_same_figures(v[0], v[3]));
    assert_int_equal(rpt_duplicate_of(v, 3), 0); /* still the same agency and year: a conflict */
    v[5]->rl[RL_REVIEW][RL_TOTAL] = RPT_NULL;
    assert_false(rpt_same_figures(v[4], v[5]));  /* null is not 0 */
    assert_int_equal(rpt_duplicate_of(v, 5), -1);
    for (int i = 0; i < 6; i++)
        rpt_free(v[i]);
}

static void test_missing_cells(void **state)
{
    (void)state;
    rpt *r = fx_2021();                           /* three nulls: 二 强制, 三 one cell, 四 one cell */
    assert_int_equal(rpt_missing_cells(r), 3);
    r->app[APP_W_ADMIN_QUERY][COL_OTHER] = RPT_NULL;
    r->rl[RL_REVIEW][RL_PENDING] = RPT_NULL;
    assert_int_equal(rpt_missing_cells(r), 5);
    r->pro[PRO_PROC_AMOUNT] = RPT_NULL;          /* a 2019 field: not in the 2021 table */
    assert_int_equal(rpt_missing_cells(r), 5);
    r->layout = RPT_LAYOUT_2008;                  /* the 2008 tables: rows vary by province */
    assert_int_equal(rpt_missing_cells(r), 0);
    rpt_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_encoded_report_note),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_missing_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
