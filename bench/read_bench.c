/*
 * read_bench — how fast gongkai reads published annual reports (rpt_read).
 *
 * Generates a set of reports from the five seeds (shared/seeds): every
 * number cell replaced by a random value, and the text reshaped the ways
 * websites publish it (as is, one cell per line, Markdown, HTML table, HTML
 * paragraphs, full-width digits, CRLF, and — a few hundred of each — a PDF
 * drawn with cairo (one cell per position, as a printed table) and a Word
 * .docx made with libzip). Reads them all on one core with rpt_load (the
 * entry point that tells the formats apart) and prints reports per second
 * and MB/s, per shape and per format (text, HTML, PDF, DOCX) and in total,
 * against a baseline run in the same process over the same bytes (UTF-8
 * validation and a line scan: the least any reader must do).
 *
 * usage: read_bench [SEEDS_DIR] [N_REPORTS]   (defaults: tests/data/seeds, 12000)
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistd.h>

#include <cairo-pdf.h>
#include <zip.h>

#include "report/report.h"

#define MAX_BINARY_DOCS 300   /* PDF and DOCX documents per run (slow to make, not to read) */

enum shape { SH_ORIG, SH_CELL_PER_LINE, SH_MD, SH_HTML, SH_HTML_P, SH_FULLWIDTH, SH_CRLF, SH_PDF, SH_DOCX, SH_N };
static const char *const shape_names[SH_N] = {
    "as published", "one cell per line", "markdown", "html table", "html paragraphs", "full-width", "crlf",
    "pdf", "docx",
};
enum fmt { F_TEXT, F_HTML, F_PDF, F_DOCX, F_N };
static const char *const fmt_names[F_N] = {"text", "html", "pdf", "docx"};
static enum fmt fmt_of(int sh)
{
    return sh == SH_HTML || sh == SH_HTML_P ? F_HTML : sh == SH_PDF ? F_PDF : sh == SH_DOCX ? F_DOCX : F_TEXT;
}

/* ---- PDF: each line drawn with cairo, a '|' row's cells at column positions ---- */
static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
    buf_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void to_pdf(const buf *in, buf *out)
{
    buf_reset(out);
    const double W = 1190, H = 842, LINE = 12, COL0 = 380, COLW = 44;
    cairo_surface_t *sf = cairo_pdf_surface_create_for_stream(pdf_write, out, W, H);
    cairo_t *cr = cairo_create(sf);
    cairo_select_font_face(cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 8);
    double y = 40;
    char cell[4096];
    const char *s = in->data, *end = s + in->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        if (y > H - 40) {
            cairo_show_page(cr);
            y = 40;
        }
        int k = 0;
        size_t i = 0;
        while (i <= n) {
            const char *q = memchr(s + i, '|', n - i);
            size_t e = q ? (size_t)(q - s) : n, a = i, z = e;
            while (a < e && s[a] == ' ')
                a++;
            while (z > a && s[z - 1] == ' ')
                z--;
            if (z > a) {
                size_t m = z - a < sizeof cell - 1 ? z - a : sizeof cell - 1;
                memcpy(cell, s + a, m);
                cell[m] = 0;
                cairo_move_to(cr, k == 0 ? 40 : COL0 + COLW * (k - 1), y);
                cairo_show_text(cr, cell);
            }
            k++;
            if (!q)
                break;
            i = e + 1;
        }
        y += LINE;
        s = nl ? nl + 1 : end;
    }
    cairo_destroy(cr);
    cairo_surface_finish(sf);
    cairo_surface_destroy(sf);
}

/* ---- DOCX: word/document.xml with a w:tbl per block of '|' rows ---- */
static void xml_text(buf *o, const char *s, size_t n)
{
    buf_puts(o, "<w:p><w:r><w:t xml:space=\"preserve\">");
    buf_html_n(o, s, n);
    buf_puts(o, "</w:t></w:r></w:p>");
}

static void to_docx(const buf *in, buf *out)
{
    buf x;
    buf_init(&x);
    buf_puts(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas."
                 "openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    bool in_table = false;
    const char *s = in->data, *end = s + in->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        bool bar = memchr(s, '|', n) != NULL;
        if (bar != in_table) {
            buf_puts(&x, bar ? "<w:tbl>" : "</w:tbl>");
            in_table = bar;
        }
        if (bar) {
            buf_puts(&x, "<w:tr>");
            size_t i = 0;
            while (i <= n) {
                const char *q = memchr(s + i, '|', n - i);
                size_t e = q ? (size_t)(q - s) : n;
                buf_puts(&x, "<w:tc>");
                xml_text(&x, s + i, e - i);
                buf_puts(&x, "</w:tc>");
                if (!q)
                    break;
                i = e + 1;
            }
            buf_puts(&x, "</w:tr>");
        } else {
            xml_text(&x, s, n);
        }
        s = nl ? nl + 1 : end;
    }
    if (in_table)
        buf_puts(&x, "</w:tbl>");
    buf_puts(&x, "</w:body></w:document>");
    char path[] = "/tmp/gongkai-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
    zip_source_t *src = z ? zip_source_buffer(z, x.data, x.len, 0) : NULL;
    if (src && zip_file_add(z, "word/document.xml", src, ZIP_FL_OVERWRITE) < 0)
        zip_source_free(src);
    if (z)
        zip_close(z);
    err e;
    buf_reset(out);
    if (file_read_all(path, 0, out, &e) != 0)
        fprintf(stderr, "read_bench: cannot make a docx: %s\n", e.msg);
    unlink(path);
    buf_free(&x);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

static bool edge(char c) { return c == ' ' || c == '|' || c == '\t' || c == '\n' || c == '\r'; }

/* Every whole-cell number after the report's first table heading gets a random value. */
static void randomize(const buf *in, buf *out)
{
    buf_reset(out);
    const char *s = in->data, *end = s + in->len;
    const char *start = strstr(s, "主动公开政府信息情况");
    const char *alt = strstr(s, "统计");
    if (!start || (alt && alt > start))
        start = start ? start : alt;
    if (!start)
        start = end;
    buf_append(out, s, (size_t)(start - s));
    const char *p = start;
    while (p < end) {
        if (*p >= '0' && *p <= '9' && edge(p[-1])) {
            const char *q = p;
            while (q < end && *q >= '0' && *q <= '9')
                q++;
            if (q == end || edge(*q)) {
                uint32_t r = rnd();
                buf_printf(out, "%u", r % 8 == 0 ? r % 100000 : r % 50);
                p = q;
                continue;
            }
        }
        buf_putc(out, *p++);
    }
}

static void cells(buf *o, const char *s, size_t n, enum shape sh)
{
    size_t i = 0;
    if (sh == SH_MD)
        buf_putc(o, '|');
    if (sh == SH_HTML)
        buf_puts(o, "<tr>");
    while (i <= n) {
        const char *q = memchr(s + i, '|', n - i);
        size_t e = q ? (size_t)(q - s) : n, a = i, z;
        while (a < e && s[a] == ' ')
            a++;
        z = e;
        while (z > a && s[z - 1] == ' ')
            z--;
        if (sh == SH_CELL_PER_LINE && z > a) {
            buf_append(o, s + a, z - a);
            buf_puts(o, " |\n");
        } else if (sh == SH_MD) {
            buf_putc(o, ' ');
            buf_append(o, s + a, z - a);
            buf_puts(o, " |");
        } else if (sh == SH_HTML) {
            buf_puts(o, "<td>");
            buf_html_n(o, s + a, z - a);
            buf_puts(o, "</td>");
        }
        if (!q)
            break;
        i = e + 1;
    }
    if (sh == SH_MD)
        buf_putc(o, '\n');
    if (sh == SH_HTML)
        buf_puts(o, "</tr>\n");
}

static void reshape(const buf *in, enum shape sh, buf *out)
{
    buf_reset(out);
    if (sh == SH_PDF)
        return to_pdf(in, out);
    if (sh == SH_DOCX)
        return to_docx(in, out);
    if (sh == SH_ORIG) {
        buf_append(out, in->data, in->len);
        return;
    }
    if (sh == SH_FULLWIDTH || sh == SH_CRLF) {
        for (size_t i = 0; i < in->len; i++) {
            unsigned char c = (unsigned char)in->data[i];
            if (sh == SH_FULLWIDTH && ((c >= '0' && c <= '9') || c == '|' || c == '(' || c == ')' || c == ':')) {
                char u[4];
                buf_append(out, u, (size_t)utf8_encode(0xFF01 + (c - 0x21), u));
            } else {
                if (sh == SH_CRLF && c == '\n')
                    buf_putc(out, '\r');
                buf_putc(out, (char)c);
            }
        }
        return;
    }
    bool html = sh == SH_HTML || sh == SH_HTML_P, in_table = false;
    if (html)
        buf_puts(out, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n");
    const char *s = in->data, *end = s + in->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = (size_t)((nl ? nl : end) - s);
        bool bar = memchr(s, '|', n) != NULL;
        if (sh == SH_HTML && bar != in_table) {
            buf_puts(out, bar ? "<table>\n" : "</table>\n");
            in_table = bar;
        }
        if (bar && sh != SH_HTML_P) {
            cells(out, s, n, sh);
        } else if (html) {
            buf_puts(out, "<p>");
            buf_html_n(out, s, n);
            buf_puts(out, "</p>\n");
        } else {
            buf_append(out, s, n);
            buf_putc(out, '\n');
        }
        s = nl ? nl + 1 : end;
    }
    if (in_table)
        buf_puts(out, "</table>\n");
    if (html)
        buf_puts(out, "</body></html>\n");
}

struct doc {
    char *data;
    size_t n;
    int shape, seed;
};

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/data/seeds";
    int n = argc > 2 ? atoi(argv[2]) : 12000;
    if (n < 1)
        n = 1;
    buf seeds[16];
    char names[16][256];
    int ns = 0;
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "read_bench: %s: cannot open the seeds folder\n", dir);
        return 2;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL && ns < 16) {
        if (de->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        err e;
        buf_init(&seeds[ns]);
        if (file_read_all(path, 0, &seeds[ns], &e) == 0) {
            snprintf(names[ns], sizeof names[ns], "%s", de->d_name);
            ns++;
        }
    }
    closedir(d);
    if (ns == 0) {
        fprintf(stderr, "read_bench: no seeds in %s\n", dir);
        return 2;
    }
    /* sort by name so that runs are comparable */
    for (int i = 0; i < ns; i++)
        for (int j = i + 1; j < ns; j++)
            if (strcmp(names[j], names[i]) < 0) {
                buf tb = seeds[i];
                seeds[i] = seeds[j];
                seeds[j] = tb;
                char tn[256];
                memcpy(tn, names[i], 256);
                memcpy(names[i], names[j], 256);
                memcpy(names[j], tn, 256);
            }

    struct doc *docs = xcalloc((size_t)n, sizeof *docs);
    buf tmp, shaped;
    buf_init(&tmp);
    buf_init(&shaped);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        int s = i % ns, sh = (i / ns) % SH_N;
        if ((sh == SH_PDF || sh == SH_DOCX) && i / ns / SH_N >= MAX_BINARY_DOCS / ns)
            sh = SH_ORIG;
        randomize(&seeds[s], &tmp);
        reshape(&tmp, (enum shape)sh, &shaped);
        docs[i].data = xmalloc(shaped.len + 1);
        memcpy(docs[i].data, shaped.data, shaped.len);
        docs[i].data[shaped.len] = 0;
        docs[i].n = shaped.len;
        docs[i].shape = sh;
        docs[i].seed = s;
        total += shaped.len;
    }

    /* baseline: validate UTF-8 and find every line, over the same bytes (best of 3) */
    double base = 1e30, base_f[F_N];
    size_t lines = 0;
    for (int rep = 0; rep < 3; rep++) {
        double bf[F_N] = {0};
        double t0 = now();
        lines = 0;
        for (int i = 0; i < n; i++) {
            double a = now();
            size_t bad;
            if (!utf8_valid(docs[i].data, docs[i].n, &bad))
                lines += 1000000;
            const char *p = docs[i].data, *e = p + docs[i].n;
            while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL)
                p++, lines++;
            bf[fmt_of(docs[i].shape)] += now() - a;
        }
        double b = now() - t0;
        if (b < base) {
            base = b;
            memcpy(base_f, bf, sizeof bf);
        }
    }

    double per_shape[SH_N] = {0};
    size_t bytes_shape[SH_N] = {0};
    int count_shape[SH_N] = {0}, failures = 0, layouts[8] = {0};
    double t1 = now();
    for (int i = 0; i < n; i++) {
        double a = now();
        rpt *r = NULL;
        err e;
        if (rpt_load(docs[i].data, docs[i].n, names[docs[i].seed], &r, &e) != 0) {
            if (failures++ < 5)
                fprintf(stderr, "read_bench: %s (%s): %s\n", names[docs[i].seed], shape_names[docs[i].shape], e.msg);
        } else {
            layouts[r->layout]++;
            rpt_free(r);
        }
        double b = now();
        per_shape[docs[i].shape] += b - a;
        bytes_shape[docs[i].shape] += docs[i].n;
        count_shape[docs[i].shape]++;
    }
    double t = now() - t1;

    printf("read_bench: %d reports generated from %d seeds, %.1f MB\n", n, ns, (double)total / 1e6);
    for (int sh = 0; sh < SH_N; sh++)
        if (count_shape[sh])
            printf("  %-18s %6d reports  %8.0f reports/s  %7.1f MB/s\n", shape_names[sh], count_shape[sh],
                   count_shape[sh] / per_shape[sh], (double)bytes_shape[sh] / 1e6 / per_shape[sh]);
    for (int f = 0; f < F_N; f++) {
        double tf = 0;
        size_t bf = 0;
        int cf = 0;
        for (int sh = 0; sh < SH_N; sh++)
            if (fmt_of(sh) == (enum fmt)f)
                tf += per_shape[sh], bf += bytes_shape[sh], cf += count_shape[sh];
        if (cf)
            printf("  format %-5s %6d reports %7.1f MB/s; baseline over the same bytes %7.1f MB/s; reader at %.1f%%\n",
                   fmt_names[f], cf, (double)bf / 1e6 / tf, (double)bf / 1e6 / base_f[f], 100.0 * base_f[f] / tf);
    }
    printf("  layouts read: 2021 %d, 2019 %d, 2008 %d, narrative %d; refused %d\n", layouts[RPT_LAYOUT_2021],
           layouts[RPT_LAYOUT_2019], layouts[RPT_LAYOUT_2008], layouts[RPT_LAYOUT_NARRATIVE], failures);
    printf("read: %.0f reports/s, %.1f MB/s (one core)\n", n / t, (double)total / 1e6 / t);
    printf("baseline (UTF-8 check + line scan, %zu lines): %.1f MB/s; reader at %.1f%% of baseline speed\n", lines,
           (double)total / 1e6 / base, 100.0 * base / t);
    for (int i = 0; i < n; i++)
        free(docs[i].data);
    free(docs);
    for (int i = 0; i < ns; i++)
        buf_free(&seeds[i]);
    buf_free(&tmp);
    buf_free(&shaped);
    return failures ? 1 : 0;
}
