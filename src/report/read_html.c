/*
 * report — HTML input for the reader: libxml2's forgiving HTML parser turns
 * the page into a tree, and this walk turns the tree into the line form the
 * text reader understands: each table row one line of cells joined by " | "
 * (a merged cell once, where it starts, and an empty cell for every further
 * column it covers, rowspan and colspan alike), each block of text (<p>,
 * <div>, <br>, headings, list items) one line. Pages whose "tables" are only
 * paragraphs of text come out as plain lines and are read like text. A table
 * that a script writes (document.write('<table>…'), an HTML string in a
 * variable) is taken from the script's string literals, unescaped, parsed and
 * walked where the script stands (HX_MAXSCRIPT levels deep).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "report/read_int.h"

#define HX_MAXCOLS 64      /* columns tracked for rowspan; wider tables keep their cells */
#define HX_MAXSPAN 1000    /* a larger rowspan/colspan is taken as this */
#define HX_MAXDEPTH 200    /* deeper nesting is skipped (libxml2 limits it too) */
#define HX_MAXSCRIPT 2     /* tables in a script's strings: parsed this many levels deep */

void rd_lines_free(struct rd_lines *l)
{
    buf_free(&l->text);
    free(l->line_of);
    l->line_of = NULL;
    l->nlines = l->cap = 0;
}

static bool has_prefix_ci(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)s[i]) != p[i])
            return false;
    return true;
}

static bool find_ci(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);
    for (size_t i = 0; i + k <= n; i++) {
        const char *q = memchr(s + i, '<', n - i - k + 1);
        if (!q)
            return false;
        i = (size_t)(q - s);
        if (has_prefix_ci(q, n - i, p))
            return true;
    }
    return false;
}

bool rd_is_html(const char *data, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && isspace((unsigned char)data[i]))
        i++;
    static const char *const starts[] = {
        "<!doctype", "<html", "<head", "<body", "<table", "<p", "<div", "<meta", "<!--",
        "<?xml", "<span", "<h1", "<h2", "<h3", "<h4", "<tr", "<td", "<br", "<title",
        "<style", "<section", "<article", "<center", "<font", "<tbody", "<strong", "<b>",
    };
    if (i < n && data[i] == '<') {
        for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
            if (has_prefix_ci(data + i, n - i, starts[k]))
                return true;
        return false;
    }
    size_t lim = n < 65536 ? n : 65536;
    return find_ci(data, lim, "<table") || find_ci(data, lim, "<td") || find_ci(data, lim, "</p>") ||
           find_ci(data, lim, "<br");
}

typedef struct hx {
    struct rd_lines *out;
    buf line;          /* the line being built */
    int line_no;       /* source line of its first content */
    buf cell;
    int script_depth;  /* tables found in <script> strings being walked */
} hx;

static void hx_newline(hx *h)
{
    /* trim trailing spaces */
    while (h->line.len && h->line.data[h->line.len - 1] == ' ')
        h->line.data[--h->line.len] = '\0';
    size_t start = 0;
    while (start < h->line.len && h->line.data[start] == ' ')
        start++;
    if (start == h->line.len) {
        buf_reset(&h->line);
        h->line_no = 0;
        return;
    }
    struct rd_lines *o = h->out;
    if (o->nlines == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 256;
        o->line_of = xrealloc(o->line_of, o->cap * sizeof *o->line_of);
    }
    o->line_of[o->nlines++] = h->line_no > 0 ? h->line_no : 1;
    buf_append(&o->text, h->line.data + start, h->line.len - start);
    buf_putc(&o->text, '\n');
    buf_reset(&h->line);
    h->line_no = 0;
}

/* Appends text, turning line breaks and tabs into spaces; in a table cell
 * also '|' into '/' (a '|' inside a cell must not split it). Text outside
 * tables keeps its bars: pages that write their tables as paragraphs of
 * "label | 0 | 0" are read like text. */
static void put_text(buf *b, const char *s, bool in_cell)
{
    size_t n = strlen(s);
    buf_reserve(b, n);
    char *o = b->data + b->len;
    char last = b->len ? b->data[b->len - 1] : '\0';
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v')
            c = ' ';
        else if (c == '|' && in_cell)
            c = '/';
        if (c == ' ' && last == ' ')
            continue;
        *o++ = c;
        last = c;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

static bool is_name(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static bool skipped(const xmlNode *n)
{
    return is_name(n, "script") || is_name(n, "style") || is_name(n, "noscript") ||
           is_name(n, "template") || is_name(n, "iframe") || is_name(n, "object");
}

static bool is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
        "article", "header", "footer", "blockquote", "pre", "dd", "dt", "dl", "center",
        "form", "nav", "main", "aside", "address", "figure", "caption", "body", "html", "head",
        "hr", "tr", "thead", "tbody", "tfoot",
    };
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return false;
    for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++)
        if (strcmp((const char *)n->name, blocks[k]) == 0)
            return true;
    return false;
}

static bool contains_table(const xmlNode *n, int depth)
{
    if (depth > HX_MAXDEPTH)
        return false;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_name(c, "table") || (c->type == XML_ELEMENT_NODE && contains_table(c, depth + 1)))
            return true;
    return false;
}

static void note_line(hx *h, const xmlNode *n)
{
    if (h->line_no == 0) {
        long l = xmlGetLineNo(n);
        h->line_no = l > 0 && l < 0x7fffffff ? (int)l : 1;
    }
}

/* The text of a cell, blocks inside it joined by spaces. */
static void cell_text(hx *h, const xmlNode *n, int depth)
{
    if (depth > HX_MAXDEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                put_text(&h->cell, (const char *)c->content, true);
        } else if (c->type == XML_ELEMENT_NODE && !skipped(c)) {
            bool block = is_block(c) || is_name(c, "br");
            if (block)
                buf_putc(&h->cell, ' ');
            cell_text(h, c, depth + 1);
            if (block)
                buf_putc(&h->cell, ' ');
        }
    }
}

static void walk(hx *h, const xmlNode *n, int depth);

/* rowspan/colspan as a number in 1..HX_MAXSPAN (1 when absent or odd),
 * read from the attribute node without copying it. */
static int attr_int(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name || strcmp((const char *)a->name, name) != 0)
            continue;
        const xmlNode *t = a->children;
        if (!t || !t->content)
            return 1;
        long x = strtol((const char *)t->content, NULL, 10);
        return x < 1 ? 1 : x > HX_MAXSPAN ? HX_MAXSPAN : (int)x;
    }
    return 1;
}

static void put_cell(hx *h, const char *s, size_t len)
{
    /* drop spaces at both ends of the cell */
    while (len && *s == ' ')
        s++, len--;
    while (len && s[len - 1] == ' ')
        len--;
    buf_append(&h->line, s, len);
    buf_puts(&h->line, " | ");
}

static void table_rows(hx *h, const xmlNode *tbl, int *span, int depth);

static void table_row(hx *h, const xmlNode *tr, int *span, int depth)
{
    int col = 0;
    note_line(h, tr);
    for (const xmlNode *c = tr->children; c; c = c->next) {
        if (!(is_name(c, "td") || is_name(c, "th")))
            continue;
        while (col < HX_MAXCOLS && span[col] > 0) {
            span[col]--;
            put_cell(h, "", 0);
            col++;
        }
        int cs = attr_int(c, "colspan"), rs = attr_int(c, "rowspan");
        if (contains_table(c, depth + 1)) {
            /* a layout table: what came before is a line, the inner content is walked */
            hx_newline(h);
            walk(h, c, depth + 1);
            hx_newline(h);
            note_line(h, tr);
        } else {
            buf_reset(&h->cell);
            cell_text(h, c, depth + 1);
            put_cell(h, h->cell.data ? h->cell.data : "", h->cell.len);
        }
        for (int k = 0; k < cs; k++) {
            if (col + k < HX_MAXCOLS && rs > 1)
                span[col + k] = rs - 1;
            if (k > 0 && col + k < HX_MAXCOLS)
                put_cell(h, "", 0);
        }
        col += cs;
    }
    for (; col < HX_MAXCOLS; col++)
        if (span[col] > 0)
            span[col]--;
    hx_newline(h);
}

static void table_rows(hx *h, const xmlNode *n, int *span, int depth)
{
    if (depth > HX_MAXDEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_name(c, "tr"))
            table_row(h, c, span, depth + 1);
        else if (is_name(c, "thead") || is_name(c, "tbody") || is_name(c, "tfoot"))
            table_rows(h, c, span, depth + 1);
        else if (is_name(c, "caption")) {
            hx_newline(h);
            walk(h, c, depth + 1);
            hx_newline(h);
        }
    }
}

static void walk(hx *h, const xmlNode *n, int depth);

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The string literals of a script, joined and unescaped: the HTML that
 * document.write('<table>…') or a template string would put in the page. */
static void script_strings(const char *s, buf *out)
{
    for (; *s; s++) {
        if (*s != '"' && *s != '\'' && *s != '`')
            continue;
        char q = *s++;
        while (*s && *s != q) {
            if (*s == '\\' && s[1]) {
                s++;
                int v = -1, k = 0;
                if (*s == 'n' || *s == 'r' || *s == 't') {
                    buf_putc(out, ' ');
                } else if (*s == 'u' || *s == 'x') {
                    int digits = *s == 'u' ? 4 : 2;
                    v = 0;
                    for (k = 1; k <= digits && v >= 0; k++)
                        v = hexval(s[k]) < 0 ? -1 : v * 16 + hexval(s[k]);
                    if (v > 0 && !(v >= 0xD800 && v <= 0xDFFF)) {
                        char u[4];
                        buf_append(out, u, (size_t)utf8_encode((uint32_t)v, u));
                        s += digits;
                    } else {
                        buf_putc(out, *s);
                    }
                } else {
                    buf_putc(out, *s);
                }
                s++;
                continue;
            }
            buf_putc(out, *s++);
        }
        if (!*s)
            break;
    }
}

/* A table written by a script: its strings parsed as HTML and walked in place. */
static void script_tables(hx *h, const xmlNode *script, int depth)
{
    if (h->script_depth >= HX_MAXSCRIPT || !script->children)
        return;
    xmlChar *code = xmlNodeGetContent(script);
    if (!code)
        return;
    size_t n = strlen((const char *)code);
    if (!find_ci((const char *)code, n, "<table") && !find_ci((const char *)code, n, "<tr")) {
        xmlFree(code);
        return;
    }
    buf html;
    buf_init(&html);
    script_strings((const char *)code, &html);
    xmlFree(code);
    if (html.len > 0 && html.len < (size_t)0x7fffffff) {
        int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                   HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT;
        htmlDocPtr doc = htmlReadMemory(html.data, (int)html.len, "script", "UTF-8", opts);
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        if (root) {
            note_line(h, script);
            int line = h->line_no;
            xmlNode fake;
            memset(&fake, 0, sizeof fake);
            fake.children = root;
            h->script_depth++;
            hx_newline(h);
            h->line_no = line;
            walk(h, &fake, depth + 1);
            hx_newline(h);
            h->script_depth--;
        }
        if (doc)
            xmlFreeDoc(doc);
    }
    buf_free(&html);
}

static void walk(hx *h, const xmlNode *n, int depth)
{
    if (depth > HX_MAXDEPTH)
        return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) {
                note_line(h, c);
                put_text(&h->line, (const char *)c->content, false);
            }
            continue;
        }
        if (is_name(c, "script")) {
            script_tables(h, c, depth);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || skipped(c))
            continue;
        if (is_name(c, "table")) {
            hx_newline(h);
            int span[HX_MAXCOLS] = {0};
            table_rows(h, c, span, depth + 1);
            hx_newline(h);
        } else if (is_name(c, "br")) {
            hx_newline(h);
        } else if (is_name(c, "td") || is_name(c, "th")) {
            /* a cell outside any table: a block of its own */
            hx_newline(h);
            walk(h, c, depth + 1);
            buf_puts(&h->line, " | ");
        } else if (is_block(c)) {
            hx_newline(h);
            walk(h, c, depth + 1);
            hx_newline(h);
        } else {
            walk(h, c, depth + 1);
        }
    }
}

int rd_html_to_lines(const char *data, size_t n, const char *source, struct rd_lines *out, err *e)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text);
    if (n > (size_t)0x7fffffff)
        return err_set(e, GK_EINVAL, "", "%s: HTML too large", source);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
               HTML_PARSE_NOBLANKS | HTML_PARSE_COMPACT | XML_PARSE_BIG_LINES;
    htmlDocPtr doc = htmlReadMemory(data, (int)n, source, "UTF-8", opts);
    if (!doc)
        return err_set(e, GK_EINVAL, "", "%s: the HTML could not be parsed at all", source);
    hx h;
    h.out = out;
    buf_init(&h.line);
    buf_init(&h.cell);
    h.line_no = 0;
    h.script_depth = 0;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root) {
        /* walk the root itself as a child of a pseudo parent */
        xmlNode fake;
        memset(&fake, 0, sizeof fake);
        fake.children = root;
        /* siblings of root (rare) are walked too: root->next chain */
        walk(&h, &fake, 0);
    }
    hx_newline(&h);
    buf_free(&h.line);
    buf_free(&h.cell);
    xmlFreeDoc(doc);
    if (!out->text.data)
        buf_puts(&out->text, "");
    return 0;
}
