/*
 * files — the text of an attachment, whatever its format (see files.h): the
 * kind from the first bytes and the name, then one reader per kind, each
 * bounded by the maximums of files.h.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <poppler.h>

#include "files/files_internal.h"

/* ---- names of kinds and states ---- */

static const char *const kind_keys[] = {
    [FILES_TXT] = "txt", [FILES_CSV] = "csv", [FILES_HTML] = "html", [FILES_DOCX] = "docx",
    [FILES_XLSX] = "xlsx", [FILES_ODT] = "odt", [FILES_ODS] = "ods", [FILES_PDF] = "pdf",
    [FILES_LEGACY] = "legacy", [FILES_OTHER] = "other",
};
const char *files_kind_key(enum files_kind k) { return kind_keys[k]; }

static const struct { const char *key, *label; bool confirm; } states[] = {
    [FILES_READ] = {"read", "已读取并筛查", false},
    [FILES_MASKED] = {"masked", "已读取、筛查并脱敏（公开的是脱敏副本）", false},
    [FILES_UNMASKED] = {"unmasked", "已读取并筛查，但未能脱敏（格式不支持）", true},
    [FILES_UNREAD] = {"unread", "无法读取文字，未筛查、未脱敏", true},
};
const char *files_state_key(enum files_state s) { return states[s].key; }
const char *files_state_label(enum files_state s) { return states[s].label; }
bool files_state_needs_confirm(enum files_state s) { return states[s].confirm; }

int files_state_parse(const char *s, enum files_state *out)
{
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (s && strcmp(s, states[i].key) == 0) {
            *out = (enum files_state)i;
            return 0;
        }
    return GK_EINVAL;
}

bool files_maskable(enum files_kind k)
{
    return k == FILES_XLSX || k == FILES_DOCX || k == FILES_CSV || k == FILES_TXT;
}

/* ---- the kind ---- */

/* Extensions and the kind they promise; a file that does not hold that kind
 * is refused (a .docx that is no zip is damaged, not "unread"). */
static const struct { const char *ext; enum files_kind kind; } exts[] = {
    {"txt", FILES_TXT}, {"text", FILES_TXT}, {"csv", FILES_CSV}, {"htm", FILES_HTML},
    {"html", FILES_HTML}, {"docx", FILES_DOCX}, {"xlsx", FILES_XLSX}, {"odt", FILES_ODT},
    {"ods", FILES_ODS}, {"pdf", FILES_PDF}, {"doc", FILES_LEGACY}, {"wps", FILES_LEGACY},
    {"et", FILES_LEGACY}, {"xls", FILES_LEGACY},
};

static bool ext_kind(const char *name, enum files_kind *k)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot + 1, exts[i].ext) == 0) {
            *k = exts[i].kind;
            return true;
        }
    return false;
}

static bool starts(const void *data, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(data, magic, m) == 0;
}

static bool is_pdf(const char *d, size_t n)
{
    /* the header may follow some bytes of junk (within the first 1024, as readers allow) */
    size_t lim = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(d + i, "%PDF-", 5) == 0)
            return true;
    return false;
}

/* The kind a zip package holds, from its parts. */
static enum files_kind zip_kind(struct files_pkg *p)
{
    if (zip_name_locate(p->z, "word/document.xml", 0) >= 0)
        return FILES_DOCX;
    if (zip_name_locate(p->z, "xl/workbook.xml", 0) >= 0)
        return FILES_XLSX;
    buf m;
    buf_init(&m);
    enum files_kind k = FILES_OTHER;
    err e;
    if (files_pkg_part(p, "mimetype", &m, false, &e) == 0) {
        if (strcmp(m.data, "application/vnd.oasis.opendocument.text") == 0)
            k = FILES_ODT;
        else if (strcmp(m.data, "application/vnd.oasis.opendocument.spreadsheet") == 0)
            k = FILES_ODS;
    }
    buf_free(&m);
    return k;
}

/* ---- text encodings ---- */

static int iconv_to_utf8(const char *from, const char *data, size_t n, buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return GK_EINVAL;
    buf_reset(out);
    buf_reserve(out, n * 2 + 16);
    char *in = (char *)data;
    size_t inleft = n;
    int rc = 0;
    while (inleft > 0) {
        if (out->len + 4096 + inleft * 2 > (size_t)FILES_MAX_TEXT + 8192) {
            rc = GK_EINVAL;
            break;
        }
        buf_reserve(out, inleft * 2 + 4096);
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        out->data[out->len] = 0;
        if (r == (size_t)-1 && errno != E2BIG) {
            rc = GK_EINVAL;
            break;
        }
    }
    iconv_close(cd);
    return rc;
}

int files_decode_text(const char *name, const void *data, size_t n, buf *out, err *e)
{
    const char *d = data;
    buf_reset(out);
    buf_puts(out, "");
    if (starts(d, n, "\xEF\xBB\xBF", 3)) {
        d += 3;
        n -= 3;
    } else if (starts(d, n, "\xFF\xFE", 2) || starts(d, n, "\xFE\xFF", 2)) {
        if (iconv_to_utf8(d[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", d + 2, n - 2, out))
            return err_set(e, GK_EINVAL, name, "the text is not valid UTF-16");
        goto check;
    }
    size_t bad = 0;
    if (utf8_valid(d, n, &bad)) {
        buf_append(out, d, n);
    } else if (iconv_to_utf8("GB18030", d, n, out)) {
        return err_set(e, GK_EINVAL, name,
                       "the text is neither UTF-8 nor GB18030 (first invalid UTF-8 byte at %zu)", bad);
    }
check:
    if (out->len > FILES_MAX_TEXT)
        return err_set(e, GK_EINVAL, name, "more than %u MB of text", FILES_MAX_TEXT >> 20);
    const char *z = memchr(out->data, 0, out->len);
    if (z)
        return err_set(e, GK_EINVAL, name, "a NUL byte at character offset %zu: not a text file",
                       (size_t)(z - out->data));
    return 0;
}

/* ---- zip packages ---- */

int files_pkg_open(struct files_pkg *p, const char *name, const void *data, size_t n, err *e)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    zip_error_t ze;
    zip_error_init(&ze);
    p->src = zip_source_buffer_create(data, n, 0, &ze);
    if (p->src)
        p->z = zip_open_from_source(p->src, ZIP_CHECKCONS | ZIP_RDONLY, &ze);
    if (!p->z) {
        int rc = err_set(e, GK_EINVAL, name, "not a readable zip package (%s): the file is damaged",
                         zip_error_strerror(&ze));
        if (p->src)
            zip_source_free(p->src);
        zip_error_fini(&ze);
        p->src = NULL;
        return rc;
    }
    zip_error_fini(&ze);
    zip_int64_t ne = zip_get_num_entries(p->z, 0);
    if (ne < 0 || ne > FILES_MAX_PARTS) {
        files_pkg_close(p);
        return err_set(e, GK_EINVAL, name, "the package has %lld parts, more than %d", (long long)ne,
                       FILES_MAX_PARTS);
    }
    return 0;
}

void files_pkg_close(struct files_pkg *p)
{
    if (p->z)
        zip_discard(p->z);   /* frees the source too */
    p->z = NULL;
    p->src = NULL;
}

const char *files_pkg_entry(struct files_pkg *p, zip_uint64_t i)
{
    if ((zip_int64_t)i >= zip_get_num_entries(p->z, 0))
        return NULL;
    return zip_get_name(p->z, i, 0);
}

int files_pkg_part(struct files_pkg *p, const char *part, buf *out, bool required, err *e)
{
    zip_int64_t idx = zip_name_locate(p->z, part, 0);
    if (idx < 0) {
        if (!required)
            return GK_ENOTFOUND;
        return err_set(e, GK_EINVAL, p->name, "part %s is missing: the file is damaged", part);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(p->z, (zip_uint64_t)idx, 0, &st) != 0)
        return err_set(e, GK_EINVAL, p->name, "part %s cannot be read: the file is damaged", part);
    zip_file_t *f = zip_fopen_index(p->z, (zip_uint64_t)idx, 0);
    if (!f)
        return err_set(e, GK_EINVAL, p->name, "part %s cannot be read (%s)", part, zip_strerror(p->z));
    uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    buf_reset(out);
    char tmp[16384];
    zip_int64_t got;
    int rc = 0;
    /* Counted as it is inflated: a header may lie about the sizes. */
    while ((got = zip_fread(f, tmp, sizeof tmp)) > 0) {
        buf_append(out, tmp, (size_t)got);
        p->inflated += (size_t)got;
        if (out->len > FILES_MAX_PART) {
            rc = err_set(e, GK_EINVAL, p->name, "part %s inflates to more than %u MB (a zip bomb?)", part,
                         FILES_MAX_PART >> 20);
            break;
        }
        if (p->inflated > FILES_MAX_UNZIPPED) {
            rc = err_set(e, GK_EINVAL, p->name, "the package inflates to more than %u MB (a zip bomb?)",
                         FILES_MAX_UNZIPPED >> 20);
            break;
        }
        if (out->len > (1u << 20) && out->len / (comp ? comp : 1) > FILES_MAX_RATIO) {
            rc = err_set(e, GK_EINVAL, p->name,
                         "part %s inflates more than %d times its compressed size (a zip bomb?)", part,
                         FILES_MAX_RATIO);
            break;
        }
    }
    if (!rc && got < 0)
        rc = err_set(e, GK_EINVAL, p->name, "part %s is damaged (%s)", part, zip_file_strerror(f));
    zip_fclose(f);
    if (!out->data)
        buf_puts(out, "");
    return rc;
}

/* ---- XML ---- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }   /* before any thread parses */

xmlDoc *files_xml_parse(const buf *b, const char *file, const char *part, bool edit, err *e)
{
    pthread_once(&xml_once, xml_init);
    if (b->len > (size_t)0x7fffffff) {
        err_set(e, GK_EINVAL, file, "part %s is too large", part);
        return NULL;
    }
    /* a tree only read keeps small text nodes compact (fewer allocations) */
    xmlDoc *d = xmlReadMemory(b->data, (int)b->len, part, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  (edit ? 0 : XML_PARSE_COMPACT));
    if (!d) {
        const xmlError *x = xmlGetLastError();
        err_set(e, GK_EINVAL, file, "part %s is not well-formed XML (line %d): the file is damaged", part,
                x ? x->line : 0);
        return NULL;
    }
    /* Office parts never declare a DTD; one that does could define entities
     * that expand without end when the text is read. */
    if (d->intSubset || d->extSubset) {
        xmlFreeDoc(d);
        err_set(e, GK_EINVAL, file, "part %s declares a DTD, which an office file never does", part);
        return NULL;
    }
    return d;
}

bool files_xml_is(const xmlNode *n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

char *files_xml_attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeGetContent((xmlNode *)a);
            char *s = xstrdup(v ? (const char *)v : "");
            xmlFree(v);
            return s;
        }
    return NULL;
}

void files_xml_text(const xmlNode *n, buf *out)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
            buf_puts(out, k->content ? (const char *)k->content : "");
        else if (k->type == XML_ELEMENT_NODE)
            files_xml_text(k, out);
    }
}

void files_xml_set_text(xmlNode *n, const char *s)
{
    xmlNodeSetContent(n, (const xmlChar *)"");
    xmlNodeAddContent(n, (const xmlChar *)s);
}

/* Appends cell text with its tabs and line ends made spaces (they split
 * cells and rows in the text). */
static void put_cell(buf *out, const char *s)
{
    for (; *s; s++)
        buf_putc(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* ---- xlsx ---- */

int files_cell_col(const char *ref)
{
    int col = 0, k = 0;
    for (; ref && ref[k] >= 'A' && ref[k] <= 'Z' && k < 3; k++)
        col = col * 26 + (ref[k] - 'A' + 1);
    return k ? col - 1 : -1;
}

bool files_xlsx_is_sheet(const char *part)
{
    return strncmp(part, "xl/worksheets/", 14) == 0 && strchr(part + 14, '/') == NULL &&
           strlen(part) > 18 && strcmp(part + strlen(part) - 4, ".xml") == 0;
}

/* Text of the <t> elements under n (leaving out phonetic runs <rPh>). */
static void collect_t(const xmlNode *n, buf *out)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (files_xml_is(k, "rPh"))
            continue;
        if (files_xml_is(k, "t"))
            files_xml_text(k, out);
        else if (k->type == XML_ELEMENT_NODE)
            collect_t(k, out);
    }
}

int files_xlsx_sst(struct files_pkg *p, xmlDoc **doc, char ***sst, xmlNode ***nodes, size_t *n, err *e)
{
    *sst = NULL;
    *n = 0;
    if (doc)
        *doc = NULL;
    if (nodes)
        *nodes = NULL;
    buf b;
    buf_init(&b);
    int rc = files_pkg_part(p, "xl/sharedStrings.xml", &b, false, e);
    if (rc == GK_ENOTFOUND) {
        buf_free(&b);
        return 0;
    }
    xmlDoc *d = rc ? NULL : files_xml_parse(&b, p->name, "xl/sharedStrings.xml", nodes != NULL, e);
    buf_free(&b);
    if (!d)
        return rc ? rc : GK_EINVAL;
    xmlNode *root = xmlDocGetRootElement(d);
    size_t cap = 0;
    for (xmlNode *si = root ? root->children : NULL; si; si = si->next) {
        if (!files_xml_is(si, "si"))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *sst = xrealloc(*sst, cap * sizeof **sst);
            if (nodes)
                *nodes = xrealloc(*nodes, cap * sizeof **nodes);
        }
        buf t;
        buf_init(&t);
        collect_t(si, &t);
        (*sst)[*n] = t.data ? buf_detach(&t) : xstrdup("");
        if (nodes)
            (*nodes)[*n] = si;
        (*n)++;
    }
    if (doc)
        *doc = d;
    else
        xmlFreeDoc(d);
    return 0;
}

char *files_xlsx_cell_text(const xmlNode *c, char *const *sst, size_t nsst)
{
    char *t = files_xml_attr(c, "t");
    buf out;
    buf_init(&out);
    buf_puts(&out, "");
    for (const xmlNode *k = c->children; k; k = k->next) {
        if (t && strcmp(t, "inlineStr") == 0 && files_xml_is(k, "is")) {
            collect_t(k, &out);
        } else if (files_xml_is(k, "v")) {
            buf v;
            buf_init(&v);
            files_xml_text(k, &v);
            if (t && strcmp(t, "s") == 0) {
                char *end;
                unsigned long i = strtoul(v.data ? v.data : "", &end, 10);
                if (v.data && end != v.data && i < nsst)
                    buf_puts(&out, sst[i]);
            } else if (v.data) {
                buf_puts(&out, v.data);
            }
            buf_free(&v);
        }
    }
    free(t);
    return buf_detach(&out);
}

/* One sheet as rows of tab-separated cells, each cell at its column. */
static int xlsx_sheet_text(xmlDoc *d, char *const *sst, size_t nsst, buf *text, err *e, const char *name)
{
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *sd = root ? root->children : NULL; sd; sd = sd->next) {
        if (!files_xml_is(sd, "sheetData"))
            continue;
        for (xmlNode *row = sd->children; row; row = row->next) {
            if (!files_xml_is(row, "row"))
                continue;
            int col = 0;
            for (xmlNode *c = row->children; c; c = c->next) {
                if (!files_xml_is(c, "c"))
                    continue;
                char *r = files_xml_attr(c, "r");
                int at = files_cell_col(r);
                free(r);
                if (at < 0)
                    at = col;
                for (; col < at; col++)
                    if (col)
                        buf_putc(text, '\t');
                char *v = files_xlsx_cell_text(c, sst, nsst);
                if (col)
                    buf_putc(text, '\t');
                put_cell(text, v);
                free(v);
                col++;
            }
            buf_putc(text, '\n');
            if (text->len > FILES_MAX_TEXT)
                return err_set(e, GK_EINVAL, name, "more than %u MB of text", FILES_MAX_TEXT >> 20);
        }
    }
    return 0;
}

static int xlsx_text(struct files_pkg *p, buf *text, struct files_info *info, err *e)
{
    char **sst = NULL;
    size_t nsst = 0;
    buf b;
    buf_init(&b);
    int rc = files_pkg_part(p, "xl/workbook.xml", &b, true, e);
    if (!rc) {
        xmlDoc *wb = files_xml_parse(&b, p->name, "xl/workbook.xml", false, e);
        rc = wb ? 0 : GK_EINVAL;
        xmlFreeDoc(wb);
    }
    if (!rc)
        rc = files_xlsx_sst(p, NULL, &sst, NULL, &nsst, e);
    for (zip_uint64_t i = 0; !rc; i++) {
        const char *part = files_pkg_entry(p, i);
        if (!part)
            break;
        if (!files_xlsx_is_sheet(part))
            continue;
        if (++info->pages > FILES_MAX_SHEETS) {
            rc = err_set(e, GK_EINVAL, p->name, "more than %d worksheets", FILES_MAX_SHEETS);
            break;
        }
        char *pname = xstrdup(part);
        if (!(rc = files_pkg_part(p, pname, &b, true, e))) {
            xmlDoc *d = files_xml_parse(&b, p->name, pname, false, e);
            rc = d ? xlsx_sheet_text(d, sst, nsst, text, e, p->name) : GK_EINVAL;
            xmlFreeDoc(d);
            buf_putc(text, '\n');   /* a blank line between sheets */
        }
        free(pname);
    }
    for (size_t i = 0; i < nsst; i++)
        free(sst[i]);
    free(sst);
    buf_free(&b);
    return rc;
}

/* ---- docx and OpenDocument ---- */

bool files_docx_is_text_part(const char *part)
{
    static const char *const prefixes[] = {"word/document", "word/header", "word/footer",
                                           "word/footnotes", "word/endnotes", "word/comments"};
    size_t l = strlen(part);
    if (strncmp(part, "word/", 5) != 0 || strchr(part + 5, '/') || l < 9 || strcmp(part + l - 4, ".xml"))
        return false;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(part, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

/* Element names that end a line, split cells and end tables, for WordprocessingML
 * (w:p, w:tc, w:tbl) and OpenDocument (text:p, table:table-cell, table:table). */
struct text_names { const char *para[3], *cell[2], *row, *table, *tab, *brk, *space, *text[3]; };
static const struct text_names docx_names = {
    {"p", NULL, NULL}, {"tc", NULL}, "tr", "tbl", "tab", "br", NULL, {"t", "delText", NULL}};
static const struct text_names odf_names = {
    {"p", "h", NULL}, {"table-cell", "covered-table-cell"}, "table-row", "table", "tab", "line-break", "s",
    {NULL, NULL, NULL}};

static const char *const docx_props[6] = {"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr"};

static bool in_list(const xmlNode *n, const char *const *l, int k)
{
    for (int i = 0; i < k; i++)
        if (l[i] && files_xml_is(n, l[i]))
            return true;
    return false;
}

/* Walks n's subtree writing text: paragraphs end lines (inside a cell they
 * are joined by a space), cells are split by tabs, rows end lines, tables
 * are followed by a blank line. For OpenDocument every text node counts; for
 * WordprocessingML only the text of w:t and w:delText. */
static void walk_text(const xmlNode *n, const struct text_names *tn, bool odf, int in_cell, buf *out)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (odf && (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)) {
            put_cell(out, k->content ? (const char *)k->content : "");
        } else if (k->type != XML_ELEMENT_NODE) {
            continue;
        } else if (!odf && in_list(k, docx_props, 6)) {
            continue;   /* properties: tab stops (w:tabs/w:tab) are no text */
        } else if (!odf && in_list(k, tn->text, 3)) {
            buf t;
            buf_init(&t);
            files_xml_text(k, &t);
            put_cell(out, t.data ? t.data : "");
            buf_free(&t);
        } else if (files_xml_is(k, tn->tab)) {
            buf_putc(out, in_cell ? ' ' : '\t');
        } else if (files_xml_is(k, tn->brk) || (tn->space && files_xml_is(k, tn->space))) {
            buf_putc(out, in_cell || files_xml_is(k, "s") ? ' ' : '\n');
        } else if (files_xml_is(k, tn->row)) {
            bool first = true;
            for (const xmlNode *c = k->children; c; c = c->next) {
                if (!in_list(c, tn->cell, 2))
                    continue;
                if (!first)
                    buf_putc(out, '\t');
                first = false;
                walk_text(c, tn, odf, in_cell + 1, out);
            }
            buf_putc(out, '\n');
        } else if (files_xml_is(k, tn->table)) {
            walk_text(k, tn, odf, in_cell, out);
            if (!in_cell)
                buf_putc(out, '\n');
        } else if (in_list(k, tn->para, 3)) {
            char last = out->len ? out->data[out->len - 1] : '\n';
            if (in_cell && last != '\t' && last != '\n' && last != ' ')
                buf_putc(out, ' ');   /* paragraphs of one cell */
            walk_text(k, tn, odf, in_cell, out);
            if (!in_cell)
                buf_putc(out, '\n');
        } else if (!(odf && (files_xml_is(k, "annotation") || files_xml_is(k, "tracked-changes")))) {
            walk_text(k, tn, odf, in_cell, out);
        }
    }
}

static int xml_parts_text(struct files_pkg *p, bool odf, buf *text, err *e)
{
    buf b;
    buf_init(&b);
    int rc = 0;
    if (odf) {
        if (!(rc = files_pkg_part(p, "content.xml", &b, true, e))) {
            xmlDoc *d = files_xml_parse(&b, p->name, "content.xml", false, e);
            if (d)
                walk_text((xmlNode *)d, &odf_names, true, 0, text);
            else
                rc = GK_EINVAL;
            xmlFreeDoc(d);
        }
        buf_free(&b);
        return rc;
    }
    for (zip_uint64_t i = 0; !rc; i++) {
        const char *part = files_pkg_entry(p, i);
        if (!part)
            break;
        if (!files_docx_is_text_part(part))
            continue;
        char *pname = xstrdup(part);
        if (!(rc = files_pkg_part(p, pname, &b, true, e))) {
            xmlDoc *d = files_xml_parse(&b, p->name, pname, false, e);
            if (d)
                walk_text((xmlNode *)d, &docx_names, false, 0, text);
            else
                rc = GK_EINVAL;
            xmlFreeDoc(d);
            buf_putc(text, '\n');
        }
        free(pname);
        if (!rc && text->len > FILES_MAX_TEXT)
            rc = err_set(e, GK_EINVAL, p->name, "more than %u MB of text", FILES_MAX_TEXT >> 20);
    }
    buf_free(&b);
    return rc;
}

/* ---- CSV ---- */

struct csv_text { buf *out; int bad_line; char bad[128]; };

static void csv_text_row(void *arg, int line, char **fields, int nfields)
{
    (void)line;
    struct csv_text *c = arg;
    for (int j = 0; j < nfields; j++) {
        if (j)
            buf_putc(c->out, '\t');
        put_cell(c->out, fields[j]);
    }
    buf_putc(c->out, '\n');
}

static void csv_text_bad(void *arg, int line, const char *reason)
{
    struct csv_text *c = arg;
    if (!c->bad_line) {
        c->bad_line = line;
        snprintf(c->bad, sizeof c->bad, "%s", reason);
    }
}

/* Records as lines of tab-separated fields; a malformed record refuses the file. */
static int csv_text(const char *name, const buf *u, buf *text, err *e)
{
    struct csv_text c = {text, 0, ""};
    struct doc_csv_cb cb = {csv_text_row, csv_text_bad, &c};
    doc_csv_parse(u->data, u->len, &cb);
    if (c.bad_line)
        return err_set(e, GK_EINVAL, name, "line %d: %s: the file is damaged", c.bad_line, c.bad);
    return 0;
}

/* ---- HTML ---- */

static void html_walk(const xmlNode *n, buf *out)
{
    static const char *const blocks[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
                                         "h6", "table", "section", "article", "blockquote", "pre", "title"};
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            put_cell(out, k->content ? (const char *)k->content : "");
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || files_xml_is(k, "script") || files_xml_is(k, "style"))
            continue;
        if (files_xml_is(k, "td") || files_xml_is(k, "th"))
            buf_putc(out, '\t');
        html_walk(k, out);
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            if (files_xml_is(k, blocks[i])) {
                buf_putc(out, '\n');
                break;
            }
    }
}

static int html_text(const char *name, const buf *u, buf *text, err *e)
{
    pthread_once(&xml_once, xml_init);
    htmlDocPtr d = htmlReadMemory(u->data, (int)u->len, name, "UTF-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_RECOVER);
    if (!d)
        return err_set(e, GK_EINVAL, name, "not readable HTML");
    html_walk((xmlNode *)d, text);
    xmlFreeDoc(d);
    return 0;
}

/* ---- PDF (poppler-glib) ---- */

static int pdf_text(const char *name, const void *data, size_t n, buf *text, struct files_info *info, err *e)
{
    GBytes *bytes = g_bytes_new_static(data, n);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    g_bytes_unref(bytes);
    if (!doc) {
        int rc = 0;
        if (ge && ge->domain == POPPLER_ERROR && ge->code == POPPLER_ERROR_ENCRYPTED) {
            info->state = FILES_UNREAD;
            snprintf(info->note, sizeof info->note, "PDF 已加密，无法读取文字");
        } else {
            rc = err_set(e, GK_EINVAL, name, "not a PDF that can be read (%s): the file is damaged",
                         ge ? ge->message : "unknown error");
        }
        if (ge)
            g_error_free(ge);
        return rc;
    }
    int pages = poppler_document_get_n_pages(doc);
    int rc = 0;
    info->pages = pages;
    if (pages > FILES_MAX_PDF_PAGES)
        rc = err_set(e, GK_EINVAL, name, "%d pages, more than %d", pages, FILES_MAX_PDF_PAGES);
    for (int i = 0; i < pages && !rc && info->state != FILES_UNREAD; i++) {
        PopplerPage *pg = poppler_document_get_page(doc, i);
        char *t = pg ? poppler_page_get_text(pg) : NULL;
        bool any = false;
        for (const char *c = t; c && *c && !any; c++)
            any = !(*c == ' ' || *c == '\n' || *c == '\r' || *c == '\t' || *c == '\f');
        if (!any) {
            /* a scanned page, an image: whatever it shows was not read */
            info->state = FILES_UNREAD;
            snprintf(info->note, sizeof info->note, "PDF 第 %d 页没有文字层（扫描件或图片）", i + 1);
        } else {
            buf_puts(text, t);
            buf_putc(text, '\n');
            if (text->len > FILES_MAX_TEXT)
                rc = err_set(e, GK_EINVAL, name, "more than %u MB of text", FILES_MAX_TEXT >> 20);
        }
        g_free(t);
        if (pg)
            g_object_unref(pg);
    }
    if (!pages && !rc) {
        info->state = FILES_UNREAD;
        snprintf(info->note, sizeof info->note, "PDF 没有页面");
    }
    g_object_unref(doc);
    return rc;
}

/* ---- the entry point ---- */

static int package_text(const char *name, const void *data, size_t n, enum files_kind want, bool named,
                        buf *text, struct files_info *info, err *e)
{
    struct files_pkg p;
    int rc = files_pkg_open(&p, name, data, n, e);
    if (rc)
        return rc;
    enum files_kind k = zip_kind(&p);
    if (named && k != want) {
        files_pkg_close(&p);
        return err_set(e, GK_EINVAL, name, "named .%s but the package holds no %s document: the file is damaged",
                       files_kind_key(want), files_kind_key(want));
    }
    info->kind = k;
    if (k == FILES_XLSX)
        rc = xlsx_text(&p, text, info, e);
    else if (k == FILES_DOCX || k == FILES_ODT || k == FILES_ODS)
        rc = xml_parts_text(&p, k != FILES_DOCX, text, e);
    else {
        info->state = FILES_UNREAD;
        snprintf(info->note, sizeof info->note, "压缩包或未知格式，无法读取文字");
    }
    files_pkg_close(&p);
    return rc;
}

int files_text(const char *name, const void *data, size_t n, buf *text, struct files_info *info, err *e)
{
    memset(info, 0, sizeof *info);
    buf_reset(text);
    buf_puts(text, "");
    if (n > FILES_MAX_INPUT)
        return err_set(e, GK_EINVAL, name, "%zu bytes, more than %u MB", n, FILES_MAX_INPUT >> 20);
    enum files_kind want = FILES_OTHER;
    bool named = ext_kind(name, &want);
    const char *d = data;
    int rc = 0;
    info->state = FILES_READ;
    if (starts(d, n, "PK\3\4", 4) || (named && (want == FILES_DOCX || want == FILES_XLSX ||
                                                  want == FILES_ODT || want == FILES_ODS))) {
        rc = package_text(name, data, n, want, named && want != FILES_OTHER && want != FILES_LEGACY &&
                                                   want != FILES_TXT, text, info, e);
    } else if (is_pdf(d, n) || (named && want == FILES_PDF)) {
        info->kind = FILES_PDF;
        if (!is_pdf(d, n))
            return err_set(e, GK_EINVAL, name, "named .pdf but it does not start as a PDF: the file is damaged");
        rc = pdf_text(name, data, n, text, info, e);
    } else if (starts(d, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) || (named && want == FILES_LEGACY)) {
        info->kind = FILES_LEGACY;
        info->state = FILES_UNREAD;
        snprintf(info->note, sizeof info->note, "旧版二进制格式（.doc/.wps/.et/.xls），gongkai 不读取其文字");
    } else if (starts(d, n, "\x89PNG\r\n\x1a\n", 8) || starts(d, n, "\xFF\xD8\xFF", 3) || starts(d, n, "GIF8", 4)) {
        /* an image whose bytes happen to decode as GB18030 is still an image */
        info->kind = FILES_OTHER;
        info->state = FILES_UNREAD;
        snprintf(info->note, sizeof info->note, "不是文字文件（PNG、JPEG或GIF图片）");
    } else {
        buf u;
        buf_init(&u);
        err de;
        bool textual = named && (want == FILES_TXT || want == FILES_CSV || want == FILES_HTML);
        int drc = files_decode_text(name, data, n, &u, textual ? e : &de);
        if (drc && textual) {
            rc = drc;
        } else if (drc) {
            info->kind = FILES_OTHER;
            info->state = FILES_UNREAD;
            snprintf(info->note, sizeof info->note, "不是文字文件（图片、扫描件或未知格式）");
        } else {
            bool html = named ? want == FILES_HTML
                              : (strncasecmp(u.data, "<!doctype html", 14) == 0 || strncasecmp(u.data, "<html", 5) == 0);
            info->kind = html ? FILES_HTML : named && want == FILES_CSV ? FILES_CSV : FILES_TXT;
            if (html)
                rc = html_text(name, &u, text, e);
            else if (info->kind == FILES_CSV)
                rc = csv_text(name, &u, text, e);
            else
                buf_append(text, u.data, u.len);
        }
        buf_free(&u);
    }
    if (!rc && info->state == FILES_UNREAD)
        buf_reset(text), buf_puts(text, "");
    if (!rc && text->len > FILES_MAX_TEXT)
        rc = err_set(e, GK_EINVAL, name, "more than %u MB of text", FILES_MAX_TEXT >> 20);
    if (!rc && !utf8_valid(text->data, text->len, NULL))
        rc = err_set(e, GK_EINVAL, name, "the text read is not valid UTF-8");
    return rc;
}
