/*
 * report — Word (.docx) input for the reader: word/document.xml (libzip,
 * libxml2) turned into the line form the text reader understands, the same
 * form read_html.c makes of an HTML page: each table row one line of cells
 * joined by " | " (a merged cell once, where it starts, and an empty cell for
 * every further grid column (w:gridSpan) and for every row it covers
 * (w:vMerge continue)), each paragraph one line.
 *
 * The archive is outside input and a zip can be a bomb: the entry's declared
 * size, its ratio to the compressed size and the bytes actually inflated are
 * all bounded (DOCX_MAX_XML, DOCX_MAX_RATIO), the number of entries too; the
 * XML may declare no DTD (no entity expansion) and is read without network.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "report/read_int.h"

#define DOCX_MAX_XML ((size_t)32 << 20)   /* bytes of word/document.xml inflated */
#define DOCX_MAX_RATIO 200                /* inflated / compressed: more is a bomb */
#define DOCX_MAX_ENTRIES 10000
#define DOCX_MAX_DEPTH 64                 /* tables within tables within ... */

static bool is(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* Value of w:val (or any attribute named val) as a number; def when absent. */
static long val_of(const xmlNode *n, long def)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, "val") == 0 && a->children && a->children->content) {
            long v = strtol((const char *)a->children->content, NULL, 10);
            return v;
        }
    return def;
}

static const char *val_str(const xmlNode *n)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, "val") == 0 && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

/* Text of a paragraph or cell: w:t, w:tab as a space, w:br as a space. */
static void text_of(const xmlNode *n, buf *out, int depth)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "t") || is(k, "delText")) {
            if (is(k, "delText"))
                continue; /* deleted in tracked changes */
            for (const xmlNode *t = k->children; t; t = t->next)
                if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
                    buf_puts(out, (const char *)t->content);
        } else if (is(k, "tab") || is(k, "br") || is(k, "cr")) {
            buf_putc(out, ' ');
        } else if (is(k, "p")) {
            text_of(k, out, depth + 1); /* paragraphs of a cell run on: one cell */
        } else if (!is(k, "rPr") && !is(k, "pPr") && !is(k, "tcPr") && !is(k, "instrText")) {
            text_of(k, out, depth + 1);
        }
    }
}

static void put_cell(buf *line, const char *s, size_t n, bool first)
{
    if (!first)
        buf_puts(line, " | ");
    /* a '|' or line end inside a cell would divide it: spaces instead */
    for (size_t i = 0; i < n; i++)
        buf_putc(line, s[i] == '|' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

static void walk(const xmlNode *n, buf *out, int depth);

static void table(const xmlNode *tbl, buf *out, int depth)
{
    buf cell, line;
    buf_init(&cell);
    buf_init(&line);
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is(tr, "tr"))
            continue;
        buf_reset(&line);
        int col = 0;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!is(tc, "tc"))
                continue;
            long span = 1;
            bool cont = false;
            for (const xmlNode *p = tc->children; p; p = p->next)
                if (is(p, "tcPr"))
                    for (const xmlNode *q = p->children; q; q = q->next) {
                        if (is(q, "gridSpan"))
                            span = val_of(q, 1);
                        if (is(q, "vMerge")) {
                            const char *v = val_str(q);
                            cont = !v || strcmp(v, "restart") != 0;
                        }
                    }
            if (span < 1 || span > 64)
                span = 1;
            buf_reset(&cell);
            if (!cont)
                text_of(tc, &cell, depth + 1);
            put_cell(&line, cell.data ? cell.data : "", cell.len, col == 0);
            col++;
            for (long s = 1; s < span; s++, col++)
                put_cell(&line, "", 0, false);
            /* a nested table: its rows follow as lines of their own */
            for (const xmlNode *p = tc->children; p; p = p->next)
                if (is(p, "tbl") && depth < DOCX_MAX_DEPTH) {
                    buf_append(out, line.data ? line.data : "", line.len);
                    buf_putc(out, '\n');
                    buf_reset(&line);
                    table(p, out, depth + 1);
                }
        }
        if (line.len) {
            buf_append(out, line.data, line.len);
            buf_putc(out, '\n');
        }
    }
    buf_free(&cell);
    buf_free(&line);
}

static void walk(const xmlNode *n, buf *out, int depth)
{
    if (depth > DOCX_MAX_DEPTH)
        return;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "p")) {
            size_t at = out->len;
            text_of(k, out, depth + 1);
            if (out->len > at)
                buf_putc(out, '\n');
        } else if (is(k, "tbl")) {
            table(k, out, depth + 1);
        } else if (k->type == XML_ELEMENT_NODE) {
            walk(k, out, depth + 1); /* body, sdt, sdtContent, ... */
        }
    }
}

/* Inflates the entry at most DOCX_MAX_XML bytes and DOCX_MAX_RATIO times its compressed size. */
static int entry(zip_t *z, const char *name, buf *out, const char *source, err *e)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0)
        return err_set(e, GK_EINVAL, source, "not a Word document: part %s is missing", name);
    if (!(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
        return err_set(e, GK_EINVAL, source, "part %s: the archive does not say its size", name);
    if (st.size > DOCX_MAX_XML)
        return err_set(e, GK_EINVAL, source, "part %s: %llu bytes inflated, more than the %zu MB a report may have",
                       name, (unsigned long long)st.size, DOCX_MAX_XML >> 20);
    if (st.size > 1024 * 1024 && st.size / (st.comp_size ? st.comp_size : 1) > DOCX_MAX_RATIO)
        return err_set(e, GK_EINVAL, source, "part %s: compressed %llu times (%llu of %llu bytes), a zip bomb",
                       name, (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)),
                       (unsigned long long)st.comp_size, (unsigned long long)st.size);
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return err_set(e, GK_EINVAL, source, "part %s cannot be read: %s", name, zip_strerror(z));
    buf_reset(out);
    char tmp[16384];
    zip_int64_t got;
    int rc = 0;
    while ((got = zip_fread(f, tmp, sizeof tmp)) > 0) {
        if (out->len + (size_t)got > st.size || out->len + (size_t)got > DOCX_MAX_XML) {
            rc = err_set(e, GK_EINVAL, source, "part %s: more bytes than the archive declares (%llu)", name,
                         (unsigned long long)st.size);
            break;
        }
        buf_append(out, tmp, (size_t)got);
    }
    if (!rc && got < 0)
        rc = err_set(e, GK_EINVAL, source, "part %s is damaged: %s", name, zip_file_strerror(f));
    zip_fclose(f);
    return rc;
}

bool rd_is_docx(const char *data, size_t n)
{
    if (n < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
        return false;
    /* the part's name is stored uncompressed in its local header and the central directory */
    return memmem(data, n, "word/document.xml", 17) != NULL;
}

int rd_docx_to_text(const char *data, size_t n, const char *source, buf *out, err *e)
{
    buf_reset(out);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!z) {
        int rc = err_set(e, GK_EINVAL, source, "not a Word document (zip archive): %s", zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    int rc = 0;
    if (zip_get_num_entries(z, 0) > DOCX_MAX_ENTRIES)
        rc = err_set(e, GK_EINVAL, source, "%lld parts in the archive, more than the %d a document has",
                     (long long)zip_get_num_entries(z, 0), DOCX_MAX_ENTRIES);
    buf x;
    buf_init(&x);
    if (!rc)
        rc = entry(z, "word/document.xml", &x, source, e);
    zip_discard(z);
    if (rc) {
        buf_free(&x);
        return rc;
    }
    xmlDoc *d = xmlReadMemory(x.data ? x.data : "", (int)x.len, "document.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) {
        const xmlError *xe = xmlGetLastError();
        rc = err_set(e, GK_EINVAL, source, "word/document.xml is not well-formed XML (line %d)",
                     xe ? xe->line : 0);
    } else if (d->intSubset || d->extSubset) {
        rc = err_set(e, GK_EINVAL, source, "word/document.xml declares a DTD, which a Word document never does");
    } else {
        walk(xmlDocGetRootElement(d), out, 0);
        if (out->len == 0)
            rc = err_set(e, GK_EINVAL, source, "word/document.xml holds no text: nothing to read");
    }
    if (d)
        xmlFreeDoc(d);
    buf_free(&x);
    return rc;
}
