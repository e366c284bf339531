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
static int parse_from(const char *text, size_t n, int line, const struct doc_csv_cb *cb)
{
    size_t i = 0;
    int bad = 0;
    struct rec r = {0};
    buf_init(&r.cur);
    while (i < n) {
        int start_line = line;
        size_t rec_start = i;
        const char *why = NULL;
        int why_line = 0;
        bool done = false;
        while (!done) {
            /* one field */
            if (i < n && text[i] == '"') {
                int qline = line;
                i++;
                for (;;) {
                    if (i >= n) {
                        why = "a quoted field opens here and is never closed";
                        why_line = qline;
                        break;
                    }
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            buf_putc(&r.cur, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (text[i] == '\n')
                        line++;
                    buf_putc(&r.cur, text[i++]);
                }
                if (why)
                    break;
                if (i < n && text[i] != ',' && text[i] != '\n' &&
                    !(text[i] == '\r' && (i + 1 >= n || text[i + 1] == '\n'))) {
                    why = "text after the closing quote of a field (a quote inside a quoted field is written \"\")";
                    why_line = line;
                    break;
                }
            } else {
                while (i < n && text[i] != ',' && text[i] != '\n' &&
                       !(text[i] == '\r' && (i + 1 >= n || text[i + 1] == '\n'))) {
                    if (text[i] == '"') {
                        why = "a quote inside a field that does not start with one (quote the whole field and write the quote as \"\")";
                        why_line = line;
                        break;
                    }
                    buf_putc(&r.cur, text[i++]);
                }
                if (why)
                    break;
            }
            push_field(&r);
            if (i >= n) {
                done = true;
            } else if (text[i] == ',') {
                i++;
                if (i >= n) {
                    push_field(&r);   /* "a,b," ends with an empty field */
                    done = true;
                }
            } else {   /* end of line: "\n", "\r\n", or a "\r" that ends the text */
                if (text[i] == '\r')
                    i++;
                if (i < n && text[i] == '\n')
                    i++;
                line++;
                done = true;
            }
        }
        bool mid_line = why != NULL;   /* a syntax error stops in the middle of a line */
        if (!why)
            why = control_char(text, rec_start, i, start_line, &why_line);
        if (!why) {
            size_t bad_off;
            if (!utf8_valid(text + rec_start, i - rec_start, &bad_off)) {
                int l = start_line;
                for (size_t k = rec_start; k < rec_start + bad_off; k++)
                    l += text[k] == '\n';
                why = "the text is not valid UTF-8 (save the file as UTF-8)";
                why_line = l;
            }
        }
        if (why) {
            bad++;
            if (cb->bad)
                cb->bad(cb->arg, why_line, why);
            drop_fields(&r);
            /* go on at the start of the next line */
            if (!mid_line)
                continue;
            if (i >= n)
                break;
            while (i < n && text[i] != '\n')
                i++;
            if (i < n) {
                i++;
                line++;
            }
            continue;
        }
        if (!blank(&r) && cb->row)
            cb->row(cb->arg, start_line, r.f, r.n);
        drop_fields(&r);
    }
    drop_fields(&r);
    free(r.f);
    buf_free(&r.cur);
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
