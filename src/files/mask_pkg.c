/*
 * files — the masked copy of a recipient list (see files.h): the cells of an
 * .xlsx and the table cells and paragraphs of a .docx are masked row by row
 * with doc_mask_row and written back into the package; a .csv is rewritten
 * field by field, a .txt line by line with doc_mask_list. The copy is then
 * masked a second time: it must not change (every masked value is stable).
 */
#include <stdlib.h>
#include <string.h>

#include "files/files_internal.h"
#include "files/zipmem.h"

/* One row of cells being masked: text[j] is cell j's text (malloc'ed). */
struct mrow {
    char **text;
    xmlNode **node;           /* the element each cell was read from (NULL for a gap) */
    int n, cap;
};

static void mrow_add(struct mrow *r, char *text, xmlNode *node)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->text = xrealloc(r->text, (size_t)r->cap * sizeof *r->text);
        r->node = xrealloc(r->node, (size_t)r->cap * sizeof *r->node);
    }
    r->text[r->n] = text;
    r->node[r->n++] = node;
}

static void mrow_clear(struct mrow *r)
{
    for (int j = 0; j < r->n; j++)
        free(r->text[j]);
    r->n = 0;
}

static void mrow_free(struct mrow *r)
{
    mrow_clear(r);
    free(r->text);
    free(r->node);
}

/* Masks the row; calls put(node, masked) for each cell that changed and
 * returns how many did. */
static int mask_row(struct doc_mask_table *t, struct mrow *r, struct doc_mask_stats *st,
                    void (*put)(void *arg, xmlNode *node, const char *masked), void *arg)
{
    if (!r->n)
        return 0;
    buf *out = xcalloc((size_t)r->n, sizeof *out);
    doc_mask_row(t, (const char *const *)r->text, r->n, out, st);
    int changed = 0;
    for (int j = 0; j < r->n; j++) {
        const char *m = out[j].data ? out[j].data : "";
        if (strcmp(m, r->text[j]) != 0) {
            changed++;
            if (put)
                put(arg, r->node[j], m);
        }
        buf_free(&out[j]);
    }
    free(out);
    return changed;
}

/* ---- rewriting a package ---- */

struct part_out { char *name; xmlChar *xml; int len; };

/* Writes the changed parts into a copy of the package, in out. */
static int repack(const char *name, const void *data, size_t n, struct part_out *parts, int np, buf *out,
                  err *e)
{
    void *copy = xmalloc(n ? n : 1);
    memcpy(copy, data, n);
    struct zipmem zm;
    char why[160];
    if (zipmem_open(&zm, copy, n, why, sizeof why))
        return err_set(e, GK_EINVAL, name, "the package cannot be rewritten");
    zip_t *z = zm.z;
    int rc = 0;
    for (int i = 0; i < np && !rc; i++) {
        zip_int64_t idx = zip_name_locate(z, parts[i].name, 0);
        void *d = xmalloc((size_t)parts[i].len + 1);
        memcpy(d, parts[i].xml, (size_t)parts[i].len);
        zip_source_t *ps = zip_source_buffer(z, d, (zip_uint64_t)parts[i].len, 1);
        if (idx < 0 || !ps || zip_file_replace(z, (zip_uint64_t)idx, ps, 0) != 0) {
            if (ps)
                zip_source_free(ps);
            else
                free(d);
            rc = err_set(e, GK_EINVAL, name, "part %s cannot be rewritten", parts[i].name);
        }
    }
    enum zipmem_result k = zipmem_finish(&zm, rc != 0, out, why, sizeof why);
    if (rc)
        return rc;
    if (k == ZIPMEM_WRITE)
        return err_set(e, GK_EINVAL, name, "the masked package cannot be written (%s)", why);
    if (k == ZIPMEM_READ)
        return err_set(e, GK_EINVAL, name, "the masked package cannot be read back");
    return 0;
}

static void parts_add(struct part_out **parts, int *np, const char *pname, xmlDoc *d)
{
    *parts = xrealloc(*parts, (size_t)(*np + 1) * sizeof **parts);
    struct part_out *p = &(*parts)[(*np)++];
    p->name = xstrdup(pname);
    xmlDocDumpMemoryEnc(d, &p->xml, &p->len, "UTF-8");
}

static void parts_free(struct part_out *parts, int np)
{
    for (int i = 0; i < np; i++) {
        free(parts[i].name);
        xmlFree(parts[i].xml);
    }
    free(parts);
}

/* ---- xlsx ---- */

struct xlsx_ctx {
    char **sst;
    xmlNode **si;
    size_t nsst;
    bool sst_changed;
};

static void set_inline(xmlNode *c, const char *masked)
{
    xmlNode *k = c->children;
    while (k) {
        xmlNode *next = k->next;
        xmlUnlinkNode(k);
        xmlFreeNode(k);
        k = next;
    }
    xmlUnsetProp(c, (const xmlChar *)"t");
    if (!*masked)
        return;   /* an empty cell keeps its style only */
    xmlSetProp(c, (const xmlChar *)"t", (const xmlChar *)"inlineStr");
    xmlNode *is = xmlNewChild(c, c->ns, (const xmlChar *)"is", NULL);
    xmlNode *t = xmlNewChild(is, c->ns, (const xmlChar *)"t", NULL);
    xmlSetProp(t, (const xmlChar *)"xml:space", (const xmlChar *)"preserve");
    files_xml_set_text(t, masked);
}

/* A shared string is masked where it is: every cell using it shows the
 * masked value (masking more than the one cell is the safe side). */
static void xlsx_put(void *arg, xmlNode *c, const char *masked)
{
    struct xlsx_ctx *x = arg;
    char *t = files_xml_attr(c, "t");
    bool shared = t && strcmp(t, "s") == 0;
    free(t);
    if (shared && *masked) {
        for (xmlNode *v = c->children; v; v = v->next)
            if (files_xml_is(v, "v")) {
                buf b;
                buf_init(&b);
                files_xml_text(v, &b);
                unsigned long i = strtoul(b.data ? b.data : "", NULL, 10);
                buf_free(&b);
                if (i < x->nsst) {
                    xmlNode *si = x->si[i];
                    xmlNode *k = si->children;
                    while (k) {
                        xmlNode *next = k->next;
                        xmlUnlinkNode(k);
                        xmlFreeNode(k);
                        k = next;
                    }
                    xmlNode *tn = xmlNewChild(si, si->ns, (const xmlChar *)"t", NULL);
                    xmlSetProp(tn, (const xmlChar *)"xml:space", (const xmlChar *)"preserve");
                    files_xml_set_text(tn, masked);
                    free(x->sst[i]);
                    x->sst[i] = xstrdup(masked);
                    x->sst_changed = true;
                }
                return;
            }
    }
    set_inline(c, masked);
}

static int xlsx_sheet_mask(xmlDoc *d, struct xlsx_ctx *x, struct doc_mask_stats *st)
{
    xmlNode *root = xmlDocGetRootElement(d);
    struct doc_mask_table t;
    memset(&t, 0, sizeof t);
    struct mrow r = {0};
    int changed = 0;
    for (xmlNode *sd = root ? root->children : NULL; sd; sd = sd->next) {
        if (!files_xml_is(sd, "sheetData"))
            continue;
        for (xmlNode *row = sd->children; row; row = row->next) {
            if (!files_xml_is(row, "row"))
                continue;
            mrow_clear(&r);
            for (xmlNode *c = row->children; c; c = c->next) {
                if (!files_xml_is(c, "c"))
                    continue;
                char *ref = files_xml_attr(c, "r");
                int at = files_cell_col(ref);
                free(ref);
                while (at > r.n)
                    mrow_add(&r, xstrdup(""), NULL);   /* a gap is an empty cell */
                mrow_add(&r, files_xlsx_cell_text(c, x->sst, x->nsst), c);
            }
            changed += mask_row(&t, &r, st, xlsx_put, x);
        }
    }
    mrow_free(&r);
    return changed;
}

/* Masks every part of the package that want() names with fn (which returns
 * how many values it masked); a changed part is kept in *parts for repacking
 * when parts is not NULL. */
static int mask_parts(struct files_pkg *p, const char *name, bool (*want)(const char *),
                      int (*fn)(xmlDoc *, void *, struct doc_mask_stats *), void *ctx,
                      struct doc_mask_stats *st, struct part_out **parts, int *np, int *changed,
                      err *e)
{
    buf b;
    buf_init(&b);
    int rc = 0;
    for (zip_uint64_t i = 0; !rc; i++) {
        const char *part = files_pkg_entry(p, i);
        if (!part)
            break;
        if (!want(part))
            continue;
        char *pname = xstrdup(part);
        if (!(rc = files_pkg_part(p, pname, &b, true, e))) {
            xmlDoc *d = files_xml_parse(&b, name, pname, true, e);
            if (!d) {
                rc = GK_EINVAL;
            } else {
                int c = fn(d, ctx, st);
                if (c && parts)
                    parts_add(parts, np, pname, d);
                *changed += c;
                xmlFreeDoc(d);
            }
        }
        free(pname);
    }
    buf_free(&b);
    return rc;
}

static int xlsx_part_mask(xmlDoc *d, void *ctx, struct doc_mask_stats *st)
{
    return xlsx_sheet_mask(d, ctx, st);
}

static int xlsx_mask(const char *name, const void *data, size_t n, buf *out, struct doc_mask_stats *st,
                     int *changed, err *e)
{
    struct files_pkg p;
    int rc = files_pkg_open(&p, name, data, n, e);
    if (rc)
        return rc;
    struct xlsx_ctx x = {0};
    xmlDoc *sstdoc = NULL;
    struct part_out *parts = NULL;
    int np = 0;
    *changed = 0;
    rc = files_xlsx_sst(&p, &sstdoc, &x.sst, &x.si, &x.nsst, e);
    if (!rc)
        rc = mask_parts(&p, name, files_xlsx_is_sheet, xlsx_part_mask, &x, st, out ? &parts : NULL,
                        &np, changed, e);
    if (!rc && x.sst_changed && out)
        parts_add(&parts, &np, "xl/sharedStrings.xml", sstdoc);
    files_pkg_close(&p);
    if (!rc && out)
        rc = repack(name, data, n, parts, np, out, e);
    parts_free(parts, np);
    for (size_t i = 0; i < x.nsst; i++)
        free(x.sst[i]);
    free(x.sst);
    free(x.si);
    xmlFreeDoc(sstdoc);
    return rc;
}

/* ---- docx ---- */

/* The w:t elements under n (not w:delText: deleted runs are emptied). */
static void docx_ts(xmlNode *n, xmlNode ***v, int *k, buf *text)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (files_xml_is(c, "t")) {
            *v = xrealloc(*v, (size_t)(*k + 1) * sizeof **v);
            (*v)[(*k)++] = c;
            files_xml_text(c, text);
        } else if (files_xml_is(c, "p") && text->len) {
            buf_putc(text, ' ');   /* paragraphs of one cell */
            docx_ts(c, v, k, text);
        } else if (c->type == XML_ELEMENT_NODE) {
            docx_ts(c, v, k, text);
        }
    }
}

/* A cell or a paragraph, as the text of its w:t elements; the masked text
 * goes into the first of them, the others are emptied. */
struct docx_unit { xmlNode **ts; int nts; };

static void docx_put(void *arg, xmlNode *unit, const char *masked)
{
    (void)arg;
    xmlNode **ts = NULL;
    int k = 0;
    buf t;
    buf_init(&t);
    docx_ts(unit, &ts, &k, &t);
    for (int i = 0; i < k; i++) {
        files_xml_set_text(ts[i], i == 0 ? masked : "");
        xmlSetProp(ts[i], (const xmlChar *)"xml:space", (const xmlChar *)"preserve");
    }
    free(ts);
    buf_free(&t);
}

static char *unit_text(xmlNode *unit)
{
    xmlNode **ts = NULL;
    int k = 0;
    buf t;
    buf_init(&t);
    buf_puts(&t, "");
    docx_ts(unit, &ts, &k, &t);
    free(ts);
    return buf_detach(&t);
}

/* Empties the deleted runs (w:delText) under n: deleted text is not in the
 * public copy. Returns how many were emptied. */
static int docx_deltext(xmlNode *n)
{
    int changed = 0;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (files_xml_is(k, "delText") || files_xml_is(k, "delInstrText")) {
            if (k->children) {
                files_xml_set_text(k, "");
                changed++;
            }
        } else if (k->type == XML_ELEMENT_NODE) {
            changed += docx_deltext(k);
        }
    }
    return changed;
}

static int docx_walk(xmlNode *n, struct doc_mask_table *t, struct mrow *r, struct doc_mask_stats *st)
{
    int changed = 0;
    for (xmlNode *k = n->children; k; k = k->next) {
        if (files_xml_is(k, "delText") || files_xml_is(k, "delInstrText")) {
            if (k->children) {
                files_xml_set_text(k, "");
                changed++;
            }
        } else if (files_xml_is(k, "tr")) {
            mrow_clear(r);
            for (xmlNode *c = k->children; c; c = c->next)
                if (files_xml_is(c, "tc"))
                    mrow_add(r, unit_text(c), c);
            changed += mask_row(t, r, st, docx_put, NULL);
            changed += docx_deltext(k);
        } else if (files_xml_is(k, "tbl")) {
            struct doc_mask_table inner = {0};
            changed += docx_walk(k, &inner, r, st);
        } else if (files_xml_is(k, "p")) {
            mrow_clear(r);
            mrow_add(r, unit_text(k), k);
            changed += mask_row(t, r, st, docx_put, NULL);
            changed += docx_deltext(k);
        } else if (k->type == XML_ELEMENT_NODE) {
            changed += docx_walk(k, t, r, st);
        }
    }
    return changed;
}

static int docx_part_mask(xmlDoc *d, void *ctx, struct doc_mask_stats *st)
{
    (void)ctx;
    struct doc_mask_table t = {0};
    struct mrow r = {0};
    int c = docx_walk((xmlNode *)d, &t, &r, st);
    mrow_free(&r);
    return c;
}

static int docx_mask(const char *name, const void *data, size_t n, buf *out, struct doc_mask_stats *st,
                     int *changed, err *e)
{
    struct files_pkg p;
    int rc = files_pkg_open(&p, name, data, n, e);
    if (rc)
        return rc;
    struct part_out *parts = NULL;
    int np = 0;
    *changed = 0;
    rc = mask_parts(&p, name, files_docx_is_text_part, docx_part_mask, NULL, st, out ? &parts : NULL,
                    &np, changed, e);
    files_pkg_close(&p);
    if (!rc && out)
        rc = repack(name, data, n, parts, np, out, e);
    parts_free(parts, np);
    return rc;
}

/* ---- csv and txt ---- */

struct csv_ctx {
    struct doc_mask_table t;
    struct doc_mask_stats *st;
    buf *out;
    int changed;
    int bad_line;
    char bad[128];
};

static void csv_row(void *arg, int line, char **fields, int nfields)
{
    (void)line;
    struct csv_ctx *c = arg;
    struct mrow r = {0};
    for (int j = 0; j < nfields; j++)
        mrow_add(&r, xstrdup(fields[j]), NULL);
    buf *m = xcalloc((size_t)(nfields ? nfields : 1), sizeof *m);
    doc_mask_row(&c->t, (const char *const *)r.text, r.n, m, c->st);
    for (int j = 0; j < nfields; j++) {
        const char *v = m[j].data ? m[j].data : "";
        c->changed += strcmp(v, fields[j]) != 0;
        if (j)
            buf_putc(c->out, ',');
        buf_csv_field(c->out, v);
        buf_free(&m[j]);
    }
    buf_puts(c->out, "\r\n");
    free(m);
    mrow_free(&r);
}

static void csv_bad(void *arg, int line, const char *reason)
{
    struct csv_ctx *c = arg;
    if (!c->bad_line) {
        c->bad_line = line;
        snprintf(c->bad, sizeof c->bad, "%s", reason);
    }
}

static int text_mask(const char *name, enum files_kind k, const void *data, size_t n, buf *out,
                     struct doc_mask_stats *st, int *changed, err *e)
{
    buf u;
    buf_init(&u);
    int rc = files_decode_text(name, data, n, &u, e);
    buf_reset(out);
    if (!rc && k == FILES_CSV) {
        struct csv_ctx c = {.st = st, .out = out};
        buf_puts(out, "\xEF\xBB\xBF");   /* UTF-8, said so for spreadsheets */
        struct doc_csv_cb cb = {csv_row, csv_bad, &c};
        doc_csv_parse(u.data, u.len, &cb);
        if (c.bad_line)
            rc = err_set(e, GK_EINVAL, name, "line %d: %s", c.bad_line, c.bad);
        *changed = c.changed;
    } else if (!rc) {
        doc_mask_list(u.data, u.len, out, st);
        *changed = out->len != u.len || memcmp(out->data, u.data, u.len) != 0;
    }
    buf_free(&u);
    return rc;
}

/* ---- the entry point ---- */

/* Masks data as kind k into out; with out NULL only counts the cells that
 * would change (*changed), writing no package. */
static int mask_kind(const char *name, enum files_kind k, const void *data, size_t n, buf *out,
                     struct doc_mask_stats *st, int *changed, err *e)
{
    if (k == FILES_XLSX)
        return xlsx_mask(name, data, n, out, st, changed, e);
    if (k == FILES_DOCX)
        return docx_mask(name, data, n, out, st, changed, e);
    buf tmp;
    buf_init(&tmp);
    int rc = text_mask(name, k, data, n, out ? out : &tmp, st, changed, e);
    buf_free(&tmp);
    return rc;
}

int files_mask(const char *name, const void *data, size_t n, buf *out, struct files_info *info, err *e)
{
    buf text;
    buf_init(&text);
    int rc = files_text(name, data, n, &text, info, e);
    buf_free(&text);
    if (rc)
        return rc;
    if (info->state != FILES_READ || !files_maskable(info->kind))
        return err_set(e, GK_EINVAL, name, "gongkai cannot mask a file of this kind (%s)",
                       files_kind_key(info->kind));
    int changed = 0;
    if ((rc = mask_kind(name, info->kind, data, n, out, &info->mask, &changed, e)))
        return rc;
    /* Once more on the copy: nothing may change, and it must read back. */
    struct doc_mask_stats st2;
    memset(&st2, 0, sizeof st2);
    int changed2 = 0;
    rc = mask_kind(name, info->kind, out->data, out->len, NULL, &st2, &changed2, e);
    if (!rc && changed2)
        rc = err_set(e, GK_EINVAL, name,
                     "masking the masked copy again changed %d more cells: the copy is not safe to publish",
                     changed2);
    if (rc)
        return rc;
    struct files_info back;
    buf_init(&text);
    rc = files_text(name, out->data, out->len, &text, &back, e);
    buf_free(&text);
    if (rc)
        return rc;
    info->state = FILES_MASKED;
    snprintf(info->note, sizeof info->note, "脱敏 %d 行：姓名 %d、身份证号 %d、电话 %d、住址 %d",
             info->mask.rows, info->mask.names, info->mask.ids, info->mask.phones, info->mask.addresses);
    return 0;
}
