/*
 * Unit tests for platform/: the agency tree's rules, agency codes, the CSV of
 * agencies (every error names its line and column) and the guide's defaults
 * (a department's guide names nothing of another line of work).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

#define G(code, lv) {code, true, lv}
#define D(code) {code, false, PLAT_NONE}

static const struct {
    const char *name;
    struct plat_node child, parent;
    bool has_parent;
    int rc;
    const char *msg;           /* a part of the message, NULL when accepted */
} tree_cases[] = {
    {"province at the root", G("sheng", PLAT_PROVINCE), {0}, false, 0, NULL},
    {"city at the root", G("shi", PLAT_CITY), {0}, false, 0, NULL},
    {"city under province", G("shi", PLAT_CITY), G("sheng", PLAT_PROVINCE), true, 0, NULL},
    {"county under city", G("xian", PLAT_COUNTY), G("shi", PLAT_CITY), true, 0, NULL},
    {"township under county", G("zhen", PLAT_TOWNSHIP), G("xian", PLAT_COUNTY), true, 0, NULL},
    {"township at the root", G("zhen", PLAT_TOWNSHIP), {0}, false, GK_EINVAL, "needs the government above"},
    {"county under province", G("xian", PLAT_COUNTY), G("sheng", PLAT_PROVINCE), true, GK_EINVAL,
     "stands under a city government"},
    {"department under city", D("jyj"), G("shi", PLAT_CITY), true, 0, NULL},
    {"department at the root", D("jyj"), {0}, false, GK_EINVAL, "needs the government"},
    {"department under department", D("ke"), D("jyj"), true, GK_EINVAL, "not a government"},
    {"government under department", G("xian", PLAT_COUNTY), D("jyj"), true, GK_EINVAL, "is a department"},
    {"government without level", G("x", PLAT_NONE), {0}, false, GK_EINVAL, "needs its level"},
    {"department with a level", {"jyj", false, PLAT_CITY}, G("shi", PLAT_CITY), true, GK_EINVAL, "has no level"},
};

static void test_tree_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof tree_cases / sizeof tree_cases[0]; i++) {
        err e = {0};
        int rc = plat_tree_check(&tree_cases[i].child, tree_cases[i].has_parent ? &tree_cases[i].parent : NULL,
                                 "parent", &e);
        if (rc != tree_cases[i].rc)
            fail_msg("%s: rc %d, want %d (%s)", tree_cases[i].name, rc, tree_cases[i].rc, e.msg);
        if (tree_cases[i].msg && !strstr(e.msg, tree_cases[i].msg))
            fail_msg("%s: message '%s' lacks '%s'", tree_cases[i].name, e.msg, tree_cases[i].msg);
    }
}

static const struct { const char *code; int rc; } code_cases[] = {
    {"qcs", 0}, {"qcs-jyj", 0}, {"a1", 0}, {"a", GK_EINVAL}, {"1abc", GK_EINVAL}, {"QCS", GK_EINVAL},
    {"qc s", GK_EINVAL}, {"console", GK_EINVAL}, {"static", GK_EINVAL}, {"search", GK_EINVAL},
    {"abcdefghijabcdefghijabcdefghijab", 0}, {"abcdefghijabcdefghijabcdefghijabc", GK_EINVAL},
    {"教育局", GK_EINVAL},
};

static void test_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof code_cases / sizeof code_cases[0]; i++) {
        err e = {0};
        if (plat_code_check(code_cases[i].code, "code", &e) != code_cases[i].rc)
            fail_msg("code '%s': want %d (%s)", code_cases[i].code, code_cases[i].rc, e.msg);
    }
}

#define HDR "code,name,parent,kind,level\n"
static const struct {
    const char *name, *csv;
    size_t nrows;
    int line, col;             /* of the first error; 0, 0 when none */
    const char *msg;
} csv_cases[] = {
    {"a city and its county", HDR "qcs,青川市人民政府,,government,city\nqcx,青川县人民政府,qcs,government,county\n"
                              "qcs-jyj,青川市教育局,qcs,department,\n", 3, 0, 0, NULL},
    {"Chinese headers and a BOM", "\xEF\xBB\xBF机关代码,机关名称,类型,层级\nqcs,青川市人民政府,government,city\n", 1, 0, 0,
     NULL},
    {"parent comes later", HDR "qcx,青川县人民政府,qcs,government,county\nqcs,青川市人民政府,,government,city\n", 2, 2,
     3, "comes later"},
    {"bad kind", HDR "qcs,青川市人民政府,,agency,city\n", 1, 2, 4, "kind is"},
    {"bad code", HDR "QCS,青川市人民政府,,government,city\n", 1, 2, 1, "a code starts with"},
    {"duplicate code", HDR "qcs,青川市人民政府,,government,city\nqcs,青川市,,government,city\n", 2, 3, 1,
     "taken by line 2"},
    {"tree rule", HDR "qcs,青川市人民政府,,government,city\nqz,某镇人民政府,qcs,government,township\n", 2, 3, 3,
     "stands under a county"},
    {"unknown column", "code,name,kind,colour\nqcs,青川市人民政府,government,red\n", 0, 1, 4, "unknown column"},
    {"missing column", "code,name\nqcs,青川市人民政府\n", 0, 1, 0, "no column 'kind'"},
    {"short row", HDR "qcs,青川市人民政府,,government\n", 0, 2, 0, "4 fields where the header has 5"},
    {"stray quote", HDR "qcs,青川\"市,,government,city\n", 0, 2, 0, "a quote inside a field"},
    {"NUL byte", HDR "qcs,青川\0市,,government,city\n", 0, 2, 0, "NUL byte"},
    {"empty", "", 0, 1, 0, "the file is empty"},
};

static void test_csv(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof csv_cases / sizeof csv_cases[0]; i++) {
        const char *csv = csv_cases[i].csv;
        /* the NUL case: its length runs past the NUL */
        size_t n = strlen(csv);
        if (strstr(csv_cases[i].name, "NUL"))
            n += 1 + strlen(csv + n + 1);
        struct plat_import im;
        plat_import_parse(csv, n, &im);
        if (!csv_cases[i].msg) {
            if (im.nerrors)
                fail_msg("%s: line %d col %d: %s", csv_cases[i].name, im.errors[0].line, im.errors[0].col,
                         im.errors[0].msg);
            assert_int_equal(im.nrows, csv_cases[i].nrows);
        } else {
            if (!im.nerrors)
                fail_msg("%s: accepted", csv_cases[i].name);
            if (im.errors[0].line != csv_cases[i].line || im.errors[0].col != csv_cases[i].col ||
                !strstr(im.errors[0].msg, csv_cases[i].msg))
                fail_msg("%s: line %d col %d '%s', want line %d col %d '%s'", csv_cases[i].name, im.errors[0].line,
                         im.errors[0].col, im.errors[0].msg, csv_cases[i].line, csv_cases[i].col, csv_cases[i].msg);
        }
        plat_import_free(&im);
    }
}

/* A file that ends in a bare CR (found by fuzz_agency_csv): read exactly,
 * from a buffer without a NUL after it. */
static void test_csv_cr_at_end(void **state)
{
    (void)state;
    static const char text[] = HDR "qcs,青川市人民政府,,government,city\r";
    size_t n = sizeof text - 1;
    char *exact = malloc(n);
    memcpy(exact, text, n);
    struct plat_import im;
    plat_import_parse(exact, n, &im);
    assert_int_equal(im.nerrors, 0);
    assert_int_equal(im.nrows, 1);
    assert_string_equal(im.rows[0].v[PLAT_C_LEVEL], "city");
    plat_import_free(&im);
    free(exact);
}

static void test_csv_limits(void **state)
{
    (void)state;
    buf b;
    buf_init(&b);
    buf_puts(&b, HDR "qcs,青川市人民政府,,government,city\n");
    for (int i = 0; i < PLAT_CSV_MAX_ROWS; i++)
        buf_printf(&b, "d%d,部门%d,qcs,department,\n", i, i);
    struct plat_import im;
    plat_import_parse(b.data, b.len, &im);
    assert_true(im.nerrors >= 1);
    assert_int_equal(im.errors[0].line, PLAT_CSV_MAX_ROWS + 2);
    assert_non_null(strstr(im.errors[0].msg, "more than 5000 agencies"));
    plat_import_free(&im);
    buf_free(&b);
}

/* 低保 and 婚姻登记 belong to civil affairs: no default guide names them. */
static void test_guide_defaults(void **state)
{
    (void)state;
    const struct plat_guide_facts kinds[] = {
        {false, PLAT_NONE, "青川市人民政府"}, {true, PLAT_CITY, "某省人民政府"}, {true, PLAT_TOWNSHIP, "青川县人民政府"},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *s = plat_guide_scope_default(&kinds[i]);
        assert_null(strstr(s, "低保"));
        assert_null(strstr(s, "婚姻登记"));
        assert_null(strstr(s, "最低生活保障"));
        assert_non_null(strstr(s, "政府信息公开工作年度报告"));
    }
    assert_null(strstr(plat_guide_scope_default(&kinds[0]), "统计信息"));
    assert_non_null(strstr(plat_guide_scope_default(&kinds[1]), "统计信息"));
    assert_non_null(strstr(plat_guide_scope_default(&kinds[2]), "宅基地"));
    assert_null(strstr(plat_guide_scope_default(&kinds[1]), "宅基地"));
    assert_string_equal(plat_guide_report_deadline(&kinds[0]), "1月31日");
    assert_string_equal(plat_guide_report_deadline(&kinds[1]), "3月31日");
    buf b;
    buf_init(&b);
    plat_guide_review_body(&kinds[0], &b);
    assert_string_equal(b.data, "青川市人民政府");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_rules), cmocka_unit_test(test_codes), cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_limits), cmocka_unit_test(test_csv_cr_at_end), cmocka_unit_test(test_guide_defaults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
