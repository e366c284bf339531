/* publish — reading CSV as spreadsheets write it (RFC 4180 plus a UTF-8 BOM
 * and bare LF line ends). See publish.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "publish/publish.h"

struct rec {
    char **f;
    int n, cap;
    buf cur;
};

static void push_field(struct rec *r)
{
    if (r->n == r->cap)
        r->f = xrealloc(r->f, (size_t)(r->cap = r->cap ? r->cap * 2 : 16) * sizeof *r->f);
    r->f[r->n++] = xstrndup(r->cur.data ? r->cur.data : "", r->cur.len);
    buf_reset(&r->cur);
}

static void drop_fields(struct rec *r)
{
    for (int i = 0; i < r->n; i++)
        free(r->f[i]);
    r->n = 0;
    buf_reset(&r->cur);
}

/* Whether a record holds nothing but empty fields (a blank line). */
static bool blank(const struct rec *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->f[i][0])
            return false;
    return true;
}

/* A NUL byte or another control character (C0 but tab, line feed and
 * carriage return, and DEL) in text[from, to): what and where, or NULL. A
 * NUL would cut the field it is in without a word (issue 11). */
static const char *control_char(const char *text, size_t from, size_t to, int line, int *why_line)
{
    static __thread char msg[120];
    size_t col = 1;
    for (size_t k = from; k < to; k++) {
        unsigned char c = (unsigned char)text[k];
        if (c == '\n') {
            line++;
            col = 1;
            continue;
        }
        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
            snprintf(msg, sizeof msg, "character %zu of the line is a %s (0x%02X): the file must be plain text", col,
                     c == 0 ? "NUL byte" : "control character", c);
            *why_line = line;
            return msg;
        }
        if ((c & 0xC0) != 0x80)   /* count characters, not bytes */
            col++;
    }
    return NULL;
}

/* The records of text[0, n), whose first line is `line` (no BOM here). */
/* The scanner over the text: where it stands, the record being read, and
 * the first problem of that record (why, on why_line). */
struct scan {
    const char *text;
    size_t n, i;
    int line;
    struct rec r;
    const char *why;
    int why_line;
};

static bool at_field_end(const struct scan *sc)
{
    const char *t = sc->text;
    size_t i = sc->i;
    return t[i] == ',' || t[i] == '\n' || (t[i] == '\r' && (i + 1 >= sc->n || t[i + 1] == '\n'));
}

static void scan_fail(struct scan *sc, const char *why, int line)
{
    sc->why = why;
    sc->why_line = line;
}

/* A field in quotes ("" for a quote), which may span lines. */
static void scan_quoted(struct scan *sc)
{
    const char *t = sc->text;
    int qline = sc->line;
    sc->i++;
    for (;;) {
        if (sc->i >= sc->n) {
            scan_fail(sc, "a quoted field opens here and is never closed", qline);
            return;
        }
        if (t[sc->i] == '"') {
            if (sc->i + 1 < sc->n && t[sc->i + 1] == '"') {
                buf_putc(&sc->r.cur, '"');
                sc->i += 2;
                continue;
            }
            sc->i++;
            break;
        }
        if (t[sc->i] == '\n')
            sc->line++;
        buf_putc(&sc->r.cur, t[sc->i++]);
    }
    if (sc->i < sc->n && !at_field_end(sc))
        scan_fail(sc, "text after the closing quote of a field (a quote inside a quoted field is written \"\")",
                  sc->line);
}

/* A field without quotes, to the next comma or end of line. */
static void scan_plain(struct scan *sc)
{
    while (sc->i < sc->n && !at_field_end(sc)) {
        if (sc->text[sc->i] == '"') {
            scan_fail(sc, "a quote inside a field that does not start with one (quote the whole field and "
                          "write the quote as \"\")", sc->line);
            return;
        }
        buf_putc(&sc->r.cur, sc->text[sc->i++]);
    }
}

/* The fields of one record, up to and past its end of line; stops at the
 * first syntax error (sc->why set, in the middle of a line). */
static void scan_record(struct scan *sc)
{
    const char *t = sc->text;
    for (;;) {
        if (sc->i < sc->n && t[sc->i] == '"')
            scan_quoted(sc);
        else
            scan_plain(sc);
        if (sc->why)
            return;
        push_field(&sc->r);
        if (sc->i >= sc->n)
            return;
        if (t[sc->i] == ',') {
            sc->i++;
            if (sc->i >= sc->n) {
                push_field(&sc->r);   /* "a,b," ends with an empty field */
                return;
            }
            continue;
        }
        /* end of line: "\n", "\r\n", or a "\r" that ends the text */
        if (t[sc->i] == '\r')
            sc->i++;
        if (sc->i < sc->n && t[sc->i] == '\n')
            sc->i++;
        sc->line++;
        return;
    }
}

/* A control character or bytes that are not UTF-8 in the record read. */
static void check_record(struct scan *sc, size_t rec_start, int start_line)
{
    const char *t = sc->text;
    sc->why = control_char(t, rec_start, sc->i, start_line, &sc->why_line);
    size_t bad_off;
    if (!sc->why && !utf8_valid(t + rec_start, sc->i - rec_start, &bad_off)) {
        int l = start_line;
        for (size_t k = rec_start; k < rec_start + bad_off; k++)
            l += t[k] == '\n';
        scan_fail(sc, "the text is not valid UTF-8 (save the file as UTF-8)", l);
    }
}

/* After a syntax error: on at the start of the next line. */
static void skip_line(struct scan *sc)
{
    while (sc->i < sc->n && sc->text[sc->i] != '\n')
        sc->i++;
    if (sc->i < sc->n) {
        sc->i++;
        sc->line++;
    }
}

static int parse_from(const char *text, size_t n, int line, const struct doc_csv_cb *cb)
{
    struct scan sc = {.text = text, .n = n, .line = line};
    buf_init(&sc.r.cur);
    int bad = 0;
    while (sc.i < n) {
        int start_line = sc.line;
        size_t rec_start = sc.i;
        sc.why = NULL;
        scan_record(&sc);
        bool mid_line = sc.why != NULL;   /* a syntax error stops in the middle of a line */
        if (!sc.why)
            check_record(&sc, rec_start, start_line);
        if (sc.why) {
            bad++;
            if (cb->bad)
                cb->bad(cb->arg, sc.why_line, sc.why);
            drop_fields(&sc.r);
            if (!mid_line)
                continue;
            if (sc.i >= n)
                break;
            skip_line(&sc);
            continue;
        }
        if (!blank(&sc.r) && cb->row)
            cb->row(cb->arg, start_line, sc.r.f, sc.r.n);
        drop_fields(&sc.r);
    }
    drop_fields(&sc.r);
    free(sc.r.f);
    buf_free(&sc.r.cur);
    return bad;
}

int doc_csv_parse(const char *text, size_t n, const struct doc_csv_cb *cb)
{
    size_t skip = n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return parse_from(text + skip, n - skip, 1, cb);
}

/* Scans b[*from, n) on (a quote toggles *quoted; "" inside a quoted field
 * toggles twice) and returns where the complete records end: just after the
 * last line feed outside quotes, 0 when none ends there. */
static size_t records_end(const char *b, size_t n, size_t *from, bool *quoted)
{
    size_t end = 0;
    for (size_t k = *from; k < n; k++) {
        if (b[k] == '"')
            *quoted = !*quoted;
        else if (b[k] == '\n' && !*quoted)
            end = k + 1;
    }
    *from = n;
    return end;
}

static int count_lines(const char *b, size_t n)
{
    int l = 0;
    for (const char *p = b, *q; (q = memchr(p, '\n', (size_t)(b + n - p))); p = q + 1)
        l++;
    return l;
}

int doc_csv_read(FILE *f, const struct doc_csv_cb *cb, err *e)
{
    buf b;
    buf_init(&b);
    int line = 1, bad = 0;
    bool eof = false, quoted = false, bom_checked = false;
    size_t scanned = 0;   /* b[0, scanned) is scanned and ends no record */
    while (!eof) {
        buf_reserve(&b, DOC_CSV_BLOCK);
        size_t got = fread(b.data + b.len, 1, DOC_CSV_BLOCK, f);
        if (got < DOC_CSV_BLOCK) {
            if (ferror(f)) {
                buf_free(&b);
                return err_set(e, GK_EIO, "file", "could not read the file after line %d", line);
            }
            eof = true;
        }
        b.len += got;
        if (!bom_checked && (b.len >= 3 || eof)) {
            bom_checked = true;
            if (b.len >= 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0) {
                memmove(b.data, b.data + 3, b.len - 3);
                b.len -= 3;
            }
        }
        size_t end = records_end(b.data, b.len, &scanned, &quoted);
        if (eof || (!end && b.len > DOC_CSV_RECORD_MAX))
            end = b.len;   /* the rest; past the maximum, the parser says what is wrong */
        if (!end)
            continue;
        bad += parse_from(b.data, end, line, cb);
        line += count_lines(b.data, end);
        memmove(b.data, b.data + end, b.len - end);
        b.len -= end;
        scanned = 0;   /* the rest starts a record: scanned again from its start */
        quoted = false;
    }
    buf_free(&b);
    return bad;
}
