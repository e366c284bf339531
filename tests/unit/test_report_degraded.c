/*
 * Unit tests for reading reports as they are actually found (issue 12):
 * the decoder of numbers printed without separators (rd_split, rd_solve_t3)
 * as tables of cases, and the degraded corpus.
 *
 * The degraded corpus is made here from the five seeds (shared/seeds) and
 * from reports gongkai renders itself in the 2021, 2019 and 2008 layouts
 * (figures drawn from a fixed-seed generator that obey R1–R4 and L1–L2).
 * Each report is degraded four ways — cells run together, the whole report
 * on one line, each row's label running on from the previous row's numbers,
 * labels wrapped over three lines with the numbers on the middle one — and
 * every degraded form must read to the same figures as the clean report: a
 * cell is either the same, or null with a READ error at its row that lists
 * the readings that fit (the truly ambiguous cells; for the seeds they are
 * listed below, for generated reports they are counted and bounded). A value
 * that differs is a failure. `report check` must give the same findings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_int.h"

/* ---- the decoder, as a table --------------------------------------------- */

struct split_case {
    const char *name;
    const char *toks[4];      /* runs of digits; "" ends */
    int ncells;
    enum rd_rowrule rule;
    int total;                /* readings that fit */
    const char *first;        /* the first reading, "a|b|c" (NULL: none) */
};

static const struct split_case split_cases[] = {
    {"issue 12 example: 53|0|0|1|0|3|57", {"530010357"}, 7, RD_RULE_SUM_LAST, 1, "53|0|0|1|0|3|57"},
    {"all zeros: one reading", {"0000000"}, 7, RD_RULE_SUM_LAST, 1, "0|0|0|0|0|0|0"},
    {"one digit a cell is forced", {"1000001"}, 7, RD_RULE_SUM_LAST, 1, "1|0|0|0|0|0|1"},
    {"zeros never lead a cell: no reading", {"1000010"}, 7, RD_RULE_SUM_LAST, 0, NULL},
    {"several readings fit the row total", {"110000011"}, 7, RD_RULE_SUM_LAST, 2, "1|10|0|0|0|0|11"},
    {"long numbers", {"1234000011235"}, 7, RD_RULE_SUM_LAST, 1, "1234|0|0|0|0|1|1235"},
    {"a number of ten digits is no count", {"1234567890"}, 1, RD_RULE_NONE, 0, NULL},
    {"too few digits", {"000000"}, 7, RD_RULE_SUM_LAST, 0, NULL},
    {"separated cells and a run", {"53", "00103", "57"}, 7, RD_RULE_SUM_LAST, 1, "53|0|0|1|0|3|57"},
    {"a row total that contradicts its cells: no reading", {"1000003"}, 7, RD_RULE_SUM_LAST, 0, NULL},
    {"... but the only cut exists", {"1000003"}, 7, RD_RULE_NONE, 1, "1|0|0|0|0|0|3"},
    {"table 四: fifteen cells by R4", {"101020001100000"}, 15, RD_RULE_GROUPS5, 1, "1|0|1|0|2|0|0|0|1|1|0|0|0|0|0"},
    {"table 四 with a two-digit total", {"5050100000000000"}, 15, RD_RULE_GROUPS5, 1,
     "5|0|5|0|10|0|0|0|0|0|0|0|0|0|0"},
    {"2008 with 历年累计: cumulative ≥ the year's", {"17192"}, 2, RD_RULE_CUM, 2, "1|7192"},
    {"2008 with 历年累计: one reading", {"520"}, 2, RD_RULE_CUM, 1, "5|20"},
    {"table 二 without arithmetic: ambiguous", {"2062"}, 3, RD_RULE_NONE, 2, "2|0|62"},
    {"table 二: one cut only", {"015"}, 3, RD_RULE_NONE, 1, "0|1|5"},
    {"more tokens than cells", {"1", "2", "3"}, 2, RD_RULE_NONE, 0, NULL},
};

static void reading_str(const double *v, int n, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n && k < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%g", i ? "|" : "", v[i]);
}

static void test_split_cases(void **s)
{
    (void)s;
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const struct split_case *c = &split_cases[i];
        struct rd_dtok t[4];
        int nt = 0;
        for (; nt < 4 && c->toks[nt] && c->toks[nt][0]; nt++)
            t[nt] = (struct rd_dtok){c->toks[nt], (int)strlen(c->toks[nt]), RPT_NULL, false};
        struct rd_reading r[8];
        int total;
        int n = rd_split(t, nt, c->ncells, c->rule, r, 8, &total);
        if (total != c->total)
            fail_msg("%s: %d readings, wanted %d", c->name, total, c->total);
        if (c->first) {
            char got[256];
            assert_true(n > 0);
            reading_str(r[0].v, c->ncells, got, sizeof got);
            if (strcmp(got, c->first) != 0)
                fail_msg("%s: first reading %s, wanted %s", c->name, got, c->first);
        }
    }
    /* a minus sign (本年增/减) makes the token's first cell negative */
    struct rd_dtok neg[2] = {{"46", 2, RPT_NULL, false}, {"2", 1, RPT_NULL, true}};
    struct rd_reading r[2];
    int total;
    rd_split(neg, 2, 2, RD_RULE_NONE, r, 2, &total);
    assert_int_equal(total, 1);
    assert_true(r[0].v[0] == 46 && r[0].v[1] == -2);
}

/* Table 三 jointly: a row with two readings is decided by R1 and R2. */
static void test_solve_t3(void **s)
{
    (void)s;
    struct rd_t3row *rows = calloc(APP_NROWS, sizeof *rows);
    /* new 1|10|0|0|0|0|11, nothing carried; 予以公开 printed "110000011" */
    static const double fixed_new[RPT_NCOLS] = {1, 10, 0, 0, 0, 0, 11};
    for (int i = 0; i < APP_NROWS; i++) {
        rows[i].nread = 1;
        for (int c = 0; c < RPT_NCOLS; c++)
            rows[i].read[0].v[c] = 0;
    }
    memcpy(rows[APP_NEW].read[0].v, fixed_new, sizeof fixed_new);
    memcpy(rows[APP_HANDLED_TOTAL].read[0].v, fixed_new, sizeof fixed_new);
    /* 予以公开 "110000011": 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11 (both obey R3) */
    struct rd_dtok t = {"110000011", 9, RPT_NULL, false};
    int total;
    rows[APP_GRANTED].nread = rd_split(&t, 1, RPT_NCOLS, RD_RULE_SUM_LAST, rows[APP_GRANTED].read, RD_T3_MAXREAD,
                                       &total);
    assert_int_equal(total, 2);
    assert_int_equal(rd_solve_t3(rows, true), 1);
    assert_true(rows[APP_GRANTED].joint);
    char got[128];
    reading_str(rows[APP_GRANTED].read[rows[APP_GRANTED].chosen].v, RPT_NCOLS, got, sizeof got);
    assert_string_equal(got, "1|10|0|0|0|0|11");
    /* without R2 (an outcome row missing) nothing decides it */
    for (int i = 0; i < APP_NROWS; i++)
        rows[i].chosen = -1, rows[i].joint = false, rows[i].fitmask = 0;
    rows[APP_HANDLED_TOTAL].nread = 0;
    assert_int_equal(rd_solve_t3(rows, false), 0);
    assert_int_equal(rows[APP_GRANTED].chosen, -1);
    free(rows);
}

/* ---- making the degraded corpus -------------------------------------------- */

enum dg { DG_CELLS, DG_ONELINE, DG_RUNON, DG_WRAP, DG_N };
static const char *const dg_names[DG_N] = {"cells run together", "one line", "labels run on", "labels wrapped"};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Cells run together: separators ('|', tabs, spaces) dropped, and a line of
 * numbers only (one cell per line) joined to the line before. */
static void dg_cells(const char *in, size_t n, buf *out)
{
    buf_reset(out);
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(in + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - in) : n;
        buf line;
        buf_init(&line);
        for (size_t k = i; k < e; k++)
            if (in[k] != '|' && in[k] != '\t' && in[k] != ' ' && in[k] != '\r')
                buf_putc(&line, in[k]);
        bool numbers = line.len > 0;
        for (size_t k = 0; k < line.len && numbers; k++)
            numbers = is_digit(line.data[k]) || line.data[k] == '-';
        if (numbers && out->len && out->data[out->len - 1] == '\n')
            out->len--;
        if (line.len)
            buf_append(out, line.data, line.len);
        if (line.len)
            buf_putc(out, '\n');
        buf_free(&line);
        i = e + 1;
    }
    if (!out->data)
        buf_puts(out, "");
}

static void dg_oneline(const char *in, size_t n, buf *out)
{
    buf c;
    buf_init(&c);
    dg_cells(in, n, &c);
    buf_reset(out);
    for (size_t i = 0; i < c.len; i++)
        if (c.data[i] != '\n')
            buf_putc(out, c.data[i]);
    buf_free(&c);
}

/* Each row's numbers start the next line, where the next row's label runs on from them. */
static void dg_runon(const char *in, size_t n, buf *out)
{
    buf c;
    buf_init(&c);
    dg_cells(in, n, &c);
    buf_reset(out);
    size_t i = 0;
    while (i < c.len) {
        const char *nl = memchr(c.data + i, '\n', c.len - i);
        size_t e = nl ? (size_t)(nl - c.data) : c.len;
        size_t k = e;
        while (k > i && (is_digit(c.data[k - 1]) || c.data[k - 1] == '-'))
            k--;
        if (k > i && k < e) {
            buf_append(out, c.data + i, k - i);
            buf_putc(out, '\n');
            buf_append(out, c.data + k, e - k);
        } else {
            buf_append(out, c.data + i, e - i);
            buf_putc(out, '\n');
        }
        i = e + 1;
    }
    buf_free(&c);
}

/* Labels wrapped as a PDF's text has them: a long label of a row with numbers
 * is cut in three, its middle on the line with the numbers. */
static void dg_wrap(const char *in, size_t n, buf *out)
{
    buf_reset(out);
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(in + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - in) : n;
        /* the label: up to the first separator */
        size_t k = i;
        while (k < e && in[k] != '|' && in[k] != '\t' && !(in[k] == ' ' && k + 1 < e && is_digit(in[k + 1])))
            k++;
        /* a row of a table: the label, then only separators and numbers */
        bool nums = false, cells_only = true;
        for (size_t j = k; j < e; j++) {
            nums |= is_digit(in[j]);
            cells_only &= is_digit(in[j]) || strchr("|\t -.,\r", in[j]) != NULL;
        }
        nums &= cells_only;
        size_t cps[256];
        int ncp = 0;
        for (size_t j = i; j < k && ncp < 256; j++)
            if (((unsigned char)in[j] & 0xC0) != 0x80)
                cps[ncp++] = j;
        if (nums && ncp >= 9 && k < e) {
            size_t a = cps[ncp / 3], b = cps[2 * ncp / 3];
            buf_append(out, in + i, a - i);
            buf_putc(out, '\n');
            buf_append(out, in + a, b - a);
            buf_append(out, in + k, e - k);
            buf_putc(out, '\n');
            buf_append(out, in + b, k - b);
            buf_putc(out, '\n');
        } else {
            buf_append(out, in + i, e - i);
            buf_putc(out, '\n');
        }
        i = e + 1;
    }
}

static void degrade(enum dg d, const char *in, size_t n, buf *out)
{
    switch (d) {
    case DG_CELLS: dg_cells(in, n, out); break;
    case DG_ONELINE: dg_oneline(in, n, out); break;
    case DG_RUNON: dg_runon(in, n, out); break;
    case DG_WRAP: dg_wrap(in, n, out); break;
    default: break;
    }
}

/* ---- comparing ------------------------------------------------------------- */

/* A cell of the model, its READ place and its row's reading. */
struct cell {
    double *clean, *got;
    char where[200];
};

/* Truly ambiguous cells of the seeds, with a reading that fits. */
struct ambiguous {
    const char *seed;
    unsigned forms;           /* 1u << dg */
    const char *where;        /* READ problem's place */
    const char *reading;      /* one of the readings it lists */
};
#define ALL_RUN ((1u << DG_CELLS) | (1u << DG_ONELINE) | (1u << DG_RUNON))
static const struct ambiguous seed_ambiguous[] = {
    /* 主动公开文件数 17, 历年累计 192: "17192" is also 1 | 7192 */
    {"002", ALL_RUN, "proactive.total", "17|192"},
    {"002", ALL_RUN, "proactive.website", "17|192"},
    /* 行政许可 printed with three numbers under a one-column header (seed 004): "934212" */
    {"004", ALL_RUN, "二/行政许可", "9|342|12"},
};

static bool has_read_error(const rpt *r, const char *where, const char *reading)
{
    for (size_t i = 0; i < r->nproblems; i++) {
        const struct rpt_problem *p = &r->problems[i];
        if (strcmp(p->rule, "READ") == 0 && p->severity == RPT_ERROR && strcmp(p->where, where) == 0 &&
            (!reading || strstr(p->message, reading) || strstr(p->message, "等共")))
            return true;
    }
    return false;
}

/* Where a READ problem names the row of a cell: "三/<label>", "二/<label>", "四", a legacy key. */
static void cell_where(int kind, int a, char *w, size_t cap)
{
    switch (kind) {
    case 0: snprintf(w, cap, "二/%s", rpt_pro_rows[rpt_pro_fields[a].row].label); break;
    case 1: snprintf(w, cap, "三/%s", rpt_app_rows[a].label); break;
    case 2: snprintf(w, cap, "四"); break;
    default: snprintf(w, cap, "%s", rpt_legacy_defs[a].key); break;
    }
}

/* The row's clean reading, as READ problems print it. */
static void cell_reading(const rpt *r, int kind, int a, char *out, size_t cap)
{
    out[0] = '\0';
    if (kind == 1)
        reading_str(r->app[a], RPT_NCOLS, out, cap);
    else if (kind == 2)
        reading_str(&r->rl[0][0], RL_NGROUPS * RL_NCOLS, out, cap);
    else if (kind == 3 && !rpt_is_null(r->legacy_cum[a]))
        snprintf(out, cap, "%g|%g", r->legacy[a], r->legacy_cum[a]);
}

/* Compares every figure; returns the number of ambiguous cells (null, with
 * their READ error); fails on any value that differs. */
static unsigned amb_tables;   /* bit per kind of cell (二, 三, 四, 2008) with an ambiguous cell */

static int compare(const rpt *clean, const rpt *got, const char *name, const char *seed, enum dg d)
{
    int amb = 0;
    amb_tables = 0;
    if ((clean->agency || got->agency) &&
        (!clean->agency || !got->agency || strcmp(clean->agency, got->agency) != 0))
        fail_msg("%s: agency %s, clean %s", name, got->agency ? got->agency : "null",
                 clean->agency ? clean->agency : "null");
    if (clean->year != got->year || clean->layout != got->layout)
        fail_msg("%s: year/layout %d/%d, clean %d/%d", name, got->year, got->layout, clean->year, clean->layout);
    for (int kind = 0; kind < 5; kind++) {
        int n = kind == 0 ? PRO_NFIELDS : kind == 1 ? APP_NROWS * RPT_NCOLS
                : kind == 2 ? RL_NGROUPS * RL_NCOLS : rpt_legacy_n;
        for (int i = 0; i < n; i++) {
            double a, b;
            int row = i;
            switch (kind) {
            case 0: a = clean->pro[i], b = got->pro[i]; break;
            case 1: a = clean->app[i / RPT_NCOLS][i % RPT_NCOLS], b = got->app[i / RPT_NCOLS][i % RPT_NCOLS];
                    row = i / RPT_NCOLS; break;
            case 2: a = clean->rl[i / RL_NCOLS][i % RL_NCOLS], b = got->rl[i / RL_NCOLS][i % RL_NCOLS]; break;
            case 3: a = clean->legacy[i], b = got->legacy[i]; break;
            default: a = clean->legacy_cum[i], b = got->legacy_cum[i]; break;
            }
            if ((rpt_is_null(a) && rpt_is_null(b)) || a == b)
                continue;
            char where[200], reading[400];
            cell_where(kind > 3 ? 3 : kind, row, where, sizeof where);
            if (rpt_is_null(b) && !rpt_is_null(a)) {
                const char *want = NULL;
                cell_reading(clean, kind > 3 ? 3 : kind, row, reading, sizeof reading);
                if (seed) {
                    for (size_t k = 0; k < sizeof seed_ambiguous / sizeof seed_ambiguous[0]; k++)
                        if (strcmp(seed_ambiguous[k].seed, seed) == 0 && (seed_ambiguous[k].forms >> d & 1) &&
                            strcmp(seed_ambiguous[k].where, where) == 0)
                            want = seed_ambiguous[k].reading;
                    if (!want)
                        fail_msg("%s: cell %d/%d (%s) missing, not in the list of ambiguous cells", name, kind, i,
                                 where);
                } else {
                    want = reading[0] ? reading : NULL;
                }
                if (!has_read_error(got, where, want))
                    fail_msg("%s: cell %d/%d (%s) is null without a READ error listing %s", name, kind, i, where,
                             want ? want : "its readings");
                amb++;
                amb_tables |= 1u << (kind > 3 ? 3 : kind);
                continue;
            }
            fail_msg("%s: cell %d/%d (%s) read %g, the clean report has %g", name, kind, i, where, b, a);
        }
    }
    return amb;
}

/* The findings of `report check`, as "RULE severity where" lines, READ ones
 * left out, and those of tables in skip (bits as amb_tables): a finding about
 * a table with an ambiguous (null) cell may differ. */
static void findings(rpt *r, buf *out, unsigned skip)
{
    static const char *const tables[] = {"二", "三", "四", "统计表"};
    rpt_check(r);
    buf_reset(out);
    for (size_t i = 0; i < r->nproblems; i++) {
        bool skipped = false;
        for (int k = 0; k < 4; k++)
            skipped |= (skip >> k & 1) && strncmp(r->problems[i].where, tables[k], strlen(tables[k])) == 0;
        if (strcmp(r->problems[i].rule, "READ") != 0 && !skipped)
            buf_printf(out, "%s %d %s\n", r->problems[i].rule, (int)r->problems[i].severity, r->problems[i].where);
    }
    if (!out->data)
        buf_puts(out, "");
}

static rpt *read_or_fail(const char *text, size_t n, const char *name)
{
    rpt *r = NULL;
    err e;
    err_clear(&e);
    if (rpt_read(text, n, name, &r, &e))
        fail_msg("%s: refused: %s", name, e.msg);
    return r;
}

/* Reads each degraded form of text and compares it with the clean reading.
 * Returns the ambiguous cells; *cells counts the cells compared. */
static int degraded_case(const char *text, size_t n, const char *name, const char *seed, int *cells)
{
    rpt *clean = read_or_fail(text, n, name);
    buf fc, fd, t;
    buf_init(&fc);
    buf_init(&fd);
    buf_init(&t);
    int amb = 0;
    for (int d = 0; d < DG_N; d++) {
        degrade((enum dg)d, text, n, &t);
        char dn[160];
        snprintf(dn, sizeof dn, "%s (%s)", name, dg_names[d]);
        const char *dump = getenv("GONGKAI_DEGRADED_DUMP");   /* a folder: keep the forms to look at */
        if (dump) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s.txt", dump, dn);
            err e;
            err_clear(&e);
            file_write_all(path, t.data, t.len, &e);
        }
        rpt *got = read_or_fail(t.data, t.len, dn);
        int a = compare(clean, got, dn, seed, (enum dg)d);
        amb += a;
        rpt *again = rpt_clone(clean);
        findings(again, &fc, amb_tables);
        rpt_free(again);
        findings(got, &fd, amb_tables);
        if (strcmp(fc.data, fd.data) != 0)
            fail_msg("%s: report check differs:\n--- clean\n%s--- degraded\n%s", dn, fc.data, fd.data);
        rpt_free(got);
    }
    for (int i = 0; i < PRO_NFIELDS; i++)
        *cells += !rpt_is_null(clean->pro[i]);
    for (int i = 0; i < APP_NROWS * RPT_NCOLS; i++)
        *cells += !rpt_is_null(clean->app[i / RPT_NCOLS][i % RPT_NCOLS]);
    for (int i = 0; i < RL_NGROUPS * RL_NCOLS; i++)
        *cells += !rpt_is_null(clean->rl[i / RL_NCOLS][i % RL_NCOLS]);
    for (int i = 0; i < rpt_legacy_n; i++)
        *cells += !rpt_is_null(clean->legacy[i]) + !rpt_is_null(clean->legacy_cum[i]);
    rpt_free(clean);
    buf_free(&fc);
    buf_free(&fd);
    buf_free(&t);
    return amb;
}

/* ---- the seeds ---------------------------------------------------------------- */

static bool read_path(const char *path, buf *b)
{
    err e;
    err_clear(&e);
    buf_init(b);
    return file_read_all(path, 8u << 20, b, &e) == 0;
}

static bool read_seed(const char *prefix, buf *out)
{
    const char *sh = getenv("GONGKAI_SHARED"), *src = getenv("GONGKAI_SRC");
    char dirs[3][1024];
    snprintf(dirs[0], sizeof dirs[0], "%s/seeds", sh && *sh ? sh : "/nonexistent");
    snprintf(dirs[1], sizeof dirs[1], "%s/tests/data/seeds", src && *src ? src : ".");
    snprintf(dirs[2], sizeof dirs[2], "%s", "tests/data/seeds");
    for (int k = 0; k < 3; k++) {
        DIR *d = opendir(dirs[k]);
        if (!d)
            continue;
        struct dirent *de;
        bool ok = false;
        while (!ok && (de = readdir(d)) != NULL) {
            if (strncmp(de->d_name, prefix, strlen(prefix)) != 0 || de->d_name[strlen(prefix)] != '_')
                continue;
            char path[2200];
            snprintf(path, sizeof path, "%s/%s", dirs[k], de->d_name);
            ok = read_path(path, out);
            if (!ok)
                buf_free(out);
        }
        closedir(d);
        if (ok)
            return true;
    }
    return false;
}

static void test_degraded_seeds(void **s)
{
    (void)s;
    static const char *const seeds[] = {"000", "001", "002", "003", "004"};
    int cells = 0, amb = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        buf b;
        if (!read_seed(seeds[i], &b))
            fail_msg("seed %s not found (tests/data/seeds)", seeds[i]);
        char name[32];
        snprintf(name, sizeof name, "seed %s", seeds[i]);
        amb += degraded_case(b.data, b.len, name, seeds[i], &cells);
        buf_free(&b);
    }
    print_message("# seeds: %d cells x %d forms, %d ambiguous (listed)\n", cells, DG_N, amb);
}

/* ---- reports gongkai renders --------------------------------------------------- */

static uint32_t lcg;
static int rnd(int n) { lcg = lcg * 1103515245u + 12345u; return (int)((lcg >> 16) % (uint32_t)n); }
/* Mostly zeros, now and then a number of one to four digits, as reports have them. */
static double count(void)
{
    int k = rnd(10);
    return k < 6 ? 0 : k < 8 ? 1 + rnd(9) : k < 9 ? 10 + rnd(90) : 100 + rnd(2000);
}

static const char *const agencies[] = {
    "舟山市定海区民政局", "某县人民政府办公室", "某市高新技术产业开发区管理委员会", "某区城关街道办事处",
    "某省生态环境厅", "某市交通运输局",
};

static rpt *gen_national(enum rpt_layout l, int k)
{
    rpt *r = rpt_new();
    rpt_set_agency(r, agencies[k % 6]);
    r->year = l == RPT_LAYOUT_2019 ? 2020 : 2022;
    r->layout = l;
    unsigned bit = RPT_LAYOUT_BIT(l);
    for (int f = 0; f < PRO_NFIELDS; f++)
        if (rpt_pro_fields[f].layouts & bit)
            r->pro[f] = count();
    if (l == RPT_LAYOUT_2021) {
        r->pro[PRO_RULES_IN_FORCE] += r->pro[PRO_RULES_ISSUED];
        r->pro[PRO_NORM_IN_FORCE] += r->pro[PRO_NORM_ISSUED];
    }
    bool l19 = l == RPT_LAYOUT_2019;
    for (int c = 0; c < COL_TOTAL; c++) {
        double handled = 0;
        for (int i = 0; i < APP_NROWS; i++) {
            if (!rpt_app_rows[i].outcome || (l19 && !rpt_app_rows[i].in_2019))
                continue;
            r->app[i][c] = rnd(3) ? 0 : count();
            handled += r->app[i][c];
        }
        r->app[APP_HANDLED_TOTAL][c] = handled;
        r->app[APP_CARRIED_IN][c] = rnd(4) ? 0 : rnd(4);
        r->app[APP_CARRIED_OUT][c] = rnd(4) ? 0 : rnd(4);
        double nw = handled + r->app[APP_CARRIED_OUT][c] - r->app[APP_CARRIED_IN][c];
        if (nw < 0) {
            r->app[APP_CARRIED_IN][c] += nw;
            nw = 0;
        }
        r->app[APP_NEW][c] = nw;
    }
    for (int i = 0; i < APP_NROWS; i++) {
        if (rpt_is_null(r->app[i][0]))
            continue;
        double t = 0;
        for (int c = 0; c < COL_TOTAL; c++)
            t += r->app[i][c];
        r->app[i][COL_TOTAL] = t;
    }
    for (int g = 0; g < RL_NGROUPS; g++) {
        double t = 0;
        for (int c = 0; c < RL_TOTAL; c++)
            t += r->rl[g][c] = rnd(3) ? 0 : rnd(12);
        r->rl[g][RL_TOTAL] = t;
    }
    return r;
}

static void set_leg(rpt *r, const char *key, double v)
{
    int k = rpt_legacy_index(key);
    assert_true(k >= 0);
    r->legacy[k] = v;
}

static rpt *gen_2008(int k)
{
    rpt *r = rpt_new();
    rpt_set_agency(r, agencies[k % 6]);
    r->year = 2015;
    r->layout = RPT_LAYOUT_2008;
    double web = count(), gaz = count();
    set_leg(r, "proactive.total", web > gaz ? web : gaz);
    set_leg(r, "proactive.website", web);
    set_leg(r, "proactive.gazette", gaz);
    double a = count(), b = count(), c = count();
    set_leg(r, "applications.received", a + b + c);
    set_leg(r, "applications.in_person", a);
    set_leg(r, "applications.online", b);
    set_leg(r, "applications.letter", c);
    double on = count(), ext = rnd(3);
    set_leg(r, "applications.completed", on + ext);
    set_leg(r, "applications.on_time", on);
    set_leg(r, "applications.extended", ext);
    set_leg(r, "review.total", 0);
    set_leg(r, "litigation.total", 0);
    set_leg(r, "complaints", rnd(3));
    return r;
}

static void test_degraded_rendered(void **s)
{
    (void)s;
    int cells = 0, amb = 0, reports = 0;
    lcg = 20240601u;
    static const enum rpt_layout layouts[] = {RPT_LAYOUT_2021, RPT_LAYOUT_2019, RPT_LAYOUT_2008};
    for (int li = 0; li < 3; li++) {
        for (int k = 0; k < 12; k++) {
            rpt *m = layouts[li] == RPT_LAYOUT_2008 ? gen_2008(k) : gen_national(layouts[li], k);
            buf txt;
            buf_init(&txt);
            err e;
            err_clear(&e);
            assert_int_equal(rpt_render(m, RPT_FMT_TXT, &txt, &e), 0);
            char name[96];
            snprintf(name, sizeof name, "rendered %s #%d", rpt_layout_name(layouts[li]), k);
            /* the clean rendering reads back to the model */
            rpt *clean = read_or_fail(txt.data, txt.len, name);
            compare(m, clean, name, "-", DG_N);
            rpt_free(clean);
            amb += degraded_case(txt.data, txt.len, name, NULL, &cells);
            reports++;
            buf_free(&txt);
            rpt_free(m);
        }
    }
    print_message("# rendered: %d reports, %d cells x %d forms, %d ambiguous (%.2f%%)\n", reports, cells, DG_N, amb,
                  100.0 * amb / (cells * DG_N));
    /* ambiguity is the exception: most run-together cells have one reading */
    assert_true(amb * 20 < cells * DG_N);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_cases),
        cmocka_unit_test(test_solve_t3),
        cmocka_unit_test(test_degraded_seeds),
        cmocka_unit_test(test_degraded_rendered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
