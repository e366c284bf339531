/*
 * report — reading a report back from an .xlsx workbook: the workbooks
 * rpt_render_xlsx writes, and sheets laid out like the national tables.
 *
 * The archive is opened with libzip from memory; the workbook, its
 * relationships, the shared strings and every worksheet are parsed with
 * libxml2 (no network, no entity expansion, entries capped in size). Each
 * sheet becomes a grid of cells; the grid is then read the way a person reads
 * the printed tables: by their labels and headers, not by fixed positions.
 *  - table 二: a row "信息内容 | header…" names the columns of the rows below;
 *  - table 三: the header row 商业企业 … 其他 (with 自然人 and 总计 above)
 *    names the applicant columns; the rows are known by their labels within
 *    the group that a merged label (（三）不予公开 …) opened;
 *  - table 四: 行政复议 / 未经复议直接起诉 / 复议后起诉 divide the columns, the
 *    row under the headers holds the figures;
 *  - the 2008 statistics table: 统计指标 | 单位 | 统计数 (| 历年累计);
 *  - the narrative layout's list: 统计指标 | 数量 | 单位 under 报告正文中的统计数字.
 * A blank cell is a figure the report does not give (null).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "report/report.h"

/* Decompression caps (issue 11: a 128 KB workbook once unpacked to 1.8 GB
 * of XML and DOM before it was refused). An annual report's parts are tens
 * of kilobytes; libxml2's tree takes about ten times a part's size. */
#define MAX_ENTRY (4u << 20)     /* bytes of one XML part, unpacked */
#define MAX_UNPACKED (16u << 20) /* bytes of all parts read from one workbook */
#define MAX_RATIO 200            /* unpacked / packed bytes of a part ... */
#define RATIO_FROM (1u << 20)    /* ... checked once a part passes this size */
#define MAX_CELLS 200000         /* cells of one sheet (dense grid) */
#define MAX_SHEETS 64

/* ---- the archive --------------------------------------------------------- */

static int zip_entry(zip_t *z, const char *name, buf *out, size_t *unpacked, const char *source, err *e,
                     bool required)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0) {
        if (!required)
            return GK_ENOTFOUND;
        return err_set(e, GK_EINVAL, source, "not a report workbook: part %s is missing", name);
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > MAX_ENTRY)
        return err_set(e, GK_EINVAL, source, "part %s is too large (%llu bytes unpacked, at most %u)", name,
                       (unsigned long long)st.size, MAX_ENTRY);
    zip_uint64_t packed = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size ? st.comp_size : 1;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return err_set(e, GK_EINVAL, source, "part %s cannot be read: %s", name, zip_strerror(z));
    buf_reset(out);
    buf_reserve(out, (size_t)st.size + 1);
    char tmp[16384];
    zip_int64_t got;
    while ((got = zip_fread(f, tmp, sizeof tmp)) > 0) {
        /* the sizes the archive declares may lie: count what comes out */
        size_t len = out->len + (size_t)got;
        const char *why = len > MAX_ENTRY                 ? "is too large unpacked"
                          : *unpacked + len > MAX_UNPACKED ? "takes the workbook past its unpacked size limit"
                          : len > RATIO_FROM && len / packed > MAX_RATIO ? "unpacks to over 200 times its packed size"
                                                                         : NULL;
        if (why) {
            zip_fclose(f);
            return err_set(e, GK_EINVAL, source, "part %s %s (a decompression bomb?): refused", name, why);
        }
        buf_append(out, tmp, (size_t)got);
    }
    *unpacked += out->len;
    bool bad = got < 0;
    zip_fclose(f);
    if (bad)
        return err_set(e, GK_EINVAL, source, "part %s is damaged", name);
    if (!out->data)
        buf_puts(out, "");
    return 0;
}

static xmlDoc *parse_xml(const buf *b, const char *name, const char *source, err *e)
{
    xmlDoc *d = xmlReadMemory(b->data, (int)b->len, name, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) {
        err_set(e, GK_EINVAL, source, "part %s is not well-formed XML", name);
        return NULL;
    }
    /* Office parts never declare a DTD; one that does could define entities
     * that expand without end when the text is read: refuse it. */
    if (d->intSubset || d->extSubset) {
        xmlFreeDoc(d);
        err_set(e, GK_EINVAL, source, "part %s declares a DTD, which a workbook never does", name);
        return NULL;
    }
    return d;
}

static bool is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) {
        /* r:id and friends live in a namespace */
        for (xmlAttr *a = n->properties; a; a = a->next)
            if (strcmp((const char *)a->name, name) == 0) {
                v = xmlNodeGetContent((xmlNode *)a);
                break;
            }
    }
    if (!v)
        return NULL;
    char *s = xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* Text of the <t> elements under n (leaving out phonetic runs <rPh>). */
static void collect_t(const xmlNode *n, buf *out)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "rPh"))
            continue;
        if (is(k, "t")) {
            xmlChar *v = xmlNodeGetContent(k);
            if (v) {
                buf_puts(out, (const char *)v);
                xmlFree(v);
            }
        } else if (k->type == XML_ELEMENT_NODE) {
            collect_t(k, out);
        }
    }
}

/* ---- the grid ------------------------------------------------------------- */

struct xcell {
    bool set, num;
    double v;
    char *s;      /* text, or NULL */
};

struct xsheet {
    char *name;
    int rows, cols;
    struct xcell *c;   /* rows * cols */
};

static struct xcell *X(const struct xsheet *s, int r, int c)
{
    static struct xcell none;
    if (r < 0 || c < 0 || r >= s->rows || c >= s->cols)
        return &none;
    return &s->c[r * s->cols + c];
}

/* "B12" -> row 11, col 1 */
static bool cell_ref(const char *ref, int *row, int *col)
{
    int c = 0, r = 0, nl = 0, nd = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && nl < 4; p++, nl++)
        c = c * 26 + (*p - 'A' + 1);
    for (; *p >= '0' && *p <= '9' && nd < 8; p++, nd++)
        r = r * 10 + (*p - '0');
    if (!nl || !nd || *p)
        return false;
    *row = r - 1, *col = c - 1;
    return true;
}

struct raw { int r, c; bool num; double v; char *s; };

/* The cells read from a sheet, before they are laid out in a grid. */
struct rawlist {
    struct raw *v;
    size_t n, cap;
    int maxr, maxc;
};

/* The value of one <c> of type t ("s", "str", "inlineStr", "b", "e" or
 * none): a shared string, a text, or a number. */
static void cell_value(xmlNode *c, const char *t, char **sst, size_t nsst, struct raw *x)
{
    buf v;
    buf_init(&v);
    for (xmlNode *k = c->children; k; k = k->next) {
        if (is(k, "v")) {
            xmlChar *s = xmlNodeGetContent(k);
            if (s) {
                buf_puts(&v, (const char *)s);
                xmlFree(s);
            }
        } else if (is(k, "is")) {
            collect_t(k, &v);
        }
    }
    const char *vs = v.data ? v.data : "";
    if (t && strcmp(t, "s") == 0) {
        char *end;
        long i = strtol(vs, &end, 10);
        if (*vs && !*end && i >= 0 && (size_t)i < nsst)
            x->s = xstrdup(sst[i]);
    } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0 || strcmp(t, "b") == 0 ||
                     strcmp(t, "e") == 0)) {
        x->s = xstrdup(vs);
    } else if (*vs) {
        char *end;
        x->v = strtod(vs, &end);
        x->num = !*end;
        if (!x->num)
            x->s = xstrdup(vs);
    }
    buf_free(&v);
}

/* Reads one <c> into l (an empty cell, or one far outside any report table,
 * adds nothing). */
static int sheet_cell(xmlNode *c, char **sst, size_t nsst, struct rawlist *l, const char *part,
                      const char *source, err *e)
{
    char *ref = attr(c, "r"), *t = attr(c, "t");
    int rr, cc, rc = 0;
    if (!ref || !cell_ref(ref, &rr, &cc)) {
        rc = err_set(e, GK_EINVAL, source, "%s: a cell without a valid reference", part);
    } else if (rr < 100000 && cc < 200) {
        struct raw x = {rr, cc, false, 0, NULL};
        cell_value(c, t, sst, nsst, &x);
        if (x.num || (x.s && *x.s)) {
            if (l->n == l->cap) {
                l->cap = l->cap ? 2 * l->cap : 256;
                l->v = xrealloc(l->v, l->cap * sizeof *l->v);
            }
            l->v[l->n++] = x;
            if (rr + 1 > l->maxr)
                l->maxr = rr + 1;
            if (cc + 1 > l->maxc)
                l->maxc = cc + 1;
        } else {
            free(x.s);
        }
    }
    free(ref);
    free(t);
    return rc;
}

static int read_sheet(zip_t *z, const char *part, char **sst, size_t nsst, struct xsheet *sh,
                      size_t *unpacked, const char *source, err *e)
{
    buf b;
    buf_init(&b);
    int rc = zip_entry(z, part, &b, unpacked, source, e, true);
    if (rc) {
        buf_free(&b);
        return rc;
    }
    xmlDoc *d = parse_xml(&b, part, source, e);
    buf_free(&b);
    if (!d)
        return GK_EINVAL;
    struct rawlist l = {0};
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *sd = root ? root->children : NULL; sd && !rc; sd = sd->next) {
        if (!is(sd, "sheetData"))
            continue;
        for (xmlNode *row = sd->children; row && !rc; row = row->next)
            for (xmlNode *c = is(row, "row") ? row->children : NULL; c && !rc; c = c->next)
                if (is(c, "c"))
                    rc = sheet_cell(c, sst, nsst, &l, part, source, e);
    }
    xmlFreeDoc(d);
    if (!rc && (size_t)l.maxr * (size_t)l.maxc > MAX_CELLS)
        rc = err_set(e, GK_EINVAL, source, "%s: the sheet is too large for a report table", part);
    if (!rc) {
        sh->rows = l.maxr, sh->cols = l.maxc;
        sh->c = xcalloc((size_t)l.maxr * (size_t)l.maxc + 1, sizeof *sh->c);
        for (size_t i = 0; i < l.n; i++) {
            struct xcell *x = &sh->c[l.v[i].r * l.maxc + l.v[i].c];
            free(x->s);
            x->set = true, x->num = l.v[i].num, x->v = l.v[i].v, x->s = l.v[i].s;
            l.v[i].s = NULL;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i].s);
    free(l.v);
    return rc;
}

static void free_sheet(struct xsheet *s)
{
    for (int i = 0; i < s->rows * s->cols; i++)
        free(s->c[i].s);
    free(s->c);
    free(s->name);
}

/* ---- matching labels ------------------------------------------------------ */

static bool is_cn_digit(uint32_t cp)
{
    static const char digits[] = "一二三四五六七八九十";
    char enc[5] = {0};
    utf8_encode(cp, enc);
    return strstr(digits, enc) != NULL;
}

/* Folded (full-width to ASCII), spaces and line breaks removed, leading
 * numbering ("一、", "（一）", "1.", "(1)", "其中：") stripped. */
static char *norm(const char *s)
{
    if (!s)
        return xstrdup("");
    char *f = utf8_fold(s, strlen(s));
    buf b;
    buf_init(&b);
    for (const char *p = f; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
            buf_putc(&b, *p);
    free(f);
    char *t = b.data ? b.data : xstrdup("");
    for (bool again = true; again;) {
        again = false;
        size_t n = strlen(t);
        const char *p = t;
        static const char qz[] = "其中:";
        if (strncmp(p, qz, sizeof qz - 1) == 0) {
            memmove(t, t + sizeof qz - 1, n - (sizeof qz - 1) + 1);
            again = true;
            continue;
        }
        /* (一) / (1) */
        if (*p == '(') {
            const char *q = p + 1;
            uint32_t cp;
            int l;
            while (*q && (l = utf8_decode(q, strlen(q), &cp)) > 0 &&
                   (is_cn_digit(cp) || (cp >= '0' && cp <= '9')))
                q += l;
            if (*q == ')' && q > p + 1) {
                memmove(t, q + 1, strlen(q + 1) + 1);
                again = true;
                continue;
            }
        }
        /* 一、 / 1. / 1、 */
        const char *q = p;
        uint32_t cp;
        int l;
        bool cn = false, dig = false;
        while (*q && (l = utf8_decode(q, strlen(q), &cp)) > 0 &&
               ((is_cn_digit(cp) && !dig) || (cp >= '0' && cp <= '9' && !cn))) {
            cn |= is_cn_digit(cp), dig |= cp >= '0' && cp <= '9';
            q += l;
        }
        if (q > p) {
            if (strncmp(q, "、", 3) == 0) {
                memmove(t, q + 3, strlen(q + 3) + 1);
                again = true;
            } else if (dig && *q == '.' && !(q[1] >= '0' && q[1] <= '9')) {
                memmove(t, q + 1, strlen(q + 1) + 1);
                again = true;
            }
        }
    }
    return t;
}

static bool cell_is(const struct xcell *x, const char *label)
{
    if (!x->s)
        return false;
    char *a = norm(x->s), *b = norm(label);
    bool eq = strcmp(a, b) == 0;
    free(a);
    free(b);
    return eq;
}

/* Finds the first cell whose label is `label` (normalized); false if none. */
static bool find(const struct xsheet *s, const char *label, int from_row, int *row, int *col)
{
    for (int r = from_row; r < s->rows; r++)
        for (int c = 0; c < s->cols; c++)
            if (cell_is(X(s, r, c), label)) {
                *row = r, *col = c;
                return true;
            }
    return false;
}

/* A cell's figure: a number, null for blank (or a dash), else a problem. */
static double figure(rpt *r, const struct xsheet *s, int row, int col, const char *where)
{
    const struct xcell *x = X(s, row, col);
    if (x->num)
        return x->v;
    if (!x->s || !*x->s)
        return RPT_NULL;
    char *n = norm(x->s);
    double v = RPT_NULL;
    if (strcmp(n, "-") != 0 && strcmp(n, "/") != 0 && strcmp(n, "—") != 0) {
        char *end;
        double d = strtod(n, &end);
        if (*n && !*end && fabs(d) <= 1e15)
            v = d;
        else
            rpt_add_problem(r, "READ", RPT_WARNING, where, "单元格 %s!R%dC%d 不是数字：%s",
                            s->name, row + 1, col + 1, x->s);
    }
    free(n);
    return v;
}

/* ---- the tables ------------------------------------------------------------ */

static bool read_t2(rpt *r, const struct xsheet *s, bool *is2019)
{
    bool found = false;
    for (int row = 0; row < s->rows; row++) {
        int c0 = -1;
        for (int c = 0; c < s->cols && c0 < 0; c++)
            if (cell_is(X(s, row, c), "信息内容"))
                c0 = c;
        if (c0 < 0)
            continue;
        found = true;
        /* the columns this header names */
        const char *heads[64] = {0};
        for (int c = c0 + 1; c < s->cols && c < 64; c++)
            heads[c] = X(s, row, c)->s;
        for (int rr = row + 1; rr < s->rows; rr++) {
            const struct xcell *lab = X(s, rr, c0);
            int pr = -1;
            for (int i = 0; i < rpt_pro_nrows && pr < 0; i++)
                if (cell_is(lab, rpt_pro_rows[i].label) ||
                    (rpt_pro_rows[i].label_2019 && cell_is(lab, rpt_pro_rows[i].label_2019)))
                    pr = i;
            if (pr < 0)
                break;
            if (rpt_pro_rows[pr].label_2019 && cell_is(lab, rpt_pro_rows[pr].label_2019) &&
                !cell_is(lab, rpt_pro_rows[pr].label))
                *is2019 = true;
            for (int c = c0 + 1; c < s->cols && c < 64; c++) {
                if (!heads[c])
                    continue;
                /* the header names a key (本年处理决定数量 → decisions); the
                 * field is this row's field with that key */
                int f = -1;
                const char *key = NULL;
                struct xcell hc = {.s = (char *)heads[c]};
                for (int i = 0; i < PRO_NFIELDS && !key; i++)
                    if (cell_is(&hc, rpt_pro_fields[i].header))
                        key = rpt_pro_fields[i].key;
                for (int i = 0; i < PRO_NFIELDS && f < 0 && key; i++)
                    if (rpt_pro_fields[i].row == pr && strcmp(rpt_pro_fields[i].key, key) == 0)
                        f = i;
                char where[160];
                snprintf(where, sizeof where, "二/%s", rpt_pro_rows[pr].label);
                if (f < 0) {
                    if (X(s, rr, c)->set)
                        rpt_add_problem(r, "READ", RPT_WARNING, where, "列“%s”不是表二的栏目", heads[c]);
                    continue;
                }
                r->pro[f] = figure(r, s, rr, c, where);
            }
        }
    }
    return found;
}

/* The group of table 三 a label opens (（三）不予公开 → "withheld"), or NULL. */
static const char *t3_group_of(const struct xcell *x)
{
    for (int i = 0; i < APP_NROWS; i++)
        if (rpt_app_rows[i].group_label && cell_is(x, rpt_app_rows[i].group_label))
            return rpt_app_rows[i].group;
    return NULL;
}

static bool read_t3(rpt *r, const struct xsheet *s, bool *single_other)
{
    int hr, hc;
    if (!find(s, rpt_col_labels[COL_COMMERCIAL], 0, &hr, &hc))
        return false;
    int col[RPT_NCOLS];
    for (int k = 0; k < RPT_NCOLS; k++)
        col[k] = -1;
    for (int c = 0; c < s->cols; c++)
        for (int k = COL_COMMERCIAL; k <= COL_OTHER; k++)
            if (cell_is(X(s, hr, c), rpt_col_labels[k]))
                col[k] = c;
    for (int rr = hr - 2; rr <= hr; rr++)
        for (int c = 0; c < s->cols; c++) {
            if (cell_is(X(s, rr, c), rpt_col_labels[COL_NATURAL]))
                col[COL_NATURAL] = c;
            if (cell_is(X(s, rr, c), rpt_col_labels[COL_TOTAL]))
                col[COL_TOTAL] = c;
        }
    int first = s->cols;
    for (int k = 0; k < RPT_NCOLS; k++) {
        if (col[k] < 0)
            return false;
        if (col[k] < first)
            first = col[k];
    }
    const char *group = NULL;
    bool seen[APP_NROWS] = {0};
    for (int rr = hr + 1; rr < s->rows; rr++) {
        /* the labels left of the figures: a group label, then the row's own */
        int row = -1;
        for (int c = 0; c < first; c++) {
            const struct xcell *x = X(s, rr, c);
            if (!x->s)
                continue;
            const char *g = t3_group_of(x);
            if (g) {
                group = g;
                /* the 2019 layout's single （六）其他处理 row holds figures itself */
                if (strcmp(g, "other") == 0 && c + 1 < first && !X(s, rr, c + 1)->s) {
                    row = APP_O_OTHER;
                    *single_other = true;
                }
                continue;
            }
            for (int i = 0; i < APP_NROWS && row < 0; i++) {
                const struct rpt_app_row_def *d = &rpt_app_rows[i];
                if (d->group && (!group || strcmp(group, d->group) != 0))
                    continue;
                if (cell_is(x, d->label)) {
                    row = i;
                    if (!d->group)
                        group = NULL;
                }
            }
        }
        if (row < 0 || seen[row])
            continue;
        seen[row] = true;
        buf where;
        buf_init(&where);
        buf_puts(&where, "三/");
        rpt_app_row_name(row, &where);
        for (int k = 0; k < RPT_NCOLS; k++)
            r->app[row][k] = figure(r, s, rr, col[k], where.data);
        buf_free(&where);
        if (row == APP_CARRIED_OUT)
            break;
    }
    return true;
}

static bool read_t4(rpt *r, const struct xsheet *s)
{
    int r1, cd, r2, ca, rr_, cr;
    if (!find(s, rpt_rl_group_labels[RL_LIT_DIRECT], 0, &r1, &cd) ||
        !find(s, rpt_rl_group_labels[RL_LIT_AFTER_REVIEW], 0, &r2, &ca) ||
        !find(s, rpt_rl_group_labels[RL_REVIEW], 0, &rr_, &cr))
        return false;
    int col[RL_NGROUPS][RL_NCOLS];
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int k = 0; k < RL_NCOLS; k++)
            col[g][k] = -1;
    int last = r1 > r2 ? r1 : r2;
    for (int row = rr_; row <= r1 + 1 && row < s->rows; row++)
        for (int c = 0; c < s->cols; c++)
            for (int k = 0; k < RL_NCOLS; k++)
                if (cell_is(X(s, row, c), rpt_rl_col_labels[k])) {
                    int g = c >= ca ? RL_LIT_AFTER_REVIEW : c >= cd ? RL_LIT_DIRECT : RL_REVIEW;
                    col[g][k] = c;
                    if (row > last)
                        last = row;
                }
    int data = last + 1;
    for (int g = 0; g < RL_NGROUPS; g++)
        for (int k = 0; k < RL_NCOLS; k++) {
            if (col[g][k] < 0)
                return false;
            char where[96];
            snprintf(where, sizeof where, "四/%s/%s", rpt_rl_group_labels[g], rpt_rl_col_labels[k]);
            r->rl[g][k] = figure(r, s, data, col[g][k], where);
        }
    return true;
}

/* The legacy key a label names, preferring the one under the current context
 * (被依法纠错数 is both review.corrected and litigation.corrected). */
static int legacy_of(const struct xcell *x, int context)
{
    int found = -1;
    for (int i = 0; i < rpt_legacy_n; i++) {
        bool m = false;
        for (int k = 0; k < 6 && rpt_legacy_defs[i].labels[k] && !m; k++)
            m = cell_is(x, rpt_legacy_defs[i].labels[k]);
        if (!m)
            continue;
        if (found < 0)
            found = i;
        for (const char *p = rpt_legacy_defs[i].parent; p && context >= 0;) {
            if (strcmp(p, rpt_legacy_defs[context].key) == 0)
                return i;
            int pi = rpt_legacy_index(p);
            p = pi >= 0 ? rpt_legacy_defs[pi].parent : NULL;
        }
    }
    return found;
}

/* 2008 statistics table and the narrative list share this reader: a label
 * column, a unit column and one or two figure columns. */
static bool read_stats(rpt *r, const struct xsheet *s, bool narrative)
{
    int hr, lc;
    if (!find(s, "统计指标", 0, &hr, &lc) && !find(s, "指标名称", 0, &hr, &lc))
        return false;
    int vc = -1, cc = -1;
    for (int c = 0; c < s->cols; c++) {
        const struct xcell *x = X(s, hr, c);
        if (cell_is(x, "统计数") || cell_is(x, "数量") || (x->num && x->v >= 1990 && x->v <= 2100) ||
            (x->s && r->year && atoi(x->s) == r->year))
            vc = vc < 0 ? c : vc;
        if (cell_is(x, "历年累计"))
            cc = c;
    }
    if (vc < 0)
        return false;
    int context = -1;
    for (int rr = hr + 1; rr < s->rows; rr++) {
        const struct xcell *x = X(s, rr, lc);
        if (!x->s)
            continue;
        int i = legacy_of(x, context);
        if (i < 0)
            continue;
        if (!rpt_legacy_defs[i].parent)
            context = i;
        char where[300];
        snprintf(where, sizeof where, "%s/%s", narrative ? "正文" : "统计表", rpt_legacy_defs[i].labels[0]);
        r->legacy[i] = figure(r, s, rr, vc, where);
        if (cc >= 0)
            r->legacy_cum[i] = figure(r, s, rr, cc, where);
        if (narrative && !rpt_is_null(r->legacy[i]))
            r->legacy_from_text[i] = true;
    }
    return true;
}

/* Agency and year from a title like "XX市民政局2023年政府信息公开工作年度报告". */
static void read_title(rpt *r, const struct xsheet *s)
{
    for (int row = 0; row < s->rows && row < 6; row++)
        for (int c = 0; c < s->cols; c++) {
            const char *t = X(s, row, c)->s;
            if (!t || !strstr(t, "年度报告"))
                continue;
            const char *y = NULL;
            for (const char *p = t; *p; p++)
                if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
                    p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && strncmp(p + 4, "年", 3) == 0 &&
                    (p == t || !(p[-1] >= '0' && p[-1] <= '9'))) {
                    y = p;
                    break;
                }
            const char *end = y ? y : strstr(t, "政府信息公开");
            if (y)
                r->year = atoi(y);
            if (end && end > t && !r->agency) {
                char *a = xstrndup(t, (size_t)(end - t));
                rpt_set_agency(r, a);
                free(a);
            }
            return;
        }
}

/* ---- the workbook ------------------------------------------------------------ */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }   /* before any thread parses */

/* One workbook being read: its parts, shared strings and sheets. */
struct xbook {
    zip_t *z;
    const char *source;
    size_t unpacked;   /* bytes of all parts read so far (MAX_UNPACKED) */
    buf b;             /* the part being read */
    char **sst;        /* shared strings */
    size_t nsst, capsst;
    struct xsheet sheets[MAX_SHEETS];
    int nsheets;
};

/* Shared strings (optional: a workbook of numbers has none). */
static int book_strings(struct xbook *bk, err *e)
{
    int rc = zip_entry(bk->z, "xl/sharedStrings.xml", &bk->b, &bk->unpacked, bk->source, e, false);
    if (rc == GK_ENOTFOUND)
        return 0;
    if (rc)
        return rc;
    xmlDoc *d = parse_xml(&bk->b, "xl/sharedStrings.xml", bk->source, e);
    if (!d)
        return GK_EINVAL;
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *si = root ? root->children : NULL; si; si = si->next) {
        if (!is(si, "si"))
            continue;
        buf t;
        buf_init(&t);
        collect_t(si, &t);
        if (bk->nsst == bk->capsst) {
            bk->capsst = bk->capsst ? 2 * bk->capsst : 64;
            bk->sst = xrealloc(bk->sst, bk->capsst * sizeof *bk->sst);
        }
        bk->sst[bk->nsst++] = t.data ? buf_detach(&t) : xstrdup("");
    }
    xmlFreeDoc(d);
    return 0;
}

/* The part a sheet's relationship id points to (caller frees), or NULL. */
static char *sheet_target(xmlDoc *rels, const char *rid)
{
    char *target = NULL;
    xmlNode *rr = xmlDocGetRootElement(rels);
    for (xmlNode *rel = rr ? rr->children : NULL; rel && rid && !target; rel = rel->next) {
        if (!is(rel, "Relationship"))
            continue;
        char *id = attr(rel, "Id");
        if (id && strcmp(id, rid) == 0)
            target = attr(rel, "Target");
        free(id);
    }
    return target;
}

/* Reads the sheet of one <sheet> element of the workbook into bk->sheets. */
static int book_sheet(struct xbook *bk, xmlNode *sh, xmlDoc *rels, err *e)
{
    char *name = attr(sh, "name"), *rid = attr(sh, "id");
    char *target = sheet_target(rels, rid);
    int rc = 0;
    if (target) {
        char part[512];
        if (target[0] == '/')
            snprintf(part, sizeof part, "%s", target + 1);
        else
            snprintf(part, sizeof part, "xl/%s", target);
        struct xsheet *x = &bk->sheets[bk->nsheets];
        memset(x, 0, sizeof *x);
        x->name = xstrdup(name ? name : part);
        rc = read_sheet(bk->z, part, bk->sst, bk->nsst, x, &bk->unpacked, bk->source, e);
        if (rc)
            free(x->name);
        else
            bk->nsheets++;
    }
    free(name);
    free(rid);
    free(target);
    return rc;
}

/* Sheets in workbook order, their parts from the relationships. */
static int book_sheets(struct xbook *bk, err *e)
{
    int rc = zip_entry(bk->z, "xl/workbook.xml", &bk->b, &bk->unpacked, bk->source, e, true);
    if (rc)
        return rc;
    xmlDoc *wb = parse_xml(&bk->b, "xl/workbook.xml", bk->source, e);
    if (!wb)
        return GK_EINVAL;
    xmlDoc *rels = NULL;
    rc = zip_entry(bk->z, "xl/_rels/workbook.xml.rels", &bk->b, &bk->unpacked, bk->source, e, true);
    if (!rc && !(rels = parse_xml(&bk->b, "xl/_rels/workbook.xml.rels", bk->source, e)))
        rc = GK_EINVAL;
    xmlNode *wroot = rc ? NULL : xmlDocGetRootElement(wb);
    for (xmlNode *ss = wroot ? wroot->children : NULL; ss && !rc; ss = ss->next) {
        if (!is(ss, "sheets"))
            continue;
        for (xmlNode *sh = ss->children; sh && !rc; sh = sh->next)
            if (is(sh, "sheet") && bk->nsheets < MAX_SHEETS)
                rc = book_sheet(bk, sh, rels, e);
    }
    xmlFreeDoc(wb);
    if (rels)
        xmlFreeDoc(rels);
    return rc;
}

/* The 2008 table's subheading gives the year when the title does not. */
static void year_from_subheading(rpt *r, const struct xsheet *s)
{
    int yr, yc;
    if (r->year || !find(s, "政府信息公开情况统计表", 0, &yr, &yc))
        return;
    for (int k = yr + 1; k < yr + 3 && k < s->rows; k++) {
        const char *t = X(s, k, yc)->s;
        const char *p = t ? strpbrk(t, "12") : NULL;
        if (p && atoi(p) >= 1990 && atoi(p) <= 2100)
            r->year = atoi(p);
    }
}

/* The report from the sheets read; its layout from the tables found. */
static int book_report(struct xbook *bk, rpt *r, err *e)
{
    bool t2 = false, t3 = false, t4 = false, stats = false, narr = false, is2019 = false,
         single_other = false;
    for (int i = 0; i < bk->nsheets; i++)
        read_title(r, &bk->sheets[i]);
    for (int i = 0; i < bk->nsheets; i++) {
        const struct xsheet *s = &bk->sheets[i];
        int fr, fc;
        bool is_narr = find(s, "报告正文中的统计数字", 0, &fr, &fc);
        t2 |= read_t2(r, s, &is2019);
        t3 |= read_t3(r, s, &single_other);
        t4 |= read_t4(r, s);
        if (is_narr)
            narr |= read_stats(r, s, true);
        else
            stats |= read_stats(r, s, false);
        year_from_subheading(r, s);
    }
    if (t2 || t3 || t4)
        r->layout = is2019 || single_other ? RPT_LAYOUT_2019 : RPT_LAYOUT_2021;
    else if (stats)
        r->layout = RPT_LAYOUT_2008;
    else if (narr)
        r->layout = RPT_LAYOUT_NARRATIVE;
    else
        return err_set(e, GK_EINVAL, bk->source, "no report table in the workbook (looked for tables "
                       "二, 三, 四 of the national format and the statistics table)");
    return 0;
}

int rpt_read_xlsx(const char *data, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    pthread_once(&xml_once, xml_init);
    struct xbook bk = {.source = source ? source : "workbook"};
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    bk.z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!bk.z) {
        int rc = err_set(e, GK_EINVAL, bk.source, "not an .xlsx workbook (%s)", zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    buf_init(&bk.b);
    rpt *r = NULL;
    int rc = book_strings(&bk, e);
    if (!rc)
        rc = book_sheets(&bk, e);
    if (!rc) {
        r = rpt_new();
        rpt_set_source(r, bk.source);
        rc = book_report(&bk, r, e);
    }
    if (rc) {
        rpt_free(r);
        r = NULL;
    }
    for (int i = 0; i < bk.nsheets; i++)
        free_sheet(&bk.sheets[i]);
    for (size_t i = 0; i < bk.nsst; i++)
        free(bk.sst[i]);
    free(bk.sst);
    buf_free(&bk.b);
    zip_discard(bk.z);
    *out = r;
    return rc;
}
