/*
 * report — PDF input for the reader: the text layer (poppler, Debian's
 * libpoppler-glib) read by POSITION, not in the order the PDF stores it,
 * and turned into the `|`-separated rows the text reader already reads.
 *
 * A table printed to PDF is only glyphs at places: a row's label may wrap
 * over two or three lines with the numbers on the middle one, a merged group
 * cell (（三）不予公开) stands beside the fourth of its eight rows and wraps
 * too, the browser repeats the table's header on the next page and prints a
 * running head and "2/3" in the margins. So, per page:
 *  1. every glyph with its box; glyphs whose centres lie on one baseline band
 *     make a line, and a gap wider than GAP_EM glyph heights divides cells;
 *  2. lines in the top or bottom margin band whose text (digits aside) recurs
 *     at the same height on another page, or that are only a page number, are
 *     running heads and feet: dropped;
 *  3. a line with numbers is a table row (an anchor); a text-only line close
 *     above or below one (ATTACH_EM, ATTACH_MAX) whose text lies left of the
 *     anchor's numbers is the rest of a wrapped label and joins the cell it
 *     overlaps, in the order of the lines;
 *  4. a merged group cell found beside row "N." (N > 1) moves up to the row
 *     "1." that opens its group, where a reader of the HTML would see it;
 *  5. a row of header text that the previous page already printed (the
 *     table's repeated header) is dropped, so a table split over pages joins.
 * Limits: PDF_MAX_PAGES pages, PDF_MAX_GLYPHS glyphs; a file without a %%EOF
 * near its end is refused as truncated rather than half read.
 */
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "report/read_int.h"

#define PDF_MAX_PAGES 500
#define PDF_MAX_GLYPHS 4000000u      /* glyphs in the whole document */
#define PDF_MAX_CELLS 4096           /* cells in one line */
#define PDF_EOF_TAIL 2048            /* bytes at the end searched for %%EOF */
/* Distances in ems, the width of a CJK glyph (a glyph's box height is the
 * font's ascent plus descent, about 2.6 ems in Noto CJK: useless as a unit). */
#define LINE_BAND 0.5                /* same line when centres are this close */
#define GAP_EM 0.8                   /* a wider gap divides cells */
#define SPACE_EM 0.15                /* a wider one within a cell is a word space */
#define ATTACH_EM 1.4                /* a wrapped label's lines are this close to each other */
#define ATTACH_MAX 3.0               /* and this close to their row's numbers */
#define MARGIN_BAND 0.08             /* fraction of the page height: running heads and feet */

struct glyph {
    double x0, x1, y0, y1;
    uint32_t off, len;               /* bytes in the page text */
};
struct cell {
    double x0, x1;
    double yt, yb;                   /* centres of its top and bottom lines */
    buf text;
    bool num;
};
struct pline {
    double yc, h;
    int page;
    struct cell *cells;
    int ncells;
    bool anchor, dropped;
    bool attached;                   /* dropped because it joined a row (step 3) */
    double num_x0;                   /* x of the first numeric cell (anchors) */
};
struct pdoc {
    struct pline *lines;
    size_t n, cap;
    double page_h;
};

static int cmp_yc(const void *a, const void *b)
{
    const struct glyph *p = a, *q = b;
    double u = (p->y0 + p->y1) / 2, v = (q->y0 + q->y1) / 2;
    return u < v ? -1 : u > v;
}
static int cmp_x(const void *a, const void *b)
{
    const struct glyph *p = a, *q = b;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* A cell is a number when it holds a digit and nothing but digits, separators and a sign. */
static bool numeric(const char *s, size_t n)
{
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != '.' && c != ',' && c != '-' && c != '+' && c != '%')
            return false;
    }
    return digit;
}

static void line_free(struct pline *l)
{
    for (int i = 0; i < l->ncells; i++)
        buf_free(&l->cells[i].text);
    free(l->cells);
}

/* One line from glyphs g[0..n) (already one baseline band): cells by gaps. */
static int cmp_d(const void *a, const void *b)
{
    double u = *(const double *)a, v = *(const double *)b;
    return u < v ? -1 : u > v;
}

/* The em of glyphs g[0..n): the median width of the CJK ones (3-byte UTF-8), else dflt. */
static double em_of(const struct glyph *g, size_t n, double dflt)
{
    double *w = xcalloc(n + 1, sizeof *w);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (g[i].len == 3)
            w[k++] = g[i].x1 - g[i].x0;
    double em = dflt;
    if (k) {
        qsort(w, k, sizeof *w, cmp_d);
        em = w[k / 2];
    }
    free(w);
    return em > 0.5 ? em : dflt;
}

static void make_line(struct pdoc *d, int page, const char *text, struct glyph *g, size_t n, double page_em)
{
    qsort(g, n, sizeof *g, cmp_x);
    double h = em_of(g, n, page_em);
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    struct pline *l = &d->lines[d->n++];
    memset(l, 0, sizeof *l);
    l->page = page;
    l->h = h;
    double yc = 0;
    for (size_t i = 0; i < n; i++) {
        yc += (g[i].y0 + g[i].y1) / 2;
        bool split = i == 0 || g[i].x0 - g[i - 1].x1 > GAP_EM * h;
        if (split && l->ncells < PDF_MAX_CELLS) {
            l->cells = xrealloc(l->cells, (size_t)(l->ncells + 1) * sizeof *l->cells);
            struct cell *c = &l->cells[l->ncells++];
            buf_init(&c->text);
            c->x0 = g[i].x0;
        }
        struct cell *c = &l->cells[l->ncells - 1];
        if (!split && g[i].x0 - g[i - 1].x1 > SPACE_EM * h)
            buf_putc(&c->text, ' '); /* a word space within the cell */
        buf_append(&c->text, text + g[i].off, g[i].len);
        c->x1 = g[i].x1;
    }
    l->yc = n ? yc / (double)n : 0;
    for (int i = 0; i < l->ncells; i++) {
        struct cell *c = &l->cells[i];
        c->yt = c->yb = l->yc;
        c->num = numeric(c->text.data, c->text.len);
        if (c->num && !l->anchor) {
            l->anchor = true;
            l->num_x0 = c->x0;
        }
    }
}

/* The glyphs of one page into lines. */
static int read_page(PopplerPage *pg, int page, struct pdoc *d, size_t *nglyphs, const char *source, err *e)
{
    char *text = poppler_page_get_text(pg);
    PopplerRectangle *rects = NULL;
    guint nr = 0;
    if (!text || !poppler_page_get_text_layout(pg, &rects, &nr)) {
        g_free(text);
        g_free(rects);
        return 0; /* a page without text (an image, a blank page) */
    }
    size_t tl = strlen(text);
    struct glyph *g = xcalloc(nr + 1, sizeof *g);
    size_t ng = 0, ci = 0;
    for (size_t i = 0; i < tl && ci < nr; ci++) {
        size_t k = 1;
        unsigned char c = (unsigned char)text[i];
        if (c >= 0xF0) k = 4;
        else if (c >= 0xE0) k = 3;
        else if (c >= 0xC0) k = 2;
        if (i + k > tl)
            k = tl - i;
        bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
                     (k == 3 && memcmp(text + i, "\xE3\x80\x80", 3) == 0);
        const PopplerRectangle *r = &rects[ci];
        if (!space && r->x2 > r->x1 && r->y2 > r->y1) {
            g[ng] = (struct glyph){r->x1, r->x2, r->y1, r->y2, (uint32_t)i, (uint32_t)k};
            ng++;
        }
        i += k;
    }
    g_free(rects);
    *nglyphs += ng;
    if (*nglyphs > PDF_MAX_GLYPHS) {
        free(g);
        g_free(text);
        return err_set(e, GK_EINVAL, source, "page %d: more than %u characters in the PDF, more than a report has",
                       page, PDF_MAX_GLYPHS);
    }
    double em = em_of(g, ng, 0);
    if (em <= 0) {
        /* no CJK glyph: half the box height */
        double h = 0;
        for (size_t i = 0; i < ng; i++)
            h += (g[i].y1 - g[i].y0) / 2;
        em = ng && h > 0 ? h / (double)ng : 1;
    }
    qsort(g, ng, sizeof *g, cmp_yc);
    size_t start = 0;
    for (size_t i = 1; i <= ng; i++) {
        if (i < ng) {
            double yc0 = (g[start].y0 + g[start].y1) / 2, yc = (g[i].y0 + g[i].y1) / 2;
            if (yc - yc0 <= LINE_BAND * em)
                continue;
        }
        make_line(d, page, text, g + start, i - start, em);
        start = i;
    }
    free(g);
    g_free(text);
    return 0;
}

static void norm_digits(const buf *in, buf *out)
{
    buf_reset(out);
    for (size_t i = 0; i < in->len; i++)
        buf_putc(out, in->data[i] >= '0' && in->data[i] <= '9' ? '#' : in->data[i]);
    buf_putc(out, 0);
}

static void line_text(const struct pline *l, buf *out)
{
    buf_reset(out);
    for (int i = 0; i < l->ncells; i++) {
        if (i)
            buf_puts(out, " | ");
        buf_append(out, l->cells[i].text.data, l->cells[i].text.len);
    }
    buf_putc(out, 0);
}

/* "3", "2/5", "- 2 -", "第2页", "第 2 页 共 5 页", "Page 2 of 5" */
static bool page_number(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr(" |/-_.()ofPage", *s) && strncmp(s, "第", 3) && strncmp(s, "页", 3) &&
                 strncmp(s, "共", 3) && strncmp(s, "—", 3))
            return false;
        else if ((unsigned char)*s >= 0x80)
            s += 2;
    }
    return digit;
}

/* Step 2: running heads and feet. */
static void drop_margins(struct pdoc *d, int npages)
{
    buf a, b, t;
    buf_init(&a);
    buf_init(&b);
    buf_init(&t);
    for (size_t i = 0; i < d->n; i++) {
        struct pline *l = &d->lines[i];
        if (l->yc > MARGIN_BAND * d->page_h && l->yc < (1 - MARGIN_BAND) * d->page_h)
            continue;
        line_text(l, &t);
        if (page_number(t.data)) {
            l->dropped = true;
            continue;
        }
        if (npages < 2)
            continue;
        norm_digits(&t, &a);
        for (size_t j = 0; j < d->n && !l->dropped; j++) {
            struct pline *m = &d->lines[j];
            if (m->page == l->page || m->yc - l->yc > 3 || l->yc - m->yc > 3)
                continue;
            line_text(m, &t);
            norm_digits(&t, &b);
            if (strcmp(a.data, b.data) == 0)
                l->dropped = true;
        }
    }
    buf_free(&a);
    buf_free(&b);
    buf_free(&t);
}

/* Step 3: the text-only line l joins anchor w (above: its text goes first). */
static void attach(struct pline *l, struct pline *w)
{
    for (int i = 0; i < l->ncells; i++) {
        struct cell *c = &l->cells[i];
        int k = -1;
        for (int j = 0; j < w->ncells && k < 0; j++)
            if (!w->cells[j].num && c->x0 < w->cells[j].x1 && w->cells[j].x0 < c->x1)
                k = j;
        if (k < 0) {
            /* a cell of its own, in x order */
            int at = 0;
            while (at < w->ncells && w->cells[at].x0 < c->x0)
                at++;
            w->cells = xrealloc(w->cells, (size_t)(w->ncells + 1) * sizeof *w->cells);
            memmove(w->cells + at + 1, w->cells + at, (size_t)(w->ncells - at) * sizeof *w->cells);
            w->cells[at] = *c;
            buf_init(&c->text);
            w->ncells++;
            continue;
        }
        struct cell *t = &w->cells[k];
        if (c->yt < t->yt) {
            t->yt = c->yt;
            buf nb;
            buf_init(&nb);
            buf_append(&nb, c->text.data, c->text.len);
            buf_append(&nb, t->text.data, t->text.len);
            buf_free(&t->text);
            t->text = nb;
        } else {
            t->yb = c->yb > t->yb ? c->yb : t->yb;
            buf_append(&t->text, c->text.data, c->text.len);
        }
        if (c->x0 < t->x0)
            t->x0 = c->x0;
        if (c->x1 > t->x1)
            t->x1 = c->x1;
    }
    l->dropped = true;
    l->attached = true;
}

static bool fits_left(const struct pline *l, const struct pline *w)
{
    return l->cells[l->ncells - 1].x1 <= w->num_x0;
}

/* l overlaps one of w's label cells, or w has none (a row of numbers whose labels wrapped around them) */
static bool overlaps_text(const struct pline *l, const struct pline *w)
{
    if (w->ncells && w->cells[0].num)
        return true;
    for (int i = 0; i < l->ncells; i++)
        for (int j = 0; j < w->ncells; j++)
            if (!w->cells[j].num && l->cells[i].x0 < w->cells[j].x1 && w->cells[j].x0 < l->cells[i].x1)
                return true;
    return false;
}

static void attach_wrapped(struct pdoc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        struct pline *l = &d->lines[i];
        if (l->anchor || l->dropped || l->ncells == 0)
            continue;
        /* the rows above and below, through wrapped lines no farther apart than ATTACH_EM */
        struct pline *up = NULL, *down = NULL;
        double last = l->yc, step = ATTACH_EM * l->h;
        for (size_t j = i; j-- > 0;) {
            struct pline *m = &d->lines[j];
            if (m->page != l->page || last - m->yc > step || (m->dropped && !m->attached))
                break;
            if (m->anchor) {
                up = m;
                break;
            }
            if (!m->attached)
                break;
            last = m->yc;
        }
        last = l->yc;
        for (size_t j = i + 1; j < d->n; j++) {
            struct pline *m = &d->lines[j];
            if (m->page != l->page || m->yc - last > step || m->dropped)
                break;
            if (m->anchor) {
                down = m;
                break;
            }
            last = m->yc;
        }
        if (up && (l->yc - up->yc > ATTACH_MAX * up->h || !fits_left(l, up)))
            up = NULL;
        if (down && (down->yc - l->yc > ATTACH_MAX * down->h || !fits_left(l, down)))
            down = NULL;
        if (up && down) {
            /* the nearer row; when about as near, the one whose label column it shares */
            double du = l->yc - up->yc, dd = down->yc - l->yc;
            bool ou = overlaps_text(l, up), od = overlaps_text(l, down);
            if (du - dd > 0.25 * l->h || (du - dd > -0.25 * l->h && od && !ou))
                up = NULL;
            else
                down = NULL;
        }
        if (up)
            attach(l, up);
        else if (down)
            attach(l, down);
    }
}

/* "1." "1、" "1．" at the start of a label. */
static int numbering(const buf *t)
{
    if (t->len < 2 || t->data[0] < '1' || t->data[0] > '9')
        return 0;
    int n = 0;
    size_t i = 0;
    while (i < t->len && t->data[i] >= '0' && t->data[i] <= '9' && n < 1000)
        n = n * 10 + (t->data[i++] - '0');
    if (i < t->len && (t->data[i] == '.' || (t->len - i >= 3 && (memcmp(t->data + i, "、", 3) == 0 ||
                                                                  memcmp(t->data + i, "．", 3) == 0))))
        return n;
    return 0;
}

/* Step 4: a group cell beside row "N." moves to the row "1." above it. */
static void move_groups(struct pdoc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        struct pline *l = &d->lines[i];
        if (!l->anchor || l->dropped || l->ncells < 3 || l->cells[0].num)
            continue;
        int lab = 0;
        while (lab + 1 < l->ncells && !l->cells[lab + 1].num)
            lab++;
        if (lab == 0 || numbering(&l->cells[lab].text) <= 1)
            continue;
        int want = numbering(&l->cells[lab].text) - 1;   /* rows N-1, ..., 1 above, in order */
        for (size_t j = i; j-- > 0;) {
            struct pline *w = &d->lines[j];
            if (w->dropped || !w->anchor)
                continue;
            if (w->cells[0].num || (w->page != l->page && j + 50 < i))
                break;
            int wl = 0;
            while (wl + 1 < w->ncells && !w->cells[wl + 1].num)
                wl++;
            if (numbering(&w->cells[wl].text) != want)
                break; /* a row of another group, or numbering that does not count down */
            if (want-- > 1)
                continue;
            /* move cells [0, lab) of l to the front of w */
            w->cells = xrealloc(w->cells, (size_t)(w->ncells + lab) * sizeof *w->cells);
            memmove(w->cells + lab, w->cells, (size_t)w->ncells * sizeof *w->cells);
            memcpy(w->cells, l->cells, (size_t)lab * sizeof *w->cells);
            w->ncells += lab;
            memmove(l->cells, l->cells + lab, (size_t)(l->ncells - lab) * sizeof *l->cells);
            l->ncells -= lab;
            break;
        }
    }
}

/* Step 5 and output: one line per line, cells joined by " | ". */
static void emit(struct pdoc *d, buf *out)
{
    buf t, prev_hdr;
    buf_init(&t);
    buf_init(&prev_hdr);
    /* header lines of the previous page's tables, joined by \n */
    buf seen;
    buf_init(&seen);
    int page = -1;
    for (size_t i = 0; i < d->n; i++) {
        struct pline *l = &d->lines[i];
        if (l->dropped || l->ncells == 0)
            continue;
        if (l->page != page) {
            page = l->page;
            buf_reset(&prev_hdr);
            buf_append(&prev_hdr, seen.data, seen.len);
            buf_reset(&seen);
        }
        line_text(l, &t);
        if (!l->anchor) {
            buf_putc(&seen, '\n');
            buf_append(&seen, t.data, t.len - 1);
            buf_putc(&seen, '\n');
            if (prev_hdr.len && memmem(prev_hdr.data, prev_hdr.len, seen.data + seen.len - t.len - 1,
                                       t.len + 1))
                continue; /* the table's header again, on the next page */
        }
        buf_append(out, t.data, t.len - 1);
        buf_putc(out, '\n');
    }
    buf_free(&t);
    buf_free(&prev_hdr);
    buf_free(&seen);
}

int rd_pdf_to_text(const char *data, size_t n, const char *source, buf *out, err *e)
{
    buf_reset(out);
    size_t tail = n < PDF_EOF_TAIL ? n : PDF_EOF_TAIL;
    if (!memmem(data + n - tail, tail, "%%EOF", 5))
        return err_set(e, GK_EINVAL, source,
                       "truncated PDF: no %%%%EOF in its last %zu bytes (the file ends at byte %zu)", tail, n);
    GBytes *bytes = g_bytes_new(data, n);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    if (!doc) {
        int rc = err_set(e, GK_EINVAL, source, "not a readable PDF: %s", ge ? ge->message : "poppler gave up");
        if (ge)
            g_error_free(ge);
        g_bytes_unref(bytes);
        return rc;
    }
    int npages = poppler_document_get_n_pages(doc);
    int rc = 0;
    if (npages > PDF_MAX_PAGES)
        rc = err_set(e, GK_EINVAL, source, "%d pages, more than the %d a report may have", npages,
                     PDF_MAX_PAGES);
    struct pdoc d = {0};
    size_t nglyphs = 0;
    for (int p = 0; p < npages && !rc; p++) {
        PopplerPage *pg = poppler_document_get_page(doc, p);
        if (!pg)
            continue;
        double w, h;
        poppler_page_get_size(pg, &w, &h);
        if (h > d.page_h)
            d.page_h = h;
        rc = read_page(pg, p + 1, &d, &nglyphs, source, e);
        g_object_unref(pg);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    if (!rc) {
        drop_margins(&d, npages);
        attach_wrapped(&d);
        move_groups(&d);
        emit(&d, out);
        if (out->len == 0)
            rc = err_set(e, GK_EINVAL, source, "the PDF has no text layer (%d pages of images?): nothing to read",
                         npages);
    }
    for (size_t i = 0; i < d.n; i++)
        line_free(&d.lines[i]);
    free(d.lines);
    return rc;
}
