/*
 * report — HTML input for the reader: one pass over the page turns it into
 * the line form the text reader understands: each table row one line of cells joined by " | "
 * (a merged cell once, where it starts, and an empty cell for every further
 * column it covers, rowspan and colspan alike), each block of text (<p>,
 * <div>, <br>, headings, list items) one line. Pages whose "tables" are only
 * paragraphs of text come out as plain lines and are read like text. A table
 * that a script writes (document.write('<table>…'), an HTML string in a
 * variable) is taken from the script's string literals, unescaped, parsed and
 * read where the script stands (HX_MAXSCRIPT levels deep).
 *
 * The pass is a bounded tokenizer of its own, not libxml2's parser: building
 * libxml2's tree took three quarters of the time of reading an HTML report,
 * and its SAX parser alone read 43 MB/s where this pass reads several hundred
 * (bench/read_bench.c). It follows libxml2's HTML rules where they decide
 * the lines: which start tag closes which open element (htmlStartClose),
 * which end tag may close what (htmlEndPriority), empty elements, raw text in
 * <script> and <style>, character and entity references (libxml2's entity
 * table, htmlEntityLookup). Input is bytes; nothing is read past the end.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_html_internal.h"
#include "report/read_int.h"

#define HX_MAXCOLS 64      /* columns tracked for rowspan; wider tables keep their cells */
#define HX_MAXSPAN 1000    /* a larger rowspan/colspan is taken as this */
#define HX_MAXDEPTH 200    /* nesting (<html> is 1): the content of deeper elements is skipped */
#define HX_MAXSTACK 256    /* open elements tracked; past it they are counted, not kept */
#define HX_MAXTABLES 64    /* tables open inside each other (HX_MAXDEPTH allows 50) */
#define HX_MAXNAME 100     /* bytes of a tag name (libxml2's HTML_PARSER_BUFFER_SIZE) */
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

/* ---- the tokenizer's state ----------------------------------------------- */

/* What the content of an open element is read as. */
enum mode {
    M_WALK,    /* text is a line's; blocks make lines; tables are read as tables */
    M_TABLE,   /* inside <table>, <thead>, <tbody>, <tfoot>: only rows and the caption count */
    M_ROW,     /* inside <tr>: only cells count */
    M_CELL,    /* inside a cell: its text, blocks joined by spaces */
    M_SKIP,    /* not read */
};

/* What closing an element does to the lines. */
enum endk { E_NONE, E_LINE, E_TABLE, E_ROW, E_CELL, E_LCELL, E_OUTCELL, E_SPACE };

struct hx_el {
    const char *name;     /* in the input (lower or upper case), len bytes */
    unsigned short len;
    unsigned char tag, mode, endk;
    int cs, rs;           /* a cell's colspan and rowspan */
};

struct hx_table {
    int span[HX_MAXCOLS];   /* rows still covered by a rowspan, per column */
    int col;                /* the next cell's column (at most HX_MAXCOLS) */
    int tr_line;            /* the source line of the open row */
};

typedef struct hx {
    struct rd_lines *out;
    buf line;          /* the line being built */
    int line_no;       /* source line of its first content */
    buf cell;
    buf text;          /* scratch: a text run with its entities replaced */
    int script_depth;  /* tables found in <script> strings being read */
    int fixed_line;    /* inside a script's tables: every line is the script's */
} hx;

/* One document (the page, or the HTML in a script's strings) being read. */
struct hx_doc {
    hx *h;
    const char *data, *end;
    const char *lpos;  /* newlines counted up to here */
    int lno;           /* the line at lpos */
    struct hx_el st[HX_MAXSTACK];   /* open elements but <html>, <head>, <body> */
    int nst;
    int deep;          /* elements open past HX_MAXSTACK: their content is not read */
    struct hx_table tb[HX_MAXTABLES];
    int ntb;
    /* <html>, <head>, <body> as libxml2 keeps them (htmlCheckImplied): open,
     * ever opened, and misplaced ones whose end tags are ignored */
    bool html_open, head_open, body_open, head_seen, body_seen;
    int misplaced;
};

static int line_at(struct hx_doc *d, const char *p)
{
    if (d->h->fixed_line)
        return d->h->fixed_line;
    while (d->lpos < p) {
        const char *nl = memchr(d->lpos, '\n', (size_t)(p - d->lpos));
        if (!nl) {
            d->lpos = p;
            break;
        }
        d->lno++;
        d->lpos = nl + 1;
    }
    return d->lno;
}

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

static void note_line(hx *h, int line)
{
    if (h->line_no == 0)
        h->line_no = line > 0 ? line : 1;
}

/* Appends text, turning line breaks and tabs into spaces; in a table cell
 * also '|' into '/' (a '|' inside a cell must not split it). Text outside
 * tables keeps its bars: pages that write their tables as paragraphs of
 * "label | 0 | 0" are read like text. */
static void put_text(buf *b, const char *s, size_t n, bool in_cell)
{
    buf_reserve(b, n);
    char *o = b->data + b->len;
    char last = b->len ? b->data[b->len - 1] : '\0';
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20 && c != '\n' && c != '\r' && c != '\t')
            continue; /* not an XML character: libxml2 drops it too */
        if (c == '\n' || c == '\r' || c == '\t')
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

static enum mode cur_mode(const struct hx_doc *d)
{
    return d->deep ? M_SKIP : d->nst ? (enum mode)d->st[d->nst - 1].mode : M_WALK;
}

static void push(struct hx_doc *d, const char *name, size_t n, int tag, enum mode m, enum endk k);
static void implied_body(struct hx_doc *d, unsigned flags);

/* Text outside <body> (libxml2's htmlCheckParagraph): <head> is closed,
 * <body> implied if it never was, and the text put in a paragraph. */
static void implied_p(struct hx_doc *d, const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    if (s == e)
        return;
    implied_body(d, 0);
    hx_newline(d->h);
    push(d, "p", 1, T_P, M_WALK, E_LINE);
}

/* A run of text between tags. */
static void on_text(struct hx_doc *d, const char *s, const char *e)
{
    if (d->nst == 0 && !d->body_open && !d->deep)
        implied_p(d, s, e);
    enum mode m = cur_mode(d);
    if (m != M_WALK && m != M_CELL)
        return;
    hx *h = d->h;
    const char *t = s;
    size_t n = (size_t)(e - s);
    const char *amp = memchr(s, '&', n);
    if (amp) {
        buf_reset(&h->text);
        buf_append(&h->text, s, (size_t)(amp - s));
        for (const char *p = amp; p < e;) {
            const char *q = *p == '&' ? p : memchr(p, '&', (size_t)(e - p));
            if (!q)
                q = e;
            buf_append(&h->text, p, (size_t)(q - p));
            p = q < e ? q + rd_html_entity(q, e, &h->text) : e;
        }
        t = h->text.data ? h->text.data : "";
        n = h->text.len;
    }
    if (m == M_CELL) {
        put_text(&h->cell, t, n, true);
    } else {
        note_line(h, line_at(d, e));
        put_text(&h->line, t, n, false);
    }
}

/* ---- elements ----------------------------------------------------------- */

static void read_doc(hx *h, const char *data, size_t n, int line);

/* The string literals of a script, joined and unescaped: the HTML that
 * document.write('<table>…') or a template string would put in the page. */
static void script_strings(const char *s, const char *end, buf *out)
{
    for (; s < end; s++) {
        if (*s != '"' && *s != '\'' && *s != '`')
            continue;
        char q = *s++;
        while (s < end && *s != q) {
            if (*s == '\\' && s + 1 < end) {
                s++;
                if (*s == 'n' || *s == 'r' || *s == 't') {
                    buf_putc(out, ' ');
                } else if (*s == 'u' || *s == 'x') {
                    int digits = *s == 'u' ? 4 : 2, v = 0;
                    for (int k = 1; k <= digits && v >= 0; k++)
                        v = s + k >= end || rd_html_hexval(s[k]) < 0 ? -1 : v * 16 + rd_html_hexval(s[k]);
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
        if (s >= end)
            break;
    }
}

/* A table written by a script: its strings read as HTML where the script stands. */
static void script_tables(struct hx_doc *d, const char *code, const char *end, int line)
{
    hx *h = d->h;
    size_t n = (size_t)(end - code);
    if (h->script_depth >= HX_MAXSCRIPT || n == 0)
        return;
    if (!find_ci(code, n, "<table") && !find_ci(code, n, "<tr"))
        return;
    buf html;
    buf_init(&html);
    script_strings(code, end, &html);
    if (html.len > 0) {
        note_line(h, line);
        int first = h->line_no, fixed = h->fixed_line;
        hx_newline(h);
        h->line_no = first;
        h->script_depth++;
        h->fixed_line = fixed ? fixed : line;
        read_doc(h, html.data, html.len, 1);
        hx_newline(h);
        h->script_depth--;
        h->fixed_line = fixed;
    }
    buf_free(&html);
}

/* What closing the innermost open element does. */
static void pop(struct hx_doc *d)
{
    hx *h = d->h;
    struct hx_el *el = &d->st[--d->nst];
    struct hx_table *t = d->ntb ? &d->tb[d->ntb - 1] : NULL;
    switch (el->endk) {
    case E_LINE:
        hx_newline(h);
        break;
    case E_TABLE:
        hx_newline(h);
        d->ntb--;
        break;
    case E_ROW:
        for (; t->col < HX_MAXCOLS; t->col++)
            if (t->span[t->col] > 0)
                t->span[t->col]--;
        hx_newline(h);
        break;
    case E_CELL:
    case E_LCELL:
        if (el->endk == E_CELL) {
            put_cell(h, h->cell.data ? h->cell.data : "", h->cell.len);
        } else {
            hx_newline(h);
            note_line(h, t->tr_line);
        }
        for (int k = 0; k < el->cs; k++) {
            if (t->col + k < HX_MAXCOLS && el->rs > 1)
                t->span[t->col + k] = el->rs - 1;
            if (k > 0 && t->col + k < HX_MAXCOLS)
                put_cell(h, "", 0);
        }
        t->col = t->col + el->cs < HX_MAXCOLS ? t->col + el->cs : HX_MAXCOLS;
        break;
    case E_OUTCELL:
        buf_puts(&h->line, " | ");
        break;
    case E_SPACE:
        buf_putc(&h->cell, ' ');
        break;
    default:
        break;
    }
}

static bool name_is(const struct hx_el *el, const char *name, size_t n)
{
    if (el->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)el->name[i]) != tolower((unsigned char)name[i]))
            return false;
    return true;
}

static void close_all(struct hx_doc *d, int tag);

/* An end tag: closes its element and those opened after it, unless one of
 * them ranks higher (then, or when it is not open, it is ignored). */
static void on_end(struct hx_doc *d, const char *name, size_t n, const struct tag_row *tr)
{
    if (tr->flags & TF_ROOT) {
        bool *open = tr->id == T_HTML ? &d->html_open : tr->id == T_HEAD ? &d->head_open : &d->body_open;
        if (d->misplaced > 0)
            d->misplaced--;
        else if (*open)
            close_all(d, tr->id);
        return;
    }
    if (d->deep) {
        d->deep--;
        return;
    }
    int pri = rd_html_end_priority(tr->id), i;
    for (i = d->nst - 1; i >= 0; i--) {
        if (name_is(&d->st[i], name, n))
            break;
        if (rd_html_end_priority(d->st[i].tag) > pri)
            return;
    }
    while (i >= 0 && d->nst > i)
        pop(d);
}

/* The end of <html>, <head> or <body>: every element opened since is closed
 * (none ranks higher), and so are they. */
static void close_all(struct hx_doc *d, int tag)
{
    d->deep = 0;
    while (d->nst)
        pop(d);
    hx_newline(d->h);
    d->head_open = false;
    if (tag != T_HEAD)
        d->body_open = false;
    if (tag == T_HTML)
        d->html_open = false;
}

/* libxml2's implied <html>, <head> and <body> before content (htmlCheckImplied),
 * and <head> closed by what cannot stand in it; each a line of its own. */
static void implied_body(struct hx_doc *d, unsigned flags)
{
    d->html_open = true;
    if (flags & TF_HEAD) {
        if (!d->head_seen && !d->body_open && d->nst == 0) {
            d->head_open = d->head_seen = true;
            hx_newline(d->h);
        }
        return;
    }
    if (d->head_open)
        close_all(d, T_HEAD);
    if (!d->body_seen) {
        d->body_open = d->body_seen = true;
        hx_newline(d->h);
    }
}

/* <html>, <head>, <body>: opened when in their place, else ignored (with
 * their end tags), as libxml2 does (htmlParseStartTag). Returns whether tr
 * was one of them; for any other tag, the implied ones are opened. */
static bool root_start(struct hx_doc *d, const struct tag_row *tr)
{
    if (!(tr->flags & TF_ROOT)) {
        if (!d->body_open)
            implied_body(d, tr->flags);
        return false;
    }
    bool ok = tr->id == T_HTML ? !d->html_open && !d->body_open && d->nst == 0
            : tr->id == T_HEAD ? !d->head_open && !d->body_open && d->nst == 0
                               : !d->body_open;
    if (!ok) {
        d->misplaced++;
        return true;
    }
    if (tr->id == T_BODY && d->head_open)
        close_all(d, T_HEAD);
    d->html_open = true;
    if (tr->id == T_HEAD)
        d->head_open = d->head_seen = true;
    if (tr->id == T_BODY)
        d->body_open = d->body_seen = true;
    hx_newline(d->h);
    return true;
}

/* Whether the cell whose content starts at p holds a table (then it is read
 * as a layout, not as a cell): a <table> before the next cell or row. */
static bool cell_has_table(const char *p, const char *end)
{
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        size_t left = (size_t)(end - p);
        if (has_prefix_ci(p, left, "<table"))
            return true;
        if (has_prefix_ci(p, left, "<td") || has_prefix_ci(p, left, "<th") || has_prefix_ci(p, left, "<tr") ||
            has_prefix_ci(p, left, "</td") || has_prefix_ci(p, left, "</th") ||
            has_prefix_ci(p, left, "</tr") || has_prefix_ci(p, left, "</table"))
            return false;
        if (has_prefix_ci(p, left, "<!--")) {
            const char *c = memmem(p + 4, left - 4, "-->", 3);
            if (!c)
                return false;
            p = c + 3;
            continue;
        }
        if (has_prefix_ci(p, left, "<script") || has_prefix_ci(p, left, "<style")) {
            const char *close = p[1] == 's' || p[1] == 'S' ? (p[2] == 'c' || p[2] == 'C' ? "</script" : "</style")
                                                          : "</style";
            size_t k = strlen(close);
            const char *q = p + 1;
            while ((q = memchr(q, '<', (size_t)(end - q))) != NULL && !has_prefix_ci(q, (size_t)(end - q), close))
                q++;
            if (!q)
                return false;
            p = q + k;
            continue;
        }
        p++;
    }
    return false;
}

static int attr_span(const char *v, size_t n)
{
    long x = 0;
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
        i++;
    bool neg = i < n && v[i] == '-';
    if (i < n && (v[i] == '-' || v[i] == '+'))
        i++;
    if (i >= n || !rd_html_digit(v[i]))
        return 1;
    for (; i < n && rd_html_digit(v[i]); i++)
        if ((x = x * 10 + (v[i] - '0')) > HX_MAXSPAN)
            x = HX_MAXSPAN + 1;
    if (neg || x < 1)
        return 1;
    return x > HX_MAXSPAN ? HX_MAXSPAN : (int)x;
}

/* Whether an element opened now would be nested past HX_MAXDEPTH (<html>
 * and <body> above the stack): its content is then not read, but for a row's
 * cells (each cell's own content is not). */
static bool too_deep(const struct hx_doc *d) { return d->nst + 3 > HX_MAXDEPTH; }

static void push(struct hx_doc *d, const char *name, size_t n, int tag, enum mode m, enum endk k)
{
    if (too_deep(d) && m != M_ROW)
        m = M_SKIP;
    if (d->nst == HX_MAXSTACK) {
        d->deep++;
        return;
    }
    struct hx_el *el = &d->st[d->nst++];
    el->name = name;
    el->len = (unsigned short)n;
    el->tag = (unsigned char)tag;
    el->mode = (unsigned char)m;
    el->endk = (unsigned char)k;
    el->cs = el->rs = 1;
}

/* A start tag (attributes read already). */
/* A start tag as on_start hands it to the mode's handler; before: the
 * number of open elements before it. */
struct start_args {
    const char *name;
    size_t n;
    const struct tag_row *tr;
    bool self;
    int cs, rs;
    const char *after;
    int before;
};

/* Outside tables: blocks make lines, a table is read as a table. */
static void start_walk(struct hx_doc *d, const struct start_args *a)
{
    const struct tag_row *tr = a->tr;
    hx *h = d->h;
    if (tr->flags & TF_SKIP) {
        push(d, a->name, a->n, tr->id, M_SKIP, E_NONE);
    } else if (tr->id == T_TABLE) {
        hx_newline(h);
        if (d->ntb == HX_MAXTABLES) {
            push(d, a->name, a->n, tr->id, M_SKIP, E_LINE);
        } else {
            memset(&d->tb[d->ntb++], 0, sizeof d->tb[0]);
            push(d, a->name, a->n, tr->id, M_TABLE, E_TABLE);
            if (d->deep)
                d->ntb--;
        }
    } else if (tr->id == T_BR) {
        hx_newline(h);
    } else if (tr->id == T_TD || tr->id == T_TH) {
        /* a cell outside any table: a block of its own */
        hx_newline(h);
        push(d, a->name, a->n, tr->id, M_WALK, E_OUTCELL);
    } else if (tr->flags & TF_BLOCK) {
        hx_newline(h);
        if (tr->flags & TF_VOID)
            hx_newline(h);
        else
            push(d, a->name, a->n, tr->id, M_WALK, E_LINE);
    } else if (!(tr->flags & TF_VOID)) {
        push(d, a->name, a->n, tr->id, M_WALK, E_NONE);
    }
}

/* Inside a table: only rows, row groups and the caption count. */
static void start_table(struct hx_doc *d, const struct start_args *a)
{
    const struct tag_row *tr = a->tr;
    hx *h = d->h;
    if (tr->id == T_TR) {
        struct hx_table *t = &d->tb[d->ntb - 1];
        t->col = 0;
        t->tr_line = line_at(d, a->after);
        note_line(h, t->tr_line);
        push(d, a->name, a->n, tr->id, M_ROW, E_ROW);
    } else if (tr->id == T_THEAD || tr->id == T_TBODY || tr->id == T_TFOOT) {
        push(d, a->name, a->n, tr->id, M_TABLE, E_NONE);
    } else if (tr->id == T_CAPTION) {
        hx_newline(h);
        push(d, a->name, a->n, tr->id, M_WALK, E_LINE);
    } else if (!(tr->flags & TF_VOID)) {
        push(d, a->name, a->n, tr->id, M_SKIP, E_NONE);
    }
}

/* Inside a row: a cell, after the cells that rowspans above cover; a cell holding a
 * table is a layout cell, read as a page. */
static void start_row(struct hx_doc *d, const struct start_args *a)
{
    const struct tag_row *tr = a->tr;
    hx *h = d->h;
    if (tr->id == T_TD || tr->id == T_TH) {
        struct hx_table *t = &d->tb[d->ntb - 1];
        while (t->col < HX_MAXCOLS && t->span[t->col] > 0) {
            t->span[t->col]--;
            put_cell(h, "", 0);
            t->col++;
        }
        if (!a->self && !too_deep(d) && cell_has_table(a->after, d->end)) {
            /* a layout table: what came before is a line, the inner content is read as a page */
            hx_newline(h);
            push(d, a->name, a->n, tr->id, M_WALK, E_LCELL);
        } else {
            buf_reset(&h->cell);
            push(d, a->name, a->n, tr->id, M_CELL, E_CELL);
        }
        if (d->nst > a->before) {
            d->st[d->nst - 1].cs = a->cs;
            d->st[d->nst - 1].rs = a->rs;
        }
    } else if (!(tr->flags & TF_VOID)) {
        push(d, a->name, a->n, tr->id, M_SKIP, E_NONE);
    }
}

/* Inside a cell: blocks and <br> are spaces; a table in it is not read. */
static void start_cell(struct hx_doc *d, const struct start_args *a)
{
    const struct tag_row *tr = a->tr;
    hx *h = d->h;
    if ((tr->flags & TF_SKIP) || tr->id == T_TABLE) {
        push(d, a->name, a->n, tr->id, M_SKIP, E_NONE);
    } else if (tr->id == T_BR || (tr->flags & TF_BLOCK)) {
        buf_putc(&h->cell, ' ');
        if (tr->flags & TF_VOID)
            buf_putc(&h->cell, ' ');
        else
            push(d, a->name, a->n, tr->id, M_CELL, E_SPACE);
    } else if (!(tr->flags & TF_VOID)) {
        push(d, a->name, a->n, tr->id, M_CELL, E_NONE);
    }
}

/* Not read: only nesting is kept. */
static void start_skip(struct hx_doc *d, const struct start_args *a)
{
    const struct tag_row *tr = a->tr;
    if (!(tr->flags & TF_VOID))
        push(d, a->name, a->n, tr->id, M_SKIP, E_NONE);
}

/* The start tag's handler for each mode. */
static void (*const start_in[])(struct hx_doc *, const struct start_args *) = {
    [M_WALK] = start_walk, [M_TABLE] = start_table, [M_ROW] = start_row, [M_CELL] = start_cell,
    [M_SKIP] = start_skip,
};

static void on_start(struct hx_doc *d, const char *name, size_t n, const struct tag_row *tr, bool self,
                     int cs, int rs, const char *after)
{
    if (root_start(d, tr))
        return;
    bool leaf = self || (tr->flags & TF_VOID);
    if (d->deep) {
        d->deep += !leaf;
        return;
    }
    while (d->nst && rd_html_closes(tr->id, d->st[d->nst - 1].tag))
        pop(d);
    struct start_args a = {name, n, tr, self, cs, rs, after, d->nst};
    start_in[cur_mode(d)](d, &a);
    /* <x/>: libxml2 ends the element at once */
    if (self && d->nst > a.before)
        pop(d);
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_namec(char c)
{
    return rd_html_alpha(c) || rd_html_digit(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* An HTML name at p (libxml2's htmlParseHTMLName: at most HX_MAXNAME bytes),
 * lower-cased into lname; returns its end (p when there is none). */
static const char *tag_name(const char *p, const char *end, char lname[HX_MAXNAME + 1])
{
    const char *q = p;
    if (q < end && (rd_html_alpha(*q) || *q == '_' || *q == ':' || *q == '.'))
        while (q < end && q - p < HX_MAXNAME && is_namec(*q)) {
            lname[q - p] = (char)tolower((unsigned char)*q);
            q++;
        }
    lname[q - p] = '\0';
    return q;
}

/* A start tag at lt ("<" and a letter): its name, colspan and rowspan, "/>". */
static const char *start_tag(struct hx_doc *d, const char *lt)
{
    const char *end = d->end, *p;
    char lname[HX_MAXNAME + 1];
    const char *nm = lt + 1, *ne = tag_name(nm, end, lname);
    const struct tag_row *tr = rd_html_tag_find(lname, (size_t)(ne - nm));
    bool cell = tr->id == T_TD || tr->id == T_TH, self = false;
    int cs = 1, rs = 1, seen = 0;
    for (p = ne; p < end;) {
        while (p < end && is_blank(*p))
            p++;
        if (p >= end)
            break;
        if (*p == '>') {
            p++;
            break;
        }
        if (*p == '/' && p + 1 < end && p[1] == '>') {
            self = true;
            p += 2;
            break;
        }
        const char *an = p;
        while (p < end && !is_blank(*p) && *p != '>' && *p != '=' && !(*p == '/' && p + 1 < end && p[1] == '>'))
            p++;
        size_t anl = (size_t)(p - an);
        if (anl == 0)
            p++;
        while (p < end && is_blank(*p))
            p++;
        const char *v = NULL, *ve = NULL;
        if (anl && p < end && *p == '=') {
            p++;
            while (p < end && is_blank(*p))
                p++;
            if (p < end && (*p == '"' || *p == '\'')) {
                const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
                v = p + 1;
                ve = q ? q : end;
                p = q ? q + 1 : end;
            } else {
                v = p;
                while (p < end && !is_blank(*p) && *p != '>')
                    p++;
                ve = p;
            }
        }
        if (cell && anl == 7) {
            bool c = has_prefix_ci(an, anl, "colspan"), r = has_prefix_ci(an, anl, "rowspan");
            if (c && !(seen & 1))
                cs = v ? attr_span(v, (size_t)(ve - v)) : 1, seen |= 1;
            if (r && !(seen & 2))
                rs = v ? attr_span(v, (size_t)(ve - v)) : 1, seen |= 2;
        }
    }
    bool walk = cur_mode(d) == M_WALK;
    on_start(d, nm, (size_t)(ne - nm), tr, self, cs, rs, p);
    if (!(tr->flags & TF_RAW) || self)
        return p;
    /* script and style: raw text up to their end tag */
    const char *close = tr->id == T_SCRIPT ? "</script" : "</style", *q = p;
    while ((q = memchr(q, '<', (size_t)(end - q))) != NULL && !has_prefix_ci(q, (size_t)(end - q), close))
        q++;
    if (tr->id == T_SCRIPT && walk && !d->deep)
        script_tables(d, p, q ? q : end, line_at(d, p));
    if (!q)
        return end;
    const char *gt = memchr(q, '>', (size_t)(end - q));
    return gt ? gt + 1 : end;
}

/* Markup at lt ('<'): a tag, a comment, a declaration; '<' before anything
 * else is text, as libxml2 reads it. Returns where reading goes on. */
static const char *on_markup(struct hx_doc *d, const char *lt)
{
    const char *end = d->end, *p = lt + 1;
    size_t left = (size_t)(end - lt);
    if (p < end && *p == '!') {
        if (left >= 4 && p[1] == '-' && p[2] == '-') {
            const char *c = left > 4 ? memmem(lt + 4, left - 4, "-->", 3) : NULL;
            return c ? c + 3 : end;
        }
        if (has_prefix_ci(lt, left, "<!doctype")) {
            const char *g = memchr(lt, '>', left);
            return g ? g + 1 : end;
        }
    } else if (p < end && *p == '?') {
        const char *g = memchr(lt, '>', left);
        return g ? g + 1 : end;
    } else if (p < end && *p == '/') {
        char lname[HX_MAXNAME + 1];
        const char *nm = p + 1, *ne = tag_name(nm, end, lname);
        if (ne == nm)
            return p + 1; /* "</" and no name: the rest is text */
        on_end(d, nm, (size_t)(ne - nm), rd_html_tag_find(lname, (size_t)(ne - nm)));
        const char *g = memchr(ne, '>', (size_t)(end - ne));
        return g ? g + 1 : end;
    } else if (p < end && rd_html_alpha(*p)) {
        return start_tag(d, lt);
    }
    on_text(d, lt, lt + 1);
    return lt + 1;
}

/* Reads one document: the page, or the HTML in a script's strings. */
static void read_doc(hx *h, const char *data, size_t n, int line)
{
    struct hx_doc *d = xcalloc(1, sizeof *d);
    d->h = h;
    d->data = data;
    d->end = data + n;
    d->lpos = data;
    d->lno = line;
    const char *p = data, *end = data + n;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *te = lt ? lt : end;
        if (te > p)
            on_text(d, p, te);
        if (!lt)
            break;
        p = on_markup(d, lt);
    }
    d->deep = 0;
    while (d->nst)
        pop(d);
    free(d);
}

int rd_html_to_lines(const char *data, size_t n, const char *source, struct rd_lines *out, err *e)
{
    memset(out, 0, sizeof *out);
    buf_init(&out->text);
    if (n > (size_t)0x7fffffff)
        return err_set(e, GK_EINVAL, "", "%s: HTML too large", source);
    hx h;
    memset(&h, 0, sizeof h);
    h.out = out;
    buf_init(&h.line);
    buf_init(&h.cell);
    buf_init(&h.text);
    read_doc(&h, data, n, 1);
    hx_newline(&h);
    buf_free(&h.line);
    buf_free(&h.cell);
    buf_free(&h.text);
    if (!out->text.data)
        buf_puts(&out->text, "");
    return 0;
}
