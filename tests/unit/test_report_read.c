/*
 * Unit tests for the report reader (rpt_read).
 *
 * The five seeds (real published reports, in shared/seeds) are read and
 * compared field by field with expected JSON written by hand from the seed
 * text (tests/data/reports/expected/NNN.json): every number the seed prints
 * must be in its key, and every other number must be null. Because the seeds
 * are mostly zeros, each is also read "renumbered": every number cell of its
 * tables replaced by a distinct sequential value, so that a value landing in
 * the wrong column or row shows. The renumbered seed 001 is then reshaped
 * (one cell per line, tabs, Markdown, HTML tables, HTML paragraphs,
 * full-width) and must read the same. Then synthetic inputs (2019 layout,
 * HTML with merged cells) and bad inputs (empty, binary, invalid UTF-8,
 * truncated tables, noise, overlong numbers, oversize).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* ---- helpers ---- */

static const char *src_root(void)
{
    const char *s = getenv("GONGKAI_SRC");
    return s && *s ? s : ".";
}

static bool read_file(const char *path, buf *b)
{
    err e;
    buf_init(b);
    return file_read_all(path, 0, b, &e) == 0;
}

/* The seed whose name starts with prefix, from tests/data/seeds. */
static void read_seed(const char *prefix, buf *out)
{
    char dirs[3][1024];
    const char *sh = getenv("GONGKAI_SHARED");
    snprintf(dirs[0], sizeof dirs[0], "%s/seeds", sh && *sh ? sh : "/nonexistent");
    snprintf(dirs[1], sizeof dirs[1], "%s/tests/data/seeds", src_root());
    snprintf(dirs[2], sizeof dirs[2], "%s", "tests/data/seeds");
    for (int d = 0; d < 3; d++) {
        DIR *dir = opendir(dirs[d]);
        if (!dir)
            continue;
        struct dirent *de;
        while ((de = readdir(dir)) != NULL) {
            if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) {
                char path[2048];
                snprintf(path, sizeof path, "%s/%s", dirs[d], de->d_name);
                closedir(dir);
                assert_true(read_file(path, out));
                return;
            }
        }
        closedir(dir);
    }
    fail_msg("seed %s not found (tests/data/seeds)", prefix);
}

static void read_data(const char *rel, buf *out)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/tests/data/reports/%s", src_root(), rel);
    if (!read_file(path, out))
        fail_msg("cannot read %s", path);
}

static rpt *read_ok(const char *text, size_t n, const char *name)
{
    rpt *r = NULL;
    err e;
    err_clear(&e);
    int rc = rpt_read(text, n, name, &r, &e);
    if (rc != 0)
        fail_msg("%s: rpt_read failed: %s", name, e.msg);
    assert_non_null(r);
    return r;
}

static json_t *to_json(const rpt *r)
{
    buf b;
    buf_init(&b);
    rpt_to_json(r, &b, false);
    json_error_t je;
    json_t *j = json_loads(b.data, 0, &je);
    buf_free(&b);
    assert_non_null(j);
    return j;
}

static bool all_null(json_t *j)
{
    if (json_is_number(j))
        return false;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) if (!all_null(v)) return false;
    }
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) if (!all_null(v)) return false;
    }
    return true;
}

/* Compares expected with actual: every key of expected must match; keys only
 * in actual must hold no number. Returns the number of differences. */
static int cmp(json_t *exp, json_t *act, const char *path)
{
    if (json_is_object(exp) && json_is_object(act)) {
        int n = 0;
        const char *k;
        json_t *v;
        char p[512];
        json_object_foreach(exp, k, v)
        {
            snprintf(p, sizeof p, "%s.%s", path, k);
            json_t *a = json_object_get(act, k);
            if (!a) {
                print_message("%s: missing\n", p);
                n++;
            } else {
                n += cmp(v, a, p);
            }
        }
        json_object_foreach(act, k, v)
        {
            if (!json_object_get(exp, k) && strcmp(k, "columns") != 0 && !all_null(v)) {
                char *s = json_dumps(v, JSON_COMPACT);
                print_message("%s.%s: unexpected %s\n", path, k, s);
                free(s);
                n++;
            }
        }
        return n;
    }
    if (json_is_number(exp) && json_is_number(act)) {
        if (json_number_value(exp) == json_number_value(act))
            return 0;
    } else if (json_equal(exp, act)) {
        return 0;
    }
    char *es = json_dumps(exp, JSON_COMPACT | JSON_ENCODE_ANY);
    char *as = json_dumps(act, JSON_COMPACT | JSON_ENCODE_ANY);
    print_message("%s: expected %s, got %s\n", path, es, as);
    free(es);
    free(as);
    return 1;
}

static void compare_expected(const rpt *r, const char *expected_file)
{
    buf eb;
    read_data(expected_file, &eb);
    json_error_t je;
    json_t *exp = json_loads(eb.data, 0, &je);
    buf_free(&eb);
    if (!exp)
        fail_msg("%s: %s at line %d", expected_file, je.text, je.line);
    json_t *act = to_json(r);
    json_t *eprob = json_incref(json_object_get(exp, "problems"));
    json_object_del(exp, "problems");
    json_t *aprob = json_incref(json_object_get(act, "problems"));
    json_object_del(act, "problems");
    json_object_del(act, "schema");
    int n = cmp(exp, act, "$");
    /* problems: the same count, and each expected one's given fields */
    if (json_array_size(eprob) != json_array_size(aprob)) {
        char *s = json_dumps(aprob, JSON_COMPACT);
        print_message("problems: expected %zu, got %s\n", json_array_size(eprob), s);
        free(s);
        n++;
    } else {
        size_t i;
        json_t *p;
        json_array_foreach(eprob, i, p)
        {
            const char *k;
            json_t *v;
            json_object_foreach(p, k, v) if (!json_equal(v, json_object_get(json_array_get(aprob, i), k)))
            {
                print_message("problems[%zu].%s differs\n", i, k);
                n++;
            }
        }
    }
    json_decref(eprob);
    json_decref(aprob);
    json_decref(exp);
    json_decref(act);
    if (n)
        fail_msg("%s: %d differences", expected_file, n);
}

static void seed_case(const char *prefix)
{
    buf b;
    read_seed(prefix, &b);
    rpt *r = read_ok(b.data, b.len, prefix);
    char exp[64];
    snprintf(exp, sizeof exp, "expected/%s.json", prefix);
    compare_expected(r, exp);
    rpt_free(r);
    buf_free(&b);
}

static void test_seed_000(void **s) { (void)s; seed_case("000"); }
static void test_seed_001(void **s) { (void)s; seed_case("001"); }
static void test_seed_002(void **s) { (void)s; seed_case("002"); }
static void test_seed_003(void **s) { (void)s; seed_case("003"); }
static void test_seed_004(void **s) { (void)s; seed_case("004"); }

/* ---- renumbering: every number cell gets a distinct value ---- */

static bool cell_edge(char c) { return c == ' ' || c == '|' || c == '\t' || c == '\n' || c == '\r'; }

/* Replaces every whole-cell number between the line containing `from` and
 * the line containing `to` by 1000 + k, k = 0, 1, 2, ... Returns the count. */
static int renumber(const buf *in, const char *from, const char *to, buf *out)
{
    buf_init(out);
    const char *s = in->data, *end = in->data + in->len;
    const char *a = strstr(s, from);
    assert_non_null(a);
    const char *z = to ? strstr(a, to) : end;
    assert_non_null(z);
    buf_append(out, s, (size_t)(a - s));
    int k = 0;
    const char *p = a;
    while (p < z) {
        if (*p >= '0' && *p <= '9' && (p == s || cell_edge(p[-1]))) {
            const char *q = p;
            while (q < z && *q >= '0' && *q <= '9')
                q++;
            if (q == end || cell_edge(*q)) {
                buf_printf(out, "%d", 1000 + k++);
                p = q;
                continue;
            }
            buf_append(out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        buf_putc(out, *p++);
    }
    buf_append(out, z, (size_t)(end - z));
    return k;
}

/* Checks a national report read from a renumbered seed: table 二's fields in
 * the given order, then every cell of table 三, then the 15 of table 四. */
static void check_national_seq(const rpt *r, const int *pro, int npro, const char *what)
{
    int k = 0, bad = 0;
    for (int i = 0; i < npro; i++, k++)
        if (r->pro[pro[i]] != 1000 + k) {
            print_message("%s: 二 %s.%s = %g, expected %d\n", what, rpt_pro_rows[rpt_pro_fields[pro[i]].row].group,
                          rpt_pro_fields[pro[i]].key, r->pro[pro[i]], 1000 + k);
            bad++;
        }
    for (int f = 0; f < PRO_NFIELDS; f++) {
        bool listed = false;
        for (int i = 0; i < npro; i++)
            listed |= pro[i] == f;
        if (!listed && !rpt_is_null(r->pro[f])) {
            print_message("%s: 二 field %d unexpected %g\n", what, f, r->pro[f]);
            bad++;
        }
    }
    for (int row = 0; row < APP_NROWS; row++)
        for (int c = 0; c < RPT_NCOLS; c++, k++)
            if (r->app[row][c] != 1000 + k) {
                print_message("%s: 三 %s[%d] = %g, expected %d\n", what, rpt_app_rows[row].key, c, r->app[row][c],
                              1000 + k);
                bad++;
            }
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++, k++)
            if (r->rl[g][c] != 1000 + k) {
                print_message("%s: 四 %s.%s = %g, expected %d\n", what, rpt_rl_group_keys[g], rpt_rl_col_keys[c],
                              r->rl[g][c], 1000 + k);
                bad++;
            }
    if (bad)
        fail_msg("%s: %d cells wrong", what, bad);
}

static const int pro_001[] = {PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE, PRO_NORM_ISSUED,
                              PRO_NORM_REPEALED, PRO_NORM_IN_FORCE, PRO_LIC_DECISIONS, PRO_PEN_DECISIONS,
                              PRO_COMP_DECISIONS, PRO_FEES_AMOUNT};
static const int pro_004[] = {PRO_RULES_ISSUED, PRO_RULES_REPEALED, PRO_RULES_IN_FORCE, PRO_NORM_ISSUED,
                              PRO_NORM_REPEALED, PRO_NORM_IN_FORCE, PRO_LIC_ITEMS_LAST, PRO_LIC_ITEMS_CHANGE,
                              PRO_LIC_DECISIONS, PRO_PEN_DECISIONS, PRO_COMP_DECISIONS, PRO_FEES_AMOUNT};

static void renumbered_001(buf *out)
{
    buf b;
    read_seed("001", &b);
    int k = renumber(&b, "二、主动公开政府信息情况", "五、存在的主要问题", out);
    assert_int_equal(k, 10 + APP_NROWS * RPT_NCOLS + 15);
    buf_free(&b);
}

static void test_seed_001_every_cell(void **s)
{
    (void)s;
    buf t;
    renumbered_001(&t);
    rpt *r = read_ok(t.data, t.len, "001-renumbered");
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    check_national_seq(r, pro_001, 10, "001");
    rpt_free(r);
    buf_free(&t);
}

static void test_seed_004_every_cell(void **s)
{
    (void)s;
    buf b, t;
    read_seed("004", &b);
    int k = renumber(&b, "二、主动公开政府信息情况", "五、存在的主要问题", &t);
    assert_int_equal(k, 12 + APP_NROWS * RPT_NCOLS + 15);
    rpt *r = read_ok(t.data, t.len, "004-renumbered");
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    check_national_seq(r, pro_004, 12, "004");
    /* the three numbers under one 2021 header: said in a READ warning */
    assert_int_equal(r->nproblems, 1);
    assert_string_equal(r->problems[0].rule, "READ");
    assert_string_equal(r->problems[0].where, "二/行政许可");
    assert_non_null(strstr(r->problems[0].message, "上一年项目数量"));
    rpt_free(r);
    buf_free(&b);
    buf_free(&t);
}

/* Seed 000's table, in its order: the legacy keys minus the two it lacks. */
static void test_seed_000_every_cell(void **s)
{
    (void)s;
    buf b, t;
    read_seed("000", &b);
    int k = renumber(&b, "政府信息公开情况统计表", NULL, &t);
    rpt *r = read_ok(t.data, t.len, "000-renumbered");
    assert_int_equal(r->layout, RPT_LAYOUT_2008);
    int j = 0, bad = 0;
    for (int i = 0; i < rpt_legacy_n; i++) {
        const char *key = rpt_legacy_defs[i].key;
        if (strcmp(key, "applications.letter_fax") == 0 || strcmp(key, "replies.other_types") == 0) {
            if (!rpt_is_null(r->legacy[i]))
                bad++;
            continue;
        }
        if (r->legacy[i] != 1000 + j) {
            print_message("000: %s = %g, expected %d\n", key, r->legacy[i], 1000 + j);
            bad++;
        }
        j++;
    }
    assert_int_equal(j, k);
    assert_int_equal(bad, 0);
    rpt_free(r);
    buf_free(&b);
    buf_free(&t);
}

static void test_seed_002_every_cell(void **s)
{
    (void)s;
    static const char *const order[] = {
        "proactive.total", "proactive.website", "proactive.gazette", "applications.received",
        "applications.in_person", "applications.online", "applications.letter_fax", "replies.total",
        "replies.granted", "replies.partly", "replies.refused", "replies.other_types", "complaints",
        "review.total", "litigation.total",
    };
    buf b, t;
    read_seed("002", &b);
    int k = renumber(&b, "历年累计", NULL, &t);
    assert_int_equal(k, 30);
    rpt *r = read_ok(t.data, t.len, "002-renumbered");
    assert_int_equal(r->layout, RPT_LAYOUT_2008);
    int bad = 0, set = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int x = rpt_legacy_index(order[i]);
        if (r->legacy[x] != 1000 + 2 * (int)i || r->legacy_cum[x] != 1001 + 2 * (int)i) {
            print_message("002: %s = %g / %g\n", order[i], r->legacy[x], r->legacy_cum[x]);
            bad++;
        }
    }
    for (int i = 0; i < rpt_legacy_n; i++)
        set += !rpt_is_null(r->legacy[i]);
    assert_int_equal(bad, 0);
    assert_int_equal(set, 15);
    rpt_free(r);
    buf_free(&b);
    buf_free(&t);
}

/* ---- the same table in other shapes ---- */

static void split_cells(const char *line, size_t n, void (*cb)(const char *, size_t, void *), void *arg)
{
    size_t i = 0;
    while (i <= n) {
        const char *q = memchr(line + i, '|', n - i);
        size_t e = q ? (size_t)(q - line) : n;
        size_t a = i;
        while (a < e && line[a] == ' ')
            a++;
        size_t z = e;
        while (z > a && line[z - 1] == ' ')
            z--;
        cb(line + a, z - a, arg);
        if (!q)
            break;
        i = e + 1;
    }
}

enum shape { SH_CELL_PER_LINE, SH_TABS, SH_MD, SH_HTML, SH_HTML_P, SH_FULLWIDTH, SH_CRLF };

struct shaper {
    buf *out;
    enum shape sh;
    int ncell;
};

static void put_fullwidth(buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || c == '(' || c == ')' || c == ':' || c == ',' || c == '.' || c == '|') {
            char u[4];
            buf_append(o, u, (size_t)utf8_encode(0xFF01 + (c - 0x21), u));
        } else {
            buf_putc(o, (char)c);
        }
    }
}

static void shape_cell(const char *c, size_t n, void *arg)
{
    struct shaper *sp = arg;
    buf *o = sp->out;
    switch (sp->sh) {
    case SH_CELL_PER_LINE:
        if (n) {
            buf_append(o, c, n);
            buf_puts(o, " |\n");
        }
        break;
    case SH_TABS:
        if (n) {
            buf_putc(o, '\t');
            buf_append(o, c, n);
            buf_putc(o, '\n');
        }
        break;
    case SH_MD:
        buf_puts(o, " ");
        buf_append(o, c, n);
        buf_puts(o, " |");
        break;
    case SH_HTML:
        buf_puts(o, "<td>");
        buf_html_n(o, c, n);
        buf_puts(o, "</td>");
        break;
    default:
        break;
    }
    sp->ncell++;
}

static void reshape(const buf *in, enum shape sh, buf *out)
{
    buf_init(out);
    if (sh == SH_FULLWIDTH) {
        put_fullwidth(out, in->data, in->len);
        return;
    }
    if (sh == SH_CRLF) {
        for (size_t i = 0; i < in->len; i++) {
            if (in->data[i] == '\n')
                buf_putc(out, '\r');
            buf_putc(out, in->data[i]);
        }
        return;
    }
    if (sh == SH_HTML || sh == SH_HTML_P)
        buf_puts(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>\n");
    const char *s = in->data, *end = in->data + in->len;
    bool in_table = false;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        bool bar = memchr(s, '|', n) != NULL;
        struct shaper sp = {out, sh, 0};
        if (sh == SH_HTML && bar && !in_table) {
            buf_puts(out, "<table border=\"1\">\n");
            in_table = true;
        }
        if (sh == SH_HTML && !bar && in_table) {
            buf_puts(out, "</table>\n");
            in_table = false;
        }
        if (!bar) {
            if (sh == SH_HTML || sh == SH_HTML_P) {
                buf_puts(out, "<p>");
                buf_html_n(out, s, n);
                buf_puts(out, "</p>\n");
            } else {
                buf_append(out, s, n);
                buf_putc(out, '\n');
            }
        } else if (sh == SH_MD) {
            buf_putc(out, '|');
            split_cells(s, n, shape_cell, &sp);
            buf_putc(out, '\n');
        } else if (sh == SH_HTML) {
            buf_puts(out, "<tr>");
            split_cells(s, n, shape_cell, &sp);
            buf_puts(out, "</tr>\n");
        } else if (sh == SH_HTML_P) {
            buf_puts(out, "<p>");
            buf_html_n(out, s, n);
            buf_puts(out, "</p>\n");
        } else {
            split_cells(s, n, shape_cell, &sp);
        }
        s = nl ? nl + 1 : end;
    }
    if (in_table)
        buf_puts(out, "</table>\n");
    if (sh == SH_HTML || sh == SH_HTML_P)
        buf_puts(out, "</body></html>\n");
}

static void shape_case(enum shape sh, const char *name)
{
    buf t, x;
    renumbered_001(&t);
    reshape(&t, sh, &x);
    rpt *r = read_ok(x.data, x.len, name);
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    assert_int_equal(r->year, 2023);
    check_national_seq(r, pro_001, 10, name);
    assert_int_equal(r->nproblems, 0);
    rpt_free(r);
    buf_free(&t);
    buf_free(&x);
}

static void test_shape_cell_per_line(void **s) { (void)s; shape_case(SH_CELL_PER_LINE, "cell-per-line"); }
static void test_shape_tabs(void **s) { (void)s; shape_case(SH_TABS, "tabs"); }
static void test_shape_markdown(void **s) { (void)s; shape_case(SH_MD, "markdown"); }
static void test_shape_html_table(void **s) { (void)s; shape_case(SH_HTML, "html-table"); }
static void test_shape_html_paragraphs(void **s) { (void)s; shape_case(SH_HTML_P, "html-p"); }
static void test_shape_fullwidth(void **s) { (void)s; shape_case(SH_FULLWIDTH, "fullwidth"); }
static void test_shape_crlf(void **s) { (void)s; shape_case(SH_CRLF, "crlf"); }

/* ---- synthetic inputs of our own ---- */

/* A 2019 (trial format) report: its table 二 columns and the one （六） row. */
static void test_layout_2019(void **s)
{
    (void)s;
    buf b;
    read_data("layout2019.md", &b);
    rpt *r = read_ok(b.data, b.len, "layout2019.md");
    assert_int_equal(r->layout, RPT_LAYOUT_2019);
    assert_int_equal(r->year, 2019);
    assert_string_equal(r->agency, "某某县民政局");
    assert_true(r->pro[PRO_RULES_MADE] == 1 && r->pro[PRO_RULES_PUBLISHED] == 2 && r->pro[PRO_RULES_PUBLIC_TOTAL] == 3);
    assert_true(r->pro[PRO_NORM_MADE] == 4 && r->pro[PRO_NORM_PUBLISHED] == 5 && r->pro[PRO_NORM_PUBLIC_TOTAL] == 6);
    assert_true(r->pro[PRO_LIC_ITEMS_LAST] == 7 && r->pro[PRO_LIC_ITEMS_CHANGE] == -1 && r->pro[PRO_LIC_DECISIONS] == 9);
    assert_true(r->pro[PRO_SVC_ITEMS_LAST] == 10 && r->pro[PRO_SVC_ITEMS_CHANGE] == 11 && r->pro[PRO_SVC_DECISIONS] == 12);
    assert_true(r->pro[PRO_PEN_ITEMS_LAST] == 13 && r->pro[PRO_PEN_ITEMS_CHANGE] == 0 && r->pro[PRO_PEN_DECISIONS] == 15);
    assert_true(r->pro[PRO_COMP_ITEMS_LAST] == 16 && rpt_is_null(r->pro[PRO_COMP_ITEMS_CHANGE]) &&
                r->pro[PRO_COMP_DECISIONS] == 18);
    assert_true(r->pro[PRO_FEES_ITEMS_LAST] == 19 && r->pro[PRO_FEES_ITEMS_CHANGE] == 20);
    assert_true(r->pro[PRO_PROC_ITEMS] == 21 && r->pro[PRO_PROC_AMOUNT] == 22.5);
    assert_true(rpt_is_null(r->pro[PRO_RULES_ISSUED]) && rpt_is_null(r->pro[PRO_FEES_AMOUNT]));
    /* table 三: row i column c holds 100 * (i + 1) + c, 2019 rows only */
    int i = 0;
    for (int row = 0; row < APP_NROWS; row++) {
        if (!rpt_app_rows[row].in_2019) {
            for (int c = 0; c < RPT_NCOLS; c++)
                assert_true(rpt_is_null(r->app[row][c]));
            continue;
        }
        i++;
        for (int c = 0; c < RPT_NCOLS; c++)
            if (r->app[row][c] != 100 * i + c)
                fail_msg("三 %s[%d] = %g", rpt_app_rows[row].key, c, r->app[row][c]);
    }
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            assert_true(r->rl[g][c] == 5000 + g * 10 + c);
    rpt_free(r);
    buf_free(&b);
}

/* HTML in the national layout with merged header cells (rowspan/colspan). */
static void test_html_national_merged(void **s)
{
    (void)s;
    buf b;
    read_data("national2021.html", &b);
    rpt *r = read_ok(b.data, b.len, "national2021.html");
    assert_int_equal(r->layout, RPT_LAYOUT_2021);
    assert_int_equal(r->year, 2022);
    assert_string_equal(r->agency, "某某市财政局");
    assert_true(r->pro[PRO_RULES_ISSUED] == 1 && r->pro[PRO_RULES_REPEALED] == 2 && r->pro[PRO_RULES_IN_FORCE] == 3);
    assert_true(r->pro[PRO_NORM_ISSUED] == 4 && r->pro[PRO_NORM_REPEALED] == 5 && r->pro[PRO_NORM_IN_FORCE] == 6);
    assert_true(r->pro[PRO_LIC_DECISIONS] == 7 && r->pro[PRO_PEN_DECISIONS] == 8 && r->pro[PRO_COMP_DECISIONS] == 9);
    assert_true(r->pro[PRO_FEES_AMOUNT] == 10.25);
    for (int row = 0; row < APP_NROWS; row++)
        for (int c = 0; c < RPT_NCOLS; c++)
            if (r->app[row][c] != 100 * (row + 1) + c)
                fail_msg("三 %s[%d] = %g", rpt_app_rows[row].key, c, r->app[row][c]);
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int c = 0; c < RL_NCOLS; c++)
            assert_true(r->rl[g][c] == 9000 + g * 10 + c);
    assert_int_equal(r->nproblems, 0);
    rpt_free(r);
    buf_free(&b);
}

/* Empty cells between a label and later numbers keep their column. */
static void test_blank_cells_hold_places(void **s)
{
    (void)s;
    const char *t = "某某县民政局2020年政府信息公开工作年度报告\n"
                    "二、主动公开政府信息情况\n"
                    "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n"
                    "行政许可 |  | — | 92\n";
    rpt *r = read_ok(t, strlen(t), "blank.txt");
    assert_true(rpt_is_null(r->pro[PRO_LIC_ITEMS_LAST]));
    assert_true(rpt_is_null(r->pro[PRO_LIC_ITEMS_CHANGE]));
    assert_true(r->pro[PRO_LIC_DECISIONS] == 92);
    assert_int_equal(r->layout, RPT_LAYOUT_2019);
    rpt_free(r);
}

/* Publication dates are not the reporting year; a year in the title wins. */
static void test_year_not_a_date(void **s)
{
    (void)s;
    const char *t = "政府信息公开工作情况\n发布时间：2019年1月30日\n"
                    "（2018年度）\n2019年1月30日\n本机关今年收到信息公开申请3件。\n2019年01月20日\n";
    rpt *r = read_ok(t, strlen(t), "dates.txt");
    assert_int_equal(r->year, 2018);
    assert_int_equal(r->layout, RPT_LAYOUT_NARRATIVE);
    assert_true(r->legacy[rpt_legacy_index("applications.received")] == 3);
    rpt_free(r);
}

/* Labels broken across lines, with typos, in plain "label value" lines. */
static void test_broken_and_misspelt_labels(void **s)
{
    (void)s;
    const char *t = "某某区民政局2016年政府信息公开年度报告\n"
                    "统计指标 单位 统计数\n"
                    "一、主动公开政府信息数\n（不同渠道和方式公开相同信息计1条）\n12\n"
                    "（一）收到申请\n数 5\n"
                    "1.当面申请数 2\n2.网络申清数 3\n"
                    "依申请公开信息收取的费用万元 0.5\n";
    rpt *r = read_ok(t, strlen(t), "broken.txt");
    assert_int_equal(r->layout, RPT_LAYOUT_2008);
    assert_true(r->legacy[rpt_legacy_index("proactive.total")] == 12);
    assert_true(r->legacy[rpt_legacy_index("applications.received")] == 5);
    assert_true(r->legacy[rpt_legacy_index("applications.in_person")] == 2);
    assert_true(r->legacy[rpt_legacy_index("applications.online")] == 3);
    assert_true(r->legacy[rpt_legacy_index("fees_10k_yuan")] == 0.5);
    assert_string_equal(r->agency, "某某区民政局");
    rpt_free(r);
}

/* A 2008 table in the `|` style with a cumulative column named on its header line. */
static void test_cumulative_column_pipe(void **s)
{
    (void)s;
    const char *t = "某某县财政局2015年政府信息公开工作年度报告\n"
                    "项目 | 单位 | 本年 | 历年累计 |\n"
                    "主动公开政府信息数 | 条 | 31 | 402 |\n"
                    "其中：政府网站公开政府信息数 | 条 | 30 | 399 |\n"
                    "收到申请数 | 件 | 4 | 57 |\n";
    rpt *r = read_ok(t, strlen(t), "cum.txt");
    assert_int_equal(r->layout, RPT_LAYOUT_2008);
    assert_int_equal(r->year, 2015);
    int a = rpt_legacy_index("proactive.total"), b = rpt_legacy_index("proactive.website"),
        c = rpt_legacy_index("applications.received");
    assert_true(r->legacy[a] == 31 && r->legacy_cum[a] == 402);
    assert_true(r->legacy[b] == 30 && r->legacy_cum[b] == 399);
    assert_true(r->legacy[c] == 4 && r->legacy_cum[c] == 57);
    rpt_free(r);
}

/* A simplified text keeps brackets that are not pinyin; traditional text loses its pinyin. */
static void test_pinyin_only_after_traditional(void **s)
{
    (void)s;
    const char *t = "某某县民政局2016年政府信息公开年度报告\n收到申请数(a) 4\n当面申请数 4\n";
    rpt *r = read_ok(t, strlen(t), "pinyin.txt");
    assert_true(r->legacy[rpt_legacy_index("applications.received")] == 4);
    rpt_free(r);
    const char *u = "2010年度縣民政局信息公開(kāi)工作報(bào)告\n2010年,某某縣民政局共受理依申請(qǐng)公開(kāi)事項(xiàng)7件,"
                    "其中當(dāng)面申請(qǐng)5件,網(wǎng)絡(luò)申請(qǐng)2件。開(kāi)會(huì)與這們個來對時國說為關發經過。\n";
    r = read_ok(u, strlen(u), "trad.txt");
    assert_int_equal(r->layout, RPT_LAYOUT_NARRATIVE);
    assert_int_equal(r->year, 2010);
    assert_string_equal(r->agency, "某某县民政局");
    assert_true(r->legacy[rpt_legacy_index("applications.received")] == 7);
    assert_true(r->legacy[rpt_legacy_index("applications.in_person")] == 5);
    assert_true(r->legacy[rpt_legacy_index("applications.online")] == 2);
    assert_true(r->legacy_from_text[rpt_legacy_index("applications.online")]);
    rpt_free(r);
}

/* ---- bad input ---- */

static void expect_error(const char *data, size_t n, const char *name, const char *const *needles)
{
    rpt *r = (rpt *)1;
    err e;
    err_clear(&e);
    int rc = rpt_read(data, n, name, &r, &e);
    assert_int_equal(rc, GK_EINVAL);
    assert_null(r);
    assert_null(strchr(e.msg, '\n'));
    assert_non_null(strstr(e.msg, name));
    for (; *needles; needles++)
        if (!strstr(e.msg, *needles))
            fail_msg("message \"%s\" lacks \"%s\"", e.msg, *needles);
}

static void test_error_empty(void **s)
{
    (void)s;
    expect_error("", 0, "empty.txt", (const char *const[]){"empty", NULL});
    expect_error(" \n\t\n  ", 6, "blank.txt", (const char *const[]){"empty", NULL});
    expect_error("<html><body> </body></html>", 27, "blank.html", (const char *const[]){"empty", NULL});
}

static void test_error_binary(void **s)
{
    (void)s;
    const char bin[] = "政府信息公开\nabc\0def";
    expect_error(bin, sizeof bin - 1, "bin.dat", (const char *const[]){"binary", "offset 22", ":2:", NULL});
}

static void test_error_utf8(void **s)
{
    (void)s;
    const char bad[] = "政府信息公开\n第二行\xff\xfe";
    expect_error(bad, sizeof bad - 1, "gbk.txt", (const char *const[]){"UTF-8", "offset 28", ":2:", NULL});
    const char trunc[] = "政府信息公开\xe5\xb9";
    expect_error(trunc, sizeof trunc - 1, "cut.txt", (const char *const[]){"UTF-8", "offset 18", NULL});
}

/* A table that cannot be read whole is returned in part: what was read stays,
 * the rest is null, and a READ error names the place (report read exits 1). */
static rpt *expect_partial(const char *data, size_t n, const char *name, const char *where,
                           const char *const *needles)
{
    rpt *r = NULL;
    err e;
    err_clear(&e);
    int rc = rpt_read(data, n, name, &r, &e);
    if (rc)
        fail_msg("%s: refused (%s), wanted a partial result", name, e.msg);
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct rpt_problem *p = &r->problems[i];
        if (strcmp(p->rule, "READ") || p->severity != RPT_ERROR || strcmp(p->where, where))
            continue;
        bool all = true;
        for (const char *const *k = needles; *k; k++)
            all &= strstr(p->message, *k) != NULL;
        if (all)
            return r;
    }
    for (size_t i = 0; i < r->nproblems; i++)
        print_message("  %s %s %s\n", r->problems[i].rule, r->problems[i].where, r->problems[i].message);
    fail_msg("%s: no READ error at %s with the words wanted", name, where);
    return NULL;
}

static void test_partial_truncated_t3(void **s)
{
    (void)s;
    buf b;
    read_seed("001", &b);
    const char *row = strstr(b.data, "1.属于国家秘密 | 0 | 0 | 0");
    assert_non_null(row);
    size_t cut = (size_t)(row - b.data) + strlen("1.属于国家秘密 | 0 | 0 | 0");
    rpt *r = expect_partial(b.data, cut, "cut001.txt", "三/属于国家秘密", (const char *const[]){"只有3个数值", NULL});
    /* everything before the cut is kept: agency, year, table 二, the first rows */
    assert_int_equal(r->year, 2023);
    assert_true(r->pro[PRO_LIC_DECISIONS] == 92);
    assert_true(r->app[APP_NEW][COL_TOTAL] == 0);
    assert_true(r->app[APP_W_STATE_SECRET][2] == 0 && rpt_is_null(r->app[APP_W_STATE_SECRET][3]));
    assert_true(rpt_is_null(r->app[APP_CARRIED_OUT][COL_TOTAL]));
    rpt_free(r);
    /* cut between rows: says after which row */
    row = strstr(b.data, "(一)予以公开");
    const char *nl = strchr(row, '\n');
    r = expect_partial(b.data, (size_t)(nl + 1 - b.data), "cut001b.txt", "三",
                       (const char *const[]){"予以公开", "中断", NULL});
    rpt_free(r);
    /* seed 004 (one cell per line) cut inside a row */
    buf_free(&b);
    read_seed("004", &b);
    row = strstr(b.data, "2.重复申请 |");
    assert_non_null(row);
    r = expect_partial(b.data, (size_t)(row - b.data) + strlen("2.重复申请 |\n0 |\n0 |\n"), "cut004.txt",
                       "三/重复申请", (const char *const[]){"只有2个数值", NULL});
    rpt_free(r);
    buf_free(&b);
}

static void test_partial_truncated_t4(void **s)
{
    (void)s;
    buf b;
    read_seed("001", &b);
    const char *h = strstr(b.data, "\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
    assert_non_null(h);
    rpt *r = expect_partial(b.data, (size_t)(h - b.data) + 1 + strlen("0 | 0 | 0 | 0 | 0 | 0 |"), "cut4.txt", "四",
                            (const char *const[]){"6个数值", NULL});
    assert_true(r->rl[RL_LIT_DIRECT][RL_UPHELD] == 0 && rpt_is_null(r->rl[RL_LIT_DIRECT][RL_CORRECTED]));
    rpt_free(r);
    buf_free(&b);
}

static void test_error_noise(void **s)
{
    (void)s;
    size_t n = 10u << 20;
    char *noise = malloc(n);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(' ' + (x >> 16) % 95);
    }
    expect_error(noise, n, "noise.txt", (const char *const[]){"no report content", NULL});
    /* valid UTF-8 Chinese-looking noise that mentions 公开 still has nothing to read */
    buf b;
    buf_init(&b);
    buf_puts(&b, "公开");
    for (int i = 0; i < 200000; i++) {
        x = x * 1103515245u + 12345u;
        char u[4];
        buf_append(&b, u, (size_t)utf8_encode(0x4E00 + (x >> 16) % 0x5000, u));
        if (i % 40 == 0)
            buf_putc(&b, '\n');
    }
    expect_error(b.data, b.len, "hanzi.txt", (const char *const[]){"no report content", NULL});
    buf_free(&b);
    free(noise);
}

static void test_partial_big_number(void **s)
{
    (void)s;
    buf b;
    read_seed("001", &b);
    buf t;
    buf_init(&t);
    const char *row = strstr(b.data, "行政许可 | 92 |");
    assert_non_null(row);
    buf_append(&t, b.data, (size_t)(row - b.data));
    buf_puts(&t, "行政许可 | 123456789012345678901234567890 |");
    buf_puts(&t, row + strlen("行政许可 | 92 |"));
    rpt *r = expect_partial(t.data, t.len, "big.txt", "二/行政许可", (const char *const[]){"30位数字", NULL});
    assert_true(rpt_is_null(r->pro[PRO_LIC_DECISIONS]));
    assert_true(r->app[APP_NEW][COL_TOTAL] == 0);   /* the rest is read */
    rpt_free(r);
    /* in table 四 */
    buf_reset(&t);
    const char *h = strstr(b.data, "\n0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
    buf_append(&t, b.data, (size_t)(h - b.data) + 1);
    buf_puts(&t, "0 | 0 | 99999999999999999999 |");
    r = expect_partial(t.data, t.len, "big4.txt", "四", (const char *const[]){"0 0 99999999999999999999", NULL});
    for (int g = 0; g < RL_NGROUPS; g++)   /* no value from what cannot be cut */
        for (int c = 0; c < RL_NCOLS; c++)
            assert_true(rpt_is_null(r->rl[g][c]) || (g == 0 && c < 2 && r->rl[g][c] == 0));
    rpt_free(r);
    buf_free(&t);
    buf_free(&b);
}

static void test_error_too_large(void **s)
{
    (void)s;
    size_t n = (32u << 20) + 1;
    char *big = malloc(n);
    memset(big, 'a', n);
    expect_error(big, n, "huge.txt", (const char *const[]){"MB", NULL});
    free(big);
}

/* Issue 12: agency, year, units and sentences, as reports in the wild write them.
 * Each case: the text, the agency and year wanted, and one figure (a legacy
 * key or a table 二 field) with its value (NAN: must stay null). */
struct meta_case {
    const char *name;
    const char *text;
    const char *agency;
    int year;
    const char *key;          /* legacy key, or "pro:N" for table 二 field N */
    double value;
};

static const struct meta_case meta_cases[] = {
    {"a zone's committee", "某某综合实验区管理委员会2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到政府信息公开申请3件。\n",
     "某某综合实验区管理委员会", 2023, "applications.received", 3},
    {"a new district", "某某新区2022年政府信息公开工作年度报告\n一、总体情况\n略。\n", "某某新区", 2022, NULL, 0},
    {"a 管委会", "某某经济开发区管委会2021年政府信息公开工作年度报告\n一、总体情况\n略。\n", "某某经济开发区管委会", 2021,
     NULL, 0},
    {"a sub-district office", "某某区城关街道办事处2023年政府信息公开工作年度报告\n正文。\n", "某某区城关街道办事处", 2023, NULL,
     0},
    {"a township", "某某县某某镇人民政府2023年政府信息公开工作年度报告\n正文。\n", "某某县某某镇人民政府", 2023, NULL, 0},
    {"a hospital", "某某市第一人民医院2022年信息公开工作年度报告\n正文。\n", "某某市第一人民医院", 2022, NULL, 0},
    {"a school", "某某市第二中学2022年信息公开工作年度报告\n正文。\n", "某某市第二中学", 2022, NULL, 0},
    {"标题 prefix and a page header",
     "来源：某某市人民政府办公室\n发布日期：2024-01-20\n标题：某某市交通运输局2023年政府信息公开工作年度报告\n正文。\n",
     "某某市交通运输局", 2023, NULL, 0},
    {"the header names no agency when the title names none",
     "发布机构：某某市人民政府办公室\n2023年政府信息公开工作年度报告\n某某市民政局认真贯彻落实，某某市民政局……\n", "某某市民政局",
     2023, NULL, 0},
    {"a cited document names its own author",
     "2023年政府信息公开工作年度报告\n根据《某某市人民政府办公室关于做好2023年度报告工作的通知》，某某县财政局现将……某某县财政局\n",
     "某某县财政局", 2023, NULL, 0},
    {"a year written \"2024 年\"", "某某县农业农村局 2024 年政府信息公开工作年度报告\n正文。\n", "某某县农业农村局", 2024, NULL, 0},
    {"a review request is not an application",
     "某某局2023年政府信息公开工作年度报告\n本年度未收到有关政府信息公开行政复议申请。\n", "某某局", 2023,
     "applications.received", NAN},
    {"no application received", "某某局2023年政府信息公开工作年度报告\n2023年未收到政府信息公开申请。\n", "某某局", 2023,
     "applications.received", 0},
    {"3笔 125600元 is money, not 125,600 items",
     "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 单位 数量\n收到申请数 件 4\n依申请公开信息收取的费用 3笔 125600元\n",
     "某某局", 2012, "fees_10k_yuan", 12.56},
    {"an amount is no count", "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 单位 数量\n收到申请数 125600元\n",
     "某某局", 2012, "applications.received", NAN},
    {"the unit column says 元", "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称|单位|数量\n依申请公开信息收取的费用|元|1200\n",
     "某某局", 2012, "fees_10k_yuan", 0.12},
    {"table 二 in 元", "某某局2022年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n信息内容 | 本年收费金额（单位：元） |\n行政事业性收费 | 52000 |\n",
     "某某局", 2022, "pro:26", 5.2},
    {"2008 label variants: 1.网站公开", "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 单位 数量\n1.网站公开 条 12\n2.政府公报公开 条 3\n",
     "某某局", 2012, "proactive.website", 12},
    {"2008 label variants: 否决公开答复数", "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 单位 数量\n收到申请数 件 4\n否决公开答复数 件 1\n",
     "某某局", 2012, "replies.refused", 1},
    {"2008 label variants: 行政申诉数", "某某局2012年政府信息公开工作年度报告\n政府信息公开情况统计表\n指标名称 单位 数量\n收到申请数 件 4\n行政申诉数 件 2\n",
     "某某局", 2012, "complaints", 2},
    {"a figure in a sentence is the sentence's", "某某局2018年政府信息公开工作年度报告\n(一)规范性文件\n我局梳理权力清单，其中行政许可21项，行政确认5项。\n",
     "某某局", 2018, "pro:14", NAN},
};

static void test_meta_cases(void **s)
{
    (void)s;
    for (size_t i = 0; i < sizeof meta_cases / sizeof meta_cases[0]; i++) {
        const struct meta_case *c = &meta_cases[i];
        rpt *r = read_ok(c->text, strlen(c->text), c->name);
        if (!r->agency || strcmp(r->agency, c->agency) != 0)
            fail_msg("%s: agency %s, wanted %s", c->name, r->agency ? r->agency : "null", c->agency);
        if (r->year != c->year)
            fail_msg("%s: year %d, wanted %d", c->name, r->year, c->year);
        if (c->key) {
            double v = strncmp(c->key, "pro:", 4) == 0 ? r->pro[atoi(c->key + 4)] : r->legacy[rpt_legacy_index(c->key)];
            bool ok = isnan(c->value) ? rpt_is_null(v) : (!rpt_is_null(v) && fabs(v - c->value) < 1e-9);
            if (!ok)
                fail_msg("%s: %s is %g, wanted %g", c->name, c->key, v, c->value);
        }
        rpt_free(r);
    }
}

/* Crashers and odd inputs found by fuzzing: each must be read or refused cleanly. */
static void test_fuzz_regressions(void **s)
{
    (void)s;
    char dir[2048];
    snprintf(dir, sizeof dir, "%s/tests/data/reports/fuzz", src_root());
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        buf b;
        if (!read_file(path, &b))
            continue;
        rpt *r = NULL;
        err e;
        err_clear(&e);
        int rc = rpt_read(b.data, b.len, de->d_name, &r, &e);
        if (rc == 0) {
            buf j;
            buf_init(&j);
            rpt_to_json(r, &j, true);
            json_error_t je;
            json_t *x = json_loads(j.data, 0, &je);
            assert_non_null(x);
            json_decref(x);
            buf_free(&j);
            rpt_free(r);
        } else {
            assert_int_equal(rc, GK_EINVAL);
            assert_null(r);
            assert_true(e.msg[0] != '\0');
        }
        buf_free(&b);
        n++;
    }
    closedir(d);
    print_message("# %d fuzz regression inputs\n", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000),
        cmocka_unit_test(test_seed_001),
        cmocka_unit_test(test_seed_002),
        cmocka_unit_test(test_seed_003),
        cmocka_unit_test(test_seed_004),
        cmocka_unit_test(test_seed_000_every_cell),
        cmocka_unit_test(test_seed_001_every_cell),
        cmocka_unit_test(test_seed_002_every_cell),
        cmocka_unit_test(test_seed_004_every_cell),
        cmocka_unit_test(test_shape_cell_per_line),
        cmocka_unit_test(test_shape_tabs),
        cmocka_unit_test(test_shape_markdown),
        cmocka_unit_test(test_shape_html_table),
        cmocka_unit_test(test_shape_html_paragraphs),
        cmocka_unit_test(test_shape_fullwidth),
        cmocka_unit_test(test_shape_crlf),
        cmocka_unit_test(test_layout_2019),
        cmocka_unit_test(test_html_national_merged),
        cmocka_unit_test(test_blank_cells_hold_places),
        cmocka_unit_test(test_year_not_a_date),
        cmocka_unit_test(test_broken_and_misspelt_labels),
        cmocka_unit_test(test_cumulative_column_pipe),
        cmocka_unit_test(test_pinyin_only_after_traditional),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_error_binary),
        cmocka_unit_test(test_error_utf8),
        cmocka_unit_test(test_partial_truncated_t3),
        cmocka_unit_test(test_partial_truncated_t4),
        cmocka_unit_test(test_error_noise),
        cmocka_unit_test(test_partial_big_number),
        cmocka_unit_test(test_error_too_large),
        cmocka_unit_test(test_meta_cases),
        cmocka_unit_test(test_fuzz_regressions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
