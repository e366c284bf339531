/*
 * docgen — the document model: paragraphs and table rows, their text checked
 * and stored as it will be drawn (docgen.h), the styles of GB/T 9704 as a
 * table, and the choice of renderer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docgen/docgen_internal.h"

/* GB/T 9704-2012: §7.2.2 发文机关标志 (red, centred), §7.2.3 发文字号 (发文机关标志
 * 下空二行, centred), §7.2.4 the red separator line under it, §7.3.1 标题 (红色
 * 分隔线下空二行, 二号小标宋, centred), §7.3.2 主送机关 (标题下空一行, flush left),
 * §7.3.3 正文 (每个自然段左空二字; 一级标题 黑体), §7.3.5.1 落款 (成文日期右空四字,
 * 发文机关署名 centred over it, 正文下空一行), §7.3.7 附注 (左空二字). */
const struct gkd_style_row gkd_styles[GKD_NSTYLES] = {
    [GKD_MASTHEAD] = {GKD_MAST_PT,  true,  true,  false, GKD_CENTER,  0, 0, 0, false},
    [GKD_DOCNO]    = {GKD_BODY_PT,  false, false, false, GKD_CENTER,  0, 0, 2, true},
    [GKD_TITLE]    = {GKD_TITLE_PT, true,  false, false, GKD_CENTER,  0, 0, 2, false},
    [GKD_TO]       = {GKD_BODY_PT,  false, false, false, GKD_LEFT_AL, 0, 0, 1, false},
    [GKD_BODY]     = {GKD_BODY_PT,  false, false, false, GKD_LEFT_AL, 2, 0, 0, false},
    [GKD_HEADING]  = {GKD_BODY_PT,  false, false, true,  GKD_LEFT_AL, 2, 0, 0, false},
    [GKD_SIGN]     = {GKD_BODY_PT,  false, false, false, GKD_RIGHT,   0, 2, 2, false},
    [GKD_DATE]     = {GKD_BODY_PT,  false, false, false, GKD_RIGHT,   0, 4, 0, false},
    [GKD_NOTE]     = {GKD_BODY_PT,  false, false, false, GKD_LEFT_AL, 2, 0, 1, false},
    [GKD_CODE]     = {GKD_CODE_PT,  true,  false, true,  GKD_CENTER,  0, 0, 0, false},
};

gkd_doc *gkd_new(const char *title)
{
    gkd_doc *d = xcalloc(1, sizeof *d);
    if (title && *title)
        d->title = xstrdup(title);
    return d;
}

static void block_free(struct gkd_block *b)
{
    free(b->text);
    for (int c = 0; c < b->ncols && b->cells; c++)
        free(b->cells[c]);
    free(b->cells);
}

void gkd_free(gkd_doc *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n; i++)
        block_free(&d->b[i]);
    free(d->b);
    free(d->title);
    free(d);
}

/* Checks text[0..n) and appends the form it is drawn in to out: NUL and bad
 * UTF-8 refused with the offset; tab and LF kept, CR LF and a lone CR become
 * LF; other C0 controls and DEL their Control Pictures, U+FFFE/U+FFFF U+FFFD
 * (XML 1.0 §2.2 admits none of them; PDF text would drop them). */
static int gkd_display(const char *text, size_t n, const char *where, buf *out, err *e)
{
    if (n > GKD_MAX_TEXT)
        return err_set(e, GK_EINVAL, where, "text too long: %zu bytes, at most %u", n, GKD_MAX_TEXT);
    const char *nul = memchr(text, 0, n);
    if (nul)
        return err_set(e, GK_EINVAL, where, "NUL byte at offset %zu", (size_t)(nul - text));
    size_t bad;
    if (!utf8_valid(text, n, &bad))
        return err_set(e, GK_EINVAL, where, "not UTF-8 at byte offset %zu", bad);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            uint32_t cp;
            int l = utf8_decode(text + i, n - i, &cp);
            if (cp == 0xFFFE || cp == 0xFFFF)
                buf_puts(out, "\xEF\xBF\xBD");
            else
                buf_append(out, text + i, (size_t)l);
            i += (size_t)l;
            continue;
        }
        i++;
        if (c == '\r') {
            if (i < n && text[i] == '\n')
                i++;
            buf_putc(out, '\n');
        } else if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0x7F)) {
            buf_putc(out, (char)c);
        } else {
            char u[4];
            int l = utf8_encode(c == 0x7F ? 0x2421 : 0x2400 + c, u);
            buf_append(out, u, (size_t)l);
        }
    }
    return 0;
}

static struct gkd_block *grow(gkd_doc *d)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->b = xrealloc(d->b, (size_t)d->cap * sizeof *d->b);
    }
    struct gkd_block *b = &d->b[d->n];
    memset(b, 0, sizeof *b);
    return b;
}

static int room(const gkd_doc *d, size_t n, err *e)
{
    if (d->n >= GKD_MAX_BLOCKS)
        return err_set(e, GK_EINVAL, "docgen", "too many paragraphs and rows: at most %d", GKD_MAX_BLOCKS);
    if (n > GKD_MAX_TOTAL - d->total)
        return err_set(e, GK_EINVAL, "docgen", "document too long: at most %u bytes of text", GKD_MAX_TOTAL);
    return 0;
}

int gkd_para_n(gkd_doc *d, enum gkd_style style, const char *text, size_t n, err *e)
{
    if ((int)style < 0 || style >= GKD_NSTYLES)
        return err_set(e, GK_EINVAL, "docgen", "unknown paragraph style %d", (int)style);
    int rc = room(d, n, e);
    if (rc)
        return rc;
    buf t;
    buf_init(&t);
    if ((rc = gkd_display(text ? text : "", text ? n : 0, "docgen", &t, e))) {
        buf_free(&t);
        return rc;
    }
    buf_putc(&t, 0); /* an empty paragraph is still a string */
    t.len--;
    struct gkd_block *b = grow(d);
    b->kind = GKD_B_PARA;
    b->style = style;
    d->total += t.len;
    b->text = buf_detach(&t);
    d->n++;
    d->in_table = false;
    return 0;
}

int gkd_para(gkd_doc *d, enum gkd_style style, const char *text, err *e)
{
    return gkd_para_n(d, style, text, text ? strlen(text) : 0, e);
}

int gkd_row(gkd_doc *d, int ncols, const char *const *cells, bool header, err *e)
{
    if (ncols < 1 || ncols > GKD_MAX_COLS)
        return err_set(e, GK_EINVAL, "docgen", "a table row of %d columns: 1 to %d", ncols, GKD_MAX_COLS);
    size_t n = 0;
    for (int c = 0; c < ncols; c++)
        n += cells && cells[c] ? strlen(cells[c]) : 0;
    int rc = room(d, n, e);
    if (rc)
        return rc;
    char **cp = xcalloc((size_t)ncols, sizeof *cp);
    for (int c = 0; c < ncols && !rc; c++) {
        buf t;
        buf_init(&t);
        const char *s = cells && cells[c] ? cells[c] : "";
        char where[32];
        snprintf(where, sizeof where, "docgen cell %d", c + 1);
        rc = gkd_display(s, strlen(s), where, &t, e);
        buf_putc(&t, 0);
        t.len--;
        cp[c] = buf_detach(&t);
    }
    if (rc) {
        for (int c = 0; c < ncols; c++)
            free(cp[c]);
        free(cp);
        return rc;
    }
    const struct gkd_block *last = d->n ? &d->b[d->n - 1] : NULL;
    bool start = !d->in_table || !last || last->kind != GKD_B_ROW || last->ncols != ncols;
    struct gkd_block *b = grow(d);
    b->kind = GKD_B_ROW;
    b->ncols = ncols;
    b->cells = cp;
    b->header = header;
    b->table_start = start;
    d->total += n;
    d->n++;
    d->in_table = true;
    return 0;
}

void gkd_table_end(gkd_doc *d)
{
    d->in_table = false;
}

double gkd_em_width(const char *s)
{
    double w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            i++;
            w += 0.5;
            continue;
        }
        i += (size_t)l;
        w += cp >= 0x2E80 ? 1.0 : 0.5;
    }
    return w;
}

double gkd_cell_pt(int ncols)
{
    return ncols <= 6 ? 12.0 : ncols <= 12 ? 10.5 : 9.0;
}

double gkd_right_ch(const gkd_doc *d, int i)
{
    const struct gkd_block *b = &d->b[i];
    double r = gkd_styles[b->style].right_ch;
    if (b->kind == GKD_B_PARA && b->style == GKD_SIGN && i + 1 < d->n && d->b[i + 1].kind == GKD_B_PARA &&
        d->b[i + 1].style == GKD_DATE) {
        double c = gkd_styles[GKD_DATE].right_ch +
                   (gkd_em_width(d->b[i + 1].text) - gkd_em_width(b->text)) / 2.0;
        r = c < 0 ? 0 : c;
    }
    return r;
}

int gkd_render(const gkd_doc *d, enum gkd_format f, buf *out, err *e)
{
    buf_reset(out);
    switch (f) {
    case GKD_DOCX:
        return gkd_docx(d, out, e);
    case GKD_PDF:
        return gkd_pdf(d, out, e);
    }
    return err_field(e, GK_EINVAL, "format", "unknown document format %d", (int)f);
}

static const struct {
    const char *ext, *mime;
} formats[] = {
    [GKD_DOCX] = {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    [GKD_PDF] = {"pdf", "application/pdf"},
};

int gkd_format_parse(const char *s, enum gkd_format *out, err *e)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (s && strcmp(s, formats[i].ext) == 0) {
            *out = (enum gkd_format)i;
            return 0;
        }
    return err_field(e, GK_EINVAL, "format", "'%s' is not a document format: docx or pdf", s ? s : "");
}

const char *gkd_format_ext(enum gkd_format f)
{
    return formats[f].ext;
}

const char *gkd_format_mime(enum gkd_format f)
{
    return formats[f].mime;
}
