/*
 * Unit tests for rendering (render*.c), JSON input (json_in.c) and reading
 * workbooks back (xlsx_in.c): the national layouts' structure in every
 * format, escaping, and round trips that compare every value of the model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zip.h>

#include "report/report.h"
#include "report_fixtures.h"

typedef rpt *(*fixture)(void);
static const struct { const char *name; fixture make; } fixtures[] = {
    {"2021", fx_2021}, {"2019", fx_2019}, {"2008 with 历年累计", fx_2008},
    {"2008", fx_2008_plain}, {"narrative", fx_narrative}, {"seed 001", fx_seed001},
};
#define NFIX (sizeof fixtures / sizeof fixtures[0])

static char *render(const rpt *r, enum rpt_format f)
{
    buf b;
    buf_init(&b);
    err e = {0};
    assert_int_equal(rpt_render(r, f, &b, &e), 0);
    assert_non_null(b.data);
    return buf_detach(&b);
}

static void assert_same(const rpt *a, const rpt *b, bool problems, const char *what)
{
    char why[512];
    if (!model_equal(a, b, problems, why, sizeof why))
        fail_msg("%s: %s", what, why);
}

/* ---- round trips ---------------------------------------------------------- */

static void test_json_round_trip(void **state)
{
    (void)state;
    for (size_t k = 0; k < NFIX; k++) {
        rpt *r = fixtures[k].make();
        rpt_check(r);   /* problems travel too */
        char *j = render(r, RPT_FMT_JSON);
        rpt *back = NULL;
        err e = {0};
        if (rpt_from_json(j, strlen(j), "x.json", &back, &e))
            fail_msg("%s: %s: %s", fixtures[k].name, e.where, e.msg);
        assert_same(r, back, true, fixtures[k].name);
        /* and the JSON of what was read back is the same text */
        char *j2 = render(back, RPT_FMT_JSON);
        assert_string_equal(j, j2);
        free(j);
        free(j2);
        rpt_free(back);
        rpt_free(r);
    }
}

static void test_xlsx_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/gongkai-xlsx-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t k = 0; k < NFIX; k++) {
        rpt *r = fixtures[k].make();
        char path[128];
        snprintf(path, sizeof path, "%s/r%zu.xlsx", dir, k);
        err e = {0};
        if (rpt_render_xlsx(r, path, &e))
            fail_msg("%s: %s", fixtures[k].name, e.msg);
        buf b;
        buf_init(&b);
        assert_int_equal(file_read_all(path, 0, &b, &e), 0);
        rpt *back = NULL;
        if (rpt_read_xlsx(b.data, b.len, path, &back, &e))
            fail_msg("%s: %s: %s", fixtures[k].name, e.where, e.msg);
        assert_same(r, back, false, fixtures[k].name);
        assert_int_equal(back->nproblems, 0);   /* nothing the reader could not place */
        /* rpt_load recognises the workbook */
        rpt *viaload = NULL;
        assert_int_equal(rpt_load(b.data, b.len, path, &viaload, &e), 0);
        assert_same(r, viaload, false, fixtures[k].name);
        rpt_free(viaload);
        rpt_free(back);
        buf_free(&b);
        unlink(path);
        rpt_free(r);
    }
    rmdir(dir);
}

/* txt, md and html read back with the reader of published reports (rpt_read):
 * what gongkai prints, it can read. */
static void test_text_round_trips(void **state)
{
    (void)state;
    static const enum rpt_format fmts[] = {RPT_FMT_TXT, RPT_FMT_MD, RPT_FMT_HTML};
    static const char *const fnames[] = {"txt", "md", "html"};
    int failures = 0;
    for (size_t k = 0; k < NFIX; k++)
        for (size_t f = 0; f < 3; f++) {
            rpt *r = fixtures[k].make();
            char *t = render(r, fmts[f]);
            rpt *back = NULL;
            err e = {0};
            char why[512];
            if (rpt_read(t, strlen(t), "rendered", &back, &e)) {
                print_message("# %s as %s: not read: %s\n", fixtures[k].name, fnames[f], e.msg);
                failures++;
            } else if (!model_equal(r, back, false, why, sizeof why)) {
                print_message("# %s as %s: %s\n", fixtures[k].name, fnames[f], why);
                failures++;
            } else {
                for (size_t i = 0; i < back->nproblems; i++) {
                    print_message("# %s as %s: reader problem %s %s: %s\n", fixtures[k].name, fnames[f],
                                  back->problems[i].rule, back->problems[i].where, back->problems[i].message);
                    failures++;
                }
            }
            rpt_free(back);
            free(t);
            rpt_free(r);
        }
    assert_int_equal(failures, 0);
}

/* A workbook from parts given as text (libzip), read from memory. */
static int read_parts(const char *const *names, const char *const *texts, size_t n, rpt **out, err *e)
{
    char path[] = "/tmp/gongkai-xlsx-parts-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, texts[i], strlen(texts[i]), 0);
        assert_true(zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    buf b;
    buf_init(&b);
    assert_int_equal(file_read_all(path, 0, &b, e), 0);
    unlink(path);
    int rc = rpt_read_xlsx(b.data, b.len, "hand.xlsx", out, e);
    buf_free(&b);
    return rc;
}

#define WB "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>" \
           "<sheet name=\"表四\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
             "<Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/s.xml\"/></Relationships>"

static void add_cell(buf *b, int row, int col, const char *text, double num)
{
    char ref[16];
    snprintf(ref, sizeof ref, "%c%d", 'A' + col, row);
    if (text)
        buf_printf(b, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref, text);
    else
        buf_printf(b, "<c r=\"%s\"><v>%g</v></c>", ref, num);
}

/* A spreadsheet an agency made itself: table 四 somewhere else on the sheet,
 * inline strings, no shared strings, one cell that is not a number. */
static void test_xlsx_handmade(void **state)
{
    (void)state;
    buf s;
    buf_init(&s);
    buf_puts(&s, "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                 "<sheetData>");
    buf_puts(&s, "<row r=\"2\">");
    add_cell(&s, 2, 1, "某县民政局2022年政府信息公开工作年度报告", 0);
    buf_puts(&s, "</row><row r=\"4\">");
    add_cell(&s, 4, 1, "行政复议", 0);
    add_cell(&s, 4, 6, "行政诉讼", 0);
    buf_puts(&s, "</row><row r=\"5\">");
    for (int c = 0; c < RL_NCOLS; c++)
        add_cell(&s, 5, 1 + c, rpt_rl_col_labels[c], 0);
    add_cell(&s, 5, 6, "未经复议直接起诉", 0);
    add_cell(&s, 5, 11, "复议后起诉", 0);
    buf_puts(&s, "</row><row r=\"6\">");
    for (int g = 1; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            add_cell(&s, 6, 1 + 5 * g + c, rpt_rl_col_labels[c], 0);
    buf_puts(&s, "</row><row r=\"7\">");
    for (int k = 0; k < 15; k++)
        add_cell(&s, 7, 1 + k, k == 8 ? "n/a" : NULL, k + 1);
    buf_puts(&s, "</row></sheetData></worksheet>");
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/s.xml"};
    const char *texts[] = {WB, RELS, s.data};
    rpt *r = NULL;
    err e = {0};
    if (read_parts(names, texts, 3, &r, &e))
        fail_msg("%s", e.msg);
    assert_string_equal(r->agency, "某县民政局");
    assert_int_equal(r->year, 2022);
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++) {
            int k = 5 * g + c;
            if (k == 8)
                assert_true(rpt_is_null(r->rl[g][c]));
            else
                assert_true(r->rl[g][c] == k + 1);
        }
    assert_int_equal(r->nproblems, 1);
    assert_string_equal(r->problems[0].rule, "READ");
    assert_non_null(strstr(r->problems[0].message, "n/a"));
    rpt_free(r);
    buf_free(&s);
}

static void test_xlsx_refuses_dtd(void **state)
{
    (void)state;
    const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                       "<workbook><sheets><sheet name=\"&b;\" r:id=\"rId1\"/></sheets></workbook>";
    const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
    const char *texts[] = {bomb, RELS};
    rpt *r = NULL;
    err e = {0};
    assert_int_equal(read_parts(names, texts, 2, &r, &e), GK_EINVAL);
    assert_null(r);
    assert_non_null(strstr(e.msg, "DTD"));
    /* a workbook without any report table */
    const char *names2[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/s.xml"};
    const char *texts2[] = {WB, RELS, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                      "</sheetData></worksheet>"};
    assert_int_equal(read_parts(names2, texts2, 3, &r, &e), GK_EINVAL);
    assert_non_null(strstr(e.msg, "no report table"));
}

static void test_xlsx_not_a_workbook(void **state)
{
    (void)state;
    rpt *r = NULL;
    err e = {0};
    assert_int_equal(rpt_read_xlsx("PK\x03\x04garbage", 11, "bad.xlsx", &r, &e), GK_EINVAL);
    assert_null(r);
    assert_string_equal(e.where, "bad.xlsx");
    assert_non_null(strstr(e.msg, "xlsx"));
}

/* ---- text: the pasted '|' style of seed 001 ------------------------------------ */

/* Folds full-width punctuation the way seed 001's text has it. */
static char *fold(const char *s) { return utf8_fold(s, strlen(s)); }

static char *seed_path(const char *name)
{
    const char *shared = getenv("GONGKAI_SHARED");
    static const char *const tries[] = {NULL, "tests/data", "../tests/data"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        const char *base = i == 0 ? shared : tries[i];
        if (!base)
            continue;
        char *p = malloc(512);
        snprintf(p, 512, "%s/seeds/%s", base, name);
        if (access(p, R_OK) == 0)
            return p;
        free(p);
    }
    return NULL;
}

static void test_txt_is_seed_001(void **state)
{
    (void)state;
    char *path = seed_path("001_a69ef41056118676.txt");
    if (!path)
        skip();
    buf seed;
    buf_init(&seed);
    err e = {0};
    assert_int_equal(file_read_all(path, 0, &seed, &e), 0);
    free(path);
    char *fs = fold(seed.data);
    rpt *r = fx_seed001();
    char *t = render(r, RPT_FMT_TXT);
    char *ft = fold(t);
    /* every table line we print is in seed 001, in the same order */
    int lines = 0;
    const char *at = fs;
    for (char *line = strtok(ft, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strchr(line, '|'))
            continue;
        lines++;
        const char *hit = strstr(at, line);
        if (!hit)
            fail_msg("line not in seed 001 (in order): %s", line);
        at = hit + strlen(line);
    }
    assert_int_equal(lines, 14 + 28 + 4);   /* tables 二, 三, 四 */
    free(ft);
    free(t);
    free(fs);
    buf_free(&seed);
    rpt_free(r);
}

static void test_txt_nulls_and_2019(void **state)
{
    (void)state;
    rpt *r = fx_2019();
    char *t = render(r, RPT_FMT_TXT);
    /* the 2019 table 二 */
    assert_non_null(strstr(t, "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"));
    assert_non_null(strstr(t, "规范性文件 | "));
    assert_non_null(strstr(t, "第二十条第（九）项 | |||\n"));
    assert_non_null(strstr(t, "政府集中采购 | 55 | 3.25 |\n"));   /* last row: no padding */
    assert_non_null(strstr(t, "其他对外管理服务事项 | 31 | 33 | — |\n"));   /* null */
    /* a single （六） row */
    assert_non_null(strstr(t, "（六）其他处理 | 1101 | 1102 |"));
    assert_null(strstr(t, "逾期不补正"));
    free(t);
    rpt_free(r);
}

/* ---- HTML ------------------------------------------------------------------------- */

static void test_html_2021_structure(void **state)
{
    (void)state;
    rpt *r = fx_2021();
    char *h = render(r, RPT_FMT_HTML);
    /* self-contained, A4, print styles */
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_non_null(strstr(h, "@page{size:A4"));
    assert_non_null(strstr(h, "@media print"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "<link"));
    /* table 三: the two-level applicant header */
    assert_non_null(strstr(h, "<th class=\"note\" rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为"));
    assert_non_null(strstr(h, "<th colspan=\"7\">申请人情况</th>"));
    assert_non_null(strstr(h, "<th rowspan=\"2\" scope=\"col\">自然人</th><th colspan=\"5\">法人或其他组织</th>"
                              "<th rowspan=\"2\" scope=\"col\">总计</th>"));
    /* the row groups of 三、本年度办理结果 */
    assert_non_null(strstr(h, "rowspan=\"22\">三、本年度办理结果</td>"));
    assert_non_null(strstr(h, "rowspan=\"8\">（三）不予公开</td>"));
    assert_non_null(strstr(h, "rowspan=\"3\">（四）无法提供</td>"));
    assert_non_null(strstr(h, "rowspan=\"5\">（五）不予处理</td>"));
    assert_non_null(strstr(h, "rowspan=\"3\">（六）其他处理</td>"));
    assert_non_null(strstr(h, "colspan=\"3\">一、本年新收政府信息公开申请数量</td>"));
    assert_non_null(strstr(h, "colspan=\"2\">（七）总计</td>"));
    /* table 四 */
    assert_non_null(strstr(h, "<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>"));
    assert_non_null(strstr(h, "<th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th>"));
    /* table 二 by items of Art. 20; 行政许可 with the extra columns it carries */
    assert_non_null(strstr(h, "<th class=\"blk\" colspan=\"4\">第二十条第（一）项</th>"));
    assert_non_null(strstr(h, "<th class=\"blk\" colspan=\"4\">第二十条第（八）项</th>"));
    assert_null(strstr(h, "第二十条第（九）项"));
    assert_non_null(strstr(h, "<td class=\"l\">行政许可</td><td class=\"n\">9</td><td class=\"n\">-3</td>"));
    assert_non_null(strstr(h, "<td class=\"n\" colspan=\"3\">12.5</td>"));
    assert_non_null(strstr(h, "<td class=\"l\">行政强制</td><td class=\"n\" colspan=\"3\">—</td>"));
    /* header rows repeat on every printed page */
    assert_non_null(strstr(h, "<thead>"));
    free(h);
    rpt_free(r);
}

static void test_html_2019_and_2008(void **state)
{
    (void)state;
    rpt *r = fx_2019();
    char *h = render(r, RPT_FMT_HTML);
    assert_non_null(strstr(h, "rowspan=\"20\">三、本年度办理结果</td>"));
    assert_non_null(strstr(h, "colspan=\"2\">（六）其他处理</td>"));
    assert_non_null(strstr(h, "第二十条第（九）项"));
    assert_non_null(strstr(h, "<td class=\"l\">规范性文件</td>"));
    free(h);
    rpt_free(r);

    r = fx_2008();
    h = render(r, RPT_FMT_HTML);
    assert_non_null(strstr(h, "<th scope=\"col\">统计指标</th><th scope=\"col\">单位</th>"
                              "<th scope=\"col\">统计数</th><th scope=\"col\">历年累计</th>"));
    assert_non_null(strstr(h, "<p class=\"sub\">（2018年度）</p>"));
    assert_non_null(strstr(h, "<td class=\"l s\">四、行政复议数量</td><td>件</td><td class=\"n\">3</td>"
                              "<td class=\"n\">9</td>"));
    assert_non_null(strstr(h, ">1.当面申请数</td>"));
    assert_non_null(strstr(h, ">其中：涉及国家秘密</td>"));
    assert_non_null(strstr(h, "<td>万元</td><td class=\"n\">0.15</td>"));
    free(h);
    rpt_free(r);

    r = fx_2008_plain();
    h = render(r, RPT_FMT_HTML);
    assert_null(strstr(h, "历年累计"));
    free(h);
    rpt_free(r);

    r = fx_narrative();
    h = render(r, RPT_FMT_HTML);
    assert_non_null(strstr(h, "<li>收到政府信息公开申请：141件</li>"));
    assert_null(strstr(h, "<table"));
    free(h);
    rpt_free(r);
}

static void test_html_escapes(void **state)
{
    (void)state;
    rpt *r = fx_2021();
    rpt_set_agency(r, "<script>alert('x')</script>&\"局");
    char *h = render(r, RPT_FMT_HTML);
    assert_null(strstr(h, "<script>"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;局"));
    free(h);
    char *m = render(r, RPT_FMT_MD);
    assert_null(strstr(m, "<script>alert"));
    free(m);
    rpt_free(r);
}

/* ---- Markdown ---------------------------------------------------------------------- */

static void test_markdown(void **state)
{
    (void)state;
    rpt *r = fx_2021();
    char *m = render(r, RPT_FMT_MD);
    assert_non_null(strstr(m, "# 舟山市定海区民政局2023年政府信息公开工作年度报告\n"));
    assert_non_null(strstr(m, "| 行政诉讼·复议后起诉·结果维持 |"));
    assert_non_null(strstr(m, "| 法人或其他组织·商业企业 |"));
    assert_non_null(strstr(m, "**第二十条第（五）项**"));
    /* every row of a table has as many cells as its header */
    int want = -1;
    for (char *line = strtok(m, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '|') {
            want = -1;
            continue;
        }
        int cells = -1;
        for (char *p = line; *p; p++)
            if (*p == '|' && (p == line || p[-1] != '\\'))
                cells++;
        if (want < 0)
            want = cells;
        assert_int_equal(cells, want);
    }
    free(m);
    rpt_free(r);
}

/* ---- formats ------------------------------------------------------------------------ */

static void test_format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"txt", "md", "html", "json", "xlsx"};
    for (size_t i = 0; i < 5; i++) {
        enum rpt_format f;
        assert_int_equal(rpt_format_from_name(names[i], &f), 0);
    }
    enum rpt_format f;
    assert_int_equal(rpt_format_from_name("pdf", &f), GK_EINVAL);
    assert_int_equal(rpt_format_from_name(NULL, &f), GK_EINVAL);
}

/* ---- JSON input: bad documents ------------------------------------------------------ */

static const struct { const char *json, *where_in_msg; } bad_json[] = {
    {"[1,2]", "expected an object"},
    {"{\"agency\":\"x\"}", "'schema' is missing"},
    {"{\"schema\":\"gongkai.report/2\"}", "key 'schema'"},
    {"{\"schema\":\"gongkai.report/1\",\"year\":\"2023\"}", "key 'year'"},
    {"{\"schema\":\"gongkai.report/1\",\"year\":1800}", "key 'year'"},
    {"{\"schema\":\"gongkai.report/1\",\"layout\":\"2022\"}", "key 'layout'"},
    {"{\"schema\":\"gongkai.report/1\",\"agnecy\":\"x\"}", "key 'agnecy'"},
    {"{\"schema\":\"gongkai.report/1\",\"applications\":{\"new\":[1,2,3]}}", "key 'applications.new'"},
    {"{\"schema\":\"gongkai.report/1\",\"applications\":{\"new\":[1,2,3,4,5,6,\"7\"]}}",
     "key 'applications.new[6]'"},
    {"{\"schema\":\"gongkai.report/1\",\"applications\":{\"withheld\":{\"state_secret\":"
     "[0,0,123456789012345678901234567890,0,0,0,0]}}}",
     "key 'applications.withheld.state_secret[2]'"},
    {"{\"schema\":\"gongkai.report/1\",\"applications\":{\"withheld\":{\"secret\":[]}}}",
     "key 'applications.withheld.secret'"},
    {"{\"schema\":\"gongkai.report/1\",\"proactive\":{\"rules\":{\"issued\":true}}}", "key 'proactive.rules.issued'"},
    {"{\"schema\":\"gongkai.report/1\",\"proactive\":{\"laws\":{}}}", "key 'proactive.laws'"},
    {"{\"schema\":\"gongkai.report/1\",\"review_litigation\":{\"review\":{\"total\":-1e400}}}", "line 1"},
    {"{\"schema\":\"gongkai.report/1\",\"review_litigation\":{\"review\":{\"totl\":1}}}",
     "key 'review_litigation.review.totl'"},
    {"{\"schema\":\"gongkai.report/1\",\"legacy\":{\"applications.recieved\":1}}",
     "key 'legacy[\"applications.recieved\"]'"},
    {"{\"schema\":\"gongkai.report/1\",\"from_text\":[\"nope\"]}", "key 'from_text[0]'"},
    {"{\"schema\":\"gongkai.report/1\",\"problems\":[{\"rule\":\"R1\",\"severity\":\"fatal\",\"message\":\"m\"}]}",
     "key 'problems[0].severity'"},
    {"{\"schema\":\"gongkai.report/1\",\"schema\":\"gongkai.report/1\"}", "duplicate"},
    {"{\"schema\":\"gongkai.report/1\"", "line 1"},
};

static void test_json_bad_input(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_json / sizeof bad_json[0]; i++) {
        rpt *r = NULL;
        err e = {0};
        int rc = rpt_from_json(bad_json[i].json, strlen(bad_json[i].json), "bad.json", &r, &e);
        if (rc != GK_EINVAL)
            fail_msg("accepted: %s", bad_json[i].json);
        assert_null(r);
        assert_string_equal(e.where, "bad.json");
        if (!strstr(e.msg, bad_json[i].where_in_msg))
            fail_msg("'%s' not in error '%s' for %s", bad_json[i].where_in_msg, e.msg, bad_json[i].json);
        assert_null(strchr(e.msg, '\n'));
    }
}

static void test_json_minimal_and_nulls(void **state)
{
    (void)state;
    const char *j = "{\"schema\":\"gongkai.report/1\",\"agency\":null,\"year\":2022,\"layout\":\"2021\","
                    "\"applications\":{\"new\":[1,null,0,0,0,0,1]}}";
    rpt *r = NULL;
    err e = {0};
    assert_int_equal(rpt_from_json(j, strlen(j), "m.json", &r, &e), 0);
    assert_null(r->agency);
    assert_int_equal(r->year, 2022);
    assert_true(r->app[APP_NEW][COL_NATURAL] == 1);
    assert_true(rpt_is_null(r->app[APP_NEW][COL_COMMERCIAL]));
    assert_true(rpt_is_null(r->app[APP_CARRIED_IN][COL_TOTAL]));
    assert_true(rpt_is_null(r->pro[PRO_RULES_ISSUED]));
    assert_string_equal(r->source, "m.json");
    rpt_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_xlsx_round_trip),
        cmocka_unit_test(test_text_round_trips),
        cmocka_unit_test(test_xlsx_handmade),
        cmocka_unit_test(test_xlsx_refuses_dtd),
        cmocka_unit_test(test_xlsx_not_a_workbook),
        cmocka_unit_test(test_txt_is_seed_001),
        cmocka_unit_test(test_txt_nulls_and_2019),
        cmocka_unit_test(test_html_2021_structure),
        cmocka_unit_test(test_html_2019_and_2008),
        cmocka_unit_test(test_html_escapes),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_json_bad_input),
        cmocka_unit_test(test_json_minimal_and_nulls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
